//! Listeners and rules on the sandbox's load balancers, and deleting listeners, load balancers and target groups
//! through wharf's `Backend` trait, refused as ELBv2 refuses it.

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError};

fn api(e: &BackendError) -> (&str, &str) {
    match e {
        BackendError::Api { code, message } => (code.as_str(), message.as_str()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn listeners_and_rules_keep_target_groups_in_use() {
    let sim = Sim::demo(4, SimClock::Manual);
    let lbs = sim.describe_load_balancers(&[]).await.expect("lbs");
    let public = lbs
        .iter()
        .find(|l| l.name == "prod-public")
        .expect("public")
        .arn
        .clone();
    let internal = lbs
        .iter()
        .find(|l| l.name == "prod-internal")
        .expect("internal")
        .arn
        .clone();
    let groups = sim.describe_target_groups(&[]).await.expect("groups");
    let tg = |name: &str| {
        groups
            .iter()
            .find(|g| g.name == name)
            .expect("tg")
            .arn
            .clone()
    };
    let listeners = sim.describe_listeners(&public).await.expect("listeners");
    // HTTP:80 for production traffic, HTTP:8080 for storefront's blue/green test traffic.
    let ports: Vec<u16> = listeners.iter().map(|l| l.port).collect();
    assert_eq!(ports, [80, 8080]);
    assert_eq!(
        listeners[1].default_target_groups,
        [tg("storefront-green-tg")]
    );
    let l = &listeners[0];
    assert_eq!((l.port, l.protocol.as_str()), (80, "HTTP"));
    assert_eq!(l.default_target_groups, [tg("web-tg")]);
    assert!(l.arn.contains(":listener/app/prod-public/"));
    let rules = sim.describe_rules(&l.arn).await.expect("rules");
    let shape: Vec<(&str, bool)> = rules
        .iter()
        .map(|r| (r.priority.as_str(), r.is_default))
        .collect();
    assert_eq!(
        shape,
        [
            ("10", false),
            ("20", false),
            ("30", false),
            ("40", false),
            ("50", false),
            ("60", false),
            ("default", true)
        ]
    );
    assert_eq!(rules[0].target_groups, [tg("api-tg")]);
    assert_eq!(rules[5].target_groups, [tg("storefront-tg")]);
    assert_eq!(rules[6].target_groups, [tg("web-tg")]);

    let e = sim.delete_target_group(&tg("api-tg")).await.unwrap_err();
    let msg = format!(
        "Target group '{}' is currently in use by a listener or a rule",
        tg("api-tg")
    );
    assert_eq!(api(&e), ("ResourceInUse", msg.as_str()));
    sim.delete_listener(&l.arn).await.expect("delete listener");
    let e = sim.describe_rules(&l.arn).await.unwrap_err();
    assert_eq!(
        api(&e),
        ("ListenerNotFound", "One or more listeners not found")
    );
    assert_eq!(
        sim.delete_listener(&l.arn)
            .await
            .map_err(|e| api(&e).0.to_string()),
        Err("ListenerNotFound".into())
    );
    sim.delete_target_group(&tg("api-tg"))
        .await
        .expect("no longer in use");
    let left = sim.describe_target_groups(&[]).await.expect("groups");
    assert!(!left.iter().any(|g| g.name == "api-tg"));
    let e = sim.describe_target_health(&tg("api-tg")).await.unwrap_err();
    assert_eq!(api(&e).0, "TargetGroupNotFound");
    let web = left.iter().find(|g| g.name == "web-tg").expect("web-tg");
    assert!(
        web.load_balancer_arns.is_empty(),
        "no listener forwards to it any more"
    );

    let e = sim.delete_target_group(&tg("ledger-tg")).await.unwrap_err();
    assert_eq!(
        api(&e).0,
        "ResourceInUse",
        "a rule of the internal listener"
    );
    sim.delete_load_balancer(&internal)
        .await
        .expect("delete lb");
    let e = sim.describe_listeners(&internal).await.unwrap_err();
    assert_eq!(api(&e).0, "LoadBalancerNotFound");
    sim.delete_load_balancer(&internal)
        .await
        .expect("deleting it again succeeds");
    let left = sim.describe_target_groups(&[]).await.expect("groups");
    let orders = left
        .iter()
        .find(|g| g.name == "orders-tg")
        .expect("its target groups stay");
    assert!(!orders.load_balancer_arns.contains(&internal));
    sim.delete_target_group(&tg("ledger-tg"))
        .await
        .expect("delete");
}
