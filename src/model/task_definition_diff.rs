//! What differs between two revisions, field by field, computed over their [`register_json`] so that every
//! field the JSON carries is compared. Arrays of named things are matched by name (containers, volumes,
//! ulimits), port (port mappings), path (mount points) or value (environment files), never by position;
//! environment variables and secrets are compared as maps from name to value. A secret value (see
//! [`super::secrets`]) is compared as it is but never handed out: a change to one carries neither side,
//! only that it changed and why it is hidden.

use serde_json::{Map, Value};

use super::task_definition_secrets::hide_in;
use super::{register_json, SecretReason, TaskDefinition};

/// One field that differs: `before` is `None` when it was added, `after` when it was removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// `cpu`, `containers[web].image`, `containers[web].environment.DB_HOST`,
    /// `containers[web].portMappings[8080/tcp].hostPort`, `volumes[data]`, ...
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// An environment variable's value.
    pub sensitive: bool,
    /// Why the value (on either side) is secret, for any reason. `before` and `after` are then `••••••`
    /// (where there is a side), whatever the two values are: a change shows as changed and nothing more.
    /// Not even a URL's host is shown around its masked password: the masking of one side could miss
    /// what the other side's caught, and a part shown next to a part hidden tells what changed.
    pub secret: Option<SecretReason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl FieldChange {
    pub fn kind(&self) -> ChangeKind {
        match (&self.before, &self.after) {
            (None, _) => ChangeKind::Added,
            (_, None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        }
    }
}

/// Every field that differs from `a` (the older revision, usually) to `b`: task-level fields first, then
/// the containers in `b`'s order, each in the order of the JSON; what is only in `a` comes after what it
/// followed there.
pub fn diff(a: &TaskDefinition, b: &TaskDefinition) -> Vec<FieldChange> {
    let (a, b) = (register_json(a), register_json(b));
    let mut out = Vec::new();
    let (empty_a, empty_b) = (Map::new(), Map::new());
    let a = a.as_object().unwrap_or(&empty_a);
    let b = b.as_object().unwrap_or(&empty_b);
    for key in keys(a, b).into_iter().filter(|k| *k != CONTAINERS) {
        walk("", key, key, a.get(key), b.get(key), &mut out);
    }
    walk(
        "",
        CONTAINERS,
        "containers",
        a.get(CONTAINERS),
        b.get(CONTAINERS),
        &mut out,
    );
    out
}

const CONTAINERS: &str = "containerDefinitions";

/// How the elements of an array field are told apart.
enum Shape {
    /// By this key, shown as `field[key]`.
    Keyed(fn(&Value) -> Option<String>),
    /// As a map from name to the value of `value_field`, shown as `field.NAME`.
    Map { value_field: &'static str },
    /// As one value.
    Whole,
}

fn shape(field: &str) -> Shape {
    match field {
        CONTAINERS | "volumes" | "ulimits" => Shape::Keyed(|v| v.get("name").map(text)),
        "mountPoints" => Shape::Keyed(|v| v.get("containerPath").map(text)),
        "dependsOn" => Shape::Keyed(|v| v.get("containerName").map(text)),
        "environmentFiles" => Shape::Keyed(|v| v.get("value").map(text)),
        "portMappings" => Shape::Keyed(|v| {
            let port = v.get("containerPort").map(text)?;
            let protocol = v.get("protocol").map_or("tcp".into(), text);
            Some(format!("{port}/{protocol}"))
        }),
        "environment" => Shape::Map {
            value_field: "value",
        },
        "secrets" | "secretOptions" => Shape::Map {
            value_field: "valueFrom",
        },
        _ => Shape::Whole,
    }
}

/// The changes from `a` to `b`, found at `field` of an object at `parent`.
fn walk(
    parent: &str,
    field: &str,
    path: &str,
    a: Option<&Value>,
    b: Option<&Value>,
    out: &mut Vec<FieldChange>,
) {
    if a == b {
        return;
    }
    match (a, b) {
        (Some(Value::Object(_)) | None, Some(Value::Object(_)) | None) => {
            let empty = Map::new();
            let (a, b) = (object(a, &empty), object(b, &empty));
            for key in keys(a, b) {
                let path = format!("{path}.{key}");
                walk(field, key, &path, a.get(key), b.get(key), out);
            }
        }
        (Some(Value::Array(_)) | None, Some(Value::Array(_)) | None) => {
            walk_array(parent, field, path, a, b, out)
        }
        _ => out.push(change(path, (parent, field), a, b, false)),
    }
}

fn walk_array(
    parent: &str,
    field: &str,
    path: &str,
    a: Option<&Value>,
    b: Option<&Value>,
    out: &mut Vec<FieldChange>,
) {
    let items = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    let (a_items, b_items) = (items(a), items(b));
    match shape(field) {
        Shape::Map { value_field } => {
            let name = |v: &Value| v.get("name").map(text);
            let (Some(a), Some(b)) = (keyed(&a_items, name), keyed(&b_items, name)) else {
                return out.push(change(path, (parent, field), a, b, false));
            };
            let sensitive = field == "environment";
            for name in names(&a, &b) {
                let before = lookup(&a, &name).and_then(|v| v.get(value_field));
                let after = lookup(&b, &name).and_then(|v| v.get(value_field));
                if before != after {
                    let path = format!("{path}.{name}");
                    out.push(change(&path, (field, &name), before, after, sensitive));
                }
            }
        }
        Shape::Keyed(key) => {
            let (Some(a), Some(b)) = (keyed(&a_items, key), keyed(&b_items, key)) else {
                return out.push(change(path, (parent, field), a, b, false));
            };
            for name in names(&a, &b) {
                let (before, after) = (lookup(&a, &name), lookup(&b, &name));
                let path = format!("{path}[{name}]");
                if before.is_some() && after.is_some() {
                    walk(parent, field, &path, before, after, out);
                } else {
                    let (before, after) = (before.map(summary), after.map(summary));
                    let (before, after) = (before.as_ref(), after.as_ref());
                    out.push(change(&path, (parent, field), before, after, false));
                }
            }
        }
        Shape::Whole => out.push(change(path, (parent, field), a, b, false)),
    }
}

/// The elements of an array by key, in order; `None` when one has no key or two share one.
fn keyed(items: &[Value], key: fn(&Value) -> Option<String>) -> Option<Vec<(String, &Value)>> {
    let mut out: Vec<(String, &Value)> = Vec::with_capacity(items.len());
    for item in items {
        let k = key(item)?;
        if out.iter().any(|(seen, _)| *seen == k) {
            return None;
        }
        out.push((k, item));
    }
    Some(out)
}

fn lookup<'v>(m: &[(String, &'v Value)], name: &str) -> Option<&'v Value> {
    m.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
}

