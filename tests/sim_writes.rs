//! The sandbox's writes through wharf's `Backend` trait, over virtual time: UpdateService, StopTask and RunTask,
//! the state they leave, the events ECS writes about them and the errors AWS returns.

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError, ServiceUpdate};
use wharf::model::*;

fn api(e: &BackendError) -> (&str, &str) {
    match e {
        BackendError::Api { code, message } => (code.as_str(), message.as_str()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// A region with one cluster, `prod`, and a Fargate service `web` of `count` tasks on `web:1`.
fn sandbox(seed: u64, count: u32) -> Sim {
    let mut w = World::new(seed, MANUAL_START);
    w.create_cluster("prod", &["FARGATE"]);
    let td = w
        .register_task_definition(TaskDefinitionSpec::fargate(
            "web",
            "repo/web:1.0",
            256,
            512,
            8080,
        ))
        .expect("td");
    w.create_service(ServiceSpec::new("prod", "web", &td, count).percents(50, 150))
        .expect("service");
    w.advance(90_000);
    Sim::new(w, SimClock::Manual)
}

async fn web(sim: &Sim) -> Service {
    sim.describe_services("prod", &["web".into()])
        .await
        .expect("describe")
        .items
        .remove(0)
}

fn live(sim: &Sim) -> Vec<Task> {
    sim.with_world(|w| w.tasks_of_service("prod", "web"))
        .into_iter()
        .filter(|t| t.desired_status == DesiredStatus::Running)
        .collect()
}

fn messages(svc: &Service) -> Vec<&str> {
    svc.events.iter().map(|e| e.message.as_str()).collect()
}

fn count(n: u32) -> ServiceUpdate {
    ServiceUpdate {
        desired_count: Some(n),
        ..ServiceUpdate::default()
    }
}

#[tokio::test]
async fn scaling_starts_and_stops_tasks_and_says_so() {
    let sim = sandbox(1, 2);
    let svc = sim
        .update_service("prod", "web", &count(5))
        .await
        .expect("scale up");
    assert_eq!((svc.desired_count, svc.running_count), (5, 2));
    assert_eq!(svc, web(&sim).await, "answers as DescribeServices shows it");
    sim.advance(60_000);
    let svc = web(&sim).await;
    assert_eq!(svc.running_count, 5);
    assert!(
        messages(&svc)
            .iter()
            .any(|m| m.starts_with("(service web) has started 3 tasks: (task ")),
        "{:?}",
        messages(&svc)
    );
    assert_eq!(
        messages(&svc)[0],
        "(service web) has reached a steady state."
    );

    sim.update_service("prod", "web", &count(3))
        .await
        .expect("scale in");
    sim.advance(60_000);
    let svc = web(&sim).await;
    assert_eq!((svc.running_count, live(&sim).len()), (3, 3));
    assert!(messages(&svc)
        .iter()
        .any(|m| m.starts_with("(service web) has stopped 2 running tasks: (task ")));
}

#[tokio::test]
async fn a_new_revision_rolls_out_within_the_deployment_limits() {
    let sim = sandbox(2, 4);
    let v2 = sim
        .register_task_definition("web:1", &[("web".into(), "repo/web:2.0".into())])
        .await
        .expect("revision");
    let update = ServiceUpdate {
        task_definition: Some(v2.family_revision()),
        ..ServiceUpdate::default()
    };
    let svc = sim
        .update_service("prod", "web", &update)
        .await
        .expect("deploy");
    assert_eq!(svc.deployments.len(), 2);
    assert_eq!(svc.task_definition, v2.arn);
    assert_eq!(svc.deployments[0].status, DeploymentStatus::Primary);
    assert_eq!(svc.deployments[0].rollout_state, RolloutState::InProgress);
    // minimumHealthyPercent 50, maximumPercent 150 of 4 tasks: at most 6 tasks, at least 2 healthy.
    for _ in 0..300 {
        sim.advance(1000);
        let tasks = live(&sim);
        assert!(
            tasks.len() <= 6,
            "{} tasks above maximumPercent",
            tasks.len()
        );
        let healthy = tasks
            .iter()
            .filter(|t| {
                t.last_status == TaskStatus::Running && t.health_status == HealthStatus::Healthy
            })
            .count();
        assert!(
            healthy >= 2,
            "{healthy} healthy tasks, below minimumHealthyPercent"
        );
    }
    let svc = web(&sim).await;
    assert_eq!(svc.deployments.len(), 1);
    assert_eq!(svc.deployments[0].rollout_state, RolloutState::Completed);
    assert!(live(&sim).iter().all(|t| t.task_definition_arn == v2.arn));
    let done = format!(
        "(service web) (deployment {}) deployment completed.",
        svc.deployments[0].id
    );
    assert!(messages(&svc).contains(&done.as_str()));
}

#[tokio::test]
async fn one_call_changes_the_count_and_the_revision_together() {
    let sim = sandbox(3, 2);
    let v2 = sim
        .register_task_definition("web", &[("web".into(), "repo/web:2.0".into())])
        .await
        .expect("revision");
    let update = ServiceUpdate {
        desired_count: Some(4),
        task_definition: Some(v2.arn.clone()),
        force_new_deployment: true,
        ..Default::default()
    };
    let svc = sim
        .update_service("prod", "web", &update)
        .await
        .expect("update");
    assert_eq!(svc.desired_count, 4);
    assert_eq!(svc.deployments.len(), 2, "one new deployment, not two");
    sim.advance(300_000);
    let tasks = live(&sim);
    assert_eq!(tasks.len(), 4);
    assert!(tasks.iter().all(|t| t.task_definition_arn == v2.arn));
}

#[tokio::test]
async fn force_replaces_every_task_and_the_same_revision_alone_changes_nothing() {
    let sim = sandbox(4, 3);
    let before: Vec<String> = live(&sim).into_iter().map(|t| t.arn).collect();
    let same = ServiceUpdate {
        task_definition: Some("web:1".into()),
        ..ServiceUpdate::default()
    };
    let svc = sim
        .update_service("prod", "web", &same)
        .await
        .expect("same");
    assert_eq!(
        svc.deployments.len(),
        1,
        "no new deployment for the same revision"
    );
    let force = ServiceUpdate {
        force_new_deployment: true,
        ..ServiceUpdate::default()
    };
    let svc = sim
        .update_service("prod", "web", &force)
        .await
        .expect("force");
    assert_eq!(svc.deployments.len(), 2);
    assert_eq!(
        svc.deployments[0].task_definition,
        svc.deployments[1].task_definition
    );
    sim.advance(300_000);
    let after = live(&sim);
    assert_eq!(after.len(), 3);
    assert!(
        after.iter().all(|t| !before.contains(&t.arn)),
        "every task replaced"
    );
    assert!(after
        .iter()
        .all(|t| t.task_definition_arn.ends_with("web:1")));
}

#[tokio::test]
async fn update_service_errors_change_nothing() {
    let sim = sandbox(5, 2);
    let e = sim
        .update_service("prod", "web", &count(5001))
        .await
        .unwrap_err();
    assert_eq!(api(&e).0, "InvalidParameterException");
    assert!(api(&e).1.contains("5000"), "{e}");
    let e = sim
        .update_service("prod", "ghost", &count(1))
        .await
        .unwrap_err();
    assert_eq!(api(&e), ("ServiceNotFoundException", "Service not found."));
    let e = sim
        .update_service("nope", "web", &count(1))
        .await
        .unwrap_err();
    assert_eq!(api(&e), ("ClusterNotFoundException", "Cluster not found."));
    let bad = ServiceUpdate {
        desired_count: Some(4),
        task_definition: Some("ghost:1".into()),
        force_new_deployment: false,
        ..Default::default()
    };
    let e = sim.update_service("prod", "web", &bad).await.unwrap_err();
    assert_eq!(
        api(&e),
        ("InvalidParameterException", "TaskDefinition not found.")
    );
    let svc = web(&sim).await;
    assert_eq!(
        (svc.desired_count, svc.deployments.len()),
        (2, 1),
        "nothing changed"
    );

    let v2 = sim
        .register_task_definition("web:1", &[])
        .await
        .expect("revision");
    sim.deregister_task_definition(&v2.arn)
        .await
        .expect("deregister");
    let inactive = ServiceUpdate {
        task_definition: Some(v2.arn),
        ..ServiceUpdate::default()
    };
    let e = sim
        .update_service("prod", "web", &inactive)
        .await
        .unwrap_err();
    assert_eq!(
        api(&e),
        ("InvalidParameterException", "TaskDefinition is inactive")
    );

    sim.delete_service("prod", "web", true)
        .await
        .expect("delete");
    let e = sim
        .update_service("prod", "web", &count(1))
        .await
        .unwrap_err();
    assert_eq!(
        api(&e),
        ("ServiceNotActiveException", "Service was not ACTIVE.")
    );
}

#[tokio::test]
async fn a_stopped_task_is_replaced_and_stopping_it_again_changes_nothing() {
    let sim = sandbox(6, 3);
    let victim = live(&sim).remove(0);
    assert_eq!(victim.last_status, TaskStatus::Running);
    let stopped = sim
        .stop_task("prod", &victim.arn, "testing self-healing")
        .await
        .expect("stop");
    assert_eq!(stopped.desired_status, DesiredStatus::Stopped);
    assert_eq!(stopped.stop_code, Some(StopCode::UserInitiated));
    assert_eq!(
        stopped.stopped_reason.as_deref(),
        Some("testing self-healing")
    );
    sim.advance(90_000);
    let tasks = live(&sim);
    assert_eq!(tasks.len(), 3, "the service keeps its desired count");
    let new = tasks
        .iter()
        .find(|t| t.created_at > victim.created_at && t.arn != victim.arn)
        .expect("a replacement");
    let svc = web(&sim).await;
    let started = format!("(service web) has started 1 tasks: (task {}).", new.id());
    assert!(
        messages(&svc).contains(&started.as_str()),
        "{:?}",
        messages(&svc)
    );

    let gone = sim
        .describe_tasks("prod", std::slice::from_ref(&victim.arn))
        .await
        .expect("describe")
        .items
        .remove(0);
    assert_eq!(gone.last_status, TaskStatus::Stopped);
    let again = sim
        .stop_task("prod", &victim.arn, "once more")
        .await
        .expect("stopping a stopped task is no error");
    assert_eq!(again, gone, "returned unchanged");

    let e = sim
        .stop_task("prod", "0123456789abcdef0123456789abcdef", "")
        .await
        .unwrap_err();
    assert_eq!(
        api(&e),
        (
            "InvalidParameterException",
            "The referenced task was not found."
        )
    );
}

#[tokio::test]
async fn run_task_starts_standalone_tasks_that_nothing_replaces() {
    let sim = sandbox(7, 1);
    let td = sim.with_world(|w| {
        w.register_task_definition(TaskDefinitionSpec::fargate(
            "job",
            "repo/job:1",
            256,
            512,
            0,
        ))
        .expect("td")
    });
    let run = sim
        .with_world(|w| w.run_task(&RunTaskSpec::new("prod", &td).count(2).started_by("nightly")))
        .expect("run");
    assert_eq!((run.items.len(), run.failures.len()), (2, 0));
    assert!(run.items.iter().all(|t| t.group == "family:job"
        && t.started_by == "nightly"
        && t.service_name().is_none()));
    let unset = sim
        .with_world(|w| w.run_task(&RunTaskSpec::new("prod", "job")))
        .expect("run")
        .items
        .remove(0);
    assert_eq!(unset.started_by, "");
    sim.advance(30 * 60_000);
    let d = sim
        .describe_tasks("prod", &[unset.arn.clone(), run.items[0].arn.clone()])
        .await
        .expect("describe");
    assert!(d.items.iter().all(|t| t.last_status == TaskStatus::Running));
    sim.stop_task("prod", &unset.arn, "done")
        .await
        .expect("stop");
    sim.advance(60_000);
    let jobs: Vec<Task> = sim
        .with_world(|w| w.cluster_tasks("prod"))
        .into_iter()
        .filter(|t| t.group == "family:job")
        .collect();
    assert_eq!(jobs.len(), 3, "no replacement for a standalone task");
    assert_eq!(
        jobs.iter()
            .filter(|t| t.last_status == TaskStatus::Stopped)
            .count(),
        1
    );
}

#[tokio::test]
async fn the_same_seed_and_the_same_writes_give_the_same_region() {
    async fn run(seed: u64) -> (Vec<Service>, Vec<Task>, Vec<ServiceDeploymentBrief>) {
        let sim = Sim::demo(seed, SimClock::Manual);
        let td = sim
            .register_task_definition(
                "checkout:1",
                &[("checkout".into(), "repo/checkout:9-broken".into())],
            )
            .await
            .expect("td");
        let update = wharf::backend::ServiceUpdate {
            desired_count: Some(5),
            task_definition: Some(td.arn),
            force_new_deployment: false,
            ..Default::default()
        };
        sim.update_service("prod-fargate", "checkout", &update)
            .await
            .expect("update");
        sim.delete_service("prod-ec2", "worker", true)
            .await
            .expect("delete");
        sim.advance(5 * 60_000);
        let h = sim
            .list_service_deployments("prod-fargate", "checkout")
            .await
            .expect("history");
        sim.with_world(|w| (w.all_services(), w.all_tasks(), h))
    }
    let (a, b) = (run(9).await, run(9).await);
    assert!(a == b, "same seed, same writes, same world");
    assert!(run(10).await != a);
}
