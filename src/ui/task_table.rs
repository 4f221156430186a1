//! The task table that a service's view and a cluster's tasks view share: live tasks first, then the recently
//! stopped, dimmed, with their stop code. A cluster's table adds the SERVICE column (`standalone` for tasks
//! started on their own).
//!
//! Which columns it has, and how wide, the screens decide (`ServiceScreen::task_columns`,
//! `TasksScreen::columns`); this draws each task's cell for each.

use std::collections::HashMap;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

use crate::app::table::columns::Laid;
use crate::app::{Loadable, State, TableKind, TableView, TaskColumn, TaskList};
use crate::model::{
    family_revision, left, revision, DesiredStatus, LoadBalancerBinding, StopCode, TargetSeen,
    Task, TaskStatus, Timestamp,
};
use crate::ui::text::{partial, short_id, target_group_name, thousands, Trunc};
use crate::ui::widgets::{message, status, table, Label, Shown, TableRow};
use crate::ui::Theme;

/// `3 live, 1 stopping, 2 stopped`, leaving out what there is none of (but never the live count). While the
/// list fills in, what is listed, described and still waiting instead (`4,000 listed · 100 described ·
/// 3,900 waiting`); tasks its read could not describe are counted after the rest (`· 12 waiting: throttled`).
pub fn counts(tasks: &TaskList) -> String {
    let (listed, described) = tasks.progress();
    let (waiting, throttled) = tasks.waiting();
    let waiting_part = || {
        let why = if throttled { ": throttled" } else { "" };
        format!("{} waiting{why}", thousands(waiting))
    };
    if tasks.is_partial() {
        // A first read that failed part way (its error is shown below) says so: `37 listed so far`.
        let so_far = if tasks.is_loading() { "" } else { " so far" };
        let mut parts = vec![
            format!("{} listed{so_far}", thousands(listed)),
            format!("{} described", thousands(described)),
        ];
        parts.extend((waiting > 0).then(waiting_part));
        return parts.join(" · ");
    }
    let m = tasks.measures();
    let live = tasks.len() - m.stopping - m.stopped;
    let mut counts = vec![format!("{live} live")];
    counts.extend((m.stopping > 0).then(|| format!("{} stopping", m.stopping)));
    counts.extend((m.stopped > 0).then(|| format!("{} stopped", m.stopped)));
    let counts = counts.join(", ");
    match waiting {
        0 => counts,
        _ => format!("{counts} · {}", waiting_part()),
    }
}

/// What a task list's table shows. A read under way shows its rows as they come: loading until its first
/// page is listed; a first read that failed before any row shows its error.
pub fn shown(loaded: Option<&Loadable<TaskList>>) -> Shown<'_, TaskList> {
    match Shown::of(loaded) {
        Shown::Data(t) if t.is_partial() && t.rows().is_empty() => {
            match loaded.and_then(|l| l.status.error.as_ref()) {
                Some(e) if !t.is_loading() => Shown::Failed(e),
                _ => Shown::Loading,
            }
        }
        other => other,
    }
}

/// The note beside a task table's title: the filter and sort, and what they could not look at.
pub fn note(tasks: &TaskList, cursor: &TableView, kind: TableKind) -> String {
    [
        table::view_note(cursor, kind, tasks.rows().len()),
        partial(tasks.progress(), cursor),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The table of `tasks` as `cursor` arranges them, in `area` (inside its panel); or, when the filter keeps no
/// row, a note that says so. `kind` is `Tasks` or `ClusterTasks` (with SERVICE).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    tasks: &TaskList,
    (cursor, kind): (&TableView, TableKind),
    laid: &[Laid<TaskColumn>],
    state: &State,
    theme: &Theme,
) {
    if let (true, Some(filter)) = (cursor.rows.is_empty(), &cursor.filter) {
        message::draw(frame, area, message::no_match("tasks", filter, theme));
        return;
    }
    let cluster_arn = tasks.first().map_or("", |t| t.cluster_arn.as_str());
    let lb = Balancing::new(state, cluster_arn);
    let columns = table::laid_columns(laid, area.width);
    let rows = tasks.rows();
    table::draw_view(frame, area, theme, &columns, rows, (cursor, kind), |t| {
        if tasks.is_placeholder(&t.arn) {
            return placeholder_row(t, laid, tasks, theme);
        }
        row(t, laid, &lb, state, theme)
    });
}

/// Where the load balancers' view of each task comes from: its service's target groups, and their target
/// health as the state already holds it (no read of its own).
struct Balancing<'a> {
    state: &'a State,
    /// Each service's load balancers, by service name.
    bindings: HashMap<&'a str, &'a [LoadBalancerBinding]>,
}