/// The keys of `b` in order, each key only in `a` placed after the key it follows in `a`.
fn merged<'k>(a: impl Iterator<Item = &'k str>, b: impl Iterator<Item = &'k str>) -> Vec<&'k str> {
    let mut out: Vec<&str> = b.collect();
    let mut previous: Option<&str> = None;
    for k in a {
        if !out.contains(&k) {
            let at = previous
                .and_then(|p| out.iter().position(|x| *x == p))
                .map_or(0, |i| i + 1);
            out.insert(at, k);
        }
        previous = Some(k);
    }
    out
}

fn names(a: &[(String, &Value)], b: &[(String, &Value)]) -> Vec<String> {
    let keys = merged(
        a.iter().map(|(k, _)| k.as_str()),
        b.iter().map(|(k, _)| k.as_str()),
    );
    keys.into_iter().map(str::to_string).collect()
}

fn keys<'m>(a: &'m Map<String, Value>, b: &'m Map<String, Value>) -> Vec<&'m str> {
    merged(a.keys().map(String::as_str), b.keys().map(String::as_str))
}

fn object<'v>(v: Option<&'v Value>, empty: &'v Map<String, Value>) -> &'v Map<String, Value> {
    v.and_then(Value::as_object).unwrap_or(empty)
}

/// A whole container is summed up by its image; anything else by its JSON.
fn summary(v: &Value) -> Value {
    match v.get("image") {
        Some(image) if v.get("essential").is_some() => image.clone(),
        _ => v.clone(),
    }
}

/// A change of the value at `at` (the field, of an object at the parent). When either side holds a secret,
/// for any reason, neither side is shown: both are [`MASK`](super::secrets::MASK), and the reason says why
/// (the newer side's, else the older's). Showing one side, or a part of it, could give the secret away: a
/// side whose secret the masking missed, or the half of a change that is not masked (`•••••• → hunter2`).
fn change(
    path: &str,
    at: (&str, &str),
    a: Option<&Value>,
    b: Option<&Value>,
    sensitive: bool,
) -> FieldChange {
    let found = |v: Option<&Value>| {
        let mut v = v.cloned()?;
        hide_in(at.0, at.1, &mut v, false).map(|f| f.reason)
    };
    let secret = found(b).or_else(|| found(a));
    let shown = |side: Option<&Value>| {
        side.map(|v| match secret {
            Some(_) => super::secrets::MASK.to_string(),
            None => text(v),
        })
    };
    FieldChange {
        path: path.to_string(),
        before: shown(a),
        after: shown(b),
        sensitive,
        secret,
    }
}

/// A value as a person reads it: strings bare, anything else as compact JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
#[path = "task_definition_diff_tests.rs"]
mod tests;
