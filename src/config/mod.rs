//! Configuration: key bindings, and the settings file with the environment and flags that override it.

pub mod file;
pub mod keymap;
pub mod settings;
pub mod toml_doc;

pub use settings::{Effective, Env, SettingsError, Source, Sourced};
