//! Which key does what, where. The footer hints, the help screen and the input mapping all read the active
//! keymap, so what wharf tells the user is always what it does. The default is `keymaps/default.toml`,
//! compiled in.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use strum::{EnumIter, EnumString, IntoStaticStr};

use crate::app::UserAction;

/// The compiled-in default keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.toml");

/// Where a binding applies. Keymap files have one section per context, named in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, EnumString, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Context {
    /// Everywhere but in the command and filter lines.
    Global,
    /// Screens with a table to move through.
    Table,
    Clusters,
    Services,
    /// A service's detail (its tasks are the table).
    Service,
    /// A cluster's tasks.
    Tasks,
    Task,
    /// While the help is open.
    Help,
    /// The command (`:`) and filter (`/`) lines.
    Prompt,
}

impl Context {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// One key press, as a keymap names it: a key and its modifiers. Shift is part of the character for printable
/// keys (`G`, `?`), so it is not kept for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyPress {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let modifiers = match code {
            KeyCode::Char(_) => modifiers - KeyModifiers::SHIFT,
            _ => modifiers,
        };
        // Terminals send Shift-Tab as BackTab, with or without the shift flag.
        let modifiers = if code == KeyCode::BackTab {
            modifiers - KeyModifiers::SHIFT
        } else {
            modifiers
        };
        KeyPress { code, modifiers }
    }

    pub fn from_event(key: &KeyEvent) -> Self {
        KeyPress::new(key.code, key.modifiers)
    }
}

impl FromStr for KeyPress {
    type Err = ();

    /// `j`, `G`, `?`, `space`, `enter`, `ctrl-f`, `alt-x`, `f5`.
    fn from_str(name: &str) -> Result<Self, ()> {
        let mut modifiers = KeyModifiers::NONE;
        let mut base = name;
        loop {
            if let Some(rest) = base.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
                modifiers |= KeyModifiers::CONTROL;
                base = rest;
            } else if let Some(rest) = base.strip_prefix("alt-").filter(|r| !r.is_empty()) {
                modifiers |= KeyModifiers::ALT;
                base = rest;
            } else {
                break;
            }
        }
        let code = match base {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            f if f.len() > 1 && f.starts_with('f') => {
                let n: u8 = f[1..].parse().map_err(|_| ())?;
                if !(1..=12).contains(&n) {
                    return Err(());
                }
                KeyCode::F(n)
            }
            s if s.chars().count() == 1 => KeyCode::Char(s.chars().next().ok_or(())?),
            _ => return Err(()),
        };
        Ok(KeyPress::new(code, modifiers))
    }
}

/// A key or a short sequence of keys (`g g`).
pub type KeySequence = Vec<KeyPress>;

/// Parse `g g` or `ctrl-f` into the presses it stands for.
pub fn parse_sequence(name: &str) -> Option<KeySequence> {
    let presses: Option<KeySequence> = name.split_whitespace().map(|k| k.parse().ok()).collect();
    presses.filter(|p| !p.is_empty())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The keys as the keymap file writes them (`g g`, `ctrl-f`): what the footer and help show.
    pub name: String,
    pub keys: KeySequence,
    pub action: UserAction,
    pub description: String,
    pub context: Context,
    /// Shown in the footer (the rest only in help).
    pub hint: bool,
}

/// What a key press (after the ones pending before it) means in the given contexts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Action(UserAction),
    /// The start of a sequence: wait for the next key.
    Prefix,
    Unbound,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    /// The compiled-in keymap; a test proves it parses.
    fn default() -> Self {
        Keymap::from_toml(DEFAULT_KEYMAP).expect("keymaps/default.toml parses")
    }
}

/// What is wrong with a keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError(pub String);

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeymapError {}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    action: String,
    description: Option<String>,
    #[serde(default)]
    hint: bool,
}

