//! ELBv2 types -> wharf's model.

use aws_sdk_elasticloadbalancingv2::types as elb;

use super::elb_rules::{actions, condition};
use super::{opt_ts, port, s};
use crate::model::{
    Listener, ListenerRule, LoadBalancer, LoadBalancerType, Matcher, TargetGroup,
    TargetGroupHealthCheck, TargetHealth, TargetState,
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
        vpc_id: lb.vpc_id().map(str::to_string),
        availability_zones: lb
            .availability_zones()
            .iter()
            .filter_map(|z| z.zone_name())
            .map(str::to_string)
            .collect(),
        created_at: opt_ts(lb.created_time()),
        ip_address_type: lb.ip_address_type().map(|t| t.as_str().to_string()),
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
        vpc_id: tg.vpc_id().map(str::to_string),
        health_check: health_check(tg),
    }
}

fn secs(v: Option<i32>) -> u32 {
    v.and_then(|v| u32::try_from(v).ok()).unwrap_or(0)
}

fn health_check(tg: &elb::TargetGroup) -> TargetGroupHealthCheck {
    let matcher = tg
        .matcher()
        .and_then(|m| match (m.http_code(), m.grpc_code()) {
            (Some(c), _) => Some(Matcher::Http(c.to_string())),
            (None, Some(c)) => Some(Matcher::Grpc(c.to_string())),
            (None, None) => None,
        });
    TargetGroupHealthCheck {
        // Absent means on: only a lambda target group can turn it off.
        enabled: tg.health_check_enabled().unwrap_or(true),
        protocol: tg
            .health_check_protocol()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        port: s(tg.health_check_port()),
        path: tg.health_check_path().map(str::to_string),
        matcher,
        interval_seconds: secs(tg.health_check_interval_seconds()),
        timeout_seconds: secs(tg.health_check_timeout_seconds()),
        healthy_threshold: secs(tg.healthy_threshold_count()),
        unhealthy_threshold: secs(tg.unhealthy_threshold_count()),
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
    let listener = Listener {
        arn: s(l.listener_arn()),
        load_balancer_arn: s(l.load_balancer_arn()),
        port: port(l.port()),
        protocol: l
            .protocol()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        ..Listener::default()
    };
    listener.with_default_actions(actions(l.default_actions()))
}

/// DescribeRules does not repeat the listener's ARN in each rule: the caller knows it.
pub(crate) fn rule(listener_arn: &str, r: &elb::Rule) -> ListenerRule {
    let rule = ListenerRule {
        arn: s(r.rule_arn()),
        listener_arn: listener_arn.to_string(),
        priority: s(r.priority()),
        is_default: r.is_default().unwrap_or(false),
        conditions: r.conditions().iter().map(condition).collect(),
        ..ListenerRule::default()
    };
    rule.with_actions(actions(r.actions()))
}
