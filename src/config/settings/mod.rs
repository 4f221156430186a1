//! The effective settings: built-in defaults, then the settings file (and its section for the active AWS
//! profile), then environment variables, then command-line flags. Each value remembers where it came from,
//! which `--print-config` shows.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use thiserror::Error;

use super::file::{At, ConfigFile};
use crate::config::theme::{Theme, ThemeError, ThemeProblem};
use crate::config::Flags;
use crate::config::RefreshPolicy;

mod env;
mod print;
mod themes;

pub use env::Env;

/// The profile name the header shows for `--demo`.
pub const SANDBOX_PROFILE: &str = "sandbox";
/// The shell ECS Exec opens unless `[exec] shell` names another: every image but the smallest has it.
pub const DEFAULT_SHELL: &str = "/bin/sh";
const SANDBOX_REGION: &str = "sandbox-1";

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    File {
        path: PathBuf,
        line: usize,
    },
    /// A `[profiles.NAME]` section of the settings file.
    Profile {
        profile: String,
        path: PathBuf,
        line: usize,
    },
    Env(&'static str),
    Flag(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => write!(f, "built-in default"),
            Source::File { path, line } => write!(f, "{}:{line}", path.display()),
            Source::Profile {
                profile,
                path,
                line,
            } => write!(f, "profile {profile} in {}:{line}", path.display()),
            Source::Env(var) => write!(f, "environment variable {var}"),
            Source::Flag(flag) => write!(f, "command line {flag}"),
        }
    }
}

/// A setting and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Sourced<T> {
    fn new(value: T, source: Source) -> Self {
        Sourced { value, source }
    }

    fn default(value: T) -> Self {
        Sourced::new(value, Source::Default)
    }
}

/// Why wharf will not start with these settings. Shown before the terminal is taken over.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SettingsError {
    #[error("{}{message}", location(file, *line))]
    InFile {
        file: PathBuf,
        line: Option<usize>,
        message: String,
    },
    #[error("the config file {} (from {given_by}) does not exist; create it, or point {given_by} at an existing file", file.display())]
    MissingConfig { file: PathBuf, given_by: String },
    /// A problem with a flag's value.
    #[error("{origin}: {message}")]
    Given { origin: String, message: String },
    #[error("{0}")]
    Theme(#[from] ThemeError),
}

fn location(file: &Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}: ", file.display()),
        None => format!("{}: ", file.display()),
    }
}

/// What wharf runs with, every value with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    /// The settings file read, if any (`None` when the default location has none).
    pub config_file: Sourced<Option<PathBuf>>,
    /// The AWS profile; `sandbox` with `--demo`.
    pub profile: Sourced<String>,
    /// `None`: the AWS profile's own region.
    pub region: Sourced<Option<String>>,
    /// A shipped theme's name or a theme file's path.
    pub theme: Sourced<String>,
    /// The header colour for this profile, if one is set.
    pub accent: Sourced<Option<Color>>,
    /// A keymap's name or file, as given; parsed elsewhere.
    pub keymap: Sourced<Option<String>>,
    pub read_only: Sourced<bool>,
    pub mouse: Sourced<bool>,
    /// Refresh intervals in milliseconds.
    pub refresh_lists: Sourced<i64>,
    pub refresh_detail: Sourced<i64>,
    pub refresh_deploying: Sourced<i64>,
    pub refresh_listing: Sourced<i64>,
    pub refresh_background: Sourced<i64>,
    pub refresh_quiet: Sourced<i64>,
    pub budget_share: Sourced<f64>,
    /// `[cache] forget_after`, in milliseconds.
    pub cache_forget_after: Sourced<i64>,
    /// `[exec] shell`: what ECS Exec opens.
    pub exec_shell: Sourced<String>,
    /// `[metrics]`: read CloudWatch metrics, every `interval` (ms), at most `max_per_minute` a minute.
    pub metrics_enabled: Sourced<bool>,
    pub metrics_interval: Sourced<i64>,
    pub metrics_max_per_minute: Sourced<u32>,
    pub no_color: Sourced<bool>,
    file: Option<ConfigFile>,
    /// The default location looked at, when no file was named.
    default_config: Option<PathBuf>,
    /// Every theme the file or flags name, loaded up front so that switching profile cannot fail.
    themes: BTreeMap<String, Theme>,
}

