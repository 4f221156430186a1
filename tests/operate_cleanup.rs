//! A cleanup on the sandbox, driven as the runtime runs it: interrupted by a failure at each of its steps,
//! then resumed to the end; stopped by Esc during a wait; and a step whose answer was lost, checked by a
//! fresh read before anything is sent again.

mod faulty;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use faulty::driver::Driver;
use faulty::Fault;
use wharf::app::cleanup::StepState;
use wharf::app::{update, Action, AuditOutcome};
use wharf::backend::sim::Sim;
use wharf::backend::Backend;
use wharf::model::arn_name;

/// The sandbox's status of `cluster`, read directly.
async fn cluster_status(d: &Driver, cluster: &str) -> String {
    let found = d.backend.sim.describe_clusters(&[cluster.into()]).await;
    found.unwrap().items[0].status.clone()
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
    assert_eq!(cluster_status(&d, "prod-ec2").await, "INACTIVE");

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
            assert_eq!(
                cluster_status(&d, "prod-ec2").await,
                "INACTIVE",
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

/// The first DeleteService's answer is lost and DescribeServices is denied from then on: nothing can tell
/// whether it was done. Enter reads again and sends nothing; a second Enter does not send it either; once the
/// reads come back the check settles it and the run resumes by itself, the delete sent once. Had they not
/// come back within 2 minutes, the run says so, and Enter then sends the step again.
#[tokio::test]
async fn a_lost_answer_is_read_before_anything_is_sent_again() {
    for reads_return in [true, false] {
        let mut d = Driver::new(5).await;
        let deny = |d: &Driver, on: bool| {
            (d.backend.deny_describe_services).store(on, std::sync::atomic::Ordering::SeqCst)
        };
        d.backend
            .deny_after_fault
            .store(true, std::sync::atomic::Ordering::SeqCst);
        d.backend.fail(Some((0, Fault::AnswerLost)));
        clean_up(&mut d, "prod-ec2").await;
        d.seconds(5).await;
        let run = d.state.cleanup.clone().unwrap();
        assert!(!run.is_running());
        assert!(
            matches!(run.states[0], StepState::Unknown(_)),
            "{:?}",
            run.states
        );
        let deletes = |d: &Driver| {
            let log = d.backend.log.lock().unwrap();
            log.iter().filter(|w| *w == "DeleteService").count()
        };
        assert_eq!(deletes(&d), 1);

        d.keys("\n").await;
        assert!(d.flash().contains("reading it again"), "{}", d.flash());
        d.seconds(10).await;
        d.keys("\n").await;
        assert!(d.flash().contains("still reading"), "{}", d.flash());
        d.seconds(10).await;
        assert_eq!(deletes(&d), 1, "nothing sent while it cannot tell");
        assert!(!d.state.cleanup.as_ref().unwrap().is_running());

        if reads_return {
            deny(&d, false);
        } else {
            d.seconds(120).await;
            let said = d.state.cleanup.as_ref().and_then(|r| r.finished.clone());
            assert!(
                said.as_ref()
                    .is_some_and(|(_, text)| text.contains("could not tell within 2 minutes")),
                "{said:?}"
            );
            assert_eq!(deletes(&d), 1, "nothing sent when it gave up");
            deny(&d, false);
            d.keys("\n").await;
        }
        d.seconds(240).await;
        let run = d.state.cleanup.clone().unwrap();
        assert_eq!(
            d.outcomes("cleanup").last(),
            Some(&AuditOutcome::Ok),
            "{:?}",
            run.states
        );
        if reads_return {
            let planned = run.plan.steps.iter();
            let planned = planned.filter(|s| format!("{s:?}").contains("DeleteService"));
            assert_eq!(
                run.states[0],
                StepState::Done("done (checked by a fresh read)".into())
            );
            assert_eq!(deletes(&d), planned.count(), "each service deleted once");
        } else {
            assert!(
                matches!(&run.states[0], StepState::Skipped(why) if why.contains("already gone")),
                "sent again once the user chose to, and answered as gone: {:?}",
                run.states[0]
            );
        }
    }
}
