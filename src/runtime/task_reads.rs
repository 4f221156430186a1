//! A task list's read, page by page and batch by batch: the running and stopped listings side by side, each
//! page described as it comes, and each page and batch sent on as a part (`TaskPart`) before the answer.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};

use futures::StreamExt;

use super::fetch::{name_instances, Calls};
use crate::app::{Action, Fetch, Payload, TaskPart};
use crate::backend::{Backend, BackendError, Result};
use crate::model::{DesiredStatus, Task, TaskFilter};

/// DescribeTasks takes at most 100 tasks.
const TASKS_PER_DESCRIBE: usize = 100;
/// DescribeTasks batches out at once.
const DESCRIBE_CONCURRENCY: usize = 4;

/// Running tasks and recently stopped ones (those say why they stopped), of one service or (`None`) of the
/// whole cluster, standalone ones too: the two listings page by page side by side, each page described
/// (batches of 100, a few at once) as soon as it is listed. With `parts`, each page and batch goes there as
/// it comes (the first rows show after one page and one batch) and the answer carries only the failures;
/// without, the answer carries every task.
pub(super) async fn running_and_stopped(
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

/// The tasks a list read found: all of them, or those of the batches that answered.
pub(super) enum Tasks {
    All(Vec<Task>),
    Partly {
        tasks: Vec<Task>,
        failed: Vec<String>,
        error: BackendError,
    },
}

impl Tasks {
    pub(super) fn payload(self) -> Payload {
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
