//! The poller: a pure planner run by `update` after every action. It reads what the screen on top needs
//! (`Screen::needs`), what the cache holds and the budget, and sends what is due, in this order: what the user
//! waits for (a view opened, a refresh, a change's effect), at AWS's documented rate; then what is on screen;
//! then rows off screen, within the share. At most one request per resource is out at once.

mod loads;
mod probe;
mod services;

pub use probe::Faults;

use super::loadable::Status;
use super::needs::Need;
use super::resource::{Fetch, Resource};
use super::{Effect, State};
use crate::backend::BackendError;
use services::{list_services, service_rows};

/// Something never read yet that failed on a passing error is tried again soon: the user is waiting for it.
/// The budget still holds it back after throttling.
const FIRST_RETRY_MS: i64 = 2_000;

/// The interval a read waits on: its own, or while it has never answered and its error may pass by itself,
/// the first-load retry.
fn retry_interval(status: &Status, interval_ms: i64) -> i64 {
    let passing = status.error.as_ref().is_some_and(|e| e.is_transient());
    if status.fetched_at.is_none() && status.failures > 0 && passing {
        interval_ms.min(FIRST_RETRY_MS)
    } else {
        interval_ms
    }
}

/// How often a read that failed on a fault is checked (as the probe, `probe`): its interval, or for one the
/// user still waits for (never answered) 2 s, then 4, 8, ... up to its interval. The status line says it.
pub fn probe_interval(status: &Status, interval_ms: i64) -> i64 {
    let first = retry_interval(status, interval_ms);
    if first >= interval_ms {
        return interval_ms;
    }
    let doublings = status.failures.saturating_sub(1).min(10);
    (first << doublings).min(interval_ms)
}

pub fn due_effects(state: &mut State, force: bool) -> Vec<Effect> {
    state.session.budget.held_back = false;
    let mut needs = state.screen().needs(state);
    needs.extend(super::needs::overlay_needs(state));
    if !state.paused {
        probe::choose_probe(state, &needs);
    }
    let mut effects = Vec::new();
    for need in needs {
        match need {
            Need::Whole {
                resource,
                interval_ms,
            } => whole(state, resource, interval_ms, force, &mut effects),
            Need::Once(resource) => once(state, resource, &mut effects),
            Need::Services {
                cluster_arn,
                on_screen,
                interval_ms,
                all_rows,
                listing,
            } => {
                if listing {
                    list_services(state, &cluster_arn, force, &mut effects);
                }
                service_rows(
                    state,
                    &cluster_arn,
                    &on_screen,
                    interval_ms,
                    all_rows,
                    force,
                    &mut effects,
                );
            }
            Need::Loads {
                cluster_arn,
                names,
                interval_ms,
            } => loads::service_loads(
                state,
                &cluster_arn,
                &names,
                interval_ms,
                force,
                &mut effects,
            ),
        }
    }
    effects
}

fn whole(
    state: &mut State,
    resource: Resource,
    interval_ms: i64,
    force: bool,
    effects: &mut Vec<Effect>,
) {
    let now = state.now;
    let status = state.session.cache.status_mut(&resource);
    // The first attempt is what the user waits for; after a failure, polling tries again within its share.
    let first = status.fetched_at.is_none() && status.failures == 0;
    let interval = retry_interval(
        status,
        state.refresh.adapted(interval_ms, status.changed_at, now),
    );
    if !status.is_due(now, interval, force) {
        if force && status.in_flight {
            status.refresh_requested = true;
        }
        return;
    }
    let urgent = force || first || status.refresh_requested;
    if state.paused && !urgent {
        return;
    }
    send(state, Fetch::One(resource), urgent, effects);
}

/// Immutable data: read until it is there, retried after a failure like anything else.
fn once(state: &mut State, resource: Resource, effects: &mut Vec<Effect>) {
    let now = state.now;
    let detail = state.refresh.detail_ms;
    let status = state.session.cache.status_mut(&resource);
    let has_data = status.fetched_at.is_some();
    if has_data || !status.is_due(now, retry_interval(status, detail), false) {
        return;
    }
    let first = status.failures == 0;
    send(state, Fetch::One(resource), first, effects);
}

/// Send `fetch` if the budget allows it now, and mark what it reads as in flight. Whether it was sent.
fn send(state: &mut State, fetch: Fetch, urgent: bool, effects: &mut Vec<Effect>) -> bool {
    let calls = expected_calls(state, &fetch);
    // Metrics are billed: within the minute's allowance, whoever waits for them.
    let metrics = fetch.metrics_asked();
    let max = state.refresh.metrics.max_per_minute;
    if metrics > 0 && !state.session.metric_spend.allows(metrics, state.now, max) {
        state.session.metric_spend.held_back += 1;
        return false;
    }
    state.session.budget.refill(state.now);
    if !state.session.budget.allows(fetch.category(), calls, urgent) {
        state.session.budget.held_back = true;
        return false;
    }
    effects.push(start(state, fetch, calls, urgent, false));
    true
}

