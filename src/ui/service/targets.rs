//! Target health, grouped by target group: what the load balancer thinks of the service's tasks.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::Frame;

use crate::app::service_items::{target_items, GroupRole, TargetItem};
use crate::app::{Pane, ServicePanes, State};
use crate::model::{Service, TargetHealth, TargetState, Task};
use crate::ui::text::{short_id, target_group_name};
use crate::ui::widgets::{message, panel, status, table, Column, Label, TableRow};
use crate::ui::Theme;

const WIDE: u16 = 110;

/// At 80 columns the zone gives way (the tasks table shows it) to what the health check said.
const NARROW: [Column; 4] = [
    Column::new("TARGET", Constraint::Length(18)),
    Column::new("TASK", Constraint::Length(12)),
    Column::new("STATE", Constraint::Length(13)),
    Column::new("DETAIL", Constraint::Min(8)),
];

const WIDE_COLUMNS: [Column; 6] = [
    Column::new("TARGET", Constraint::Length(21)),
    Column::new("TASK", Constraint::Length(14)),
    Column::new("AZ", Constraint::Length(12)),
    Column::new("STATE", Constraint::Length(13)),
    Column::new("REASON", Constraint::Length(30)),
    Column::new("DESCRIPTION", Constraint::Min(8)),
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
    let focused = panes.focus == Pane::Targets;
    let groups: Vec<&str> = s.target_groups().collect();
    let heading = |tg: &str| {
        let mut h = target_group_name(tg).to_string();
        if let Some(b) = s.load_balancers.iter().find(|b| b.target_group_arn == tg) {
            h.push_str(&format!(" → {}:{}", b.container_name, b.container_port));
        }
        if let Some(targets) = state
            .session
            .cache
            .target_health
            .get(tg)
            .and_then(|l| l.data.as_ref())
        {
            h.push_str(&tally(targets));
        }
        h
    };
    let note = match groups.as_slice() {
        [] => "no load balancer".to_string(),
        [tg] => heading(tg),
        // Blue and green: each group's tally.
        more => more
            .iter()
            .map(|tg| {
                let tally = state
                    .session
                    .cache
                    .target_health
                    .get(*tg)
                    .and_then(|l| l.data.as_ref())
                    .map(|t| tally(t))
                    .unwrap_or_default();
                format!("{}{}", target_group_name(tg), tally)
            })
            .collect::<Vec<_>>()
            .join("  "),
    };
    let inner = panel::pane(frame, area, theme, "Target health", &note, focused);
    if groups.is_empty() {
        let line = Line::styled(
            "No target group: its tasks count as soon as they run.",
            theme.muted,
        );
        return message::draw(frame, inner, vec![line]);
    }
    let wide = inner.width >= WIDE;
    let items = target_items(state, s);
    let columns: &[Column] = if wide { &WIDE_COLUMNS } else { &NARROW };
    let view = super::pane_view(panes, Pane::Targets);
    let pane = table::PaneTable {
        columns,
        header: false,
        cursor: view.as_ref(),
    };
    table::draw_pane(frame, inner, theme, pane, items.len(), |i| match items[i] {
        TargetItem::Group { arn, role } => {
            // What the configuration calls it, and which revisions are registered in it now: which one takes
            // the traffic is the deployment's to say (its weights), not the group's name.
            let role = match role {
                GroupRole::Production => "the service's target group",
                GroupRole::Alternate => "its alternate target group",
            };
            let mut revisions: Vec<&str> = Vec::new();
            for item in &items {
                if let TargetItem::Target {
                    group,
                    task: Some(task),
                    ..
                } = item
                {
                    let rev = crate::model::family_revision(&task.task_definition_arn);
                    if *group == arn && !revisions.contains(&rev) {
                        revisions.push(rev);
                    }
                }
            }
            let serving = match revisions.is_empty() {
                true => String::new(),
                false => format!(" · {}", revisions.join(", ")),
            };
            let label = format!("{}{serving} ({role})", heading(arn));
            TableRow::spanning(Label::new(label, theme.header))
        }
        TargetItem::Loading => note_row("◐ loading targets…", theme.pending),
        TargetItem::Failed(e) => {
            note_row(&format!("✗ could not load target health: {e}"), theme.error)
        }
        TargetItem::NoTargets => note_row("No targets registered.", theme.muted),
        TargetItem::Target { target, task, .. } => target_row(target, task, wide, theme),
    });
}

/// ` · ✗1 ✓2`: how many targets in each state, worst first (the legend in help explains the glyphs).
fn tally(targets: &[TargetHealth]) -> String {
    let mut parts = Vec::new();
    for state in [
        TargetState::Unhealthy,
        TargetState::Initial,
        TargetState::Draining,
        TargetState::Unavailable,
        TargetState::Healthy,
        TargetState::Unused,
    ] {
        let n = targets.iter().filter(|t| t.state == state).count();
        if n > 0 {
            parts.push(format!("{}{n}", status::target_glyph(state)));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" · {}", parts.join(" "))
    }
}

fn note_row(text: &str, style: ratatui::style::Style) -> TableRow {
    TableRow::spanning(Label::new(text, style))
}

/// `b5f9d9f0 r2` (or `rev 2` when wide): which task, of which revision, so a rollout's new targets show.
fn task_label(task: Option<&Task>, wide: bool, theme: &Theme) -> Label {
    let Some(task) = task else {
        return Label::new("—", theme.muted);
    };
    let revision = task.task_definition_arn.rsplit(':').next().unwrap_or("?");
    let rev = if wide {
        format!("rev {revision}")
    } else {
        format!("r{revision}")
    };
    Label::new(format!("{} {rev}", short_id(task.id())), theme.text)
}

fn target_row(t: &TargetHealth, task: Option<&Task>, wide: bool, theme: &Theme) -> TableRow {
    let reason = t.reason.clone().unwrap_or_default();
    let description = t.description.clone().unwrap_or_default();
    let detail_style = if t.state == TargetState::Unhealthy {
        theme.text
    } else {
        theme.muted
    };
    let mut cells = vec![
        Label::new(format!("{}:{}", t.target_id, t.port), theme.text),
        task_label(task, wide, theme),
    ];
    if wide {
        let zone = t.availability_zone.clone().unwrap_or_else(|| "—".into());
        cells.push(Label::new(zone, theme.muted));
    }
    cells.push(status::target_state(t.state, theme));
    if wide {
        cells.push(Label::new(reason, theme.muted));
        cells.push(Label::new(description, detail_style));
    } else {
        let detail = if description.is_empty() {
            reason
        } else {
            description
        };
        cells.push(Label::new(detail, detail_style));
    }
    TableRow::new(cells)
}
