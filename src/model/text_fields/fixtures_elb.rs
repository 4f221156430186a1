//! Filled values of the ELB, deployment and logs model types (see `fixtures`).

use super::super::*;
use super::fixtures::{s, some, AT};

pub(super) fn load_balancers() -> Vec<LoadBalancer> {
    vec![LoadBalancer {
        arn: s(),
        name: s(),
        kind: LoadBalancerType::Application,
        scheme: s(),
        dns_name: s(),
        state: s(),
        vpc_id: some(),
        availability_zones: vec![s()],
        created_at: Some(AT),
        ip_address_type: some(),
    }]
}

pub(super) fn target_groups() -> Vec<TargetGroup> {
    let group = |matcher| TargetGroup {
        arn: s(),
        name: s(),
        protocol: s(),
        port: 1,
        target_type: s(),
        load_balancer_arns: vec![s()],
        vpc_id: some(),
        health_check: TargetGroupHealthCheck {
            enabled: true,
            protocol: s(),
            port: s(),
            path: some(),
            matcher: Some(matcher),
            interval_seconds: 1,
            timeout_seconds: 1,
            healthy_threshold: 1,
            unhealthy_threshold: 1,
        },
    };
    vec![group(Matcher::Http(s())), group(Matcher::Grpc(s()))]
}

pub(super) fn targets() -> Vec<TargetHealth> {
    vec![TargetHealth {
        target_id: s(),
        port: 1,
        availability_zone: some(),
        state: TargetState::Unhealthy,
        reason: some(),
        description: some(),
    }]
}

pub(super) fn actions() -> Vec<RuleAction> {
    vec![
        RuleAction::Forward {
            groups: vec![WeightedTargetGroup {
                arn: s(),
                weight: Some(1),
            }],
            stickiness_seconds: Some(1),
        },
        RuleAction::FixedResponse {
            status_code: s(),
            content_type: some(),
        },
        RuleAction::Redirect { to: s() },
        RuleAction::Authenticate { kind: s() },
        RuleAction::Other(s()),
    ]
}

pub(super) fn listeners() -> Vec<Listener> {
    vec![Listener {
        arn: s(),
        load_balancer_arn: s(),
        port: 1,
        protocol: s(),
        default_target_groups: vec![s()],
        default_actions: actions(),
    }]
}

pub(super) fn rules() -> Vec<ListenerRule> {
    vec![ListenerRule {
        arn: s(),
        listener_arn: s(),
        priority: s(),
        is_default: false,
        target_groups: vec![s()],
        conditions: vec![
            RuleCondition::PathPattern(vec![s()]),
            RuleCondition::HostHeader(vec![s()]),
            RuleCondition::HttpHeader {
                name: s(),
                values: vec![s()],
            },
            RuleCondition::HttpRequestMethod(vec![s()]),
            RuleCondition::QueryString(vec![QueryPair {
                key: some(),
                value: s(),
            }]),
            RuleCondition::SourceIp(vec![s()]),
            RuleCondition::Other {
                field: s(),
                values: vec![s()],
            },
        ],
        actions: actions(),
    }]
}

pub(super) fn side() -> RevisionSide {
    RevisionSide {
        service_revision_arn: s(),
        task_definition: s(),
        requested_tasks: 1,
        running_tasks: 1,
        pending_tasks: 1,
        production_weight: Some(1.0),
        test_weight: Some(1.0),
    }
}

pub(super) fn service_deployments() -> Vec<ServiceDeployment> {
    vec![ServiceDeployment {
        arn: s(),
        status: ServiceDeploymentStatus::Other(s()),
        status_reason: s(),
        sources: vec![side()],
        target: side(),
        strategy: Strategy::BlueGreen,
        lifecycle_stage: s(),
        hooks: vec![LifecycleHook {
            hook_id: s(),
            target_type: s(),
            status: s(),
            expires_at: Some(AT),
            timeout_action: s(),
        }],
        rollback_reason: some(),
        breaker: Some(BreakerStatus {
            status: s(),
            failure_count: 1,
            threshold: 1,
        }),
        bake_time_minutes: Some(1),
        created_at: Some(AT),
        started_at: Some(AT),
        finished_at: Some(AT),
        stopped_at: Some(AT),
        updated_at: Some(AT),
    }]
}

pub(super) fn logs() -> LogPage {
    LogPage {
        events: vec![LogEvent {
            at: AT,
            ingested: Some(AT),
            message: s(),
            stream: s(),
            id: some(),
        }],
        next_token: some(),
        previous_token: some(),
    }
}
