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
pub mod forget;
pub mod forwards;
pub mod help;
mod keys;
pub mod layout;
mod line;
pub mod loadable;
pub mod metric_spend;
mod metrics_view;
pub mod mutation;
mod navigation;
pub mod needs;
mod operate;
mod overlay;
pub mod own_starts;
mod pane_keys;
pub mod pane_text;
pub mod panes;
pub mod polling;
pub mod progress;
mod prompt;
pub mod resource;
pub mod rollout_text;
pub(crate) mod sandbox_load;
mod screens;
pub mod service_items;
pub mod service_metrics;
pub mod service_summary;
pub mod service_table;
mod sorting;
mod state;
pub mod table;
pub mod task_list;
pub mod task_protection;
mod text_copy;
mod update;
mod user;

pub use action::{Action, MutationResult};
pub use audit::{AuditEntry, AuditOutcome, AuditView};
pub use dialog::{Dialog, Notice};
pub use effect::Effect;
pub use field::Field;
pub use filter::Filter;
pub use flash::{Flash, FlashLevel};
pub use layout::{body_rows, table_row_at};
pub use line::HISTORY_KEPT;
pub use loadable::{Loadable, Status};
pub use mutation::{Danger, DeployTo, Mutation, MutationKind, RollbackHow};
pub use operate::{request, REVISIONS_SHOWN};
pub use overlay::{Overlay, TextKind, TextSource, TextView};
pub use panes::{Pane, PaneCursor, ServicePanes};
pub use prompt::{Prompt, PromptKind};
pub use resource::{Fetch, Payload, Resource, TaskPart};
pub use screens::{
    ClusterColumn, ClustersScreen, ExploreScreen, MetricsScreen, Screen, ScreenSpec, ServiceColumn,
    ServiceScreen, ServicesScreen, TableView, TaskColumn, TaskScreen, TaskSource, TasksScreen,
};
pub use state::{InFlight, ServiceKey, Session, State};
pub use table::{Sort, SortColumn, TableKind};
pub use task_list::TaskList;
pub use update::{update, REARRANGE_EVERY_MS};
// The action names and the refresh policy are what settings and keymap files speak of, so they sit in
// `config`, below `app`; `app` is where the rest of wharf names them.
pub use crate::config::refresh::RefreshPolicy;
pub use crate::config::user_action::UserAction;
