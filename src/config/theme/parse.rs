//! Theme files: each slot is a table of `fg`, `bg` and `modifiers`. Every complaint names the file, the line
//! and what to write instead.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

use super::{Theme, SLOTS};
use crate::config::toml_doc::{self, did_you_mean, line_of, Value};

/// What is wrong with a theme, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeError {
    /// The theme file, or `None` for text that came from elsewhere.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub problem: ThemeProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeProblem {
    /// Neither a shipped theme nor a file that exists.
    Unknown {
        name: String,
    },
    Unreadable {
        reason: String,
    },
    /// Not TOML at all.
    Syntax(String),
    UnknownSlot {
        slot: String,
    },
    NotATable {
        slot: String,
        found: String,
    },
    UnknownField {
        slot: String,
        field: String,
    },
    NotAString {
        slot: String,
        field: String,
        found: String,
    },
    BadColor {
        slot: String,
        field: String,
        value: String,
    },
    BadModifier {
        slot: String,
        value: String,
    },
}

const FIELDS: [&str; 3] = ["fg", "bg", "modifiers"];
const MODIFIERS: &str = "bold, dim, italic, underlined, reversed or crossed_out";

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(line)) => write!(f, "theme, line {line}: ")?,
            (None, None) => write!(f, "theme: ")?,
        }
        write!(f, "{}", self.problem)
    }
}