impl Effective {
    /// Resolve the settings from the command line, the environment and the settings file.
    pub fn load(flags: &Flags, env: &Env) -> Result<Effective, SettingsError> {
        let config_file = config_path(flags, env);
        let file = match &config_file.value {
            Some(path) if path.exists() => Some(ConfigFile::read(path)?),
            Some(path) if config_file.source != Source::Default => {
                return Err(SettingsError::MissingConfig {
                    file: path.clone(),
                    given_by: config_file.source.to_string(),
                })
            }
            _ => None,
        };
        let at = |v: &Option<At<String>>| v.as_ref().map(|a| from_file(file.as_ref(), a));
        let profile = if flags.demo {
            Sourced::new(SANDBOX_PROFILE.to_string(), Source::Flag("--demo"))
        } else {
            first([
                flag(&flags.profile, "--profile"),
                env.get("AWS_PROFILE"),
                file.as_ref().and_then(|f| at(&f.profile)),
            ])
            .unwrap_or_else(|| Sourced::default("default".into()))
        };
        let region = if flags.demo {
            Some(Sourced::new(
                SANDBOX_REGION.to_string(),
                Source::Flag("--demo"),
            ))
        } else {
            first([
                flag(&flags.region, "--region"),
                env.get("AWS_REGION"),
                env.get("AWS_DEFAULT_REGION"),
                file.as_ref().and_then(|f| at(&f.region)),
            ])
        };
        let region = match region {
            Some(r) => Sourced::new(Some(r.value), r.source),
            None => Sourced::default(None),
        };
        let keymap = match first([
            flag(&flags.keymap, "--keymap"),
            file.as_ref().and_then(|f| at(&f.keymap)),
        ]) {
            Some(k) => Sourced::new(Some(k.value), k.source),
            None => Sourced::default(None),
        };
        let no_color = match env.get("NO_COLOR") {
            Some(v) => Sourced::new(true, v.source),
            None => Sourced::default(false),
        };
        let refresh = |pick: fn(&ConfigFile) -> &Option<At<i64>>, default: i64| {
            file.as_ref()
                .and_then(|f| pick(f).as_ref().map(|a| from_file(Some(f), a)))
                .unwrap_or_else(|| Sourced::default(default))
        };
        let defaults = RefreshPolicy::default();
        let mut effective = Effective {
            config_file: Sourced::new(
                file.as_ref().map(|f| f.path.clone()),
                config_file.source.clone(),
            ),
            theme: Sourced::default(String::new()),
            accent: Sourced::default(None),
            read_only: Sourced::default(false),
            mouse: file
                .as_ref()
                .and_then(|f| f.mouse.as_ref().map(|a| from_file(Some(f), a)))
                .unwrap_or_else(|| Sourced::default(true)),
            refresh_lists: refresh(|f| &f.refresh_lists, defaults.list_ms),
            refresh_detail: refresh(|f| &f.refresh_detail, defaults.detail_ms),
            refresh_deploying: refresh(|f| &f.refresh_deploying, defaults.deploying_ms),
            refresh_listing: refresh(|f| &f.refresh_listing, defaults.listing_ms),
            refresh_background: refresh(|f| &f.refresh_background, defaults.background_ms),
            refresh_quiet: refresh(|f| &f.refresh_quiet, defaults.quiet_after_ms),
            budget_share: file
                .as_ref()
                .and_then(|f| f.budget_share.as_ref().map(|a| from_file(Some(f), a)))
                .unwrap_or_else(|| Sourced::default(defaults.share)),
            cache_forget_after: file
                .as_ref()
                .and_then(|f| f.cache_forget_after.as_ref().map(|a| from_file(Some(f), a)))
                .unwrap_or_else(|| Sourced::default(defaults.forget_after_ms)),
            exec_shell: file
                .as_ref()
                .and_then(|f| f.exec_shell.as_ref().map(|a| from_file(Some(f), a)))
                .unwrap_or_else(|| Sourced::default(DEFAULT_SHELL.to_string())),
            metrics_enabled: file
                .as_ref()
                .and_then(|f| f.metrics_enabled.as_ref().map(|a| from_file(Some(f), a)))
                .unwrap_or_else(|| Sourced::default(defaults.metrics.enabled)),
            metrics_interval: file
                .as_ref()
                .and_then(|f| f.metrics_interval.as_ref().map(|a| from_file(Some(f), a)))
                .unwrap_or_else(|| Sourced::default(defaults.metrics.interval_ms)),
            metrics_max_per_minute: file
                .as_ref()
                .and_then(|f| {
                    f.metrics_max_per_minute
                        .as_ref()
                        .map(|a| from_file(Some(f), a))
                })
                .unwrap_or_else(|| Sourced::default(defaults.metrics.max_per_minute)),
            profile,
            region,
            keymap,
            no_color,
            file,
            default_config: env.default_config.clone(),
            themes: BTreeMap::new(),
        };
        effective.themes = effective.load_themes(flags)?;
        let active = effective.profile.value.clone();
        effective.theme = effective.theme_choice(flags, &active);
        effective.accent = effective.accent_for(&active);
        effective.read_only = effective.read_only_choice(flags, &active);
        Ok(effective)
    }

