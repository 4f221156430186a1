//! What the command line says that the settings weigh. `cli` (at the top, with `main`) parses the flags and
//! builds this; `config` takes it as plain values, so it never imports `cli`.

use std::path::PathBuf;

/// The flags that override the environment and the settings file, as given (`None`/`false` when absent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    /// `--demo`: the sandbox's profile and region, whatever else says.
    pub demo: bool,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--config`: the settings file.
    pub config: Option<PathBuf>,
    /// `--theme`: a shipped theme's name or a theme file.
    pub theme: Option<String>,
    /// `--keymap`: a shipped keymap's name or a keymap file.
    pub keymap: Option<String>,
    /// `--read-only`.
    pub read_only: bool,
}
