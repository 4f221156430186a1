//! The settings file as written: every value with the line it came from, checked key by key so that a typo
//! or a bad value is reported with its line and what would be right.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;
use toml::Spanned;

use super::settings::SettingsError;
use super::toml_doc::{self, did_you_mean, line_of, Table, Value};

mod metrics;
use crate::config::theme::{Theme, ThemeProblem};

/// A value and the 1-based line it was written on.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub line: usize,
}

/// Everything a settings file may say; all optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub profile: Option<At<String>>,
    pub region: Option<At<String>>,
    /// A shipped theme's name, or a path made absolute against the file's folder.
    pub theme: Option<At<String>>,
    pub accent: Option<At<Color>>,
    pub keymap: Option<At<String>>,
    pub read_only: Option<At<bool>>,
    pub mouse: Option<At<bool>>,
    /// Refresh intervals in milliseconds.
    pub refresh_lists: Option<At<i64>>,
    pub refresh_detail: Option<At<i64>>,
    pub refresh_deploying: Option<At<i64>>,
    pub refresh_listing: Option<At<i64>>,
    pub refresh_background: Option<At<i64>>,
    pub refresh_quiet: Option<At<i64>>,
    /// `[budget] share`: the fraction of AWS's rates polling keeps to.
    pub budget_share: Option<At<f64>>,
    /// `[cache] forget_after`, in milliseconds: what no screen has needed for this long is dropped.
    pub cache_forget_after: Option<At<i64>>,
    /// `[exec] shell`: the shell ECS Exec opens (an absolute path).
    pub exec_shell: Option<At<String>>,
    /// `[metrics] enabled`, `interval` (in milliseconds) and `max_per_minute`.
    pub metrics_enabled: Option<At<bool>>,
    pub metrics_interval: Option<At<i64>>,
    pub metrics_max_per_minute: Option<At<u32>>,
    pub profiles: BTreeMap<String, ProfileSection>,
}

/// `[profiles.NAME]`: what changes when that AWS profile is in use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileSection {
    pub line: usize,
    pub theme: Option<At<String>>,
    pub accent: Option<At<Color>>,
    pub read_only: Option<At<bool>>,
}

const TOP_KEYS: [&str; 13] = [
    "profile",
    "region",
    "theme",
    "accent",
    "keymap",
    "read_only",
    "mouse",
    "refresh",
    "budget",
    "cache",
    "exec",
    "metrics",
    "profiles",
];
const REFRESH_KEYS: [&str; 6] = [
    "lists",
    "detail",
    "deploying",
    "listing",
    "background",
    "quiet",
];
const BUDGET_KEYS: [&str; 1] = ["share"];
const CACHE_KEYS: [&str; 1] = ["forget_after"];
const EXEC_KEYS: [&str; 1] = ["shell"];
const PROFILE_KEYS: [&str; 3] = ["theme", "accent", "read_only"];
const MAX_REFRESH_SECONDS: f64 = 3600.0;
/// `forget_after`: at least this (shorter only makes wharf read again what it has just read)...
const MIN_FORGET_SECONDS: f64 = 10.0;
/// ... and at most a day.
const MAX_FORGET_SECONDS: f64 = 86_400.0;

impl ConfigFile {
    /// Read and check the file at `path`.
    pub fn read(path: &Path) -> Result<ConfigFile, SettingsError> {
        let text = std::fs::read_to_string(path).map_err(|e| SettingsError::InFile {
            file: path.to_path_buf(),
            line: None,
            message: format!("cannot read the config file: {e}"),
        })?;
        ConfigFile::parse(&text, path)
    }

