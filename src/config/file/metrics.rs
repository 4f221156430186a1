//! `[metrics]`: whether wharf reads CloudWatch metrics, how often, and how many a minute at most.

use super::{number, At, Checker, ConfigFile, SettingsError, Spanned, Value};

const METRICS_KEYS: [&str; 3] = ["enabled", "interval", "max_per_minute"];
/// CloudWatch keeps a point a minute: reading more often only pays for the same point again.
const MIN_INTERVAL_SECONDS: f64 = 60.0;
const MAX_INTERVAL_SECONDS: f64 = 3600.0;
/// A million metrics a minute is $10 a minute: past any sane budget, and a sign of a typo.
const MAX_PER_MINUTE: f64 = 1_000_000.0;

impl Checker<'_> {
    pub(super) fn metrics(
        &self,
        value: &Spanned<Value>,
        file: &mut ConfigFile,
    ) -> Result<(), SettingsError> {
        for (key, value) in self.table("metrics", value, "[metrics]")? {
            match key.get_ref().as_str() {
                "enabled" => file.metrics_enabled = Some(self.boolean("metrics.enabled", value)?),
                "interval" => file.metrics_interval = Some(self.metrics_interval(value)?),
                "max_per_minute" => file.metrics_max_per_minute = Some(self.per_minute(value)?),
                _ => return Err(self.unknown_key(key, &METRICS_KEYS, "[metrics]")),
            }
        }
        Ok(())
    }

    fn metrics_interval(&self, value: &Spanned<Value>) -> Result<At<i64>, SettingsError> {
        match number(value) {
            Some(s) if (MIN_INTERVAL_SECONDS..=MAX_INTERVAL_SECONDS).contains(&s) => {
                Ok(self.at((s * 1000.0).round() as i64, value))
            }
            _ => Err(self.error(
                value.span().start,
                format!(
                    "`metrics.interval` = {} is not allowed; it is seconds between two reads of the same \
                     metrics, from {MIN_INTERVAL_SECONDS} (CloudWatch has a point a minute) to \
                     {MAX_INTERVAL_SECONDS}, e.g. interval = 60",
                    value.get_ref()
                ),
            )),
        }
    }

    fn per_minute(&self, value: &Spanned<Value>) -> Result<At<u32>, SettingsError> {
        match value.get_ref() {
            // Two at least: one row's CPU and memory (`enabled = false` is how to ask for none).
            Value::Integer(n) if *n >= 2 && (*n as f64) <= MAX_PER_MINUTE => {
                Ok(self.at(*n as u32, value))
            }
            other => Err(self.error(
                value.span().start,
                format!(
                    "`metrics.max_per_minute` = {other} is not allowed; it is how many metrics wharf may \
                     ask CloudWatch for in a minute (each is billed, about $0.01 per 1,000), a whole \
                     number from 2 to {MAX_PER_MINUTE}, e.g. max_per_minute = 200 (enabled = false asks \
                     for none)"
                ),
            )),
        }
    }
}
