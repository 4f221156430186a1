//! Each change end to end on the sandbox, through `update` and the effect runner as the runtime runs them:
//! the state afterwards read from the sandbox, the events a learner sees, the audit lines. And a cleanup
//! interrupted by a failure at each of its steps, then resumed to the end.

mod faulty;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use faulty::{Fault, Faulty};
use wharf::app::cleanup::StepState;
use wharf::app::{update, Action, AuditEntry, AuditOutcome, Effect, State};
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::Backend;
use wharf::model::*;
use wharf::runtime::perform;

/// wharf on a sandbox, driven a key and a virtual second at a time.
struct Driver {
    state: State,
    backend: Faulty,
    audit: Vec<AuditEntry>,
}

impl Driver {
    async fn new(seed: u64) -> Driver {
        let sim = Sim::demo(seed, SimClock::Manual);
        let mut d = Driver {
            state: State::new(sim.info(), sim.now()),
            backend: Faulty::new(sim),
            audit: Vec::new(),
        };
        d.state.size = (160, 48);
        let effects = update(&mut d.state, Action::Tick(d.backend.now()));
        d.run(effects).await;
        d
    }

    /// Carry out effects and everything their answers ask for, as the runtime would.
    async fn run(&mut self, mut effects: Vec<Effect>) {
        let mut rounds = 0;
        while !effects.is_empty() {
            rounds += 1;
            assert!(rounds < 50, "effects never settle: {effects:?}");
            let mut next = Vec::new();
            for effect in effects {
                if let Effect::Audit(entry) = &effect {
                    self.audit.push(entry.clone());
                }
                if let Some(answer) = perform(&self.backend, effect).await {
                    next.extend(update(&mut self.state, answer));
                }
            }
            effects = next;
        }
    }

    async fn keys(&mut self, text: &str) {
        for c in text.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                '\x08' => KeyCode::Backspace,
                c => KeyCode::Char(c),
            };
            let effects = update(
                &mut self.state,
                Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            );
            self.run(effects).await;
        }
    }

    async fn command(&mut self, line: &str) {
        self.keys(&format!(":{line}\n")).await;
    }

    /// Let virtual time pass, a tick a second, answering every effect.
    async fn seconds(&mut self, n: u32) {
        for _ in 0..n {
            self.backend.sim.advance(1000);
            let effects = update(&mut self.state, Action::Tick(self.backend.now()));
            self.run(effects).await;
        }
    }

    /// Open a cluster's services, then move down to one service and open it.
    async fn open_service(&mut self, cluster: &str, service: &str) {
        self.command(&format!("svc {cluster}")).await;
        let at = self.row_of(|state, i| {
            let wharf::app::Screen::Services { cluster_arn, .. } = state.screen() else {
                return false;
            };
            state
                .service_rows(cluster_arn)
                .get(i)
                .is_some_and(|s| s.name == service)
        });
        self.keys(&"j".repeat(at)).await;
        self.keys("\n").await;
        assert!(
            matches!(self.state.screen(), wharf::app::Screen::Service { service_name, .. } if service_name == service),
            "on {service}: {:?}",
            self.state.screen()
        );
    }

    /// The position among the rows shown of the row `is` picks.
    fn row_of(&self, is: impl Fn(&State, usize) -> bool) -> usize {
        let view = self.state.screen().cursor().expect("a table");
        view.rows
            .iter()
            .position(|&i| is(&self.state, i))
            .expect("the row is shown")
    }

    async fn service(&self, cluster: &str, name: &str) -> Service {
        let arn = format!("arn:aws:ecs:sandbox-1:000000000000:service/{cluster}/{name}");
        let found = self
            .backend
            .sim
            .describe_services(cluster, &[arn])
            .await
            .unwrap();
        found.items.into_iter().next().expect("the service")
    }

    fn flash(&self) -> String {
        self.state
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }

    fn outcomes(&self, action: &str) -> Vec<AuditOutcome> {
        self.audit
            .iter()
            .filter(|a| a.action == action)
            .map(|a| a.outcome)
            .collect()
    }
}

