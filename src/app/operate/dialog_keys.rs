//! Keys in an open dialog: moving, toggling, typing, and Enter (check, warn once, ask for the name).

use super::request;
use crate::app::dialog::{Dialog, Notice};
use crate::app::mutation::Danger;
use crate::app::user::Outcome;
use crate::app::{AuditEntry, AuditOutcome, Effect, Flash, FlashLevel, Overlay, State, UserAction};

/// Steps a page of the cleanup's plan moves.
const PLAN_PAGE: usize = 5;
/// The audit line of a destructive change refused because the name typed to confirm it was not its name.
const WRONG_NAME: &str = "wrong name";
/// The audit line of a destructive change refused because Enter came with the confirming name left empty.
const NO_NAME: &str = "no name typed";

/// A key in an open dialog.
pub fn in_dialog(state: &mut State, action: UserAction) -> Outcome {
    let Some(dialog) = state.overlay.dialog_mut() else {
        return Outcome::default();
    };
    match action {
        UserAction::Submit | UserAction::Open => return submit(state),
        UserAction::Quit => return Outcome::effects(super::quit(state)),
        UserAction::Cancel | UserAction::Back => {
            state.overlay = Overlay::None;
            state.flash = Some(Flash::new(FlashLevel::Info, "cancelled: nothing changed"));
        }
        UserAction::Mark => toggle_group(dialog),
        // Read the whole plan before typing the name: it scrolls a page at a time.
        UserAction::PageDown => dialog.scroll = dialog.scroll.saturating_add(PLAN_PAGE),
        UserAction::PageUp => dialog.scroll = dialog.scroll.saturating_sub(PLAN_PAGE),
        UserAction::Up | UserAction::Down | UserAction::Top | UserAction::Bottom => {
            let step = match action {
                UserAction::Up => -1,
                UserAction::Down => 1,
                UserAction::Top => isize::MIN / 2,
                _ => isize::MAX / 2,
            };
            dialog.selected = dialog.selected.saturating_add_signed(step);
            dialog.notice = None;
            dialog.warned = None;
            let rows = {
                let d = state.overlay.dialog().expect("open");
                d.draft.change().choices(state)
            };
            if let Some(d) = state.overlay.dialog_mut() {
                d.selected = d.selected.min(rows.saturating_sub(1));
            }
        }
        _ => {}
    }
    Outcome::default()
}

/// Space: include or leave out the row under the cursor (the cleanup's groups).
fn toggle_group(dialog: &mut Dialog) {
    dialog.draft.change_mut().toggle(dialog.selected);
    dialog.notice = None;
    dialog.warned = None;
}

/// After a key typed into the dialog's field: an old refusal or warning no longer applies.
pub fn dialog_edited(state: &mut State) {
    if let Some(d) = state.overlay.dialog_mut() {
        d.notice = None;
        d.warned = None;
    }
}

/// Enter: check the input, warn once if the change may be a slip, ask for the name of a destructive one,
/// then hand the change to the gate.
fn submit(state: &mut State) -> Outcome {
    let Some(dialog) = state.overlay.dialog() else {
        return Outcome::default();
    };
    let mutation = match dialog.mutation(state) {
        Ok(m) => m,
        Err(why) => {
            let kind = dialog.draft.kind();
            let entry =
                AuditEntry::bare(state, None, kind, AuditOutcome::Refused, Some(why.clone()))
                    .with_targets(dialog.draft.change().targets());
            set_notice(state, FlashLevel::Error, why);
            return Outcome {
                effects: vec![Effect::Audit(entry)],
                refresh: false,
            };
        }
    };
    if let Some(warning) = mutation.change().warning() {
        if dialog.warned.as_ref() != Some(&mutation) {
            set_notice(
                state,
                FlashLevel::Warn,
                format!("{warning}. Enter again to confirm, Esc to cancel"),
            );
            if let Some(d) = state.overlay.dialog_mut() {
                d.warned = Some(mutation);
            }
            return Outcome::default();
        }
    }
    if let Danger::Destructive { confirm_name } = mutation.danger() {
        let typed = dialog.confirm.as_ref().map(|f| f.text().trim().to_string());
        match typed {
            None => {
                if let Some(d) = state.overlay.dialog_mut() {
                    d.confirm = Some(crate::app::Field::default());
                }
                set_notice(
                    state,
                    FlashLevel::Warn,
                    format!("type {confirm_name} to confirm"),
                );
                return Outcome::default();
            }
            Some(typed) if typed != confirm_name => {
                // The log never holds what was typed (a slip of the clipboard can paste a secret here); the
                // dialog's notice may, as the field beside it shows it anyway until Esc.
                let (why, logged) = if typed.is_empty() {
                    (
                        format!("type {confirm_name} to confirm, or Esc to cancel"),
                        NO_NAME,
                    )
                } else {
                    (
                        format!("\"{typed}\" is not {confirm_name}: type the name exactly, or Esc to cancel"),
                        WRONG_NAME,
                    )
                };
                let entry = AuditEntry::of(
                    state,
                    None,
                    &mutation,
                    AuditOutcome::Refused,
                    Some(logged.to_string()),
                );
                set_notice(state, FlashLevel::Error, why);
                return Outcome {
                    effects: vec![Effect::Audit(entry)],
                    refresh: false,
                };
            }
            Some(_) => {}
        }
    }
    state.overlay = Overlay::None;
    Outcome {
        effects: request(state, mutation),
        refresh: false,
    }
}

fn set_notice(state: &mut State, level: FlashLevel, text: String) {
    if let Some(d) = state.overlay.dialog_mut() {
        d.notice = Some(Notice { level, text });
    }
}
