//! Every exploring view (instances, load balancers, listeners, rules, target groups, targets) through one
//! table: the view's rows are data (`app::explore`), and this turns their cells into styled labels.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

use crate::app::explore::{Cell, Listing, Tone, View, ViewRow, Width};
use crate::app::table::columns::{lay_out, Laid};
use crate::app::{State, TableKind, TableView};
use crate::model::Ago;
use crate::ui::text::Trunc;
use crate::ui::widgets::{message, panel, status, table, Label, TableRow};
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
                message::draw(
                    frame,
                    inner,
                    message::no_match(&title.to_lowercase(), filter, theme),
                );
                return;
            }
            let laid = lay_out(spec.columns(), rows, inner.width);
            let columns = table::laid_columns(&laid, inner.width);
            let marks = marks(view, cursor);
            // The column whose long texts wrap, when the view asks (a log view with `w`).
            let wrapping = spec
                .wraps()
                .then(|| spec.columns().iter().position(|c| c.width == Width::Fill))
                .flatten();
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
                        let cells = laid
                            .iter()
                            .zip(&widths)
                            .filter_map(|(&Laid { id: c, .. }, &w)| {
                                let mut label = label(row.cells.get(c)?, w, state, theme);
                                // A log line's message shows what the search or the filter looks for.
                                if c == MESSAGE && !marks.is_empty() {
                                    label = label.marking(marks.clone());
                                }
                                if wrapping == Some(c) {
                                    label = label.trunc(Trunc::Wrap);
                                }
                                Some(label)
                            })
                            .collect();
                        TableRow::new(cells).marked(cursor.marks.contains(&row.key))
                    }
                    None => TableRow::new(Vec::new()),
                },
            );
        }
    }
}

/// The log view's message column.
const MESSAGE: usize = 2;

/// The words a log view highlights: the terms of its server-side search (a CloudWatch pattern's words and
/// quoted phrases, not its `-` exclusions) and its filter's text.
fn marks(view: &View, cursor: &TableView) -> Vec<String> {
    let View::Logs(logs) = view else {
        return Vec::new();
    };
    let mut marks = Vec::new();
    if let Some(pattern) = &logs.pattern {
        for phrase in pattern.split('"').skip(1).step_by(2) {
            marks.push(phrase.to_string());
        }
        let unquoted: String = pattern.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        marks.extend(
            unquoted
                .split_whitespace()
                .filter(|w| !w.starts_with('-'))
                .map(|w| w.trim_start_matches('?').to_string()),
        );
    }
    // A `!` filter keeps the lines without its text: nothing to highlight.
    if let Some(filter) = cursor.filter.as_ref().filter(|f| !f.text.starts_with('!')) {
        marks.push(filter.text.clone());
    }
    marks.retain(|m| !m.trim().is_empty());
    marks
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::explore::{LogScope, Logs};
    use crate::app::{Filter, TaskSource};

    fn logs(pattern: Option<&str>) -> View {
        View::Logs(Logs {
            cluster_arn: "c".into(),
            scope: LogScope::Task {
                task_arn: "t".into(),
                from: TaskSource::Cluster,
            },
            container: None,
            pattern: pattern.map(str::to_string),
            since: None,
            follow: false,
            wrap: false,
        })
    }

    #[test]
    fn a_log_view_highlights_its_search_terms_and_its_filter() {
        let cursor = TableView {
            filter: Filter::parse("timeout"),
            ..TableView::default()
        };
        let found = marks(&logs(Some("?ERROR ?\"heap space\" -health")), &cursor);
        assert_eq!(found, ["heap space", "ERROR", "timeout"]);
        let not = TableView {
            filter: Filter::parse("!health"),
            ..TableView::default()
        };
        assert!(marks(&logs(None), &not).is_empty());
        assert!(marks(&View::load_balancers(), &cursor).is_empty());
    }
}
