//! What the load balancer explorer shows, converted from moto's ELBv2 answers: a load balancer's zones, VPC
//! and age; a target group's health check settings; a listener's fixed-response default action; rules with
//! path and host conditions and a weighted forward. (Paging and batching are covered against the stub,
//! `tests/aws_stub_elb_paging.rs`.)

mod support;

use aws_sdk_elasticloadbalancingv2::types as elb;
use support::moto;
use support::world::Fixture;
use wharf::backend::Backend;
use wharf::model::*;

async fn load_balancer(fx: &Fixture, name: &str, subnets: &[String]) -> (String, String) {
    let out = fx
        .elb
        .create_load_balancer()
        .name(name)
        .set_subnets(Some(subnets.to_vec()))
        .send()
        .await
        .expect("CreateLoadBalancer");
    let lb = &out.load_balancers()[0];
    (
        lb.load_balancer_arn().expect("ARN").to_string(),
        lb.vpc_id().expect("VPC").to_string(),
    )
}

/// A target group whose health check differs from ELBv2's defaults in every setting.
async fn checked_group(fx: &Fixture, name: &str, vpc: &str) -> String {
    let out = fx
        .elb
        .create_target_group()
        .name(name)
        .protocol(elb::ProtocolEnum::Http)
        .port(8080)
        .vpc_id(vpc)
        .target_type(elb::TargetTypeEnum::Ip)
        .health_check_protocol(elb::ProtocolEnum::Http)
        .health_check_port("8081")
        .health_check_path("/healthz")
        .matcher(elb::Matcher::builder().http_code("200-299").build())
        .health_check_interval_seconds(15)
        .health_check_timeout_seconds(6)
        .healthy_threshold_count(4)
        .unhealthy_threshold_count(3)
        .send()
        .await
        .expect("CreateTargetGroup");
    out.target_groups()[0]
        .target_group_arn()
        .expect("ARN")
        .to_string()
}

fn condition(field: &str, value: &str) -> elb::RuleCondition {
    let c = elb::RuleCondition::builder().field(field);
    match field {
        "path-pattern" => c.path_pattern_config(
            elb::PathPatternConditionConfig::builder()
                .values(value)
                .build(),
        ),
        _ => c.host_header_config(
            elb::HostHeaderConditionConfig::builder()
                .values(value)
                .build(),
        ),
    }
    .build()
}

fn weighted(groups: &[(&str, i32)]) -> elb::Action {
    let mut config = elb::ForwardActionConfig::builder();
    for (arn, weight) in groups {
        config = config.target_groups(
            elb::TargetGroupTuple::builder()
                .target_group_arn(*arn)
                .weight(*weight)
                .build(),
        );
    }
    elb::Action::builder()
        .r#type(elb::ActionTypeEnum::Forward)
        .forward_config(config.build())
        .build()
}

#[tokio::test]
async fn the_explorer_fields_are_converted_from_moto() {
    let fx = Fixture::new(&moto::shared().endpoint);
    let subnets = moto::shared().subnets();
    let (lb, vpc) = load_balancer(&fx, "explore", &subnets[..2]).await;
    let blue = checked_group(&fx, "explore-blue", &vpc).await;
    let green = checked_group(&fx, "explore-green", &vpc).await;
    let fixed = elb::Action::builder()
        .r#type(elb::ActionTypeEnum::FixedResponse)
        .fixed_response_config(
            elb::FixedResponseActionConfig::builder()
                .status_code("404")
                .content_type("text/plain")
                .build(),
        )
        .build();
    let listener = fx
        .elb
        .create_listener()
        .load_balancer_arn(&lb)
        .protocol(elb::ProtocolEnum::Http)
        .port(80)
        .default_actions(fixed)
        .send()
        .await
        .expect("CreateListener")
        .listeners()[0]
        .listener_arn()
        .expect("listener ARN")
        .to_string();
    fx.elb
        .create_rule()
        .listener_arn(&listener)
        .priority(10)
        .conditions(condition("path-pattern", "/api/*"))
        .conditions(condition("host-header", "api.example.com"))
        .actions(weighted(&[(&blue, 80), (&green, 20)]))
        .send()
        .await
        .expect("CreateRule");
    let expected_zones: Vec<String> = fx
        .elb
        .describe_load_balancers()
        .load_balancer_arns(&lb)
        .send()
        .await
        .expect("DescribeLoadBalancers")
        .load_balancers()[0]
        .availability_zones()
        .iter()
        .filter_map(|z| z.zone_name().map(str::to_string))
        .collect();
    let aws = fx.aws();

    let lbs = aws
        .describe_load_balancers(std::slice::from_ref(&lb))
        .await
        .expect("LB");
    let l = &lbs[0];
    assert_eq!(l.availability_zones.len(), 2, "{l:?}");
    assert_eq!(l.availability_zones, expected_zones);
    assert!(l
        .availability_zones
        .iter()
        .all(|z| z.starts_with("us-east-1")));
    assert_eq!(l.vpc_id.as_deref(), Some(vpc.as_str()));
    assert!(
        l.created_at.is_some_and(|t| t.0 > 1_600_000_000_000),
        "{l:?}"
    );
    assert_eq!(l.ip_address_type.as_deref(), Some("ipv4"));

    let groups = aws
        .describe_target_groups(std::slice::from_ref(&blue))
        .await
        .expect("TG");
    assert_eq!(groups[0].vpc_id.as_deref(), Some(vpc.as_str()));
    assert_eq!(
        groups[0].health_check,
        TargetGroupHealthCheck {
            enabled: true,
            protocol: "HTTP".into(),
            port: "8081".into(),
            path: Some("/healthz".into()),
            matcher: Some(Matcher::Http("200-299".into())),
            interval_seconds: 15,
            timeout_seconds: 6,
            healthy_threshold: 4,
            unhealthy_threshold: 3,
        }
    );

    let listeners = aws.describe_listeners(&lb).await.expect("listeners");
    assert_eq!(
        listeners[0].default_actions,
        [RuleAction::FixedResponse {
            status_code: "404".into(),
            content_type: Some("text/plain".into()),
        }]
    );
    assert!(listeners[0].default_target_groups.is_empty());
    let rules = aws.describe_rules(&listener).await.expect("rules");
    let rule = rules.iter().find(|r| r.priority == "10").expect("rule 10");
    assert_eq!(rule.conditions_text(), "path /api/*, host api.example.com");
    assert_eq!(
        rule.conditions,
        [
            RuleCondition::PathPattern(vec!["/api/*".into()]),
            RuleCondition::HostHeader(vec!["api.example.com".into()]),
        ]
    );
    assert_eq!(
        rule.actions,
        [RuleAction::Forward {
            groups: vec![
                WeightedTargetGroup {
                    arn: blue.clone(),
                    weight: Some(80)
                },
                WeightedTargetGroup {
                    arn: green.clone(),
                    weight: Some(20)
                },
            ],
            stickiness_seconds: None,
        }]
    );
    assert_eq!(rule.target_groups, [blue.clone(), green.clone()]);
    let default = rules.iter().find(|r| r.is_default).expect("default rule");
    assert_eq!(default.actions[0].text(), "fixed 404 text/plain");

    let of_lb = aws
        .describe_target_groups_of_load_balancer(&lb)
        .await
        .expect("TGs of the LB");
    let mut names: Vec<&str> = of_lb.iter().map(|g| g.name.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        ["explore-blue", "explore-green"],
        "the rule's groups"
    );
    let counts = aws.call_counts();
    assert_eq!(counts.get("DescribeTargetGroups"), Some(&2), "{counts:?}");
}
