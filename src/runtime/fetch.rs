//! Runs one `Fetch` against the backend and counts the API calls it made (pages and batches), so that the
//! budget is charged what AWS was asked.

use crate::app::{Fetch, Payload, Resource, ServiceKey, REVISIONS_SHOWN};
use crate::backend::{Backend, BackendError, Described, Result};
use crate::model::{
    arn_name, MetricId, MetricKind, MetricOwner, MetricRange, RevisionStatus, ServiceDeployment,
    Task, TaskDefinition,
};

/// ECS's page and batch sizes, for counting calls.
const LIST_PAGE: usize = 100;
const CLUSTERS_PER_DESCRIBE: usize = 100;
/// DescribeServiceDeployments and DescribeServiceRevisions take at most 20 ARNs.
const PER_DEPLOYMENT_DESCRIBE: usize = 20;
/// The deployments wharf shows of a service: one describe call's worth.
pub const DEPLOYMENTS_SHOWN: usize = 20;

use super::task_reads::running_and_stopped;
/// The answer and the calls made (when it failed part way, those made until then, at least one).
pub use super::task_reads::Parts;

pub async fn fetch(
    backend: &dyn Backend,
    fetch: &Fetch,
    parts: Option<&Parts<'_>>,
) -> (Result<Payload>, u32) {
    let mut calls = Calls(0);
    let result = run(backend, fetch, &mut calls, parts).await;
    (result, calls.0.max(1))
}

pub(super) struct Calls(pub(super) u32);

impl Calls {
    /// A list of `n` items took this many pages (one at least).
    fn list(&mut self, n: usize) {
        self.0 += n.div_ceil(LIST_PAGE).max(1) as u32;
    }

    fn batches(&mut self, n: usize, per_call: usize) {
        self.0 += n.div_ceil(per_call) as u32;
    }
}

async fn run(
    backend: &dyn Backend,
    fetch: &Fetch,
    calls: &mut Calls,
    parts: Option<&Parts<'_>>,
) -> Result<Payload> {
    match fetch {
        Fetch::ServicePage { cluster_arn, token } => {
            calls.0 += 1;
            let page = backend
                .list_services_page(cluster_arn, token.as_deref())
                .await?;
            Ok(Payload::ServicePage {
                arns: page.arns,
                next: page.next,
            })
        }
        Fetch::Services { cluster_arn, arns } => {
            calls.batches(arns.len(), crate::app::resource::SERVICES_PER_CALL);
            Ok(Payload::Services(
                backend.describe_services(cluster_arn, arns).await?,
            ))
        }
        Fetch::One(resource) => whole(backend, resource, calls, parts).await,
        Fetch::ServiceLoads { cluster_arn, names } => {
            service_loads(backend, cluster_arn, names, calls).await
        }
    }
}

/// The CPU and memory of `names` over the last hour, many services to a GetMetricData call.
async fn service_loads(
    backend: &dyn Backend,
    cluster_arn: &str,
    names: &[String],
    calls: &mut Calls,
) -> Result<Payload> {
    let metrics: Vec<MetricId> = names
        .iter()
        .flat_map(|name| {
            MetricKind::SERVICE.map(|kind| MetricId {
                owner: MetricOwner::service(cluster_arn, name),
                kind,
            })
        })
        .collect();
    calls.batches(metrics.len(), crate::backend::METRICS_PER_CALL);
    let series = backend
        .get_metric_data(&metrics, MetricRange::Hour, backend.now())
        .await?;
    Ok(Payload::ServiceLoads(series))
}

async fn whole(
    backend: &dyn Backend,
    resource: &Resource,
    calls: &mut Calls,
    parts: Option<&Parts<'_>>,
) -> Result<Payload> {
    match resource {
        Resource::Clusters => {
            let arns = backend.list_clusters().await?;
            calls.list(arns.len());
            let described = backend.describe_clusters(&arns).await?;
            calls.batches(arns.len(), CLUSTERS_PER_DESCRIBE);
            Ok(Payload::Clusters(described.items))
        }
        Resource::ServiceList { cluster_arn } => {
            let page = backend.list_services_page(cluster_arn, None).await?;
            calls.0 += 1;
            Ok(Payload::ServicePage {
                arns: page.arns,
                next: page.next,
            })
        }
        Resource::Service {
            cluster_arn,
            service_arn,
        } => {
            calls.0 += 1;
            let arns = [service_arn.clone()];
            Ok(Payload::Services(
                backend.describe_services(cluster_arn, &arns).await?,
            ))
        }
        Resource::ServiceTasks(key) => {
            let service = Some(key.service_name.as_str());
            let tasks =
                running_and_stopped(backend, &key.cluster_arn, service, calls, parts).await?;
            Ok(tasks.payload())
        }
        Resource::ClusterTasks { cluster_arn } => {
            Ok(
                running_and_stopped(backend, cluster_arn, None, calls, parts)
                    .await?
                    .payload(),
            )
        }
        Resource::Task {
            cluster_arn,
            task_arn,
        } => {
            calls.0 += 1;
            let Described { items, failures } = backend
                .describe_tasks(cluster_arn, std::slice::from_ref(task_arn))
                .await?;
            let mut task = items
                .into_iter()
                .next()
                .ok_or_else(|| BackendError::NotFound {
                    what: match failures.first() {
                        Some(f) => format!("task {} ({})", arn_name(task_arn), f.reason),
                        None => format!("task {}", arn_name(task_arn)),
                    },
                })?;
            name_instances(backend, cluster_arn, std::slice::from_mut(&mut task), calls).await;
            Ok(Payload::Task(Box::new(task)))
        }
        Resource::TargetHealth { target_group_arn } => {
            calls.0 += 1;
            Ok(Payload::TargetHealth(
                backend.describe_target_health(target_group_arn).await?,
            ))
        }
        Resource::TaskDefinition { arn } => {
            calls.0 += 1;
            Ok(Payload::TaskDefinition(Box::new(
                backend.describe_task_definition(arn).await?,
            )))
        }
        Resource::Revisions { family } => Ok(Payload::Revisions(
            newest_revisions(backend, family, calls).await?,
        )),
        Resource::Deployments(key) => Ok(Payload::Deployments(
            newest_deployments(backend, key, calls).await?,
        )),
        Resource::ServiceLoad(key) => {
            let names = std::slice::from_ref(&key.service_name);
            service_loads(backend, &key.cluster_arn, names, calls).await
        }
        Resource::Explore(read) => Ok(Payload::Explored(
            super::explore::read(backend, read, &mut calls.0).await?,
        )),
    }
}

