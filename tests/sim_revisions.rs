//! Task definition revisions (register, list, deregister, delete) and service deployments (the 2024 API: list,
//! statuses, StopServiceDeployment's rollback) through wharf's `Backend` trait, over virtual time.

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError, ServiceUpdate};
use wharf::model::*;

fn api(e: &BackendError) -> (&str, &str) {
    match e {
        BackendError::Api { code, message } => (code.as_str(), message.as_str()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// Cluster `prod`, target group `search-tg` behind an ALB, and task definition `search:1` (healthy image).
fn region(seed: u64) -> (Sim, String) {
    let mut w = World::new(seed, MANUAL_START);
    w.create_cluster("prod", &["FARGATE"]);
    let lb = w.create_load_balancer("public", LoadBalancerType::Application, "internet-facing");
    let tg = w
        .create_target_group(TargetGroupSpec::new("search-tg", 8080, "ip").on(&lb))
        .expect("tg");
    w.register_task_definition(TaskDefinitionSpec::fargate(
        "search",
        "repo/search:4.1",
        256,
        512,
        8080,
    ))
    .expect("td");
    (Sim::new(w, SimClock::Manual), tg)
}

/// Service `search` of 4 tasks behind the target group, steady on `search:1`.
fn service(sim: &Sim, tg: &str, spec: impl FnOnce(ServiceSpec) -> ServiceSpec) {
    sim.with_world(|w| {
        let s = ServiceSpec::new("prod", "search", "search:1", 4).load_balancer(tg, "search", 8080);
        w.create_service(spec(s)).expect("service");
        w.advance(120_000);
    });
}

async fn history(sim: &Sim) -> Vec<ServiceDeploymentBrief> {
    sim.list_service_deployments("prod", "search")
        .await
        .expect("history")
}

fn statuses(h: &[ServiceDeploymentBrief]) -> Vec<&str> {
    h.iter().map(|d| d.status.as_str()).collect()
}

async fn deploy(sim: &Sim, tag: &str) -> String {
    let image = format!("repo/search:{tag}");
    let td = sim
        .register_task_definition("search:1", &[("search".into(), image)])
        .await
        .expect("revision");
    let update = ServiceUpdate {
        task_definition: Some(td.arn.clone()),
        ..ServiceUpdate::default()
    };
    let svc = sim
        .update_service("prod", "search", &update)
        .await
        .expect("deploy");
    svc.deployments[0].id.clone()
}

async fn search(sim: &Sim) -> Service {
    sim.describe_services("prod", &["search".into()])
        .await
        .expect("describe")
        .items
        .remove(0)
}

#[tokio::test]
async fn a_new_revision_copies_the_old_one_with_new_images() {
    let (sim, _) = region(1);
    let two = TaskDefinitionSpec {
        family: "app".into(),
        containers: vec![
            ContainerDefinition {
                name: "app".into(),
                image: "repo/app:1".into(),
                memory: Some(256),
                essential: true,
                ..ContainerDefinition::default()
            },
            ContainerDefinition {
                name: "envoy".into(),
                image: "envoy:1.29".into(),
                memory: Some(128),
                ..ContainerDefinition::default()
            },
        ],
        ..TaskDefinitionSpec::ec2("app", "x", 256, 256, 0)
    };
    sim.with_world(|w| w.register_task_definition(two))
        .expect("td");
    let v1 = sim.describe_task_definition("app:1").await.expect("v1");
    let v2 = sim
        .register_task_definition(&v1.arn, &[("envoy".into(), "envoy:1.30".into())])
        .await
        .expect("v2");
    assert_eq!(
        (v2.family.as_str(), v2.revision, v2.status.as_str()),
        ("app", 2, "ACTIVE")
    );
    assert_eq!(v2.containers[0], v1.containers[0]);
    assert_eq!(v2.containers[1].image, "envoy:1.30");
    assert_eq!(
        (v2.network_mode, v2.cpu, v2.memory),
        (v1.network_mode, v1.cpu, v1.memory)
    );
    let again = sim.describe_task_definition("app:1").await.expect("v1");
    assert_eq!(again, v1, "revisions are immutable");

    let e = sim
        .register_task_definition("app:2", &[("sidecar".into(), "x:1".into())])
        .await
        .unwrap_err();
    assert_eq!(api(&e).0, "ClientException");
    assert!(api(&e).1.contains("sidecar"), "{e}");
    let e = sim
        .register_task_definition("ghost:1", &[])
        .await
        .unwrap_err();
    assert_eq!(
        api(&e),
        ("ClientException", "Unable to describe task definition.")
    );
    let active = sim
        .list_task_definitions("app", RevisionStatus::Active)
        .await
        .expect("list");
    assert_eq!(active, [v2.arn.clone(), v1.arn.clone()], "newest first");
}

#[tokio::test]
async fn deregistered_revisions_keep_running_and_deleted_ones_go_once_unused() {
    let (sim, tg) = region(2);
    service(&sim, &tg, |s| s);
    let unused = sim
        .register_task_definition("search:1", &[])
        .await
        .expect("v2");
    let used = sim
        .deregister_task_definition("search:1")
        .await
        .expect("deregister");
    assert_eq!(used.status, "INACTIVE");
    assert_eq!(
        sim.deregister_task_definition("search:1")
            .await
            .map(|t| t.status),
        Ok("INACTIVE".into()),
        "deregistering again changes nothing"
    );
    let svc = sim
        .update_service(
            "prod",
            "search",
            &ServiceUpdate {
                desired_count: Some(5),
                ..ServiceUpdate::default()
            },
        )
        .await
        .expect("a service on an INACTIVE revision still scales");
    sim.advance(90_000);
    assert_eq!(search(&sim).await.running_count, svc.desired_count);
    assert_eq!(
        sim.list_task_definitions("search", RevisionStatus::Inactive)
            .await,
        Ok(vec![used.arn.clone()])
    );
    assert_eq!(
        sim.list_task_definitions("search", RevisionStatus::Active)
            .await,
        Ok(vec![unused.arn.clone()])
    );

    sim.deregister_task_definition(&unused.arn)
        .await
        .expect("deregister");
    let ask: Vec<String> = vec![
        unused.arn.clone(),
        used.arn.clone(),
        "search:9".into(),
        "search".into(),
    ];
    let active = sim
        .register_task_definition("search:1", &[])
        .await
        .expect("v3");
    let mut with_active = ask.clone();
    with_active.push(active.arn.clone());
    let d = sim
        .delete_task_definitions(&with_active)
        .await
        .expect("delete");
    assert_eq!(d.items.len(), 2);
    assert!(d.items.iter().all(|t| t.status == "DELETE_IN_PROGRESS"));
    let reasons: Vec<(&str, &str)> = d
        .failures
        .iter()
        .map(|f| (f.arn.as_str(), f.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("search:9", "The specified task definition does not exist. Specify a valid account, family, revision and try again."),
            ("search", "The specified task definition identifier is invalid. Specify a valid name or ARN and try again."),
            (active.arn.as_str(), "The specified task definition is still in ACTIVE status. Please deregister the target and try again."),
        ]
    );
    sim.advance(1000);
    let e = sim.describe_task_definition(&unused.arn).await.unwrap_err();
    assert_eq!(
        api(&e),
        ("ClientException", "Unable to describe task definition.")
    );
    let still = sim
        .describe_task_definition(&used.arn)
        .await
        .expect("in use");
    assert_eq!(still.status, "DELETE_IN_PROGRESS", "tasks still run it");
    assert_eq!(
        sim.list_task_definitions("search", RevisionStatus::Inactive)
            .await,
        Ok(vec![])
    );

    sim.delete_service("prod", "search", true)
        .await
        .expect("delete");
    sim.advance(120_000);
    let e = sim.describe_task_definition(&used.arn).await.unwrap_err();
    assert_eq!(api(&e).1, "Unable to describe task definition.");
    let next = sim
        .register_task_definition(&active.arn, &[])
        .await
        .expect("v4");
    assert_eq!(next.revision, 4, "the family's revisions keep counting");
}

#[tokio::test]
async fn delete_task_definitions_takes_ten_per_call_and_the_trait_batches() {
    let (sim, _) = region(3);
    let arns: Vec<String> = (0..11)
        .map(|_| {
            let td = sim
                .with_world(|w| w.register_revision("search:1", &[]))
                .expect("td");
            sim.with_world(|w| w.deregister_task_definition(&td.arn))
                .expect("deregister");
            td.arn
        })
        .collect();
    let e = sim
        .with_world(|w| w.delete_task_definitions(&arns))
        .unwrap_err();
    assert_eq!(
        api(&e),
        (
            "InvalidParameterException",
            "Size of TaskDefinition references list cannot exceed 10"
        )
    );
    let d = sim.delete_task_definitions(&arns).await.expect("two calls");
    assert_eq!((d.items.len(), d.failures.len()), (11, 0));
}

#[tokio::test]
async fn deployments_are_listed_newest_first_with_their_status() {
    let (sim, tg) = region(4);
    service(&sim, &tg, |s| s);
    let h = history(&sim).await;
    assert_eq!(statuses(&h), ["SUCCESSFUL"]);
    assert!(h[0]
        .arn
        .starts_with("arn:aws:ecs:sandbox-1:000000000000:service-deployment/prod/search/"));
    assert_eq!(h[0].arn.rsplit('/').next().map(str::len), Some(22));
    deploy(&sim, "4.2").await;
    let h = history(&sim).await;
    assert_eq!(statuses(&h), ["IN_PROGRESS", "SUCCESSFUL"]);
    assert!(h[0].is_stoppable() && !h[1].is_stoppable());
    sim.advance(10_000);
    deploy(&sim, "4.3").await;
    assert_eq!(
        statuses(&history(&sim).await),
        ["IN_PROGRESS", "STOPPED", "SUCCESSFUL"]
    );
    sim.advance(300_000);
    let h = history(&sim).await;
    assert_eq!(statuses(&h), ["SUCCESSFUL", "STOPPED", "SUCCESSFUL"]);
    assert!(h[0].created_at > h[1].created_at && h[1].created_at > h[2].created_at);
    let e = sim
        .list_service_deployments("prod", "ghost")
        .await
        .unwrap_err();
    assert_eq!(api(&e).0, "ServiceNotFoundException");
}

#[tokio::test]
async fn a_broken_image_trips_the_circuit_breaker_and_rolls_back() {
    let (sim, tg) = region(5);
    service(&sim, &tg, |s| s.circuit_breaker(true));
    let good = search(&sim).await.task_definition;
    let failing = deploy(&sim, "4.2-broken").await;
    let mut rolling_back = None;
    for _ in 0..30 * 60 {
        sim.advance(1000);
        match statuses(&history(&sim).await)[0] {
            "ROLLBACK_IN_PROGRESS" if rolling_back.is_none() => {
                rolling_back = Some(search(&sim).await.deployments[0].clone());
            }
            "ROLLBACK_SUCCESSFUL" => break,
            _ => {}
        }
    }
    let rollback = rolling_back.expect("a rollback deployment ran");
    assert_eq!(rollback.task_definition, good);
    assert!(rollback
        .rollout_state_reason
        .starts_with("ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/"));
    assert_eq!(
        statuses(&history(&sim).await),
        ["ROLLBACK_SUCCESSFUL", "SUCCESSFUL"],
        "the broken deployment is marked, no new service deployment for the rollback"
    );
    let svc = search(&sim).await;
    assert_eq!(svc.task_definition, good);
    assert_eq!(svc.deployments.len(), 1);
    assert_eq!(svc.deployments[0].id, rollback.id);
    let failed = format!(
        "(service search) (deployment {failing}) deployment failed: tasks failed to start."
    );
    assert!(svc.events.iter().any(|e| e.message == failed));
}

#[tokio::test]
async fn a_circuit_breaker_without_rollback_stops_the_deployment() {
    let (sim, tg) = region(6);
    service(&sim, &tg, |s| s.circuit_breaker(false));
    deploy(&sim, "broken").await;
    sim.advance(30 * 60_000);
    assert_eq!(statuses(&history(&sim).await), ["STOPPED", "SUCCESSFUL"]);
}

#[tokio::test]
async fn stopping_a_deployment_rolls_back_to_the_last_completed_one() {
    let (sim, tg) = region(7);
    service(&sim, &tg, |s| s);
    let good = search(&sim).await.deployments[0].id.clone();
    // No circuit breaker: the broken revision would keep failing for ever.
    let stuck = deploy(&sim, "broken").await;
    sim.advance(120_000);
    let arn = history(&sim).await[0].arn.clone();
    sim.stop_service_deployment(&arn).await.expect("stop");
    assert_eq!(statuses(&history(&sim).await)[0], "ROLLBACK_IN_PROGRESS");
    sim.stop_service_deployment(&arn)
        .await
        .expect("a rollback under way continues");
    sim.advance(300_000);
    assert_eq!(
        statuses(&history(&sim).await),
        ["ROLLBACK_SUCCESSFUL", "SUCCESSFUL"]
    );
    let svc = search(&sim).await;
    assert!(svc.task_definition.ends_with("search:1"));
    assert_eq!(svc.running_count, 4);
    let said = format!(
        "(service search) (deployment {stuck}) deployment stopped: rolling back to deployment {good}."
    );
    assert!(
        svc.events.iter().any(|e| e.message == said),
        "{:?}",
        svc.events
    );

    let e = sim.stop_service_deployment(&arn).await.unwrap_err();
    assert_eq!(
        api(&e),
        (
            "ConflictException",
            "The service deployment is ROLLBACK_SUCCESSFUL and cannot be stopped."
        )
    );
    let first = history(&sim).await[1].arn.clone();
    let e = sim.stop_service_deployment(&first).await.unwrap_err();
    assert_eq!(api(&e).0, "ConflictException");
    let e = sim
        .stop_service_deployment(&format!("{}x", &first[..first.len() - 1]))
        .await
        .unwrap_err();
    assert_eq!(api(&e).0, "ServiceDeploymentNotFoundException");
}

#[tokio::test]
async fn with_nothing_to_roll_back_to_a_stopped_deployment_stalls() {
    let (sim, tg) = region(8);
    sim.with_world(|w| {
        let s =
            ServiceSpec::new("prod", "search", "search:1", 2).load_balancer(&tg, "search", 8080);
        w.create_service(s).expect("service");
        // The first tasks are on their way up: the deployment never completed.
        w.advance(5_000);
    });
    let stalled = deploy(&sim, "4.2").await;
    let arn = history(&sim).await[0].arn.clone();
    sim.stop_service_deployment(&arn).await.expect("stop");
    sim.advance(10 * 60_000);
    assert_eq!(
        statuses(&history(&sim).await),
        ["ROLLBACK_REQUESTED", "STOPPED"]
    );
    let svc = search(&sim).await;
    assert_eq!(svc.deployments[0].rollout_state, RolloutState::Failed);
    assert_eq!(
        svc.deployments[0].running_count, 0,
        "the stopped deployment starts nothing"
    );
    let said = format!(
        "(service search) (deployment {stalled}) deployment stopped: no completed deployment to roll back to."
    );
    assert!(svc.events.iter().any(|e| e.message == said));
}
