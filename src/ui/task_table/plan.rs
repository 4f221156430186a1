//! Which task columns fit, and how wide: each in turn, in the order they matter, at the width its content
//! needs; the first that does not fit whole takes what is left if it can be cut (a stop code, a reason) and
//! ends the table, else the table ends before it. TASK DEF gives way to REV (a service's tasks, where room is
//! short), then to nothing, and the columns after it still get their turn. The reason takes the room left
//! over.

use crate::app::table::SortColumn;
use crate::app::task_list::TaskMeasures;

use super::cells;

/// The columns in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Col {
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
    Started,
    Stopped,
    StopCode,
    Reason,
}

impl Col {
    /// Ages line up on the right.
    pub fn right(self) -> bool {
        matches!(self, Col::Since | Col::Started | Col::Stopped)
    }
}

/// A column as drawn: its header, its width, and whether it is the compact form (REV for TASK DEF).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub col: Col,
    pub title: &'static str,
    pub width: u16,
    pub compact: bool,
}

/// The columns a table has only when they say something.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extra {
    /// SERVICE: a cluster's tasks, of many services.
    pub service: bool,
    /// TARGET: a target group of these tasks has been read.
    pub target: bool,
    /// PROTECTED: a task is under scale-in protection.
    pub protection: bool,
}

/// What a column would like (`need`) and the least it can be cut to (`min`, as `need` when it cannot be).
struct Want {
    col: Col,
    title: &'static str,
    need: u16,
    min: u16,
}

/// Ages (`59m59s ago`, `23h59m ago`) are at most this wide.
const AGE: u16 = 10;
/// A reason wider than this is cut, so that the zone and the desired status still get their turn.
const REASON_MAX: u16 = 40;

/// The columns for `room` cells (the table's width less its cursor), in the order they are shown.
pub fn plan(
    tasks: &TaskMeasures,
    extra: Extra,
    sorted: Option<&SortColumn>,
    room: u16,
) -> Vec<Planned> {
    let with_service = extra.service;
    // STARTED and STOPPED apart when that leaves the stop code whole; else SINCE for both.
    let split = fit(&wants(tasks, extra, true), room, sorted, !with_service);
    let code_whole = |p: &[Planned]| {
        let need = want_stop_code(tasks).need;
        p.iter().any(|p| p.col == Col::StopCode && p.width >= need)
    };
    let mut planned = if code_whole(&split) {
        split
    } else {
        fit(&wants(tasks, extra, false), room, sorted, !with_service)
    };
    planned.sort_by_key(|p| p.col);
    planned
}

fn want_stop_code(tasks: &TaskMeasures) -> Want {
    let need = tasks.stop_code.max(9);
    Want {
        col: Col::StopCode,
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
    let mut w = vec![fixed(Col::Task, "TASK", 8)];
    if with_service {
        let need = tasks.service.clamp(7, 16);
        w.push(Want {
            col: Col::Service,
            title: "SERVICE",
            need,
            min: need.min(8),
        });
    }
    let status = (tasks.last_status + 2).max(11);
    w.push(fixed(Col::LastStatus, "LAST STATUS", status));
    w.push(fixed(Col::Containers, "CONTAINERS", 11));
    if with_target {
        w.push(fixed(Col::Target, "TARGET", 11));
    }
    if with_protection {
        w.push(fixed(Col::Protected, "PROTECTED", 9));
    }
    // Where room is short, a service's tasks (all of one family) say only their revision, and a cluster's
    // (of many families, as wide as the longest) say when and why before which.
    let td = tasks.task_def.max(8);
    let td = match (split, with_service) {
        (false, false) => fixed(Col::TaskDef, "REV", 4),
        _ => fixed(Col::TaskDef, "TASK DEF", td),
    };
    let later = !split && with_service;
    let mut td = Some(td);
    if !later {
        w.extend(td.take());
    }
    if split {
        w.push(fixed(Col::Started, "STARTED", AGE));
        w.push(fixed(Col::Stopped, "STOPPED", AGE));
    } else {
        w.push(fixed(Col::Since, "SINCE", AGE));
    }
    w.push(want_stop_code(tasks));
    w.extend(td);
    let reason = tasks.stopped_reason;
    w.push(Want {
        col: Col::Reason,
        title: "STOPPED REASON",
        need: reason.clamp(14, REASON_MAX),
        // No narrower than its header.
        min: 14,
    });
    let az = tasks.availability_zone.max(2);
    w.push(fixed(Col::Az, "AZ", az));
    w.push(fixed(Col::Desired, "DESIRED", 7));
    w
}

/// Lay `wants` out in `room`. `rev`: TASK DEF may give way to REV (a service's table, where every task is of
/// the same family).
fn fit(wants: &[Want], room: u16, sorted: Option<&SortColumn>, rev: bool) -> Vec<Planned> {
    // A sorted column's header needs room for ` ▲`.
    let widen = |title: &str, w: u16| match sorted {
        Some(by) if by.is_shown_by(title) => w.max(cells(title) + 2),
        _ => w,
    };
    let mut out: Vec<Planned> = Vec::new();
    let mut used = 0u16;
    for want in wants {
        let sep = u16::from(!out.is_empty());
        let left = room.saturating_sub(used + sep);
        let mut place = |title, width, compact| {
            out.push(Planned {
                col: want.col,
                title,
                width,
                compact,
            });
            used += sep + width;
        };
        if want.col == Col::TaskDef {
            let full = widen(want.title, want.need);
            let short = widen("REV", 4);
            if full <= left && want.title != "REV" {
                place(want.title, full, false);
            } else if rev && short <= left {
                place("REV", short, true);
            }
            continue;
        }
        let need = widen(want.title, want.need);
        let min = widen(want.title, want.min);
        if need <= left {
            place(want.title, need, false);
        } else if min <= left {
            place(want.title, left, false);
            break;
        } else {
            break;
        }
    }
    if let Some(reason) = out.iter_mut().find(|p| p.col == Col::Reason) {
        reason.width += room.saturating_sub(used);
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

    fn titles(p: &[Planned]) -> Vec<&str> {
        p.iter().map(|p| p.title).collect()
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
            let used: u16 = p.iter().map(|p| p.width).sum::<u16>() + p.len() as u16 - 1;
            assert!(used <= room, "{room}: {p:?}");
            if [76, 116, 156, 250].contains(&room) {
                assert_eq!(used, room, "{room} uses its width: {p:?}");
            }
        }
    }
}
