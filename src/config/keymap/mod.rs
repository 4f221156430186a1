//! Which key does what, where. The footer hints, the help screen and the input mapping all read the active
//! keymap, so what wharf tells the user is always what it does. The default is `keymaps/default.toml`,
//! compiled in.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use strum::{EnumIter, EnumString, IntoStaticStr};

use crate::config::UserAction;

/// The compiled-in default keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("../../../keymaps/default.toml");

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
    /// The exploring views: container instances, load balancers, listeners, rules, target groups, targets.
    Explore,
    /// A service's metrics, alarms and auto scaling.
    Metrics,
    /// While the help is open.
    Help,
    /// The command (`:`) and filter (`/`) lines.
    Prompt,
    /// A change's dialog. Characters go to its field, when it has one.
    Dialog,
}

impl Context {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

mod keys;
mod merge;
mod reader;

pub use keys::*;
use merge::*;
use reader::*;

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
    /// The keymap file it comes from (`keymaps/default.toml`, or the user's path) and its line there.
    pub file: Arc<str>,
    pub line: usize,
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
    /// The compiled-in keymap; a test proves it loads.
    fn default() -> Self {
        static DEFAULT: OnceLock<Keymap> = OnceLock::new();
        DEFAULT
            .get_or_init(|| Keymap::load(None).expect("keymaps/default.toml loads"))
            .clone()
    }
}

/// What is wrong with a keymap: the file, the line (when the mistake has one), and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    /// The file as the user knows it: `keymaps/k9s.toml`, or the path they gave.
    pub file: String,
    /// 1-based.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for KeymapError {}

/// The keymaps that ship with wharf, by the name `--keymap` takes; all compiled in.
pub const SHIPPED: [(&str, &str); 2] = [("default", DEFAULT_KEYMAP), ("k9s", K9S_KEYMAP)];

/// The k9s-flavoured keymap, compiled in.
pub const K9S_KEYMAP: &str = include_str!("../../../keymaps/k9s.toml");

/// The action name that removes a binding in an override file: `"x" = "none"`.
pub const UNBIND: &str = "none";

impl Keymap {
    /// The text of a shipped keymap by name (`default`, `k9s`).
    pub fn shipped(name: &str) -> Option<&'static str> {
        SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| *text)
    }

    /// A shipped keymap by name, on its own: every binding it has and no other.
    pub fn shipped_keymap(name: &str) -> Option<Result<Keymap, KeymapError>> {
        let text = Keymap::shipped(name)?;
        let file = format!("keymaps/{name}.toml");
        let reference = if name == "default" {
            Vec::new()
        } else {
            Keymap::default().bindings
        };
        Some(Keymap::complete(&file, text, &reference))
    }

    /// A whole keymap file on its own (no defaults under it), as the shipped ones are.
    pub fn standalone(file: &str, text: &str) -> Result<Keymap, KeymapError> {
        Keymap::complete(file, text, &Keymap::default().bindings)
    }

    /// A whole keymap from text, named `keymap` in errors.
    pub fn from_toml(text: &str) -> Result<Keymap, KeymapError> {
        Keymap::standalone("keymap", text)
    }

    fn complete(file: &str, text: &str, reference: &[Binding]) -> Result<Keymap, KeymapError> {
        let reader = Reader { file, text };
        let parsed = reader.parse()?;
        if parsed.extends.is_some() {
            return Err(reader.error(None, "a complete keymap extends nothing; remove `extends`"));
        }
        let newest = parsed.file.clone();
        let bindings = apply(Vec::new(), parsed, reference)?;
        check_prefixes(&bindings, &newest)?;
        check_quit(&bindings, &newest)?;
        Ok(Keymap { bindings })
    }

    /// The default keymap, then the user's file (a display name for errors, and its text) over it: a key the
    /// file binds in a context replaces that key's binding there, `"x" = "none"` removes one, and everything
    /// it does not name stays. `extends = "k9s"` in the file puts it over the k9s keymap instead. Conflicts
    /// are checked on the result.
    pub fn load(user: Option<(&str, &str)>) -> Result<Keymap, KeymapError> {
        let Some((file, text)) = user else {
            let default = Keymap::complete("keymaps/default.toml", DEFAULT_KEYMAP, &[])?;
            return Ok(default);
        };
        let parsed = Reader { file, text }.parse()?;
        let default = Keymap::default();
        let base = match parsed.extends {
            Some(name) if name != "default" => {
                Keymap::shipped_keymap(name).expect("`extends` names a shipped keymap")?
            }
            _ => default.clone(),
        };
        let newest = parsed.file.clone();
        let bindings = apply(base.bindings, parsed, &default.bindings)?;
        check_prefixes(&bindings, &newest)?;
        check_quit(&bindings, &newest)?;
        Ok(Keymap { bindings })
    }

    /// What `--keymap` and the config file's `keymap` give: a shipped keymap's name (`k9s`), or the path of a
    /// file that overrides the default. Errors name the path.
    pub fn from_name_or_path(name_or_path: &str) -> Result<Keymap, KeymapError> {
        if let Some(keymap) = Keymap::shipped_keymap(name_or_path) {
            return keymap;
        }
        let names = SHIPPED.map(|(n, _)| n);
        match std::fs::read_to_string(name_or_path) {
            Ok(text) => Keymap::load(Some((name_or_path, &text))),
            Err(e) => {
                let looks_like_name = !name_or_path.contains(['/', '\\', '.']);
                let message = if looks_like_name && e.kind() == std::io::ErrorKind::NotFound {
                    let hint = closest(name_or_path, names)
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    format!(
                        "no shipped keymap has this name and no file has this path; {hint}the shipped keymaps are {}; \
                         or give the path of a TOML keymap file",
                        names.join(", ")
                    )
                } else {
                    format!(
                        "cannot read this keymap file ({e}); check the path, or name a shipped keymap: {}",
                        names.join(", ")
                    )
                };
                Err(KeymapError {
                    file: name_or_path.to_string(),
                    line: None,
                    message,
                })
            }
        }
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
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
        assert_eq!(act("c"), Lookup::Action(UserAction::ContinueDeployment));
        assert_eq!(act("Q"), Lookup::Unbound);
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
