//! How a task list's read is stored as it comes. The first read of a list fills the list on screen, page by
//! page and batch by batch (a placeholder for each task listed and not described yet), so that 20,000 tasks
//! never hold the view empty. A refresh of a list already shown is built beside it and shown once whole,
//! so that the rows do not empty and fill again every interval.

use std::collections::HashMap;

use crate::backend::BackendError;
use crate::model::Timestamp;

use super::super::resource::{Payload, Resource, TaskPart};
use super::super::task_list::TaskList;
use super::super::Loadable;
use super::mismatch;

/// Add a part of the read of `resource` to the list it fills: the one shown while it is the first read,
/// else the one `building` beside it.
pub(super) fn store_part(
    entry: &mut Loadable<TaskList>,
    building: &mut HashMap<Resource, TaskList>,
    resource: &Resource,
    part: TaskPart,
) {
    let list = match &mut entry.data {
        Some(shown) if !shown.is_loading() => building
            .entry(resource.clone())
            .or_insert_with(TaskList::reading),
        shown => shown.get_or_insert_with(TaskList::reading),
    };
    match part {
        TaskPart::Listed(arns) => list.add_listed(arns),
        TaskPart::Described { asked, tasks } => list.add_described(&asked, tasks),
    }
}

/// The read's answer: what its parts did not carry, and how it ended. When some describe batches failed,
/// the tasks they asked for keep their old rows, or wait as placeholders, with the error shown beside them.
pub(super) fn store_end(
    entry: &mut Loadable<TaskList>,
    built: Option<TaskList>,
    result: Result<Payload, BackendError>,
    at: Timestamp,
    calls: u32,
) {
    // The list the parts filled: built beside the shown one, or the shown one on a first read.
    let filled = built.or_else(|| entry.data.take_if(|shown| shown.is_loading()));
    let (mut list, error) = match (filled, result) {
        (None, Ok(Payload::Tasks(t))) => return entry.apply(Ok(TaskList::new(t)), at, calls),
        (Some(mut list), Ok(Payload::Tasks(rest))) => {
            list.add_described(&[], rest);
            (list, None)
        }
        (
            filled,
            Ok(Payload::TasksPartly {
                tasks,
                failed,
                error,
            }),
        ) => {
            let mut list = filled.unwrap_or_else(TaskList::reading);
            list.add_listed(failed);
            list.add_described(&[], tasks);
            if let Some(old) = &entry.data {
                list.keep_from(old);
            }
            (list, Some(error))
        }
        // The read failed as a whole: a first read keeps what it showed; a refresh's list is dropped.
        (Some(mut list), Err(e)) if entry.data.is_none() => {
            list.finish(matches!(e, BackendError::Throttled { .. }));
            entry.data = Some(list);
            return entry.status.answered(Some(e), calls, at, true);
        }
        (_, other) => return entry.apply(Err(mismatch(other)), at, calls),
    };
    list.finish(matches!(error, Some(BackendError::Throttled { .. })));
    let changed = entry.data.as_ref() != Some(&list);
    entry.data = Some(list);
    entry.status.answered(error, calls, at, changed);
}