fn has_event(s: &Service, needle: &str) -> bool {
    s.events.iter().any(|e| e.message.contains(needle))
}

#[tokio::test]
async fn scale_a_service_and_watch_the_tasks_start() {
    let mut d = Driver::new(3).await;
    d.open_service("prod-fargate", "api").await;
    let before = d.service("prod-fargate", "api").await.desired_count;
    d.keys(&format!("+{}\n", before + 2)).await;
    assert!(
        d.flash()
            .contains(&format!("api now wants {} tasks", before + 2)),
        "{}",
        d.flash()
    );
    assert_eq!(
        d.outcomes("scale"),
        vec![AuditOutcome::Attempt, AuditOutcome::Ok]
    );
    d.seconds(60).await;
    let api = d.service("prod-fargate", "api").await;
    assert_eq!(
        (api.desired_count, api.running_count),
        (before + 2, before + 2)
    );
    assert!(has_event(&api, "has started 2 tasks"), "{:?}", api.events);
    // The screen shows it too.
    let shown = wharf::app::dialog::find_service(&d.state, &api.cluster_arn, &api.arn).unwrap();
    assert_eq!(shown.running_count, before + 2);
}

#[tokio::test]
async fn stop_a_task_and_watch_it_heal() {
    let mut d = Driver::new(3).await;
    d.open_service("prod-fargate", "api").await;
    let running_before = d.service("prod-fargate", "api").await.running_count;
    let victim = d
        .state
        .screen()
        .cursor()
        .unwrap()
        .selected_key
        .clone()
        .unwrap();
    d.keys("xbad host\n").await;
    d.seconds(90).await;
    let tasks = d
        .backend
        .sim
        .describe_tasks("prod-fargate", std::slice::from_ref(&victim))
        .await
        .unwrap()
        .items;
    assert_eq!(tasks[0].last_status, TaskStatus::Stopped);
    assert_eq!(tasks[0].stopped_reason.as_deref(), Some("bad host"));
    assert_eq!(tasks[0].stop_code, Some(StopCode::UserInitiated));
    let api = d.service("prod-fargate", "api").await;
    assert_eq!(api.running_count, running_before, "a replacement runs");
    assert!(has_event(&api, "has started 1 tasks"), "{:?}", api.events);
    assert_eq!(
        d.outcomes("stop-tasks"),
        vec![AuditOutcome::Attempt, AuditOutcome::Ok]
    );
}

#[tokio::test]
async fn a_broken_image_trips_the_circuit_breaker_and_rolls_back() {
    let mut d = Driver::new(3).await;
    // Let the demo's own broken search rollout finish first.
    d.seconds(600).await;
    d.open_service("prod-fargate", "search").await;
    let before = d.service("prod-fargate", "search").await.task_definition;
    d.command("deploy --image search=public.ecr.aws/wharf-demo/search:9.9-broken")
        .await;
    d.keys("\n").await;
    let after = d.service("prod-fargate", "search").await;
    assert_ne!(
        after.task_definition, before,
        "a new revision is rolling out"
    );
    d.seconds(900).await;
    let search = d.service("prod-fargate", "search").await;
    assert_eq!(
        search.task_definition, before,
        "rolled back to the revision before"
    );
    assert!(
        has_event(&search, "deployment failed"),
        "{:?}",
        search.events
    );
    assert_eq!(
        d.outcomes("deploy"),
        vec![AuditOutcome::Attempt, AuditOutcome::Ok]
    );
}