    /// Check `text`, the contents of the file at `path`.
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, SettingsError> {
        let checker = Checker { text, path };
        let table = toml_doc::parse(text).map_err(|e| SettingsError::InFile {
            file: path.to_path_buf(),
            line: e.line,
            message: format!(
                "not valid TOML: {}; see the example in wharf's README",
                e.message
            ),
        })?;
        let mut file = ConfigFile {
            path: path.to_path_buf(),
            ..ConfigFile::default()
        };
        for (key, value) in &table {
            let name = key.get_ref().as_str();
            match name {
                "profile" => file.profile = Some(checker.string(name, value, "\"prod\"")?),
                "region" => file.region = Some(checker.string(name, value, "\"eu-west-1\"")?),
                "theme" => file.theme = Some(checker.theme(name, value)?),
                "accent" => file.accent = Some(checker.color(name, value)?),
                "keymap" => file.keymap = Some(checker.string(name, value, "\"k9s\"")?),
                "read_only" => file.read_only = Some(checker.boolean(name, value)?),
                "mouse" => file.mouse = Some(checker.boolean(name, value)?),
                "refresh" => {
                    for (key, value) in checker.table(name, value, "[refresh]")? {
                        let inner = key.get_ref().as_str();
                        let full = format!("refresh.{inner}");
                        let slot = match inner {
                            "lists" => &mut file.refresh_lists,
                            "detail" => &mut file.refresh_detail,
                            "deploying" => &mut file.refresh_deploying,
                            "listing" => &mut file.refresh_listing,
                            "background" => &mut file.refresh_background,
                            "quiet" => &mut file.refresh_quiet,
                            _ => return Err(checker.unknown_key(key, &REFRESH_KEYS, "[refresh]")),
                        };
                        *slot = Some(checker.seconds(&full, value)?);
                    }
                }
                "budget" => {
                    for (key, value) in checker.table(name, value, "[budget]")? {
                        match key.get_ref().as_str() {
                            "share" => file.budget_share = Some(checker.share(value)?),
                            _ => return Err(checker.unknown_key(key, &BUDGET_KEYS, "[budget]")),
                        }
                    }
                }
                "cache" => {
                    for (key, value) in checker.table(name, value, "[cache]")? {
                        match key.get_ref().as_str() {
                            "forget_after" => {
                                file.cache_forget_after = Some(checker.forget_after(value)?)
                            }
                            _ => return Err(checker.unknown_key(key, &CACHE_KEYS, "[cache]")),
                        }
                    }
                }
                "exec" => {
                    for (key, value) in checker.table(name, value, "[exec]")? {
                        match key.get_ref().as_str() {
                            "shell" => file.exec_shell = Some(checker.shell(value)?),
                            _ => return Err(checker.unknown_key(key, &EXEC_KEYS, "[exec]")),
                        }
                    }
                }
                "metrics" => checker.metrics(value, &mut file)?,
                "profiles" => {
                    for (profile, section) in checker.table(name, value, "[profiles.NAME]")? {
                        let profile = profile.get_ref().clone();
                        let header = format!("[profiles.{profile}]");
                        let mut parsed = ProfileSection {
                            line: line_of(text, section.span().start),
                            ..ProfileSection::default()
                        };
                        for (key, value) in checker.table(&header, section, &header)? {
                            let full = format!("profiles.{profile}.{}", key.get_ref());
                            match key.get_ref().as_str() {
                                "theme" => parsed.theme = Some(checker.theme(&full, value)?),
                                "accent" => parsed.accent = Some(checker.color(&full, value)?),
                                "read_only" => {
                                    parsed.read_only = Some(checker.boolean(&full, value)?)
                                }
                                _ => return Err(checker.unknown_key(key, &PROFILE_KEYS, &header)),
                            }
                        }
                        file.profiles.insert(profile, parsed);
                    }
                }
                _ => return Err(checker.unknown_key(key, &TOP_KEYS, "the top level")),
            }
        }
        Ok(file)
    }
}

/// A number, written whole or with a fraction.
fn number(value: &Spanned<Value>) -> Option<f64> {
    match value.get_ref() {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(x) => Some(*x),
        _ => None,
    }
}

