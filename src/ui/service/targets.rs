//! Target health, grouped by target group: what the load balancer thinks of the service's tasks.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::Frame;

use crate::app::State;
use crate::model::{Service, TargetHealth, TargetState, Task};
use crate::ui::text::{short_id, target_group_name};
use crate::ui::widgets::{message, panel, status, table, Column, Label, Shown, TableRow};
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

pub fn draw(frame: &mut Frame, area: Rect, state: &State, s: &Service, theme: &Theme) {
    let mut groups: Vec<&str> = Vec::new();
    for b in &s.load_balancers {
        if !groups.contains(&b.target_group_arn.as_str()) {
            groups.push(&b.target_group_arn);
        }
    }
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
    // One target group (the usual case) is named in the title, saving a row for a target.
    let single = groups.len() == 1;
    let note = match groups.as_slice() {
        [] => String::new(),
        [tg] => heading(tg),
        more => format!("{} target groups", more.len()),
    };
    let inner = panel::section(frame, area, theme, "Target health", &note);
    if groups.is_empty() {
        let line = Line::styled(
            "No load balancer: this service is not registered with any target group.",
            theme.muted,
        );
        return message::draw(frame, inner, vec![line]);
    }
    let wide = inner.width >= WIDE;
    let tasks = state
        .tasks_of(&s.cluster_arn, &s.name)
        .and_then(|l| l.data.as_deref())
        .unwrap_or_default();
    let mut rows = Vec::new();
    let mut unhealthy = Vec::new();
    for tg in groups {
        if !single {
            rows.push(TableRow::spanning(Label::new(heading(tg), theme.header)));
            unhealthy.push(false);
        }
        match Shown::of(state.session.cache.target_health.get(tg)) {
            Shown::Loading => rows.push(note_row("◐ loading targets…", theme.pending)),
            Shown::Failed(e) => rows.push(note_row(
                &format!("✗ could not load target health: {e}"),
                theme.error,
            )),
            Shown::Data(targets) if targets.is_empty() => {
                rows.push(note_row("No targets registered.", theme.muted))
            }
            Shown::Data(targets) => {
                let mut sorted: Vec<&TargetHealth> = targets.iter().collect();
                sorted.sort_by_key(|t| severity(t.state));
                for t in sorted {
                    unhealthy.push(t.state == TargetState::Unhealthy);
                    rows.push(target_row(t, task_of(t, tasks), wide, theme));
                }
                continue;
            }
        }
        unhealthy.push(false);
    }
    let room = usize::from(inner.height);
    if rows.len() > room && room > 0 {
        let keep = room - 1;
        let hidden = rows.len() - keep;
        let hidden_unhealthy = unhealthy[keep..].iter().filter(|u| **u).count();
        rows.truncate(keep);
        let text = match hidden_unhealthy {
            0 => format!("… {hidden} more"),
            n => format!("… {hidden} more, ✗ {n} unhealthy"),
        };
        let style = if hidden_unhealthy > 0 {
            theme.unhealthy
        } else {
            theme.muted
        };
        rows.push(note_row(&text, style));
    }
    let columns: &[Column] = if wide { &WIDE_COLUMNS } else { &NARROW };
    let mut rows = rows.into_iter().map(Some).collect::<Vec<_>>();
    table::draw_rows(frame, inner, theme, columns, rows.len(), |i| {
        rows[i].take().unwrap_or_else(|| TableRow::new(Vec::new()))
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

/// The ones that need attention first.
fn severity(s: TargetState) -> u8 {
    match s {
        TargetState::Unhealthy => 0,
        TargetState::Unavailable => 1,
        TargetState::Initial => 2,
        TargetState::Draining => 3,
        TargetState::Healthy => 4,
        TargetState::Unused => 5,
    }
}

fn note_row(text: &str, style: ratatui::style::Style) -> TableRow {
    TableRow::spanning(Label::new(text, style))
}

/// The task behind a target: awsvpc tasks are registered by their private IP. (Bridge-mode targets are
/// instance id + host port, which a task does not carry; those show no task.)
fn task_of<'a>(t: &TargetHealth, tasks: &'a [Task]) -> Option<&'a Task> {
    crate::model::task_of_target(t, tasks)
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
