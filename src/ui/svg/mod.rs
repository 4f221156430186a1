//! A drawn frame as an SVG picture: for the README's screenshots, which a test keeps in step with the code.
//!
//! One monospace cell is [`CELL_WIDTH`] x [`CELL_HEIGHT`] pixels. Backgrounds are rectangles merged along each
//! row; text goes in runs of equal style, and every character is placed at its own column (an `x` per
//! character), so a glyph that the font draws wider or narrower, or a wide character, never moves the text
//! after it. The output depends only on the buffer and the palette: the same frame gives the same bytes.

use std::fmt::Write;

use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;

/// Cell width in tenths of a pixel (8.4 px), so that coordinates print exactly.
const CELL_WIDTH_TENTHS: u32 = 84;
/// Cell width in pixels.
pub const CELL_WIDTH: f64 = CELL_WIDTH_TENTHS as f64 / 10.0;
/// Cell height in pixels: a little less than the font's line height, so that box-drawing lines join.
pub const CELL_HEIGHT: u32 = 16;
const FONT_SIZE: u32 = 14;
/// From the top of a cell to the text's baseline.
const BASELINE: u32 = 13;
const FONT_FAMILY: &str = "ui-monospace, 'DejaVu Sans Mono', Menlo, monospace";

/// An RGB colour.
pub type Rgb = (u8, u8, u8);

/// The terminal's own colours: what `Color::Reset` means for text and for the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub foreground: Rgb,
    pub background: Rgb,
}

impl Palette {
    pub const DARK: Palette = Palette {
        foreground: (0xd0, 0xd6, 0xde),
        background: (0x0b, 0x0f, 0x14),
    };
    pub const LIGHT: Palette = Palette {
        foreground: (0x1f, 0x23, 0x28),
        background: (0xfa, 0xfa, 0xfa),
    };

    /// The terminal a theme is made for: its `text` background if it sets one, else a dark terminal unless
    /// its text colour is dark (a theme for light terminals).
    pub fn for_theme(theme: &Theme) -> Palette {
        let base = match theme.text.fg.and_then(|c| rgb(c, None)) {
            Some((r, g, b)) if 299 * r as u32 + 587 * g as u32 + 114 * b as u32 <= 128_000 => {
                Palette::LIGHT
            }
            _ => Palette::DARK,
        };
        Palette {
            foreground: theme
                .text
                .fg
                .and_then(|c| rgb(c, None))
                .unwrap_or(base.foreground),
            background: theme
                .text
                .bg
                .and_then(|c| rgb(c, None))
                .unwrap_or(base.background),
        }
    }
}

/// The xterm colours of the 16 ANSI colours.
const ANSI: [Rgb; 16] = [
    (0x00, 0x00, 0x00),
    (0xcd, 0x00, 0x00),
    (0x00, 0xcd, 0x00),
    (0xcd, 0xcd, 0x00),
    (0x00, 0x00, 0xee),
    (0xcd, 0x00, 0xcd),
    (0x00, 0xcd, 0xcd),
    (0xe5, 0xe5, 0xe5),
    (0x7f, 0x7f, 0x7f),
    (0xff, 0x00, 0x00),
    (0x00, 0xff, 0x00),
    (0xff, 0xff, 0x00),
    (0x5c, 0x5c, 0xff),
    (0xff, 0x00, 0xff),
    (0x00, 0xff, 0xff),
    (0xff, 0xff, 0xff),
];

/// A colour as xterm shows it; `Reset` is `default` (None when there is no default).
fn rgb(color: Color, default: Option<Rgb>) -> Option<Rgb> {
    let ansi = |i: usize| Some(ANSI[i]);
    match color {
        Color::Reset => default,
        Color::Black => ansi(0),
        Color::Red => ansi(1),
        Color::Green => ansi(2),
        Color::Yellow => ansi(3),
        Color::Blue => ansi(4),
        Color::Magenta => ansi(5),
        Color::Cyan => ansi(6),
        Color::Gray => ansi(7),
        Color::DarkGray => ansi(8),
        Color::LightRed => ansi(9),
        Color::LightGreen => ansi(10),
        Color::LightYellow => ansi(11),
        Color::LightBlue => ansi(12),
        Color::LightMagenta => ansi(13),
        Color::LightCyan => ansi(14),
        Color::White => ansi(15),
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i @ 0..=15) => ansi(i as usize),
        Color::Indexed(i @ 16..=231) => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let i = i - 16;
            Some((level(i / 36), level(i / 6 % 6), level(i % 6)))
        }
        Color::Indexed(i) => {
            let v = 8 + 10 * (i - 232);
            Some((v, v, v))
        }
    }
}

/// How one cell's text looks, with `Reset` and `REVERSED` resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Look {
    fg: Rgb,
    bg: Rgb,
    modifier: Modifier,
}

fn look(cell: &Cell, palette: &Palette) -> Look {
    let mut fg = rgb(cell.fg, Some(palette.foreground)).unwrap_or(palette.foreground);
    let mut bg = rgb(cell.bg, Some(palette.background)).unwrap_or(palette.background);
    if cell.modifier.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    // Only what changes the picture, so that runs are as long as they can be.
    let shown = Modifier::BOLD
        | Modifier::DIM
        | Modifier::ITALIC
        | Modifier::UNDERLINED
        | Modifier::CROSSED_OUT
        | Modifier::HIDDEN;
    Look {
        fg,
        bg,
        modifier: cell.modifier & shown,
    }
}

fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The left edge of column `col`, in pixels, printed exactly (`8.4`, `16.8`, `25.2`, `33.6`, `42`).
fn x(col: usize) -> String {
    let tenths = col as u32 * CELL_WIDTH_TENTHS;
    match tenths % 10 {
        0 => format!("{}", tenths / 10),
        t => format!("{}.{t}", tenths / 10),
    }
}

fn escape(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// One row as (column, columns covered, symbol, look): the cells a wide character covers belong to it.
fn row_cells<'b>(
    buffer: &'b Buffer,
    row: usize,
    palette: &Palette,
) -> Vec<(usize, usize, &'b str, Look)> {
    let width = buffer.area.width as usize;
    let cells = &buffer.content()[row * width..(row + 1) * width];
    let mut out = Vec::with_capacity(width);
    let mut col = 0;
    while col < width {
        let cell = &cells[col];
        let symbol = if cell.diff_option == CellDiffOption::Skip {
            " "
        } else {
            cell.symbol()
        };
        let span = symbol.width().clamp(1, width - col);
        out.push((col, span, symbol, look(cell, palette)));
        col += span;
    }
    out
}

/// The buffer as an SVG document. `Color::Reset` takes the palette's colours.
pub fn buffer_to_svg(buffer: &Buffer, palette: &Palette) -> String {
    let (cols, rows) = (buffer.area.width as usize, buffer.area.height as usize);
    let (width, height) = (x(cols), rows as u32 * CELL_HEIGHT);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\">"
    );
    let _ = writeln!(
        svg,
        "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>",
        hex(palette.background)
    );
    let _ = writeln!(
        svg,
        "<g font-family=\"{FONT_FAMILY}\" font-size=\"{FONT_SIZE}\" xml:space=\"preserve\">"
    );
    for row in 0..rows {
        let cells = row_cells(buffer, row, palette);
        let top = row as u32 * CELL_HEIGHT;
        // Backgrounds: one rectangle per run of equal colour that is not the terminal's own.
        for run in cells.chunk_by(|a, b| a.3.bg == b.3.bg) {
            let bg = run[0].3.bg;
            if bg != palette.background {
                let (start, end) = (run[0].0, run[run.len() - 1].0 + run[run.len() - 1].1);
                let _ = writeln!(
                    svg,
                    "<rect x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{CELL_HEIGHT}\" fill=\"{}\"/>",
                    x(start),
                    x(end - start),
                    hex(bg)
                );
            }
        }
        // Text: runs of equal look, without the spaces at either end unless a line is drawn through them.
        for run in cells.chunk_by(|a, b| (a.3.fg, a.3.modifier) == (b.3.fg, b.3.modifier)) {
            let look = run[0].3;
            let lined = look
                .modifier
                .intersects(Modifier::UNDERLINED | Modifier::CROSSED_OUT);
            let blank = |c: &&(usize, usize, &str, Look)| !lined && c.2.trim().is_empty();
            let first = run.iter().position(|c| !blank(&c));
            let last = run.iter().rposition(|c| !blank(&c));
            let (Some(first), Some(last)) = (first, last) else {
                continue;
            };
            if look.modifier.contains(Modifier::HIDDEN) {
                continue;
            }
            write_text(&mut svg, &run[first..=last], look, top + BASELINE);
        }
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}

/// A cell holding more than one character (a combining mark, an emoji sequence) or one outside the Basic
/// Multilingual Plane gets an element of its own: renderers disagree on how they count such characters
/// against a list of `x` positions.
fn write_text(svg: &mut String, cells: &[(usize, usize, &str, Look)], look: Look, baseline: u32) {
    let simple = |s: &str| s.chars().count() <= 1 && s.chars().all(|c| (c as u32) < 0x1_0000);
    for group in cells.chunk_by(|a, b| simple(a.2) && simple(b.2)) {
        let xs: Vec<String> = group.iter().map(|c| x(c.0)).collect();
        let positions = if simple(group[0].2) {
            xs.join(" ")
        } else {
            xs[0].clone()
        };
        let _ = write!(
            svg,
            "<text x=\"{positions}\" y=\"{baseline}\" fill=\"{}\"",
            hex(look.fg)
        );
        let m = look.modifier;
        if m.contains(Modifier::BOLD) {
            svg.push_str(" font-weight=\"bold\"");
        }
        if m.contains(Modifier::ITALIC) {
            svg.push_str(" font-style=\"italic\"");
        }
        if m.contains(Modifier::DIM) {
            svg.push_str(" opacity=\"0.6\"");
        }
        match (
            m.contains(Modifier::UNDERLINED),
            m.contains(Modifier::CROSSED_OUT),
        ) {
            (true, true) => svg.push_str(" text-decoration=\"underline line-through\""),
            (true, false) => svg.push_str(" text-decoration=\"underline\""),
            (false, true) => svg.push_str(" text-decoration=\"line-through\""),
            (false, false) => {}
        }
        svg.push('>');
        for (_, _, symbol, _) in group {
            escape(if symbol.is_empty() { " " } else { symbol }, svg);
        }
        svg.push_str("</text>\n");
    }
}

#[cfg(test)]
mod tests;
