//! The deployments pane: the live deployments with progress that tells the truth, the stage of a blue/green,
//! linear or canary rollout (traffic, bake time, a pause hook waiting), and the finished deployments.

use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

use crate::app::progress::{self, Counting, Progress};
use crate::app::service_items::{deployment_items, DeploymentItem, HistoryNote};
use crate::app::{Pane, ServicePanes, State};
use crate::model::{Age, Deployment, Service, ServiceDeployment, Timestamp};
use crate::ui::text::{family_revision, Trunc};
use crate::ui::widgets::{panel, status, table, Column, Label, TableRow};
use crate::ui::Theme;

use crate::app::rollout_text as rollout;

const WIDE: u16 = 120;

const NARROW: [Column; 6] = [
    Column::new("STATUS", Constraint::Length(7)),
    Column::new("TASK DEF", Constraint::Length(14)),
    Column::new("PROGRESS", Constraint::Length(11)),
    Column::right("FAIL", Constraint::Length(4)),
    Column::new("ROLLOUT", Constraint::Length(13)),
    Column::new("REASON", Constraint::Min(8)),
];

const WIDE_COLUMNS: [Column; 8] = [
    Column::new("STATUS", Constraint::Length(7)),
    Column::new("TASK DEFINITION", Constraint::Length(24)),
    Column::new("PROGRESS", Constraint::Length(24)),
    Column::right("PENDING", Constraint::Length(7)),
    Column::right("FAILED", Constraint::Length(6)),
    Column::new("ROLLOUT", Constraint::Length(13)),
    Column::right("UPDATED", Constraint::Length(10)),
    Column::new("REASON", Constraint::Min(8)),
];

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    s: &Service,
    panes: &ServicePanes,
    theme: &Theme,
) {
    if area.is_empty() {
        return;
    }
    let items = deployment_items(state, s);
    let live = items
        .iter()
        .filter(|i| matches!(i, DeploymentItem::Live(_)))
        .count();
    let focused = panes.focus == Pane::Deployments;
    let title = format!("Deployments ({live} live)");
    let rows = usize::from(area.height.saturating_sub(2));
    let mut notes = Vec::new();
    let below = items.len().saturating_sub(panes.deployments.offset + rows);
    if below > 0 {
        let tab = crate::app::panes::key(state, crate::app::UserAction::NextPane);
        notes.push(match (focused, tab) {
            (false, Some(tab)) => format!("{below} more below · {tab} to scroll"),
            _ => format!("{below} more below"),
        });
    }
    if s.is_deploying() {
        notes.push("⟳ deploying".to_string());
    }
    let inner = panel::pane(frame, area, theme, &title, &notes.join(" · "), focused);
    let wide = inner.width >= WIDE;
    let columns: &[Column] = if wide { &WIDE_COLUMNS } else { &NARROW };
    let view = super::pane_view(panes, Pane::Deployments);
    let pane = table::PaneTable {
        columns,
        header: true,
        cursor: view.as_ref(),
    };
    table::draw_pane(frame, inner, theme, pane, items.len(), |i| match items[i] {
        DeploymentItem::Live(d) => {
            let p = progress::of(state, s, d);
            // A rollback runs the revision it replaces: the id tells the two rows apart.
            let twin = s
                .deployments
                .iter()
                .any(|o| o.id != d.id && o.task_definition == d.task_definition);
            live_row(d, &p, (wide, twin), state.now, theme)
        }
        DeploymentItem::Hook(sd) => TableRow::spanning(Label::new(
            rollout::hook_line(sd, state).unwrap_or_default(),
            theme.warn,
        )),
        DeploymentItem::Rollout(sd) => TableRow::spanning(Label::new(
            rollout::stage_line(sd, s, state.now),
            theme.pending,
        )),
        DeploymentItem::HistoryHeading => {
            TableRow::spanning(Label::new("History, newest first", theme.header))
        }
        DeploymentItem::Past(sd) => TableRow::spanning(past_line(sd, state.now, theme)),
        DeploymentItem::HistoryNote(note) => {
            TableRow::spanning(history_note(note, state, s, theme))
        }
    });
}

