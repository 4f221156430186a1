//! The task table's columns, which a service's screen and a cluster's tasks screen share: which fit, and how
//! wide. Each in turn, in the order they matter, at the width its content needs; the first that does not
//! fit whole takes what is left if it can be cut (a stop code, a reason) and ends the table, else the table
//! ends before it. TASK DEF gives way to REV (a service's tasks, where room is short), then to nothing, and
//! the columns after it still get their turn. The reason takes the room left over.
//!
//! Columns are wanted in the order an on-call engineer needs them (`wants`: the task, its service, its
//! status, its two health checks, its task definition, when it started and stopped, its stop code and
//! reason, its zone, its desired status) and shown in `TaskColumn`'s order. Where room is short, one SINCE
//! column (how long the task has been in its status) stands in for STARTED and STOPPED.

use crate::app::table::columns::{fixed, Laid, Width};
use crate::app::table::{SortColumn, TableKind};
use crate::app::task_list::{TaskList, TaskMeasures};
use crate::app::{State, TableView};
use crate::geometry::{COLUMN_GAP, CURSOR_CELLS};
use crate::model::wrap::width;

/// The columns in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaskColumn {
    Task,
    Service,
    LastStatus,
    Since,
    Desired,
    Containers,
    Target,
    Protected,
    Az,
    TaskDef,
    /// TASK DEF's compact form: the revision alone (a service's tasks are all of one family).
    Rev,
    Started,
    Stopped,
    StopCode,
    Reason,
}

/// The columns a table has only when they say something.
#[derive(Debug, Clone, Copy, Default)]
struct Extra {
    /// SERVICE: a cluster's tasks, of many services.
    service: bool,
    /// TARGET: a target group of these tasks has been read.
    target: bool,
    /// PROTECTED: a task is under scale-in protection.
    protection: bool,
}

/// What a column would like (`need`) and the least it can be cut to (`min`, as `need` when it cannot be).
struct Want {
    col: TaskColumn,
    title: &'static str,
    need: u16,
    min: u16,
}

/// Ages (`59m59s ago`, `23h59m ago`) are at most this wide.
const AGE: u16 = 10;
/// A reason wider than this is cut, so that the zone and the desired status still get their turn.
const REASON_MAX: u16 = 40;

/// The columns of `tasks` as `cursor` arranges them, in a table `width` cells wide, in the order they are
/// shown. `kind` is `Tasks` (a service's) or `ClusterTasks` (with SERVICE). The service screen and the
/// tasks screen lay out their tables with it (`ServiceScreen::task_columns`, `TasksScreen::columns`).
pub fn task_columns(
    state: &State,
    tasks: &TaskList,
    cursor: &TableView,
    kind: TableKind,
    width: u16,
) -> Vec<Laid<TaskColumn>> {
    let room = width.saturating_sub(CURSOR_CELLS);
    let extra = Extra {
        service: kind == TableKind::ClusterTasks,
        target: any_target_read(state, tasks),
        protection: any_protected(state, tasks, cursor),
    };
    let sorted = kind.sorted_by(cursor).map(|(by, _)| by);
    plan(tasks.measures(), extra, sorted, room)
}

/// Only where a target group of these tasks has been read: a column of "not read" would say nothing.
/// Looked up by service (measured when the list was stored), not task by task: 20,000 tasks lay out as
/// fast as 100.
fn any_target_read(state: &State, tasks: &TaskList) -> bool {
    let cluster_arn = tasks.first().map_or("", |t| t.cluster_arn.as_str());
    let services = &tasks.measures().services;
    state
        .service_rows(cluster_arn)
        .iter()
        .filter(|s| services.contains(&s.name))
        .flat_map(|s| &s.load_balancers)
        .any(|b| {
            std::iter::once(b.target_group_arn.as_str())
                .chain(b.alternate_target_group_arn.as_deref())
                .any(|tg| state.target_health(tg).is_some())
        })
}

/// Only while a task of the list is protected: a column of dashes would say nothing. The protected are few
/// (at most the 100 read), so the 20,000 rows are looked up in them, not each in every read.
fn any_protected(state: &State, tasks: &TaskList, cursor: &TableView) -> bool {
    let protected = crate::app::task_protection::protected_now(state);
    !protected.is_empty()
        && cursor
            .rows
            .iter()
            .filter_map(|&i| tasks.get(i))
            .any(|t| protected.contains(t.arn.as_str()))
}

