//! Service deployment history (DescribeServiceDeployments, DescribeServiceRevisions) and ECS's own traffic-shifting
//! strategies (BLUE_GREEN, LINEAR, CANARY) over virtual time: the stages and traffic weights a poller observes.

use wharf::backend::sim::*;
use wharf::model::*;

const MINUTE: i64 = 60_000;

/// Cluster `prod`; target groups `blue-tg` and `green-tg` behind an ALB; `search:1` healthy, `search:2` healthy,
/// `search:3` broken. Returns the world and the two target groups.
fn region(seed: u64) -> (World, String, String) {
    let mut w = World::new(seed, MANUAL_START);
    w.create_cluster("prod", &["FARGATE"]);
    let lb = w.create_load_balancer("public", LoadBalancerType::Application, "internet-facing");
    let mut tg = |name: &str| {
        w.create_target_group(TargetGroupSpec::new(name, 8080, "ip").on(&lb))
            .expect("target group")
    };
    let (blue, green) = (tg("blue-tg"), tg("green-tg"));
    for tag in ["4.1", "4.2", "4.3-broken"] {
        let image = format!("repo/search:{tag}");
        w.register_task_definition(TaskDefinitionSpec::fargate(
            "search", &image, 256, 512, 8080,
        ))
        .expect("td");
    }
    (w, blue, green)
}

/// Service `search` of 4 tasks on `search:1`, steady after two minutes.
fn service(w: &mut World, blue: &str, spec: impl FnOnce(ServiceSpec) -> ServiceSpec) {
    let s = ServiceSpec::new("prod", "search", "search:1", 4).load_balancer(blue, "search", 8080);
    w.create_service(spec(s)).expect("service");
    w.advance(2 * MINUTE);
}

fn latest(w: &World) -> ServiceDeployment {
    let arn = w.list_service_deployments("prod", "search").expect("list")[0]
        .arn
        .clone();
    w.describe_service_deployments(&[arn]).items.remove(0)
}

/// What a poller sees each second: (stage, production weight, test weight) of the new revision, each change
/// once, with the time it was first seen. Stops when the deployment has ended, or after `limit_ms`.
fn observe(w: &mut World, limit_ms: i64) -> Vec<(String, Option<f64>, Option<f64>, Timestamp)> {
    let mut seen: Vec<(String, Option<f64>, Option<f64>, Timestamp)> = Vec::new();
    let end = w.now().plus_millis(limit_ms);
    while w.now() < end {
        w.advance(1_000);
        let d = latest(w);
        let now = (
            d.lifecycle_stage.clone(),
            d.target.production_weight,
            d.target.test_weight,
        );
        if seen
            .last()
            .is_none_or(|(s, p, t, _)| (s.clone(), *p, *t) != now)
        {
            seen.push((now.0, now.1, now.2, w.now()));
        }
        if !d.status.is_ongoing() {
            break;
        }
    }
    seen
}

