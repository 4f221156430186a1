//! Semantic styles. Views ask for `theme.unhealthy`, never for `Color::Red`, so a theme file (or `NO_COLOR`)
//! changes every view at once. Themes are read from files and chosen by settings, so they are configuration and
//! live here, below `app` and `ui`; `ui` re-exports them (`ui::theme`, `ui::Theme`) and only draws with them.

mod parse;

use std::path::Path;

use ratatui::style::{Color, Modifier, Style};

pub use parse::{ThemeError, ThemeProblem};

/// The themes compiled into wharf: (name, TOML text). The first is the default.
pub const SHIPPED: [(&str, &str); 4] = [
    ("default", include_str!("../../../themes/default.toml")),
    ("light", include_str!("../../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../../themes/high-contrast.toml"),
    ),
    ("basic16", include_str!("../../../themes/basic16.toml")),
];

/// The compiled-in default theme (dark).
pub const DEFAULT_THEME: &str = SHIPPED[0].1;

/// One `Style` per meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub border: Style,
    pub focus: Style,
    pub header: Style,
    pub selection: Style,
    /// The ` wharf ` badge. When it has a background (a profile's `accent`), the whole first header row
    /// wears it.
    pub accent: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub running: Style,
    pub pending: Style,
    pub stopped: Style,
    pub draining: Style,
    pub healthy: Style,
    pub unhealthy: Style,
    pub initial: Style,
}

/// Every slot name, as written in theme files.
pub const SLOTS: [&str; 17] = [
    "text",
    "muted",
    "border",
    "focus",
    "header",
    "selection",
    "accent",
    "ok",
    "warn",
    "error",
    "running",
    "pending",
    "stopped",
    "draining",
    "healthy",
    "unhealthy",
    "initial",
];

impl Default for Theme {
    /// The dark theme from `themes/default.toml`. A test proves it parses; if it ever did not, wharf would still
    /// draw, in monochrome.
    fn default() -> Self {
        Theme::shipped("default").unwrap_or_else(Theme::monochrome)
    }
}

impl Theme {
    /// No colours at all, for `NO_COLOR` and for terminals without them: meaning comes from glyphs, words
    /// and modifiers.
    pub fn monochrome() -> Self {
        let plain = Style::new();
        Theme {
            text: plain,
            muted: plain.add_modifier(Modifier::DIM),
            border: plain.add_modifier(Modifier::DIM),
            focus: plain.add_modifier(Modifier::BOLD),
            header: plain.add_modifier(Modifier::BOLD),
            selection: plain.add_modifier(Modifier::REVERSED),
            accent: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ok: plain,
            warn: plain.add_modifier(Modifier::BOLD),
            error: plain.add_modifier(Modifier::BOLD),
            running: plain,
            pending: plain.add_modifier(Modifier::ITALIC),
            stopped: plain.add_modifier(Modifier::DIM),
            draining: plain.add_modifier(Modifier::ITALIC),
            healthy: plain,
            unhealthy: plain.add_modifier(Modifier::BOLD),
            initial: plain.add_modifier(Modifier::ITALIC),
        }
    }

    /// The monochrome theme when `no_color` (the runtime passes whether `NO_COLOR` is set and non-empty),
    /// else the default.
    pub fn for_terminal(no_color: bool) -> Self {
        if no_color {
            Theme::monochrome()
        } else {
            Theme::default()
        }
    }