#[tokio::test]
async fn roll_back_a_deployment_in_progress_and_to_the_revision_before() {
    let mut d = Driver::new(3).await;
    d.open_service("prod-fargate", "api").await;
    let first = d.service("prod-fargate", "api").await.task_definition;
    d.command("deploy --image api=public.ecr.aws/wharf-demo/api:2.15.0")
        .await;
    d.keys("\n").await;
    d.seconds(3).await;
    assert!(d.service("prod-fargate", "api").await.is_deploying());
    // In progress: StopServiceDeployment with ROLLBACK.
    d.keys("R\n").await;
    assert!(d.flash().contains("ECS returns to"), "{}", d.flash());
    d.seconds(300).await;
    let api = d.service("prod-fargate", "api").await;
    assert_eq!(api.task_definition, first);
    let deployments = d
        .backend
        .sim
        .list_service_deployments("prod-fargate", &api.arn)
        .await
        .unwrap();
    assert!(
        deployments.iter().any(|x| x.status.starts_with("ROLLBACK")),
        "{deployments:?}"
    );
    // Steady: a rollback deploys the ACTIVE revision before the one running.
    d.command("deploy --image api=public.ecr.aws/wharf-demo/api:2.16.0")
        .await;
    d.keys("\n").await;
    d.seconds(300).await;
    let newest = d.service("prod-fargate", "api").await.task_definition;
    assert_ne!(newest, first);
    d.keys("R").await;
    d.seconds(1).await;
    d.keys("\n").await;
    d.seconds(300).await;
    let api = d.service("prod-fargate", "api").await;
    let rev = |arn: &str| family_revision(arn).to_string();
    assert!(
        rev(&api.task_definition) < rev(&newest),
        "{} after {}",
        rev(&api.task_definition),
        rev(&newest)
    );
}

#[tokio::test]
async fn read_only_changes_nothing_in_the_sandbox() {
    let mut d = Driver::new(3).await;
    d.state.read_only = true;
    d.open_service("prod-fargate", "api").await;
    for key in ["+", "x", "d", "i", "F", "R", "D"] {
        d.keys(key).await;
        assert!(d.state.overlay.is_none(), "{key} opened nothing");
        assert!(
            d.flash().starts_with("read-only (profile sandbox): "),
            "{key}: {}",
            d.flash()
        );
    }
    for line in ["scale 9", "stop", "deploy --force", "rollback", "cleanup"] {
        d.command(line).await;
        assert!(d.state.overlay.is_none(), ":{line} opened nothing");
    }
    assert_eq!(d.backend.writes(), 0, "no write reached the sandbox");
    assert_eq!(d.audit.len(), 12, "{:?}", d.audit);
    assert!(d.audit.iter().all(|a| a.outcome == AuditOutcome::Refused));
}

/// Every cluster, service and task outside `cluster`, as ARNs with their status.
async fn everything_but(sim: &Sim, cluster: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in sim.list_clusters().await.unwrap() {
        if arn_name(&c) == cluster {
            continue;
        }
        for s in sim.list_services(&c).await.unwrap() {
            let d = sim
                .describe_services(&c, std::slice::from_ref(&s))
                .await
                .unwrap();
            out.push((s, d.items[0].status.as_str().to_string()));
        }
    }
    out
}

async fn clean_up(d: &mut Driver, cluster: &str) {
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
    d.keys("D").await;
    // Include both opt-in groups.
    d.keys(" j ").await;
    d.keys("\n").await;
    d.keys(&format!("{cluster}\n")).await;
}

