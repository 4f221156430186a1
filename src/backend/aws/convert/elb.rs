//! ELBv2 types -> wharf's model.

use aws_sdk_elasticloadbalancingv2::types as elb;

use super::{port, s};
use crate::model::{
    Listener, ListenerRule, LoadBalancer, LoadBalancerType, TargetGroup, TargetHealth, TargetState,
};

pub(crate) fn load_balancer(lb: &elb::LoadBalancer) -> LoadBalancer {
    LoadBalancer {
        arn: s(lb.load_balancer_arn()),
        name: s(lb.load_balancer_name()),
        kind: match lb.r#type() {
            Some(elb::LoadBalancerTypeEnum::Network) => LoadBalancerType::Network,
            _ => LoadBalancerType::Application,
        },
        scheme: lb
            .scheme()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        dns_name: s(lb.dns_name()),
        state: lb
            .state()
            .and_then(|st| st.code())
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
    }
}

pub(crate) fn target_group(tg: &elb::TargetGroup) -> TargetGroup {
    TargetGroup {
        arn: s(tg.target_group_arn()),
        name: s(tg.target_group_name()),
        protocol: tg
            .protocol()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        port: port(tg.port()),
        target_type: tg
            .target_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        load_balancer_arns: tg.load_balancer_arns().to_vec(),
        health_check_path: tg.health_check_path().map(str::to_string),
    }
}

pub(crate) fn target_health(d: &elb::TargetHealthDescription) -> TargetHealth {
    let target = d.target();
    let health = d.target_health();
    TargetHealth {
        target_id: s(target.and_then(|t| t.id())),
        port: port(target.and_then(|t| t.port())),
        availability_zone: target
            .and_then(|t| t.availability_zone())
            .map(str::to_string),
        state: health
            .and_then(|h| h.state())
            .and_then(|st| TargetState::parse(st.as_str()))
            .unwrap_or_default(),
        reason: health
            .and_then(|h| h.reason())
            .map(|r| r.as_str().to_string()),
        description: health.and_then(|h| h.description()).map(str::to_string),
    }
}

pub(crate) fn listener(l: &elb::Listener) -> Listener {
    Listener {
        arn: s(l.listener_arn()),
        load_balancer_arn: s(l.load_balancer_arn()),
        port: port(l.port()),
        protocol: l
            .protocol()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        default_target_groups: forwards_to(l.default_actions()),
    }
}

/// DescribeRules does not repeat the listener's ARN in each rule: the caller knows it.
pub(crate) fn rule(listener_arn: &str, r: &elb::Rule) -> ListenerRule {
    ListenerRule {
        arn: s(r.rule_arn()),
        listener_arn: listener_arn.to_string(),
        priority: s(r.priority()),
        is_default: r.is_default().unwrap_or(false),
        target_groups: forwards_to(r.actions()),
    }
}

/// The target groups a list of actions forwards to, each once, in order: a forward action names one in
/// `TargetGroupArn`, several (weighted) in `ForwardConfig.TargetGroups`, or the same one in both.
fn forwards_to(actions: &[elb::Action]) -> Vec<String> {
    let mut arns: Vec<String> = Vec::new();
    for action in actions {
        let single = action.target_group_arn().into_iter();
        let weighted = action
            .forward_config()
            .into_iter()
            .flat_map(|f| f.target_groups())
            .filter_map(|t| t.target_group_arn());
        for arn in single.chain(weighted) {
            if !arn.is_empty() && !arns.iter().any(|a| a == arn) {
                arns.push(arn.to_string());
            }
        }
    }
    arns
}
