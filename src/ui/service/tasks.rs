//! The service's tasks: live ones first, then the recently stopped, dimmed, with their stop code.

use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

use crate::app::{Screen, State, TableKind, TableView};
use crate::model::{Age, DesiredStatus, Service, StopCode, Task, TaskStatus, Timestamp};
use crate::ui::text::{family_revision, revision, short_id, Trunc};
use crate::ui::widgets::{message, panel, status, table, Column, Label, Shown, TableRow};
use crate::ui::Theme;

const WIDE: u16 = 130;

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

pub fn draw(frame: &mut Frame, area: Rect, state: &State, s: &Service, theme: &Theme) {
    let Screen::Service { cursor, .. } = state.screen() else {
        return;
    };
    let loadable = state.tasks_of(&s.cluster_arn, &s.name);
    let what = format!("tasks of {}", s.name);
    match Shown::of(loadable) {
        Shown::Loading => {
            let inner = panel::section(frame, area, theme, "Tasks", "");
            message::draw(frame, inner, message::loading(&what, theme));
        }
        Shown::Failed(e) => {
            let inner = panel::section(frame, area, theme, "Tasks", "");
            message::draw(frame, inner, message::failed(&what, e, theme));
        }
        Shown::Data(tasks) if tasks.is_empty() => {
            let inner = panel::section(frame, area, theme, "Tasks (0)", "");
            let (headline, meaning) = if s.desired_count == 0 {
                (
                    "No tasks.",
                    "The desired count is 0: the service is scaled to zero.",
                )
            } else {
                (
                    "No tasks yet.",
                    "ECS has not started this service's tasks. If it cannot place them, the events above say why.",
                )
            };
            message::draw(
                frame,
                inner,
                message::empty(headline.into(), meaning, theme),
            );
        }
        Shown::Data(tasks) => draw_table(frame, area, tasks, cursor, state.now, theme),
    }
}

fn draw_table(
    frame: &mut Frame,
    area: Rect,
    tasks: &[Task],
    cursor: &TableView,
    now: Timestamp,
    theme: &Theme,
) {
    let stopped = tasks
        .iter()
        .filter(|t| t.last_status == TaskStatus::Stopped)
        .count();
    let stopping = tasks.iter().filter(|t| t.is_stopping_or_stopped()).count() - stopped;
    let live = tasks.len() - stopping - stopped;
    let mut counts = vec![format!("{live} live")];
    counts.extend((stopping > 0).then(|| format!("{stopping} stopping")));
    counts.extend((stopped > 0).then(|| format!("{stopped} stopped")));
    let title = format!("Tasks ({})", counts.join(", "));
    let note = table::view_note(cursor, TableKind::Tasks, tasks.len());
    let inner = panel::section(frame, area, theme, &title, &note);
    if let (true, Some(filter)) = (cursor.rows.is_empty(), &cursor.filter) {
        message::draw(frame, inner, message::no_match("tasks", filter, theme));
        return;
    }
    let wide = inner.width >= WIDE;
    let columns: &[Column] = if wide { &WIDE_COLUMNS } else { &NARROW };
    table::draw_table(
        frame,
        inner,
        theme,
        columns,
        cursor.rows.len(),
        Some((cursor, TableKind::Tasks)),
        |i| match table::shown(tasks, cursor, i) {
            Some(t) => row(t, wide, now, theme).marked(cursor.marks.contains(&t.arn)),
            None => TableRow::new(Vec::new()),
        },
    );
}

fn row(t: &Task, wide: bool, now: Timestamp, theme: &Theme) -> TableRow {
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
    let mut cells = vec![
        dim(Label::new(short_id(t.id()), theme.text)),
        dim(status::task_status(t.last_status, theme)),
    ];
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
        cells.extend([
            dim(status::health(t.health_status, theme)),
            dim(Label::new(revision(&t.task_definition_arn), theme.text)),
            dim(Label::new(age, theme.text)),
            stop_code,
        ]);
    }
    TableRow::new(cells)
}

fn stop_code_style(code: StopCode, theme: &Theme) -> ratatui::style::Style {
    match code {
        StopCode::TaskFailedToStart | StopCode::EssentialContainerExited => theme.error,
        StopCode::SpotInterruption | StopCode::TerminationNotice => theme.warn,
        StopCode::UserInitiated | StopCode::ServiceSchedulerInitiated => theme.muted,
    }
}