/// How long the runtime may wait before the next tick. A second, which is as fine as anything on screen
/// goes (clocks and ages show whole seconds) and as soon as a poll needs (every few seconds); a quarter
/// of one while a read waits for the budget's tokens (it goes as they refill) or while the cursor moves
/// (reads about the row it rests on wait for two ticks without a move).
pub fn wake_after_ms(state: &State) -> u64 {
    let moving = state
        .screen()
        .cursor()
        .and_then(|c| c.selected_key.as_ref())
        != state.resting_on.as_ref();
    if state.session.budget.held_back || moving {
        250
    } else {
        1_000
    }
}

/// The calls a fetch will make: as many as the last read of it made, else a first guess.
fn expected_calls(state: &State, fetch: &Fetch) -> u32 {
    let first = fetch.resources().into_iter().next();
    match (fetch, first.and_then(|r| state.session.cache.status(&r))) {
        (Fetch::One(_), Some(s)) if s.calls > 0 => s.calls,
        (Fetch::One(r), _) => r.first_guess_calls(),
        _ => 1,
    }
}

/// Charge `fetch` to the budget and mark what it reads as in flight; `asked`: for something other than a
/// screen, whose answer is kept whatever is on screen then.
fn start(state: &mut State, fetch: Fetch, calls: u32, urgent: bool, asked: bool) -> Effect {
    let now = state.now;
    state.session.budget.refill(now);
    state.session.budget.charge(fetch.category(), calls, urgent);
    state.session.metric_spend.asked(fetch.metrics_asked(), now);
    for (i, resource) in fetch.resources().iter().enumerate() {
        let status = state.session.cache.status_mut(resource);
        let failing = status.waits_for_probe();
        // The first resource carries the charge, settled when the answer says what it cost.
        status.start(now, if i == 0 { calls } else { 0 }, urgent);
        status.asked |= asked;
        if failing {
            // A failing read going out probes the fault: the next probe waits an interval after it.
            state.session.faults.probed_at = Some(now);
        }
    }
    Effect::Fetch(fetch)
}

/// Mark a read asked for outside polling; whether it can be sent now (else it is asked again as soon as the
/// read in flight answers: that answer may predate the change).
fn ask(state: &mut State, resource: &Resource) -> bool {
    let status = state.session.cache.status_mut(resource);
    status.asked = true;
    if status.in_flight {
        status.refresh_requested = true;
    }
    !status.in_flight
}

/// A read asked for outside polling (after a change, by a dialog, by a cleanup's wait): the user waits for
/// it, so it draws on the full rate and is never held back by the budget. Sent unless that resource already
/// has a request in flight.
pub fn request(state: &mut State, resource: Resource) -> Option<Effect> {
    if !ask(state, &resource) {
        return None;
    }
    let fetch = Fetch::of(resource);
    let calls = expected_calls(state, &fetch);
    Some(start(state, fetch, calls, true, true))
}

/// Reads of many resources asked for outside polling (a cleanup's wait): each as `request` would, but a
/// cluster's services 10 to a DescribeServices call.
pub fn request_all(state: &mut State, resources: Vec<Resource>) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut by_cluster: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for resource in resources {
        match resource {
            Resource::Service {
                ref cluster_arn,
                ref service_arn,
            } => {
                if ask(state, &resource) {
                    let rows = by_cluster.entry(cluster_arn.clone()).or_default();
                    rows.push(service_arn.clone());
                }
            }
            other => effects.extend(request(state, other)),
        }
    }
    for (cluster_arn, arns) in by_cluster {
        for batch in arns.chunks(super::resource::SERVICES_PER_CALL) {
            let fetch = Fetch::Services {
                cluster_arn: cluster_arn.clone(),
                arns: batch.to_vec(),
            };
            effects.push(start(state, fetch, 1, true, true));
        }
    }
    effects
}

/// Does an answer show that a fault has cleared: its read had failed on one (`before`), and did not now
/// (`after`)? Then every read that failed on one goes again at once (`Cache::retry_failing`).
pub fn fault_cleared(before: Option<&BackendError>, after: Option<&BackendError>) -> bool {
    before.is_some_and(BackendError::may_clear) && after.is_none()
}

/// Is an answer for `fetch` still of use: shown by a screen on the navigation stack, or asked for by a
/// dialog, a change or a cleanup? Answers for screens the user has left are dropped, not retried.
pub fn wanted(state: &State, fetch: &Fetch) -> bool {
    let resources = fetch.resources();
    let asked = resources.iter().any(|r| {
        state
            .session
            .cache
            .status(r)
            .is_some_and(|s| s.asked || s.refresh_requested)
    });
    asked || resources.iter().any(|r| shown_on_stack(state, r))
}

/// Does a screen on the navigation stack show `resource` (`Screen::needs`)?
pub fn shown_on_stack(state: &State, resource: &Resource) -> bool {
    state
        .screens
        .iter()
        .any(|screen| screen.needs(state).iter().any(|n| n.covers(resource)))
        || super::needs::overlay_needs(state)
            .iter()
            .any(|n| n.covers(resource))
}
