//! A revision as JSON, and what changed between two revisions, as texts over the screen. Each is made
//! again from the cache while it is open, so it fills in when its reads answer; what it needs to read is
//! declared here (`needs`), as a screen declares its own.

use super::read::{family_revisions, got, Got, Read};
use crate::app::needs::Need;
use crate::app::{Resource, State, TextKind, TextSource, TextView};
use crate::model::{
    diff, family_of, family_revision, register_json, ChangeKind, FieldChange, TaskDefinition,
};

/// Enter on a revision, or `t` on a service or task: the revision in the shape RegisterTaskDefinition takes.
pub fn revision(arn: &str) -> TextView {
    TextView {
        title: family_revision(arn).to_string(),
        source: Some(TextSource::Revision {
            arn: arn.to_string(),
        }),
        kind: TextKind::Json,
        ..TextView::default()
    }
}

/// What changed from `older` to `newer`; with no `older`, from the revision before `newer`.
pub fn diff_of(older: Option<String>, newer: &str) -> TextView {
    TextView {
        title: format!("{} changes", family_revision(newer)),
        source: Some(TextSource::Diff {
            older,
            newer: newer.to_string(),
        }),
        kind: TextKind::Diff,
        ..TextView::default()
    }
}

/// The text for `source`, from what the cache holds now.
pub fn current(state: &State, source: &TextSource) -> Option<TextView> {
    match source {
        TextSource::Revision { arn } => {
            let mut view = revision(arn);
            view.lines = match described(state, arn) {
                Ok(td) => json_lines(td),
                Err(why) => vec![why],
            };
            Some(view)
        }
        TextSource::Diff { older, newer } => {
            let older = older.clone().or_else(|| before(state, newer));
            let mut view = diff_of(older.clone(), newer);
            let older = match older {
                Some(older) => older,
                None => {
                    view.lines = vec![no_older(state, newer)];
                    return Some(view);
                }
            };
            view.title = format!("{} → {}", family_revision(&older), family_revision(newer));
            view.lines = match (described(state, &older), described(state, newer)) {
                (Ok(a), Ok(b)) => diff_lines(&diff(a, b)),
                (Err(why), _) | (_, Err(why)) => vec![why],
            };
            Some(view)
        }
        _ => None,
    }
}

/// What an open text of `source` reads.
pub fn needs(state: &State, source: &TextSource) -> Vec<Need> {
    let once = |arn: &str| {
        Need::Once(Resource::TaskDefinition {
            arn: arn.to_string(),
        })
    };
    match source {
        TextSource::Revision { arn } => vec![once(arn)],
        TextSource::Diff {
            older: Some(older),
            newer,
        } => vec![once(older), once(newer)],
        TextSource::Diff { older: None, newer } => {
            let mut needs = vec![
                once(newer),
                Need::Whole {
                    resource: Resource::Explore(Read::FamilyRevisions {
                        family: family_of(newer).to_string(),
                    }),
                    interval_ms: state.refresh.list_ms,
                },
            ];
            needs.extend(before(state, newer).map(|older| once(&older)));
            needs
        }
        _ => Vec::new(),
    }
}

/// The revision listed just before `newer` in its family (any status), once the family's list is read.
fn before(state: &State, newer: &str) -> Option<String> {
    let read = Read::FamilyRevisions {
        family: family_of(newer).to_string(),
    };
    let Got::Data(revisions) = got(state, &read, family_revisions) else {
        return None;
    };
    let number: u32 = crate::model::revision(newer).parse().ok()?;
    revisions
        .iter()
        .filter(|r| r.revision < number)
        .max_by_key(|r| r.revision)
        .map(|r| r.arn.clone())
}

/// Why there is nothing to compare with: still reading, or `newer` is the family's first.
fn no_older(state: &State, newer: &str) -> String {
    let read = Read::FamilyRevisions {
        family: family_of(newer).to_string(),
    };
    match got(state, &read, family_revisions) {
        Got::Loading => format!("Reading the revisions of {}…", family_of(newer)),
        Got::Failed(e) => format!("Could not list the revisions of {}: {e}", family_of(newer)),
        Got::Data(_) => format!(
            "{} is the first revision of {} that ECS still lists: there is none before it to compare.",
            family_revision(newer),
            family_of(newer)
        ),
    }
}

