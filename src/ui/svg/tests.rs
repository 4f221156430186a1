//! The SVG writer's own tests.

use ratatui::layout::Rect;
use ratatui::style::Style;

use super::*;

fn buffer(lines: &[&str]) -> Buffer {
    Buffer::with_lines(lines.iter().copied())
}

/// The `<text>` elements, as (x list, attributes after y, content).
fn texts(svg: &str) -> Vec<(String, String, String)> {
    svg.lines()
        .filter_map(|l| l.strip_prefix("<text x=\""))
        .map(|l| {
            let (xs, rest) = l.split_once('"').unwrap();
            let (attrs, rest) = rest.split_once('>').unwrap();
            let content = rest.strip_suffix("</text>").unwrap();
            (xs.to_string(), attrs.to_string(), content.to_string())
        })
        .collect()
}

fn rects(svg: &str) -> Vec<&str> {
    svg.lines().filter(|l| l.starts_with("<rect x=")).collect()
}

#[test]
fn markup_in_text_is_escaped() {
    let svg = buffer_to_svg(&buffer(&["a<b> & c"]), &Palette::DARK);
    assert_eq!(texts(&svg)[0].2, "a&lt;b&gt; &amp; c");
    assert!(!svg.contains("<b>"));
}

#[test]
fn every_character_sits_on_its_column() {
    let svg = buffer_to_svg(&buffer(&["  ab c  "]), &Palette::DARK);
    let t = texts(&svg);
    assert_eq!(t.len(), 1, "{svg}");
    assert_eq!(t[0].0, "16.8 25.2 33.6 42");
    assert_eq!(t[0].2, "ab c");
    assert!(svg.contains("width=\"67.2\" height=\"16\""), "{svg}");
}

#[test]
fn a_wide_character_does_not_move_the_text_after_it() {
    let svg = buffer_to_svg(&buffer(&["語x"]), &Palette::DARK);
    let t = texts(&svg);
    assert_eq!(t[0].2, "語x");
    assert_eq!(
        t[0].0, "0 16.8",
        "x is in column 2, after the wide character's two columns"
    );
}

#[test]
fn a_wide_characters_background_covers_both_its_columns() {
    let mut b = Buffer::empty(Rect::new(0, 0, 4, 1));
    b.set_string(0, 0, "語", Style::new().bg(Color::Rgb(1, 2, 3)));
    assert_eq!(
        b[(1, 0)].bg,
        Color::Reset,
        "ratatui resets the covered cell"
    );
    let svg = buffer_to_svg(&b, &Palette::DARK);
    assert_eq!(
        rects(&svg),
        ["<rect x=\"0\" y=\"0\" width=\"16.8\" height=\"16\" fill=\"#010203\"/>"]
    );
}

#[test]
fn a_reversed_cell_swaps_its_colours_and_reset_means_the_palette() {
    let mut b = Buffer::empty(Rect::new(0, 0, 3, 1));
    b.set_string(1, 0, "R", Style::new().add_modifier(Modifier::REVERSED));
    let svg = buffer_to_svg(&b, &Palette::DARK);
    assert_eq!(
        rects(&svg),
        ["<rect x=\"8.4\" y=\"0\" width=\"8.4\" height=\"16\" fill=\"#d0d6de\"/>"]
    );
    assert_eq!(texts(&svg)[0].1, " y=\"13\" fill=\"#0b0f14\"");
}

#[test]
fn rgb_indexed_and_named_colours_map_to_xterm() {
    let mut b = Buffer::empty(Rect::new(0, 0, 5, 1));
    b.set_string(0, 0, "a", Style::new().fg(Color::Rgb(0x12, 0x34, 0x56)));
    b.set_string(1, 0, "b", Style::new().fg(Color::Indexed(208)));
    b.set_string(2, 0, "c", Style::new().fg(Color::Indexed(244)));
    b.set_string(3, 0, "d", Style::new().fg(Color::Indexed(9)));
    b.set_string(4, 0, "e", Style::new().fg(Color::Cyan));
    let fills: Vec<String> = texts(&buffer_to_svg(&b, &Palette::LIGHT))
        .into_iter()
        .map(|t| t.1)
        .collect();
    let colour = |hex: &str| format!(" y=\"13\" fill=\"{hex}\"");
    assert_eq!(
        fills,
        [
            colour("#123456"),
            colour("#ff8700"),
            colour("#808080"),
            colour("#ff0000"),
            colour("#00cdcd")
        ]
    );
}

#[test]
fn modifiers_become_attributes_and_split_runs() {
    let mut b = Buffer::empty(Rect::new(0, 0, 4, 1));
    b.set_string(
        0,
        0,
        "ab",
        Style::new().add_modifier(Modifier::BOLD | Modifier::DIM),
    );
    b.set_string(
        2,
        0,
        "c",
        Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
    );
    let t = texts(&buffer_to_svg(&b, &Palette::DARK));
    assert_eq!(t.len(), 2);
    assert!(
        t[0].1.contains("font-weight=\"bold\"") && t[0].1.contains("opacity"),
        "{t:?}"
    );
    assert!(
        t[1].1.contains("font-style=\"italic\"") && t[1].1.contains("underline"),
        "{t:?}"
    );
}

#[test]
fn equal_backgrounds_merge_into_one_rectangle() {
    let mut b = Buffer::empty(Rect::new(0, 0, 6, 2));
    b.set_style(Rect::new(1, 1, 4, 1), Style::new().bg(Color::Blue));
    b.set_string(2, 1, "x", Style::new().fg(Color::Red));
    let svg = buffer_to_svg(&b, &Palette::DARK);
    assert_eq!(
        rects(&svg),
        ["<rect x=\"8.4\" y=\"16\" width=\"33.6\" height=\"16\" fill=\"#0000ee\"/>"]
    );
}

#[test]
fn the_same_buffer_gives_the_same_bytes() {
    let b = buffer(&["┌─ ● ✓ ✗ ⟳ ─┐", "│ e\u{301} 🚀 x │"]);
    let svg = buffer_to_svg(&b, &Palette::DARK);
    assert_eq!(svg, buffer_to_svg(&b.clone(), &Palette::DARK));
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
    // The combining sequence and the emoji each stand alone, at their columns.
    let t = texts(&svg);
    assert!(
        t.contains(&(
            "16.8".into(),
            " y=\"29\" fill=\"#d0d6de\"".into(),
            "e\u{301}".into()
        )),
        "{t:?}"
    );
}

#[test]
fn a_theme_with_dark_text_is_drawn_on_a_light_terminal() {
    assert_eq!(Palette::for_theme(&Theme::monochrome()), Palette::DARK);
    let dark_text = Theme::from_toml("text = { fg = \"#202020\" }").unwrap();
    assert_eq!(
        Palette::for_theme(&dark_text).background,
        Palette::LIGHT.background
    );
    assert_eq!(
        Palette::for_theme(&dark_text).foreground,
        (0x20, 0x20, 0x20)
    );
    assert_eq!(
        Palette::for_theme(&Theme::default()).background,
        Palette::DARK.background
    );
}
