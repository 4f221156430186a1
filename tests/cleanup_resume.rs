//! A cleanup survives a quit: stopped halfway on the sandbox, wharf's State is dropped and a new one is built
//! on the same sandbox and state folder. The plan comes back, marked in the clusters list as left by an
//! earlier run; resuming it reads afresh what its remaining steps touch before anything is sent, skips what
//! was deleted meanwhile, stops at what came back in use, and otherwise finishes the job: the load balancer
//! and the target groups go too, which a fresh plan could no longer see.

mod faulty;

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use faulty::driver::Driver;
use faulty::Faulty;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wharf::app::cleanup::{on_cluster, Plan, Step, StepState};
use wharf::app::{update, Action, AuditOutcome, Effect, FlashLevel, Mutation};
use wharf::backend::sim::{ServiceSpec, Sim, SimClock};
use wharf::backend::Backend;

/// A folder of this test's own, gone at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Scratch(std::env::temp_dir().join(format!(
            "wharf-resume-{name}-{}-{nanos:x}",
            std::process::id()
        )))
    }

    /// The plans kept in it.
    fn plans(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.0) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn cluster_arn(name: &str) -> String {
    format!("arn:aws:ecs:sandbox-1:000000000000:cluster/{name}")
}

async fn select_cluster(d: &mut Driver, cluster: &str) {
    d.command("clusters").await;
    let at = d.row_of(|state, i| {
        state
            .session
            .cache
            .clusters
            .data
            .as_ref()
            .is_some_and(|c| c[i].name == cluster)
    });
    d.keys(&"j".repeat(at)).await;
}

/// Clean up `cluster` with both opt-in groups, then stop it with Esc while it waits for its services to
/// drain: the class that quit half-way.
async fn clean_up_and_stop(d: &mut Driver, cluster: &str) -> Plan {
    select_cluster(d, cluster).await;
    d.keys("D").await;
    d.keys(" j ").await;
    d.keys("\n").await;
    d.keys(&format!("{cluster}\n")).await;
    let run = d.state.cleanup.clone().expect("it runs");
    assert!(
        matches!(run.plan.steps[run.current], Step::WaitInactive { .. }),
        "{:?}",
        run.states
    );
    let effects = update(
        &mut d.state,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    d.run(effects).await;
    let run = d.state.cleanup.clone().unwrap();
    assert!(run.can_resume(), "{:?}", run.finished);
    run.plan
}

fn screen(d: &Driver) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal
        .draw(|f| wharf::ui::draw(f, &d.state, &wharf::ui::theme::Theme::default()))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let width = usize::from(buffer.area.width);
    let cells: Vec<&str> = buffer.content.iter().map(|c| c.symbol()).collect();
    cells.chunks(width).map(|l| l.concat() + "\n").collect()
}

/// Enter on the stopped plan: the first thing out is the fresh read, and no change goes with it.
async fn resume(d: &mut Driver) {
    let effects = update(
        &mut d.state,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(
        matches!(effects.as_slice(), [Effect::RecheckCleanup { .. }, ..]),
        "{effects:?}"
    );
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Mutate { .. })),
        "{effects:?}"
    );
    d.run(effects).await;
}

