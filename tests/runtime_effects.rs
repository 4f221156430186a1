//! The effect runner against real backends: the sandbox, and a backend that never answers.

use wharf::app::{
    update, Action, Effect, Fetch, Payload, Resource, Screen, ServiceKey, State, UserAction,
};
use wharf::app::{ServiceScreen, TaskScreen};
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::{Backend, BackendError, BackendInfo};
use wharf::model::*;
use wharf::runtime::perform;
use wharf::runtime::settle;

mod fake_backends;
use fake_backends::HANGING;

#[tokio::test]
async fn the_app_walks_the_sandbox_from_clusters_to_a_stopped_task() {
    let sim = Sim::demo(7, SimClock::Manual);
    let mut state = State::new(sim.info(), sim.now());
    let first = update(&mut state, Action::Tick(sim.now()));
    settle(&mut state, &sim, first).await;
    let clusters = state
        .session
        .cache
        .clusters
        .data
        .clone()
        .expect("clusters loaded");
    assert!(clusters.len() >= 3, "{clusters:?}");
    assert!(state.session.cache.clusters.status.error.is_none());

    // Find a cluster and a service that has stopped tasks: the demo has a service whose tasks keep failing.
    let mut found = None;
    'search: for (ci, cluster) in clusters.iter().enumerate() {
        while state.screens.len() > 1 {
            update(&mut state, Action::User(UserAction::Back));
        }
        update(&mut state, Action::User(UserAction::Top));
        for _ in 0..ci {
            update(&mut state, Action::User(UserAction::Down));
        }
        let fx = update(&mut state, Action::User(UserAction::Open));
        settle(&mut state, &sim, fx).await;
        let services = state.service_rows(&cluster.arn).to_vec();
        for (si, _) in services.iter().enumerate() {
            update(&mut state, Action::User(UserAction::Top));
            for _ in 0..si {
                update(&mut state, Action::User(UserAction::Down));
            }
            let fx = update(&mut state, Action::User(UserAction::Open));
            settle(&mut state, &sim, fx).await;
            let Screen::Service(ServiceScreen {
                cluster_arn,
                service_name,
                ..
            }) = state.screen().clone()
            else {
                panic!("expected a service screen, got {:?}", state.screen())
            };
            let tasks = state
                .tasks_of(&cluster_arn, &service_name)
                .and_then(|l| l.data.clone())
                .unwrap();
            if let Some(i) = tasks
                .iter()
                .position(|t| t.last_status == TaskStatus::Stopped)
            {
                found = Some((i, tasks[i].clone()));
                break 'search;
            }
            update(&mut state, Action::User(UserAction::Back));
        }
    }
    let (index, stopped) = found.expect("the demo world has a service with stopped tasks");
    assert!(
        stopped.stop_code.is_some() && stopped.stopped_reason.is_some(),
        "a stopped task says why: {stopped:?}"
    );
    for _ in 0..index {
        update(&mut state, Action::User(UserAction::Down));
    }
    let fx = update(&mut state, Action::User(UserAction::Open));
    settle(&mut state, &sim, fx).await;
    let Screen::Task(TaskScreen { task_arn, .. }) = state.screen().clone() else {
        panic!("expected the task screen")
    };
    assert_eq!(task_arn, stopped.arn);
    let def = state
        .session
        .cache
        .task_definitions
        .get(&stopped.task_definition_arn)
        .expect("task definition requested");
    assert_eq!(
        def.data.as_ref().map(|d| d.arn.as_str()),
        Some(stopped.task_definition_arn.as_str())
    );
}

#[tokio::test]
async fn target_health_of_a_service_behind_a_load_balancer_is_fetched() {
    let sim = Sim::demo(7, SimClock::Manual);
    let mut state = State::new(sim.info(), sim.now());
    let fx = update(&mut state, Action::Tick(sim.now()));
    settle(&mut state, &sim, fx).await;
    let cluster = state
        .session
        .cache
        .clusters
        .data
        .clone()
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let fx = update(&mut state, Action::User(UserAction::Open));
    settle(&mut state, &sim, fx).await;
    let services = state.service_rows(&cluster.arn).to_vec();
    assert!(!services.is_empty(), "the services are described");
    let (i, svc) = services
        .iter()
        .enumerate()
        .find(|(_, s)| !s.load_balancers.is_empty())
        .expect("an ALB service");
    for _ in 0..i {
        update(&mut state, Action::User(UserAction::Down));
    }
    let fx = update(&mut state, Action::User(UserAction::Open));
    settle(&mut state, &sim, fx).await;
    for binding in &svc.load_balancers {
        let health = state
            .session
            .cache
            .target_health
            .get(&binding.target_group_arn)
            .expect("requested");
        let targets = health.data.as_ref().expect("answered");
        assert!(!targets.is_empty(), "a running service registers targets");
    }
}

