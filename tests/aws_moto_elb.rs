//! The AWS backend's ELBv2 reads and deletes against moto: load balancers, target groups, target health,
//! listeners and rules, and every delete seen through a fresh read. moto answers ResourceInUse for a target
//! group a listener or rule forwards to, as ELBv2 does; it ignores deletion protection (that error is covered
//! against the stub, `tests/aws_stub_writes.rs`).

mod support;

use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, ForwardActionConfig, PathPatternConditionConfig, ProtocolEnum,
    RuleCondition, TargetDescription, TargetGroupTuple, TargetTypeEnum,
};
use support::moto;
use support::world::Fixture;
use wharf::backend::{Backend, BackendError};
use wharf::model::{LoadBalancerType, TargetState};

struct Stack {
    lb: String,
    vpc: String,
    tg: String,
    listener: String,
}

async fn target_group(fx: &Fixture, name: &str, vpc: &str) -> String {
    let tg = fx
        .elb
        .create_target_group()
        .name(name)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .vpc_id(vpc)
        .target_type(TargetTypeEnum::Ip)
        .health_check_path("/health")
        .send()
        .await
        .expect("CreateTargetGroup");
    tg.target_groups()[0]
        .target_group_arn()
        .expect("TG ARN")
        .to_string()
}

async fn stack(fx: &Fixture, name: &str) -> Stack {
    let subnets = moto::shared().subnets();
    assert!(
        subnets.len() >= 2,
        "moto's default VPC has subnets: {subnets:?}"
    );
    let lb = fx
        .elb
        .create_load_balancer()
        .name(name)
        .set_subnets(Some(subnets[..2].to_vec()))
        .send()
        .await
        .expect("CreateLoadBalancer");
    let lb = lb.load_balancers()[0]
        .load_balancer_arn()
        .expect("LB ARN")
        .to_string();
    let vpc = fx
        .elb
        .describe_load_balancers()
        .load_balancer_arns(&lb)
        .send()
        .await
        .expect("DescribeLoadBalancers")
        .load_balancers()[0]
        .vpc_id()
        .expect("vpc")
        .to_string();
    let tg = target_group(fx, &format!("{name}-tg"), &vpc).await;
    let listener = fx
        .elb
        .create_listener()
        .load_balancer_arn(&lb)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(
            Action::builder()
                .r#type(ActionTypeEnum::Forward)
                .target_group_arn(&tg)
                .build(),
        )
        .send()
        .await
        .expect("CreateListener");
    let listener = listener.listeners()[0]
        .listener_arn()
        .expect("listener ARN")
        .to_string();
    Stack {
        lb,
        vpc,
        tg,
        listener,
    }
}

