//! Runs one `Fetch` against the backend and counts the API calls it made (pages and batches), so that the
//! budget is charged what AWS was asked.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};

use futures::StreamExt;

use crate::app::{Action, Fetch, Payload, Resource, ServiceKey, TaskPart, REVISIONS_SHOWN};
use crate::backend::{Backend, BackendError, Described, Result};
use crate::model::{
    arn_name, DesiredStatus, RevisionStatus, ServiceDeployment, Task, TaskDefinition, TaskFilter,
};

/// ECS's page and batch sizes, for counting calls.
const LIST_PAGE: usize = 100;
const TASKS_PER_DESCRIBE: usize = 100;
const CLUSTERS_PER_DESCRIBE: usize = 100;
/// DescribeServiceDeployments and DescribeServiceRevisions take at most 20 ARNs.
const PER_DEPLOYMENT_DESCRIBE: usize = 20;
/// The deployments wharf shows of a service: one describe call's worth.
pub const DEPLOYMENTS_SHOWN: usize = 20;
/// DescribeTasks batches out at once.
const DESCRIBE_CONCURRENCY: usize = 4;

/// The answer and the calls made (when it failed part way, those made until then, at least one).
pub async fn fetch(
    backend: &dyn Backend,
    fetch: &Fetch,
    parts: Option<&Parts<'_>>,
) -> (Result<Payload>, u32) {
    let mut calls = Calls(0);
    let result = run(backend, fetch, &mut calls, parts).await;
    (result, calls.0.max(1))
}

struct Calls(u32);

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
    }
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

/// Running tasks and recently stopped ones (those say why they stopped), of one service or (`None`) of the
/// whole cluster, standalone ones too: the two listings page by page side by side, each page described
/// (batches of 100, a few at once) as soon as it is listed. With `parts`, each page and batch goes there as
/// it comes (the first rows show after one page and one batch) and the answer carries only the failures;
/// without, the answer carries every task.
async fn running_and_stopped(
    backend: &dyn Backend,
    cluster_arn: &str,
    service_name: Option<&str>,
    calls: &mut Calls,
    parts: Option<&Parts<'_>>,
) -> Result<Tasks> {
    let filter = |desired_status| TaskFilter {
        service_name: service_name.map(str::to_string),
        desired_status,
    };
    let filters = [
        filter(DesiredStatus::Running),
        filter(DesiredStatus::Stopped),
    ];
    let pages_read = AtomicU32::new(0);
    let listings = pages(backend, cluster_arn, filters, &pages_read);
    // A task that stops between the two listings can be in both: each is described once.
    let mut seen: HashSet<String> = HashSet::new();
    let batches = listings
        .map(move |page| match page {
            Ok(arns) => {
                let new: Vec<String> = arns
                    .into_iter()
                    .filter(|a| seen.insert(a.clone()))
                    .collect();
                let batches: Vec<Result<Vec<String>>> = new
                    .chunks(TASKS_PER_DESCRIBE)
                    .map(|b| Ok(b.to_vec()))
                    .collect();
                futures::stream::iter(batches)
            }
            Err(e) => futures::stream::iter(vec![Err(e)]),
        })
        .flatten()
        .inspect(|batch| {
            if let (Some(parts), Ok(arns)) = (parts, batch) {
                parts.send(TaskPart::Listed(arns.clone()));
            }
        })
        .map(|batch| async move {
            let arns = batch?;
            let answer = backend.describe_tasks(cluster_arn, &arns).await;
            Ok::<_, BackendError>((arns, answer))
        })
        .buffered(DESCRIBE_CONCURRENCY);
    let mut batches = std::pin::pin!(batches);
    // ListTasks filters by serviceName; some emulators ignore it. A service's task carries
    // `service:NAME` as its group, which costs nothing to check.
    let group = service_name.map(|name| format!("service:{name}"));
    let ours = |t: &Task| {
        group
            .as_ref()
            .is_none_or(|g| t.group.is_empty() || t.group == *g)
    };
    let mut tasks = Vec::new();
    let mut failed = Vec::new();
    let mut error = None;
    let mut described_batches = 0;
    while let Some(batch) = batches.next().await {
        let (asked, answer) = match batch {
            Ok(batch) => batch,
            // A listing failed: the read did.
            Err(e) => {
                calls.0 += pages_read.load(Ordering::Relaxed) + described_batches;
                return Err(e);
            }
        };
        described_batches += 1;
        match answer {
            Ok(described) => {
                let mut found: Vec<Task> =
                    described.items.into_iter().filter(|t| ours(t)).collect();
                name_instances(backend, cluster_arn, &mut found, calls).await;
                match parts {
                    Some(parts) => parts.send(TaskPart::Described {
                        asked,
                        tasks: found,
                    }),
                    None => tasks.extend(found),
                }
            }
            // Batch by batch, so that one throttled batch of a big cluster costs only its own 100 tasks.
            Err(e) => {
                failed.extend(asked);
                error.get_or_insert(e);
            }
        }
    }
    // Each listing's pages: one at least, even when empty.
    calls.0 += pages_read.load(Ordering::Relaxed) + described_batches;
    match error {
        None => Ok(Tasks::All(tasks)),
        Some(e) if tasks.is_empty() && parts.is_none() => Err(e),
        Some(error) => Ok(Tasks::Partly {
            tasks,
            failed,
            error,
        }),
    }
}

