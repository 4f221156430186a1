//! The sandbox carries load and scales by itself (issue 23): CPU follows the load per running task, `web`
//! and `api` scale out and in with target tracking's alarm rules and cooldowns, a count set by hand outside
//! the range is moved back, and metrics and alarms come through the same calls as AWS's.

use wharf::backend::sim::*;
use wharf::backend::{Backend, MetricsScaling};
use wharf::model::*;

const MINUTE: i64 = 60_000;
const F: &str = "prod-fargate";

async fn desired(sim: &Sim, service: &str) -> u32 {
    let arn = format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service/{F}/{service}");
    let d = sim.describe_services(F, &[arn]).await.expect("describe");
    d.items[0].desired_count
}

async fn scaling(sim: &Sim, service: &str) -> ServiceScaling {
    sim.describe_service_scaling(F, service)
        .await
        .expect("scaling")
}

fn cpu(service: &str) -> MetricId {
    MetricId {
        owner: MetricOwner::service(F, service),
        kind: MetricKind::Cpu,
    }
}

/// Minutes until `service`'s desired count passes `check`, at most `limit`.
async fn minutes_until(sim: &Sim, service: &str, limit: i64, check: impl Fn(u32) -> bool) -> i64 {
    for minute in 1..=limit {
        sim.advance(MINUTE);
        if check(desired(sim, service).await) {
            return minute;
        }
    }
    panic!("{service} did not get there within {limit} minutes");
}

#[tokio::test]
async fn a_spike_scales_web_out_within_minutes_and_back_in_after_the_cooldown() {
    let sim = Sim::demo(1, SimClock::Manual);
    let before = scaling(&sim, "web").await;
    let target = before.target.clone().expect("web is registered");
    assert_eq!((target.min, target.max), (6, 12));
    assert_eq!(before.policies.len(), 1);
    assert!(before.policies[0].is_target_tracking());
    assert_eq!(desired(&sim, "web").await, 6);

    sim.set_load(F, "web", 3.0).await.expect("load");
    let out = minutes_until(&sim, "web", 10, |n| n > 6).await;
    // AlarmHigh needs 3 datapoints of a minute above 50%, then the policy acts at the next minute.
    assert!((3..=5).contains(&out), "scaled out after {out} minutes");
    let activity = scaling(&sim, "web").await.activities[0].clone();
    assert!(activity
        .description
        .starts_with("Setting desired count to "));
    assert!(
        activity.cause.contains("-AlarmHigh-")
            && activity.cause.ends_with("triggered policy cpu50"),
        "{}",
        activity.cause
    );
    assert_eq!(activity.status, "Successful");
    let peak = minutes_until(&sim, "web", 10, |n| n == 12).await;
    assert!(peak <= 10);

    sim.set_load(F, "web", 1.0).await.expect("load");
    // AlarmLow: 15 datapoints below 45%, and the scale-in cooldown (300 s) since the last scaling.
    let back = minutes_until(&sim, "web", 40, |n| n < 12).await;
    assert!(back >= 15, "scaled in after {back} minutes");
    let activity = scaling(&sim, "web").await.activities[0].clone();
    assert!(activity.cause.contains("-AlarmLow-"), "{}", activity.cause);
    minutes_until(&sim, "web", 60, |n| n == 6).await;
}

#[tokio::test]
async fn a_count_set_by_hand_above_max_is_moved_back_unless_scaling_is_suspended() {
    let sim = Sim::demo(1, SimClock::Manual);
    let update = wharf::backend::ServiceUpdate {
        desired_count: Some(20),
        ..Default::default()
    };
    sim.update_service(F, "api", &update).await.expect("scale");
    sim.advance(MINUTE);
    assert_eq!(desired(&sim, "api").await, 10);
    let activity = scaling(&sim, "api").await.activities[0].clone();
    assert_eq!(activity.description, "Setting desired count to 10.");
    // Not at once: at the next scale-in (api's AlarmLow is in ALARM: it could do with fewer tasks), which
    // first comes back to the maximum and goes on as the policy wants.
    assert!(activity.cause.contains("-AlarmLow-"), "{}", activity.cause);

    let suspend = TargetChange {
        min: None,
        max: None,
        suspended: Some(Suspended::DYNAMIC),
    };
    let t = sim
        .register_scalable_target(F, "api", &suspend)
        .await
        .expect("suspend")
        .expect("read back");
    assert_eq!((t.min, t.max, t.suspended), (4, 10, Suspended::DYNAMIC));
    sim.update_service(F, "api", &update).await.expect("scale");
    sim.advance(5 * MINUTE);
    assert_eq!(desired(&sim, "api").await, 20);

    // Resumed, the count is moved back at the next minute.
    let resume = TargetChange {
        suspended: Some(Suspended::NOTHING),
        ..suspend
    };
    sim.register_scalable_target(F, "api", &resume)
        .await
        .expect("resume");
    sim.advance(MINUTE);
    assert_eq!(desired(&sim, "api").await, 10);
}

