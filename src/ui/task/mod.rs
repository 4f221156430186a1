//! One task in detail: why it stopped (first, when it did), its facts, its containers and its task definition.

mod containers;
mod definition;

use crate::app::TaskScreen;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::app::{Screen, State};
use crate::model::{arn_name, Age, DesiredStatus, Task, TaskStatus, Timestamp};
use crate::ui::layout::fit_spans;
use crate::ui::task_table;
use crate::ui::text::{family_revision, fit, short_id, wrap};
use crate::ui::widgets::{message, panel, status, Label, Shown};
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Screen::Task(TaskScreen {
        cluster_arn,
        task_arn,
        from,
    }) = state.screen()
    else {
        return;
    };
    let id = arn_name(task_arn);
    let title = format!("Task {}", short_id(id));
    let what = format!("task {}", short_id(id));
    match Shown::of(state.task_list(cluster_arn, from)) {
        Shown::Loading => {
            let inner = panel::boxed(frame, area, theme, &title, "");
            return message::draw(frame, inner, message::loading(&what, theme));
        }
        Shown::Failed(e) => {
            let inner = panel::boxed(frame, area, theme, &title, "");
            return message::draw(frame, inner, message::failed(&what, e, theme));
        }
        Shown::Data(_) => {}
    }
    let Some(task) = state.task_on_screen() else {
        let inner = panel::boxed(frame, area, theme, &title, "");
        let meaning =
            "ECS forgets stopped tasks about an hour after they stop. Press esc to go back.";
        let headline = format!("Task {} is no longer listed.", short_id(id));
        return message::draw(frame, inner, message::empty(headline, meaning, theme));
    };

    let stopped =
        task.last_status == TaskStatus::Stopped || task.desired_status == DesiredStatus::Stopped;
    let banner_lines = if stopped && (task.stop_code.is_some() || task.stopped_reason.is_some()) {
        banner_lines(task, usize::from(area.width), theme)
    } else {
        Vec::new()
    };
    let banner = if banner_lines.is_empty() {
        0
    } else {
        banner_lines.len() as u16 + 1
    };
    let facts = facts(task, state, theme);
    let health = health_lines(state, task, usize::from(area.width), theme);
    let columns = if area.width >= 150 { 3 } else { 2 };
    let fact_rows = (facts.len().div_ceil(columns) + health.len()) as u16 + 1;
    let container_rows = 2 + task.containers.len().clamp(1, 6) as u16;
    let [banner_area, facts_area, containers_area, definition_area] = Layout::vertical([
        Constraint::Length(banner),
        Constraint::Length(fact_rows),
        Constraint::Length(container_rows),
        Constraint::Min(0),
    ])
    .areas(area);

    if banner > 0 {
        draw_banner(frame, banner_area, task, banner_lines, state.now, theme);
    }
    draw_facts(frame, facts_area, id, (&facts, health), columns, theme);
    containers::draw(frame, containers_area, task, theme);
    definition::draw(
        frame,
        definition_area,
        state,
        &task.task_definition_arn,
        theme,
    );
}

/// Why the task stopped, where nobody can miss it: stop code, stopped reason, and each container that failed
/// (wrapped; when even that does not fit, the last line shown ends with … so nobody takes it for the whole).
fn banner_lines(task: &Task, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let key = |k: &str| Span::styled(format!(" {k:>11} "), theme.muted);
    let room = cols.saturating_sub(13).max(1);
    let mut lines = Vec::new();
    let mut add = |k: &str, text: &str, style, max_lines: usize| {
        let parts = wrap(text, room);
        let cut = parts.len() > max_lines;
        for (i, part) in parts.into_iter().take(max_lines).enumerate() {
            let k = if i == 0 { key(k) } else { key("") };
            let part = if cut && i + 1 == max_lines {
                fit(&format!("{part} …"), room).into_owned()
            } else {
                part
            };
            lines.push(fit_spans(vec![k, Span::styled(part, style)], cols));
        }
    };
    add(
        "reason",
        task.stopped_reason.as_deref().unwrap_or("none given"),
        theme.text,
        2,
    );
    for c in failed_containers(task) {
        let mut text = format!("{} exited", c.name);
        if let Some(code) = c.exit_code {
            text.push_str(&format!(" {code}"));
        }
        if let Some(r) = &c.reason {
            text.push_str(&format!(": {r}"));
        }
        if let Some(meaning) = c.exit_code.and_then(exit_meaning) {
            text.push_str(&format!(" ({meaning})"));
        }
        add("container", &text, theme.error, 2);
    }
    lines
}