#[tokio::test]
async fn load_balancers_target_groups_and_health_are_read() {
    let fx = Fixture::new(&moto::shared().endpoint);
    let s = stack(&fx, "reads").await;
    for ip in ["10.0.0.10", "10.0.0.11"] {
        fx.elb
            .register_targets()
            .target_group_arn(&s.tg)
            .targets(TargetDescription::builder().id(ip).port(8080).build())
            .send()
            .await
            .expect("RegisterTargets");
    }
    let aws = fx.aws();

    let lbs = aws
        .describe_load_balancers(std::slice::from_ref(&s.lb))
        .await
        .expect("LBs");
    assert_eq!(lbs.len(), 1);
    assert_eq!(lbs[0].name, "reads");
    assert_eq!(lbs[0].kind, LoadBalancerType::Application);
    assert!(!lbs[0].dns_name.is_empty());
    let all = aws.describe_load_balancers(&[]).await.expect("all LBs");
    assert!(all.iter().any(|l| l.arn == s.lb));

    let tgs = aws
        .describe_target_groups(std::slice::from_ref(&s.tg))
        .await
        .expect("TGs");
    assert_eq!(tgs.len(), 1);
    assert_eq!(tgs[0].name, "reads-tg");
    assert_eq!(tgs[0].port, 80);
    assert_eq!(tgs[0].protocol, "HTTP");
    assert_eq!(tgs[0].target_type, "ip");
    assert_eq!(tgs[0].health_check.path.as_deref(), Some("/health"));
    assert_eq!(tgs[0].load_balancer_arns, vec![s.lb.clone()]);

    let mut health = aws.describe_target_health(&s.tg).await.expect("health");
    health.sort_by(|a, b| a.target_id.cmp(&b.target_id));
    assert_eq!(health.len(), 2);
    assert_eq!(health[0].target_id, "10.0.0.10");
    assert_eq!(health[0].port, 8080);
    assert_eq!(health[0].state, TargetState::Healthy);

    let counts = aws.call_counts();
    assert_eq!(counts.get("DescribeLoadBalancers"), Some(&2), "{counts:?}");
    assert_eq!(counts.get("DescribeTargetGroups"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("DescribeTargetHealth"), Some(&1), "{counts:?}");
}

#[tokio::test]
async fn elb_deletes_are_seen_by_a_fresh_read() {
    let fx = Fixture::new(&moto::shared().endpoint);
    let s = stack(&fx, "deletes").await;
    let aws = fx.aws();

    aws.delete_listener(&s.listener)
        .await
        .expect("DeleteListener");
    let listeners = fx
        .elb
        .describe_listeners()
        .load_balancer_arn(&s.lb)
        .send()
        .await
        .expect("DescribeListeners");
    assert!(listeners.listeners().is_empty(), "{listeners:?}");

    aws.delete_load_balancer(&s.lb)
        .await
        .expect("DeleteLoadBalancer");
    let fresh = fx.aws();
    let lbs = fresh.describe_load_balancers(&[]).await.expect("LBs");
    assert!(lbs.iter().all(|l| l.arn != s.lb), "{lbs:?}");

    aws.delete_target_group(&s.tg)
        .await
        .expect("DeleteTargetGroup");
    let tgs = fresh.describe_target_groups(&[]).await.expect("TGs");
    assert!(tgs.iter().all(|t| t.arn != s.tg), "{tgs:?}");

    let err = fresh.describe_target_health(&s.tg).await.expect_err("gone");
    assert!(
        matches!(err, wharf::backend::BackendError::NotFound { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("target group deletes-tg"),
        "{err}"
    );
}

/// A rule that forwards `/api/*` to two target groups by weight (ForwardConfig, no TargetGroupArn).
async fn weighted_rule(fx: &Fixture, listener: &str, tgs: [&str; 2]) -> String {
    let config = ForwardActionConfig::builder()
        .target_groups(
            TargetGroupTuple::builder()
                .target_group_arn(tgs[0])
                .weight(1)
                .build(),
        )
        .target_groups(
            TargetGroupTuple::builder()
                .target_group_arn(tgs[1])
                .weight(3)
                .build(),
        )
        .build();
    let out = fx
        .elb
        .create_rule()
        .listener_arn(listener)
        .priority(10)
        .conditions(
            RuleCondition::builder()
                .field("path-pattern")
                .path_pattern_config(
                    PathPatternConditionConfig::builder()
                        .values("/api/*")
                        .build(),
                )
                .build(),
        )
        .actions(
            Action::builder()
                .r#type(ActionTypeEnum::Forward)
                .forward_config(config)
                .build(),
        )
        .send()
        .await
        .expect("CreateRule");
    out.rules()[0].rule_arn().expect("rule ARN").to_string()
}

#[tokio::test]
async fn listeners_and_rules_are_read_and_a_target_group_in_use_stays() {
    let fx = Fixture::new(&moto::shared().endpoint);
    let s = stack(&fx, "rules").await;
    let blue = target_group(&fx, "rules-blue", &s.vpc).await;
    let green = target_group(&fx, "rules-green", &s.vpc).await;
    let rule = weighted_rule(&fx, &s.listener, [&blue, &green]).await;
    let aws = fx.aws();

    let listeners = aws.describe_listeners(&s.lb).await.expect("listeners");
    assert_eq!(listeners.len(), 1, "{listeners:?}");
    assert_eq!(listeners[0].arn, s.listener);
    assert_eq!(listeners[0].load_balancer_arn, s.lb);
    assert_eq!(listeners[0].port, 80);
    assert_eq!(listeners[0].protocol, "HTTP");
    assert_eq!(listeners[0].default_target_groups, vec![s.tg.clone()]);
    let rules = aws.describe_rules(&s.listener).await.expect("rules");
    assert_eq!(rules.len(), 2, "the default rule too: {rules:?}");
    let api = rules.iter().find(|r| r.arn == rule).expect("the /api rule");
    assert_eq!(api.priority, "10");
    assert!(!api.is_default);
    assert_eq!(api.listener_arn, s.listener);
    assert_eq!(api.target_groups, vec![blue.clone(), green.clone()]);
    let default = rules.iter().find(|r| r.is_default).expect("default rule");
    assert_eq!(default.target_groups, vec![s.tg.clone()]);
    let counts = aws.call_counts();
    assert_eq!(counts.get("DescribeListeners"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("DescribeRules"), Some(&1), "{counts:?}");

    let err = aws
        .delete_target_group(&green)
        .await
        .expect_err("a rule forwards to it");
    let BackendError::Api { code, message } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(code, "ResourceInUse");
    assert!(
        message.contains(&format!(
            "'{green}' is currently in use by a listener or a rule"
        )),
        "{message}"
    );
    assert!(
        message.ends_with("Delete the listener or rule that forwards to it first (or its load balancer), then delete the target group."),
        "{message}"
    );
    let fresh = fx.aws();
    let tgs = fresh.describe_target_groups(&[]).await.expect("TGs");
    assert!(tgs.iter().any(|t| t.arn == green), "still there: {tgs:?}");

    aws.delete_listener(&s.listener)
        .await
        .expect("DeleteListener");
    aws.delete_target_group(&green)
        .await
        .expect("nothing forwards to it now");
    let fresh = fx.aws();
    let listeners = fresh.describe_listeners(&s.lb).await.expect("listeners");
    assert!(listeners.is_empty(), "{listeners:?}");
    let tgs = fresh.describe_target_groups(&[]).await.expect("TGs");
    assert!(tgs.iter().all(|t| t.arn != green), "{tgs:?}");
    assert!(tgs.iter().any(|t| t.arn == blue), "{tgs:?}");
    let counts = aws.call_counts();
    assert_eq!(counts.get("DeleteTargetGroup"), Some(&2), "{counts:?}");
    assert_eq!(counts.get("DeleteListener"), Some(&1), "{counts:?}");
}