#[tokio::test]
async fn registering_needs_both_bounds_and_a_range_that_holds() {
    let sim = Sim::demo(1, SimClock::Manual);
    let half = TargetChange {
        min: Some(1),
        max: None,
        suspended: None,
    };
    let err = sim
        .register_scalable_target(F, "checkout", &half)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("ValidationException"), "{err}");
    let upside_down = TargetChange {
        min: Some(5),
        max: Some(2),
        suspended: None,
    };
    let err = sim
        .register_scalable_target(F, "checkout", &upside_down)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("cannot be greater"), "{err}");
    let err = sim
        .register_scalable_target(F, "nope", &upside_down)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("doesn't exist"), "{err}");
    assert!(scaling(&sim, "checkout").await.target.is_none());
    // A new minimum above the count moves it up at once.
    let range = TargetChange {
        min: Some(5),
        max: Some(8),
        suspended: None,
    };
    sim.register_scalable_target(F, "checkout", &range)
        .await
        .expect("register");
    assert_eq!(desired(&sim, "checkout").await, 5);
    let all = sim.describe_scalable_targets(&[]).await.expect("targets");
    let ids: Vec<&str> = all.iter().map(|t| t.resource_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "service/prod-fargate/api",
            "service/prod-fargate/checkout",
            "service/prod-fargate/web"
        ]
    );
}

#[tokio::test]
async fn metrics_come_through_get_metric_data_and_follow_the_load() {
    let sim = Sim::demo(1, SimClock::Manual);
    let now = sim.now();
    let web_tg = MetricOwner::TargetGroup {
        target_group: "targetgroup/web-tg/x".into(),
        load_balancer: "app/prod-public/x".into(),
    };
    // The demo's target group ids are derived: find web's from the service.
    let arn = format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service/{F}/web");
    let web = sim
        .describe_services(F, &[arn])
        .await
        .unwrap()
        .items
        .remove(0);
    let tg_arn = web.load_balancers[0].target_group_arn.clone();
    let tg = sim
        .describe_target_groups(std::slice::from_ref(&tg_arn))
        .await
        .unwrap();
    let owner = MetricOwner::target_group(&tg_arn, &tg[0].load_balancer_arns[0]);
    assert_ne!(owner, web_tg);
    let ids = vec![
        cpu("web"),
        MetricId {
            owner: owner.clone(),
            kind: MetricKind::Requests,
        },
        MetricId {
            owner,
            kind: MetricKind::HealthyHosts,
        },
        cpu("no-such-service"),
    ];
    let got = sim
        .get_metric_data(&ids, MetricRange::Hour, now)
        .await
        .expect("metrics");
    assert_eq!(got.len(), 4);
    // A week of history behind the demo: a full hour of 1-minute points.
    assert!(got[0].points.len() >= 59, "{}", got[0].points.len());
    let cpu_now = got[0].last().unwrap();
    assert!((10.0..60.0).contains(&cpu_now), "{cpu_now}");
    assert!(got[1].last().unwrap() > 0.0);
    assert_eq!(got[2].last(), Some(6.0));
    assert!(got[3].points.is_empty());
    let week = sim
        .get_metric_data(&ids[..1], MetricRange::Week, now)
        .await
        .unwrap();
    assert!(
        (160..=169).contains(&week[0].points.len()),
        "{}",
        week[0].points.len()
    );

    sim.set_load(F, "web", 4.0).await.unwrap();
    sim.advance(2 * MINUTE);
    let got = sim
        .get_metric_data(&ids[..1], MetricRange::Hour, sim.now())
        .await
        .unwrap();
    assert!(got[0].last().unwrap() > 90.0, "{:?}", got[0].last());
    let bad = sim.set_load(F, "web", 0.0).await.unwrap_err();
    assert!(bad.to_string().contains("above 0"), "{bad}");
}

