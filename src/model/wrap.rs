//! Display width and word wrapping of clean text, in terminal cells. Below `ui` so that the app can count
//! the lines a pane's text will take (the service screen's layout gives the events the rows they wrap to).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::text::is_unsafe;

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A character's width in cells; an unsafe one is drawn as a one-cell placeholder.
pub fn char_width(c: char) -> usize {
    if is_unsafe(c) {
        1
    } else {
        UnicodeWidthChar::width(c).unwrap_or(0)
    }
}

/// Words laid into lines of at most `max` cells; a word longer than a line is cut across lines. Control
/// characters and bidi overrides separate words, as spaces do.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if max == 0 {
        return lines;
    }
    let mut line = String::new();
    let mut used = 0;
    for word in s
        .split(|c: char| c.is_whitespace() || is_unsafe(c))
        .filter(|w| !w.is_empty())
    {
        let w = width(word);
        if used > 0 && used + 1 + w <= max {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let cw = char_width(c);
            if used > 0 && used + cw > max {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
