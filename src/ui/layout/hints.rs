//! The footer's first line: the keys that do something here.

use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::fit_spans;
use crate::app::{Overlay, State, UserAction};
use crate::ui::text::width;
use crate::ui::Theme;

/// The keys that do something here, from the active keymap: no "open" in an empty table, no "back" on the
/// first screen unless it has a filter to clear.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if let Overlay::Cleanup = state.overlay {
        let text = match &state.cleanup {
            Some(r) if r.is_running() => " esc stop after this step".to_string(),
            Some(r) if r.can_resume() => {
                format!(
                    " enter resume at step {}  x forget the plan  esc close",
                    r.current + 1
                )
            }
            _ => " esc close".to_string(),
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.focus)), area);
        return;
    }
    let view = state.screen().cursor();
    let has_rows = view.is_some_and(|c| c.selected_key.is_some());
    let can_go_back = !state.overlay.is_none()
        || state.screens.len() > 1
        || view.is_some_and(|v| v.filter.is_some());
    let hints: Vec<_> = state
        .keymap
        .hints(&state.key_contexts())
        .into_iter()
        .filter(|b| match b.action {
            UserAction::Back => can_go_back,
            UserAction::Open => has_rows,
            // Read-only: no key that would only be refused.
            a if state.read_only && a.changes_the_account() => false,
            _ => true,
        })
        .collect();
    let hint_width =
        |b: &&crate::config::keymap::Binding| width(&b.name) + width(&b.description) + 3;
    // The help (which lists every key) and the way out stay when the others do not all fit.
    let kept = |b: &&&crate::config::keymap::Binding| {
        matches!(b.action, UserAction::Help | UserAction::Quit)
    };
    let mut room = usize::from(area.width)
        .saturating_sub(hints.iter().filter(kept).map(hint_width).sum::<usize>());
    let mut shown: Vec<&crate::config::keymap::Binding> = Vec::new();
    for b in &hints {
        if !kept(&b) {
            if hint_width(b) > room {
                continue;
            }
            room -= hint_width(b);
        }
        shown.push(b);
    }
    // The other windows over the screen borrow the help's keys; what esc closes is not the help there.
    let borrowed = !state.overlay.is_none() && !state.overlay.is_help();
    let mut spans = Vec::new();
    for b in shown {
        let description = match b.action {
            UserAction::Back if borrowed => "close",
            // `?` closes it too; once is enough.
            UserAction::Help if borrowed => continue,
            _ => b.description.as_str(),
        };
        spans.push(Span::styled(format!(" {}", b.name), theme.focus));
        spans.push(Span::styled(format!(" {description} "), theme.muted));
    }
    frame.render_widget(
        Paragraph::new(fit_spans(spans, usize::from(area.width))),
        area,
    );
}
