//! The audit log's lines, made in `update` (pure) and appended by the runtime: one JSON line for each attempt
//! and each outcome of a change, and for each change refused (read-only, bad input). Never a credential.

use serde::{Deserialize, Serialize};

use super::{Mutation, MutationKind, State};
use crate::backend::redact_endpoint;
use crate::model::secrets::mask_secrets;
use crate::model::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditOutcome {
    /// Sent to AWS; its outcome follows on another line with the same id.
    Attempt,
    Ok,
    Error,
    /// The answer never came; `message` says how it was settled, if it was.
    Unknown,
    /// wharf did not send it: read-only, or an input that is not valid.
    Refused,
    /// A cleanup stopped before its last step, at the user's request (Esc, or quitting).
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC, the user's own time.
    pub time: String,
    /// The sandbox's virtual time when it happened, which runs faster than the user's (`--speed`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sandbox_time: Option<String>,
    /// This run of wharf: ids count from 1 in each run, so an attempt and its outcome share session and id.
    #[serde(default)]
    pub session: String,
    /// Links an attempt to its outcome; absent for refusals.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<u64>,
    pub profile: String,
    pub region: String,
    pub account: Option<String>,
    pub endpoint: Option<String>,
    /// `scale`, `stop-tasks`, `deploy`, `rollback`.
    pub action: String,
    pub targets: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outcome: AuditOutcome,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message: Option<String>,
}

/// `:audit`: the latest lines of the log, as the runtime read them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditView {
    /// The file, once the runtime has said which.
    pub path: Option<String>,
    /// `None` while the runtime reads the file.
    pub lines: Option<Result<Vec<String>, String>>,
    pub scroll: u16,
}

impl AuditEntry {
    /// A line about a mutation: its targets and first change from the mutation itself.
    pub fn of(
        state: &State,
        id: Option<u64>,
        mutation: &Mutation,
        outcome: AuditOutcome,
        message: Option<String>,
    ) -> AuditEntry {
        let d = mutation.describe();
        let first = d.changes.first();
        AuditEntry {
            targets: d.targets.clone(),
            from: first.map(|c| c.from.clone()),
            to: first.map(|c| c.to.clone()),
            ..AuditEntry::bare(state, id, mutation.kind(), outcome, message)
        }
        .scrubbed()
    }

    /// A line for an action refused before a mutation could even be made (read-only at the key, bad input).
    pub fn bare(
        state: &State,
        id: Option<u64>,
        kind: MutationKind,
        outcome: AuditOutcome,
        message: Option<String>,
    ) -> AuditEntry {
        AuditEntry {
            time: rfc3339(state.user_now()),
            sandbox_time: state.session.info.simulated.then(|| rfc3339(state.now)),
            session: state.audit_session.clone(),
            id,
            profile: state.session.info.profile.clone(),
            region: state.session.info.region.clone(),
            account: state.session.info.account_id.clone(),
            endpoint: state.session.info.endpoint.as_deref().map(redact_endpoint),
            action: kind.name().to_string(),
            targets: Vec::new(),
            from: None,
            to: None,
            outcome,
            message,
        }
        .scrubbed()
    }

    pub fn with_targets(mut self, targets: Vec<String>) -> Self {
        self.targets = targets;
        self.scrubbed()
    }

    /// Every free-text field with what looks secret in it masked (a URL's password, a `password=` setting,
    /// a token): an error may quote what it was given, and the log is kept for months.
    fn scrubbed(mut self) -> Self {
        // One line of text each, no secret: the file is read with `cat` and `jq` as often as with `:audit`.
        let clean = |s: &mut String| {
            *s = mask_secrets(&crate::model::text::clean(s, crate::model::Shape::Line)).0
        };
        self.targets.iter_mut().for_each(clean);
        [&mut self.from, &mut self.to, &mut self.message]
            .into_iter()
            .flatten()
            .for_each(clean);
        self
    }
}

pub(crate) fn rfc3339(at: Timestamp) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(at.0.max(0) as u64);
    humantime::format_rfc3339_millis(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_lose_their_userinfo() {
        assert_eq!(
            redact_endpoint("http://key:secret@127.0.0.1:5000/x"),
            "http://127.0.0.1:5000/x"
        );
        assert_eq!(
            redact_endpoint("http://127.0.0.1:5000"),
            "http://127.0.0.1:5000"
        );
        assert_eq!(
            redact_endpoint("key:secret@127.0.0.1:5000/x?X-Amz-Security-Token=abc"),
            "127.0.0.1:5000/x?X-Amz-Security-Token=…"
        );
        assert_eq!(rfc3339(Timestamp(1_500)), "1970-01-01T00:00:01.500Z");
    }

    #[test]
    fn nothing_secret_reaches_a_line() {
        let state = State::new(Default::default(), Timestamp(0));
        let message = "RegisterTaskDefinition: bad value postgres://app:hunter2@db/app \
            (token ghp_16C7e42F292c6912E7710c838347Ae178B4a)";
        let entry = AuditEntry::bare(
            &state,
            Some(1),
            MutationKind::Deploy,
            AuditOutcome::Error,
            Some(message.into()),
        );
        let line = serde_json::to_string(&entry).unwrap();
        assert!(
            !line.contains("hunter2") && !line.contains("ghp_"),
            "{line}"
        );
        assert!(line.contains("postgres://app:••••••@db/app"), "{line}");
        let entry = entry.with_targets(vec!["https://u:hunter2@x".into()]);
        assert_eq!(entry.targets, ["https://u:••••••@x"]);
    }

    /// JSON escapes C0 controls but not C1 ones or bidi overrides: they would reach whoever runs `cat` on it.
    #[test]
    fn no_line_holds_a_character_that_drives_a_terminal() {
        let state = State::new(Default::default(), Timestamp(0));
        let entry = AuditEntry::bare(
            &state,
            Some(1),
            MutationKind::Scale,
            AuditOutcome::Refused,
            Some("\"3\u{202e}\u{9b}2J\x1b]0;x\x07\" is not a number".into()),
        );
        let line = serde_json::to_string(&entry).unwrap();
        assert!(!line.chars().any(crate::model::text::is_unsafe), "{line:?}");
        assert!(line.contains("is not a number"), "{line}");
    }
}
