//! What several kinds of change share: the service in sight, the reads a service's change invalidates, the
//! service it works from, a task definition's containers.

use super::super::{Resource, ServiceKey, State};
use crate::model::{arn_name, Service, ServiceStatus};

/// The service a service's change means: the one on screen, or the one under the cursor in a services list;
/// else what `activity` works on, to say.
pub fn service_in_sight(state: &State, activity: &str) -> Result<(String, String), String> {
    let screen = state.screen().spec();
    if let (Some(cluster_arn), Some(service_arn)) = (screen.cluster_arn(), screen.service_arn()) {
        return Ok((cluster_arn.to_string(), service_arn.to_string()));
    }
    Err(format!(
        "{} works on a service: select one in a cluster's services, or open it",
        capitalised(activity)
    ))
}

pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What a change to a service reads again: the service (its row), its tasks, its deployment history.
pub(crate) fn service_reads(cluster_arn: Option<&str>, service_arn: Option<&str>) -> Vec<Resource> {
    let (Some(cluster_arn), Some(service_arn)) = (cluster_arn, service_arn) else {
        return Vec::new();
    };
    let key = ServiceKey {
        cluster_arn: cluster_arn.to_string(),
        service_name: arn_name(service_arn).to_string(),
    };
    vec![
        Resource::Service {
            cluster_arn: cluster_arn.to_string(),
            service_arn: service_arn.to_string(),
        },
        Resource::ServiceTasks(key.clone()),
        Resource::Deployments(key),
    ]
}

/// The service a service's change works from, ACTIVE, or why it cannot be changed.
pub(crate) fn active_service<'a>(
    state: &'a State,
    cluster_arn: &str,
    service_arn: &str,
) -> Result<&'a Service, String> {
    let service = state
        .service(cluster_arn, service_arn)
        .ok_or("the service is no longer listed: r refreshes, Esc closes")?;
    if service.status != ServiceStatus::Active {
        return Err(format!(
            "{} is {}: it is being deleted, so it cannot be changed",
            service.name,
            service.status.as_str()
        ));
    }
    Ok(service)
}

/// A task definition's containers (name, image), once it is described.
pub fn containers(state: &State, task_definition: &str) -> Option<Vec<(String, String)>> {
    let td = state
        .session
        .cache
        .task_definitions
        .get(task_definition)?
        .data
        .as_ref()?;
    Some(
        td.containers
            .iter()
            .map(|c| (c.name.clone(), c.image.clone()))
            .collect(),
    )
}

/// The tasks a task's change means: the marked ones (those the filter hides too), else the selected one,
/// else the task on screen.
pub struct TasksInSight {
    pub cluster_arn: String,
    pub task_arns: Vec<String>,
    /// How many of them the filter hides.
    pub hidden: usize,
}

pub fn tasks_in_sight(state: &State) -> Option<TasksInSight> {
    let screen = state.screen().spec();
    let cluster_arn = screen
        .cluster_arn()
        .filter(|_| screen.shows_tasks())?
        .to_string();
    let task_arns = crate::app::user::selection(state);
    if task_arns.is_empty() {
        return None;
    }
    let hidden = state.screen().cursor().map_or(0, |view| {
        let shown: std::collections::BTreeSet<&str> = crate::app::table::current_rows(state)
            .map(|rows| view.rows.iter().filter_map(|&i| rows.key(i)).collect())
            .unwrap_or_default();
        view.marks
            .iter()
            .filter(|k| !shown.contains(k.as_str()))
            .count()
    });
    Some(TasksInSight {
        cluster_arn,
        task_arns,
        hidden,
    })
}

/// "1 task", "3 tasks".
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Up to four names, then how many more.
pub(crate) fn names(arns: &[String]) -> String {
    let shown: Vec<&str> = arns.iter().take(4).map(|a| arn_name(a)).collect();
    let more = arns.len().saturating_sub(4);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The ACTIVE revisions, newest first, of the family the service runs: what the deploy dialog lists and a
/// rollback looks through. `Err` says they load, or why they cannot.
pub fn revisions<'a>(
    state: &'a State,
    cluster_arn: &str,
    service_arn: &str,
) -> Result<&'a [String], String> {
    let service = state
        .service(cluster_arn, service_arn)
        .ok_or("the service is not loaded yet")?;
    let family = crate::model::family_of(&service.task_definition);
    let loadable = state
        .session
        .cache
        .revisions
        .get(family)
        .ok_or_else(|| format!("reading the revisions of {family}…"))?;
    match (&loadable.data, &loadable.status.error) {
        (Some(rows), _) => Ok(rows),
        (None, Some(e)) => Err(format!("could not list the revisions of {family}: {e}")),
        (None, None) => Err(format!("reading the revisions of {family}…")),
    }
}

/// The reads of a dialog that works from the service's family: the service afresh, and its revisions.
pub fn service_and_revisions(state: &State, cluster_arn: &str, service_arn: &str) -> Vec<Resource> {
    let mut reads = vec![Resource::Service {
        cluster_arn: cluster_arn.to_string(),
        service_arn: service_arn.to_string(),
    }];
    if let Some(s) = state.service(cluster_arn, service_arn) {
        reads.push(Resource::Revisions {
            family: crate::model::family_of(&s.task_definition).to_string(),
        });
    }
    reads
}
