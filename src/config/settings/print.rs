//! `--print-config`: every setting with where it came from.

use super::*;

impl Effective {
    /// The `--print-config` text: one `key = value   # source` line per setting.
    pub fn print(&self) -> String {
        let quoted = |s: &str| format!("{s:?}");
        let optional = |v: &Option<String>| match v {
            Some(s) => quoted(s),
            None => "<unset>".into(),
        };
        let seconds = |ms: i64| {
            if ms % 1000 == 0 {
                (ms / 1000).to_string()
            } else {
                format!("{}", ms as f64 / 1000.0)
            }
        };
        let config_source = match (&self.config_file.value, &self.config_file.source) {
            (None, Source::Default) => match &self.default_config {
                Some(p) => format!("none at {}; built-in defaults apply", p.display()),
                None => "no config folder on this system; built-in defaults apply".into(),
            },
            (Some(_), Source::Default) => "default location".into(),
            (_, source) => source.to_string(),
        };
        let config_value = match &self.config_file.value {
            Some(p) => quoted(&p.display().to_string()),
            None => "<none>".into(),
        };
        let rows: Vec<(String, String, String)> = vec![
            ("config".into(), config_value, config_source),
            row("profile", quoted(&self.profile.value), &self.profile),
            (
                "region".into(),
                optional(&self.region.value),
                self.region.source.to_string(),
            ),
            row("theme", quoted(&self.theme.value), &self.theme),
            (
                "accent".into(),
                self.accent
                    .value
                    .map(|c| quoted(&c.to_string().to_lowercase()))
                    .unwrap_or_else(|| "<unset>".into()),
                self.accent.source.to_string(),
            ),
            (
                "keymap".into(),
                optional(&self.keymap.value),
                self.keymap.source.to_string(),
            ),
            row(
                "read_only",
                self.read_only.value.to_string(),
                &self.read_only,
            ),
            row("mouse", self.mouse.value.to_string(), &self.mouse),
            row(
                "refresh.lists",
                seconds(self.refresh_lists.value),
                &self.refresh_lists,
            ),
            row(
                "refresh.detail",
                seconds(self.refresh_detail.value),
                &self.refresh_detail,
            ),
            row(
                "refresh.deploying",
                seconds(self.refresh_deploying.value),
                &self.refresh_deploying,
            ),
            row(
                "refresh.listing",
                seconds(self.refresh_listing.value),
                &self.refresh_listing,
            ),
            row(
                "refresh.background",
                seconds(self.refresh_background.value),
                &self.refresh_background,
            ),
            row(
                "refresh.quiet",
                seconds(self.refresh_quiet.value),
                &self.refresh_quiet,
            ),
            row(
                "budget.share",
                self.budget_share.value.to_string(),
                &self.budget_share,
            ),
            row(
                "cache.forget_after",
                seconds(self.cache_forget_after.value),
                &self.cache_forget_after,
            ),
            row(
                "exec.shell",
                self.exec_shell.value.clone(),
                &self.exec_shell,
            ),
            row(
                "metrics.enabled",
                self.metrics_enabled.value.to_string(),
                &self.metrics_enabled,
            ),
            row(
                "metrics.interval",
                seconds(self.metrics_interval.value),
                &self.metrics_interval,
            ),
            row(
                "metrics.max_per_minute",
                self.metrics_max_per_minute.value.to_string(),
                &self.metrics_max_per_minute,
            ),
            row("no_color", self.no_color.value.to_string(), &self.no_color),
            (
                "profiles".into(),
                format!("{:?}", self.profile_names()),
                self.config_file
                    .value
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "no config file".into()),
            ),
        ];
        let width = rows
            .iter()
            .map(|(k, v, _)| k.len() + v.len() + 3)
            .max()
            .unwrap_or(0);
        rows.iter()
            .map(|(k, v, source)| {
                let setting = format!("{k} = {v}");
                format!("{setting:<width$}   # {source}\n")
            })
            .collect()
    }
}

fn row<T>(key: &str, value: String, sourced: &Sourced<T>) -> (String, String, String) {
    (key.into(), value, sourced.source.to_string())
}
