//! The poller: a pure planner run by `update` after every action. It reads what the screen on top needs
//! (`Screen::needs`), what the cache holds and the budget, and sends what is due, in this order: what the user
//! waits for (a view opened, a refresh, a change's effect), at AWS's documented rate; then what is on screen;
//! then rows off screen, within the share. At most one request per resource is out at once.

use super::budget::MAX_IN_FLIGHT;
use super::loadable::Status;

/// Something never read yet that failed is tried again soon (2 s, then 4, 8, ...): the user is waiting for
/// it. The budget still holds it back after throttling.
const FIRST_RETRY_MS: i64 = 2_000;

/// The interval a read waits on: its own, or while it has never answered, the first-load retry.
fn retry_interval(status: &Status, interval_ms: i64) -> i64 {
    if status.fetched_at.is_none() && status.failures > 0 {
        interval_ms.min(FIRST_RETRY_MS)
    } else {
        interval_ms
    }
}
use super::needs::Need;
use super::resource::{Fetch, Resource, SERVICES_PER_CALL};
use super::{Effect, State};

pub fn due_effects(state: &mut State, force: bool) -> Vec<Effect> {
    let needs = state.screen().needs(state);
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
    let first = status.fetched_at.is_none();
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
    send(state, Fetch::One(resource), true, effects);
}

/// ListServices: page after page until the list is complete (at once on the first listing, which the user
/// waits for), then again every `listing_ms` to find services added or removed.
fn list_services(state: &mut State, cluster_arn: &str, force: bool, effects: &mut Vec<Effect>) {
    let now = state.now;
    let listing_ms = state.refresh.listing_ms;
    let list_ms = state.refresh.list_ms;
    let entry = state
        .session
        .cache
        .services
        .entry(cluster_arn.to_string())
        .or_default();
    if entry.status.in_flight {
        if force {
            entry.status.refresh_requested = true;
        }
        return;
    }
    let table = entry.data.as_ref();
    let listed_once = table.is_some_and(|t| t.listed_once);
    let under_way = table.and_then(|t| t.listing.as_ref());
    let (token, urgent) = match under_way {
        // The next page goes as soon as the last is in (after a failure, after the usual wait).
        Some(listing)
            if entry.status.failures == 0
                || entry
                    .status
                    .is_due(now, retry_interval(&entry.status, list_ms), force) =>
        {
            (listing.next.clone(), !listed_once || force)
        }
        Some(_) => return,
        None => {
            let interval = if listed_once { listing_ms } else { list_ms };
            let interval = retry_interval(&entry.status, interval);
            if !entry.status.is_due(now, interval, force) {
                return;
            }
            (
                None,
                force || !listed_once || entry.status.refresh_requested,
            )
        }
    };
    if state.paused && !urgent {
        return;
    }
    let fetch = Fetch::ServicePage {
        cluster_arn: cluster_arn.to_string(),
        token,
    };
    send(state, fetch, urgent, effects);
}

