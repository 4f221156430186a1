//! How each kind of row is listed: its sort columns, the words a filter looks in, and its order.

use std::cmp::Ordering;

use super::{col, col_also, Listed, SortColumn};
use crate::model::{Cluster, Service, Task, Timestamp, TROUBLE_WINDOW_MS};

impl Listed for Cluster {
    const SORT_COLUMNS: &'static [SortColumn] = &[
        col("NAME", false),
        col("STATUS", false),
        col("CAPACITY", false),
        col("SERVICES", true),
        col("RUNNING", true),
        col("PENDING", true),
    ];

    fn key(&self) -> &str {
        &self.arn
    }

    fn haystack(&self, _now: Timestamp) -> String {
        format!("{} {} {}", self.name, self.status, self.capacity_summary())
    }

    fn compare(&self, other: &Self, column: usize, _now: Timestamp) -> Ordering {
        match column {
            1 => self.status.cmp(&other.status),
            2 => self.capacity_summary().cmp(&other.capacity_summary()),
            3 => self.active_services.cmp(&other.active_services),
            4 => self.running_tasks.cmp(&other.running_tasks),
            5 => self.pending_tasks.cmp(&other.pending_tasks),
            _ => self.name.cmp(&other.name),
        }
    }
}

/// The services table's ALERTS column.
const ALERTS: usize = 5;

impl Listed for Service {
    const SORT_COLUMNS: &'static [SortColumn] = &[
        col("NAME", false),
        col("STATUS", false),
        col("DESIRED", true),
        col_also("RUNNING", true, &["RUN/DES"]),
        col_also("PENDING", true, &["PEND"]),
        col("ALERTS", true),
        col("ROLLOUT", false),
        col("LAUNCH", false),
        col_also("TASK DEFINITION", false, &["TASK DEF"]),
    ];

    fn key(&self) -> &str {
        &self.arn
    }

    fn haystack(&self, now: Timestamp) -> String {
        let trouble = self.recent_trouble(now, TROUBLE_WINDOW_MS);
        let rollout = self.primary_deployment().map(|d| d.rollout_state.as_str());
        format!(
            "{} {} {} {} {}{}",
            self.name,
            self.status.as_str(),
            self.launch_type.as_str(),
            crate::model::family_revision(&self.task_definition),
            rollout.unwrap_or_default(),
            trouble_words(&trouble),
        )
    }

    fn cached_key(&self, column: usize, now: Timestamp) -> Option<u32> {
        (column == ALERTS).then(|| self.recent_trouble(now, TROUBLE_WINDOW_MS).severity())
    }

    fn compare(&self, other: &Self, column: usize, now: Timestamp) -> Ordering {
        let rollout = |s: &Service| s.primary_deployment().map(|d| d.rollout_state.as_str());
        match column {
            1 => self.status.as_str().cmp(other.status.as_str()),
            2 => self.desired_count.cmp(&other.desired_count),
            3 => self.running_count.cmp(&other.running_count),
            4 => self.pending_count.cmp(&other.pending_count),
            ALERTS => {
                let severity = |s: &Service| s.recent_trouble(now, TROUBLE_WINDOW_MS).severity();
                severity(self).cmp(&severity(other))
            }
            6 => rollout(self).cmp(&rollout(other)),
            7 => self.launch_type.as_str().cmp(other.launch_type.as_str()),
            8 => crate::model::family_revision(&self.task_definition)
                .cmp(crate::model::family_revision(&other.task_definition)),
            _ => self.name.cmp(&other.name),
        }
    }
}

/// The words the ALERTS column shows, so that `/unhealthy` or `/restarts` finds them.
fn trouble_words(t: &crate::model::Trouble) -> String {
    let mut words = String::new();
    let flags = [
        (t.cannot_place, " can't place"),
        (t.cannot_start, " can't start"),
        (t.deployment_failed, " deploy failed"),
        (t.unhealthy_targets > 0, " unhealthy"),
        (t.failed_tasks > 0, " failed"),
        (t.restarts > 0, " restarts"),
        (t.draining, " draining"),
    ];
    for (on, word) in flags {
        if on {
            words.push_str(word);
        }
    }
    words
}

