//! ECS service deployments (2024+): the history of a service's deployments, their details and revisions, a
//! one-step rollback, and the release of a pause hook. moto 5.2.5 has none of these calls;
//! `tests/aws_stub_writes.rs` and `tests/aws_stub_deployments.rs` cover them against a stub.

use aws_sdk_ecs::types::{DeploymentLifecycleHookAction, StopServiceDeploymentStopType};

use super::{batched, convert, merge, Aws};
use crate::backend::{Described, Result};
use crate::model::{
    arn_name, HookAction, ServiceDeployment, ServiceDeploymentBrief, ServiceRevision,
};

/// ListServiceDeployments: the most a page may hold (default 20).
pub const DEPLOYMENTS_PAGE: i32 = 100;

/// A service's deployments, newest first. ListServiceDeployments is not marked paginated in the SDK's
/// model, so this follows `nextToken` itself.
pub(super) async fn list(
    aws: &Aws,
    cluster: &str,
    service: &str,
) -> Result<Vec<ServiceDeploymentBrief>> {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = aws
            .ecs
            .list_service_deployments()
            .cluster(cluster)
            .service(service)
            .max_results(DEPLOYMENTS_PAGE)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| aws.ecs_err("ListServiceDeployments", arn_name(service), e))?;
        all.extend(
            out.service_deployments()
                .iter()
                .map(convert::deployment_brief),
        );
        match out.next_token {
            // A token that comes back unchanged would loop forever: the SDK's paginators stop there too.
            Some(next) if !next.is_empty() && token.as_ref() != Some(&next) => token = Some(next),
            _ => break,
        }
    }
    // Newest first; deployments without a creation time last.
    all.sort_by_key(|d| std::cmp::Reverse(d.created_at));
    Ok(all)
}

/// StopServiceDeployment with stopType ROLLBACK: rolls a PENDING or IN_PROGRESS deployment back to the last
/// one that completed. Sent once.
pub(super) async fn roll_back(aws: &Aws, deployment_arn: &str) -> Result<()> {
    aws.ecs_write
        .stop_service_deployment()
        .service_deployment_arn(deployment_arn)
        .stop_type(StopServiceDeploymentStopType::Rollback)
        .send()
        .await
        .map_err(|e| aws.ecs_write_err("StopServiceDeployment", deployment_arn, e))?;
    Ok(())
}

/// DescribeServiceDeployments: the most ARNs a call may take.
pub const DESCRIBE_DEPLOYMENTS_BATCH: usize = 20;
/// DescribeServiceRevisions: the most ARNs a call may take.
pub const DESCRIBE_REVISIONS_BATCH: usize = 20;

/// DescribeServiceDeployments, 20 ARNs a call, answers merged in order; ARNs ECS could not describe come back
/// as failures. Polled by the service screen: sent once, like every polled read (wharf's polling paces and
/// retries it, and counts what it costs).
pub(super) async fn describe(aws: &Aws, arns: &[String]) -> Result<Described<ServiceDeployment>> {
    let parts = batched(arns, DESCRIBE_DEPLOYMENTS_BATCH, |batch| async move {
        let out = aws
            .ecs
            .describe_service_deployments()
            .set_service_deployment_arns(Some(batch))
            .send()
            .await
            .map_err(|e| aws.ecs_err("DescribeServiceDeployments", "service deployments", e))?;
        Ok(Described {
            items: out
                .service_deployments()
                .iter()
                .map(convert::service_deployment)
                .collect(),
            failures: out.failures().iter().map(convert::failure).collect(),
        })
    })
    .await?;
    Ok(merge(parts))
}

/// DescribeServiceRevisions, 20 ARNs a call: which task definition each service revision deployed.
pub(super) async fn revisions(aws: &Aws, arns: &[String]) -> Result<Described<ServiceRevision>> {
    let parts = batched(arns, DESCRIBE_REVISIONS_BATCH, |batch| async move {
        let out = aws
            .ecs
            .describe_service_revisions()
            .set_service_revision_arns(Some(batch))
            .send()
            .await
            .map_err(|e| aws.ecs_err("DescribeServiceRevisions", "service revisions", e))?;
        Ok(Described {
            items: out
                .service_revisions()
                .iter()
                .map(convert::service_revision)
                .collect(),
            failures: out.failures().iter().map(convert::failure).collect(),
        })
    })
    .await?;
    Ok(merge(parts))
}

/// ContinueServiceDeployment: releases the lifecycle hook `hook_id` holding a deployment, to go on
/// (CONTINUE) or to roll back (ROLLBACK). Sent once: a lost answer may mean it was carried out.
pub(super) async fn continue_hook(
    aws: &Aws,
    deployment_arn: &str,
    hook_id: &str,
    action: HookAction,
) -> Result<()> {
    let action = match action {
        HookAction::Continue => DeploymentLifecycleHookAction::Continue,
        HookAction::Rollback => DeploymentLifecycleHookAction::Rollback,
    };
    aws.ecs_write
        .continue_service_deployment()
        .service_deployment_arn(deployment_arn)
        .hook_id(hook_id)
        .action(action)
        .send()
        .await
        .map_err(|e| aws.ecs_write_err("ContinueServiceDeployment", arn_name(deployment_arn), e))?;
    Ok(())
}
