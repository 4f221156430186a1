//! The service's deployments: the primary one and any older ones still being replaced.

use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

use crate::model::{Age, Deployment, DeploymentStatus, Service, Timestamp};
use crate::ui::text::{family_revision, Trunc};
use crate::ui::widgets::{panel, status, table, Column, Label, TableRow};
use crate::ui::Theme;

const WIDE: u16 = 120;

const NARROW: [Column; 7] = [
    Column::new("STATUS", Constraint::Length(7)),
    Column::new("TASK DEF", Constraint::Length(14)),
    Column::new("RUNNING", Constraint::Length(11)),
    Column::right("PEND", Constraint::Length(4)),
    Column::right("FAIL", Constraint::Length(4)),
    Column::new("ROLLOUT", Constraint::Length(13)),
    Column::new("REASON", Constraint::Min(8)),
];

const WIDE_COLUMNS: [Column; 8] = [
    Column::new("STATUS", Constraint::Length(7)),
    Column::new("TASK DEFINITION", Constraint::Length(24)),
    Column::new("RUNNING/DESIRED", Constraint::Length(18)),
    Column::right("PENDING", Constraint::Length(7)),
    Column::right("FAILED", Constraint::Length(6)),
    Column::new("ROLLOUT", Constraint::Length(13)),
    Column::right("UPDATED", Constraint::Length(7)),
    Column::new("REASON", Constraint::Min(8)),
];

pub fn draw(frame: &mut Frame, area: Rect, s: &Service, now: Timestamp, theme: &Theme) {
    let mut deployments: Vec<&Deployment> = s.deployments.iter().collect();
    deployments.sort_by_key(|d| (status_rank(d.status), std::cmp::Reverse(d.created_at)));
    let title = format!("Deployments ({})", deployments.len());
    // The section's title and the table's header take two rows; say how many deployments did not fit.
    let hidden = deployments
        .len()
        .saturating_sub(usize::from(area.height.saturating_sub(2)));
    let mut notes = Vec::new();
    if hidden > 0 {
        notes.push(format!("{hidden} more not shown (enlarge the window)"));
    }
    if s.is_deploying() {
        notes.push("⟳ deploying".to_string());
    }
    let inner = panel::section(frame, area, theme, &title, &notes.join(" · "));
    if deployments.is_empty() {
        return crate::ui::widgets::message::draw(
            frame,
            inner,
            vec![ratatui::text::Line::styled(
                "No deployments reported.",
                theme.muted,
            )],
        );
    }
    let wide = inner.width >= WIDE;
    let columns: &[Column] = if wide { &WIDE_COLUMNS } else { &NARROW };
    table::draw_table(frame, inner, theme, columns, deployments.len(), None, |i| {
        row(deployments[i], wide, now, theme)
    });
}

/// The rollout reason without the deployment id ECS repeats in it: `ECS deployment ecs-svc/123 completed.` ->
/// `completed.`
fn reason(d: &Deployment) -> String {
    let prefix = format!("ECS deployment {} ", d.id);
    d.rollout_state_reason
        .strip_prefix(&prefix)
        .unwrap_or(&d.rollout_state_reason)
        .to_string()
}

fn status_rank(s: DeploymentStatus) -> u8 {
    match s {
        DeploymentStatus::Primary => 0,
        DeploymentStatus::Active => 1,
        DeploymentStatus::Inactive => 2,
    }
}

fn row(d: &Deployment, wide: bool, now: Timestamp, theme: &Theme) -> TableRow {
    let bar_width = if wide { 8 } else { 5 };
    let done = d.running_count >= d.desired_count;
    let progress = status::progress_bar(d.running_count, d.desired_count, bar_width);
    let mut cells = vec![
        status::deployment_status(d.status, theme),
        Label::new(family_revision(&d.task_definition), theme.text).trunc(Trunc::Revision),
        Label::new(progress, if done { theme.ok } else { theme.pending }),
        Label::new(
            d.pending_count.to_string(),
            if d.pending_count > 0 {
                theme.pending
            } else {
                theme.muted
            },
        ),
        Label::new(
            d.failed_tasks.to_string(),
            if d.failed_tasks > 0 {
                theme.error
            } else {
                theme.muted
            },
        ),
        status::rollout(d.rollout_state, theme),
    ];
    if wide {
        cells.push(Label::new(
            Age(now.since(d.updated_at)).to_string(),
            theme.muted,
        ));
    }
    cells.push(Label::new(reason(d), theme.muted));
    TableRow::new(cells)
}
