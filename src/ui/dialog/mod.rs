//! The one confirmation dialog, for any change: where (profile, account, region), what changes from -> to,
//! every target, the field being typed, why Enter was refused, and the keys.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::mutation::Section;
use crate::app::{Dialog, FlashLevel, State};
use crate::config::keymap::Context;
use crate::model::arn_name;
use crate::ui::text::{fit, width};
use crate::ui::widgets::panel;
use crate::ui::Theme;

mod containers;
mod plan;
mod revisions;

const MAX_WIDTH: u16 = 100;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, dialog: &Dialog, theme: &Theme) {
    let popup_width = area.width.saturating_sub(4).min(MAX_WIDTH);
    if popup_width < 20 || area.height < 8 {
        return;
    }
    let inner_width = usize::from(popup_width - 4);
    let content = Content::new(state, dialog, theme, inner_width, area.height);
    let height = (content.lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = Rect {
        x: area.x + (area.width - popup_width) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width: popup_width,
        height,
    };
    let title = fit(&content.title, inner_width.saturating_sub(2)).into_owned();
    let inner = panel::popup(
        frame,
        popup,
        theme,
        &title,
        None,
        Line::from(key_hints(state, theme)),
    );
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    frame.render_widget(Paragraph::new(content.lines.clone()), inner);
    // The field being typed in, drawn by ratatui-textarea so that its cursor shows.
    let typing = dialog.confirm.as_ref().or(dialog.field.as_ref());
    if let (Some(field), Some(row)) = (typing, content.field_row) {
        let y = inner.y + row as u16;
        if y < inner.bottom() {
            let x = inner.x + content.field_column as u16;
            let rect = Rect {
                x,
                y,
                width: inner.right().saturating_sub(x),
                height: 1,
            };
            let mut input = field.textarea().clone();
            input.set_cursor_line_style(ratatui::style::Style::new());
            input.set_style(theme.text);
            frame.render_widget(&input, rect);
        }
    }
}

fn key_hints(state: &State, theme: &Theme) -> Vec<Span<'static>> {
    state
        .keymap
        .hints(&[Context::Dialog])
        .into_iter()
        .flat_map(|b| {
            [
                Span::styled(format!(" {}", b.name), theme.focus),
                Span::styled(format!(" {} ", b.description), theme.muted),
            ]
        })
        .collect()
}

/// The dialog's lines, and where the field goes among them.
struct Content {
    title: String,
    lines: Vec<Line<'static>>,
    field_row: Option<usize>,
    field_column: usize,
}

