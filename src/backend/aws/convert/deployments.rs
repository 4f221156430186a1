//! The 2024+ deployments API -> wharf's model: ListServiceDeployments' briefs, DescribeServiceDeployments'
//! records (revisions, traffic weights, lifecycle stage and hooks, rollback, circuit breaker) and
//! DescribeServiceRevisions' task definitions.

use aws_sdk_ecs::types as ecs;

use super::{opt_ts, s, strategy, u};
use crate::model::{
    BreakerStatus, LifecycleHook, RevisionSide, ServiceDeployment, ServiceDeploymentBrief,
    ServiceDeploymentStatus, ServiceRevision, Strategy,
};

/// One line of ListServiceDeployments.
pub(crate) fn deployment_brief(d: &ecs::ServiceDeploymentBrief) -> ServiceDeploymentBrief {
    ServiceDeploymentBrief {
        arn: s(d.service_deployment_arn()),
        status: d
            .status()
            .map(|st| st.as_str().to_string())
            .unwrap_or_default(),
        created_at: opt_ts(d.created_at()),
    }
}

/// One record of DescribeServiceDeployments. The sides' task definitions stay empty: only
/// DescribeServiceRevisions tells them.
pub(crate) fn service_deployment(d: &ecs::ServiceDeployment) -> ServiceDeployment {
    let config = d.deployment_configuration();
    ServiceDeployment {
        arn: s(d.service_deployment_arn()),
        // A status ECS did not send reads as empty rather than as some status it never claimed.
        status: ServiceDeploymentStatus::parse(d.status().map_or("", |st| st.as_str())),
        status_reason: s(d.status_reason()),
        sources: d
            .source_service_revisions()
            .iter()
            .map(revision_side)
            .collect(),
        target: d
            .target_service_revision()
            .map(revision_side)
            .unwrap_or_default(),
        strategy: config.map(strategy).unwrap_or(Strategy::Rolling),
        lifecycle_stage: d
            .lifecycle_stage()
            .map(|st| st.as_str().to_string())
            .unwrap_or_default(),
        hooks: d.lifecycle_hook_details().iter().map(hook).collect(),
        rollback_reason: d.rollback().and_then(|r| r.reason()).map(str::to_string),
        breaker: d.deployment_circuit_breaker().map(|b| BreakerStatus {
            status: b
                .status()
                .map(|st| st.as_str().to_string())
                .unwrap_or_default(),
            failure_count: u(b.failure_count()),
            threshold: u(b.threshold()),
        }),
        bake_time_minutes: config.and_then(|c| c.bake_time_in_minutes()).map(u),
        created_at: opt_ts(d.created_at()),
        started_at: opt_ts(d.started_at()),
        finished_at: opt_ts(d.finished_at()),
        stopped_at: opt_ts(d.stopped_at()),
        updated_at: opt_ts(d.updated_at()),
    }
}

fn revision_side(r: &ecs::ServiceRevisionSummary) -> RevisionSide {
    RevisionSide {
        service_revision_arn: s(r.arn()),
        task_definition: String::new(),
        requested_tasks: u(r.requested_task_count()),
        running_tasks: u(r.running_task_count()),
        pending_tasks: u(r.pending_task_count()),
        production_weight: r.requested_production_traffic_weight(),
        test_weight: r.requested_test_traffic_weight(),
    }
}

fn hook(h: &ecs::DeploymentLifecycleHookDetail) -> LifecycleHook {
    LifecycleHook {
        hook_id: s(h.hook_id()),
        target_type: h
            .target_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        status: h
            .status()
            .map(|st| st.as_str().to_string())
            .unwrap_or_default(),
        expires_at: opt_ts(h.expires_at()),
        timeout_action: h
            .timeout_action()
            .map(|a| a.as_str().to_string())
            .unwrap_or_default(),
    }
}

/// One record of DescribeServiceRevisions: which task definition that revision deployed.
pub(crate) fn service_revision(r: &ecs::ServiceRevision) -> ServiceRevision {
    ServiceRevision {
        arn: s(r.service_revision_arn()),
        task_definition: s(r.task_definition()),
    }
}