/// DescribeServices for the rows that are due, 10 to a call: the rows on screen first, then (`all_rows`) the
/// rest of the list in name order. A row never described is one the user waits for; the others are polling.
fn service_rows(
    state: &mut State,
    cluster_arn: &str,
    on_screen: &[String],
    interval_ms: i64,
    all_rows: bool,
    force: bool,
    effects: &mut Vec<Effect>,
) {
    let now = state.now;
    let policy = state.refresh;
    let paused = state.paused;
    let Some(table) = state
        .session
        .cache
        .services
        .get(cluster_arn)
        .and_then(|l| l.data.as_ref())
    else {
        // The service screen can open before its cluster's list: its one row is read on its own.
        if let Some(arn) = on_screen.first() {
            let fetch = Fetch::Services {
                cluster_arn: cluster_arn.to_string(),
                arns: vec![arn.clone()],
            };
            send(state, fetch, true, effects);
        }
        return;
    };
    let free = MAX_IN_FLIGHT as usize * SERVICES_PER_CALL;
    let (mut urgent, mut steady) = (Vec::new(), Vec::new());
    let background = all_rows.then_some(&table.listed).into_iter().flatten();
    let candidates = on_screen
        .iter()
        .map(|arn| (arn, true))
        .chain(background.map(|arn| (arn, false)));
    let mut seen = std::collections::HashSet::new();
    for (arn, shown) in candidates {
        if urgent.len() + steady.len() >= free {
            break;
        }
        if !seen.insert(arn) {
            continue;
        }
        let Some(status) = table.status(arn) else {
            urgent.push(arn.clone());
            continue;
        };
        let never = status.fetched_at.is_none();
        let base = match table.row(arn) {
            Some(s) if shown && s.is_deploying() => policy.deploying_ms,
            _ if shown => interval_ms,
            _ => policy.background_ms,
        };
        let interval = retry_interval(status, policy.adapted(base, status.changed_at, now));
        if !status.is_due(now, interval, force && shown) {
            continue;
        }
        if never || (force && shown) || status.refresh_requested {
            urgent.push(arn.clone());
        } else if !paused {
            steady.push(arn.clone());
        }
    }
    for (arns, is_urgent) in [(urgent, true), (steady, false)] {
        for batch in arns.chunks(SERVICES_PER_CALL) {
            let fetch = Fetch::Services {
                cluster_arn: cluster_arn.to_string(),
                arns: batch.to_vec(),
            };
            if !send(state, fetch, is_urgent, effects) {
                return;
            }
        }
    }
}

/// Send `fetch` if the budget allows it now, and mark what it reads as in flight. Whether it was sent.
fn send(state: &mut State, fetch: Fetch, urgent: bool, effects: &mut Vec<Effect>) -> bool {
    let resources = fetch.resources();
    let Some(first) = resources.first() else {
        return false;
    };
    let calls = match (&fetch, state.session.cache.status(first)) {
        (Fetch::One(_), Some(s)) if s.calls > 0 => s.calls,
        (Fetch::One(r), _) => r.first_guess_calls(),
        _ => 1,
    };
    let category = fetch.category();
    state.session.budget.refill(state.now);
    if !state.session.budget.allows(category, calls, urgent) {
        return false;
    }
    state.session.budget.charge(category, calls, urgent);
    let now = state.now;
    for (i, resource) in resources.iter().enumerate() {
        // The first resource carries the charge, settled when the answer says what it cost.
        let charged = if i == 0 { calls } else { 0 };
        state
            .session
            .cache
            .status_mut(resource)
            .start(now, charged, urgent);
    }
    effects.push(Effect::Fetch(fetch));
    true
}

/// A read asked for outside polling (after a change, by a dialog, by a cleanup's wait): the user waits for
/// it, so it draws on the full rate and is never held back by the budget. Sent unless that resource already
/// has a request in flight, in which case it is asked again as soon as that answer comes (the answer may
/// predate the change).
pub fn request(state: &mut State, resource: Resource) -> Option<Effect> {
    let now = state.now;
    let status = state.session.cache.status_mut(&resource);
    status.asked = true;
    if status.in_flight {
        status.refresh_requested = true;
        return None;
    }
    let fetch = Fetch::of(resource);
    let calls = match &fetch {
        Fetch::One(r) => r.first_guess_calls(),
        _ => 1,
    };
    state.session.budget.refill(now);
    state.session.budget.charge(fetch.category(), calls, true);
    for (i, r) in fetch.resources().iter().enumerate() {
        let status = state.session.cache.status_mut(r);
        status.start(now, if i == 0 { calls } else { 0 }, true);
        status.asked = true;
    }
    Some(Effect::Fetch(fetch))
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
    asked
        || state.screens.iter().any(|screen| {
            let needs = screen.needs(state);
            resources.iter().any(|r| needs.iter().any(|n| n.covers(r)))
        })
}
