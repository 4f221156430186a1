//! A revision as JSON, and what changed between two revisions, as texts over the screen. Each is made
//! again from the cache while it is open, so it fills in when its reads answer; what it needs to read is
//! declared here (`needs`), as a screen declares its own.

use super::read::{family_revisions, got, Got, Read};
use crate::app::needs::Need;
use crate::app::{Resource, State, TextKind, TextSource, TextView, UserAction};
use crate::config::keymap::Context;
use crate::model::secrets::MASK;
use crate::model::{
    diff, family_of, family_revision, shown_json, ChangeKind, FieldChange, TaskDefinition,
};

/// Enter on a revision, or `t` on a service or task: the revision in the shape RegisterTaskDefinition takes.
pub fn revision(arn: &str) -> TextView {
    TextView {
        title: family_revision(arn).to_string(),
        source: Some(TextSource::Revision {
            arn: arn.to_string(),
            reveal: false,
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
        TextSource::Revision { arn, reveal } => {
            let mut view = revision(arn);
            view.source = Some(source.clone());
            view.lines = match described(state, arn) {
                Ok(td) => {
                    let (lines, hidden) = json_lines(td, *reveal);
                    view.title = titled(state, &view.title, hidden, *reveal);
                    lines
                }
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
        TextSource::Revision { arn, .. } => vec![once(arn)],
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

/// `web:42 · 2 secret values hidden (v shows them)`, or `… SHOWN (v hides them)`: how many the JSON hides
/// and the key that shows them, from the keymap in use.
fn titled(state: &State, title: &str, hidden: usize, reveal: bool) -> String {
    if hidden == 0 {
        return title.to_string();
    }
    let key = state
        .keymap
        .key_for(UserAction::Reveal, &[Context::Help, Context::Global])
        .map(|k| {
            format!(
                " ({k} {})",
                if reveal { "hides them" } else { "shows them" }
            )
        })
        .unwrap_or_default();
    let values = if hidden == 1 { "value" } else { "values" };
    match reveal {
        true => format!("{title} · {hidden} secret {values} SHOWN{key}"),
        false => format!("{title} · {hidden} secret {values} hidden{key}"),
    }
}

/// The revision as pretty JSON, its secret values hidden unless `reveal`; and how many it hides.
fn json_lines(td: &TaskDefinition, reveal: bool) -> (Vec<String>, usize) {
    let (json, hidden) = shown_json(td, reveal);
    let text = serde_json::to_string_pretty(&json).unwrap_or_default();
    (text.lines().map(str::to_string).collect(), hidden)
}

/// One line per change, `+` added, `-` removed, `~` changed (`before → after`). A secret value is never
/// shown, whatever `v` did to the revision's JSON: a change to one says `changed (hidden: why)` and an added
/// or removed one `•••••• (hidden: why)`, whatever the model's change holds.
fn diff_lines(changes: &[FieldChange]) -> Vec<String> {
    if changes.is_empty() {
        return vec!["The two revisions are the same in every field wharf reads.".into()];
    }
    let mut lines = vec![format!("{} fields differ:", changes.len()), String::new()];
    for c in changes {
        let why = c
            .secret
            .map(|r| format!(" (hidden: {r})"))
            .unwrap_or_default();
        let side = |v: &Option<String>| match c.secret {
            Some(_) => MASK.to_string(),
            None => v.clone().unwrap_or_default(),
        };
        let (before, after) = (side(&c.before), side(&c.after));
        lines.push(match c.kind() {
            ChangeKind::Added => format!("+ {}: {after}{why}", c.path),
            ChangeKind::Removed => format!("- {}: {before}{why}", c.path),
            ChangeKind::Changed if c.secret.is_some() => format!("~ {}: changed{why}", c.path),
            ChangeKind::Changed => format!("~ {}: {before} → {after}", c.path),
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
    fn a_secret_in_the_environment_is_hidden_with_why_and_the_rest_shown() {
        let td = with_env(&[
            ("DB_PASSWORD", "hunter2"),
            ("DATABASE_URL", "postgres://app:hunter2@db:5432/app"),
            ("DB_HOST", "db.internal"),
        ]);
        let (lines, hidden) = json_lines(&td, false);
        let text = lines.join("\n");
        assert_eq!(hidden, 2);
        assert!(!text.contains("hunter2"), "{text}");
        for shown in [
            r#""value": "•••••• (hidden: name contains PASSWORD)""#,
            r#""value": "postgres://app:••••••@db:5432/app (hidden: password in URL)""#,
            r#""value": "db.internal""#,
        ] {
            assert!(text.contains(shown), "{shown} in {text}");
        }

        let (lines, hidden) = json_lines(&td, true);
        let text = lines.join("\n");
        assert_eq!(hidden, 2);
        assert!(text.contains(r#""value": "hunter2""#), "{text}");
        assert!(!text.contains("(hidden:"), "{text}");
    }

    #[test]
    fn the_diff_says_changed_and_shows_neither_value() {
        let older = with_env(&[
            ("DB_PASS", "hunter2"),
            ("DATABASE_URL", "postgres://app:hunter2@db:5432/app"),
            ("DB_HOST", "db.internal"),
        ]);
        let newer = with_env(&[
            ("DB_PASS", "hunter3"),
            ("DATABASE_URL", "postgres://app:hunter3@db2:5432/app"),
            ("DB_HOST", "db2.internal"),
            ("API_TOKEN", "t0k3n"),
        ]);
        let lines = diff_lines(&diff(&older, &newer)).join("\n");
        assert!(
            !lines.contains("hunter") && !lines.contains("t0k3n"),
            "{lines}"
        );
        for line in [
            "~ containers[web].environment.DB_PASS: changed (hidden: name contains PASS)",
            "~ containers[web].environment.DATABASE_URL: changed (hidden: password in URL)",
            "~ containers[web].environment.DB_HOST: db.internal → db2.internal",
            "+ containers[web].environment.API_TOKEN: •••••• (hidden: name contains TOKEN)",
        ] {
            assert!(lines.contains(line), "{line} in {lines}");
        }
    }
}
