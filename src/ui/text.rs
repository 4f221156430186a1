//! Width-aware string helpers: every string from AWS goes through `fit` before it meets a column.

use std::borrow::Cow;

use ratatui::buffer::Buffer;

use crate::model::text::{is_unsafe, PLACEHOLDER};
pub use crate::model::wrap::{char_width, width, wrap};

/// `s` cut to at most `max` cells, ending in `…` when cut. Control characters (newlines in event messages)
/// and bidi overrides become spaces. Never panics, whatever the string.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    let clean = !s.chars().any(is_unsafe);
    if clean && width(s) <= max {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(max * 4));
    let mut used = 0;
    let total: usize = s.chars().map(char_width).sum();
    if total <= max {
        out.extend(s.chars().map(|c| if is_unsafe(c) { ' ' } else { c }));
        return Cow::Owned(out);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        out.push(if is_unsafe(c) { ' ' } else { c });
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// How a cell gives way when it is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trunc {
    /// `payments-a…`
    #[default]
    End,
    /// Keep the revision of a `family:revision`: `billing-wor…:311`.
    Revision,
    /// Keep the last path segment of an image or path: `…/web:2024-06-10.3`.
    Path,
    /// Not cut: wrapped over as many lines as it takes (`wrap_kept`).
    Wrap,
}

/// `fit`, giving way as `mode` says.
pub fn fit_as(s: &str, max: usize, mode: Trunc) -> Cow<'_, str> {
    if width(s) <= max && !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    match mode {
        Trunc::Revision => match s.rsplit_once(':') {
            Some((family, rev)) if width(rev) + 3 <= max => {
                Cow::Owned(format!("{}:{rev}", fit(family, max - width(rev) - 1)))
            }
            _ => fit(s, max),
        },
        Trunc::End | Trunc::Wrap => fit(s, max),
        Trunc::Path => match s.rsplit_once('/') {
            Some((_, last)) if width(last) + 2 <= max => Cow::Owned(format!("…/{last}")),
            Some((_, last)) => Cow::Owned(fit(last, max).into_owned()),
            None => fit(s, max),
        },
    }
}

/// `wrap`, keeping the text's indentation on every line (a stack trace's `    at …`); tabs count as four
/// spaces, other control characters spaces, and an indentation wider than half the line is cut to half.
/// Never fewer than one line.
pub fn wrap_kept(s: &str, max: usize) -> Vec<String> {
    let s: String = s
        .chars()
        .flat_map(|c| match c {
            '\t' => "    ".chars().collect::<Vec<_>>(),
            c if is_unsafe(c) => vec![' '],
            c => vec![c],
        })
        .collect();
    let body = s.trim_start();
    let indent = (width(&s) - width(body)).min(max / 2);
    let pad = " ".repeat(indent);
    let mut lines: Vec<String> = wrap(body, max - indent)
        .into_iter()
        .map(|line| format!("{pad}{line}"))
        .collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The longest a cell's grapheme may be: the longest emoji sequences (a family, a flag with tags) fit.
const MAX_CELL_BYTES: usize = 64;

/// The last filter before the terminal: any cell whose symbol holds a character that could drive the
/// terminal (an escape, a C1 control, a bidi override, an invisible character of disputed width) is drawn as
/// `PLACEHOLDER` instead, and a flood of combining marks on one character keeps its first few. Text is
/// cleaned where it enters wharf, so this only matters if a path was missed; it costs one scan of the frame.
pub fn scrub(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        // Nearly every cell is one printable ASCII byte: no need to decode it.
        if let [b] = symbol.as_bytes() {
            if (0x20..0x7F).contains(b) {
                continue;
            }
        }
        if symbol.chars().any(is_unsafe) {
            cell.set_char(PLACEHOLDER);
        } else if symbol.len() > MAX_CELL_BYTES {
            let kept: String = symbol.chars().take(8).collect();
            cell.set_symbol(&kept);
        }
    }
}

pub use crate::model::{compact_event, short_id};

pub use crate::model::{family_revision, revision};

/// A target group's name: the path segment before the last in its ARN
/// (`…:targetgroup/web-blue/6d0ecf831eec9f09` -> `web-blue`).
pub fn target_group_name(arn: &str) -> &str {
    crate::model::elb_name(arn)
}

