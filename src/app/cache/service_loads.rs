//! The services list's CPU and memory: one GetMetricData answer for many rows, each row kept on its own.

use super::{mismatch, Cache};
use crate::app::resource::Payload;
use crate::app::{Loadable, ServiceKey};
use crate::backend::BackendError;
use crate::model::{ServiceLoad, Timestamp};

/// Record the answer for the services `names` of `cluster_arn`: CPU then memory for each, in order. An
/// error is each row's.
pub(super) fn store(
    cache: &mut Cache,
    cluster_arn: &str,
    names: &[String],
    result: Result<Payload, BackendError>,
    at: Timestamp,
    calls: u32,
) {
    let series = match result {
        Ok(Payload::ServiceLoads(series)) if series.len() == 2 * names.len() => Ok(series),
        Ok(Payload::ServiceLoads(_)) => Err(mismatch(Ok(Payload::ServiceLoads(Vec::new())))),
        other => Err(mismatch(other)),
    };
    let mut pairs = series.as_ref().ok().map(|s| s.chunks(2));
    for (i, name) in names.iter().enumerate() {
        let key = ServiceKey {
            cluster_arn: cluster_arn.to_string(),
            service_name: name.clone(),
        };
        let entry: &mut Loadable<ServiceLoad> = cache.service_loads.entry(key).or_default();
        // The first row carries the call's charge.
        let calls = if i == 0 { calls } else { 0 };
        let answer = match (&mut pairs, &series) {
            (Some(pairs), _) => match pairs.next() {
                Some([cpu, memory]) => Ok(ServiceLoad {
                    cpu: cpu.clone(),
                    memory: memory.clone(),
                }),
                _ => Err(mismatch(Ok(Payload::ServiceLoads(Vec::new())))),
            },
            (None, Err(e)) => Err(e.clone()),
            (None, Ok(_)) => Err(mismatch(Ok(Payload::ServiceLoads(Vec::new())))),
        };
        entry.apply(answer, at, calls);
    }
}