/// A column of the task table, `title` and `width` cells wide.
fn laid(id: TaskColumn, title: &'static str, width: u16) -> Laid<TaskColumn> {
    let column = fixed(title, width);
    // Ages line up on the right.
    let right = matches!(
        id,
        TaskColumn::Since | TaskColumn::Started | TaskColumn::Stopped
    );
    Laid::new(id, if right { column.right() } else { column })
}

/// A laid column's width (every task column is `Fixed`).
fn width_of(l: &Laid<TaskColumn>) -> u16 {
    match l.column.width {
        Width::Fixed(n) => n,
        _ => 0,
    }
}

fn plan(
    tasks: &TaskMeasures,
    extra: Extra,
    sorted: Option<&SortColumn>,
    room: u16,
) -> Vec<Laid<TaskColumn>> {
    let with_service = extra.service;
    // STARTED and STOPPED apart when that leaves the stop code whole; else SINCE for both.
    let split = fit(&wants(tasks, extra, true), room, sorted, !with_service);
    let code_whole = |p: &[Laid<TaskColumn>]| {
        let need = want_stop_code(tasks).need;
        p.iter()
            .any(|l| l.id == TaskColumn::StopCode && width_of(l) >= need)
    };
    let mut planned = if code_whole(&split) {
        split
    } else {
        fit(&wants(tasks, extra, false), room, sorted, !with_service)
    };
    planned.sort_by_key(|l| l.id);
    planned
}

fn want_stop_code(tasks: &TaskMeasures) -> Want {
    let need = tasks.stop_code.max(9);
    Want {
        col: TaskColumn::StopCode,
        title: "STOP CODE",
        need,
        min: need.min(10),
    }
}

/// Every column a table of `tasks` could show, most wanted first.
fn wants(tasks: &TaskMeasures, extra: Extra, split: bool) -> Vec<Want> {
    let Extra {
        service: with_service,
        target: with_target,
        protection: with_protection,
    } = extra;
    let fixed = |col, title, need| Want {
        col,
        title,
        need,
        min: need,
    };
    let mut w = vec![fixed(TaskColumn::Task, "TASK", 8)];
    if with_service {
        let need = tasks.service.clamp(7, 16);
        w.push(Want {
            col: TaskColumn::Service,
            title: "SERVICE",
            need,
            min: need.min(8),
        });
    }
    let status = (tasks.last_status + 2).max(11);
    w.push(fixed(TaskColumn::LastStatus, "LAST STATUS", status));
    w.push(fixed(TaskColumn::Containers, "CONTAINERS", 11));
    if with_target {
        w.push(fixed(TaskColumn::Target, "TARGET", 11));
    }
    if with_protection {
        w.push(fixed(TaskColumn::Protected, "PROTECTED", 9));
    }
    // Where room is short, a service's tasks (all of one family) say only their revision, and a cluster's
    // (of many families, as wide as the longest) say when and why before which.
    let td = tasks.task_def.max(8);
    let td = match (split, with_service) {
        (false, false) => fixed(TaskColumn::TaskDef, "REV", 4),
        _ => fixed(TaskColumn::TaskDef, "TASK DEF", td),
    };
    let later = !split && with_service;
    let mut td = Some(td);
    if !later {
        w.extend(td.take());
    }
    if split {
        w.push(fixed(TaskColumn::Started, "STARTED", AGE));
        w.push(fixed(TaskColumn::Stopped, "STOPPED", AGE));
    } else {
        w.push(fixed(TaskColumn::Since, "SINCE", AGE));
    }
    w.push(want_stop_code(tasks));
    w.extend(td);
    let reason = tasks.stopped_reason;
    w.push(Want {
        col: TaskColumn::Reason,
        title: "STOPPED REASON",
        need: reason.clamp(14, REASON_MAX),
        // No narrower than its header.
        min: 14,
    });
    let az = tasks.availability_zone.max(2);
    w.push(fixed(TaskColumn::Az, "AZ", az));
    w.push(fixed(TaskColumn::Desired, "DESIRED", 7));
    w
}

