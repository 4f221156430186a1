//! ECS's own traffic-shifting strategies (BLUE_GREEN, LINEAR, CANARY) over virtual time: the stages, traffic
//! weights and listener rules a poller observes, and a broken new revision rolled back.

#[path = "sim_rollouts/observe.rs"]
mod observe;
#[path = "sim_rollouts/world.rs"]
mod world;

use observe::*;
use wharf::backend::sim::*;
use wharf::model::*;
use world::*;

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
fn listener_rules_follow_the_traffic_weights() {
    let (mut w, blue, green) = region(8);
    let canary = Strategy::Canary {
        percent: 10.0,
        bake_minutes: 2,
    };
    service(&mut w, &blue, |s| {
        blue_green(canary, 1)(s).alternate_target_group(&green)
    });
    w.update_service_task_definition("prod", "search", "search:2")
        .expect("deploy");
    let mut seen: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for _ in 0..20 * 60 {
        w.advance(1_000);
        let now = routes(&w);
        if seen.last() != Some(&now) {
            seen.push(now);
        }
    }
    let (b, g) = (vec![blue.clone()], vec![green.clone()]);
    let both = vec![blue.clone(), green.clone()];
    assert_eq!(
        seen,
        [
            (b.clone(), b.clone()),
            (b.clone(), g.clone()),
            (both, g.clone()),
            (g.clone(), g.clone())
        ],
        "test traffic moves first, then the canary's share, then the rest"
    );
    assert_eq!(latest(&w).status, ServiceDeploymentStatus::Successful);

    // The next deployment's new revision is in blue-tg: a broken one rolls back, and traffic stays on green-tg.
    w.update_service_task_definition("prod", "search", "search:3")
        .expect("deploy");
    for _ in 0..20 * 60 {
        w.advance(1_000);
    }
    assert_eq!(
        latest(&w).status,
        ServiceDeploymentStatus::RollbackSuccessful
    );
    assert_eq!(routes(&w), (g.clone(), g));
}
