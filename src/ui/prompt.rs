//! The command line (`:`) and the filter line (`/`), in the footer: the text being edited, the suggestion of
//! what Tab would add (in grey), and the keys that work there.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{commands, Prompt, PromptKind, State};
use crate::config::keymap::Context;
use crate::ui::text::width;
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, prompt: &Prompt, theme: &Theme) {
    if area.width < 4 {
        return;
    }
    let sigil = format!(" {}", prompt.kind.sigil());
    frame.render_widget(
        Paragraph::new(Span::styled(sigil.clone(), theme.focus)),
        area,
    );
    let x = area.x + width(&sigil) as u16;
    let hints: Vec<Span> = state
        .keymap
        .hints(&[Context::Prompt])
        .into_iter()
        .flat_map(|b| {
            [
                Span::styled(format!(" {}", b.name), theme.focus),
                Span::styled(format!(" {} ", b.description), theme.muted),
            ]
        })
        .collect();
    let hints_width: usize = hints.iter().map(|s| width(&s.content)).sum();
    let text_width = width(prompt.text()) as u16 + 1;
    let room = area.width.saturating_sub(x - area.x);
    // The keys on the right, while they leave the text room.
    let show_hints = usize::from(room) >= hints_width + usize::from(text_width) + 20;
    let edit_width = if show_hints {
        room - hints_width as u16
    } else {
        room
    };
    let edit = Rect {
        x,
        width: text_width.min(edit_width),
        ..area
    };
    let mut input = prompt.input.textarea().clone();
    input.set_cursor_line_style(ratatui::style::Style::new());
    input.set_style(theme.text);
    frame.render_widget(&input, edit);
    let at_end = prompt.input.cursor().1 == prompt.text().chars().count();
    let suggestion = (prompt.kind == PromptKind::Command && at_end)
        .then(|| commands::suggestion(state, prompt.text()))
        .flatten();
    if let Some(rest) = suggestion {
        // Right after the text, under the cursor, as shells show it: `:sv█` + `c` reads `:svc`.
        let ghost = Rect {
            x: edit.x + edit.width - 1,
            width: edit_width.saturating_sub(edit.width - 1),
            ..area
        };
        frame.render_widget(Paragraph::new(Span::styled(rest, theme.muted)), ghost);
        if let Some(cell) = frame.buffer_mut().cell_mut((ghost.x, ghost.y)) {
            cell.set_style(theme.selection);
        }
    }
    if show_hints {
        let right = Rect {
            x: area.x + area.width - hints_width as u16,
            width: hints_width as u16,
            ..area
        };
        frame.render_widget(Paragraph::new(Line::from(hints)), right);
    }
}
