//! Reading one keymap file: its sections, bindings and fields, each mistake with its line and its fix.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyModifiers};
use strum::IntoEnumIterator;
use toml_edit::{ImDocument, Item};

use super::*;

/// A binding's fields in the long form.
/// A description as shown: one line, nothing that could drive the terminal.
fn clean_line(text: &str) -> String {
    crate::model::text::clean(text, crate::model::Shape::Line).into_owned()
}

pub(super) const FIELDS: [&str; 3] = ["action", "description", "hint"];

/// One line of a keymap file, before it is merged with the keymap it overrides.
pub(super) struct Entry {
    pub(super) context: Context,
    pub(super) name: String,
    pub(super) keys: KeySequence,
    pub(super) line: usize,
    /// `None`: `"x" = "none"`, remove the binding.
    pub(super) target: Option<Target>,
}

pub(super) struct Target {
    pub(super) action: UserAction,
    pub(super) description: Option<String>,
    /// `None`: not said, so the binding takes the footer hint of the one it replaces.
    pub(super) hint: Option<bool>,
}

/// A keymap file, parsed and checked on its own.
pub(super) struct Parsed {
    pub(super) file: Arc<str>,
    /// `extends = "k9s"`: the shipped keymap it overrides (the default if not said).
    pub(super) extends: Option<&'static str>,
    pub(super) entries: Vec<Entry>,
}

/// Reads one keymap file, keeping the file name and the text to turn spans into lines.
pub(super) struct Reader<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
}

