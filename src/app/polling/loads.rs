//! The services list's CPU and memory: the rows on screen whose figures are due, many to a GetMetricData
//! call, never more a minute than `[metrics] max_per_minute` allows (two metrics a row).

use super::{retry_interval, send};
use crate::app::resource::{Fetch, Resource};
use crate::app::{Effect, ServiceKey, State};
use crate::backend::METRICS_PER_CALL;

/// How due rows are ordered: never read (`None`) first, then by whether and when last polled.
type DueOrder = Option<(bool, Option<crate::model::Timestamp>)>;

/// Rows in one call: two metrics each.
const ROWS_PER_CALL: usize = METRICS_PER_CALL / 2;

pub(super) fn service_loads(
    state: &mut State,
    cluster_arn: &str,
    names: &[String],
    interval_ms: i64,
    force: bool,
    effects: &mut Vec<Effect>,
) {
    let now = state.now;
    let room = state
        .session
        .metric_spend
        .room(now, state.refresh.metrics.max_per_minute) as usize
        / 2;
    let mut due: Vec<(DueOrder, String)> = Vec::new();
    let mut first = false;
    for name in names {
        let resource = Resource::ServiceLoad(ServiceKey {
            cluster_arn: cluster_arn.to_string(),
            service_name: name.clone(),
        });
        let status = state.session.cache.status(&resource);
        let is_due = match status {
            None => true,
            Some(s) if s.in_flight => false,
            Some(s) => s.is_due(now, retry_interval(s, interval_ms), force),
        };
        if is_due {
            first |= status.is_none_or(|s| s.fetched_at.is_none() && s.failures == 0);
            // Never read first, then the longest unread: a row the allowance left out goes next time.
            let order = status.map(|s| (s.fetched_at.is_some(), s.polled_at));
            due.push((order, name.clone()));
        }
    }
    due.sort_by_key(|(order, _)| *order);
    let mut due: Vec<String> = due.into_iter().map(|(_, name)| name).collect();
    if due.is_empty() || (state.paused && !first && !force) {
        return;
    }
    // Within the minute's allowance; the rest wait for the next minute (and go first then).
    if due.len() > room {
        state.session.metric_spend.held_back += (due.len() - room) as u64;
        due.truncate(room);
    }
    for batch in due.chunks(ROWS_PER_CALL) {
        let fetch = Fetch::ServiceLoads {
            cluster_arn: cluster_arn.to_string(),
            names: batch.to_vec(),
        };
        if !send(state, fetch, first || force, effects) {
            break;
        }
    }
}