impl<'a> Balancing<'a> {
    fn new(state: &'a State, cluster_arn: &str) -> Self {
        let bindings = state
            .service_rows(cluster_arn)
            .iter()
            .filter(|s| !s.load_balancers.is_empty())
            .map(|s| (s.name.as_str(), s.load_balancers.as_slice()))
            .collect();
        Balancing { state, bindings }
    }

    fn bindings(&self, t: &Task) -> &'a [LoadBalancerBinding] {
        t.service_name()
            .and_then(|name| self.bindings.get(name).copied())
            .unwrap_or_default()
    }

    /// The TARGET cell: the worst state among the task's targets, `—` when it has none.
    fn cell(&self, t: &Task, theme: &Theme) -> Label {
        let targets = t.targets(self.bindings(t), |tg| self.state.target_health(tg));
        let worst = targets
            .iter()
            .filter_map(|t| t.state())
            .min_by_key(|s| s.severity());
        match worst {
            Some(state) => status::target_state(state, theme),
            None if targets.iter().any(|t| t.seen == TargetSeen::NotRead) => {
                Label::new("? not read", theme.muted)
            }
            None => Label::new("—", theme.muted),
        }
    }
}

/// The PROTECTED cell: how long a protected task stays protected, `—` for the others.
fn protection_cell(state: &State, t: &Task, theme: &Theme) -> Label {
    match crate::app::task_protection::of(state, &t.arn) {
        Some(p) if p.holds(state.now) => {
            let left = p
                .expires_at
                .map_or("on".to_string(), |at| left(at.since(state.now)));
            Label::new(left, theme.focus)
        }
        _ => Label::new("—", theme.muted),
    }
}

/// `web-blue: ✗ unhealthy: Health checks failed with these codes: [502]`, one per target group of `t`'s
/// service: for the task screen.
pub fn target_lines(state: &State, t: &Task, theme: &Theme) -> Vec<(String, Label)> {
    let lb = Balancing::new(state, &t.cluster_arn);
    t.targets(lb.bindings(t), |tg| state.target_health(tg))
        .into_iter()
        .map(|target| {
            let group = target_group_name(target.target_group_arn).to_string();
            let label = match target.seen {
                TargetSeen::Registered(th) => {
                    let mut l = status::target_state(th.state, theme);
                    if let Some(why) = th.description.as_deref().or(th.reason.as_deref()) {
                        l.text.push_str(&format!(": {why}"));
                    }
                    l
                }
                TargetSeen::NotRegistered => Label::new("not registered", theme.muted),
                TargetSeen::NotRead => Label::new("not read yet", theme.muted),
            };
            (group, label)
        })
        .collect()
}

