//! Keys of a text open over the screen: `v` shows a revision's secret values on purpose (or hides them
//! again), `y` copies the text. A copy never holds a secret value, shown or not: a revision's JSON is copied
//! as it is shown with its secrets hidden, any other text with what looks secret in it masked
//! (`model::secrets::mask_secrets`), since a clipboard ends up in chats and tickets. What the copy says
//! counts what was hidden, and says nothing of secrets when none was.

use super::user::Outcome;
use super::{Effect, Flash, FlashLevel, Overlay, State, TextKind, TextSource};
use crate::model::secrets::mask_secrets;

/// Show the secret values of the revision open as JSON, or hide them again.
pub fn reveal(state: &mut State) {
    let Overlay::Text(view) = &mut state.overlay else {
        return;
    };
    let text = match &mut view.source {
        Some(TextSource::Revision { reveal, .. }) => {
            *reveal = !*reveal;
            match reveal {
                true => "secret values shown on purpose: the same key hides them; a copy keeps them hidden",
                false => "secret values hidden again",
            }
        }
        Some(TextSource::Diff { .. }) => {
            "a diff only says that a secret value changed: open the revision itself to show it"
        }
        _ => "nothing hidden here: only a revision's JSON hides values",
    };
    state.flash = Some(Flash::new(FlashLevel::Info, text));
}

/// How a revision's JSON and a diff mark a hidden value: `•••••• (hidden: name contains PASS)`, one to a
/// line.
const WHY: &str = "(hidden: ";

/// Copy the open text, its secret values hidden.
pub fn copy(state: &mut State) -> Outcome {
    let Overlay::Text(view) = &state.overlay else {
        return Outcome::default();
    };
    let mut hidden = view.clone();
    if let Some(TextSource::Revision { reveal, .. }) = &mut hidden.source {
        *reveal = false;
    }
    let fresh = super::pane_text::current(state, &hidden).unwrap_or(hidden);
    let whole = fresh.lines.join("\n");
    // A revision's JSON and a diff are hidden field by field already, each with why; prose is masked by
    // shape.
    let (text, hidden) = match fresh.kind {
        TextKind::Json | TextKind::Diff => {
            let hidden = fresh.lines.iter().filter(|l| l.contains(WHY)).count();
            (whole, hidden)
        }
        TextKind::Prose => mask_secrets(&whole),
    };
    let lines = fresh.lines.len();
    let hidden = match (fresh.kind, hidden) {
        (_, 0) => String::new(),
        (TextKind::Json | TextKind::Diff, 1) => ", 1 secret value hidden".to_string(),
        (TextKind::Json | TextKind::Diff, n) => format!(", {n} secret values hidden"),
        (TextKind::Prose, 1) => ", 1 secret-looking value masked".to_string(),
        (TextKind::Prose, n) => format!(", {n} secret-looking values masked"),
    };
    let plural = if lines == 1 { "" } else { "s" };
    state.flash = Some(Flash::new(
        FlashLevel::Info,
        format!("copied {lines} line{plural}{hidden} (through the terminal: OSC 52)"),
    ));
    Outcome::effect(Effect::Copy { text })
}
