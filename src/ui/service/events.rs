//! The service's events, newest first. In the pane each event has a line, and spare rows let the newest
//! wrap; zoomed (`z`, `:events`) every event is whole, with its clock time and age. Events that name the
//! same deployment carry the same coloured mark, so a deployment's start, failure and rollback read together.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::panes::key as panes_key;
use crate::app::service_items::event_items;
use crate::app::service_items::shown_event;
use crate::app::{Pane, ServicePanes, State, UserAction};
use crate::model::{Age, Service, ServiceEvent};
use crate::ui::text::{fit, wrap};
use crate::ui::widgets::{message, panel};
use crate::ui::Theme;

/// `HH:MM:SS ` before each event.
/// `app::layout::EVENT_STAMP` counts this and the two cells of the deployment mark.
const CLOCK: usize = 9;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    s: &Service,
    panes: &ServicePanes,
    theme: &Theme,
) {
    let now = state.now;
    if area.is_empty() {
        return;
    }
    let focused = panes.focus == Pane::Events;
    let filter = panes.events_filter.as_ref();
    let events = event_items(s, filter);
    let mut note = match filter {
        Some(f) => format!("/{}: {} of {}", f.text, events.len(), s.events.len()),
        None => format!("{}, newest first", s.events.len()),
    };
    if !focused && events.len() > usize::from(area.height.saturating_sub(1)) {
        let hint = [
            (UserAction::NextPane, "to scroll"),
            (UserAction::Zoom, "to zoom"),
        ]
        .into_iter()
        .filter_map(|(action, does)| Some(format!("{} {does}", panes_key(state, action)?)))
        .collect::<Vec<_>>()
        .join(", ");
        if !hint.is_empty() {
            note.push_str(&format!(" · {hint}"));
        }
    }
    let inner = panel::pane(frame, area, theme, "Events", &note, focused);
    if events.is_empty() {
        let text = match filter {
            Some(_) => "No event matches the filter (esc clears it).",
            None => "No events yet.",
        };
        return message::draw(frame, inner, vec![Line::styled(text, theme.muted)]);
    }
    let prefix = format!("(service {}) ", s.name);
    let text_of = |e: &ServiceEvent| shown_event(&e.message, &prefix);
    let rows = usize::from(inner.height);
    let cursor = &panes.events;
    let selected = focused.then_some(cursor.selected.min(events.len() - 1));
    let whole = panes.zoomed && focused;
    let stamp_width = if whole { CLOCK + 12 } else { CLOCK };
    let room = usize::from(inner.width)
        .saturating_sub(stamp_width + 2)
        .max(8);
    // Lines for event i: whole when zoomed; else one, or more from the spare rows (newest first).
    let mut spare = rows.saturating_sub(events.len().saturating_sub(cursor.offset).min(rows));
    let mut lines: Vec<Line> = Vec::with_capacity(rows);
    let mut first = cursor.offset.min(events.len() - 1);
    if let Some(sel) = selected {
        // Zoomed events take several lines: start late enough that the selected one shows.
        while whole && sel > first && lines_needed(&events[first..=sel], &text_of, room) > rows {
            first += 1;
        }
    }
    for (i, e) in events.iter().enumerate().skip(first) {
        if lines.len() >= rows {
            break;
        }
        let text = text_of(e);
        let mut wrapped = wrap(&text, room);
        let take = if whole {
            wrapped.len()
        } else {
            let take = wrapped.len().clamp(1, spare + 1);
            spare -= take - 1;
            take
        };
        if wrapped.len() > take {
            let rest = wrapped[take - 1..].join(" ");
            wrapped.truncate(take - 1);
            wrapped.push(fit(&rest, room).into_owned());
        }
        let is_selected = selected == Some(i);
        let style = if is_selected {
            theme.selection
        } else {
            style_for(&text, theme)
        };
        let mark = deployment_mark(&e.message, theme);
        for (j, part) in wrapped.into_iter().enumerate() {
            let stamp = match (j, whole) {
                (0, true) => format!(
                    "{} {:>10} ",
                    e.created_at.clock(),
                    format!("{} ago", Age(now.since(e.created_at)))
                ),
                (0, false) => format!("{} ", e.created_at.clock()),
                _ => " ".repeat(stamp_width),
            };
            lines.push(Line::from(vec![
                Span::styled(stamp, theme.muted),
                mark.clone(),
                Span::styled(part, style),
            ]));
        }
    }
    lines.truncate(rows);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn lines_needed(
    events: &[&ServiceEvent],
    text_of: &impl Fn(&ServiceEvent) -> String,
    room: usize,
) -> usize {
    events.iter().map(|e| wrap(&text_of(e), room).len()).sum()
}

/// `◆ ` in a colour of the deployment the event names (`ecs-svc/…`), else two spaces.
fn deployment_mark(message: &str, theme: &Theme) -> Span<'static> {
    let Some(id) = deployment_id(message) else {
        return Span::raw("  ");
    };
    let palette = [
        theme.accent,
        theme.pending,
        theme.healthy,
        theme.draining,
        theme.initial,
    ];
    let hash = id
        .bytes()
        .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
    Span::styled("◆ ", palette[hash % palette.len()])
}

/// The first deployment id (`ecs-svc/123…`) a message names.
pub fn deployment_id(message: &str) -> Option<&str> {
    let start = message.find("ecs-svc/")?;
    let rest = &message[start..];
    let end = rest[8..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(rest.len(), |n| n + 8);
    (end > 8).then(|| &rest[..end])
}

/// Trouble reads in the warning style; the steady-state heartbeat recedes.
fn style_for(message: &str, theme: &Theme) -> Style {
    let m = message.to_ascii_lowercase();
    if [
        "unable",
        "failed",
        "unhealthy",
        "rolling back",
        "circuit breaker",
        "error",
    ]
    .iter()
    .any(|w| m.contains(w))
    {
        theme.warn
    } else if m.contains("steady state") {
        theme.muted
    } else {
        theme.text
    }
}

#[cfg(test)]
mod tests {
    use super::deployment_id;

    #[test]
    fn finds_the_deployment_an_event_names() {
        assert_eq!(
            deployment_id(
                "(service web) (deployment ecs-svc/4304415444635359922) deployment completed."
            ),
            Some("ecs-svc/4304415444635359922")
        );
        assert_eq!(deployment_id("has reached a steady state."), None);
        assert_eq!(deployment_id("ecs-svc/ nothing"), None);
    }
}
