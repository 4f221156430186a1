//! A list of tasks as the tables show it: sorted (live tasks first, newest first; then stopped ones, most
//! recently stopped first), with what drawing would otherwise measure over every task on every frame: the
//! widest text of each column and the services the tasks belong to. Measured once, when the list is stored,
//! so that a frame costs the same for 100 tasks as for 20,000.

use std::collections::BTreeSet;

use unicode_width::UnicodeWidthStr;

use crate::model::{family_revision, Task, TaskStatus};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskList {
    tasks: Vec<Task>,
    measures: TaskMeasures,
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
    /// `tasks` sorted and measured.
    pub fn new(mut tasks: Vec<Task>) -> TaskList {
        sort(&mut tasks);
        let measures = measure(&tasks);
        TaskList { tasks, measures }
    }

    pub fn measures(&self) -> &TaskMeasures {
        &self.measures
    }

    /// Change the tasks (a test's fixture, a simulated answer), then sort and measure them again.
    pub fn edit(&mut self, change: impl FnOnce(&mut Vec<Task>)) {
        change(&mut self.tasks);
        *self = TaskList::new(std::mem::take(&mut self.tasks));
    }

    pub fn into_vec(self) -> Vec<Task> {
        self.tasks
    }
}

impl std::ops::Deref for TaskList {
    type Target = [Task];
    fn deref(&self) -> &[Task] {
        &self.tasks
    }
}

impl<'a> IntoIterator for &'a TaskList {
    type Item = &'a Task;
    type IntoIter = std::slice::Iter<'a, Task>;
    fn into_iter(self) -> Self::IntoIter {
        self.tasks.iter()
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

fn measure(tasks: &[Task]) -> TaskMeasures {
    let cells = |s: &str| s.width().min(usize::from(u16::MAX)) as u16;
    let mut m = TaskMeasures::default();
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
    m
}
