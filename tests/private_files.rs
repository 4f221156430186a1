//! wharf's own files are private, and nothing it records holds a secret: the audit log is made 0600 in a
//! 0700 folder and a looser one is reported once (never changed behind the user's back); a wrong name typed
//! to confirm is logged as "wrong name"; endpoints lose user info and query values; and what a failing
//! `credential_process` printed reaches neither the audit log nor the status line.

mod pty_session;
mod ui_fixtures;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aws_config::credential_process::CredentialProcessProvider;
use aws_credential_types::provider::SharedCredentialsProvider;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ui_fixtures::*;
use wharf::app::{
    request, update, Action, AuditEntry, AuditOutcome, Effect, Mutation, MutationResult, State,
};
use wharf::backend::aws::{loopback_sdk_config, Aws};
use wharf::backend::{redact_endpoint, Backend, BackendInfo};
use wharf::model::Timestamp;
use wharf::runtime::audit;

/// A folder of this test's own under the system's temporary folder, gone at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "wharf-private-{name}-{}-{:x}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn state() -> State {
    State::new(
        BackendInfo {
            profile: "prod".into(),
            region: "eu-west-1".into(),
            ..Default::default()
        },
        Timestamp(0),
    )
}

fn entry() -> AuditEntry {
    let mutation = Mutation::DeleteCluster(wharf::app::mutation::DeleteCluster {
        cluster_arn: "arn:aws:ecs:eu-west-1:1:cluster/c".into(),
    });
    AuditEntry::of(&state(), Some(1), &mutation, AuditOutcome::Attempt, None)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_new_audit_log_is_its_owners_alone_and_so_are_the_folders_made_for_it() {
    let scratch = Scratch::new("fresh");
    let path = scratch.0.join("state").join("wharf").join("audit.jsonl");
    audit::append(&path, &entry()).expect("written");
    assert_eq!(mode(&path), 0o600, "the file");
    assert_eq!(mode(path.parent().unwrap()), 0o700, "its folder");
    assert_eq!(mode(&scratch.0.join("state")), 0o700, "the folder above");
    assert_eq!(audit::exposure(&path), None, "nothing to report");
}

/// What the warning says, and that changes recorded after it do not change the mode. That it is said once a
/// run is for the next test, through wharf itself: here `warn_if_exposed` is called once by hand.
/// An empty audit log in `scratch` that anyone may read (0644), as a user's umask may have left it.
#[cfg(unix)]
fn loose_log(scratch: &Scratch) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(&scratch.0).unwrap();
    let path = scratch.0.join("audit.jsonl");
    std::fs::write(&path, "").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn an_existing_loose_audit_log_is_reported_with_the_fix_and_left_as_it_is() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("loose");
    let path = loose_log(&scratch);

    let mut state = state();
    audit::warn_if_exposed(&mut state, Some(&path));
    for _ in 0..3 {
        audit::append(&path, &entry()).expect("written");
    }
    let said: Vec<&str> = state.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains(&format!("chmod 600 {}", path.display())) && said[0].contains("0644"),
        "{}",
        said[0]
    );
    assert_eq!(state.flash.as_ref().map(|f| f.text.as_str()), Some(said[0]));
    assert_eq!(mode(&path), 0o644, "the user's file keeps its mode");

    // Once the user has run the fix, nothing more is said.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut state = self::state();
    audit::warn_if_exposed(&mut state, Some(&path));
    assert!(state.messages.is_empty() && state.flash.is_none());
}