impl Listed for Task {
    const SORT_COLUMNS: &'static [SortColumn] = &[
        col("TASK", false),
        col_also("LAST STATUS", false, &["LAST"]),
        col("DESIRED", false),
        col_also("HEALTH", false, &["CONTAINERS"]),
        col("AZ", false),
        col_also("TASK DEFINITION", false, &["TASK DEF", "REV"]),
        col("STARTED", true),
        col("STOPPED", true),
        col("STOP CODE", false),
    ];

    fn key(&self) -> &str {
        &self.arn
    }

    fn haystack(&self, _now: Timestamp) -> String {
        format!(
            "{} {} {} {} {} {} {} {}",
            self.id(),
            self.last_status.as_str(),
            self.desired_status.as_str(),
            self.health_status.as_str(),
            self.availability_zone,
            crate::model::family_revision(&self.task_definition_arn),
            self.stop_code.map(|c| c.as_str()).unwrap_or_default(),
            self.stopped_reason.as_deref().unwrap_or_default(),
        )
    }

    fn compare(&self, other: &Self, column: usize, _now: Timestamp) -> Ordering {
        let code = |t: &Task| t.stop_code.map(|c| c.as_str());
        match column {
            1 => self.last_status.cmp(&other.last_status),
            2 => self
                .desired_status
                .as_str()
                .cmp(other.desired_status.as_str()),
            3 => self
                .health_status
                .as_str()
                .cmp(other.health_status.as_str()),
            4 => self.availability_zone.cmp(&other.availability_zone),
            5 => crate::model::family_revision(&self.task_definition_arn)
                .cmp(crate::model::family_revision(&other.task_definition_arn)),
            6 => self.started_at.cmp(&other.started_at),
            7 => self.stopped_at.cmp(&other.stopped_at),
            8 => code(self).cmp(&code(other)),
            _ => self.id().cmp(other.id()),
        }
    }
}

/// A task in a cluster's list of tasks, which also shows the service that owns it (or `standalone`): one more
/// column to sort by, second after TASK, and more words for the filter. The service's own task table, where
/// every row has the same service, goes without.
pub struct ClusterTask<'a>(pub &'a Task);

/// Where SERVICE sits among a cluster task table's sort columns.
const SERVICE_COLUMN: usize = 1;

const CLUSTER_TASK_COLUMNS: [SortColumn; Task::SORT_COLUMNS.len() + 1] = {
    let mut columns = [col("SERVICE", false); Task::SORT_COLUMNS.len() + 1];
    let mut i = 0;
    while i < Task::SORT_COLUMNS.len() {
        columns[if i < SERVICE_COLUMN { i } else { i + 1 }] = Task::SORT_COLUMNS[i];
        i += 1;
    }
    columns
};

impl Listed for ClusterTask<'_> {
    const SORT_COLUMNS: &'static [SortColumn] = &CLUSTER_TASK_COLUMNS;

    fn key(&self) -> &str {
        &self.0.arn
    }

    fn haystack(&self, now: Timestamp) -> String {
        let t = self.0;
        let standalone = if t.service_name().is_none() && t.service_or_group() != "standalone" {
            " standalone"
        } else {
            ""
        };
        format!("{}{standalone} {}", t.service_or_group(), t.haystack(now))
    }

    fn compare(&self, other: &Self, column: usize, now: Timestamp) -> Ordering {
        match column.cmp(&SERVICE_COLUMN) {
            Ordering::Less => self.0.compare(other.0, column, now),
            Ordering::Equal => self.0.service_or_group().cmp(other.0.service_or_group()),
            Ordering::Greater => self.0.compare(other.0, column - 1, now),
        }
    }
}