impl Keymap {
    /// Parse a keymap file.
    pub fn from_toml(text: &str) -> Result<Keymap, KeymapError> {
        let sections: toml::Table =
            toml::from_str(text).map_err(|e| KeymapError(e.message().to_string()))?;
        let mut bindings = Vec::new();
        for (section, table) in sections {
            let context = Context::from_str(&section)
                .map_err(|_| KeymapError(format!("unknown context [{section}]")))?;
            let toml::Value::Table(table) = table else {
                return Err(KeymapError(format!("[{section}] is not a table")));
            };
            for (key, value) in table {
                let keys = parse_sequence(&key)
                    .ok_or_else(|| KeymapError(format!("`{key}` is not a key")))?;
                let entry: Entry = value
                    .try_into()
                    .map_err(|e: toml::de::Error| KeymapError(e.message().to_string()))?;
                let action = UserAction::from_str(&entry.action)
                    .map_err(|_| KeymapError(format!("unknown action `{}`", entry.action)))?;
                bindings.push(Binding {
                    name: key.clone(),
                    keys,
                    action,
                    description: entry
                        .description
                        .unwrap_or_else(|| action.name().replace('-', " ")),
                    context,
                    hint: entry.hint,
                });
            }
        }
        Ok(Keymap { bindings })
    }

    /// What `pressed` (the keys pending before and the one just pressed) means: the first context, most
    /// specific first, that binds it or starts a sequence with it decides.
    pub fn lookup(&self, contexts: &[Context], pressed: &[KeyPress]) -> Lookup {
        for &context in contexts {
            let mut prefix = false;
            for b in self.bindings.iter().filter(|b| b.context == context) {
                if b.keys == pressed {
                    return Lookup::Action(b.action);
                }
                prefix |= b.keys.len() > pressed.len() && b.keys.starts_with(pressed);
            }
            if prefix {
                return Lookup::Prefix;
            }
        }
        Lookup::Unbound
    }

    /// The footer's bindings in these contexts: those marked as hints, one per action (the most specific
    /// context that binds an action as a hint wins), in the keymap file's order.
    pub fn hints(&self, contexts: &[Context]) -> Vec<&Binding> {
        let mut chosen: Vec<usize> = Vec::new();
        for &context in contexts {
            for (i, b) in self.bindings.iter().enumerate() {
                let taken = chosen.iter().any(|&c| self.bindings[c].action == b.action);
                if b.context == context && b.hint && !taken {
                    chosen.push(i);
                }
            }
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &self.bindings[i]).collect()
    }

    /// A context's bindings for the help, one line per action with all its keys, in keymap order.
    pub fn grouped(&self, context: Context) -> Vec<(Vec<&str>, &Binding)> {
        let mut lines: Vec<(Vec<&str>, &Binding)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.context == context) {
            match lines.iter_mut().find(|(_, first)| first.action == b.action) {
                Some((keys, _)) => keys.push(&b.name),
                None => lines.push((vec![&b.name], b)),
            }
        }
        lines
    }

    /// The first key that does `action` in these contexts, for messages such as "press / to filter".
    pub fn key_for(&self, action: UserAction, contexts: &[Context]) -> Option<&str> {
        contexts.iter().find_map(|&context| {
            self.bindings
                .iter()
                .find(|b| b.context == context && b.action == action)
                .map(|b| b.name.as_str())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(name: &str) -> KeySequence {
        parse_sequence(name).unwrap()
    }

    #[test]
    fn default_keys_map_to_actions() {
        let km = Keymap::default();
        let table = [Context::Services, Context::Table, Context::Global];
        let act = |k: &str| km.lookup(&table, &press(k));
        assert_eq!(act("j"), Lookup::Action(UserAction::Down));
        assert_eq!(act("down"), Lookup::Action(UserAction::Down));
        assert_eq!(act("G"), Lookup::Action(UserAction::Bottom));
        assert_eq!(act("ctrl-c"), Lookup::Action(UserAction::Quit));
        assert_eq!(act("c"), Lookup::Unbound);
        assert_eq!(act("?"), Lookup::Action(UserAction::Help));
        assert_eq!(act("g"), Lookup::Prefix);
        assert_eq!(act("g g"), Lookup::Action(UserAction::Top));
        let prompt = [Context::Prompt];
        assert_eq!(
            km.lookup(&prompt, &press("esc")),
            Lookup::Action(UserAction::Cancel)
        );
        assert_eq!(km.lookup(&prompt, &press("j")), Lookup::Unbound);
    }

    #[test]
    fn shift_is_part_of_a_character() {
        let shifted = KeyPress::from_event(&KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
        assert_eq!(shifted, "G".parse().unwrap());
        let ctrl = KeyPress::from_event(&KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
        assert_eq!(ctrl, "ctrl-f".parse().unwrap());
        assert!("ctrl-".parse::<KeyPress>().is_err());
        assert!("f13".parse::<KeyPress>().is_err());
        assert_eq!(
            "f5".parse::<KeyPress>().unwrap().code,
            KeyCode::F(5),
            "function keys"
        );
    }
}
