//! The whole behaviour of wharf, with no I/O: `update(&mut State, Action) -> Vec<Effect>`.
//! Time arrives in actions; data arrives in actions; everything wharf wants done leaves as an `Effect`.

mod action;
mod audit;
pub mod budget;
pub mod cache;
pub mod cleanup;
mod command_line;
pub mod commands;
mod console;
pub mod dialog;
mod effect;
pub mod explore;
mod fetched;
mod field;
mod filter;
mod flash;
mod keys;
mod line;
pub mod loadable;
pub mod mutation;
mod navigation;
pub mod needs;
mod operate;
mod overlay;
mod pane_keys;
pub mod pane_text;
pub mod panes;
pub mod polling;
pub mod progress;
mod prompt;
pub mod resource;
pub mod rollout_text;
mod screen;
pub mod service_items;
pub mod service_summary;
pub mod service_table;
mod sorting;
mod state;
pub mod table;
pub mod task_list;
mod text_copy;
mod update;
mod user;

pub use action::{Action, MutationResult};
pub use audit::{AuditEntry, AuditOutcome, AuditView};
pub use dialog::{Dialog, Form, Notice};
pub use effect::Effect;
pub use field::Field;
pub use filter::Filter;
pub use flash::{Flash, FlashLevel};
pub use loadable::{Loadable, Status};
pub use mutation::{Danger, DeployTo, Mutation, MutationKind, RollbackHow};
pub use operate::{request, REVISIONS_SHOWN};
pub use overlay::{Overlay, TextKind, TextSource, TextView};
pub use panes::{Pane, PaneCursor, ServicePanes};
pub use prompt::{Prompt, PromptKind};
pub use resource::{Fetch, Payload, Resource};
pub use screen::{Screen, TableView, TaskSource};
pub use state::{InFlight, ServiceKey, Session, State};
pub use table::{Sort, SortColumn, TableKind};
pub use task_list::TaskList;
pub use update::update;
// The action names and the refresh policy are what settings and keymap files speak of, so they sit in
// `config`, below `app`; `app` is where the rest of wharf names them.
pub use crate::config::refresh::RefreshPolicy;
pub use crate::config::user_action::UserAction;