/// Lay `wants` out in `room`. `rev`: TASK DEF may give way to REV (a service's table, where every task is of
/// the same family).
fn fit(wants: &[Want], room: u16, sorted: Option<&SortColumn>, rev: bool) -> Vec<Laid<TaskColumn>> {
    // A sorted column's header needs room for ` ▲`.
    let widen = |title: &str, w: u16| match sorted {
        Some(by) if by.is_shown_by(title) => {
            w.max(width(title).min(usize::from(u16::MAX)) as u16 + 2)
        }
        _ => w,
    };
    let mut out: Vec<Laid<TaskColumn>> = Vec::new();
    let mut used = 0u16;
    for want in wants {
        let sep = if out.is_empty() { 0 } else { COLUMN_GAP };
        let left = room.saturating_sub(used + sep);
        let mut place = |id, title, width| {
            out.push(laid(id, title, width));
            used += sep + width;
        };
        if want.col == TaskColumn::TaskDef {
            let full = widen(want.title, want.need);
            let short = widen("REV", 4);
            if full <= left && want.title != "REV" {
                place(want.col, want.title, full);
            } else if rev && short <= left {
                place(TaskColumn::Rev, "REV", short);
            }
            continue;
        }
        let need = widen(want.title, want.need);
        let min = widen(want.title, want.min);
        if need <= left {
            place(want.col, want.title, need);
        } else if min <= left {
            place(want.col, want.title, left);
            break;
        } else {
            break;
        }
    }
    if let Some(reason) = out.iter_mut().find(|l| l.id == TaskColumn::Reason) {
        reason.column.width = Width::Fixed(width_of(reason) + room.saturating_sub(used));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::TaskList;
    use crate::model::{StopCode, Task, TaskStatus};

    fn tasks() -> Vec<Task> {
        let stopped = Task {
            task_definition_arn: "arn:aws:ecs:r:1:task-definition/web:42".into(),
            group: "service:web".into(),
            last_status: TaskStatus::Stopped,
            availability_zone: "eu-west-1a".into(),
            stop_code: Some(StopCode::EssentialContainerExited),
            stopped_reason: Some("Essential container in task exited".into()),
            ..Task::default()
        };
        vec![stopped]
    }

    fn titles(p: &[Laid<TaskColumn>]) -> Vec<&str> {
        p.iter().map(|l| l.column.title).collect()
    }

    #[test]
    fn columns_come_as_the_width_allows() {
        let t = tasks();
        let m = TaskList::new(t.clone());
        let extra = Extra {
            target: true,
            ..Extra::default()
        };
        let at = |room| plan(m.measures(), extra, None, room);
        assert_eq!(
            titles(&at(76)),
            [
                "TASK",
                "LAST STATUS",
                "SINCE",
                "CONTAINERS",
                "TARGET",
                "REV",
                "STOP CODE"
            ]
        );
        assert_eq!(
            titles(&at(116)),
            [
                "TASK",
                "LAST STATUS",
                "CONTAINERS",
                "TARGET",
                "TASK DEF",
                "STARTED",
                "STOPPED",
                "STOP CODE",
                "STOPPED REASON"
            ]
        );
        // A cluster's tasks at 80 columns: when and why before which task definition.
        let mut cluster = t.clone();
        cluster[0].group = "service:recommendations".into();
        cluster[0].task_definition_arn = "arn:aws:ecs:r:1:task-definition/recommendations:1".into();
        assert_eq!(
            titles(&plan(
                TaskList::new(cluster).measures(),
                Extra {
                    service: true,
                    ..Extra::default()
                },
                None,
                76
            )),
            [
                "TASK",
                "SERVICE",
                "LAST STATUS",
                "SINCE",
                "CONTAINERS",
                "STOP CODE"
            ]
        );
        let wide = at(156);
        assert_eq!(wide.len(), 11, "{:?}", titles(&wide));
        for room in [40, 76, 96, 116, 136, 156, 250] {
            let p = at(room);
            let used: u16 = p.iter().map(width_of).sum::<u16>() + p.len() as u16 - 1;
            assert!(used <= room, "{room}: {p:?}");
            if [76, 116, 156, 250].contains(&room) {
                assert_eq!(used, room, "{room} uses its width: {p:?}");
            }
        }
    }

    #[test]
    fn every_sort_column_has_its_header_when_there_is_room() {
        use crate::app::table::{ClusterTask, Listed};
        let m = TaskList::new(tasks());
        let every = Extra {
            service: true,
            target: true,
            protection: true,
        };
        let laid = plan(m.measures(), every, None, 250);
        for by in ClusterTask::SORT_COLUMNS {
            assert!(
                laid.iter().any(|l| by.is_shown_by(l.column.title)),
                "{} has no column in {:?}",
                by.label,
                titles(&laid)
            );
        }
    }
}
