//! `:forwards`: the port forwards open, each with its target, since when and how it stands; Enter closes
//! the selected one.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::State;
use crate::ui::text::fit;
use crate::ui::widgets::panel;
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, selected: usize, theme: &Theme) {
    let Some(popup) = panel::full_area(area) else {
        return;
    };
    let inner = panel::popup(
        frame,
        popup,
        theme,
        "Port forwards",
        Some(Line::styled(
            format!(" {} open ", state.forwards.len()),
            theme.muted,
        )),
        Line::styled(" enter close the selected · esc back ", theme.muted),
    );
    let cols = usize::from(inner.width).max(20);
    let mut lines: Vec<Line> = Vec::new();
    if state.forwards.is_empty() {
        lines.push(Line::styled(
            "No port forwards. :forward LOCAL:PORT on a task forwards to its port; :forward \
             LOCAL:HOST:PORT reaches a host through it.",
            theme.muted,
        ));
    }
    for (i, f) in state.forwards.iter().enumerate() {
        // How it stands first: at 80 columns the target is what gets cut.
        let text = format!(
            "{} {:<9} since {}  {}",
            if i == selected { "›" } else { " " },
            f.status.text(),
            f.since.clock(),
            f.text()
        );
        let style = if i == selected {
            theme.selection
        } else {
            theme.text
        };
        lines.push(Line::styled(fit(&text, cols).into_owned(), style));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
}