impl fmt::Display for ThemeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThemeProblem::Unknown { name } => {
                let shipped: Vec<_> = Theme::shipped_names().collect();
                let hint = match toml_doc::closest(name, shipped.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`? "),
                    None => String::new(),
                };
                write!(
                    f,
                    "no shipped theme is called `{name}` and there is no such file; {hint}the shipped themes \
                     are {}, or give the path of a theme file",
                    shipped.join(", ")
                )
            }
            ThemeProblem::Unreadable { reason } => {
                write!(f, "cannot read this theme file: {reason}")
            }
            ThemeProblem::Syntax(e) => write!(f, "not a valid TOML theme: {e}"),
            ThemeProblem::UnknownSlot { slot } => write!(
                f,
                "unknown slot `{slot}`{}",
                did_you_mean(slot, &SLOTS).replace("the keys here", "the slots")
            ),
            ThemeProblem::NotATable { slot, found } => write!(
                f,
                "slot `{slot}` = {found} is not a style; write a table like \
                 {slot} = {{ fg = \"cyan\", modifiers = [\"bold\"] }}"
            ),
            ThemeProblem::UnknownField { slot, field } => write!(
                f,
                "slot `{slot}`: unknown key `{field}`{}",
                did_you_mean(field, &FIELDS)
            ),
            ThemeProblem::NotAString { slot, field, found } => write!(
                f,
                "slot `{slot}`: {field} = {found} must be a string such as \"cyan\"{}",
                if field == "modifiers" {
                    " inside a list: modifiers = [\"bold\"]"
                } else {
                    ""
                }
            ),
            ThemeProblem::BadColor { slot, field, value } => write!(
                f,
                "slot `{slot}`: {field} = \"{value}\" is not a colour; use a name like \"cyan\", \
                 an index like \"214\" or \"#rrggbb\""
            ),
            ThemeProblem::BadModifier { slot, value } => write!(
                f,
                "slot `{slot}`: modifier \"{value}\" is unknown; use {MODIFIERS}"
            ),
        }
    }
}

impl std::error::Error for ThemeError {}

pub(super) fn from_file(path: &Path) -> Result<Theme, ThemeError> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, Some(&file)),
        Err(e) => {
            let looks_like_a_name = path.components().count() == 1 && path.extension().is_none();
            let problem = if e.kind() == std::io::ErrorKind::NotFound && looks_like_a_name {
                ThemeProblem::Unknown { name: file }
            } else {
                ThemeProblem::Unreadable {
                    reason: e.to_string(),
                }
            };
            Err(ThemeError {
                file: (!looks_like_a_name).then(|| path.display().to_string()),
                line: None,
                problem,
            })
        }
    }
}

pub(super) fn parse(text: &str, file: Option<&str>) -> Result<Theme, ThemeError> {
    let at = |line: Option<usize>, problem: ThemeProblem| ThemeError {
        file: file.map(str::to_string),
        line,
        problem,
    };
    let table = toml_doc::parse(text).map_err(|e| at(e.line, ThemeProblem::Syntax(e.message)))?;
    let mut theme = Theme::unstyled();
    for (slot, spec) in table {
        let slot_name = slot.get_ref().clone();
        let line = |offset: usize| Some(line_of(text, offset));
        let Some(target) = theme.slot_mut(&slot_name) else {
            return Err(at(
                line(slot.span().start),
                ThemeProblem::UnknownSlot { slot: slot_name },
            ));
        };
        let Value::Table(fields) = spec.get_ref() else {
            return Err(at(
                line(spec.span().start),
                ThemeProblem::NotATable {
                    slot: slot_name,
                    found: spec.get_ref().to_string(),
                },
            ));
        };
        let mut style = Style::new();
        for (field, value) in fields {
            let field_name = field.get_ref().as_str();
            let here = line(value.span().start);
            let not_a_string = |found: &Value| {
                at(
                    here,
                    ThemeProblem::NotAString {
                        slot: slot_name.clone(),
                        field: field_name.to_string(),
                        found: found.to_string(),
                    },
                )
            };
            match (field_name, value.get_ref()) {
                ("fg" | "bg", Value::String(s)) => {
                    let color = Color::from_str(s).map_err(|_| {
                        at(
                            here,
                            ThemeProblem::BadColor {
                                slot: slot_name.clone(),
                                field: field_name.to_string(),
                                value: s.clone(),
                            },
                        )
                    })?;
                    style = if field_name == "fg" {
                        style.fg(color)
                    } else {
                        style.bg(color)
                    };
                }
                ("modifiers", Value::Array(items)) => {
                    for item in items {
                        let Value::String(m) = item.get_ref() else {
                            return Err(not_a_string(item.get_ref()));
                        };
                        let modifier = modifier(m).ok_or_else(|| {
                            at(
                                line(item.span().start),
                                ThemeProblem::BadModifier {
                                    slot: slot_name.clone(),
                                    value: m.clone(),
                                },
                            )
                        })?;
                        style = style.add_modifier(modifier);
                    }
                }
                ("fg" | "bg" | "modifiers", other) => return Err(not_a_string(other)),
                _ => {
                    return Err(at(
                        line(field.span().start),
                        ThemeProblem::UnknownField {
                            slot: slot_name.clone(),
                            field: field_name.to_string(),
                        },
                    ))
                }
            }
        }
        *target = style;
    }
    Ok(theme)
}

fn modifier(name: &str) -> Option<Modifier> {
    Some(match name.to_ascii_lowercase().replace('-', "_").as_str() {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        parse(text, Some("mine.toml")).unwrap_err().to_string()
    }

    #[test]
    fn a_bad_colour_names_file_line_slot_and_value() {
        let msg = message("text = { fg = \"white\" }\nwarn = { fg = \"orangeish\" }\n");
        assert_eq!(
            msg,
            "mine.toml:2: slot `warn`: fg = \"orangeish\" is not a colour; use a name like \"cyan\", \
             an index like \"214\" or \"#rrggbb\""
        );
        assert!(message("ok = { bg = \"#12345\" }").contains("bg = \"#12345\""));
    }

    #[test]
    fn bad_modifiers_unknown_slots_and_wrong_shapes_are_explained() {
        let msg = message("\nfocus = { modifiers = [\"blinky\"] }");
        assert!(msg.starts_with("mine.toml:2: slot `focus`"), "{msg}");
        assert!(msg.contains("\"blinky\" is unknown; use bold"), "{msg}");
        let msg = message("runing = { fg = \"green\" }");
        assert!(
            msg.contains("unknown slot `runing`; did you mean `running`?"),
            "{msg}"
        );
        let msg = message("text = 3");
        assert!(msg.contains("slot `text` = 3 is not a style"), "{msg}");
        let msg = message("text = { colour = \"red\" }");
        assert!(msg.contains("unknown key `colour`"), "{msg}");
        let msg = message("text = { fg = 3 }");
        assert!(msg.contains("fg = 3 must be a string"), "{msg}");
        let msg = message("text = { fg = ");
        assert!(
            msg.starts_with("mine.toml:1: not a valid TOML theme"),
            "{msg}"
        );
    }

    #[test]
    fn text_without_a_file_says_theme() {
        let err = Theme::from_toml("a = {}").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("theme, line 1: unknown slot `a`"));
    }
}