fn arns(plan: &Plan, pick: impl Fn(&Mutation) -> Option<String>) -> Vec<String> {
    plan.steps
        .iter()
        .filter_map(|s| match s {
            Step::Write(m) => pick(m),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_cleanup_left_halfway_is_offered_checked_afresh_and_finished_by_the_next_run() {
    let dir = Scratch::new("finish");
    let sim = Sim::demo(5, SimClock::Manual);
    let mut d = Driver::start(Faulty::new(sim), Some(dir.0.clone())).await;
    let plan = clean_up_and_stop(&mut d, "prod-ec2").await;
    assert_eq!(
        dir.plans(),
        ["cleanup-000000000000-sandbox-1-prod-ec2.json"]
    );
    let balancers = arns(&plan, |m| match m {
        Mutation::DeleteLoadBalancer(d) => Some(d.arn.clone()),
        _ => None,
    });
    let groups = arns(&plan, |m| match m {
        Mutation::DeleteTargetGroup(d) => Some(d.arn.clone()),
        _ => None,
    });
    let listener = arns(&plan, |m| match m {
        Mutation::DeleteListener(d) => Some(d.arn.clone()),
        _ => None,
    });
    let revision = arns(&plan, |m| match m {
        Mutation::DeregisterTaskDefinition(d) => Some(d.arn.clone()),
        _ => None,
    });
    assert!(
        balancers.len() == 1 && groups.len() == 2 && listener.len() == 1 && !revision.is_empty(),
        "prod-internal, orders-tg and ledger-tg, its listener, the families: {plan:?}"
    );

    // wharf quits: its State goes, the sandbox and the folder stay. Meanwhile someone deletes the listener
    // and deregisters a revision by hand.
    let Driver { backend, .. } = d;
    backend.sim.with_world(|w| {
        w.delete_listener(&listener[0]).unwrap();
        w.deregister_task_definition(&revision[0]).unwrap();
    });
    let writes_before = backend.log.lock().unwrap().len();
    let mut d = Driver::start(backend, Some(dir.0.clone())).await;

    // Offered: said so, marked in the clusters list as left by an earlier run.
    assert!(
        d.state.messages.iter().any(|m| m
            .text
            .contains("an earlier run of wharf left a cleanup unfinished in prod-ec2")),
        "{:?}",
        d.state.messages
    );
    let prod = cluster_arn("prod-ec2");
    let left = on_cluster(&d.state, &prod).expect("offered");
    assert!(left.kept.earlier.is_some() && left.can_resume());
    // Opening the cluster offers it too.
    d.command("svc prod-ec2").await;
    assert!(
        d.flash().contains("a cleanup of prod-ec2 stopped halfway")
            && d.flash().contains("left by an earlier run of wharf (saved"),
        "{}",
        d.flash()
    );
    select_cluster(&mut d, "prod-ec2").await;
    let shown = screen(&d);
    assert!(shown.contains("half-cleaned"), "{shown}");
    assert!(shown.contains("left by an earlier run (saved"), "{shown}");

    // D shows where it stopped; Enter checks afresh, then resumes.
    d.keys("D").await;
    assert_eq!(d.state.overlay, wharf::app::Overlay::Cleanup);
    assert!(d.state.cleanup.as_ref().unwrap().kept.earlier.is_some());
    resume(&mut d).await;
    d.seconds(300).await;
    let run = d.state.cleanup.clone().unwrap();
    assert_eq!(
        run.finished.as_ref().map(|f| f.0),
        Some(FlashLevel::Info),
        "{:?} {:?}",
        run.finished,
        run.states
    );
    let state_of = |arn: &str| {
        let i = run
            .plan
            .steps
            .iter()
            .position(|s| s.targets().iter().any(|t| t == arn))
            .unwrap();
        run.states[i].clone()
    };
    for gone in [&listener[0], &revision[0]] {
        assert!(
            matches!(state_of(gone), StepState::Skipped(why) if why.contains("gone since the earlier run")),
            "{gone}: {:?}",
            state_of(gone)
        );
    }
    // Nothing deleted meanwhile was sent again.
    let log = d.backend.log.lock().unwrap()[writes_before..].to_vec();
    assert!(!log.iter().any(|w| w == "DeleteListener"), "{log:?}");
    // The load balancer and the target groups are gone, the cluster too.
    let sim = &d.backend.sim;
    assert!(sim.describe_load_balancers(&balancers).await.is_err());
    for tg in &groups {
        assert!(
            sim.describe_target_groups(std::slice::from_ref(tg))
                .await
                .is_err(),
            "{tg}"
        );
    }
    let cluster = sim
        .describe_clusters(std::slice::from_ref(&prod))
        .await
        .unwrap();
    assert_eq!(cluster.items[0].status, "INACTIVE");
    // Recorded as an attempt of this run, and its outcome; the plan file is gone.
    assert_eq!(
        d.outcomes("cleanup"),
        [AuditOutcome::Attempt, AuditOutcome::Ok]
    );
    assert!(dir.plans().is_empty(), "{:?}", dir.plans());
}

#[tokio::test]
async fn a_service_active_again_stops_the_resumed_cleanup_before_anything_is_sent() {
    let dir = Scratch::new("revived");
    let sim = Sim::demo(5, SimClock::Manual);
    let mut d = Driver::start(Faulty::new(sim), Some(dir.0.clone())).await;
    let plan = clean_up_and_stop(&mut d, "staging").await;
    let Driver { backend, .. } = d;
    // The service drains to INACTIVE, then someone creates it again.
    backend.sim.advance(10 * 60 * 1000);
    let staging = cluster_arn("staging");
    let web = "arn:aws:ecs:sandbox-1:000000000000:service/staging/web".to_string();
    let old = backend
        .sim
        .describe_services(&staging, &[web])
        .await
        .unwrap();
    assert_eq!(old.items[0].status.as_str(), "INACTIVE");
    let td = old.items[0].task_definition.clone();
    backend
        .sim
        .with_world(|w| w.create_service(ServiceSpec::new("staging", "web", &td, 2)))
        .unwrap();
    backend.sim.advance(60 * 1000);
    let writes_before = backend.log.lock().unwrap().len();

    let mut d = Driver::start(backend, Some(dir.0.clone())).await;
    select_cluster(&mut d, "staging").await;
    d.keys("D").await;
    resume(&mut d).await;
    d.seconds(10).await;
    let run = d.state.cleanup.clone().unwrap();
    assert!(!run.is_running());
    let (level, text) = run.finished.clone().unwrap();
    assert_eq!(level, FlashLevel::Warn);
    assert!(text.contains("service web is ACTIVE again"), "{text}");
    assert!(text.contains("Nothing was sent for it"), "{text}");
    assert!(text.contains("x forgets the rest of this plan"), "{text}");
    assert!(
        matches!(&run.states[run.current], StepState::Failed(why) if why.starts_with("not run")),
        "{:?}",
        run.states
    );
    assert_eq!(run.plan, plan);
    let sent = d.backend.log.lock().unwrap()[writes_before..].to_vec();
    assert!(sent.is_empty(), "nothing sent: {sent:?}");
    assert_eq!(dir.plans().len(), 1, "still kept");

    // x twice forgets it: the file goes, and nothing in the account changes.
    d.keys("x").await;
    assert!(d.flash().contains("x again forgets"), "{}", d.flash());
    assert_eq!(dir.plans().len(), 1);
    d.keys("x").await;
    assert!(dir.plans().is_empty(), "{:?}", dir.plans());
    assert!(d.state.cleanup.is_none());
    assert!(on_cluster(&d.state, &staging).is_none());
    assert!(d.backend.log.lock().unwrap()[writes_before..].is_empty());
}