/// The revision, or why it is not there yet.
fn described<'a>(state: &'a State, arn: &str) -> Result<&'a TaskDefinition, String> {
    let loadable = state.session.cache.task_definitions.get(arn);
    match loadable.map(|l| (&l.data, &l.status.error)) {
        Some((Some(td), _)) => Ok(td),
        Some((None, Some(e))) => Err(format!("Could not read {}: {e}", family_revision(arn))),
        _ => Err(format!("Reading {}…", family_revision(arn))),
    }
}

/// What a hidden value shows instead.
const HIDDEN: &str = "(hidden: the name looks like a credential)";

/// Does an environment variable's name say it holds a credential? Those belong in `secrets`; when one is in
/// the environment anyway, wharf does not put its value on a screen someone may be sharing.
fn looks_secret(name: &str) -> bool {
    let name = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "PRIVATE",
        "CREDENTIAL",
        "API_KEY",
        "ACCESS_KEY",
    ]
    .iter()
    .any(|word| name.contains(word))
}

fn json_lines(td: &TaskDefinition) -> Vec<String> {
    let mut json = register_json(td);
    let containers = json
        .get_mut("containerDefinitions")
        .and_then(|c| c.as_array_mut());
    for container in containers.into_iter().flatten() {
        let environment = container
            .get_mut("environment")
            .and_then(|e| e.as_array_mut());
        for variable in environment.into_iter().flatten() {
            let secret = variable
                .get("name")
                .and_then(|n| n.as_str())
                .is_some_and(looks_secret);
            if secret {
                variable["value"] = HIDDEN.into();
            }
        }
    }
    let text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.lines().map(str::to_string).collect()
}

/// One line per change, `+` added, `-` removed, `~` changed (`before → after`). The value of an
/// environment variable whose name looks like a credential is not printed.
fn diff_lines(changes: &[FieldChange]) -> Vec<String> {
    if changes.is_empty() {
        return vec!["The two revisions are the same in every field wharf reads.".into()];
    }
    let hidden =
        |c: &FieldChange| c.sensitive && looks_secret(c.path.rsplit('.').next().unwrap_or(""));
    let value = |c: &FieldChange, v: &Option<String>| match (hidden(c), v) {
        (true, Some(_)) => HIDDEN.to_string(),
        (_, Some(v)) => v.clone(),
        (_, None) => String::new(),
    };
    let mut lines = vec![format!("{} fields differ:", changes.len()), String::new()];
    for c in changes {
        lines.push(match c.kind() {
            ChangeKind::Added => format!("+ {}: {}", c.path, value(c, &c.after)),
            ChangeKind::Removed => format!("- {}: {}", c.path, value(c, &c.before)),
            ChangeKind::Changed if hidden(c) => format!("~ {}: value changed {HIDDEN}", c.path),
            ChangeKind::Changed => format!(
                "~ {}: {} → {}",
                c.path,
                value(c, &c.before),
                value(c, &c.after)
            ),
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContainerDefinition, EnvVar};

    fn with_env(env: &[(&str, &str)]) -> TaskDefinition {
        TaskDefinition {
            arn: "arn:aws:ecs:us-east-1:1:task-definition/web:3".into(),
            family: "web".into(),
            revision: 3,
            containers: vec![ContainerDefinition {
                name: "web".into(),
                image: "web:1".into(),
                environment: env
                    .iter()
                    .map(|(k, v)| EnvVar {
                        name: k.to_string(),
                        value: v.to_string(),
                    })
                    .collect(),
                ..ContainerDefinition::default()
            }],
            ..TaskDefinition::default()
        }
    }

    #[test]
    fn a_credential_in_the_environment_is_hidden_and_the_rest_shown() {
        let td = with_env(&[("DB_PASSWORD", "hunter2"), ("DB_HOST", "db.internal")]);
        let text = json_lines(&td).join("\n");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(
            text.contains(HIDDEN) && text.contains("db.internal"),
            "{text}"
        );

        let newer = with_env(&[("DB_PASSWORD", "hunter3"), ("DB_HOST", "db2.internal")]);
        let lines = diff_lines(&diff(&td, &newer)).join("\n");
        assert!(!lines.contains("hunter"), "{lines}");
        assert!(lines.contains("DB_PASSWORD: value changed"), "{lines}");
        assert!(
            lines.contains("DB_HOST: db.internal → db2.internal"),
            "{lines}"
        );
    }

    #[test]
    fn names_that_look_like_credentials() {
        for name in [
            "DB_PASSWORD",
            "api_key",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in ["DB_HOST", "LOG_LEVEL", "KEYSPACE", "PORT"] {
            assert!(!looks_secret(name), "{name}");
        }
    }
}