    /// The theme to draw with for the active profile.
    pub fn theme(&self) -> Theme {
        self.theme_for_profile(&self.profile.value)
    }

    /// The theme for `profile`: `--theme`, else the profile's section, else the file's `theme`, else the
    /// default; with the profile's accent. Monochrome when `NO_COLOR` is set. Never fails: every theme the
    /// settings name was loaded by [`Effective::load`].
    pub fn theme_for_profile(&self, profile: &str) -> Theme {
        if self.no_color.value {
            return Theme::monochrome();
        }
        let choice = self.theme_choice_named(profile);
        let theme = self.themes.get(&choice.value).copied().unwrap_or_default();
        match self.accent_for(profile).value {
            Some(color) => theme.with_accent(color),
            None => theme,
        }
    }

    /// Whether `profile` is read-only: `--read-only`, else its section, else the file's `read_only`.
    pub fn read_only_for_profile(&self, profile: &str) -> bool {
        self.read_only.source == Source::Flag("--read-only")
            || self.read_only_choice_named(profile).value
    }

    /// The refresh intervals, in milliseconds, the budget's share and how long the cache keeps what is
    /// not needed.
    pub fn refresh(&self) -> RefreshPolicy {
        RefreshPolicy {
            list_ms: self.refresh_lists.value,
            detail_ms: self.refresh_detail.value,
            deploying_ms: self.refresh_deploying.value,
            listing_ms: self.refresh_listing.value,
            background_ms: self.refresh_background.value,
            quiet_after_ms: self.refresh_quiet.value,
            share: self.budget_share.value,
            forget_after_ms: self.cache_forget_after.value,
            metrics: crate::config::refresh::MetricsPolicy {
                enabled: self.metrics_enabled.value,
                interval_ms: self.metrics_interval.value,
                max_per_minute: self.metrics_max_per_minute.value,
            },
        }
    }

    /// Whether the active profile is read-only.
    pub fn read_only(&self) -> bool {
        self.read_only.value
    }

    pub fn mouse(&self) -> bool {
        self.mouse.value
    }

    /// The keymap's name or path as given (`--keymap` or the file), for the keymap loader.
    pub fn keymap(&self) -> Option<String> {
        self.keymap.value.clone()
    }

    /// The AWS profiles the settings file has a `[profiles.NAME]` section for, sorted.
    pub fn profile_names(&self) -> Vec<String> {
        self.file
            .as_ref()
            .map(|f| f.profiles.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn read_only_choice(&self, flags: &Flags, profile: &str) -> Sourced<bool> {
        if flags.read_only {
            Sourced::new(true, Source::Flag("--read-only"))
        } else {
            self.read_only_choice_named(profile)
        }
    }

    fn read_only_choice_named(&self, profile: &str) -> Sourced<bool> {
        self.section_or_top(profile, |s| s.read_only.as_ref(), |f| f.read_only.as_ref())
            .unwrap_or_else(|| Sourced::default(false))
    }

    /// The value from `[profiles.<profile>]`, else from the file's top level.
    fn section_or_top<T: Clone>(
        &self,
        profile: &str,
        in_section: impl Fn(&super::file::ProfileSection) -> Option<&At<T>>,
        at_top: impl Fn(&ConfigFile) -> Option<&At<T>>,
    ) -> Option<Sourced<T>> {
        let file = self.file.as_ref()?;
        if let Some(at) = file.profiles.get(profile).and_then(in_section) {
            return Some(Sourced::new(
                at.value.clone(),
                Source::Profile {
                    profile: profile.to_string(),
                    path: file.path.clone(),
                    line: at.line,
                },
            ));
        }
        at_top(file).map(|at| from_file(Some(file), at))
    }
}

fn first<const N: usize>(candidates: [Option<Sourced<String>>; N]) -> Option<Sourced<String>> {
    candidates.into_iter().flatten().next()
}

fn flag(value: &Option<String>, name: &'static str) -> Option<Sourced<String>> {
    value.clone().map(|v| Sourced::new(v, Source::Flag(name)))
}

fn from_file<T: Clone>(file: Option<&ConfigFile>, at: &At<T>) -> Sourced<T> {
    let source = match file {
        Some(f) => Source::File {
            path: f.path.clone(),
            line: at.line,
        },
        None => Source::Default,
    };
    Sourced::new(at.value.clone(), source)
}

fn config_path(flags: &Flags, env: &Env) -> Sourced<Option<PathBuf>> {
    if let Some(path) = &flags.config {
        return Sourced::new(Some(path.clone()), Source::Flag("--config"));
    }
    if let Some(path) = env.get("WHARF_CONFIG") {
        return Sourced::new(Some(PathBuf::from(path.value)), path.source);
    }
    Sourced::default(env.default_config.clone())
}
