//! Reads while the account misbehaves (throttling, HTTP 500, no network, expired credentials, a permission
//! taken away). A read that failed on such a fault is not tried again on its own schedule: one failing read
//! on screen, the one that has waited longest, goes each interval as the probe of the fault, and the first
//! answer after it makes every read that failed go again at once (`Cache::retry_failing`). A lasting fault
//! costs one request per interval whatever the screen shows; the screen is whole again within one interval
//! of the fault clearing. Throttling of what the user waits for (a services list's next page, rows never
//! described) is not probed: the budget, slowed by it, paces those reads (`services`).

use super::super::needs::Need;
use super::super::resource::Resource;
use super::super::State;
use super::probe_interval;
use crate::model::Timestamp;

/// Where a fault stands, across every read of the session.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Faults {
    /// When the last probe (or any read that had failed) was sent: the next probe waits an interval.
    pub probed_at: Option<Timestamp>,
}

/// Choose the probe among the reads of `needs` that wait for one (`Status::waits_for_probe`), if none is
/// out and the last probe is an interval old.
pub(super) fn choose_probe(state: &mut State, needs: &[Need]) {
    let now = state.now;
    let probed_at = state.session.faults.probed_at;
    let mut probe: Option<(Resource, Option<Timestamp>)> = None;
    for (resource, base) in needs.iter().flat_map(|need| candidates(state, need)) {
        let Some(status) = state.session.cache.status(&resource) else {
            continue;
        };
        if !status.waits_for_probe() {
            continue;
        }
        if status.in_flight {
            return;
        }
        // The read's configured interval (not lengthened for data that stays the same: stale data is what a
        // fault leaves on screen), shorter for a read the user still waits for. A probe chosen but held back
        // by the budget keeps `retry_now`; `probed_at` keeps the next one an interval away.
        let interval = probe_interval(status, base);
        let waited = |at: Option<Timestamp>| at.is_none_or(|t| now.since(t) >= interval);
        let polled = status.polled_at;
        let longer = probe.as_ref().is_none_or(|(_, at)| polled < *at);
        if waited(polled) && waited(probed_at) && longer {
            probe = Some((resource, polled));
        }
    }
    if let Some((resource, _)) = probe {
        state.session.cache.status_mut(&resource).retry_now = true;
        state.session.faults.probed_at = Some(now);
    }
}

/// What a need reads, with each read's interval: a services table's rows off screen too, since a row that
/// never answered is not on screen.
fn candidates(state: &State, need: &Need) -> Vec<(Resource, i64)> {
    let policy = &state.refresh;
    let Need::Services {
        cluster_arn,
        on_screen,
        interval_ms,
        all_rows,
        listing,
    } = need
    else {
        let interval = need.interval_ms(policy);
        // What the status line leaves out (each row's metrics, the region's alarms) is probed all the
        // same: else a failed read of it would wait for another's fault to clear, for good.
        return need.reads().into_iter().map(|r| (r, interval)).collect();
    };
    let table = state.session.cache.services.get(cluster_arn);
    let table = table.and_then(|l| l.data.as_ref());
    let row = |arn: &String| Resource::Service {
        cluster_arn: cluster_arn.clone(),
        service_arn: arn.clone(),
    };
    let mut reads: Vec<(Resource, i64)> =
        on_screen.iter().map(|a| (row(a), *interval_ms)).collect();
    if *listing {
        let listed_once = table.is_some_and(|t| t.listed_once);
        let list = Resource::ServiceList {
            cluster_arn: cluster_arn.clone(),
        };
        reads.push((
            list,
            if listed_once {
                policy.listing_ms
            } else {
                policy.list_ms
            },
        ));
    }
    // Looked through when the poller looks through the rows off screen (`ServiceTable::background_due`).
    if let Some(table) = table.filter(|t| *all_rows && t.background_due(state.now)) {
        // The listed rows polling reads (in their order), only the failing ones: a cluster may list thousands.
        let shown: std::collections::HashSet<&String> = on_screen.iter().collect();
        let failing = (table.listed.iter()).filter(|arn| {
            !shown.contains(arn) && table.status(arn).is_some_and(|st| st.waits_for_probe())
        });
        reads.extend(failing.map(|arn| (row(arn), policy.background_ms)));
    }
    reads
}
