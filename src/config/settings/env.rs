//! `Env`: what settings take from the environment.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Source, Sourced};

/// The environment variables wharf reads, captured once so that tests can supply their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    vars: BTreeMap<&'static str, String>,
    /// Where the settings file lives when neither `--config` nor `WHARF_CONFIG` says.
    pub default_config: Option<PathBuf>,
}

const ENV_VARS: [&str; 5] = [
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "NO_COLOR",
    "WHARF_CONFIG",
];

impl Env {
    /// The process's environment; the default settings file is `config.toml` in the platform's config
    /// folder for wharf (`$XDG_CONFIG_HOME/wharf` or `~/.config/wharf` on Linux).
    pub fn from_process() -> Env {
        let mut env = Env {
            default_config: directories::ProjectDirs::from("", "", "wharf")
                .map(|dirs| dirs.config_dir().join("config.toml")),
            ..Env::default()
        };
        for var in ENV_VARS {
            if let Some(value) = std::env::var_os(var) {
                env = env.with(var, &value.to_string_lossy());
            }
        }
        env
    }

    /// This environment with `var` set; empty values count as unset.
    pub fn with(mut self, var: &'static str, value: &str) -> Env {
        if !value.is_empty() {
            self.vars.insert(var, value.to_string());
        }
        self
    }

    /// This environment with the settings file's default location at `path`.
    pub fn with_default_config(mut self, path: PathBuf) -> Env {
        self.default_config = Some(path);
        self
    }

    pub(super) fn get(&self, var: &'static str) -> Option<Sourced<String>> {
        self.vars
            .get(var)
            .map(|v| Sourced::new(v.clone(), Source::Env(var)))
    }
}