    /// The names of the compiled-in themes, default first.
    pub fn shipped_names() -> impl Iterator<Item = &'static str> {
        SHIPPED.iter().map(|(name, _)| *name)
    }

    /// A compiled-in theme by name.
    pub fn shipped(name: &str) -> Option<Theme> {
        let (name, text) = SHIPPED.iter().find(|(n, _)| *n == name)?;
        Some(
            parse::parse(text, Some(&format!("themes/{name}.toml")))
                .unwrap_or_else(|_| Theme::monochrome()),
        )
    }

    /// A shipped theme's name, else the path of a theme file. The file is checked even when `no_color`
    /// (`NO_COLOR` is set), so a broken file is reported either way; then monochrome wins.
    pub fn load(name_or_path: &str, no_color: bool) -> Result<Theme, ThemeError> {
        let theme = match Theme::shipped(name_or_path) {
            Some(theme) => theme,
            None => Theme::from_file(Path::new(name_or_path))?,
        };
        Ok(if no_color { Theme::monochrome() } else { theme })
    }

    /// Read and parse a theme file; errors name the file and line.
    pub fn from_file(path: &Path) -> Result<Theme, ThemeError> {
        parse::from_file(path)
    }

    /// Parse a theme's TOML text. Slots it does not name stay unstyled.
    pub fn from_toml(text: &str) -> Result<Theme, ThemeError> {
        parse::parse(text, None)
    }

    /// This theme with the header badge (and so the first header row) in `color`, with readable text on it.
    pub fn with_accent(mut self, color: Color) -> Theme {
        self.accent = Style::new()
            .fg(readable_on(color))
            .bg(color)
            .add_modifier(Modifier::BOLD);
        self
    }

    /// The style of the slot called `name` in theme files.
    pub fn slot(&self, name: &str) -> Option<Style> {
        let mut copy = *self;
        copy.slot_mut(name).map(|s| *s)
    }

    fn unstyled() -> Self {
        let mut theme = Theme::monochrome();
        for slot in SLOTS {
            if let Some(s) = theme.slot_mut(slot) {
                *s = Style::new();
            }
        }
        theme
    }

    fn slot_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "text" => &mut self.text,
            "muted" => &mut self.muted,
            "border" => &mut self.border,
            "focus" => &mut self.focus,
            "header" => &mut self.header,
            "selection" => &mut self.selection,
            "accent" => &mut self.accent,
            "ok" => &mut self.ok,
            "warn" => &mut self.warn,
            "error" => &mut self.error,
            "running" => &mut self.running,
            "pending" => &mut self.pending,
            "stopped" => &mut self.stopped,
            "draining" => &mut self.draining,
            "healthy" => &mut self.healthy,
            "unhealthy" => &mut self.unhealthy,
            "initial" => &mut self.initial,
            _ => return None,
        })
    }
}

/// Black or white, whichever reads better on `bg`.
fn readable_on(bg: Color) -> Color {
    let light = match bg {
        Color::Rgb(r, g, b) => {
            299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b) > 150_000
        }
        Color::Green
        | Color::Yellow
        | Color::Cyan
        | Color::Gray
        | Color::LightGreen
        | Color::LightYellow
        | Color::LightCyan
        | Color::White => true,
        _ => false,
    };
    if light {
        Color::Black
    } else {
        Color::White
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_file_parses_and_sets_every_slot() {
        let theme = Theme::from_toml(DEFAULT_THEME).expect("themes/default.toml parses");
        for slot in SLOTS {
            assert_ne!(theme.slot(slot).unwrap(), Style::new(), "slot {slot} unset");
        }
        assert_eq!(Theme::default(), theme);
        assert_eq!(theme.selection.bg, Some(Color::Rgb(0x5f, 0xaf, 0xd7)));
    }

    #[test]
    fn shipped_themes_are_found_by_name_and_others_are_not() {
        let names: Vec<_> = Theme::shipped_names().collect();
        assert_eq!(names, ["default", "light", "high-contrast", "basic16"]);
        assert_ne!(Theme::shipped("light"), Theme::shipped("default"));
        assert_eq!(Theme::shipped("dark"), None);
    }

    #[test]
    fn monochrome_has_no_colours() {
        let t = Theme::monochrome();
        for slot in SLOTS {
            let s = t.slot(slot).unwrap();
            assert_eq!((s.fg, s.bg), (None, None), "{slot}");
        }
    }

    #[test]
    fn an_accent_gives_the_badge_a_background_and_readable_text() {
        let theme = Theme::default();
        assert_eq!(theme.accent.bg, None, "shipped badges paint no row");
        let red = theme.with_accent(Color::Red);
        assert_eq!(
            (red.accent.fg, red.accent.bg),
            (Some(Color::White), Some(Color::Red))
        );
        let yellow = theme.with_accent(Color::Rgb(0xff, 0xd7, 0x00));
        assert_eq!(yellow.accent.fg, Some(Color::Black));
        assert_eq!(red.text, theme.text, "only the accent changes");
    }

    #[test]
    fn no_color_wins_over_any_theme() {
        assert_eq!(
            Theme::load("high-contrast", true).unwrap(),
            Theme::monochrome()
        );
        assert_eq!(
            Theme::load("light", false).unwrap(),
            Theme::shipped("light").unwrap()
        );
    }
}