/// `2000` as `2,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A filter or sort while rows are still coming knows the rows not described yet by their names only:
/// `filter: 1,899 described, 101 by name only`, from `(listed, described)`; empty when all are described
/// or the rows are neither filtered nor sorted.
pub fn partial((listed, described): (usize, usize), cursor: &crate::app::TableView) -> String {
    if described == listed || (cursor.filter.is_none() && cursor.sort.is_none()) {
        return String::new();
    }
    let what = if cursor.filter.is_some() {
        "filter"
    } else {
        "sort"
    };
    format!(
        "{what}: {} described, {} by name only",
        thousands(described),
        thousands(listed - described)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_keep_their_indentation_and_no_control_character() {
        let trace = "\tat com.example.orders.Repository.find(Repository.java:88)";
        let lines = wrap_kept(trace, 30);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with("    ") && width(l) <= 30),
            "{lines:?}"
        );
        assert_eq!(wrap_kept("", 10), [""]);
        assert_eq!(wrap_kept("a\x1b[31mred", 20), ["a [31mred"]);
        assert_eq!(fit("a\u{202e}b", 5), "a b");
        // An indentation as wide as the line is cut to half of it.
        assert!(wrap_kept(&format!("{}word", " ".repeat(40)), 10)
            .iter()
            .all(|l| width(l) <= 10));
    }

    #[test]
    fn scrub_leaves_no_escape_in_the_frame() {
        use ratatui::layout::Rect;
        use ratatui::text::Line;
        use ratatui::widgets::{Paragraph, Widget};
        let mut buffer = Buffer::empty(Rect::new(0, 0, 40, 2));
        // ratatui drops control characters (ESC, BEL, C1) and lone zero-width ones (a bidi override) itself,
        // but draws a line separator in a cell of its own and puts a tag character into the cell of the
        // character before it, where the terminal would receive them raw.
        Paragraph::new(Line::raw(
            "a\x1b]0;title\x07b\u{9b}2J\u{202e}c\u{2028}d\u{E0041}",
        ))
        .render(buffer.area, &mut buffer);
        let raw: String = buffer.content.iter().map(|c| c.symbol()).collect();
        assert!(
            raw.chars().any(is_unsafe),
            "ratatui keeps the escape: {raw:?}"
        );
        scrub(&mut buffer);
        let drawn: String = buffer.content.iter().map(|c| c.symbol()).collect();
        assert!(!drawn.chars().any(is_unsafe), "{drawn:?}");
        assert!(drawn.contains("]0;title"), "{drawn:?}");
    }

    #[test]
    fn a_flood_of_combining_marks_keeps_its_first_few() {
        use ratatui::layout::Rect;
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer[(0, 0)].set_symbol(&format!("e{}", "\u{301}".repeat(10_000)));
        buffer[(1, 0)].set_symbol("👩\u{200D}👩\u{200D}👧\u{200D}👦");
        scrub(&mut buffer);
        assert_eq!(buffer[(0, 0)].symbol().chars().count(), 8);
        assert_eq!(buffer[(1, 0)].symbol(), "👩\u{200D}👩\u{200D}👧\u{200D}👦");
    }

    #[test]
    fn fit_truncates_by_display_width() {
        assert_eq!(fit("payments", 8), "payments");
        assert_eq!(fit("payments-api", 8), "payment…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("abc", 1), "…");
        // Wide characters take two cells each and are never split.
        assert_eq!(fit("日本語サービス", 7), "日本語…");
        assert!(width(&fit("日本語サービス", 6)) <= 6);
        assert_eq!(fit("a\nb", 3), "a b");
        assert_eq!(fit("line one\nline two", 6), "line …");
        // Combining marks and emoji do not break it.
        for s in [
            "e\u{301}e\u{301}e\u{301}",
            "🚀🚀🚀🚀",
            "\u{200b}x",
            "",
            "\t\r\n",
        ] {
            for max in 0..10 {
                assert!(width(&fit(s, max)) <= max, "{s:?} at {max}");
            }
        }
    }

    #[test]
    fn fit_as_keeps_what_matters() {
        assert_eq!(
            fit_as("billing-worker:311", 16, Trunc::Revision),
            "billing-wor…:311"
        );
        assert_eq!(fit_as("web:42", 16, Trunc::Revision), "web:42");
        assert_eq!(
            fit_as("a-very-long-family:12345678", 6, Trunc::Revision),
            "a-ver…"
        );
        let image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:2024-06-10.3";
        assert_eq!(fit_as(image, 20, Trunc::Path), "…/web:2024-06-10.3");
        assert_eq!(fit_as(image, 10, Trunc::Path), "web:2024-…");
        for mode in [Trunc::End, Trunc::Revision, Trunc::Path] {
            for max in 0..12 {
                assert!(width(&fit_as("日本:語/サービス:9", max, mode)) <= max);
            }
        }
    }

    #[test]
    fn wraps_by_words_and_cuts_long_words() {
        assert_eq!(
            wrap("has reached a steady state.", 12),
            ["has reached", "a steady", "state."]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert!(wrap("x", 0).is_empty());
        assert_eq!(wrap("a\x1b[2Jb\u{202e}c", 20), ["a [2Jb c"]);
        for max in 1..10 {
            for line in wrap("日本語 サービス a\nb 🚀🚀", max) {
                assert!(width(&line) <= max.max(2), "{line:?} at {max}");
            }
        }
    }

    #[test]
    fn compacts_event_messages() {
        let m = "(service web) (port 8080) is unhealthy in (target-group \
                 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/6d0ecf831eec9f09) due to x.";
        assert_eq!(
            compact_event(m),
            "(service web) (port 8080) is unhealthy in (target-group web-blue) due to x."
        );
        assert_eq!(
            compact_event("has started 2 tasks: (task 0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5) (task 5e4d3c2b1a0947f8e7d6c5b4a3928170)."),
            "has started 2 tasks: (task 0c1d2e3f) (task 5e4d3c2b)."
        );
        assert_eq!(compact_event(""), "");
    }

    #[test]
    fn arn_pieces() {
        let td = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:42";
        assert_eq!(family_revision(td), "web:42");
        assert_eq!(revision(td), "42");
        let tg = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/6d0ecf831eec9f09";
        assert_eq!(target_group_name(tg), "web-blue");
        assert_eq!(target_group_name("odd"), "odd");
        assert_eq!(short_id("1a2b3c4d5e6f"), "1a2b3c4d");
        assert_eq!(short_id("ab"), "ab");
    }
}
