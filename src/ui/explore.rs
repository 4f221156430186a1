//! Every exploring view (instances, load balancers, listeners, rules, target groups, targets) through one
//! table: the view's rows are data (`app::explore`), and this turns their cells into styled labels.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::Frame;

use crate::app::explore::{Cell, Listing, Tone, View, ViewRow, Width};
use crate::app::{State, TableKind, TableView};
use crate::model::Ago;
use crate::ui::widgets::{message, panel, status, table, Column, Label, TableRow};
use crate::ui::Theme;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    (view, cursor, rows): (&View, &TableView, &[ViewRow]),
    theme: &Theme,
) {
    let spec = view.spec();
    let title = spec.title();
    let kind = TableKind::View(spec.sort_columns());
    // Loading and failing are asked of the view; its rows were built by `update`.
    let listing = match rows.is_empty() {
        true => spec.rows(state),
        false => Listing::Rows(Vec::new()),
    };
    match listing {
        Listing::Loading => {
            let inner = panel::boxed(frame, area, theme, &title, "");
            message::draw(frame, inner, message::loading(&title.to_lowercase(), theme));
        }
        Listing::Failed(e) => {
            let inner = panel::boxed(frame, area, theme, &title, "");
            message::draw(
                frame,
                inner,
                message::failed(&title.to_lowercase(), &e, theme),
            );
        }
        Listing::Rows(_) if rows.is_empty() => {
            let inner = panel::boxed(frame, area, theme, &format!("{title} (0)"), "");
            let empty = spec.empty(state);
            message::draw(
                frame,
                inner,
                message::empty(empty.headline, &empty.meaning, theme),
            );
        }
        Listing::Rows(_) => {
            let note = table::view_note(cursor, kind, rows.len());
            let inner = panel::boxed(
                frame,
                area,
                theme,
                &format!("{title} ({})", rows.len()),
                &note,
            );
            if let (true, Some(filter)) = (cursor.rows.is_empty(), &cursor.filter) {
                message::draw(frame, inner, message::no_match("rows", filter, theme));
                return;
            }
            let columns: Vec<Column> = spec
                .columns()
                .iter()
                .map(|c| {
                    let width = match c.width {
                        Width::Fill => Constraint::Fill(1),
                        Width::Fixed(n) => Constraint::Length(n),
                    };
                    match c.right {
                        true => Column::right(c.title, width),
                        false => Column::new(c.title, width),
                    }
                })
                .collect();
            let widths: Vec<u16> = table::column_rects(&columns, inner)
                .iter()
                .map(|r| r.width)
                .collect();
            table::draw_table(
                frame,
                inner,
                theme,
                &columns,
                cursor.rows.len(),
                Some((cursor, kind)),
                |i| match cursor.rows.get(i).and_then(|&index| rows.get(index)) {
                    Some(row) => {
                        let cells = row
                            .cells
                            .iter()
                            .zip(&widths)
                            .map(|(cell, &w)| label(cell, w, state, theme))
                            .collect();
                        TableRow::new(cells).marked(cursor.marks.contains(&row.key))
                    }
                    None => TableRow::new(Vec::new()),
                },
            );
        }
    }
}

fn tone(tone: Tone, theme: &Theme) -> Style {
    match tone {
        Tone::Plain => theme.text,
        Tone::Good => theme.ok,
        Tone::Busy => theme.pending,
        Tone::Warn => theme.warn,
        Tone::Bad => theme.error,
        Tone::Muted => theme.muted,
    }
}

fn label(cell: &Cell, width: u16, state: &State, theme: &Theme) -> Label {
    match cell {
        Cell::Text(text, t) => Label::new(text.clone(), tone(*t, theme)),
        Cell::Number(n, t) => Label::new(n.to_string(), tone(*t, theme)),
        Cell::When(Some(at)) => Label::new(Ago(state.now.since(*at)).to_string(), theme.text),
        Cell::When(None) => Label::new("", theme.muted),
        Cell::Bar { used, total } => bar(*used, *total, width, theme),
    }
}

/// `██████░░░░ 62%`: how much of `total` is used, in the cells there are. Fuller than 90% is a warning.
fn bar(used: u64, total: u64, width: u16, theme: &Theme) -> Label {
    if total == 0 {
        return Label::new("—", theme.muted);
    }
    let percent = (used * 100 / total).min(100);
    let figure = format!(" {percent:>3}%");
    let room = usize::from(width).saturating_sub(figure.len()).min(12);
    let style = if percent >= 90 {
        theme.warn
    } else {
        theme.text
    };
    let drawn = status::progress_bar(used.min(total) as u32, total as u32, room);
    let bar: String = drawn.chars().take(room).collect();
    Label::new(format!("{bar}{figure}"), style)
}
