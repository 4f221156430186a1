//! The plan file: written whole and private, read back as the same run, and a bad file named with what to do,
//! changing nothing.

use super::*;
use crate::app::cleanup::{CleanupRun, Plan, Scope, Step, StepState};
use crate::app::mutation::{DeleteLoadBalancer, DeleteService, DeleteTargetGroup};
use crate::app::{Action, Mutation, State};
use crate::backend::BackendInfo;
use crate::model::Timestamp;

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/class-7";
const LB: &str =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
const TG: &str =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067";

/// A folder of this test's own, gone at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Scratch(std::env::temp_dir().join(format!(
            "wharf-plans-{name}-{}-{nanos:x}",
            std::process::id()
        )))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn info(account: &str) -> BackendInfo {
    BackendInfo {
        profile: "class".into(),
        region: "eu-west-1".into(),
        account_id: Some(account.into()),
        ..Default::default()
    }
}

/// A cluster's cleanup stopped after its service was deleted, with its load balancer still to go.
fn run() -> CleanupRun {
    let service = format!("{}/web", CLUSTER.replace(":cluster/", ":service/"));
    let plan = Plan {
        scope: Scope::Cluster {
            cluster_arn: CLUSTER.into(),
        },
        steps: vec![
            Step::Write(Mutation::DeleteService(DeleteService {
                cluster_arn: CLUSTER.into(),
                service_arn: service.clone(),
            })),
            Step::WaitInactive {
                cluster_arn: CLUSTER.into(),
                service_arns: vec![service],
            },
            Step::Write(Mutation::DeleteLoadBalancer(DeleteLoadBalancer {
                arn: LB.into(),
            })),
            Step::Write(Mutation::DeleteTargetGroup(DeleteTargetGroup {
                arn: TG.into(),
            })),
        ],
        kept: vec!["target group api-tg: also used by service api (prod)".into()],
    };
    let mut run = CleanupRun::new(plan, Timestamp(0), 1);
    run.states[0] = StepState::Done("web is DRAINING".into());
    run.states[1] = StepState::Done("done after 2m".into());
    run.states[2] = StepState::Running;
    run.current = 2;
    run
}

fn saved(account: &str) -> SavedCleanup {
    SavedCleanup::of(
        &run(),
        Origin::of(&info(account)),
        "2025-06-01T14:03:12.345Z".into(),
    )
    .expect("every step is a cleanup's")
}

#[test]
fn a_kept_plan_reads_back_as_the_run_it_was() {
    let dir = Scratch::new("round-trip");
    let path = keep(&dir.0, &saved("123456789012")).expect("written");
    assert_eq!(
        path.file_name().unwrap().to_str(),
        Some("cleanup-123456789012-eu-west-1-class-7.json")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600, "owner only");
        assert_eq!(mode(&dir.0), 0o700);
    }
    // No temporary file is left beside it.
    let names: Vec<_> = fs::read_dir(&dir.0).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "{names:?}");

    let here = Origin::of(&info("123456789012"));
    let found = find(&dir.0, &here);
    assert_eq!(found.len(), 1, "{found:?}");
    let back = found[0]
        .1
        .clone()
        .expect("read")
        .into_run(&here, Timestamp(5))
        .expect("here");
    let was = run();
    assert_eq!(back.plan, was.plan);
    assert_eq!(back.current, 2);
    assert_eq!(&back.states[..2], &was.states[..2]);
    // The step it was in when that run ended may or may not have been done: a fresh read tells.
    assert!(
        matches!(back.states[2], StepState::Unknown(_)),
        "{:?}",
        back.states
    );
    assert_eq!(back.kept.earlier.as_deref(), Some("2025-06-01 14:03 UTC"));
    assert!(back.can_resume());

    // Kept again, it replaces the file; forgotten, it is gone; forgetting again is fine.
    keep(&dir.0, &saved("123456789012")).unwrap();
    assert_eq!(find(&dir.0, &here).len(), 1);
    forget(&dir.0, &here, CLUSTER).unwrap();
    assert!(find(&dir.0, &here).is_empty());
    forget(&dir.0, &here, CLUSTER).unwrap();
}

#[test]
fn a_bad_file_is_named_with_what_to_do_and_changes_nothing() {
    let dir = Scratch::new("corrupt");
    let here = Origin::of(&info("123456789012"));
    let name = |cluster: &str| dir.0.join(file_name(&here, &format!("{CLUSTER}{cluster}")));
    fs::create_dir_all(&dir.0).unwrap();
    fs::write(name("-a"), b"{\"version\": 1, \"origin\": \x1b]0;owned\x07").unwrap();
    fs::write(name("-b"), br#"{"version": 7, "steps": "whatever"}"#).unwrap();
    fs::write(name("-c"), br#"[1, 2, 3]"#).unwrap();
    // Written for another account, under this one's name.
    let other = serde_json::to_vec(&saved("999999999999")).unwrap();
    fs::write(name("-d"), other).unwrap();

    let mut state = State::new(info("123456789012"), Timestamp(0));
    let found = perform(Some(&dir.0), &Effect::FindCleanups { origin: here });
    let Some(Action::CleanupsFound(files)) = found.clone() else {
        panic!("{found:?}");
    };
    assert_eq!(files.len(), 4, "{files:?}");
    let effects = crate::app::update(&mut state, found.unwrap());
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::KeepCleanup(_) | Effect::ForgetCleanup { .. })),
        "{effects:?}"
    );
    assert!(state.parked_cleanups.is_empty() && state.cleanup.is_none());
    let said: Vec<&str> = state.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(said.len(), 4, "{said:?}");
    for (suffix, why) in [
        ("-a.json", "not valid JSON"),
        ("-b.json", "format 7, and this wharf reads format 1"),
        ("-c.json", "no format version"),
        ("-d.json", "written for account 999999999999"),
    ] {
        let line = said
            .iter()
            .find(|m| m.contains(suffix))
            .unwrap_or_else(|| panic!("{suffix} named: {said:?}"));
        assert!(line.contains(why), "{line}");
        assert!(line.contains("delete or move that file"), "{line}");
        assert!(!line.contains('\x1b'), "{line:?}");
    }
    // The files are left as they were.
    assert_eq!(fs::read_dir(&dir.0).unwrap().count(), 4);
}

#[test]
fn no_folder_means_no_plans_and_says_why_a_plan_is_not_kept() {
    let dir = Scratch::new("none");
    let here = Origin::of(&info("123456789012"));
    assert!(find(&dir.0, &here).is_empty());
    let answer = perform(None, &Effect::KeepCleanup(Box::new(saved("123456789012"))));
    assert!(
        matches!(&answer, Some(Action::CleanupFileFailed(why)) if why.contains("--state-dir")),
        "{answer:?}"
    );
}

#[test]
fn file_names_are_safe_and_short() {
    let mut origin = Origin::of(&info("123456789012"));
    let long = format!("arn:aws:ecs:eu-west-1:1:cluster/{}", "c".repeat(255));
    let name = file_name(&origin, &long);
    assert!(name.len() < 160, "{name}");
    origin.account = None;
    origin.profile = "../../etc/x y".into();
    let name = file_name(&origin, CLUSTER);
    assert!(!name.contains('/') && !name.contains(' '), "{name}");
    origin.endpoint = Some("http://localhost:5000".into());
    assert_ne!(
        file_name(&origin, CLUSTER),
        name,
        "an emulator's plans are its own"
    );
}
