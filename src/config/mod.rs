//! Configuration: key bindings and the action names they bind, themes, and the settings file with the
//! environment and flags that override it. It sits below `app` and `ui` and imports only `model`: what it reads
//! is data the layers above are handed.

pub mod file;
pub mod flags;
pub mod keymap;
pub mod refresh;
pub mod settings;
pub mod theme;
pub mod toml_doc;
pub mod user_action;

pub use flags::Flags;
pub use refresh::RefreshPolicy;
pub use settings::{Effective, Env, SettingsError, Source, Sourced};
pub use user_action::UserAction;
