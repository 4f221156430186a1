//! Where the help goes: how many columns, where its blocks are cut, how far it scrolls. Pure arithmetic on the
//! sizes of its blocks (`HelpSizes`, which `app::help` builds from the keymap and the commands), so that `app`
//! scrolls it and `ui` draws it alike.

use std::ops::Range;

use ratatui::layout::Rect;

/// The narrowest a column of keys is made before there is one column fewer.
const MIN_COLUMN: u16 = 36;
/// The widest a column is made.
const MAX_COLUMN: u16 = 52;
/// Cells between columns.
pub const GAP: u16 = 2;
/// The legend's rows (its glyphs are the ui's).
pub const LEGEND_ROWS: usize = 15;

/// The sizes of the help's content: what the layout needs to know of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HelpSizes {
    /// The rows of each section of keys, in order (its heading not counted).
    pub key_rows: Vec<usize>,
    /// The width in cells of each command as listed (` :scale N`), in order.
    pub command_widths: Vec<usize>,
}

/// Words of these widths wrapped to `cols`: the words (by index) on each line. A word wider than `cols`
/// still gets a line of its own.
pub fn wrap(widths: &[usize], cols: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let (mut start, mut width) = (0, 0);
    for (i, w) in widths.iter().enumerate() {
        if i > start && width + w > cols {
            lines.push(start..i);
            (start, width) = (i, 0);
        }
        width += w;
    }
    if start < widths.len() {
        lines.push(start..widths.len());
    }
    lines
}

/// The height of each block (a heading and its rows) at a column width: key sections, commands, legend.
fn heights(sizes: &HelpSizes, cols: usize) -> Vec<usize> {
    let mut out: Vec<usize> = sizes.key_rows.iter().map(|rows| 1 + rows).collect();
    out.push(1 + wrap(&sizes.command_widths, cols).len());
    out.push(1 + LEGEND_ROWS);
    out
}

/// Where the help goes and how its blocks are split into columns, for a terminal area.
pub struct HelpGeometry {
    pub popup: Rect,
    /// The blocks that start a new column.
    pub cuts: Vec<usize>,
    pub column_width: u16,
    /// Rows of content shown at once.
    pub visible: u16,
    /// Rows of the tallest column.
    pub content: u16,
}

impl HelpGeometry {
    pub fn new(area: Rect, sizes: &HelpSizes) -> HelpGeometry {
        let inner_max = area.width.saturating_sub(6);
        // As many columns as fit, then only as many as the most even split of the blocks uses, widened.
        let n = ((inner_max + GAP) / (MIN_COLUMN + GAP)).clamp(1, 3);
        let narrow = (inner_max.saturating_sub(GAP * (n - 1)) / n).max(1);
        let cuts = split(&heights(sizes, usize::from(narrow)), usize::from(n));
        let used = cuts.len() as u16 + 1;
        let column_width = (inner_max.saturating_sub(GAP * (used - 1)) / used).clamp(1, MAX_COLUMN);
        let content = tallest(&heights(sizes, usize::from(column_width)), &cuts) as u16;
        let width = (column_width * used + GAP * (used - 1) + 2).min(area.width);
        let height = (content + 2).min(area.height.saturating_sub(2));
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        HelpGeometry {
            popup,
            cuts,
            column_width,
            visible: height.saturating_sub(2),
            content,
        }
    }

    pub fn max_scroll(&self) -> u16 {
        self.content.saturating_sub(self.visible)
    }
}

/// The tallest column when blocks of these heights are cut there, a blank line between blocks.
fn tallest(heights: &[usize], cuts: &[usize]) -> usize {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(heights.len());
    bounds
        .windows(2)
        .map(|w| {
            let hs = &heights[w[0]..w[1].max(w[0])];
            hs.iter().sum::<usize>() + hs.len().saturating_sub(1)
        })
        .max()
        .unwrap_or(0)
}

/// Where to cut blocks of these heights into at most `n` columns, in order: the cuts whose tallest column is
/// shortest, and the fewest columns for that height.
fn split(heights: &[usize], n: usize) -> Vec<usize> {
    let mut best: Vec<usize> = Vec::new();
    let mut best_height = tallest(heights, &best);
    // Every way to cut; there are a handful of blocks and at most 3 columns.
    let mut candidates: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 1..n {
        let mut next = Vec::new();
        for cuts in &candidates {
            let from = cuts.last().map_or(1, |c| c + 1);
            for c in from..heights.len() {
                let mut more = cuts.clone();
                more.push(c);
                next.push(more);
            }
        }
        for cuts in &next {
            let h = tallest(heights, cuts);
            if h < best_height {
                best_height = h;
                best = cuts.clone();
            }
        }
        candidates = next;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_where_the_next_would_pass_the_column() {
        assert_eq!(wrap(&[3, 3, 3], 6), [0..2, 2..3]);
        assert_eq!(wrap(&[3, 3, 3], 5), [0..1, 1..2, 2..3]);
        assert_eq!(
            wrap(&[9, 2], 4),
            [0..1, 1..2],
            "a long word keeps a line of its own"
        );
        assert!(wrap(&[], 10).is_empty());
    }
}
