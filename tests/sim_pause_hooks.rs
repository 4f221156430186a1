//! Pause hooks (2026) through wharf's `Backend` trait: a PAUSE lifecycle hook holds a traffic-shifting
//! deployment until ContinueServiceDeployment answers CONTINUE or ROLLBACK, or until it times out.

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError};
use wharf::model::*;

const MINUTE: i64 = 60_000;

fn api(e: &BackendError) -> (&str, &str) {
    match e {
        BackendError::Api { code, message } => (code.as_str(), message.as_str()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// A BLUE_GREEN service `search` (4 tasks, bake 1 minute) with `hook`, steady on `search:1`, then deploying
/// `search:2`. Returns the sandbox, the deployment's ARN and the blue tasks.
fn deploying(seed: u64, hook: PauseHook) -> (Sim, String, Vec<String>) {
    let mut w = World::new(seed, MANUAL_START);
    w.create_cluster("prod", &["FARGATE"]);
    let lb = w.create_load_balancer("public", LoadBalancerType::Application, "internet-facing");
    let blue = w
        .create_target_group(TargetGroupSpec::new("blue-tg", 8080, "ip").on(&lb))
        .expect("tg");
    let green = w
        .create_target_group(TargetGroupSpec::new("green-tg", 8080, "ip").on(&lb))
        .expect("tg");
    for tag in ["4.1", "4.2"] {
        let image = format!("repo/search:{tag}");
        w.register_task_definition(TaskDefinitionSpec::fargate(
            "search", &image, 256, 512, 8080,
        ))
        .expect("td");
    }
    let spec = ServiceSpec::new("prod", "search", "search:1", 4)
        .load_balancer(&blue, "search", 8080)
        .alternate_target_group(&green)
        .strategy(Strategy::BlueGreen)
        .bake_time(1)
        .pause_hook(hook);
    w.create_service(spec).expect("service");
    w.advance(2 * MINUTE);
    let before = live(&w);
    w.update_service_task_definition("prod", "search", "search:2")
        .expect("deploy");
    let arn = w.list_service_deployments("prod", "search").expect("list")[0]
        .arn
        .clone();
    (Sim::new(w, SimClock::Manual), arn, before)
}

fn live(w: &World) -> Vec<String> {
    w.tasks_of_service("prod", "search")
        .into_iter()
        .filter(|t| t.desired_status == DesiredStatus::Running)
        .map(|t| t.arn)
        .collect()
}

async fn record(sim: &Sim, arn: &str) -> ServiceDeployment {
    let mut d = sim
        .describe_service_deployments(&[arn.to_string()])
        .await
        .expect("describe");
    assert!(d.failures.is_empty(), "{:?}", d.failures);
    d.items.remove(0)
}

/// Advances a second at a time until the deployment is held by a hook; returns when it was first seen held.
async fn until_held(sim: &Sim, arn: &str) -> Timestamp {
    for _ in 0..10 * 60 {
        sim.advance(1_000);
        if record(sim, arn).await.awaiting_hook().is_some() {
            return sim.now();
        }
    }
    panic!("the deployment never reached its pause hook");
}

/// Advances a second at a time until the deployment has ended; returns its statuses, each change once.
async fn until_ended(sim: &Sim, arn: &str) -> Vec<ServiceDeploymentStatus> {
    let mut seen = vec![record(sim, arn).await.status];
    for _ in 0..30 * 60 {
        sim.advance(1_000);
        let s = record(sim, arn).await.status;
        if seen.last() != Some(&s) {
            seen.push(s.clone());
        }
        if !s.is_ongoing() {
            break;
        }
    }
    seen
}

#[tokio::test]
async fn a_pause_hook_holds_the_deployment_until_continued_once() {
    let (sim, arn, _) = deploying(1, PauseHook::default());
    let held_at = until_held(&sim, &arn).await;
    let d = record(&sim, &arn).await;
    assert_eq!(d.lifecycle_stage, "POST_TEST_TRAFFIC_SHIFT");
    let hook = d.awaiting_hook().expect("held").clone();
    assert_eq!(
        (
            hook.target_type.as_str(),
            hook.status.as_str(),
            hook.timeout_action.as_str()
        ),
        ("PAUSE", "AWAITING_ACTION", "ROLLBACK")
    );
    assert_eq!(hook.expires_at, Some(held_at.plus_millis(24 * 60 * MINUTE)));
    assert_eq!(
        (d.target.production_weight, d.target.test_weight),
        (Some(0.0), Some(100.0))
    );
    assert_eq!(
        d.target.running_tasks, 4,
        "green is up beside blue before the pause"
    );

    // Held: nothing moves for half an hour.
    sim.advance(30 * MINUTE);
    let d = record(&sim, &arn).await;
    assert_eq!(
        (d.lifecycle_stage.as_str(), d.status.clone()),
        (
            "POST_TEST_TRAFFIC_SHIFT",
            ServiceDeploymentStatus::InProgress
        )
    );
    let events: Vec<String> = sim
        .with_world(|w| w.events("prod", "search"))
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert!(
        events.iter().any(|m| m.contains(&format!(
            "lifecycle hook {} is awaiting action",
            hook.hook_id
        ))),
        "{events:?}"
    );

    let e = sim
        .continue_service_deployment(&arn, "pause-nope", HookAction::Continue)
        .await
        .unwrap_err();
    let (code, message) = api(&e);
    assert_eq!(code, "InvalidParameterException");
    assert!(message.contains("pause-nope"), "{message}");

    sim.continue_service_deployment(&arn, &hook.hook_id, HookAction::Continue)
        .await
        .expect("continue");
    let e = sim
        .continue_service_deployment(&arn, &hook.hook_id, HookAction::Continue)
        .await
        .unwrap_err();
    let (code, message) = api(&e);
    assert_eq!(code, "InvalidParameterException", "a hook answers once");
    assert!(
        message.contains(&hook.hook_id) && message.contains("SUCCEEDED"),
        "{message}"
    );

    let statuses = until_ended(&sim, &arn).await;
    assert_eq!(statuses.last(), Some(&ServiceDeploymentStatus::Successful));
    let d = record(&sim, &arn).await;
    assert_eq!(d.hooks.len(), 1);
    assert_eq!(d.hooks[0].status, "SUCCEEDED");
    assert_eq!(d.target.production_weight, Some(100.0));
    let e = sim
        .continue_service_deployment(&arn, &hook.hook_id, HookAction::Rollback)
        .await
        .unwrap_err();
    assert_eq!(
        api(&e).0,
        "ConflictException",
        "a finished deployment cannot be continued"
    );
}

#[tokio::test]
async fn a_pause_hook_answered_rollback_rolls_the_deployment_back() {
    let (sim, arn, blue) = deploying(2, PauseHook::default());
    until_held(&sim, &arn).await;
    let hook = record(&sim, &arn)
        .await
        .awaiting_hook()
        .expect("held")
        .hook_id
        .clone();
    sim.continue_service_deployment(&arn, &hook, HookAction::Rollback)
        .await
        .expect("rollback");
    let d = record(&sim, &arn).await;
    assert_eq!(d.status, ServiceDeploymentStatus::RollbackInProgress);
    assert_eq!(
        (d.target.production_weight, d.target.test_weight),
        (Some(0.0), Some(0.0))
    );
    assert!(
        d.rollback_reason.as_deref().unwrap_or("").contains(&hook),
        "{d:?}"
    );
    let statuses = until_ended(&sim, &arn).await;
    assert_eq!(
        statuses,
        [
            ServiceDeploymentStatus::RollbackInProgress,
            ServiceDeploymentStatus::RollbackSuccessful
        ]
    );
    let d = record(&sim, &arn).await;
    assert_eq!(
        (
            d.hooks[0].status.as_str(),
            d.target.running_tasks,
            d.sources[0].running_tasks
        ),
        ("FAILED", 0, 4)
    );
    assert_eq!(sim.with_world(|w| live(w)), blue, "blue served all along");
}

#[tokio::test]
async fn a_pause_hook_takes_its_timeout_action_at_expiry() {
    for (seed, action, ends) in [
        (3, HookAction::Continue, ServiceDeploymentStatus::Successful),
        (
            4,
            HookAction::Rollback,
            ServiceDeploymentStatus::RollbackSuccessful,
        ),
    ] {
        let (sim, arn, _) = deploying(seed, PauseHook::default().timeout(5, action));
        let held_at = until_held(&sim, &arn).await;
        sim.advance(5 * MINUTE - 2_000);
        let d = record(&sim, &arn).await;
        assert!(
            d.awaiting_hook().is_some(),
            "still held just before it expires"
        );
        assert_eq!(d.hooks[0].expires_at, Some(held_at.plus_millis(5 * MINUTE)));
        sim.advance(2_000);
        let d = record(&sim, &arn).await;
        assert_eq!(d.hooks[0].status, "TIMED_OUT", "{action:?}");
        let statuses = until_ended(&sim, &arn).await;
        assert_eq!(statuses.last(), Some(&ends), "{action:?}: {statuses:?}");
    }
}

#[tokio::test]
async fn a_pause_hook_before_scale_up_holds_before_any_green_task_starts() {
    let (sim, arn, blue) = deploying(5, PauseHook::at(Stage::PreScaleUp));
    until_held(&sim, &arn).await;
    let d = record(&sim, &arn).await;
    assert_eq!(d.lifecycle_stage, "PRE_SCALE_UP");
    sim.advance(10 * MINUTE);
    assert_eq!(
        sim.with_world(|w| live(w)),
        blue,
        "no green task while held"
    );
    let svc = sim
        .with_world(|w| w.service("prod", "search"))
        .expect("service");
    assert_eq!(svc.deployment_configuration.pause_hooks, 1);
}

#[tokio::test]
async fn continuing_an_unknown_deployment_is_refused() {
    let (sim, arn, _) = deploying(6, PauseHook::default());
    for bad in [
        arn.replace("/search/", "/other/"),
        "arn:aws:ecs:nope".to_string(),
    ] {
        let e = sim
            .continue_service_deployment(
                &bad,
                "pause-post-test-traffic-shift",
                HookAction::Continue,
            )
            .await
            .unwrap_err();
        assert_eq!(api(&e).0, "ServiceDeploymentNotFoundException", "{bad}");
    }
    let d = sim
        .describe_service_deployments(&["arn:aws:ecs:nope".into()])
        .await
        .expect("describe");
    assert_eq!(
        (d.items.len(), d.failures[0].reason.as_str()),
        (0, "MISSING")
    );
}

#[tokio::test]
async fn stopping_a_held_deployment_rolls_it_back_and_fails_its_hook() {
    let (sim, arn, blue) = deploying(7, PauseHook::default());
    until_held(&sim, &arn).await;
    sim.stop_service_deployment(&arn).await.expect("stop");
    let d = record(&sim, &arn).await;
    assert_eq!(d.status, ServiceDeploymentStatus::RollbackInProgress);
    assert_eq!(d.hooks[0].status, "FAILED", "nobody can answer it any more");
    assert!(d.awaiting_hook().is_none());
    let e = sim
        .continue_service_deployment(&arn, &d.hooks[0].hook_id, HookAction::Continue)
        .await
        .unwrap_err();
    assert_eq!(api(&e).0, "ConflictException");
    let statuses = until_ended(&sim, &arn).await;
    assert_eq!(
        statuses.last(),
        Some(&ServiceDeploymentStatus::RollbackSuccessful)
    );
    assert_eq!(sim.with_world(|w| live(w)), blue);
}
