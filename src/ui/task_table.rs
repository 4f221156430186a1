//! The task table that a service's view and a cluster's tasks view share: live tasks first, then the recently
//! stopped, dimmed, with their stop code. A cluster's table adds the SERVICE column (`standalone` for tasks
//! started on their own).
//!
//! Columns come as the width allows, in the order an on-call engineer reads them: the task, its service,
//! its status, its two health checks (the containers' own, and the load balancer's of its target), its
//! task definition, when it started and stopped, its stop code and reason, its zone, its desired status.
//! Where room is short, one SINCE column (how long the task has been in its status) stands in for STARTED
//! and STOPPED, and REV for TASK DEFINITION.

use std::collections::HashMap;

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::Frame;

use crate::app::{State, TableKind, TableView, TaskList};
use crate::model::{
    family_revision, left, revision, DesiredStatus, LoadBalancerBinding, StopCode, TargetHealth,
    TargetSeen, Task, TaskStatus, Timestamp,
};
use crate::ui::text::{short_id, target_group_name, width, Trunc};
use crate::ui::widgets::{message, status, table, Column, Label, TableRow};
use crate::ui::Theme;

mod plan;

use plan::{plan, Col, Extra, Planned};

/// `3 live, 1 stopping, 2 stopped`, leaving out what there is none of (but never the live count).
pub fn counts(tasks: &TaskList) -> String {
    let m = tasks.measures();
    let live = tasks.len() - m.stopping - m.stopped;
    let mut counts = vec![format!("{live} live")];
    counts.extend((m.stopping > 0).then(|| format!("{} stopping", m.stopping)));
    counts.extend((m.stopped > 0).then(|| format!("{} stopped", m.stopped)));
    counts.join(", ")
}

/// The table of `tasks` as `cursor` arranges them, in `area` (inside its panel); or, when the filter keeps no
/// row, a note that says so. `kind` is `Tasks` or `ClusterTasks` (with SERVICE).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    tasks: &TaskList,
    cursor: &TableView,
    kind: TableKind,
    state: &State,
    theme: &Theme,
) {
    if let (true, Some(filter)) = (cursor.rows.is_empty(), &cursor.filter) {
        message::draw(frame, area, message::no_match("tasks", filter, theme));
        return;
    }
    let cluster_arn = tasks.first().map_or("", |t| t.cluster_arn.as_str());
    let lb = Balancing::new(state, cluster_arn);
    let with_service = kind == TableKind::ClusterTasks;
    // Only where a target group of these tasks has been read: a column of "not read" would say nothing.
    // Looked up by service (measured when the list was stored), not task by task: 20,000 tasks draw as
    // fast as 100.
    let measures = tasks.measures();
    let with_target = measures.services.iter().any(|name| {
        let bindings = lb.bindings.get(name.as_str()).copied().unwrap_or_default();
        bindings.iter().any(|b| {
            target_health(state, &b.target_group_arn).is_some()
                || b.alternate_target_group_arn
                    .as_deref()
                    .is_some_and(|tg| target_health(state, tg).is_some())
        })
    });
    let sorted = kind.sorted_by(cursor).map(|(by, _)| by);
    // Only while a task of the list is protected: a column of dashes would say nothing. The protected are
    // few (at most the 100 read), so the 20,000 rows are looked up in them, not each in every read.
    let protected = crate::app::task_protection::protected_now(state);
    let extra = Extra {
        service: with_service,
        target: with_target,
        protection: !protected.is_empty()
            && cursor
                .rows
                .iter()
                .filter_map(|&i| tasks.get(i))
                .any(|t| protected.contains(t.arn.as_str())),
    };
    let planned = plan(measures, extra, sorted, area.width.saturating_sub(2));
    let columns: Vec<Column> = planned
        .iter()
        .map(|p| {
            let width = Constraint::Length(p.width);
            if p.col.right() {
                Column::right(p.title, width)
            } else {
                Column::new(p.title, width)
            }
        })
        .collect();
    table::draw_view(frame, area, theme, &columns, tasks, (cursor, kind), |t| {
        row(t, &planned, &lb, state, theme)
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
        let targets = t.targets(self.bindings(t), |tg| target_health(self.state, tg));
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

/// A target group's targets, if the state holds them.
pub fn target_health<'a>(state: &'a State, target_group_arn: &str) -> Option<&'a [TargetHealth]> {
    state
        .session
        .cache
        .target_health
        .get(target_group_arn)
        .and_then(|l| l.data.as_deref())
}

/// `web-blue: ✗ unhealthy: Health checks failed with these codes: [502]`, one per target group of `t`'s
/// service: for the task screen.
pub fn target_lines(state: &State, t: &Task, theme: &Theme) -> Vec<(String, Label)> {
    let lb = Balancing::new(state, &t.cluster_arn);
    t.targets(lb.bindings(t), |tg| target_health(state, tg))
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

fn row(t: &Task, planned: &[Planned], lb: &Balancing, state: &State, theme: &Theme) -> TableRow {
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
    let cells = planned
        .iter()
        .map(|p| match p.col {
            Col::Task => dim(Label::new(short_id(t.id()), theme.text)),
            Col::Service => {
                // A task no service looks after is what a clean-up is looking for.
                let style = if t.service_name().is_some() {
                    theme.text
                } else {
                    theme.focus
                };
                dim(Label::new(t.service_or_group(), style))
            }
            Col::LastStatus => dim(status::task_status(t.last_status, theme)),
            Col::Since => dim(Label::new(ago(Some(in_status_since(t))), theme.text)),
            Col::Desired => dim(match t.desired_status {
                DesiredStatus::Running => Label::new("RUNNING", theme.text),
                DesiredStatus::Stopped => Label::new("STOPPED", theme.draining),
            }),
            Col::Containers => dim(status::health(t.health_status, theme)),
            Col::Target => dim(lb.cell(t, theme)),
            Col::Protected => dim(protection_cell(state, t, theme)),
            Col::Az => dim(Label::new(t.availability_zone.clone(), theme.text)),
            Col::TaskDef if p.compact => {
                dim(Label::new(revision(&t.task_definition_arn), theme.text))
            }
            Col::TaskDef => dim(
                Label::new(family_revision(&t.task_definition_arn), theme.text)
                    .trunc(Trunc::Revision),
            ),
            Col::Started => dim(Label::new(ago(t.started_at), theme.text)),
            Col::Stopped if stopped => dim(Label::new(ago(t.stopped_at), theme.text)),
            Col::Stopped => Label::new("", theme.text),
            Col::StopCode => match t.stop_code {
                Some(code) => Label::new(code.as_str(), stop_code_style(code, theme)),
                None => Label::new("", theme.muted),
            },
            Col::Reason => dim(Label::new(
                t.stopped_reason.clone().unwrap_or_default(),
                theme.text,
            )),
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

/// Display width, as a column width.
fn cells(s: &str) -> u16 {
    width(s).min(usize::from(u16::MAX)) as u16
}
