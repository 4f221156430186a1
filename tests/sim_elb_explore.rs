//! What the load balancer explorer reads from the sandbox's demo region: load balancers with their zones, VPC
//! and age; listeners and rules with conditions and actions; target groups with health check settings;
//! targets with their zones; and storefront's rules reporting the live weights of its blue/green shift.

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError};
use wharf::model::*;

const F: &str = "prod-fargate";

fn code(e: &BackendError) -> &str {
    match e {
        BackendError::Api { code, .. } => code,
        other => panic!("expected an API error, got {other:?}"),
    }
}

struct Demo {
    sim: Sim,
    lbs: Vec<LoadBalancer>,
    groups: Vec<TargetGroup>,
}

impl Demo {
    async fn new(seed: u64) -> Demo {
        let sim = Sim::demo(seed, SimClock::Manual);
        let lbs = sim.describe_load_balancers(&[]).await.expect("lbs");
        let groups = sim.describe_target_groups(&[]).await.expect("groups");
        Demo { sim, lbs, groups }
    }

    fn lb(&self, name: &str) -> String {
        self.lbs
            .iter()
            .find(|l| l.name == name)
            .expect(name)
            .arn
            .clone()
    }

    fn group(&self, name: &str) -> &TargetGroup {
        self.groups.iter().find(|g| g.name == name).expect(name)
    }

    fn tg(&self, name: &str) -> String {
        self.group(name).arn.clone()
    }

    async fn listener(&self, lb: &str, port: u16) -> Listener {
        let all = self
            .sim
            .describe_listeners(&self.lb(lb))
            .await
            .expect("listeners");
        all.into_iter().find(|l| l.port == port).expect("port")
    }

    async fn rules(&self, lb: &str, port: u16) -> Vec<ListenerRule> {
        let l = self.listener(lb, port).await;
        self.sim.describe_rules(&l.arn).await.expect("rules")
    }
}

#[tokio::test]
async fn load_balancers_and_target_groups_say_where_they_are() {
    let d = Demo::new(4).await;
    assert_eq!(d.lbs.len(), 2);
    for lb in &d.lbs {
        assert_eq!(lb.availability_zones, AZS, "{}", lb.name);
        assert!(lb.vpc_id.as_deref().is_some_and(|v| v.starts_with("vpc-")));
        assert_eq!(lb.created_at, Some(MANUAL_START), "made as the demo starts");
        assert_eq!(lb.ip_address_type.as_deref(), Some("ipv4"));
    }
    assert!(d.groups.iter().all(|g| g.vpc_id == d.lbs[0].vpc_id));

    let web = d
        .sim
        .describe_target_health(&d.tg("web-tg"))
        .await
        .expect("web");
    let zones: std::collections::BTreeSet<&str> = web
        .iter()
        .map(|t| {
            t.availability_zone
                .as_deref()
                .expect("every target has a zone")
        })
        .collect();
    assert!(zones.len() > 1, "spread over zones: {zones:?}");
    assert!(zones.iter().all(|z| AZS.contains(z)));
}

#[tokio::test]
async fn target_groups_carry_their_health_check_settings() {
    let d = Demo::new(4).await;
    let web = &d.group("web-tg").health_check;
    assert_eq!(
        *web,
        TargetGroupHealthCheck {
            enabled: true,
            protocol: "HTTP".into(),
            port: "traffic-port".into(),
            path: Some("/".into()),
            matcher: Some(Matcher::Http("200-399".into())),
            interval_seconds: 10,
            timeout_seconds: 5,
            healthy_threshold: 2,
            unhealthy_threshold: 2,
        }
    );
    let hc = |name: &str| d.group(name).health_check.clone();
    assert_eq!(
        (
            hc("search-tg").interval_seconds,
            hc("search-tg").timeout_seconds
        ),
        (5, 3)
    );
    assert_eq!(
        (
            hc("payments-tg").interval_seconds,
            hc("payments-tg").timeout_seconds
        ),
        (15, 6)
    );
    assert_eq!(hc("orders-tg").path.as_deref(), Some("/ping"));
    assert_eq!(hc("api-tg").matcher, Some(Matcher::Http("200-299".into())));
    assert_eq!(hc("storefront-tg").path.as_deref(), Some("/health"));
    for g in &d.groups {
        let h = &g.health_check;
        assert!(
            h.timeout_seconds < h.interval_seconds,
            "as ELBv2 requires: {}",
            g.name
        );
    }
    assert_eq!(
        hc("web-tg").text(),
        "HTTP / 200-399 every 10s, timeout 5s, healthy after 2, unhealthy after 2"
    );

    let internal = d
        .sim
        .describe_target_groups_of_load_balancer(&d.lb("prod-internal"))
        .await
        .expect("internal");
    let mut names: Vec<&str> = internal.iter().map(|g| g.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["ledger-tg", "orders-tg"]);
    let public = d
        .sim
        .describe_target_groups_of_load_balancer(&d.lb("prod-public"))
        .await
        .expect("public");
    assert_eq!(public.len(), d.groups.len() - 2);
    let e = d
        .sim
        .describe_target_groups_of_load_balancer("arn:nope")
        .await
        .unwrap_err();
    assert_eq!(code(&e), "LoadBalancerNotFound");
}

