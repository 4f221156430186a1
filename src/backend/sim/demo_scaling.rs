//! The demo region's auto scaling and alarms: `web` and `api` keep their average CPU near 50% with target
//! tracking, and two alarms watch what users see of `api` and `orders`.

use super::autoscaling::DEFAULT_COOLDOWN_S;
use super::world::World;
use crate::backend::Result;
use crate::model::{MetricKind, TargetChange};

/// Scale-out cooldown of the demo's policies: a learner sees a second step out a minute after the first.
const OUT_COOLDOWN_S: u32 = 60;

pub(super) fn demo_scaling(w: &mut World) -> Result<()> {
    let cluster = "prod-fargate";
    for (service, min, max) in [("web", 6, 12), ("api", 4, 10)] {
        let range = TargetChange {
            min: Some(min),
            max: Some(max),
            suspended: None,
        };
        w.register_scalable_target(cluster, service, &range)?;
        w.put_target_tracking(
            cluster,
            service,
            "cpu50",
            MetricKind::Cpu,
            50.0,
            (OUT_COOLDOWN_S, DEFAULT_COOLDOWN_S),
        )?;
    }
    let api = w.service_key(cluster, "api")?;
    w.put_alarm(
        "api-slow-responses",
        api,
        MetricKind::ResponseTime,
        0.25,
        true,
        3,
    );
    let orders = w.service_key("prod-ec2", "orders")?;
    w.put_alarm("orders-5xx", orders, MetricKind::Errors5xx, 10.0, true, 2);
    Ok(())
}