/// `wide`: the wide columns; `twin`: another live deployment runs the same revision.
fn live_row(
    d: &Deployment,
    p: &Progress,
    (wide, twin): (bool, bool),
    now: Timestamp,
    theme: &Theme,
) -> TableRow {
    let mut revision = family_revision(&d.task_definition).to_string();
    if twin {
        let tail: String =
            d.id.chars()
                .skip(d.id.chars().count().saturating_sub(4))
                .collect();
        revision.push_str(&format!(" …{tail}"));
    }
    let bar_width = if wide { 8 } else { 4 };
    let mut bar = status::progress_bar(p.done, p.of, bar_width);
    if p.failing {
        // A failing deployment's bar never reads as done, however many of its tasks run.
        bar.replace_range(..bar.chars().next().map_or(0, char::len_utf8), "✗");
    }
    if wide {
        bar.push_str(match p.counting {
            Counting::HealthyTargets => " healthy",
            Counting::RunningTasks => " running",
        });
    }
    let bar_style = if p.failing {
        theme.error
    } else if p.complete() {
        theme.ok
    } else {
        theme.pending
    };
    let mut cells = vec![
        status::deployment_status(d.status, theme),
        Label::new(revision, theme.text).trunc(Trunc::Revision),
        Label::new(bar, bar_style),
    ];
    if wide {
        cells.push(Label::new(
            d.pending_count.to_string(),
            if d.pending_count > 0 {
                theme.pending
            } else {
                theme.muted
            },
        ));
    }
    cells.push(Label::new(
        d.failed_tasks.to_string(),
        if d.failed_tasks > 0 {
            theme.error
        } else {
            theme.muted
        },
    ));
    cells.push(status::rollout(d.rollout_state, theme));
    if wide {
        cells.push(Label::new(
            format!("{} ago", Age(now.since(d.updated_at))),
            theme.muted,
        ));
    }
    let note = p.note();
    let (text, style) = match note.is_empty() {
        true => (progress::reason(d), theme.muted),
        false => (format!("{note} · {}", progress::reason(d)), bar_style),
    };
    cells.push(Label::new(text, style));
    TableRow::new(cells)
}

/// `✗ ROLLBACK_SUCCESSFUL search:2 → search:1 · 19:19:30, 2m10s · reason`.
fn past_line(sd: &ServiceDeployment, now: Timestamp, theme: &Theme) -> Label {
    let style = if sd.status.is_failure() {
        theme.error
    } else {
        theme.ok
    };
    let glyph = match (sd.status.is_failure(), sd.status.is_ongoing()) {
        (true, true) => "⟳ ✗",
        (true, false) => "✗",
        _ => "✓",
    };
    let mut text = format!("{glyph} {} {}", sd.status.as_str(), rollout::revisions(sd));
    if let Some(started) = sd.started_at.or(sd.created_at) {
        text.push_str(&format!(
            " · {} ({} ago)",
            started.clock(),
            Age(now.since(started))
        ));
        if let Some(ended) = sd.ended_at() {
            text.push_str(&format!(", took {}", Age(ended.since(started))));
        }
    }
    if let Some(r) = sd.rollback_reason.as_deref().filter(|r| !r.is_empty()) {
        text.push_str(&format!(" · {r}"));
    } else if !sd.status_reason.is_empty() {
        text.push_str(&format!(" · {}", sd.status_reason));
    }
    Label::new(text, style)
}

fn history_note(note: HistoryNote, state: &State, s: &Service, theme: &Theme) -> Label {
    match note {
        HistoryNote::Loading => Label::new("◐ reading the deployment history…", theme.pending),
        HistoryNote::None => Label::new(
            "No history: ECS keeps it for deployments since 2024-10-25, and this service has none.",
            theme.muted,
        ),
        HistoryNote::Failed => {
            let error = crate::app::service_items::deployments_of(state, s)
                .and_then(|l| l.status.error.as_ref())
                .map(|e| e.to_string())
                .unwrap_or_default();
            Label::new(
                format!("✗ could not read the deployment history: {error}"),
                theme.error,
            )
        }
    }
}