fn row(
    t: &Task,
    laid: &[Laid<TaskColumn>],
    lb: &Balancing,
    state: &State,
    theme: &Theme,
) -> TableRow {
    let now = state.now;
    let stopped = t.last_status == TaskStatus::Stopped;
    // A stopped task recedes; only its stop code keeps its colour.
    let dim = |label: Label| {
        if stopped {
            Label {
                style: theme.muted,
                ..label
            }
        } else {
            label
        }
    };
    let ago =
        |at: Option<Timestamp>| at.map_or_else(|| "—".to_string(), |at| at.ago(now).to_string());
    let cells = laid
        .iter()
        .map(|l| match l.id {
            TaskColumn::Task => dim(Label::new(short_id(t.id()), theme.text)),
            TaskColumn::Service => {
                // A task no service looks after is what a clean-up is looking for.
                let style = if t.service_name().is_some() {
                    theme.text
                } else {
                    theme.focus
                };
                dim(Label::new(t.service_or_group(), style))
            }
            TaskColumn::LastStatus => dim(status::task_status(t.last_status, theme)),
            TaskColumn::Since => dim(Label::new(ago(Some(in_status_since(t))), theme.text)),
            TaskColumn::Desired => dim(match t.desired_status {
                DesiredStatus::Running => Label::new("RUNNING", theme.text),
                DesiredStatus::Stopped => Label::new("STOPPED", theme.draining),
            }),
            TaskColumn::Containers => dim(status::health(t.health_status, theme)),
            TaskColumn::Target => dim(lb.cell(t, theme)),
            TaskColumn::Protected => dim(protection_cell(state, t, theme)),
            TaskColumn::Az => dim(Label::new(t.availability_zone.clone(), theme.text)),
            TaskColumn::Rev => dim(Label::new(revision(&t.task_definition_arn), theme.text)),
            TaskColumn::TaskDef => dim(Label::new(
                family_revision(&t.task_definition_arn),
                theme.text,
            )
            .trunc(Trunc::Revision)),
            TaskColumn::Started => dim(Label::new(ago(t.started_at), theme.text)),
            TaskColumn::Stopped if stopped => dim(Label::new(ago(t.stopped_at), theme.text)),
            TaskColumn::Stopped => Label::new("", theme.text),
            TaskColumn::StopCode => match t.stop_code {
                Some(code) => Label::new(code.as_str(), stop_code_style(code, theme)),
                None => Label::new("", theme.muted),
            },
            TaskColumn::Reason => dim(Label::new(
                t.stopped_reason.clone().unwrap_or_default(),
                theme.text,
            )),
        })
        .collect();
    TableRow::new(cells)
}

/// A task listed and not described yet: its id, and why it is not described (in LAST STATUS).
fn placeholder_row(
    t: &Task,
    laid: &[Laid<TaskColumn>],
    tasks: &TaskList,
    theme: &Theme,
) -> TableRow {
    let why = match (tasks.is_reading(), tasks.waiting().1) {
        (true, _) => "reading…",
        (false, true) => "throttled",
        (false, false) => "not read",
    };
    let cells = laid
        .iter()
        .map(|l| match l.id {
            TaskColumn::Task => Label::new(short_id(t.id()), theme.muted),
            TaskColumn::LastStatus => Label::new(why, theme.muted),
            _ => Label::new("·", theme.muted),
        })
        .collect();
    TableRow::new(cells)
}

/// Since when the task has been in its last status: created (pending), started (running), asked to stop
/// (stopping), stopped.
fn in_status_since(t: &Task) -> Timestamp {
    let stopping = t.stopping_at.or(t.started_at).unwrap_or(t.created_at);
    match t.last_status {
        TaskStatus::Stopped | TaskStatus::Deleted => t.stopped_at.unwrap_or(stopping),
        s if s.is_stopping_or_stopped() => stopping,
        TaskStatus::Running => t.started_at.unwrap_or(t.created_at),
        _ => t.created_at,
    }
}

fn stop_code_style(code: StopCode, theme: &Theme) -> Style {
    match code {
        StopCode::TaskFailedToStart | StopCode::EssentialContainerExited => theme.error,
        StopCode::SpotInterruption | StopCode::TerminationNotice => theme.warn,
        StopCode::UserInitiated | StopCode::ServiceSchedulerInitiated => theme.muted,
    }
}