fn draw_banner(
    frame: &mut Frame,
    area: Rect,
    task: &Task,
    lines: Vec<Line<'static>>,
    now: Timestamp,
    theme: &Theme,
) {
    let mut title = format!(" {} ", status::task_status(task.last_status, theme).text);
    if let Some(code) = task.stop_code {
        title.push_str(&format!("· {} ", code.as_str()));
    }
    if let Some(at) = task.stopped_at {
        title.push_str(&format!("· {} ago ", Age(now.since(at))));
    }
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.error)
        .title(Span::styled(
            fit(&title, usize::from(area.width)).into_owned(),
            theme.error,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Containers that exited badly or that ECS gave a reason for, at most two.
fn failed_containers(task: &Task) -> impl Iterator<Item = &crate::model::Container> {
    task.containers
        .iter()
        .filter(|c| c.exit_code.is_some_and(|e| e != 0) || c.reason.is_some())
        .take(2)
}

/// What common exit codes mean, for people who do not have 128+signal by heart.
fn exit_meaning(code: i32) -> Option<&'static str> {
    Some(match code {
        1 => "application error",
        137 => "137 = SIGKILL: out of memory, or did not stop in time",
        139 => "139 = SIGSEGV: crashed",
        143 => "143 = SIGTERM: asked to stop",
        _ => return None,
    })
}

fn facts(t: &Task, state: &State, theme: &Theme) -> Vec<(&'static str, Label)> {
    let now = state.now;
    let plain = |s: String| Label::new(s, theme.text);
    let when = |at: Timestamp| format!("{} ({} ago)", at.clock(), Age(now.since(at)));
    let mut f = vec![
        ("status", status::task_status(t.last_status, theme)),
        ("desired", plain(t.desired_status.as_str().into())),
        ("launch", plain(t.launch_type.as_str().into())),
        ("zone", plain(t.availability_zone.clone())),
    ];
    if let Some(instance) = crate::app::explore::instance_of(state, t) {
        f.push(("instance", plain(instance)));
    }
    if crate::app::task_protection::protectable(t) {
        f.push(("scale-in", protection(state, t, theme)));
    }
    f.extend([
        (
            "cpu / mem",
            plain(format!("{} vCPU / {} MiB", vcpu(t.cpu), t.memory)),
        ),
        (
            "task def",
            plain(family_revision(&t.task_definition_arn).into()),
        ),
        (
            "private ip",
            plain(t.private_ip.clone().unwrap_or_else(|| "—".into())),
        ),
        ("created", plain(when(t.created_at))),
        (
            "started",
            plain(t.started_at.map_or_else(|| "not yet".into(), when)),
        ),
    ]);
    if let Some(at) = t.stopping_at {
        f.push(("stopping", plain(when(at))));
    }
    if let Some(at) = t.stopped_at {
        f.push(("stopped", plain(when(at))));
    }
    f.push(("started by", plain(t.started_by.clone())));
    f.push(("group", plain(t.group.clone())));
    f
}

/// A service task's scale-in protection: "protected 1h 59m → 14:32" (short enough for 80 columns), "not
/// protected", or not read.
fn protection(state: &State, t: &Task, theme: &Theme) -> Label {
    match crate::app::task_protection::of(state, &t.arn) {
        Some(p) if p.holds(state.now) => {
            let until = p
                .expires_at
                .map(|at| format!(" → {}", at.clock_minutes()))
                .unwrap_or_default();
            Label::new(format!("{}{until}", p.describe(state.now)), theme.focus)
        }
        Some(p) => Label::new(p.describe(state.now), theme.text),
        None => Label::new("protection not read yet", theme.muted),
    }
}

/// The task's two health checks, each named for what it is: its containers' own health checks, and each
/// load balancer's check of its target (none for a task whose service has no target group).
fn health_lines(state: &State, t: &Task, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let line = |key: String, value: Label| {
        let spans = vec![
            Span::styled(format!(" {key}: "), theme.muted),
            Span::styled(value.text, value.style),
        ];
        fit_spans(spans, cols.saturating_sub(1))
    };
    let mut lines = vec![line(
        "Container health check".into(),
        status::health(t.health_status, theme),
    )];
    for (group, target) in task_table::target_lines(state, t, theme) {
        lines.push(line(format!("Load balancer target ({group})"), target));
    }
    lines
}

/// CPU units as vCPU: 256 -> 0.25, 1024 -> 1.
fn vcpu(units: u32) -> String {
    let v = f64::from(units) / 1024.0;
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn draw_facts(
    frame: &mut Frame,
    area: Rect,
    id: &str,
    (facts, health): (&[(&str, Label)], Vec<Line<'static>>),
    columns: usize,
    theme: &Theme,
) {
    let inner = panel::section(frame, area, theme, &format!("Task {id}"), "");
    if inner.is_empty() {
        return;
    }
    let rows = facts.len().div_ceil(columns);
    let col_width = usize::from(inner.width) / columns;
    const KEY: usize = 11;
    for r in 0..rows.min(usize::from(inner.height)) {
        let mut spans = Vec::new();
        for c in 0..columns {
            let Some((key, value)) = facts.get(c * rows + r) else {
                continue;
            };
            let room = col_width.saturating_sub(KEY + 2);
            spans.push(Span::styled(format!(" {key:>KEY$} "), theme.muted));
            let text = fit(&value.text, room);
            let pad = room.saturating_sub(crate::ui::text::width(&text));
            spans.push(Span::styled(
                format!("{text}{}", " ".repeat(pad)),
                value.style,
            ));
        }
        let y = inner.y + r as u16;
        frame.render_widget(
            Paragraph::new(Line::from(spans)),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
    }
    let below = Rect {
        y: inner.y + rows as u16,
        height: inner.height.saturating_sub(rows as u16),
        ..inner
    };
    frame.render_widget(Paragraph::new(health), below);
}