fn stages(seen: &[(String, Option<f64>, Option<f64>, Timestamp)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (s, ..) in seen {
        if out.last() != Some(s) {
            out.push(s.clone());
        }
    }
    out
}

fn production_weights(
    seen: &[(String, Option<f64>, Option<f64>, Timestamp)],
) -> Vec<(f64, Timestamp)> {
    let mut out: Vec<(f64, Timestamp)> = Vec::new();
    for (_, p, _, at) in seen {
        let p = p.expect("a traffic-shifting deployment reports weights");
        if out.last().is_none_or(|(q, _)| *q != p) {
            out.push((p, *at));
        }
    }
    out
}

fn live_tasks(w: &World) -> Vec<Task> {
    w.tasks_of_service("prod", "search")
        .into_iter()
        .filter(|t| t.desired_status == DesiredStatus::Running)
        .collect()
}

fn healthy_targets(w: &World, tg: &str) -> usize {
    let health = w.target_health(tg).expect("target group");
    health
        .iter()
        .filter(|h| h.state == TargetState::Healthy)
        .count()
}

#[test]
fn a_failed_rolling_deployment_keeps_its_record_after_rolling_back() {
    let (mut w, blue, _) = region(1);
    service(&mut w, &blue, |s| s.circuit_breaker(true));
    let first = latest(&w);
    assert_eq!(first.status, ServiceDeploymentStatus::Successful);
    assert_eq!(
        first.target.task_definition,
        w.task_definition("search:1").unwrap().arn
    );
    assert!(first.sources.is_empty(), "CreateService moves from nothing");

    w.update_service_task_definition("prod", "search", "search:3")
        .expect("deploy");
    let mut statuses = vec![latest(&w).status];
    for _ in 0..20 * 60 {
        w.advance(1_000);
        let s = latest(&w).status;
        if statuses.last() != Some(&s) {
            statuses.push(s);
        }
    }
    use ServiceDeploymentStatus::*;
    assert_eq!(
        statuses,
        [InProgress, RollbackInProgress, RollbackSuccessful]
    );
    let list = w.list_service_deployments("prod", "search").expect("list");
    let listed: Vec<&str> = list.iter().map(|d| d.status.as_str()).collect();
    assert_eq!(
        listed,
        ["ROLLBACK_SUCCESSFUL", "SUCCESSFUL"],
        "newest first"
    );

    let failed = latest(&w);
    let td = |r: &str| w.task_definition(r).unwrap().arn;
    assert_eq!(failed.strategy, Strategy::Rolling);
    assert_eq!(failed.target.task_definition, td("search:3"));
    assert_eq!(failed.sources.len(), 1);
    assert_eq!(failed.sources[0].task_definition, td("search:1"));
    assert_eq!(
        failed.sources[0].service_revision_arn,
        first.target.service_revision_arn
    );
    assert_eq!(
        (failed.target.running_tasks, failed.sources[0].running_tasks),
        (0, 4)
    );
    let reason = failed.rollback_reason.clone().expect("a rollback reason");
    assert!(
        reason.starts_with("ECS deployment circuit breaker: rolling back"),
        "{reason}"
    );
    let breaker = failed
        .breaker
        .clone()
        .expect("ROLLING has a circuit breaker");
    assert_eq!(
        (breaker.status.as_str(), breaker.threshold),
        ("TRIGGERED", 3)
    );
    assert!(breaker.failure_count >= 3, "{breaker:?}");
    assert!(failed.finished_at.is_some() && failed.stopped_at.is_none());
    assert!(failed.lifecycle_stage.is_empty() && failed.hooks.is_empty());

    let revisions = [
        failed.target.service_revision_arn.clone(),
        failed.sources[0].service_revision_arn.clone(),
    ];
    let r = w.describe_service_revisions(&revisions);
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    let tds: Vec<String> = r.items.iter().map(|r| r.task_definition.clone()).collect();
    assert_eq!(tds, [td("search:3"), td("search:1")]);
}

#[test]
fn unknown_service_deployments_and_revisions_are_missing() {
    let (mut w, blue, _) = region(2);
    service(&mut w, &blue, |s| s);
    let known = latest(&w).arn;
    let unknown = known.replace("/search/", "/nope/");
    let garbage = "not-an-arn".to_string();
    let d = w.describe_service_deployments(&[known.clone(), unknown.clone(), garbage.clone()]);
    assert_eq!(d.items.len(), 1);
    let failed: Vec<(&str, &str)> = d
        .failures
        .iter()
        .map(|f| (f.arn.as_str(), f.reason.as_str()))
        .collect();
    assert_eq!(
        failed,
        [(unknown.as_str(), "MISSING"), (garbage.as_str(), "MISSING")]
    );
    let r = w.describe_service_revisions(&[known]);
    assert_eq!(
        (r.items.len(), r.failures[0].reason.as_str()),
        (0, "MISSING")
    );
}

fn blue_green(strategy: Strategy, bake: u32) -> impl FnOnce(ServiceSpec) -> ServiceSpec {
    move |s| s.strategy(strategy).bake_time(bake)
}

#[test]
fn blue_green_walks_every_stage_and_moves_production_traffic_at_once() {
    let (mut w, blue, green) = region(3);
    service(&mut w, &blue, |s| {
        blue_green(Strategy::BlueGreen, 2)(s).alternate_target_group(&green)
    });
    let svc = w.service("prod", "search").unwrap();
    assert_eq!(svc.deployment_configuration.strategy, Strategy::BlueGreen);
    assert_eq!(svc.deployment_configuration.bake_time_minutes, Some(2));
    assert_eq!(
        svc.load_balancers[0].alternate_target_group_arn.as_deref(),
        Some(green.as_str())
    );
    let before: Vec<String> = live_tasks(&w).iter().map(|t| t.arn.clone()).collect();

    w.update_service_task_definition("prod", "search", "search:2")
        .expect("deploy");
    let seen = observe(&mut w, 30 * MINUTE);
    let walked = stages(&seen);
    let all: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(walked, all);
    let weights: Vec<f64> = production_weights(&seen).iter().map(|(p, _)| *p).collect();
    assert_eq!(weights, [0.0, 100.0]);
    // Green scaled up beside blue: 8 tasks at once, green's in the alternate target group.
    let shift = seen
        .iter()
        .find(|s| s.0 == "PRODUCTION_TRAFFIC_SHIFT")
        .unwrap()
        .3;
    let bake_end = seen.iter().find(|s| s.0 == "CLEAN_UP").unwrap().3;
    assert!(
        bake_end.since(shift) >= 2 * MINUTE,
        "both sides bake for bakeTimeInMinutes"
    );

    let d = latest(&w);
    assert_eq!(d.status, ServiceDeploymentStatus::Successful);
    assert_eq!(
        (d.target.production_weight, d.target.test_weight),
        (Some(100.0), Some(100.0))
    );
    assert_eq!(d.sources[0].production_weight, Some(0.0));
    assert_eq!(d.breaker, None, "the circuit breaker is a ROLLING thing");
    assert_eq!(d.bake_time_minutes, Some(2));
    let now: Vec<Task> = live_tasks(&w);
    assert_eq!(now.len(), 4);
    assert!(
        now.iter().all(|t| !before.contains(&t.arn)),
        "blue's tasks stopped in CLEAN_UP"
    );
    assert_eq!(
        (healthy_targets(&w, &green), healthy_targets(&w, &blue)),
        (4, 0)
    );
    let messages: Vec<String> = w
        .events("prod", "search")
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.ends_with("has entered lifecycle stage BAKE_TIME.")),
        "{messages:?}"
    );

    // The next deployment goes back the other way: green is now production, blue the alternate.
    w.update_service_task_definition("prod", "search", "search:1")
        .expect("deploy back");
    observe(&mut w, 30 * MINUTE);
    assert_eq!(latest(&w).status, ServiceDeploymentStatus::Successful);
    assert_eq!(
        (healthy_targets(&w, &green), healthy_targets(&w, &blue)),
        (0, 4)
    );
}