impl Reader<'_> {
    pub(super) fn line(&self, span: Option<Range<usize>>) -> Option<usize> {
        let start = span?.start.min(self.text.len());
        Some(self.text[..start].matches('\n').count() + 1)
    }

    pub(super) fn error(&self, line: Option<usize>, message: impl Into<String>) -> KeymapError {
        KeymapError {
            file: self.file.to_string(),
            line,
            message: message.into(),
        }
    }

    pub(super) fn parse(&self) -> Result<Parsed, KeymapError> {
        let doc = ImDocument::parse(self.text).map_err(|e| {
            let fix = if e.message().contains("duplicate key") {
                "each key appears once in a section: keep one of them"
            } else {
                "see the header of keymaps/default.toml for the format"
            };
            self.error(
                self.line(e.span()),
                format!("this is not valid TOML: {}; {fix}", e.message().trim_end()),
            )
        })?;
        let root = doc.as_table();
        let mut parsed = Parsed {
            file: Arc::from(self.file),
            extends: None,
            entries: Vec::new(),
        };
        for (name, item) in root.iter() {
            let line = self.line(root.key(name).and_then(|k| k.span()));
            if name == "extends" {
                parsed.extends = Some(self.extends(item, line)?);
                continue;
            }
            let context = Context::from_str(name).map_err(|_| {
                let names = Context::iter().map(Context::name);
                let hint = closest(name, names)
                    .map(|c| format!("did you mean [{c}]? "))
                    .unwrap_or_default();
                self.error(
                    line,
                    format!(
                        "unknown context [{name}]; {hint}The contexts are {}",
                        Context::iter()
                            .map(|c| format!("[{}]", c.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
            let Some(table) = item.as_table_like() else {
                return Err(self.error(
                    line,
                    format!(
                        "`{name}` must be a section: write `[{name}]` on a line of its own and the bindings \
                         under it, or put `{name} = ...` under a section such as [global]"
                    ),
                ));
            };
            for (key, value) in table.iter() {
                let line = self
                    .line(
                        table
                            .key(key)
                            .and_then(|k| k.span())
                            .or_else(|| value.span()),
                    )
                    .or(line);
                parsed.entries.push(self.entry(context, key, value, line)?);
            }
        }
        self.check_within(&parsed)?;
        Ok(parsed)
    }

    pub(super) fn extends(
        &self,
        item: &Item,
        line: Option<usize>,
    ) -> Result<&'static str, KeymapError> {
        let names = SHIPPED.map(|(n, _)| n);
        let name = item.as_str().unwrap_or_default();
        match names.iter().find(|n| **n == name) {
            Some(n) => Ok(n),
            None => {
                let hint = closest(name, names)
                    .map(|c| format!("did you mean \"{c}\"? "))
                    .unwrap_or_default();
                Err(self.error(
                    line,
                    format!(
                        "`extends` names the shipped keymap this file overrides; {hint}write one of {}",
                        names.map(|n| format!("`extends = \"{n}\"`")).join(", ")
                    ),
                ))
            }
        }
    }

    pub(super) fn entry(
        &self,
        context: Context,
        key: &str,
        value: &Item,
        line: Option<usize>,
    ) -> Result<Entry, KeymapError> {
        let keys = parse_keys(key)
            .map_err(|e| self.error(line, format!("[{}] \"{key}\": {e}", context.name())))?;
        let line_no = line.unwrap_or(0);
        let at = |item: &Item| self.line(item.span()).or(line);
        let target = if let Some(action) = value.as_str() {
            self.action(action, at(value))?.map(|action| Target {
                action,
                description: None,
                hint: None,
            })
        } else if let Some(table) = value.as_table_like() {
            for (field, v) in table.iter() {
                if !FIELDS.contains(&field) {
                    let hint = closest(field, FIELDS)
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    return Err(self.error(
                        self.line(table.key(field).and_then(|k| k.span())).or_else(|| at(v)),
                        format!("unknown field `{field}` in \"{key}\"; {hint}A binding's fields are action, description and hint"),
                    ));
                }
            }
            let Some(action_item) = table.get("action") else {
                return Err(self.error(
                    line,
                    format!("\"{key}\" says no action; write `\"{key}\" = {{ action = \"NAME\" }}`, or `\"{key}\" = \"none\"` to unbind it"),
                ));
            };
            let Some(action) = action_item.as_str() else {
                return Err(self.error(
                    at(action_item),
                    "`action` must be a string naming an action, like `action = \"down\"`",
                ));
            };
            let description = match table.get("description") {
                None => None,
                // Shown in the footer and the help: text from a file, cleaned like any other.
                Some(d) => Some(d.as_str().map(clean_line).ok_or_else(|| {
                    self.error(
                        at(d),
                        "`description` must be a string, like `description = \"page down\"`",
                    )
                })?),
            };
            let hint = match table.get("hint") {
                None => None,
                Some(h) => Some(h.as_bool().ok_or_else(|| {
                    self.error(
                        at(h),
                        "`hint` must be `true` (show the key in the footer) or `false`",
                    )
                })?),
            };
            self.action(action, at(action_item))?.map(|action| Target {
                action,
                description,
                hint,
            })
        } else {
            return Err(self.error(
                at(value),
                format!(
                    "\"{key}\" must name an action (`\"{key}\" = \"down\"`) or be a table \
                     (`\"{key}\" = {{ action = \"down\", description = \"down\", hint = true }}`), not {}",
                    value.type_name()
                ),
            ));
        };
        Ok(Entry {
            context,
            name: key.to_string(),
            keys,
            line: line_no,
            target,
        })
    }

    /// An action's name; `None` for `none`, which unbinds.
    pub(super) fn action(
        &self,
        name: &str,
        line: Option<usize>,
    ) -> Result<Option<UserAction>, KeymapError> {
        if name == UNBIND {
            return Ok(None);
        }
        UserAction::from_str(name).map(Some).map_err(|_| {
            let names: Vec<&str> = UserAction::iter().map(UserAction::name).collect();
            let hint = closest(name, names.iter().copied())
                .map(|c| format!("did you mean \"{c}\"? "))
                .unwrap_or_default();
            self.error(
                line,
                format!(
                    "unknown action \"{name}\"; {hint}The actions are {}, and \"{UNBIND}\" removes a binding",
                    names.join(", ")
                ),
            )
        })
    }

    /// Mistakes visible in the file alone: one key twice in a section (as `ctrl-f` and `ctrl-F`), keys that
    /// cannot work in the command line, a key bound alone and as the start of a sequence.
    pub(super) fn check_within(&self, parsed: &Parsed) -> Result<(), KeymapError> {
        for (i, e) in parsed.entries.iter().enumerate() {
            if e.context == Context::Prompt {
                if e.keys.len() > 1 {
                    return Err(self.error(
                        Some(e.line),
                        format!("[prompt] \"{}\": the : and / lines read one key at a time; bind a single key such as `ctrl-p`", e.name),
                    ));
                }
                let k = e.keys[0];
                let plain = matches!(k.code, KeyCode::Char(_))
                    && !k
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                if plain && e.target.is_some() {
                    return Err(self.error(
                        Some(e.line),
                        format!("[prompt] \"{}\" would stop that character being typed in the : and / lines; bind a named key (`up`, `tab`) or one with `ctrl-` or `alt-`", e.name),
                    ));
                }
            }
            for earlier in &parsed.entries[..i] {
                if earlier.context != e.context {
                    continue;
                }
                if earlier.keys == e.keys {
                    return Err(self.error(
                        Some(e.line),
                        format!(
                            "[{}] \"{}\" is the same key as \"{}\" on line {}, so one key would do two things; keep one of them",
                            e.context.name(), e.name, earlier.name, earlier.line
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}
