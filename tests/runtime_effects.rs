//! The effect runner against real backends: the sandbox, and a backend that never answers.

use wharf::app::{update, Action, Effect, Screen, State, UserAction};
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
    let clusters = state.clusters.data.clone().expect("clusters loaded");
    assert!(clusters.len() >= 3, "{clusters:?}");
    assert!(state.clusters.error.is_none());

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
        let services = state
            .services_of(&cluster.arn)
            .and_then(|l| l.data.clone())
            .unwrap_or_default();
        for (si, _) in services.iter().enumerate() {
            update(&mut state, Action::User(UserAction::Top));
            for _ in 0..si {
                update(&mut state, Action::User(UserAction::Down));
            }
            let fx = update(&mut state, Action::User(UserAction::Open));
            settle(&mut state, &sim, fx).await;
            let Screen::Service {
                cluster_arn,
                service_name,
                ..
            } = state.screen().clone()
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
    let Screen::Task { task_arn, .. } = state.screen().clone() else {
        panic!("expected the task screen")
    };
    assert_eq!(task_arn, stopped.arn);
    let def = state
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
        .clusters
        .data
        .clone()
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let fx = update(&mut state, Action::User(UserAction::Open));
    settle(&mut state, &sim, fx).await;
    let services = state
        .services_of(&cluster.arn)
        .and_then(|l| l.data.clone())
        .unwrap();
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
    let answer = perform(
        &sim,
        Effect::LoadService {
            cluster_arn: cluster.clone(),
            service_arn: service_arn.clone(),
        },
    )
    .await
    .expect("a backend effect");
    let Action::ServiceLoaded {
        result: Err(BackendError::NotFound { what }),
        ..
    } = answer
    else {
        panic!("expected NotFound, got {answer:?}")
    };
    assert!(what.contains("-gone"), "{what}");
}

// Paused tokio time: the time limit passes instantly and deterministically.
#[tokio::test(start_paused = true)]
async fn an_effect_that_never_answers_is_answered_with_a_time_out() {
    let answer = perform(
        &HANGING,
        Effect::LoadTasks {
            cluster_arn: "c".into(),
            service_name: "web".into(),
        },
    )
    .await
    .expect("a backend effect");
    let Action::TasksLoaded {
        result: Err(BackendError::TimedOut { action, .. }),
        key,
        ..
    } = answer
    else {
        panic!("expected a time-out, got {answer:?}")
    };
    assert_eq!(key.service_name, "web");
    assert!(action.contains("ListTasks"));
    // And the app, given that answer, no longer counts the request as in flight: polling goes on.
    let mut state = State::new(BackendInfo::default(), Timestamp(0));
    update(&mut state, Action::Tick(Timestamp(0)));
    let answer = perform(&HANGING, Effect::LoadClusters)
        .await
        .expect("a backend effect");
    update(&mut state, answer);
    assert!(!state.clusters.in_flight);
    assert!(state.clusters.error.is_some());
    let next_poll = Timestamp(state.refresh.list_ms);
    assert_eq!(
        update(&mut state, Action::Tick(next_poll)),
        vec![Effect::LoadClusters]
    );
}