#[test]
fn linear_moves_production_traffic_ten_percent_per_step() {
    let (mut w, blue, green) = region(4);
    let linear = Strategy::Linear {
        step_percent: 10.0,
        step_bake_minutes: 1,
    };
    service(&mut w, &blue, |s| {
        blue_green(linear, 0)(s).alternate_target_group(&green)
    });
    w.update_service_task_definition("prod", "search", "search:2")
        .expect("deploy");
    let seen = observe(&mut w, 40 * MINUTE);
    let weights = production_weights(&seen);
    let values: Vec<f64> = weights.iter().map(|(p, _)| *p).collect();
    let expected: Vec<f64> = (0..=10).map(|i| f64::from(i) * 10.0).collect();
    assert_eq!(values, expected, "10 steps of 10% reach 100");
    for pair in weights[1..].windows(2) {
        assert_eq!(
            pair[1].1.since(pair[0].1),
            MINUTE,
            "each step bakes stepBakeTimeInMinutes"
        );
    }
    assert_eq!(latest(&w).status, ServiceDeploymentStatus::Successful);
    assert_eq!(stages(&seen).len(), 11);
}

#[test]
fn canary_moves_its_percent_first_then_the_rest() {
    let (mut w, blue, green) = region(5);
    let canary = Strategy::Canary {
        percent: 5.0,
        bake_minutes: 3,
    };
    service(&mut w, &blue, |s| {
        blue_green(canary, 1)(s).alternate_target_group(&green)
    });
    w.update_service_task_definition("prod", "search", "search:2")
        .expect("deploy");
    let seen = observe(&mut w, 40 * MINUTE);
    let weights = production_weights(&seen);
    let values: Vec<f64> = weights.iter().map(|(p, _)| *p).collect();
    assert_eq!(values, [0.0, 5.0, 100.0]);
    assert_eq!(weights[2].1.since(weights[1].1), 3 * MINUTE);
    let d = latest(&w);
    assert_eq!(
        (d.status, d.strategy),
        (ServiceDeploymentStatus::Successful, canary)
    );
}

