//! The whole behaviour of wharf, with no I/O: `update(&mut State, Action) -> Vec<Effect>`.
//! Time arrives in actions; data arrives in actions; everything wharf wants done leaves as an `Effect`.

mod action;
mod audit;
pub mod commands;
mod console;
pub mod dialog;
mod effect;
mod field;
mod filter;
mod flash;
mod keys;
mod line;
mod loadable;
pub mod mutation;
mod navigation;
mod operate;
mod overlay;
mod polling;
mod prompt;
mod refresh;
mod run;
mod screen;
mod sorting;
mod state;
pub mod table;
mod update;
mod user;
mod user_action;

pub use action::{Action, MutationResult};
pub use audit::{AuditEntry, AuditOutcome, AuditView};
pub use dialog::{Dialog, Form, Notice};
pub use effect::Effect;
pub use field::Field;
pub use filter::Filter;
pub use flash::{Flash, FlashLevel};
pub use loadable::Loadable;
pub use mutation::{Danger, DeployTo, Mutation, MutationKind, RollbackHow};
pub use operate::{request, REVISIONS_SHOWN};
pub use overlay::Overlay;
pub use prompt::{Prompt, PromptKind};
pub use refresh::RefreshPolicy;
pub use screen::{Screen, TableView, TaskSource};
pub use state::{Running, ServiceKey, State};
pub use table::{Sort, SortColumn, TableKind};
pub use update::{sort_tasks, update};
pub use user_action::UserAction;