#[tokio::test]
async fn alarms_fire_with_aws_reasons_and_are_found_by_metric() {
    let sim = Sim::demo(1, SimClock::Manual);
    let firing = sim.describe_firing_alarms().await.unwrap();
    assert!(
        !firing.iter().any(|a| a.name == "api-slow-responses"),
        "{firing:?}"
    );
    sim.set_load(F, "api", 8.0).await.unwrap();
    // api scales out to its max of 10, which is still not enough for eight times its load.
    sim.advance(8 * MINUTE);
    let firing = sim.describe_firing_alarms().await.unwrap();
    let slow = firing
        .iter()
        .find(|a| a.name == "api-slow-responses")
        .expect("api's latency alarm fires");
    assert!(
        slow.reason.starts_with("Threshold Crossed: 3 datapoints [")
            && slow
                .reason
                .contains("were greater than the threshold (0.25)"),
        "{}",
        slow.reason
    );
    let on_cpu = sim
        .describe_alarms_for_metrics(&[cpu("api")])
        .await
        .unwrap();
    let names: Vec<&str> = on_cpu.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names
        .iter()
        .all(|n| n.starts_with("TargetTracking-service/prod-fargate/api-Alarm")));
    let high = on_cpu
        .iter()
        .find(|a| a.name.contains("AlarmHigh"))
        .unwrap();
    assert_eq!(high.state, AlarmState::Alarm);
    assert!(high.concerns(F, "api", &[]));
}

/// prod-ec2's capacity provider scales its group: analytics asks for more CPU than any running instance
/// has, so managed scaling launches an instance of a type that holds it (an m5.xlarge), the task is placed
/// once it registers, and the instance goes again after the service no longer needs it.
#[tokio::test]
async fn managed_scaling_adds_an_instance_for_a_task_that_cannot_be_placed_and_removes_it_idle() {
    let sim = Sim::demo(1, SimClock::Manual);
    let instances = |sim: &Sim| {
        let sim = sim.clone();
        async move {
            let arns = sim.list_container_instances("prod-ec2").await.unwrap();
            sim.describe_container_instances("prod-ec2", &arns)
                .await
                .unwrap()
                .items
        }
    };
    let added: Vec<ContainerInstance> = instances(&sim)
        .await
        .into_iter()
        .filter(|i| i.instance_type.as_deref() == Some("m5.xlarge"))
        .collect();
    assert_eq!(
        added.len(),
        1,
        "one instance for analytics by the end of the warm-up"
    );
    assert_eq!(
        added[0].capacity_provider_name.as_deref(),
        Some("prod-ec2-asg")
    );
    let arn = "arn:aws:ecs:sandbox-1:000000000000:service/prod-ec2/analytics".to_string();
    let analytics = sim
        .describe_services("prod-ec2", &[arn])
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!(analytics.running_count, 1, "placed on the new instance");
    assert!(
        analytics
            .events
            .iter()
            .any(|e| e.message.contains("was unable to place a task")),
        "it could not be placed first"
    );

    let none = wharf::backend::ServiceUpdate {
        desired_count: Some(0),
        ..Default::default()
    };
    sim.update_service("prod-ec2", "analytics", &none)
        .await
        .unwrap();
    // inventory-sync's tasks keep crashing, and each replacement goes to the least used instance: the new
    // one. An instance is idle only when nothing at all runs there.
    sim.update_service("prod-ec2", "inventory-sync", &none)
        .await
        .unwrap();
    sim.advance(5 * MINUTE);
    assert_eq!(
        instances(&sim).await.len(),
        7,
        "still there while idle for less than the wait"
    );
    sim.advance(IDLE_MS + 2 * MINUTE);
    let left = instances(&sim).await;
    assert_eq!(left.len(), 6, "the idle added instance is gone");
    assert!(left
        .iter()
        .all(|i| i.instance_type.as_deref() != Some("m5.xlarge")));
}
