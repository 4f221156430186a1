//! How often the poller reads what: faster during a rollout, slower when nothing changes, and what a failed
//! batch costs.

mod faulty;

use wharf::app::budget::Category;
use wharf::app::{update, Action, Effect, Fetch, Payload, Resource, Screen, State};
use wharf::app::{ServiceScreen, ServicesScreen, TasksScreen};
use wharf::backend::sim::scenarios::large_world_in;
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::{Backend, BackendError};
use wharf::runtime::perform;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime")
}

/// A service screen answered at once, whatever it asks, with `service` as it is at that moment: returns the
/// moments (ms after the start) its row was read.
fn row_reads(service: impl Fn(i64) -> wharf::model::Service, seconds: i64) -> Vec<i64> {
    use wharf::app::service_table::ServiceTable;
    use wharf::backend::Described;
    let t0 = wharf::model::Timestamp::from_secs(1_800_000_000);
    let first = service(0);
    let cluster = first.cluster_arn.clone();
    let mut state = State::new(Default::default(), t0);
    state.session.cache.services.insert(
        cluster.clone(),
        ServiceTable::loaded(vec![first.clone()], t0),
    );
    state.screens.push(Screen::Services(ServicesScreen {
        cluster_arn: cluster.clone(),
        cursor: Default::default(),
    }));
    state.screens.push(Screen::Service(ServiceScreen {
        cluster_arn: cluster.clone(),
        service_arn: first.arn.clone(),
        service_name: first.name.clone(),
        cursor: Default::default(),
        panes: Default::default(),
    }));
    let mut reads = Vec::new();
    for s in 1..=seconds {
        let now = t0.plus_millis(s * 1000);
        let mut effects = update(&mut state, Action::Tick(now));
        while let Some(effect) = effects.pop() {
            let Effect::Fetch(fetch) = effect else {
                continue;
            };
            let result = match &fetch {
                Fetch::Services { .. } => {
                    reads.push(s * 1000);
                    Ok(Payload::Services(Described {
                        items: vec![service(s * 1000)],
                        failures: Vec::new(),
                    }))
                }
                Fetch::One(Resource::ServiceTasks(_)) => Ok(Payload::Tasks(Vec::new())),
                _ => continue,
            };
            effects.extend(update(
                &mut state,
                Action::Fetched {
                    fetch,
                    result,
                    at: now,
                    calls: 1,
                },
            ));
        }
    }
    reads
}

fn web(rollout: wharf::model::RolloutState, running: u32) -> wharf::model::Service {
    wharf::model::Service {
        arn: "arn:aws:ecs:eu-west-1:123456789012:service/prod/web".into(),
        name: "web".into(),
        cluster_arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".into(),
        desired_count: 4,
        running_count: running,
        deployments: vec![wharf::model::Deployment {
            id: "ecs-svc/1".into(),
            rollout_state: rollout,
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn a_rollout_is_watched_every_two_seconds_and_a_steady_service_every_five() {
    use wharf::model::RolloutState::{Completed, InProgress};
    // Deploying for the first 20 s, then done.
    let reads = row_reads(
        |ms| {
            if ms < 20_000 {
                web(InProgress, (ms / 5_000) as u32)
            } else {
                web(Completed, 4)
            }
        },
        60,
    );
    let gaps: Vec<i64> = reads.windows(2).map(|w| w[1] - w[0]).collect();
    let during: Vec<i64> = gaps.iter().copied().take(8).collect();
    assert!(
        during.iter().all(|&g| g == 2_000),
        "every 2 s while it deploys: {reads:?}"
    );
    let after: Vec<i64> = reads
        .windows(2)
        .filter(|w| w[0] >= 25_000)
        .map(|w| w[1] - w[0])
        .collect();
    assert!(
        !after.is_empty() && after.iter().all(|&g| g == 5_000),
        "every 5 s after: {reads:?}"
    );
}

#[test]
fn a_service_unchanged_for_minutes_is_read_less_often() {
    use wharf::model::RolloutState::Completed;
    let reads = row_reads(|_| web(Completed, 4), 20 * 60);
    let gap_at = |minute: i64| {
        reads
            .windows(2)
            .find(|w| w[0] >= minute * 60_000)
            .map(|w| w[1] - w[0])
    };
    assert_eq!(gap_at(1), Some(5_000), "{reads:?}");
    // Quiet for 5 minutes: half as often; for 10: a quarter.
    assert_eq!(gap_at(7), Some(10_000));
    assert_eq!(gap_at(15), Some(20_000));
}

#[test]
fn a_throttled_task_batch_keeps_the_other_batches_and_the_old_rows() {
    rt().block_on(async {
        use wharf::app::Resource;
        // 40 services of 3 tasks: 120 tasks, two DescribeTasks batches.
        let sim = Sim::new(large_world_in(1, 40, 1), SimClock::Manual);
        let backend = faulty::Faulty::new(sim.clone());
        let cluster = sim.list_clusters().await.unwrap()[0].clone();
        let resource = Resource::ClusterTasks {
            cluster_arn: cluster.clone(),
        };
        let mut state = State::new(sim.info(), sim.now());
        state.screens.push(Screen::Tasks(TasksScreen {
            cluster_arn: cluster.clone(),
            cursor: Default::default(),
        }));
        let read = |state: &mut State| {
            wharf::app::polling::request(state, resource.clone()).expect("a read")
        };
        let effect = read(&mut state);
        update(&mut state, perform(&backend, effect).await.unwrap());
        let before = state
            .cluster_tasks_of(&cluster)
            .unwrap()
            .data
            .clone()
            .unwrap();
        assert!(before.len() > 100, "{} tasks", before.len());
        // The second batch (ARNs sorted: the last one's) is throttled from now on.
        let mut arns: Vec<String> = before.iter().map(|t| t.arn.clone()).collect();
        arns.sort();
        *backend.throttle_task.lock().unwrap() = arns.last().cloned();
        let effect = read(&mut state);
        update(&mut state, perform(&backend, effect).await.unwrap());
        let after = state.cluster_tasks_of(&cluster).unwrap();
        assert!(
            matches!(after.status.error, Some(BackendError::Throttled { .. })),
            "{:?}",
            after.status.error
        );
        let after_arns: std::collections::BTreeSet<&String> =
            after.data.iter().flatten().map(|t| &t.arn).collect();
        let before_arns: std::collections::BTreeSet<&String> =
            before.iter().map(|t| &t.arn).collect();
        assert_eq!(after_arns, before_arns, "no task dropped");
        let bucket = state.session.budget.bucket(Category::ClusterResourceRead);
        assert_eq!(bucket.slowed, 0.5, "the category slows down");
    });
}
