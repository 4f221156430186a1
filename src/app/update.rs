//! `update(&mut State, Action) -> Vec<Effect>`: the one entry point of wharf's behaviour. It routes each
//! action (keys through the keymap, answers into the cache), then settles what every action may change (the
//! rows shown, the cursor, the polling) in one place, so that no handler has to remember to.

use crate::app::ClustersScreen;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keys::{self, KeyOutcome};
use super::navigation::{self, Move};
use super::user::{self, Outcome};
use super::{
    line, operate, polling, table, Action, Effect, Flash, FlashLevel, Overlay, Screen, Session,
    State, UserAction,
};
use crate::backend::BackendInfo;

use crate::model::{Service, Timestamp};

/// How often the rows are filtered and sorted again while only the time passes: the alerts' 10-minute
/// window moves them, and every 10 s is plenty.
pub const REARRANGE_EVERY_MS: i64 = 10_000;

/// Apply one action to the state and say what should happen next. Pure: no I/O, no clock.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut outcome = Outcome::default();
    let settle = operate::is_read_answer(&action);
    let flash_before = state.flash.as_ref().map(|f| (f.level, f.text.clone()));
    // Moving the cursor changes no row: the filter and sort need not run again.
    let mut rearrange = true;
    state.quiet = false;
    // Opening a cluster with a cleanup stopped halfway offers to resume it (the clusters list says so in its
    // rows).
    let cluster_before = matches!(
        action,
        Action::Key(_) | Action::User(_) | Action::Click { .. }
    )
    .then(|| cluster_opened(state));
    match action {
        Action::Tick(now) => {
            // Rows depend on the time only through the alerts' 10-minute window: filtering and sorting again
            // every 10 s is plenty, and keeps a tick cheap on a 2,000-service table.
            rearrange =
                now.0.div_euclid(REARRANGE_EVERY_MS) != state.now.0.div_euclid(REARRANGE_EVERY_MS);
            state.now = now;
            let selected = state.screen().cursor().and_then(|c| c.selected_key.clone());
            state.resting_on = selected
                .clone()
                .filter(|_| selected == state.selected_at_tick);
            state.selected_at_tick = selected;
            state.session.budget.refill(now);
            outcome.effects.extend(crate::app::cleanup::on_tick(state));
            super::forget::on_tick(state);
            expire_flash(state);
        }
        Action::WallClock(wall) => {
            state.wall = Some(wall);
            expire_flash(state);
        }
        Action::Terminate => outcome.effects = operate::abandon(state),
        Action::Resize(w, h) => {
            state.size = (w, h);
            navigation::reanchor(state);
            super::pane_keys::keep_in_view(state);
        }
        Action::Key(key) => {
            state.flash = None;
            rearrange = on_key(state, key, &mut outcome);
        }
        Action::Paste(text) => paste(state, &text),
        Action::User(action) => {
            rearrange = !is_movement(action);
            outcome = user::apply(state, action);
        }
        Action::Click { column, row } => navigation::click(state, column, row),
        Action::Scroll(lines) => {
            rearrange = false;
            if state.overlay.is_none() && !super::pane_keys::wheel(state, lines) {
                navigation::move_cursor(state, Move::By(isize::from(lines)));
            }
        }
        Action::Connected {
            result,
            read_only,
            at,
        } => {
            state.connecting = None;
            match result {
                Ok(info) => {
                    // Forwards into the account left behind are closed (each with its own backend).
                    outcome.effects.extend(super::forwards::close_all(state));
                    connected(state, info, read_only, at);
                    outcome
                        .effects
                        .push(crate::app::cleanup::find_effect(state));
                }
                Err(e) => state.flash = Some(Flash::new(FlashLevel::Error, e)),
            }
        }
        Action::Fetched {
            fetch,
            result,
            at,
            calls,
        } => {
            super::fetched::fetched(state, fetch, result, at, calls);
            // Nothing new: the rows need not be filtered and sorted again.
            rearrange = !state.quiet;
        }
        Action::FetchedPart { fetch, part } => {
            super::fetched::fetched_part(state, fetch, part);
            rearrange = !state.quiet;
        }
        Action::Mutated { id, result, at } => {
            outcome.effects = operate::mutated(state, id, result, at);
        }
        Action::AuditRead { path, result } => {
            if let Overlay::Audit(view) = &mut state.overlay {
                view.path = Some(path);
                view.lines = Some(result);
            }
        }
        Action::CleanupRead { scope, result } => {
            if let Some(crate::app::Mutation::Cleanup(draft)) =
                state.overlay.dialog_mut().map(|d| &mut d.draft)
            {
                if *draft.scope() == scope {
                    // Made once here, not on every key or frame: a big cluster's plan takes milliseconds.
                    let made =
                        result.map(|inputs| Box::new(crate::app::cleanup::plan(&scope, &inputs)));
                    draft.found(&scope, made.map_err(|e| e.to_string()));
                }
            }
        }
        Action::CleanupRechecked { scope, result } => {
            outcome.effects = crate::app::cleanup::on_rechecked(state, &scope, result);
        }
        Action::CleanupsFound(files) => crate::app::cleanup::found(state, files),
        Action::CleanupFileFailed(why) => state.flash = Some(Flash::new(FlashLevel::Warn, why)),
        Action::SessionPluginFound(found) => state.session_plugin = Some(found),
        Action::LoadSet {
            service,
            percent,
            result,
        } => super::sandbox_load::answered(state, &service, percent, result),
        Action::ForwardChanged {
            id,
            forward,
            status,
        } => {
            let effects = super::forwards::changed(state, id, forward.map(|f| *f), status);
            outcome.effects.extend(effects);
        }
        Action::AuditFailed(why) => {
            state.flash = Some(Flash::new(
                FlashLevel::Error,
                format!("the audit log could not be written: {why}"),
            ));
        }
    }
    if settle {
        outcome.effects.extend(operate::settle_unknown(state));
    }
    if let Some(before) = cluster_before {
        if let Some(cluster) = cluster_opened(state).filter(|c| before.as_ref() != Some(c)) {
            crate::app::cleanup::offer(state, &cluster);
        }
    }
    // Kept on disk before anything else runs (a step's write included), so that a crash loses nothing.
    if let Some(keep) = crate::app::cleanup::persist(state) {
        outcome.effects.insert(0, keep);
    }
    if let Some(flash) = &state.flash {
        if flash_before.as_ref() != Some(&(flash.level, flash.text.clone())) {
            state.remember(flash.level, flash.text.clone());
        }
    }
    if rearrange {
        super::explore::rebuild(state);
        table::rearrange(state);
        navigation::reanchor(state);
        super::pane_keys::keep_in_view(state);
    }
    let mut effects = outcome.effects;
    effects.extend(polling::due_effects(state, outcome.refresh));
    effects
}