/// The pages of the two listings (running tasks, stopped ones), a page of each at once (a listing that has
/// ended sits out), both pages' ARNs together: a small list is then one batch, and a describe call fewer
/// than a batch per listing. `pages_read` counts the calls. A token seen before ends its listing: a backend
/// that repeats itself must not keep wharf reading for ever.
fn pages<'a>(
    backend: &'a dyn Backend,
    cluster_arn: &'a str,
    filters: [TaskFilter; 2],
    pages_read: &'a AtomicU32,
) -> impl futures::Stream<Item = Result<Vec<String>>> + Send + 'a {
    // Each listing's next token: `Some(None)` for its first page, `None` once it has ended.
    let start = ([Some(None::<String>), Some(None)], HashSet::<String>::new());
    futures::stream::try_unfold(start, move |(tokens, mut seen)| {
        let filters = filters.clone();
        async move {
            if tokens.iter().all(Option::is_none) {
                return Ok(None);
            }
            let page = |i: usize| {
                let (token, filter) = (tokens[i].clone(), &filters[i]);
                async move {
                    let Some(token) = token else {
                        return Ok(None);
                    };
                    pages_read.fetch_add(1, Ordering::Relaxed);
                    let page = backend.list_tasks_page(cluster_arn, filter, token.as_deref());
                    page.await.map(Some)
                }
            };
            let (running, stopped) = futures::future::try_join(page(0), page(1)).await?;
            let mut arns = Vec::new();
            let mut next = [None, None];
            for (i, page) in [running, stopped].into_iter().enumerate() {
                if let Some(page) = page {
                    arns.extend(page.arns);
                    next[i] = page.next.filter(|t| seen.insert(t.clone())).map(Some);
                }
            }
            Ok(Some((arns, (next, seen))))
        }
    })
}

/// Where a read sends its parts as they come.
pub struct Parts<'a> {
    pub fetch: &'a Fetch,
    pub send: &'a (dyn Fn(Action) + Send + Sync),
}

impl Parts<'_> {
    fn send(&self, part: TaskPart) {
        (self.send)(Action::FetchedPart {
            fetch: self.fetch.clone(),
            part,
        });
    }
}

/// Fill in the EC2 instance of each EC2 task, which its bridge or host mode targets are named by. Without
/// it the tasks are still worth showing: a failure leaves them unnamed, to be tried on the next read.
async fn name_instances(
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

/// The tasks a list read found: all of them, or those of the batches that answered.
enum Tasks {
    All(Vec<Task>),
    Partly {
        tasks: Vec<Task>,
        failed: Vec<String>,
        error: BackendError,
    },
}

impl Tasks {
    fn payload(self) -> Payload {
        match self {
            Tasks::All(t) => Payload::Tasks(t),
            Tasks::Partly {
                tasks,
                failed,
                error,
            } => Payload::TasksPartly {
                tasks,
                failed,
                error,
            },
        }
    }
}
