//! One line of a pane shown whole (Enter on an event, a target or a deployment): wrapped, scrolled.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::{State, TextKind, TextView, UserAction};
use crate::config::keymap::Context;
use crate::ui::widgets::panel;
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &TextView, theme: &Theme) {
    // Made again from what the state holds now, so that ages and counts move on while it is open.
    let fresh = crate::app::pane_text::current(state, view);
    let view = fresh.as_ref().unwrap_or(view);
    let Some(popup) = panel::full_area(area) else {
        return;
    };
    let inner = panel::popup(
        frame,
        popup,
        theme,
        &view.title,
        None,
        Line::styled(footer(state), theme.muted),
    );
    // A column of margin on each side, so that text does not touch the border.
    let inner = Rect {
        x: inner.x + 1.min(inner.width),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let cols = usize::from(inner.width).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for paragraph in &view.lines {
        if paragraph.is_empty() {
            lines.push(Line::raw(""));
            continue;
        }
        match view.kind {
            // Prose keeps its own line breaks (a multi-line stopped reason or log message), each line wrapped.
            TextKind::Prose => {
                for line in paragraph.split('\n') {
                    let parts = crate::ui::text::wrap(line, cols);
                    if parts.is_empty() {
                        lines.push(Line::raw(""));
                    }
                    lines.extend(parts.into_iter().map(|part| Line::styled(part, theme.text)));
                }
            }
            TextKind::Json => lines.extend(
                indented(paragraph, cols)
                    .into_iter()
                    .map(|part| json_line(part, theme)),
            ),
            TextKind::Diff => {
                let style = diff_style(paragraph, theme);
                lines.extend(
                    indented(paragraph, cols)
                        .into_iter()
                        .map(|part| Line::styled(part, style)),
                );
            }
        }
    }
    let rows = usize::from(inner.height);
    let last_start = lines.len().saturating_sub(rows);
    let first = usize::from(view.scroll).min(last_start);
    let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// ` esc close · j/k scroll · y copy `: the copy key from the keymap in use (a copy keeps secrets hidden).
fn footer(state: &State) -> String {
    let copy = state
        .keymap
        .key_for(UserAction::CopyText, &[Context::Help, Context::Global])
        .map(|k| format!(" · {k} copy"))
        .unwrap_or_default();
    format!(" esc close · j/k scroll{copy} ")
}

/// A line wrapped to `cols` with its indentation kept, continuation lines indented two more.
fn indented(line: &str, cols: usize) -> Vec<String> {
    let body = line.trim_start();
    let indent = (line.len() - body.len()).min(cols / 2);
    let pad = " ".repeat(indent);
    crate::ui::text::wrap(body, cols.saturating_sub(indent + 2).max(8))
        .into_iter()
        .enumerate()
        .map(|(i, part)| match i {
            0 => format!("{pad}{part}"),
            _ => format!("{pad}  {part}"),
        })
        .collect()
}

/// `"key": value,` with the key, strings and other values each in their colour.
fn json_line(line: String, theme: &Theme) -> Line<'static> {
    let body = line.trim_start();
    let indent = line[..line.len() - body.len()].to_string();
    let value_style = |v: &str| {
        let v = v.trim_end_matches(',');
        if v.starts_with('"') {
            theme.ok
        } else if v == "true" || v == "false" || v == "null" || v.parse::<f64>().is_ok() {
            theme.pending
        } else {
            theme.muted
        }
    };
    let mut spans = vec![Span::raw(indent)];
    match body.split_once("\": ") {
        Some((key, value)) if body.starts_with('"') => {
            spans.push(Span::styled(format!("{key}\":"), theme.accent));
            spans.push(Span::styled(format!(" {value}"), value_style(value)));
        }
        _ => spans.push(Span::styled(body.to_string(), value_style(body))),
    }
    Line::from(spans)
}

fn diff_style(line: &str, theme: &Theme) -> Style {
    match line.trim_start().chars().next() {
        Some('+') => theme.ok,
        Some('-') => theme.error,
        Some('~') => theme.warn,
        _ if line.ends_with(':') => theme.header,
        _ => theme.text,
    }
}
