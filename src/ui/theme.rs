//! Semantic styles. Views ask for `theme.unhealthy`, never for `Color::Red`, so a theme file (or `NO_COLOR`)
//! changes every view at once.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The compiled-in default theme.
pub const DEFAULT_THEME: &str = include_str!("../../themes/default.toml");

/// One `Style` per meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub border: Style,
    pub focus: Style,
    pub header: Style,
    pub selection: Style,
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

/// What is wrong with a theme file, naming the slot and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeError {
    /// The file is not valid TOML, or a slot is not a table of `fg`, `bg` and `modifiers`.
    Syntax(String),
    UnknownSlot(String),
    BadColor {
        slot: String,
        field: &'static str,
        value: String,
    },
    BadModifier {
        slot: String,
        value: String,
    },
}

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThemeError::Syntax(e) => write!(f, "theme: {e}"),
            ThemeError::UnknownSlot(slot) => write!(
                f,
                "theme: unknown slot `{slot}`; the slots are {}",
                SLOTS.join(", ")
            ),
            ThemeError::BadColor { slot, field, value } => write!(
                f,
                "theme: slot `{slot}`: {field} = \"{value}\" is not a colour; use a name like \"cyan\", \
                 an index like \"214\" or \"#rrggbb\""
            ),
            ThemeError::BadModifier { slot, value } => write!(
                f,
                "theme: slot `{slot}`: modifier \"{value}\" is unknown; use bold, dim, italic, underlined, \
                 reversed or crossed_out"
            ),
        }
    }
}

impl std::error::Error for ThemeError {}

const SLOTS: [&str; 16] = [
    "text",
    "muted",
    "border",
    "focus",
    "header",
    "selection",
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SlotSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

impl Default for Theme {
    /// The dark theme from `themes/default.toml`. A test proves it parses; if it ever did not, wharf would still
    /// draw, in monochrome.
    fn default() -> Self {
        Theme::from_toml(DEFAULT_THEME).unwrap_or_else(|_| Theme::monochrome())
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

    /// Parse a theme file. Slots it does not name stay unstyled.
    pub fn from_toml(text: &str) -> Result<Theme, ThemeError> {
        let specs: BTreeMap<String, SlotSpec> =
            toml::from_str(text).map_err(|e| ThemeError::Syntax(e.message().to_string()))?;
        let mut theme = Theme::default_unstyled();
        for (slot, spec) in specs {
            let style = spec.to_style(&slot)?;
            *theme
                .slot_mut(&slot)
                .ok_or_else(|| ThemeError::UnknownSlot(slot.clone()))? = style;
        }
        Ok(theme)
    }

    fn default_unstyled() -> Self {
        Theme::monochrome().map_all(|_| Style::new())
    }

    fn map_all(mut self, f: impl Fn(Style) -> Style) -> Self {
        for slot in SLOTS {
            if let Some(s) = self.slot_mut(slot) {
                *s = f(*s);
            }
        }
        self
    }

    fn slot_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "text" => &mut self.text,
            "muted" => &mut self.muted,
            "border" => &mut self.border,
            "focus" => &mut self.focus,
            "header" => &mut self.header,
            "selection" => &mut self.selection,
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

impl SlotSpec {
    fn to_style(&self, slot: &str) -> Result<Style, ThemeError> {
        let color =
            |field: &'static str, value: &Option<String>| -> Result<Option<Color>, ThemeError> {
                value
                    .as_deref()
                    .map(|v| {
                        Color::from_str(v).map_err(|_| ThemeError::BadColor {
                            slot: slot.to_string(),
                            field,
                            value: v.to_string(),
                        })
                    })
                    .transpose()
            };
        let mut style = Style::new();
        if let Some(fg) = color("fg", &self.fg)? {
            style = style.fg(fg);
        }
        if let Some(bg) = color("bg", &self.bg)? {
            style = style.bg(bg);
        }
        for m in &self.modifiers {
            let modifier = match m.to_ascii_lowercase().replace('-', "_").as_str() {
                "bold" => Modifier::BOLD,
                "dim" => Modifier::DIM,
                "italic" => Modifier::ITALIC,
                "underlined" | "underline" => Modifier::UNDERLINED,
                "reversed" | "reverse" => Modifier::REVERSED,
                "crossed_out" => Modifier::CROSSED_OUT,
                _ => {
                    return Err(ThemeError::BadModifier {
                        slot: slot.to_string(),
                        value: m.clone(),
                    })
                }
            };
            style = style.add_modifier(modifier);
        }
        Ok(style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_file_parses_and_sets_every_slot() {
        let theme = Theme::from_toml(DEFAULT_THEME).expect("themes/default.toml parses");
        let mut t = theme;
        for slot in SLOTS {
            assert_ne!(
                *t.slot_mut(slot).unwrap(),
                Style::new(),
                "slot {slot} unset"
            );
        }
        assert_eq!(Theme::default(), theme);
        assert_eq!(theme.selection.bg, Some(Color::Rgb(0x5f, 0xaf, 0xd7)));
    }

    #[test]
    fn a_bad_colour_names_the_slot_and_value() {
        let err = Theme::from_toml("text = { fg = \"white\" }\nwarn = { fg = \"orangeish\" }\n")
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("`warn`"), "{msg}");
        assert!(msg.contains("orangeish"), "{msg}");
        let err = Theme::from_toml("ok = { bg = \"#12345\" }").unwrap_err();
        assert!(err.to_string().contains("`ok`") && err.to_string().contains("#12345"));
    }

    #[test]
    fn bad_modifiers_and_unknown_slots_are_errors() {
        let err = Theme::from_toml("focus = { modifiers = [\"blinky\"] }").unwrap_err();
        assert!(err.to_string().contains("`focus`") && err.to_string().contains("blinky"));
        let err = Theme::from_toml("runing = { fg = \"green\" }").unwrap_err();
        assert_eq!(err, ThemeError::UnknownSlot("runing".into()));
        assert!(matches!(
            Theme::from_toml("text = 3"),
            Err(ThemeError::Syntax(_))
        ));
    }

    #[test]
    fn monochrome_has_no_colours() {
        let mut t = Theme::monochrome();
        for slot in SLOTS {
            let s = *t.slot_mut(slot).unwrap();
            assert_eq!((s.fg, s.bg), (None, None), "{slot}");
        }
    }
}
