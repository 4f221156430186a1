//! Below the charts: the alarms on the service's metrics, and its auto scaling in AWS's words.

use ratatui::text::{Line, Span};

use crate::app::explore::read::{self, got, Got};
use crate::app::explore::Read;
use crate::app::{service_metrics, MetricsScreen, State};
use crate::model::{wrap, Alarm, AlarmState, Service, ServiceScaling};
use crate::ui::Theme;

fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(format!(" {text}"), theme.header))
}

fn muted(text: String, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(text, theme.muted))
}

/// `text` wrapped at `width`, each line indented by `indent` spaces.
fn wrapped(text: &str, indent: usize, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let room = width.saturating_sub(indent).max(10);
    wrap::wrap(text, room)
        .into_iter()
        .map(|l| muted(format!("{}{l}", " ".repeat(indent)), theme))
        .collect()
}

pub fn lines(
    state: &State,
    screen: &MetricsScreen,
    service: &Service,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = alarms(state, screen, width, theme);
    out.push(Line::default());
    out.extend(scaling(state, screen, service, width, theme));
    out
}

fn alarms(
    state: &State,
    screen: &MetricsScreen,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = vec![heading("Alarms on these metrics", theme)];
    if !state.refresh.metrics.enabled {
        out.push(muted(
            "   not read: [metrics] enabled = false".into(),
            theme,
        ));
        return out;
    }
    let Some(read) = screen.alarms_read(state) else {
        out.push(muted("   reading…".into(), theme));
        return out;
    };
    match got(state, &read, read::alarms) {
        Got::Loading => out.push(muted("   reading…".into(), theme)),
        Got::Failed(e) => out.extend(wrapped(&format!("✗ {e}"), 3, width, theme)),
        Got::Data([]) => out.push(muted(
            "   none: no CloudWatch alarm watches these metrics".into(),
            theme,
        )),
        Got::Data(alarms) => {
            let mut sorted: Vec<&Alarm> = alarms.iter().collect();
            // Firing first; target tracking's own after the team's.
            sorted.sort_by_key(|a| {
                (
                    a.state != AlarmState::Alarm,
                    service_metrics::is_scaling_alarm(a),
                    a.name.clone(),
                )
            });
            for a in sorted {
                // Target tracking's alarms drive scaling (AlarmLow is in ALARM whenever fewer tasks
                // would do): shown apart, never as trouble.
                let scaling = service_metrics::is_scaling_alarm(a);
                let (mark, style) = match a.state {
                    AlarmState::Alarm if scaling => ("↕", theme.pending),
                    AlarmState::Alarm => ("✗", theme.error),
                    AlarmState::Ok => ("✓", theme.ok),
                    AlarmState::InsufficientData => ("?", theme.muted),
                };
                out.push(Line::from(vec![
                    Span::styled(format!("   {mark} {:<17} ", a.state.as_str()), style),
                    Span::styled(a.name.clone(), theme.text),
                    Span::styled(format!("  {}", a.condition), theme.muted),
                ]));
                if a.state == AlarmState::Alarm && !scaling {
                    out.extend(wrapped(&a.reason, 6, width, theme));
                }
            }
        }
    }
    out
}

fn scaling(
    state: &State,
    screen: &MetricsScreen,
    service: &Service,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = vec![heading("Auto scaling", theme)];
    let read: Read = screen.scaling_read();
    let scaling: &ServiceScaling = match got(state, &read, read::scaling) {
        Got::Loading => {
            out.push(muted("   reading…".into(), theme));
            return out;
        }
        Got::Failed(e) => {
            out.extend(wrapped(&format!("✗ {e}"), 3, width, theme));
            return out;
        }
        Got::Data(s) => s,
    };
    let Some(target) = &scaling.target else {
        out.extend(wrapped(
            "not scaled automatically: no scalable target is registered for this service. \
             `:autoscale MIN MAX` registers one (Application Auto Scaling then keeps the count in that range).",
            3,
            width,
            theme,
        ));
        return out;
    };
    let suspended = target.suspended;
    out.push(Line::from(vec![
        Span::styled("   range ", theme.muted),
        Span::styled(format!("{}–{} tasks", target.min, target.max), theme.text),
        Span::styled(
            format!("  desired now {}   ", service.desired_count),
            theme.muted,
        ),
        Span::styled(
            suspended.text(),
            if suspended.any() {
                theme.warn
            } else {
                theme.muted
            },
        ),
    ]));
    if scaling.policies.is_empty() {
        out.push(muted(
            "   no scaling policy: only the range and scheduled actions move the count".into(),
            theme,
        ));
    }
    for p in &scaling.policies {
        out.extend(wrapped(&format!("policy {}", p.text()), 3, width, theme));
    }
    for a in &scaling.scheduled {
        out.extend(wrapped(&format!("scheduled {}", a.text()), 3, width, theme));
    }
    out.push(heading("Recent scaling activity", theme));
    if scaling.activities.is_empty() {
        out.push(muted("   none in the last six weeks".into(), theme));
    }
    for a in &scaling.activities {
        let style = match a.status.as_str() {
            "Successful" => theme.text,
            "Failed" => theme.error,
            _ => theme.pending,
        };
        out.push(Line::from(vec![
            Span::styled(format!("   {}  ", a.started_at.clock()), theme.muted),
            Span::styled(a.description.clone(), style),
            Span::styled(format!("  {}", a.status), theme.muted),
        ]));
        out.extend(wrapped(&a.cause, 13, width, theme));
        if let Some(message) = a.status_message.as_deref().filter(|m| !m.is_empty()) {
            out.extend(wrapped(message, 13, width, theme));
        }
    }
    out
}
