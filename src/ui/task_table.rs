//! The task table that a service's view and a cluster's tasks view share: live tasks first, then the recently
//! stopped, dimmed, with their stop code. A cluster's table adds the SERVICE column (`standalone` for tasks
//! started on their own).

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::Frame;

use crate::app::{TableKind, TableView};
use crate::model::{Age, DesiredStatus, StopCode, Task, TaskStatus, Timestamp};
use crate::ui::text::{family_revision, revision, short_id, Trunc};
use crate::ui::widgets::{message, status, table, Column, Label, TableRow};
use crate::ui::Theme;

/// From this inner width a service's tasks show every column.
const WIDE: u16 = 130;
/// A cluster's tasks need more room for the same, with SERVICE; below it, stop codes would be the first to go.
const WIDE_WITH_SERVICE: u16 = 150;

/// At 80 columns the zone gives way so that stop codes, what on-call reads first, fit whole. FOR is how long
/// the task has been in its state: pending since created, running since started, stopped since stopped.
const NARROW: [Column; 6] = [
    Column::new("TASK", Constraint::Length(8)),
    Column::new("LAST", Constraint::Length(14)),
    Column::new("HEALTH", Constraint::Length(11)),
    Column::right("REV", Constraint::Length(4)),
    Column::right("FOR", Constraint::Length(6)),
    Column::new("STOP CODE", Constraint::Min(8)),
];

const WIDE_COLUMNS: [Column; 10] = [
    Column::new("TASK", Constraint::Length(8)),
    Column::new("LAST STATUS", Constraint::Length(16)),
    Column::new("DESIRED", Constraint::Length(9)),
    Column::new("HEALTH", Constraint::Length(11)),
    Column::new("AZ", Constraint::Length(12)),
    Column::new("TASK DEFINITION", Constraint::Length(18)),
    Column::right("STARTED", Constraint::Length(7)),
    Column::right("STOPPED", Constraint::Length(7)),
    Column::new("STOP CODE", Constraint::Length(25)),
    Column::new("STOPPED REASON", Constraint::Min(8)),
];

/// Second, after TASK. In the narrow layout it takes the place of REV, which says little without the family.
const SERVICE_NARROW: Column = Column::new("SERVICE", Constraint::Length(14));
const SERVICE_WIDE: Column = Column::new("SERVICE", Constraint::Length(16));

/// `3 live, 1 stopping, 2 stopped`, leaving out what there is none of (but never the live count).
pub fn counts(tasks: &[Task]) -> String {
    let stopped = tasks
        .iter()
        .filter(|t| t.last_status == TaskStatus::Stopped)
        .count();
    let stopping = tasks.iter().filter(|t| t.is_stopping_or_stopped()).count() - stopped;
    let live = tasks.len() - stopping - stopped;
    let mut counts = vec![format!("{live} live")];
    counts.extend((stopping > 0).then(|| format!("{stopping} stopping")));
    counts.extend((stopped > 0).then(|| format!("{stopped} stopped")));
    counts.join(", ")
}

/// The table of `tasks` as `cursor` arranges them, in `area` (inside its panel); or, when the filter keeps no
/// row, a note that says so. `kind` is `Tasks` or `ClusterTasks` (with SERVICE).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    tasks: &[Task],
    cursor: &TableView,
    kind: TableKind,
    now: Timestamp,
    theme: &Theme,
) {
    if let (true, Some(filter)) = (cursor.rows.is_empty(), &cursor.filter) {
        message::draw(frame, area, message::no_match("tasks", filter, theme));
        return;
    }
    let with_service = kind == TableKind::ClusterTasks;
    let wide = area.width
        >= if with_service {
            WIDE_WITH_SERVICE
        } else {
            WIDE
        };
    let columns = columns(wide, with_service);
    table::draw_view(frame, area, theme, &columns, tasks, (cursor, kind), |t| {
        row(t, wide, with_service, now, theme)
    });
}

fn columns(wide: bool, with_service: bool) -> Vec<Column> {
    let mut columns = if wide {
        WIDE_COLUMNS.to_vec()
    } else {
        NARROW.to_vec()
    };
    if with_service {
        columns.insert(1, if wide { SERVICE_WIDE } else { SERVICE_NARROW });
        columns.retain(|c| c.title != "REV");
    }
    columns
}

fn row(t: &Task, wide: bool, with_service: bool, now: Timestamp, theme: &Theme) -> TableRow {
    let stopped = t.last_status == TaskStatus::Stopped;
    // A stopped task recedes; only its stop code keeps its colour.
    let dim = |label: Label| {
        if stopped {
            Label::new(label.text, theme.muted)
        } else {
            label
        }
    };
    let ago = |at: Option<Timestamp>| {
        at.map_or_else(|| "—".to_string(), |at| Age(now.since(at)).to_string())
    };
    let stop_code = match t.stop_code {
        Some(code) => Label::new(code.as_str(), stop_code_style(code, theme)),
        None => Label::new("", theme.muted),
    };
    let mut cells = vec![dim(Label::new(short_id(t.id()), theme.text))];
    if with_service {
        // A task no service looks after is what a clean-up is looking for.
        let style = if t.service_name().is_some() {
            theme.text
        } else {
            theme.focus
        };
        cells.push(dim(Label::new(t.service_or_group(), style)));
    }
    cells.push(dim(status::task_status(t.last_status, theme)));
    if wide {
        let desired = match t.desired_status {
            DesiredStatus::Running => Label::new("RUNNING", theme.text),
            DesiredStatus::Stopped => Label::new("STOPPED", theme.draining),
        };
        cells.extend([
            dim(desired),
            dim(status::health(t.health_status, theme)),
            dim(Label::new(t.availability_zone.clone(), theme.text)),
            dim(
                Label::new(family_revision(&t.task_definition_arn), theme.text)
                    .trunc(Trunc::Revision),
            ),
            dim(Label::new(ago(t.started_at), theme.text)),
            dim(Label::new(
                if stopped {
                    ago(t.stopped_at)
                } else {
                    String::new()
                },
                theme.text,
            )),
            stop_code,
            dim(Label::new(
                t.stopped_reason.clone().unwrap_or_default(),
                theme.text,
            )),
        ]);
    } else {
        let age = if stopped {
            ago(t.stopped_at)
        } else {
            ago(t.started_at.or(Some(t.created_at)))
        };
        cells.push(dim(status::health(t.health_status, theme)));
        if !with_service {
            cells.push(dim(Label::new(
                revision(&t.task_definition_arn),
                theme.text,
            )));
        }
        cells.extend([dim(Label::new(age, theme.text)), stop_code]);
    }
    TableRow::new(cells)
}

fn stop_code_style(code: StopCode, theme: &Theme) -> Style {
    match code {
        StopCode::TaskFailedToStart | StopCode::EssentialContainerExited => theme.error,
        StopCode::SpotInterruption | StopCode::TerminationNotice => theme.warn,
        StopCode::UserInitiated | StopCode::ServiceSchedulerInitiated => theme.muted,
    }
}