#[tokio::test]
async fn a_service_that_no_longer_exists_is_reported_not_found() {
    let sim = Sim::demo(7, SimClock::Manual);
    let cluster = sim.list_clusters().await.unwrap().remove(0);
    let service_arn = format!("{}-gone", cluster.replace(":cluster/", ":service/"));
    let row = Resource::Service {
        cluster_arn: cluster.clone(),
        service_arn: service_arn.clone(),
    };
    // The service screen reads its one row: a DescribeServices batch of one.
    let fetch = Fetch::of(row.clone());
    assert_eq!(
        fetch,
        Fetch::Services {
            cluster_arn: cluster.clone(),
            arns: vec![service_arn.clone()],
        }
    );
    let answer = perform(&sim, Effect::Fetch(fetch))
        .await
        .expect("a backend effect");
    let Action::Fetched {
        result: Ok(Payload::Services(described)),
        ..
    } = &answer
    else {
        panic!("expected the describe's answer, got {answer:?}")
    };
    assert!(described.items.is_empty(), "{described:?}");
    assert!(
        described.failures.iter().any(|f| f.arn == service_arn),
        "ECS says why it could not describe it: {described:?}"
    );
    // On the service's screen, that row reads as not found.
    let mut state = State::new(sim.info(), sim.now());
    state.screens.push(Screen::Service(ServiceScreen {
        cluster_arn: cluster.clone(),
        service_arn: service_arn.clone(),
        service_name: wharf::model::arn_name(&service_arn).to_string(),
        cursor: Default::default(),
        panes: Default::default(),
    }));
    update(&mut state, answer);
    let status = state.status(&row).expect("the row's read is recorded");
    let Some(BackendError::NotFound { what }) = &status.error else {
        panic!("expected NotFound, got {status:?}")
    };
    assert!(what.contains("-gone"), "{what}");
    assert!(state.service(&cluster, &service_arn).is_none());
}

// Paused tokio time: the time limit passes instantly and deterministically.
#[tokio::test(start_paused = true)]
async fn an_effect_that_never_answers_is_answered_with_a_time_out() {
    let key = ServiceKey {
        cluster_arn: "c".into(),
        service_name: "web".into(),
    };
    let answer = perform(
        &HANGING,
        Effect::Fetch(Fetch::One(Resource::ServiceTasks(key.clone()))),
    )
    .await
    .expect("a backend effect");
    let Action::Fetched {
        result: Err(BackendError::TimedOut { action, .. }),
        fetch,
        ..
    } = answer
    else {
        panic!("expected a time-out, got {answer:?}")
    };
    assert_eq!(fetch, Fetch::One(Resource::ServiceTasks(key)));
    assert!(action.contains("ListTasks"), "{action}");
    // And the app, given that answer, no longer counts the request as in flight: polling goes on.
    let clusters = Effect::Fetch(Fetch::One(Resource::Clusters));
    let mut state = State::new(BackendInfo::default(), Timestamp(0));
    assert_eq!(
        update(&mut state, Action::Tick(Timestamp(0))),
        vec![clusters.clone()]
    );
    let answer = perform(&HANGING, clusters.clone())
        .await
        .expect("a backend effect");
    update(&mut state, answer);
    let status = &state.session.cache.clusters.status;
    assert!(!status.in_flight);
    assert!(status.error.is_some());
    // Not asked again at once (no retry storm), but tried again: polling goes on.
    assert!(update(&mut state, Action::Tick(Timestamp(0))).is_empty());
    let polled_again = (1..=60)
        .map(|s| s * 1000)
        .any(|ms| update(&mut state, Action::Tick(Timestamp(ms))).contains(&clusters));
    assert!(polled_again, "polled again within a minute");
}

/// A read that keeps making calls is slow, not hung: it gets its answer past the minute a hung one gets,
/// and a hung read beside it is not kept waiting by its calls. A change gets no extension: its outcome is
/// reported within the minute.
#[tokio::test(start_paused = true)]
async fn a_read_that_keeps_calling_is_waited_for_and_a_hung_one_or_a_change_is_not() {
    let busy = fake_backends::BUSY_150_S;
    let key = ServiceKey {
        cluster_arn: "c".into(),
        service_name: "web".into(),
    };
    let calling = Effect::Fetch(Fetch::One(Resource::ServiceTasks(key)));
    let hung = Effect::Fetch(Fetch::One(Resource::Clusters));
    let started = tokio::time::Instant::now();
    let hung_one = async {
        let answer = perform(&busy, hung).await;
        (answer, started.elapsed().as_secs())
    };
    let ((hung_answer, hung_after), calling_answer) =
        futures::join!(hung_one, perform(&busy, calling));
    assert!(
        format!("{hung_answer:?}").contains("TimedOut"),
        "{hung_answer:?}"
    );
    assert_eq!(hung_after, 60, "the hung read waits its minute, no more");
    let Some(Action::Fetched { result, .. }) = calling_answer else {
        panic!("expected a read's answer, got {calling_answer:?}")
    };
    assert!(
        matches!(result, Err(BackendError::NotFound { .. })),
        "the backend's own answer after 150 s: {result:?}"
    );
    assert_eq!(started.elapsed().as_secs(), 150);

    let started = tokio::time::Instant::now();
    let change = Effect::Mutate {
        id: 1,
        mutation: wharf::app::Mutation::DeleteCluster(wharf::app::mutation::DeleteCluster {
            cluster_arn: "c".into(),
        }),
    };
    let answer = perform(&busy, change).await.expect("a backend effect");
    assert!(
        format!("{answer:?}").contains("TimedOut"),
        "a change times out: {answer:?}"
    );
    assert_eq!(started.elapsed().as_secs(), 60);
}
