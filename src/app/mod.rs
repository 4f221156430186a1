//! The whole behaviour of wharf, with no I/O: `update(&mut State, Action) -> Vec<Effect>`.
//! Time arrives in actions; data arrives in actions; everything wharf wants done leaves as an `Effect`.

mod action;
pub mod commands;
mod console;
mod effect;
mod filter;
mod flash;
mod keys;
mod loadable;
mod navigation;
mod polling;
mod prompt;
mod refresh;
mod screen;
mod state;
pub mod table;
mod update;
mod user;
mod user_action;

pub use action::Action;
pub use effect::Effect;
pub use filter::Filter;
pub use flash::{Flash, FlashLevel};
pub use loadable::Loadable;
pub use prompt::{Prompt, PromptKind};
pub use refresh::RefreshPolicy;
pub use screen::{Screen, TableView, TaskSource};
pub use state::{ServiceKey, State};
pub use table::{Sort, SortColumn, TableKind};
pub use update::{sort_tasks, update};
pub use user_action::UserAction;
