//! What a poller of a traffic-shifting deployment observes over virtual time.

use wharf::backend::sim::*;
use wharf::model::*;

use super::world::latest;

/// One observation: (stage, production weight, test weight) of the new revision, and when it was first seen.
pub type Seen = (String, Option<f64>, Option<f64>, Timestamp);

/// What a poller sees each second: (stage, production weight, test weight) of the new revision, each change
/// once, with the time it was first seen. Stops when the deployment has ended, or after `limit_ms`.
pub fn observe(w: &mut World, limit_ms: i64) -> Vec<Seen> {
    let mut seen: Vec<Seen> = Vec::new();
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

pub fn stages(seen: &[Seen]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (s, ..) in seen {
        if out.last() != Some(s) {
            out.push(s.clone());
        }
    }
    out
}

pub fn production_weights(seen: &[Seen]) -> Vec<(f64, Timestamp)> {
    let mut out: Vec<(f64, Timestamp)> = Vec::new();
    for (_, p, _, at) in seen {
        let p = p.expect("a traffic-shifting deployment reports weights");
        if out.last().is_none_or(|(q, _)| *q != p) {
            out.push((p, *at));
        }
    }
    out
}

pub fn live_tasks(w: &World) -> Vec<Task> {
    w.tasks_of_service("prod", "search")
        .into_iter()
        .filter(|t| t.desired_status == DesiredStatus::Running)
        .collect()
}

pub fn healthy_targets(w: &World, tg: &str) -> usize {
    let health = w.target_health(tg).expect("target group");
    health
        .iter()
        .filter(|h| h.state == TargetState::Healthy)
        .count()
}

pub fn blue_green(strategy: Strategy, bake: u32) -> impl FnOnce(ServiceSpec) -> ServiceSpec {
    move |s| s.strategy(strategy).bake_time(bake)
}

/// The target groups the production (HTTP:80) and test (HTTP:8080) listeners forward to.
pub fn routes(w: &World) -> (Vec<String>, Vec<String>) {
    let lb = w.load_balancers()[0].arn.clone();
    let listeners = w.describe_listeners(&lb).expect("listeners");
    let forward = |port: u16| {
        let l = listeners.iter().find(|l| l.port == port).expect("listener");
        w.describe_rules(&l.arn).expect("rules")[0]
            .target_groups
            .clone()
    };
    (forward(80), forward(8080))
}
