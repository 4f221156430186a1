//! A list of tasks as the tables show it: sorted (live tasks first, newest first; then stopped ones, most
//! recently stopped first), with what drawing would otherwise measure over every task on every frame: the
//! widest text of each column and the services the tasks belong to. Measured once, when the list is stored,
//! so that a frame costs the same for 100 tasks as for 20,000.
//!
//! A big list fills in as it is read (`reading.rs`): a task listed but not described yet is a placeholder
//! row named from its ARN, after the described ones, so that the table never hides what it lacks. The list
//! itself (`Deref`) is the described tasks only: counts, actions and spreads never see a placeholder; the
//! table's rows (`rows`) are both.

mod reading;

use std::collections::{BTreeSet, HashSet};

use unicode_width::UnicodeWidthStr;

use crate::model::{arn_name, family_revision, Task, TaskStatus};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskList {
    /// The described tasks, sorted, then a placeholder for each listed task not described yet (by id).
    rows: Vec<Task>,
    /// How many of `rows` are described (they come first).
    described: usize,
    measures: TaskMeasures,
    /// Listed tasks not described yet: the placeholders, by ARN.
    waiting: HashSet<String>,
    /// Nothing whole yet: the first read is under way.
    loading: bool,
    /// The describes of the waiting tasks were throttled (the read ended before they were described).
    throttled: bool,
    /// No read has listed it whole yet: the first one failed part way.
    incomplete: bool,
    /// The read under way over the list, if any: its parts update the rows in place.
    read: Option<Box<reading::Reading>>,
}

/// The widest text of each column that sizes itself to its content, in terminal cells, and who the tasks
/// belong to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskMeasures {
    /// `Task::service_or_group`.
    pub service: u16,
    pub last_status: u16,
    /// `family:revision`.
    pub task_def: u16,
    pub stop_code: u16,
    pub stopped_reason: u16,
    pub availability_zone: u16,
    /// The services the tasks belong to, by name.
    pub services: BTreeSet<String>,
    /// Tasks on their way down (desired STOPPED, or DEACTIVATING and after) but not STOPPED yet.
    pub stopping: usize,
    pub stopped: usize,
}

impl TaskList {
    /// `tasks` sorted and measured: a whole list, nothing waiting.
    pub fn new(mut tasks: Vec<Task>) -> TaskList {
        sort(&mut tasks);
        let mut measures = TaskMeasures::default();
        measure(&mut measures, &tasks);
        TaskList {
            described: tasks.len(),
            rows: tasks,
            measures,
            ..TaskList::default()
        }
    }

    /// An empty list whose first read has begun: its pages and batches are added as they come.
    pub fn reading() -> TaskList {
        TaskList {
            loading: true,
            ..TaskList::default()
        }
    }

    pub fn measures(&self) -> &TaskMeasures {
        &self.measures
    }

    /// The table's rows: the described tasks, then the placeholders (`is_placeholder`).
    pub fn rows(&self) -> &[Task] {
        &self.rows
    }

    /// Is this row a placeholder for a task listed but not described yet?
    pub fn is_placeholder(&self, task_arn: &str) -> bool {
        self.waiting.contains(task_arn)
    }

    /// How many tasks are listed (described or not), and how many are described.
    pub fn progress(&self) -> (usize, usize) {
        (self.rows.len(), self.described)
    }

    /// Listed tasks still waiting to be described, and whether their describes were throttled.
    pub fn waiting(&self) -> (usize, bool) {
        (self.waiting.len(), self.throttled)
    }

    /// Nothing whole yet: the first read is still under way.
    pub fn is_loading(&self) -> bool {
        self.loading
    }

    /// What it holds is part of the list: its first read is under way, or stopped part way.
    pub fn is_partial(&self) -> bool {
        self.loading || self.incomplete
    }

    /// A read is under way over it (the first or a refresh).
    pub fn is_reading(&self) -> bool {
        self.loading || self.read.is_some()
    }

    /// The placeholders after the described rows, in the order of their ids.
    fn place_waiting(&mut self) {
        self.rows.truncate(self.described);
        let mut waiting: Vec<&String> = self.waiting.iter().collect();
        waiting.sort_by(|a, b| arn_name(a).cmp(arn_name(b)).then(a.cmp(b)));
        self.rows.extend(waiting.into_iter().map(|arn| Task {
            arn: arn.clone(),
            ..Task::default()
        }));
    }

    /// Sort the described rows and measure them again.
    fn settle(&mut self) {
        self.rows.truncate(self.described);
        sort(&mut self.rows);
        self.measures = TaskMeasures::default();
        measure(&mut self.measures, &self.rows);
        self.place_waiting();
    }

    /// Change the tasks (a test's fixture, a simulated answer), then sort and measure them again.
    pub fn edit(&mut self, change: impl FnOnce(&mut Vec<Task>)) {
        self.rows.truncate(self.described);
        change(&mut self.rows);
        self.described = self.rows.len();
        self.read = None;
        self.settle();
    }

    /// The described tasks.
    pub fn into_vec(mut self) -> Vec<Task> {
        self.rows.truncate(self.described);
        self.rows
    }
}

/// The described tasks: what counts, spreads and actions look at. The placeholders are only rows.
impl std::ops::Deref for TaskList {
    type Target = [Task];
    fn deref(&self) -> &[Task] {
        &self.rows[..self.described]
    }
}

impl<'a> IntoIterator for &'a TaskList {
    type Item = &'a Task;
    type IntoIter = std::slice::Iter<'a, Task>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl FromIterator<Task> for TaskList {
    fn from_iter<I: IntoIterator<Item = Task>>(tasks: I) -> TaskList {
        TaskList::new(tasks.into_iter().collect())
    }
}

impl From<Vec<Task>> for TaskList {
    fn from(tasks: Vec<Task>) -> TaskList {
        TaskList::new(tasks)
    }
}

/// Live tasks first (newest first), then stopping ones, then stopped tasks (most recently stopped first).
fn sort(tasks: &mut [Task]) {
    let went_down = |t: &Task| t.stopping_at.or(t.stopped_at);
    let stopped = |t: &Task| t.last_status == TaskStatus::Stopped;
    tasks.sort_by(|a, b| {
        a.is_stopping_or_stopped()
            .cmp(&b.is_stopping_or_stopped())
            .then_with(|| stopped(a).cmp(&stopped(b)))
            .then_with(|| went_down(b).cmp(&went_down(a)))
            .then_with(|| b.created_at.cmp(&a.created_at))
            .then_with(|| a.arn.cmp(&b.arn))
    });
}

/// Add `tasks` to the measures `m` (widths only grow; counts add up).
fn measure(m: &mut TaskMeasures, tasks: &[Task]) {
    let cells = |s: &str| s.width().min(usize::from(u16::MAX)) as u16;
    for t in tasks {
        m.service = m.service.max(cells(t.service_or_group()));
        m.last_status = m.last_status.max(cells(t.last_status.as_str()));
        m.task_def = m
            .task_def
            .max(cells(family_revision(&t.task_definition_arn)));
        if let Some(code) = t.stop_code {
            m.stop_code = m.stop_code.max(cells(code.as_str()));
        }
        if let Some(reason) = &t.stopped_reason {
            m.stopped_reason = m.stopped_reason.max(cells(reason));
        }
        m.availability_zone = m.availability_zone.max(cells(&t.availability_zone));
        if t.last_status == TaskStatus::Stopped {
            m.stopped += 1;
        } else if t.is_stopping_or_stopped() {
            m.stopping += 1;
        }
        if let Some(name) = t.service_name() {
            if !m.services.contains(name) {
                m.services.insert(name.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests;
