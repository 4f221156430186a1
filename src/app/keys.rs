//! Reading a key press through the keymap: sequences (`g g`), the command and filter lines, and Esc typed
//! fast before another key.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{Flash, FlashLevel, Overlay, State, UserAction};
use crate::config::keymap::{Context, KeyPress, Lookup};

/// What a key press comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOutcome {
    Actions(Vec<UserAction>),
    /// The key went into the command or filter line.
    Edited,
    /// Esc typed fast before this key: read Esc, then the key on its own (after Esc has taken effect).
    EscThen(KeyEvent),
}

pub fn read_key(state: &mut State, key: KeyEvent) -> KeyOutcome {
    if key.kind == KeyEventKind::Release {
        return KeyOutcome::Actions(Vec::new());
    }
    let press = KeyPress::from_event(&key);
    if let Overlay::Dialog(dialog) = &mut state.overlay {
        // Characters and editing keys go to the field being typed in; other keys through [dialog].
        let plain = matches!(key.code, KeyCode::Char(_))
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let editing = plain
            || matches!(
                key.code,
                KeyCode::Backspace
                    | KeyCode::Delete
                    | KeyCode::Left
                    | KeyCode::Right
                    | KeyCode::Home
                    | KeyCode::End
            );
        if !(editing && dialog.typing().is_some()) {
            match state.keymap.lookup(&[Context::Dialog], &[press]) {
                Lookup::Action(action) => return KeyOutcome::Actions(vec![action]),
                _ if is_fast_esc(&key) => {
                    return KeyOutcome::EscThen(KeyEvent::new(
                        key.code,
                        key.modifiers - KeyModifiers::ALT,
                    ))
                }
                _ => {}
            }
        }
        return match dialog.typing() {
            Some(field) if editing || key.modifiers.contains(KeyModifiers::CONTROL) => {
                field.edit(key);
                KeyOutcome::Edited
            }
            _ => KeyOutcome::Actions(Vec::new()),
        };
    }
    if let Some(prompt) = state.overlay.prompt_mut() {
        return match state.keymap.lookup(&[Context::Prompt], &[press]) {
            Lookup::Action(action) => KeyOutcome::Actions(vec![action]),
            // Esc then a key, typed fast (see below): cancel, then the key.
            _ if is_fast_esc(&key) => {
                KeyOutcome::EscThen(KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT))
            }
            _ => {
                prompt.edit(key);
                KeyOutcome::Edited
            }
        };
    }
    let contexts = state.key_contexts();
    let mut pressed = std::mem::take(&mut state.pending_keys);
    let had_pending = !pressed.is_empty();
    pressed.push(press);
    match state.keymap.lookup(&contexts, &pressed) {
        Lookup::Action(action) => KeyOutcome::Actions(vec![action]),
        Lookup::Prefix => {
            state.pending_keys = pressed;
            KeyOutcome::Actions(Vec::new())
        }
        // `g` then `j`: the sequence is not bound, so `j` counts on its own.
        Lookup::Unbound if had_pending => read_key(state, key),
        // Terminals send Esc as the prefix of Alt-combinations, so Esc pressed quickly before another key (Esc
        // Esc, Esc q) arrives as one Alt-key event. An Alt-key that is not bound is what the user typed.
        Lookup::Unbound if is_fast_esc(&key) => {
            KeyOutcome::EscThen(KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT))
        }
        Lookup::Unbound => {
            if let KeyCode::Char(c) = key.code {
                if !key.modifiers.contains(KeyModifiers::CONTROL) {
                    let help = state
                        .keymap
                        .key_for(UserAction::Help, &contexts)
                        .unwrap_or("?");
                    state.flash = Some(Flash::new(
                        FlashLevel::Info,
                        format!("{c} does nothing here; {help} lists the keys"),
                    ));
                }
            }
            KeyOutcome::Actions(Vec::new())
        }
    }
}

/// An Alt-key that is Esc typed fast before a key. Not with Control: AltGr characters (`{` on a German layout)
/// arrive as Control+Alt on some terminals.
fn is_fast_esc(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::ALT) && !key.modifiers.contains(KeyModifiers::CONTROL)
}
