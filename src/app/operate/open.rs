//! Opening a change's dialog from a key or a command, for what is on screen.

use super::gate::refuse_read_only;
use crate::app::dialog::Dialog;
use crate::app::mutation::{Mutation, MutationKind};
use crate::app::user::Outcome;
use crate::app::{Flash, FlashLevel, Overlay, State};

/// How many of a family's newest ACTIVE revisions the deploy and rollback dialogs read.
pub const REVISIONS_SHOWN: usize = 25;

/// A key or command asks for a change: open the dialog of its draft (made for what is on screen), or say why
/// not. `prefill` is what a command typed (`:scale 6`).
pub fn open(
    state: &mut State,
    kind: MutationKind,
    draft: Result<Mutation, String>,
    prefill: Option<&str>,
) -> Outcome {
    if state.read_only {
        let targets = draft
            .as_ref()
            .map(|d| d.change().targets())
            .unwrap_or_default();
        return refuse_read_only(state, kind, targets);
    }
    let draft = match draft {
        Ok(draft) => draft,
        Err(why) => {
            state.flash = Some(Flash::new(FlashLevel::Info, why));
            return Outcome::default();
        }
    };
    let change = draft.change();
    let mut effects = Vec::new();
    for read in change.opening_reads(state) {
        effects.extend(crate::app::polling::request(state, read));
    }
    effects.extend(change.opening_effects());
    let field = change.label().map(|_| change.initial_text(state, prefill));
    // The row the change is about stays under the cursor afterwards, even if the rows move (a sort by what
    // the change alters): a second key press must not act on another row.
    if let Some(cursor) = state.screen_mut().cursor_mut() {
        cursor.moved = true;
    }
    state.overlay = Overlay::Dialog(Box::new(Dialog::new(draft, field.as_deref())));
    Outcome {
        effects,
        refresh: false,
    }
}

/// After an answer: a field still empty gets the value the change starts from, once it is known (the image
/// dialog's container and image, once the running revision is described).
pub fn refill(state: &mut State) {
    let Some(dialog) = state.overlay.dialog() else {
        return;
    };
    if dialog.field.is_none() || !dialog.text().is_empty() {
        return;
    }
    let text = dialog.draft.change().initial_text(state, None);
    if text.is_empty() {
        return;
    }
    if let Some(field) = state.overlay.dialog_mut().and_then(|d| d.field.as_mut()) {
        field.set_text(&text);
    }
}