#[test]
fn a_broken_green_rolls_back_and_blue_keeps_serving() {
    let (mut w, blue, green) = region(6);
    service(&mut w, &blue, |s| {
        blue_green(Strategy::BlueGreen, 5)(s).alternate_target_group(&green)
    });
    let before: Vec<String> = live_tasks(&w).iter().map(|t| t.arn.clone()).collect();
    w.update_service_task_definition("prod", "search", "search:3")
        .expect("deploy");
    let mut statuses = Vec::new();
    let mut stages_seen = Vec::new();
    for _ in 0..20 * 60 {
        w.advance(1_000);
        let d = latest(&w);
        if statuses.last() != Some(&d.status) {
            statuses.push(d.status.clone());
        }
        if stages_seen.last() != Some(&d.lifecycle_stage) {
            stages_seen.push(d.lifecycle_stage.clone());
        }
        if !d.status.is_ongoing() {
            break;
        }
    }
    use ServiceDeploymentStatus::*;
    assert_eq!(
        statuses,
        [InProgress, RollbackInProgress, RollbackSuccessful]
    );
    assert_eq!(
        stages_seen,
        ["RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "CLEAN_UP"]
    );
    let d = latest(&w);
    assert!(
        d.rollback_reason
            .as_deref()
            .unwrap_or("")
            .contains("failed to become healthy"),
        "{d:?}"
    );
    assert_eq!(
        (d.target.production_weight, d.sources[0].production_weight),
        (Some(0.0), Some(100.0))
    );
    assert_eq!((d.target.running_tasks, d.target.pending_tasks), (0, 0));
    let now: Vec<String> = live_tasks(&w).iter().map(|t| t.arn.clone()).collect();
    assert_eq!(now, before, "blue's own tasks served all along");
    assert_eq!(healthy_targets(&w, &blue), 4);
    let svc = w.service("prod", "search").unwrap();
    assert_eq!(
        svc.task_definition,
        w.task_definition("search:1").unwrap().arn
    );
    assert_eq!(svc.deployments.len(), 1);
}

#[test]
fn a_traffic_shifting_strategy_needs_an_alternate_target_group() {
    let (mut w, blue, _) = region(7);
    let spec = ServiceSpec::new("prod", "search", "search:1", 2)
        .load_balancer(&blue, "search", 8080)
        .strategy(Strategy::BlueGreen);
    match w.create_service(spec) {
        Err(wharf::backend::BackendError::Api { code, message }) => {
            assert_eq!(code, "InvalidParameterException");
            assert!(message.contains("alternateTargetGroupArn"), "{message}");
        }
        other => panic!("expected InvalidParameterException, got {other:?}"),
    }
}