/// The newest deployments of a service, with their revisions' task definitions: one ListServiceDeployments
/// page, one DescribeServiceDeployments call and one DescribeServiceRevisions call (20 each).
async fn newest_deployments(
    backend: &dyn Backend,
    key: &ServiceKey,
    calls: &mut Calls,
) -> Result<Vec<ServiceDeployment>> {
    let briefs = backend
        .list_service_deployments(&key.cluster_arn, &key.service_name)
        .await?;
    calls.list(briefs.len());
    let arns: Vec<String> = briefs
        .into_iter()
        .take(DEPLOYMENTS_SHOWN)
        .map(|b| b.arn)
        .collect();
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    calls.batches(arns.len(), PER_DEPLOYMENT_DESCRIBE);
    let mut deployments = backend.describe_service_deployments(&arns).await?.items;
    let mut revisions: Vec<String> = Vec::new();
    for d in &deployments {
        for side in d.sources.iter().chain([&d.target]) {
            if !side.service_revision_arn.is_empty()
                && side.task_definition.is_empty()
                && !revisions.contains(&side.service_revision_arn)
            {
                revisions.push(side.service_revision_arn.clone());
            }
        }
    }
    if !revisions.is_empty() {
        calls.batches(revisions.len(), PER_DEPLOYMENT_DESCRIBE);
        // The revisions only name the task definitions: without them the history is still worth showing
        // (each side then reads as its service revision's id).
        let known = match backend.describe_service_revisions(&revisions).await {
            Ok(described) => described.items,
            Err(_) => Vec::new(),
        };
        for d in &mut deployments {
            for side in d.sources.iter_mut().chain([&mut d.target]) {
                if let Some(r) = known.iter().find(|r| r.arn == side.service_revision_arn) {
                    side.task_definition = r.task_definition.clone();
                }
            }
        }
    }
    // Newest first, as listed.
    deployments.sort_by_key(|d| std::cmp::Reverse(d.created_at));
    Ok(deployments)
}

/// The family's newest ACTIVE revisions, described (each once: revisions are immutable).
async fn newest_revisions(
    backend: &dyn Backend,
    family: &str,
    calls: &mut Calls,
) -> Result<Vec<TaskDefinition>> {
    let arns = backend
        .list_task_definitions(family, RevisionStatus::Active)
        .await?;
    calls.list(arns.len());
    let shown: Vec<&String> = arns.iter().take(REVISIONS_SHOWN).collect();
    calls.0 += shown.len() as u32;
    let described = shown
        .into_iter()
        .map(|arn| backend.describe_task_definition(arn));
    futures::future::try_join_all(described).await
}

/// Fill in the EC2 instance of each EC2 task, which its bridge or host mode targets are named by. Without
/// it the tasks are still worth showing: a failure leaves them unnamed, to be tried on the next read.
pub(super) async fn name_instances(
    backend: &dyn Backend,
    cluster_arn: &str,
    tasks: &mut [Task],
    calls: &mut Calls,
) {
    let mut unnamed: Vec<String> = tasks
        .iter()
        .filter(|t| t.ec2_instance_id.is_none())
        .filter_map(|t| t.container_instance_arn.clone())
        .collect();
    unnamed.sort();
    unnamed.dedup();
    if unnamed.is_empty() {
        return;
    }
    let Ok((ids, made)) = backend.ec2_instance_ids(cluster_arn, &unnamed).await else {
        calls.0 += 1;
        return;
    };
    calls.0 += made;
    for task in tasks {
        if let Some(arn) = &task.container_instance_arn {
            task.ec2_instance_id = task
                .ec2_instance_id
                .take()
                .or_else(|| ids.get(arn).cloned());
        }
    }
}