/// Read one key and apply what it means. Returns whether rows may have changed (anything but moving).
fn on_key(state: &mut State, key: KeyEvent, outcome: &mut Outcome) -> bool {
    let (w, h) = state.size;
    if w < crate::geometry::MIN_WIDTH || h < crate::geometry::MIN_HEIGHT {
        // Nothing on screen can be seen: a key could confirm a dialog the user cannot read. Only leaving works.
        if let KeyOutcome::Actions(actions) = keys::read_key(state, key) {
            for action in actions {
                if matches!(
                    action,
                    UserAction::Quit | UserAction::Cancel | UserAction::Back
                ) {
                    let more = user::apply(state, action);
                    outcome.effects.extend(more.effects);
                }
            }
        }
        return true;
    }
    match keys::read_key(state, key) {
        KeyOutcome::Actions(actions) => {
            let mut changed = false;
            for action in actions {
                changed |= !is_movement(action);
                let more = user::apply(state, action);
                outcome.effects.extend(more.effects);
                outcome.refresh |= more.refresh;
            }
            changed
        }
        KeyOutcome::Edited => {
            if state.overlay.dialog().is_some() {
                operate::dialog_edited(state);
            } else {
                line::filter_edited(state);
            }
            true
        }
        KeyOutcome::EscThen(key) => {
            let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
            let a = on_key(state, esc, outcome);
            let b = on_key(state, key, outcome);
            a || b
        }
    }
}

/// The cluster whose screens are open (not the one under the cursor in the clusters list).
fn cluster_opened(state: &State) -> Option<String> {
    if matches!(state.screen(), Screen::Clusters(_)) {
        return None;
    }
    state.screen().spec().cluster_arn().map(str::to_string)
}

/// Pasted text goes into the `:`/`/` line or a dialog's field; with neither open it does nothing, so a paste
/// meant for another window never acts.
fn paste(state: &mut State, text: &str) {
    if let Some(prompt) = state.overlay.prompt_mut() {
        prompt.input.insert(text);
        line::filter_edited(state);
    } else if let Some(field) = state.overlay.dialog_mut().and_then(|d| d.typing()) {
        field.insert(text);
        operate::dialog_edited(state);
    } else {
        state.flash = Some(Flash::new(
            FlashLevel::Info,
            "pasted text goes into the : or / line or a dialog's field; nothing was done",
        ));
    }
}

fn is_movement(action: UserAction) -> bool {
    use UserAction::*;
    matches!(action, Up | Down | PageUp | PageDown | Top | Bottom)
}

/// Another profile or region is open: a new session, from its clusters. What the user owns stays (history,
/// keymap, settings, the audit log's session); a line being typed stays open (a filter starts afresh on the
/// new screen); a dialog was about the old account and closes.
fn connected(state: &mut State, info: BackendInfo, read_only: bool, now: Timestamp) {
    let text = format!("now on {} {}", info.profile, info.region);
    state.session = Session::new(info, now, state.refresh.share);
    state.now = now;
    state.screens = vec![Screen::Clusters(ClustersScreen {
        cursor: Default::default(),
    })];
    state.overlay = match state.overlay.take_prompt() {
        Some(mut p) => {
            p.filter_before = None;
            Overlay::Prompt(Box::new(p))
        }
        None => Overlay::None,
    };
    state.read_only = read_only;
    state.pending_keys.clear();
    state.quit_asked = false;
    state.cleanup = None;
    state.parked_cleanups.clear();
    state.flash = Some(Flash::new(FlashLevel::Info, text));
}

/// Remember the revision a service runs when it changes (the last few), for rolling back.
pub(super) fn seen_running(state: &mut State, service: &Service) {
    const KEPT: usize = 10;
    let seen = state
        .session
        .seen_revisions
        .entry(service.arn.clone())
        .or_default();
    if seen.last() != Some(&service.task_definition) && !service.task_definition.is_empty() {
        seen.push(service.task_definition.clone());
        if seen.len() > KEPT {
            seen.remove(0);
        }
    }
}

/// A message goes `FLASH_MS` of the user's time after the first tick that showed it (at `--speed 20` the
/// sandbox's clock would take it away within a second).
fn expire_flash(state: &mut State) {
    let now = state.user_now();
    if let Some(flash) = state.flash.as_mut() {
        let since = *flash.shown_at.get_or_insert(now);
        if now.since(since) >= super::flash::FLASH_MS {
            state.flash = None;
        }
    }
}
