//! ECS service deployments (2024+): the history of a service's deployments, and a one-step rollback. moto has
//! neither call; `tests/aws_stub_writes.rs` covers them against a stub.

use aws_sdk_ecs::types::StopServiceDeploymentStopType;

use super::{convert, Aws};
use crate::backend::Result;
use crate::model::{arn_name, ServiceDeploymentBrief};

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
            .ecs_retried
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

// Placeholders while DescribeServiceDeployments is wired (issue #10, in progress).
pub(super) async fn describe(
    aws: &Aws,
    arns: &[String],
) -> Result<crate::backend::Described<crate::model::ServiceDeployment>> {
    let _ = (aws, arns);
    Ok(Default::default())
}

pub(super) async fn revisions(
    aws: &Aws,
    arns: &[String],
) -> Result<crate::backend::Described<crate::model::ServiceRevision>> {
    let _ = (aws, arns);
    Ok(Default::default())
}

pub(super) async fn continue_hook(
    aws: &Aws,
    arn: &str,
    hook: &str,
    action: crate::model::HookAction,
) -> Result<()> {
    let _ = (aws, arn, hook, action);
    Err(crate::backend::BackendError::Api {
        code: "NotImplemented".into(),
        message: "ContinueServiceDeployment is not wired yet".into(),
    })
}
