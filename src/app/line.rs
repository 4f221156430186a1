//! The command line (`:`) and the filter line (`/`): opening them, keys while they are open, history.

use super::command_line::run_command;
use super::commands;
use super::user::Outcome;
use super::UserAction::{self, *};
use super::{Filter, Flash, FlashLevel, Overlay, Pane, Prompt, PromptKind, Screen, State};
use crate::app::ServiceScreen;

/// Commands and filters typed are kept for Up and Down, this many of each, the oldest dropped first: a long
/// shift does not grow them without end.
pub const HISTORY_KEPT: usize = 500;

pub(super) fn open_filter(state: &mut State) {
    if let Some(current) = events_filter(state) {
        let before = current.clone();
        let text = current.as_ref().map_or(String::new(), |f| f.text.clone());
        state.overlay = Overlay::Prompt(Box::new(Prompt::new(PromptKind::Filter, &text, before)));
        return;
    }
    let Some(view) = state.screen().cursor() else {
        state.flash = Some(Flash::new(FlashLevel::Info, "nothing to filter here"));
        return;
    };
    let before = view.filter.clone();
    let text = before.as_ref().map_or("", |f| f.text.as_str());
    state.overlay = Overlay::Prompt(Box::new(Prompt::new(
        PromptKind::Filter,
        text,
        before.clone(),
    )));
}

/// After the filter line changed: filter as the user types.
pub fn filter_edited(state: &mut State) {
    let Some(text) = state
        .overlay
        .prompt()
        .filter(|p| p.kind == PromptKind::Filter)
        .map(|p| p.text().to_string())
    else {
        return;
    };
    if events_filter(state).is_some() {
        set_events_filter(state, Filter::parse(&text));
        return;
    }
    if let Some(view) = state.screen_mut().cursor_mut() {
        view.filter = Filter::parse(&text);
    }
}

/// The service screen's events filter, while the events pane has the focus (`/` filters it then).
fn events_filter(state: &State) -> Option<&Option<Filter>> {
    match state.screen() {
        Screen::Service(ServiceScreen { panes, .. }) if panes.focus == Pane::Events => {
            Some(&panes.events_filter)
        }
        _ => None,
    }
}

fn set_events_filter(state: &mut State, filter: Option<Filter>) {
    if let Screen::Service(ServiceScreen { panes, .. }) = state.screen_mut() {
        panes.events_filter = filter;
        panes.events = Default::default();
    }
}

pub(super) fn in_prompt(state: &mut State, action: UserAction) -> Outcome {
    let Some(prompt) = state.overlay.prompt_mut() else {
        return Outcome::default();
    };
    let kind = prompt.kind;
    let text = prompt.text().trim().to_string();
    match action {
        Submit => {
            let prompt = state.overlay.take_prompt();
            let history = match kind {
                PromptKind::Command => &mut state.command_history,
                PromptKind::Filter => &mut state.filter_history,
            };
            if !text.is_empty() && history.last() != Some(&text) {
                if history.len() >= HISTORY_KEPT {
                    history.remove(0);
                }
                history.push(text.clone());
            }
            if kind == PromptKind::Command {
                return run_command(state, &text);
            }
            // The filter just typed: the events' while they have the focus, else the table's.
            let typed = match events_filter(state) {
                Some(events) => events.as_ref(),
                None => state.screen().cursor().and_then(|v| v.filter.as_ref()),
            };
            if let Some(filter) = typed {
                if filter.is_literal() {
                    state.flash = Some(Flash::new(
                        FlashLevel::Info,
                        format!(
                            "`{}` is not a valid regex: matching it as text",
                            prompt.map(|p| p.text().to_string()).unwrap_or_default()
                        ),
                    ));
                }
            }
        }
        Quit => {
            state.overlay = Overlay::None;
            return Outcome::effects(super::operate::quit(state));
        }
        Cancel | Back => {
            let prompt = state.overlay.take_prompt();
            if kind == PromptKind::Filter && events_filter(state).is_some() {
                set_events_filter(state, prompt.and_then(|p| p.filter_before));
            } else if kind == PromptKind::Filter {
                if let Some(view) = state.screen_mut().cursor_mut() {
                    view.filter = prompt.and_then(|p| p.filter_before);
                }
            }
        }
        Complete if kind == PromptKind::Command => {
            let typed = prompt.text().to_string();
            match commands::complete(state, &typed) {
                Some(done) => {
                    if let Some(p) = state.overlay.prompt_mut() {
                        p.set_text(&done);
                    }
                }
                None => {
                    let found = commands::candidates(state, &typed);
                    if found.len() > 1 {
                        state.flash = Some(Flash::new(FlashLevel::Info, found.join("  ")));
                    }
                }
            }
        }
        HistoryPrevious | HistoryNext => walk_history(state, action == HistoryPrevious),
        _ => {}
    }
    Outcome::default()
}

fn walk_history(state: &mut State, older: bool) {
    let Some(prompt) = state.overlay.prompt_mut() else {
        return;
    };
    let history = match prompt.kind {
        PromptKind::Command => &state.command_history,
        PromptKind::Filter => &state.filter_history,
    };
    if history.is_empty() {
        return;
    }
    let at = match (prompt.history_at, older) {
        (None, true) => Some(0),
        (None, false) => None,
        (Some(n), true) => Some((n + 1).min(history.len() - 1)),
        (Some(0), false) => None,
        (Some(n), false) => Some(n - 1),
    };
    if prompt.history_at.is_none() {
        prompt.draft = prompt.text().to_string();
    }
    let text = at.map_or(prompt.draft.as_str(), |n| {
        history[history.len() - 1 - n].as_str()
    });
    let text = text.to_string();
    prompt.history_at = at;
    prompt.set_text(&text);
    filter_edited(state);
}
