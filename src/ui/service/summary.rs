//! Two lines that say how the service is: status and counts; how it deploys.

use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{service_metrics, State};
use crate::model::{short_zone, zone_spread, CircuitBreaker, Service, Task};
use crate::ui::layout::fit_spans;
use crate::ui::text::family_revision;
use crate::ui::widgets::status;
use crate::ui::Theme;

/// What the service uses and what watches it, for the end of the second line: `✗ alarm NAME` first (what
/// must not be missed), then `CPU 43% MEM 51%` and `auto 6–12`.
pub struct Resources {
    pub alarms: Vec<Span<'static>>,
    pub usage: Vec<Span<'static>>,
}

pub fn resources(state: &State, s: &Service, theme: &Theme) -> Resources {
    let alarms = service_metrics::firing_alarms(state, s);
    let alarm_spans = match alarms.as_slice() {
        [] => Vec::new(),
        [one] => vec![Span::styled(
            format!(" ✗ alarm {}  ", one.name),
            theme.error,
        )],
        [first, rest @ ..] => vec![Span::styled(
            format!(" ✗ alarm {} +{}  ", first.name, rest.len()),
            theme.error,
        )],
    };
    let mut usage = Vec::new();
    if let Some(load) =
        service_metrics::load_of(state, &s.cluster_arn, &s.name).and_then(|l| l.data.as_ref())
    {
        for (name, series) in [("CPU", &load.cpu), ("MEM", &load.memory)] {
            if let Some(last) = series.last() {
                usage.push(Span::styled(format!("   {name} "), theme.muted));
                let style = if last >= 80.0 { theme.warn } else { theme.text };
                usage.push(Span::styled(format!("{last:.0}%"), style));
            }
        }
    }
    if let Some(target) = service_metrics::target_of(state, &s.cluster_arn, &s.name) {
        usage.push(Span::raw("   "));
        let style = if target.suspended.dynamic() {
            theme.warn
        } else {
            theme.text
        };
        usage.push(Span::styled(target.short_text(), style));
    }
    Resources {
        alarms: alarm_spans,
        usage,
    }
}

/// `tasks`: the service's tasks, for how they spread over the zones.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    s: &Service,
    tasks: &[Task],
    resources: Resources,
    theme: &Theme,
) {
    if area.is_empty() {
        return;
    }
    let cols = usize::from(area.width);
    let st = status::service_status(s.status, theme);
    let short = s.running_count < s.desired_count;
    let line1 = vec![
        Span::raw(" "),
        Span::styled(st.text, st.style),
        Span::styled("   running ", theme.muted),
        Span::styled(
            format!("{}/{}", s.running_count, s.desired_count),
            if short { theme.warn } else { theme.text },
        ),
        Span::styled("  pending ", theme.muted),
        Span::styled(
            s.pending_count.to_string(),
            if s.pending_count > 0 {
                theme.pending
            } else {
                theme.text
            },
        ),
        Span::styled("   ", theme.muted),
        Span::styled(s.launch_type.as_str(), theme.text),
        Span::styled("   task def ", theme.muted),
        Span::styled(family_revision(&s.task_definition).to_string(), theme.text),
    ];
    let mut line1 = line1;
    // Whole or not at all: `zones 1a …` says nothing.
    let zones = zones(s, tasks, theme);
    let used: usize = line1.iter().chain(&zones).map(|span| span.width()).sum();
    if used <= cols {
        line1.extend(zones);
    }
    let cfg = &s.deployment_configuration;
    let breaker = match cfg.circuit_breaker {
        Some(CircuitBreaker {
            enable: true,
            rollback,
        }) => format!(
            "{} after {} failed tasks",
            if rollback { "rolls back" } else { "stops" },
            CircuitBreaker::threshold(s.desired_count)
        ),
        _ => "off".to_string(),
    };
    let mut line2 = resources.alarms;
    line2.extend([
        Span::styled(" min healthy ", theme.muted),
        Span::styled(format!("{}%", cfg.minimum_healthy_percent), theme.text),
        Span::styled("  max ", theme.muted),
        Span::styled(format!("{}%", cfg.maximum_percent), theme.text),
    ]);
    if cfg.strategy.shifts_traffic() {
        // The circuit breaker is a rolling deployment's; these roll back on their own terms.
        line2.push(Span::styled("   strategy ", theme.muted));
        line2.push(Span::styled(
            crate::app::rollout_text::strategy(cfg.strategy),
            theme.text,
        ));
        if let Some(bake) = cfg.bake_time_minutes {
            line2.push(Span::styled("  bake ", theme.muted));
            line2.push(Span::styled(format!("{bake}m"), theme.text));
        }
        if cfg.pause_hooks > 0 {
            line2.push(Span::styled(
                format!("  ⏸ {} pause hook(s): waits for approval", cfg.pause_hooks),
                theme.warn,
            ));
        }
    } else {
        line2.push(Span::styled("   circuit breaker: ", theme.muted));
        line2.push(Span::styled(breaker, theme.text));
    }
    line2.extend(resources.usage);
    let lines = vec![fit_spans(line1, cols), fit_spans(line2, cols)];
    frame.render_widget(Paragraph::new(lines), area);
}

/// `   zones 1a 2 · 1b 2 · 1c 1`: where the running tasks are. All of several tasks in one zone is a warning:
/// that zone going down takes the service with it.
fn zones(s: &Service, tasks: &[Task], theme: &Theme) -> Vec<Span<'static>> {
    let spread = zone_spread(tasks);
    if spread.is_empty() {
        return Vec::new();
    }
    let lopsided = spread.len() == 1 && spread[0].1 > 1 && s.desired_count > 1;
    let text = spread
        .iter()
        .map(|(zone, n)| format!("{} {n}", short_zone(zone)))
        .collect::<Vec<_>>()
        .join(" · ");
    let mut spans = vec![
        Span::styled("   zones ", theme.muted),
        Span::styled(text, if lopsided { theme.warn } else { theme.text }),
    ];
    if lopsided {
        spans.push(Span::styled(" (all in one zone)", theme.warn));
    }
    spans
}
