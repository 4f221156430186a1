//! The whole behaviour of wharf, with no I/O: `update(&mut State, Action) -> Vec<Effect>`.
//! Time arrives in actions; data arrives in actions; everything wharf wants done leaves as an `Effect`.

mod action;
mod effect;
mod loadable;
mod navigation;
mod polling;
mod refresh;
mod screen;
mod state;
mod update;

pub use action::Action;
pub use effect::Effect;
pub use loadable::Loadable;
pub use refresh::RefreshPolicy;
pub use screen::{Screen, TableCursor};
pub use state::{ServiceKey, State};
pub use update::update;