impl Content {
    fn new(state: &State, dialog: &Dialog, theme: &Theme, cols: usize, rows: u16) -> Content {
        let mutation = dialog.mutation(state);
        let description = mutation.as_ref().ok().map(|m| m.describe());
        let draft = dialog.draft.change();
        let mut c = Content {
            title: description
                .as_ref()
                .map_or_else(|| draft.draft_title(state), |d| d.title.clone()),
            lines: Vec::new(),
            field_row: None,
            field_column: 0,
        };
        let info = &state.session.info;
        let account = info.account_id.as_deref().unwrap_or("account unknown");
        c.text(
            format!(
                "profile {} · account {account} · {}",
                info.profile, info.region
            ),
            theme.muted,
            cols,
        );
        c.text(
            format!(
                "cluster {}",
                draft.cluster_arn().map_or("(regional)", arn_name)
            ),
            theme.muted,
            cols,
        );
        c.blank();
        if let Some(d) = &description {
            for change in &d.changes {
                let what = format!("{:<16}", change.what);
                let one_line = width(&what) + width(&change.from) + 3 + width(&change.to);
                if change.from.is_empty() {
                    // Nothing before it (a session): what it is, read whole.
                    c.lines.push(Line::from(Span::styled(what, theme.muted)));
                    c.wrapped(&format!("  {}", change.to), theme.focus, cols);
                } else if one_line <= cols {
                    c.lines.push(Line::from(vec![
                        Span::styled(what, theme.muted),
                        Span::styled(change.from.clone(), theme.text),
                        Span::styled(" → ", theme.muted),
                        Span::styled(change.to.clone(), theme.focus),
                    ]));
                } else {
                    // Too long for one line (images): from and to each on their own, read whole.
                    c.text(change.what.clone(), theme.muted, cols);
                    c.wrapped(&format!("  {}", change.from), theme.text, cols);
                    c.wrapped(&format!("→ {}", change.to), theme.focus, cols);
                }
            }
        }
        for note in draft.context(state) {
            let style = if note.aside { theme.muted } else { theme.text };
            match note.wrap {
                true => c.wrapped(&note.text, style, cols),
                false => c.text(note.text, style, cols),
            }
        }
        let section = draft.section();
        if section == Section::Revisions {
            let room = usize::from(rows).saturating_sub(16).clamp(3, 12);
            c.lines
                .extend(revisions::lines(state, dialog, theme, cols, room));
        }
        if section == Section::Containers {
            c.lines.extend(containers::lines(dialog, theme, cols));
        }
        let cleanup = section == Section::Plan;
        if cleanup {
            // What is left of the popup once the name field and the notice, when shown, have their rows.
            let field = if dialog.confirm.is_some() { 2 } else { 0 };
            let notice = if dialog.notice.is_some() || mutation.is_err() {
                4
            } else {
                0
            };
            let room = usize::from(rows)
                .saturating_sub(4 + c.lines.len() + field + notice)
                .max(6);
            c.lines.extend(plan::lines(dialog, theme, cols, room));
        }
        if let Some(label) = draft.label() {
            c.blank();
            c.field(label, theme);
        }
        if dialog.confirm.is_some() {
            c.blank();
            c.field("Type the name", theme);
        }
        if let Some(notice) = &dialog.notice {
            c.blank();
            let (glyph, style) = match notice.level {
                FlashLevel::Info => ("›", theme.text),
                FlashLevel::Warn => ("!", theme.warn),
                FlashLevel::Error => ("✗", theme.error),
            };
            c.wrapped(&format!("{glyph} {}", notice.text), style, cols);
        } else if let Err(why) = &mutation {
            c.blank();
            c.wrapped(&format!("› {why}"), theme.muted, cols);
        }
        if let Some(d) = description.as_ref().filter(|_| !cleanup) {
            c.blank();
            c.targets(&d.targets, draft.hidden(), theme, cols, rows);
            c.wrapped(&d.how, theme.muted, cols);
        }
        c
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    fn text(&mut self, text: String, style: ratatui::style::Style, cols: usize) {
        self.lines
            .push(Line::styled(fit(&text, cols).into_owned(), style));
    }

    /// Words wrapped to the width, so that a message is read whole.
    fn wrapped(&mut self, text: &str, style: ratatui::style::Style, cols: usize) {
        let mut line = String::new();
        for word in text.split(' ') {
            if !line.is_empty() && width(&line) + 1 + width(word) > cols {
                self.text(std::mem::take(&mut line), style, cols);
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            self.text(line, style, cols);
        }
    }

    fn field(&mut self, label: &str, theme: &Theme) {
        let label = format!("{label}: ");
        self.field_row = Some(self.lines.len());
        self.field_column = width(&label);
        self.lines
            .push(Line::from(Span::styled(label, theme.header)));
    }

    /// Every target, as many as fit, then how many more.
    fn targets(
        &mut self,
        targets: &[String],
        hidden: usize,
        theme: &Theme,
        cols: usize,
        rows: u16,
    ) {
        let hidden_note = if hidden > 0 {
            format!(", {hidden} of them hidden by the filter")
        } else {
            String::new()
        };
        self.text(
            format!(
                "{} target{}{hidden_note}:",
                targets.len(),
                plural(targets.len())
            ),
            theme.header,
            cols,
        );
        let room = usize::from(rows)
            .saturating_sub(self.lines.len() + 6)
            .max(1);
        let shown = if targets.len() > room {
            room - 1
        } else {
            targets.len()
        };
        for arn in &targets[..shown] {
            // Cut from the left when it does not fit: the end of an ARN (the id) is what tells them apart.
            let room = cols.saturating_sub(3);
            let chars: Vec<char> = arn.chars().collect();
            let shown_arn = if chars.len() > room {
                let tail: String = chars[chars.len() - room..].iter().collect();
                format!("…{tail}")
            } else {
                arn.clone()
            };
            self.text(format!("  {shown_arn}"), theme.text, cols);
        }
        if shown < targets.len() {
            self.text(
                format!("  … and {} more", targets.len() - shown),
                theme.muted,
                cols,
            );
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