/// wharf itself in a terminal, on a loose audit log: the warning comes at start-up and not again, however
/// many lines the run appends. Two changes, each with its own message in between, so that a warning said
/// again (on each line written, say) would stand in `:messages` more than once (the same text twice in a
/// row is kept once there).
#[cfg(unix)]
#[test]
fn a_loose_audit_log_is_reported_once_a_run_however_many_changes_it_records() {
    let scratch = Scratch::new("run");
    let path = loose_log(&scratch);
    let log = path.display().to_string();

    let mut s = pty_session::Session::start(&["--demo", "--seed", "7", "--audit-log", &log], &[]);
    s.wait_for("prod-fargate");
    s.send(":svc prod-fargate\r");
    s.wait_for("Services of prod-fargate");
    // checkout: web and api scale automatically, and their dialogs warn first.
    s.send("/^checkout\r\r");
    s.wait_for("Deployments");
    for (wanted, lines) in [(4, 2), (5, 4)] {
        s.send("+");
        s.wait_for("Scale service checkout");
        s.send(&format!("{wanted}\r"));
        // Its attempt and its outcome written (the status line's own message may be a warning's place).
        wait_for_lines(&path, lines);
    }
    s.send(":messages\r");
    let screen = s.wait_for(" this run ");
    s.send("\x1bq");
    assert!(s.wait_exit().success());

    assert!(screen.contains("checkout now wants 5 tasks"), "{screen}");
    // One word of the warning, which wrapping cannot cut.
    assert_eq!(screen.matches("chmod").count(), 1, "{screen}");
    assert_eq!(mode(&path), 0o644, "the user's file keeps its mode");
}

/// Until the file at `path` holds `n` lines; panics after a minute.
fn wait_for_lines(path: &Path, n: usize) {
    let start = std::time::Instant::now();
    loop {
        let written = std::fs::read_to_string(path).unwrap_or_default();
        if written.lines().count() >= n {
            return;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "never {n} lines in {}:\n{written}",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn enter(state: &mut State) -> Vec<Effect> {
    let key = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    update(state, Action::Key(key))
}

fn audits(effects: &[Effect]) -> Vec<&AuditEntry> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Audit(entry) => Some(entry),
            _ => None,
        })
        .collect()
}

/// The cleanup's dialog, `typed` pasted as the name and Enter pressed: refused, with one audit line, whose
/// message this answers (the state after, too).
fn refused_with(typed: &str) -> (Option<String>, State) {
    let mut state = cleanup_dialog();
    enter(&mut state);
    update(&mut state, Action::Paste(typed.into()));
    let effects = enter(&mut state);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Mutate { .. })));
    let lines = audits(&effects);
    assert_eq!(lines.len(), 1, "{effects:?}");
    assert_eq!(lines[0].outcome, AuditOutcome::Refused);
    let json = serde_json::to_string(lines[0]).unwrap();
    assert!(typed.is_empty() || !json.contains(typed), "{json}");
    (lines[0].message.clone(), state)
}