#[tokio::test]
async fn cleanup_survives_a_failure_at_each_step_and_resumes_to_the_end() {
    // How many writes a clean run makes, to inject a failure at each of them.
    let mut d = Driver::new(5).await;
    let others = everything_but(&d.backend.sim, "prod-ec2").await;
    clean_up(&mut d, "prod-ec2").await;
    d.seconds(240).await;
    let run = d.state.cleanup.clone().unwrap();
    assert!(!run.is_running(), "{:?}", run.finished);
    assert!(
        run.states.iter().all(|s| matches!(s, StepState::Done(_))),
        "{:?}",
        run.states
    );
    let writes = d.backend.writes();
    assert!(
        writes >= 8,
        "services, instances, cluster, listener, target groups, revisions: {writes}"
    );
    assert_eq!(
        everything_but(&d.backend.sim, "prod-ec2").await,
        others,
        "nothing outside the plan"
    );
    let cluster = d
        .backend
        .sim
        .describe_clusters(&["prod-ec2".into()])
        .await
        .unwrap();
    assert_eq!(cluster.items[0].status, "INACTIVE");

    for at in 0..writes {
        for fault in [Fault::Refused, Fault::AnswerLost] {
            let mut d = Driver::new(5).await;
            d.backend.fail(Some((at, fault)));
            clean_up(&mut d, "prod-ec2").await;
            d.seconds(240).await;
            let run = d.state.cleanup.clone().unwrap();
            assert!(!run.is_running());
            let stopped = run
                .states
                .iter()
                .filter(|s| matches!(s, StepState::Failed(_) | StepState::Unknown(_)))
                .count();
            // A lost answer that a fresh read could check is settled while the run waits for Enter: the
            // step is then done (or failed: not done), and the run stays stopped after it.
            let checked = run
                .states
                .iter()
                .filter(|s| matches!(s, StepState::Done(why) if why.contains("checked by a fresh read")))
                .count();
            assert_eq!(
                stopped + checked,
                1,
                "write {at} ({fault:?}): {:?}",
                run.states
            );
            assert!(
                run.states
                    .iter()
                    .skip_while(|s| matches!(s, StepState::Done(_) | StepState::Skipped(_)))
                    .skip(1)
                    .all(|s| *s == StepState::Pending),
                "nothing after the failed step ran: {:?}",
                run.states
            );
            // Resume with Enter: the confirmed plan goes on from the step that stopped, no fault this time.
            d.backend.fail(None);
            d.keys("\n").await;
            d.seconds(240).await;
            let resumed = d.state.cleanup.clone().unwrap();
            assert_eq!(
                resumed.finished.as_ref().map(|f| f.0),
                Some(wharf::app::FlashLevel::Info),
                "write {at} ({fault:?}) resumed to the end: {:?}",
                resumed.finished
            );
            let cluster = d
                .backend
                .sim
                .describe_clusters(&["prod-ec2".into()])
                .await
                .unwrap();
            assert_eq!(
                cluster.items[0].status, "INACTIVE",
                "write {at} ({fault:?})"
            );
            assert_eq!(everything_but(&d.backend.sim, "prod-ec2").await, others);
            // A checked step is never sent again; only a delete that no read can check (the cluster's) may
            // go twice, and is then answered as already gone.
            let log = d.backend.log.lock().unwrap().clone();
            let deletes = log.iter().filter(|w| *w == "DeleteCluster").count();
            assert!(deletes <= 2, "{log:?}");
            if checked == 1 {
                assert_eq!(log.len(), writes, "write {at} ({fault:?}): {log:?}");
            }
        }
    }
}

#[tokio::test]
async fn esc_stops_a_cleanup_during_a_wait_at_once_and_enter_resumes_it() {
    let mut d = Driver::new(5).await;
    clean_up(&mut d, "staging").await;
    // The service is deleted; the run now waits for it to drain.
    let run = d.state.cleanup.clone().unwrap();
    assert!(run.plan.steps[run.current].is_wait(), "{:?}", run.states);
    let effects = update(
        &mut d.state,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    d.run(effects).await;
    let run = d.state.cleanup.clone().unwrap();
    assert!(!run.is_running(), "a wait stops at once");
    assert!(d.flash().contains("stopped while waiting"), "{}", d.flash());
    assert_eq!(d.outcomes("cleanup").last(), Some(&AuditOutcome::Stopped));
    d.keys("\n").await;
    d.seconds(120).await;
    let run = d.state.cleanup.clone().unwrap();
    assert_eq!(
        run.finished.map(|f| f.0),
        Some(wharf::app::FlashLevel::Info)
    );
    assert_eq!(d.outcomes("cleanup").last(), Some(&AuditOutcome::Ok));
}
