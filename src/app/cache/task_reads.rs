//! How a task list's read is stored as it comes: each part updates the list on screen in place
//! (`TaskList::add_listed`, `add_described`), so that 20,000 tasks never hold the view empty and are never
//! held twice; the read's answer ends it.

use crate::backend::BackendError;
use crate::model::Timestamp;

use super::super::resource::{Payload, TaskPart};
use super::super::task_list::TaskList;
use super::super::Loadable;
use super::mismatch;

/// Add a part of a read to its list (made, loading, on a first read). Whether the rows changed.
pub(super) fn store_part(entry: &mut Loadable<TaskList>, part: TaskPart) -> bool {
    let list = entry.data.get_or_insert_with(TaskList::reading);
    match part {
        TaskPart::Listed(arns) => list.add_listed(arns),
        TaskPart::Described { asked, tasks } => list.add_described(&asked, tasks),
    }
}

/// The read's answer: what its parts did not carry, and how it ended. When some describe batches failed,
/// the tasks they asked for keep their old rows, or wait as placeholders, with the error shown beside them.
pub(super) fn store_end(
    entry: &mut Loadable<TaskList>,
    result: Result<Payload, BackendError>,
    at: Timestamp,
    calls: u32,
) {
    let reading = entry.data.as_ref().is_some_and(TaskList::is_reading);
    let throttled = |e: &BackendError| matches!(e, BackendError::Throttled { .. });
    match result {
        // The whole list in one answer (no parts came): it replaces the old one.
        Ok(Payload::Tasks(tasks)) if !reading => entry.apply(Ok(TaskList::new(tasks)), at, calls),
        Ok(Payload::Tasks(rest)) => {
            let list = entry.data.get_or_insert_with(TaskList::reading);
            list.add_described(&[], rest);
            let changed = list.finish(true, false);
            entry.status.answered(None, calls, at, changed);
        }
        Ok(Payload::TasksPartly {
            tasks,
            failed,
            error,
        }) => {
            let list = entry.data.get_or_insert_with(TaskList::reading);
            // Without parts, this answer is all the read listed: the described tasks and the failed ones.
            let mut listed: Vec<String> = tasks.iter().map(|t| t.arn.clone()).collect();
            listed.extend(failed);
            list.add_listed(listed);
            list.add_described(&[], tasks);
            let changed = list.finish(true, throttled(&error));
            entry.status.answered(Some(error), calls, at, changed);
        }
        // The read failed as a whole (a listing, a time limit): what it read so far stays, nothing leaves.
        Err(e) if reading => {
            let list = entry.data.get_or_insert_with(TaskList::reading);
            let changed = list.finish(false, throttled(&e));
            entry.status.answered(Some(e), calls, at, changed);
        }
        other => entry.apply(Err(mismatch(other)), at, calls),
    }
}
