//! A read of a task list, part by part, in place: each page of ListTasks and each DescribeTasks batch
//! updates the list as it comes (`Action::FetchedPart`), and the read's end removes what it no longer
//! listed. The first read sorts as it goes, so that its first rows show in order; a refresh replaces rows
//! where they are and sorts once at its end, so that the rows do not jump while it reads. One list, never a
//! second copy beside it: 20,000 tasks are held once.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use super::{measure, sort, TaskList, TaskMeasures};
use crate::model::{Task, TaskStatus};

/// What a read under way has seen so far. ARNs are kept as 64-bit hashes: a read's own bookkeeping, 8 bytes
/// a task rather than the ARN again. Two ARNs of one cluster with one hash (about one chance in 10^11 for
/// 20,000 tasks) would show as one row until a later read.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Reading {
    /// Every task its pages listed.
    listed: HashSet<u64>,
    /// Tasks a batch asked for and did not describe (another service's, or gone since it was listed).
    gone: HashSet<u64>,
    /// Where each described row is, by ARN.
    at: HashMap<u64, usize>,
    /// A row was added, replaced by a different one, or removed.
    changed: bool,
}

fn key(arn: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    arn.hash(&mut hasher);
    hasher.finish()
}

impl TaskList {
    /// The read under way, begun if there is none: it knows where each described row is.
    fn read(&mut self) -> &mut Reading {
        let rows = &self.rows[..self.described];
        self.read.get_or_insert_with(|| {
            let at = rows.iter().enumerate().map(|(i, t)| (key(&t.arn), i));
            Box::new(Reading {
                at: at.collect(),
                ..Reading::default()
            })
        })
    }

    /// A page of ListTasks came: each task not known yet waits, as a placeholder, for its describe.
    /// Whether the rows changed.
    pub fn add_listed(&mut self, arns: Vec<String>) -> bool {
        let read = self.read();
        let mut new = Vec::new();
        for arn in arns {
            let k = key(&arn);
            read.listed.insert(k);
            if !read.at.contains_key(&k) {
                new.push(arn);
            }
        }
        let mut added = false;
        for arn in new {
            added |= self.waiting.insert(arn);
        }
        if added {
            self.place_waiting();
        }
        added
    }

    /// A DescribeTasks batch answered: the tasks `asked` for stop waiting (those it did not describe leave
    /// the list at the read's end), and the described ones take their rows, or new ones. Whether the rows
    /// changed.
    pub fn add_described(&mut self, asked: &[String], tasks: Vec<Task>) -> bool {
        let placeholders = self.waiting.len();
        for arn in asked {
            self.waiting.remove(arn);
        }
        let read = self.read();
        for arn in asked {
            read.gone.insert(key(arn));
        }
        let mut changed = false;
        self.rows.truncate(self.described);
        for task in tasks {
            self.waiting.remove(&task.arn);
            let read = self.read.as_mut().expect("begun above");
            let k = key(&task.arn);
            read.listed.insert(k);
            read.gone.remove(&k);
            match read.at.get(&k) {
                Some(&i) if self.rows[i] == task => {}
                Some(&i) => {
                    unmeasure(&mut self.measures, &self.rows[i]);
                    measure(&mut self.measures, std::slice::from_ref(&task));
                    self.rows[i] = task;
                    changed = true;
                }
                None => {
                    read.at.insert(k, self.rows.len());
                    measure(&mut self.measures, std::slice::from_ref(&task));
                    self.rows.push(task);
                    changed = true;
                }
            }
        }
        self.described = self.rows.len();
        if changed && self.loading {
            // The first read shows its rows in order as they come; the positions move with them.
            sort(&mut self.rows);
            let read = self.read.as_mut().expect("begun above");
            read.at = (self.rows.iter().enumerate())
                .map(|(i, t)| (key(&t.arn), i))
                .collect();
        }
        if let Some(read) = self.read.as_mut() {
            read.changed |= changed;
        }
        self.place_waiting();
        changed || self.waiting.len() != placeholders
    }

    /// The read ended. When its listing completed (`listed_all`), the rows it did not list, and those its
    /// batches asked for and did not describe, leave; the tasks still waiting stay placeholders
    /// (`throttled`: their describes were) until the next read. Whether the rows changed over the read.
    pub fn finish(&mut self, listed_all: bool, throttled: bool) -> bool {
        let read = self.read.take();
        let mut changed = read.as_ref().is_some_and(|r| r.changed);
        if let (Some(read), true) = (read, listed_all) {
            let before = (self.described, self.waiting.len());
            self.rows.truncate(self.described);
            self.rows.retain(|t| {
                let k = key(&t.arn);
                read.listed.contains(&k) && !read.gone.contains(&k)
            });
            self.described = self.rows.len();
            self.waiting.retain(|arn| read.listed.contains(&key(arn)));
            changed |= before != (self.described, self.waiting.len());
        }
        self.settle();
        changed |= self.loading;
        // A first read that stopped part way shows what it read as a part, never as the whole list.
        self.incomplete = (self.loading || self.incomplete) && !listed_all;
        self.loading = false;
        self.throttled = throttled && !self.waiting.is_empty();
        changed
    }
}

/// Take a row's counts out of the measures, before its new state is measured (the widths stay: they are
/// only ever a little too wide until the read's end measures again).
fn unmeasure(m: &mut TaskMeasures, t: &Task) {
    if t.last_status == TaskStatus::Stopped {
        m.stopped = m.stopped.saturating_sub(1);
    } else if t.is_stopping_or_stopped() {
        m.stopping = m.stopping.saturating_sub(1);
    }
}