struct Checker<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Checker<'_> {
    fn error(&self, offset: usize, message: String) -> SettingsError {
        SettingsError::InFile {
            file: self.path.to_path_buf(),
            line: Some(line_of(self.text, offset)),
            message,
        }
    }

    fn at<T>(&self, value: T, spanned: &Spanned<Value>) -> At<T> {
        At {
            value,
            line: line_of(self.text, spanned.span().start),
        }
    }

    fn unknown_key(&self, key: &Spanned<String>, allowed: &[&str], place: &str) -> SettingsError {
        self.error(
            key.span().start,
            format!(
                "unknown key `{}` in {place}{}",
                key.get_ref(),
                did_you_mean(key.get_ref(), allowed)
            ),
        )
    }

    fn string(
        &self,
        key: &str,
        value: &Spanned<Value>,
        example: &str,
    ) -> Result<At<String>, SettingsError> {
        match value.get_ref() {
            Value::String(s) if !s.trim().is_empty() => Ok(self.at(s.clone(), value)),
            other => Err(self.error(
                value.span().start,
                format!("`{key}` = {other} is not allowed; write a name in quotes, e.g. {key} = {example}"),
            )),
        }
    }

    fn boolean(&self, key: &str, value: &Spanned<Value>) -> Result<At<bool>, SettingsError> {
        match value.get_ref() {
            Value::Boolean(b) => Ok(self.at(*b, value)),
            other => Err(self.error(
                value.span().start,
                format!("`{key}` = {other} is not allowed; write {key} = true or {key} = false"),
            )),
        }
    }

    /// `share`: a fraction of AWS's rates, more than 0 and at most 1.
    fn share(&self, value: &Spanned<Value>) -> Result<At<f64>, SettingsError> {
        match number(value) {
            Some(s) if s > 0.0 && s <= 1.0 => Ok(self.at(s, value)),
            _ => Err(self.error(
                value.span().start,
                format!(
                    "`budget.share` = {} is not allowed; it is the fraction of AWS's request rates polling \
                     may use, more than 0 and at most 1, e.g. share = 0.25",
                    value.get_ref()
                ),
            )),
        }
    }

    fn seconds(&self, key: &str, value: &Spanned<Value>) -> Result<At<i64>, SettingsError> {
        match number(value) {
            Some(s) if s > 0.0 && s <= MAX_REFRESH_SECONDS => {
                Ok(self.at((s * 1000.0).round().max(1.0) as i64, value))
            }
            _ => Err(self.error(
                value.span().start,
                format!(
                    "`{key}` = {} is not allowed; refresh intervals are seconds, a number greater than 0 \
                     and at most {MAX_REFRESH_SECONDS}, e.g. {} = 10",
                    value.get_ref(),
                    key.trim_start_matches("refresh.")
                ),
            )),
        }
    }

    /// `forget_after`: seconds, from `MIN_FORGET_SECONDS` to `MAX_FORGET_SECONDS`.
    /// An absolute path of plain characters: it is sent as the command of ECS Exec, inside a `sh -c` line.
    fn shell(&self, value: &Spanned<Value>) -> Result<At<String>, SettingsError> {
        let plain = |s: &str| {
            s.starts_with('/')
                && s.len() > 1
                && (s.chars()).all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
        };
        match value.get_ref() {
            Value::String(s) if plain(s) => Ok(self.at(s.clone(), value)),
            other => Err(self.error(
                value.span().start,
                format!(
                    "`exec.shell` = {other} is not allowed; it is the absolute path of the shell ECS Exec \
                     opens (letters, digits, / . _ -), e.g. shell = \"/bin/bash\"; wharf falls back to \
                     /bin/sh where the image has no such shell"
                ),
            )),
        }
    }

    fn forget_after(&self, value: &Spanned<Value>) -> Result<At<i64>, SettingsError> {
        match number(value) {
            Some(s) if (MIN_FORGET_SECONDS..=MAX_FORGET_SECONDS).contains(&s) => {
                Ok(self.at((s * 1000.0).round() as i64, value))
            }
            _ => Err(self.error(
                value.span().start,
                format!(
                    "`cache.forget_after` = {} is not allowed; it is how many seconds wharf keeps what no \
                     screen needs, a number from {MIN_FORGET_SECONDS} to {MAX_FORGET_SECONDS} (a day), \
                     e.g. forget_after = 600",
                    value.get_ref()
                ),
            )),
        }
    }

    fn color(&self, key: &str, value: &Spanned<Value>) -> Result<At<Color>, SettingsError> {
        let parsed = match value.get_ref() {
            Value::String(s) => Color::from_str(s).ok(),
            _ => None,
        };
        match parsed {
            Some(color) => Ok(self.at(color, value)),
            None => Err(self.error(
                value.span().start,
                format!(
                    "`{key}` = {} is not a colour; use a name like \"red\", an index like \"196\" \
                     or \"#rrggbb\"",
                    value.get_ref()
                ),
            )),
        }
    }

    /// A shipped theme's name as is; a path relative to this file's folder.
    fn theme(&self, key: &str, value: &Spanned<Value>) -> Result<At<String>, SettingsError> {
        let mut at = self.string(key, value, "\"high-contrast\"")?;
        let path = Path::new(&at.value);
        let bare_name = path.components().count() == 1 && path.extension().is_none();
        if Theme::shipped(&at.value).is_none() && bare_name {
            let problem = ThemeProblem::Unknown {
                name: at.value.clone(),
            };
            return Err(self.error(value.span().start, format!("`{key}`: {problem}")));
        }
        if Theme::shipped(&at.value).is_none() && path.is_relative() {
            if let Some(dir) = self.path.parent() {
                at.value = dir.join(&at.value).display().to_string();
            }
        }
        Ok(at)
    }

    fn table<'v>(
        &self,
        key: &str,
        value: &'v Spanned<Value>,
        example: &str,
    ) -> Result<&'v Table, SettingsError> {
        match value.get_ref() {
            Value::Table(t) => Ok(t),
            other => Err(self.error(
                value.span().start,
                format!(
                    "`{key}` = {other} is not allowed; `{key}` is a section, written {example}"
                ),
            )),
        }
    }
}
