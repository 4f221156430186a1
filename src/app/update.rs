use super::{Action, Effect, State};

/// Apply one action to the state and say what should happen next. Pure: no I/O, no clock.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if let Action::Quit = action {
        state.should_quit = true;
    }
    Vec::new()
}
