//! Where a revision's JSON holds values that may be secret, and those values hidden (by [`super::secrets`]):
//! environment values by their variable's name and shape; log driver and FireLens options, Docker labels and
//! volume driver options by their key; the arguments of `command`, `entryPoint` and a health check by shape,
//! and whole after a flag whose name is secret (`--db-password hunter2`: see [`super::secrets::hide_args`]).
//! `secrets` and `secretOptions` are not hidden: their `valueFrom` is a reference (an ARN or a parameter
//! name) to a value ECS reads from Secrets Manager or SSM, never the value.

use serde_json::Value;

use super::secrets::{hide, hide_args, Hidden, SecretReason};
use super::{register_json, TaskDefinition};

/// Maps whose keys name their values (`"options": {"splunk-token": …}`), and `environment`, whose
/// variables do.
const NAMED: [&str; 4] = ["environment", "options", "dockerLabels", "driverOpts"];
/// Arrays of arguments: each string is hidden by its shape, or whole after a flag with a secret name.
const ARGS: [&str; 2] = ["command", "entryPoint"];

/// What was hidden in a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// Why the first hidden value was hidden.
    pub reason: SecretReason,
    /// How many values were hidden.
    pub count: usize,
}

/// The revision in the shape RegisterTaskDefinition takes, each secret value in it replaced by what may be
/// shown and why (`•••••• (hidden: name contains PASS)`), and how many were hidden. With `reveal`, the values
/// are left as they are (the count still says how many would be hidden).
pub fn shown_json(td: &TaskDefinition, reveal: bool) -> (Value, usize) {
    let json = register_json(td);
    let mut masked = json.clone();
    let count = hide_in("", "", &mut masked, true).map_or(0, |f| f.count);
    (if reveal { json } else { masked }, count)
}

/// Hides, in place, the secrets of `v`, found at `field` of an object at `parent` (`""` at the top):
/// masked only, or masked and `labelled` with why.
pub(crate) fn hide_in(parent: &str, field: &str, v: &mut Value, labelled: bool) -> Option<Found> {
    let put = |s: &mut String, h: Hidden| {
        *s = if labelled {
            h.labelled()
        } else {
            h.text.clone()
        };
        Some(Found {
            reason: h.reason,
            count: 1,
        })
    };
    match v {
        Value::String(s) => {
            let name = if NAMED.contains(&parent) {
                field
            } else if ARGS.contains(&field) {
                ""
            } else {
                return None;
            };
            let hidden = hide(name, s)?;
            put(s, hidden)
        }
        // One variable of `environment`: `{"name": …, "value": …}`.
        Value::Object(m) if field == "environment" => {
            let name = m
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let Some(Value::String(s)) = m.get_mut("value") else {
                return None;
            };
            let hidden = hide(&name, s)?;
            put(s, hidden)
        }
        Value::Object(m) => all(
            m.iter_mut().map(|(k, child)| (field, k.as_str(), child)),
            labelled,
        ),
        // Arguments are read in order: a flag says what the next one is.
        Value::Array(items) if ARGS.contains(&field) => {
            let hidden = hide_args(items.iter().map(|item| item.as_str().unwrap_or("")));
            summed(
                items
                    .iter_mut()
                    .zip(hidden)
                    .map(|(item, hidden)| match (item, hidden) {
                        (Value::String(s), Some(h)) => put(s, h),
                        _ => None,
                    }),
            )
        }
        // The elements of an array are where the array is.
        Value::Array(items) => all(items.iter_mut().map(|item| (parent, field, item)), labelled),
        _ => None,
    }
}

/// What was hidden in each of `values`, summed up: the first reason, every count.
fn all<'v>(
    values: impl Iterator<Item = (&'v str, &'v str, &'v mut Value)>,
    labelled: bool,
) -> Option<Found> {
    summed(values.map(|(parent, field, v)| hide_in(parent, field, v, labelled)))
}

/// What was hidden in each of several values, summed up: the first reason, every count.
fn summed(found: impl Iterator<Item = Option<Found>>) -> Option<Found> {
    found.flatten().reduce(|first, next| Found {
        count: first.count + next.count,
        ..first
    })
}

#[cfg(test)]
#[path = "task_definition_secrets_tests.rs"]
mod tests;