#[test]
fn a_wrong_name_typed_to_confirm_is_logged_as_wrong_name_never_as_typed() {
    let (logged, state) = refused_with("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    assert_eq!(logged.as_deref(), Some("wrong name"));
    assert!(
        state
            .messages
            .iter()
            .all(|m| !m.text.contains("wJalrXUtnFEMI")),
        "{:?}",
        state.messages
    );
}

/// Enter with the name left empty is refused and logged as that, in its own words.
#[test]
fn a_confirmation_left_empty_is_logged_as_no_name_typed() {
    let (logged, _) = refused_with("");
    assert_eq!(logged.as_deref(), Some("no name typed"));
}

#[test]
fn endpoints_lose_user_info_with_or_without_a_scheme_and_query_values() {
    for (given, shown) in [
        (
            "http://key:secret@127.0.0.1:5000/x",
            "http://127.0.0.1:5000/x",
        ),
        ("key:secret@127.0.0.1:5000/x", "127.0.0.1:5000/x"),
        ("key:secret@localstack:4566", "localstack:4566"),
        // An AWS secret key holds '/': the user info still ends at the '@'.
        ("AKIA:wJal/rXUt@host:1/p", "host:1/p"),
        (
            "https://ecs.example.com/?X-Amz-Security-Token=IQoJb3&X-Amz-Date=1",
            "https://ecs.example.com/?X-Amz-Security-Token=…&X-Amz-Date=…",
        ),
        ("u:p@host/?token=abc#frag", "host/?token=…#…"),
        ("http://host/?sekrit", "http://host/?…"),
        // Not a scheme: the "://" is inside the query.
        ("u:pw@host/?next=http://x", "host/?next=…"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("localhost:4566", "localhost:4566"),
        ("", ""),
        ("@", ""),
        ("://", "://"),
        ("?", "?"),
        // A password holding '#', '?' or '/' then '?': the user info is found before the query.
        ("http://u:p#ss@host", "http://…"),
        ("u:pa?ss@host", "…"),
        ("u:p/?x#y@host/p?t=1", "…"),
        // The same text could be a query holding an '@': neither reading's secret is shown.
        ("https://host/?mail=Zq9@example.com", "https://…"),
        // A '/' alone does not make a query: the user info still ends at the last '@'.
        ("u:p/a@b@host/p?t=1#f", "host/p?t=…#…"),
    ] {
        assert_eq!(redact_endpoint(given), shown, "{given:?}");
    }
}

proptest! {
    /// Any text gives an answer, and a password or a query value put into an endpoint is never in it, not
    /// even in part: the secret may hold '?', '#', '/', '@' and ':', and each piece of it between those
    /// begins with `Zq9`, which nothing else here holds.
    #[test]
    fn redaction_is_total_and_keeps_no_secret(
        text in prop_oneof!["\\PC{0,40}", "[a:/@?#=&é.]{0,24}"],
        scheme in prop_oneof![Just(""), Just("http://"), Just("https://")],
        host in "[a-z0-9.]{1,12}(:[0-9]{1,5})?",
        path in "(/[a-z0-9]{0,6}){0,3}",
        secret in "Zq9[A-Za-z0-9+]{0,4}([?#/@:]{1,2}Zq9[A-Za-z0-9+]{0,4}){0,4}",
    ) {
        let _ = redact_endpoint(&text);
        let with_user = format!("{scheme}user:{secret}@{host}{path}");
        let shown = redact_endpoint(&with_user);
        prop_assert!(!shown.contains("Zq9"), "{} gave {}", with_user, shown);
        let with_query = format!("{scheme}{host}{path}?a=1&token={secret}");
        let shown = redact_endpoint(&with_query);
        prop_assert!(!shown.contains("Zq9"), "{} gave {}", with_query, shown);
    }
}

/// The AWS backend whose profile's `credential_process` is `command`; its endpoint is never reached.
fn aws_with_process(command: &str) -> Aws {
    let provider = CredentialProcessProvider::new(command.to_string());
    let sdk = loopback_sdk_config("http://127.0.0.1:9", "eu-west-1")
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build();
    Aws::from_sdk_config(&sdk, Some("prod".into())).expect("a region is set")
}

#[cfg(unix)]
#[tokio::test]
async fn what_a_failing_credential_process_printed_is_never_logged_nor_shown() {
    let cases = [
        (
            "echo 'token=Zq9LeakedToken' >&2; exit 3",
            "(exit status: 3)",
        ),
        (
            "echo '{\"Version\":1,\"AccessKeyId\":\"Zq9LeakedToken\"}'",
            "without `SecretAccessKey`",
        ),
        ("echo 'not json Zq9LeakedToken'", "not credentials"),
    ];
    for (command, says) in cases {
        let backend: Arc<dyn Backend> = Arc::new(aws_with_process(command));
        let cluster_arn = "arn:aws:ecs:eu-west-1:1:cluster/c".to_string();
        let error = backend
            .delete_cluster(&cluster_arn)
            .await
            .expect_err("no credentials, no call");
        let text = error.to_string();
        assert!(!text.contains("Zq9LeakedToken"), "{command}: {text}");
        assert!(
            text.contains(says) && text.contains("by hand"),
            "{command}: {text}"
        );
        // Nothing was sent without credentials: not an answer lost, which would have wharf check for it.
        assert!(!text.contains("may have been carried out"), "{text}");

        // The same error as the answer to a change: its audit line and the status line.
        let mut state = state();
        let effects = request(
            &mut state,
            Mutation::DeleteCluster(wharf::app::mutation::DeleteCluster { cluster_arn }),
        );
        let id = effects
            .iter()
            .find_map(|e| match e {
                Effect::Mutate { id, .. } => Some(*id),
                _ => None,
            })
            .expect("sent");
        let result = MutationResult::Failed(error);
        let effects = update(
            &mut state,
            Action::Mutated {
                id,
                result,
                at: Timestamp(1),
            },
        );
        let lines = audits(&effects);
        assert_eq!(lines.len(), 1, "{effects:?}");
        let json = serde_json::to_string(lines[0]).unwrap();
        assert!(json.contains(says), "{json}");
        assert!(!json.contains("Zq9LeakedToken"), "{json}");
        let shown = state
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default();
        assert!(
            shown.contains(says) && !shown.contains("Zq9LeakedToken"),
            "{shown}"
        );
    }
}
