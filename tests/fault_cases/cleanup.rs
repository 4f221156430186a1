//! A cluster's cleanup (force delete, with its task definitions) over moto, a fault at each of its writes in
//! turn: the run stops at that step and says why, nothing after it runs, and enter resumes it to the end.
//! Read back from moto directly: the services INACTIVE, the cluster gone, the revisions deleted.

use std::time::Duration;
use wharf::app::ClustersScreen;

use wharf::app::cleanup::StepState;
use wharf::app::{Mutation, Screen, State};

use crate::live::Live;
use crate::support::fault_proxy::{Fault, FaultProxy};
use crate::support::moto;
use crate::support::world::Fixture;
use crate::{seed, INTERVAL_MS};

/// Every write a cluster's cleanup makes.
const WRITES: [&str; 4] = [
    "DeleteService",
    "DeleteCluster",
    "DeregisterTaskDefinition",
    "DeleteTaskDefinitions",
];

/// The writes a clean run of this plan makes: two services, the cluster, one revision deregistered and deleted.
const CLEAN_WRITES: usize = 5;
/// The same, for each of `WRITES`.
const CLEAN_COUNTS: [usize; 4] = [2, 1, 1, 1];

/// The faults met, one per write in turn.
const FAULTS: [Fault; CLEAN_WRITES] = [
    Fault::DropAnswer,
    Fault::Throttling,
    Fault::Drop,
    Fault::Http500,
    Fault::AccessDenied,
];

fn planned(s: &State) -> bool {
    matches!(
        s.overlay.dialog().map(|d| &d.draft),
        Some(Mutation::Cleanup(c)) if matches!(c.found, Some(Ok(_)))
    )
}

fn finished(s: &State) -> bool {
    s.cleanup.as_ref().is_some_and(|r| !r.is_running())
}

/// wharf through a proxy, on the clusters screen, starting the cleanup of `name` with both opt-in groups.
async fn start_cleanup(proxy: &FaultProxy, name: &str, cluster_arn: &str) -> Live {
    let mut live = Live::new(crate::support::stub::backend(&proxy.endpoint), INTERVAL_MS);
    live.until_listed(cluster_arn).await;
    let Screen::Clusters(ClustersScreen { cursor }) = live.state.screen().clone() else {
        panic!("not on the clusters screen");
    };
    let clusters = live
        .state
        .session
        .cache
        .clusters
        .data
        .clone()
        .unwrap_or_default();
    let at = cursor
        .rows
        .iter()
        .position(|&i| clusters[i].arn == cluster_arn)
        .expect("the cluster is shown");
    live.keys(&"j".repeat(at.saturating_sub(cursor.selected)));
    live.keys("D");
    assert!(
        live.run_until(Duration::from_secs(15), planned).await,
        "no plan: {}",
        live.render()
    );
    live.keys(" j \n");
    live.keys(&format!("{name}\n"));
    live
}

async fn everything_gone(fx: &Fixture, cluster: &str, services: &[String], family: &str) {
    let out = fx
        .ecs
        .describe_services()
        .cluster(cluster)
        .set_services(Some(services.to_vec()))
        .send()
        .await;
    if let Ok(out) = out {
        for s in out.services() {
            assert_eq!(s.status(), Some("INACTIVE"), "{s:?}");
        }
    }
    let clusters = fx
        .ecs
        .describe_clusters()
        .clusters(cluster)
        .send()
        .await
        .expect("DescribeClusters");
    assert!(
        clusters
            .clusters()
            .iter()
            .all(|c| c.status() == Some("INACTIVE")),
        "{clusters:?}"
    );
    let active = fx
        .ecs
        .list_task_definitions()
        .family_prefix(family)
        .send()
        .await
        .expect("ListTaskDefinitions");
    assert!(active.task_definition_arns().is_empty(), "{active:?}");
}

/// One run: the fault at write `k` (counted over every write), then resumed.
async fn interrupted_at(k: usize) {
    let fx = Fixture::new(&moto::shared().endpoint);
    let name = format!("f-clean-{k}");
    let (cluster, services) = seed(&fx, &name, &["svc-a", "svc-b"]).await;
    let proxy = FaultProxy::start(&moto::shared().endpoint).await;
    proxy.set_at(FAULTS[k], &WRITES, k);
    let mut live = start_cleanup(&proxy, &name, &cluster).await;
    let what = format!("write {k} ({:?})", FAULTS[k]);

    assert!(
        live.run_until(Duration::from_secs(30), finished).await,
        "{what}"
    );
    let run = live.state.cleanup.clone().expect("a run");
    let stopped: Vec<&StepState> = run
        .states
        .iter()
        .filter(|s| matches!(s, StepState::Failed(_) | StepState::Unknown(_)))
        .collect();
    assert_eq!(stopped.len(), 1, "{what}: {:?}", run.states);
    assert!(
        run.states[run.current + 1..]
            .iter()
            .all(|s| *s == StepState::Pending),
        "{what}: nothing after the stop ran: {:?}",
        run.states
    );
    let said = live.flash();
    assert!(said.contains("cleanup stopped at step"), "{what}: {said}");
    let writes: usize = WRITES.iter().map(|w| proxy.seen(w)).sum();
    assert_eq!(writes, k + 1, "{what}: nothing sent after the fault");

    // Enter resumes: at once, or for a lost answer once a fresh read has told whether it was done.
    live.keys("\n");
    let to_the_end = |s: &State| {
        s.cleanup
            .as_ref()
            .is_some_and(|r| !r.is_running() && r.current == r.plan.steps.len())
    };
    assert!(
        live.run_until(Duration::from_secs(30), to_the_end).await,
        "{what}: {:?}",
        live.state.cleanup.as_ref().map(|r| &r.states)
    );
    let run = live.state.cleanup.clone().expect("a run");
    assert!(
        run.states
            .iter()
            .all(|s| matches!(s, StepState::Done(_) | StepState::Skipped(_))),
        "{what} resumed to the end: {:?}",
        run.states
    );
    everything_gone(&fx, &cluster, &services, &name).await;
    let reached: Vec<(&str, usize, usize)> = WRITES
        .iter()
        .map(|w| (*w, proxy.seen(w), proxy.forwarded(w)))
        .collect();
    eprintln!("{what}: (write, sent, reached moto) {reached:?}");
    // Each write reached moto as often as in a run without faults. The one lost answer here is a
    // DeleteService's: settled by a read before resuming, never by sending it again. (A lost answer of a
    // step no read can check, DeleteCluster say, is sent again on Enter by design.)
    for (w, clean) in WRITES.iter().zip(CLEAN_COUNTS) {
        assert_eq!(proxy.forwarded(w), clean, "{what}: {w} reached moto");
    }
}

#[tokio::test]
async fn a_cleanup_survives_a_fault_at_each_write_and_resumes_to_the_end() {
    let runs = (0..CLEAN_WRITES).map(interrupted_at);
    futures::future::join_all(runs).await;
}
