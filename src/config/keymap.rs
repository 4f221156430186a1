//! Which key does what. The footer hints, the help screen and the input mapping all read this one table,
//! so what wharf tells the user is always what it does.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere.
    Global,
    /// Screens with a table to move through.
    Table,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// Key names as written in keymap files: `j`, `down`, `enter`, `esc`, `ctrl-c`, `?`, `G`, `pagedown`.
    pub keys: Vec<String>,
    pub action: Action,
    pub description: String,
    pub context: Context,
    /// Shown in the footer (the rest only in help).
    pub hint: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Action::*;
        use Context::*;
        let b = |keys: &[&str], action: Action, description: &str, context: Context, hint: bool| {
            Binding {
                keys: keys.iter().map(|k| k.to_string()).collect(),
                action,
                description: description.into(),
                context,
                hint,
            }
        };
        Keymap {
            bindings: vec![
                b(&["j", "down"], Down, "down", Table, false),
                b(&["k", "up"], Up, "up", Table, false),
                b(&["enter", "l", "right"], Enter, "open", Table, true),
                b(&["esc", "h", "left"], Back, "back", Global, true),
                b(&["g", "home"], Top, "first row", Table, false),
                b(&["G", "end"], Bottom, "last row", Table, false),
                b(&["pagedown", "ctrl-f"], PageDown, "page down", Table, false),
                b(&["pageup", "ctrl-b"], PageUp, "page up", Table, false),
                b(&["r"], Refresh, "refresh now", Global, true),
                b(&["?"], ToggleHelp, "help", Global, true),
                b(&["q", "ctrl-c"], Quit, "quit", Global, true),
            ],
        }
    }
}

impl Keymap {
    /// The action bound to a key press, if any.
    pub fn action_for(&self, key: &KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        self.bindings
            .iter()
            .find(|b| b.keys.iter().any(|k| key_matches(k, key)))
            .map(|b| b.action.clone())
    }

    /// The actions a key event stands for. Terminals send Esc as the prefix of Alt-combinations, so Esc
    /// pressed quickly before another key (Esc Esc, Esc q) arrives as one Alt-key event. An Alt-key that is
    /// not bound is read as what the user typed: Esc, then the key.
    pub fn actions_for(&self, key: &KeyEvent) -> Vec<Action> {
        if let Some(action) = self.action_for(key) {
            return vec![action];
        }
        if !key.modifiers.contains(KeyModifiers::ALT) {
            return Vec::new();
        }
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        let plain = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
        self.action_for(&esc)
            .into_iter()
            .chain(self.action_for(&plain))
            .collect()
    }

    /// The bindings the footer offers: those marked as hints that `applies` now, in keymap order.
    pub fn hints(&self, applies: impl Fn(&Binding) -> bool) -> Vec<&Binding> {
        self.bindings
            .iter()
            .filter(|b| b.hint && !b.keys.is_empty() && applies(b))
            .collect()
    }
}

/// Does a key name (`ctrl-c`, `G`, `pagedown`) describe this key event?
pub fn key_matches(name: &str, key: &KeyEvent) -> bool {
    parse_key(name).is_some_and(|(code, mods)| {
        // Shift is part of the character for printable keys (`G`, `?`), so it is ignored there.
        let pressed = key.modifiers - KeyModifiers::SHIFT;
        code == key.code && mods == pressed
    })
}

/// Parse a key name into a key code and the modifiers (other than shift) that go with it.
pub fn parse_key(name: &str) -> Option<(KeyCode, KeyModifiers)> {
    let (mods, base) = match name.strip_prefix("ctrl-") {
        Some(rest) => (KeyModifiers::CONTROL, rest),
        None => (KeyModifiers::NONE, name),
    };
    let code = match base {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "tab" => KeyCode::Tab,
        "space" => KeyCode::Char(' '),
        s if s.chars().count() == 1 => KeyCode::Char(s.chars().next()?),
        _ => return None,
    };
    Some((code, mods))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn default_keys_map_to_actions() {
        let km = Keymap::default();
        assert_eq!(
            km.action_for(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            km.action_for(&press(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            km.action_for(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            km.action_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            km.action_for(&press(KeyCode::Char('c'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            km.action_for(&press(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::ToggleHelp)
        );
    }

    #[test]
    fn esc_typed_fast_before_a_key_is_not_lost() {
        let km = Keymap::default();
        let alt = |code| press(code, KeyModifiers::ALT);
        assert_eq!(
            km.actions_for(&alt(KeyCode::Esc)),
            vec![Action::Back, Action::Back]
        );
        assert_eq!(
            km.actions_for(&alt(KeyCode::Char('q'))),
            vec![Action::Back, Action::Quit]
        );
        assert_eq!(
            km.actions_for(&alt(KeyCode::Char('z'))),
            vec![Action::Back],
            "the Esc still counts"
        );
        assert_eq!(
            km.actions_for(&press(KeyCode::Char('z'), KeyModifiers::NONE)),
            vec![]
        );
        assert_eq!(
            km.actions_for(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            vec![Action::Down]
        );
    }

    #[test]
    fn every_key_name_in_the_default_keymap_parses() {
        for b in Keymap::default().bindings {
            for k in &b.keys {
                assert!(parse_key(k).is_some(), "{k} does not parse");
            }
        }
    }
}