#[tokio::test]
async fn rules_carry_their_conditions_and_actions() {
    let d = Demo::new(4).await;
    let public = d.listener("prod-public", 80).await;
    assert_eq!(
        public.default_actions,
        [RuleAction::forward_to(&d.tg("web-tg"))]
    );
    let rules = d.rules("prod-public", 80).await;
    let conditions: Vec<String> = rules.iter().map(ListenerRule::conditions_text).collect();
    assert_eq!(
        conditions,
        [
            "path /api/*",
            "path /checkout/*",
            "path /payments/*",
            "path /search/*",
            "path /recommendations/*",
            "host shop.example.com",
            "default"
        ]
    );
    assert_eq!(rules[0].actions, [RuleAction::forward_to(&d.tg("api-tg"))]);
    assert_eq!(rules[0].target_groups, [d.tg("api-tg")]);

    let rules = d.rules("prod-internal", 80).await;
    let shape: Vec<(&str, String, Vec<String>)> = rules
        .iter()
        .map(|r| {
            (
                r.priority.as_str(),
                r.conditions_text(),
                r.actions.iter().map(RuleAction::text).collect(),
            )
        })
        .collect();
    let s = |v: &str| vec![v.to_string()];
    assert_eq!(
        shape,
        [
            (
                "5",
                String::from("path /healthz, method GET or HEAD"),
                s("fixed 200 text/plain")
            ),
            (
                "10",
                String::from("path /ledger/*, source 10.0.0.0/16"),
                s("forward ledger-tg")
            ),
            (
                "20",
                String::from("header X-Tenant is eu-*, query region=eu"),
                s("forward orders-tg")
            ),
            ("default", String::from("default"), s("forward orders-tg")),
        ]
    );
    assert!(
        rules[0].target_groups.is_empty(),
        "a fixed response forwards nowhere"
    );
    assert_eq!(rules[2].target_groups, [d.tg("orders-tg")]);
    assert!(rules[2].arn.contains(":listener-rule/app/prod-internal/"));
}

async fn storefront_deployment(sim: &Sim) -> ServiceDeployment {
    let list = sim
        .list_service_deployments(F, "storefront")
        .await
        .expect("list");
    let d = sim
        .describe_service_deployments(&[list[0].arn.clone()])
        .await
        .expect("describe");
    d.items.into_iter().next().expect("newest")
}

/// (storefront-tg's weight, storefront-green-tg's) in a forward action.
fn weights(action: &RuleAction, blue: &str, green: &str) -> (Option<u32>, Option<u32>) {
    let RuleAction::Forward { groups, .. } = action else {
        panic!("a forward: {action:?}");
    };
    let of = |arn: &str| groups.iter().find(|g| g.arn == arn).and_then(|g| g.weight);
    (of(blue), of(green))
}

#[tokio::test]
async fn storefront_rules_report_the_live_weights_of_its_blue_green_shift() {
    let d = Demo::new(1).await;
    let (blue, green) = (d.tg("storefront-tg"), d.tg("storefront-green-tg"));
    d.sim.advance(1_000);
    let production = || async { d.rules("prod-public", 80).await[5].clone() };
    let rule = production().await;
    assert_eq!(
        weights(&rule.actions[0], &blue, &green),
        (Some(100), Some(0))
    );
    assert_eq!(
        rule.target_groups,
        [blue.as_str()],
        "only blue gets traffic"
    );
    assert_eq!(
        rule.actions[0].text(),
        "forward storefront-tg 100% storefront-green-tg 0%"
    );

    let mut hook = None;
    for _ in 0..180 {
        d.sim.advance(1_000);
        let s = storefront_deployment(&d.sim).await;
        if let Some(h) = s.awaiting_hook() {
            hook = Some((s.arn.clone(), h.hook_id.clone()));
            break;
        }
    }
    let (arn, hook) = hook.expect("storefront waits at its pause hook");
    let test = d.listener("prod-public", 8080).await;
    assert_eq!(
        weights(&test.default_actions[0], &blue, &green),
        (Some(0), Some(100))
    );
    assert_eq!(
        test.default_target_groups,
        [green.as_str()],
        "test traffic moved first"
    );
    let rule = production().await;
    assert_eq!(
        weights(&rule.actions[0], &blue, &green),
        (Some(100), Some(0))
    );

    d.sim
        .continue_service_deployment(&arn, &hook, HookAction::Continue)
        .await
        .expect("approve");
    let mut shifted = false;
    for _ in 0..300 {
        d.sim.advance(1_000);
        let rule = production().await;
        if weights(&rule.actions[0], &blue, &green) == (Some(0), Some(100)) {
            assert_eq!(rule.target_groups, [green.as_str()]);
            assert_eq!(rule.actions[0].share(&green), Some(100.0));
            shifted = true;
            break;
        }
        assert_eq!(
            weights(&rule.actions[0], &blue, &green),
            (Some(100), Some(0)),
            "blue/green moves production traffic at once"
        );
    }
    assert!(shifted, "production traffic moves to green after approval");
    let e = d.sim.delete_target_group(&blue).await.unwrap_err();
    assert_eq!(code(&e), "ResourceInUse", "a weight of 0 still names it");
}
