//! The services table's reads: ListServices page by page, and DescribeServices 10 rows at a time, the rows on
//! screen first and the rest in turn.

use super::{retry_interval, send};
use crate::app::budget::MAX_IN_FLIGHT;
use crate::app::resource::{Fetch, SERVICES_PER_CALL};
use crate::app::{Effect, State};

/// ListServices: page after page until the list is complete (at once on the first listing, which the user
/// waits for), then again every `listing_ms` to find services added or removed.
pub(super) fn list_services(
    state: &mut State,
    cluster_arn: &str,
    force: bool,
    effects: &mut Vec<Effect>,
) {
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
        // The next page goes as soon as the last is in (after a failure, after the usual wait; after
        // throttling, as soon as the budget allows: the list is what the user waits for).
        Some(listing)
            if entry.status.failures == 0
                || entry.status.throttled()
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
/// rest of the list in turn, from where the last round stopped, so that every row gets its turn however
/// small the budget. A row never read is one the user waits for; the others are polling.
pub(super) fn service_rows(
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
    // Rows in flight that a refresh asks for again (their answer may predate the key).
    let mut again = Vec::new();
    let n = table.listed.len();
    let start = if n == 0 { 0 } else { table.rotation % n };
    let all_rows = all_rows && (force || table.background_due(now));
    let shown: std::collections::HashSet<&str> = on_screen.iter().map(String::as_str).collect();
    let background = (0..if all_rows { n } else { 0 })
        .map(|k| (start + k) % n)
        .filter(|&i| !shown.contains(table.listed[i].as_str()))
        .map(|i| (&table.listed[i], Some(i)));
    let candidates = on_screen.iter().map(|arn| (arn, None)).chain(background);
    let mut last_turn = None;
    // Each kind is gathered up to what can be out at once: polling's rows never crowd out the ones the user
    // waits for.
    for (arn, turn) in candidates {
        if urgent.len() >= free && steady.len() >= free {
            break;
        }
        let on_screen = turn.is_none();
        let Some(status) = table.status(arn) else {
            urgent.push(arn.clone());
            continue;
        };
        if status.in_flight {
            if force && on_screen {
                again.push(arn.clone());
            }
            continue;
        }
        // A row never described whose batch was throttled is still one the user waits for: it goes again
        // at that priority as soon as the budget allows (the budget, slowed by the throttling, paces it),
        // not after the fault's probe nor in polling's share.
        if status.fetched_at.is_none() && status.throttled() {
            if urgent.len() < free {
                urgent.push(arn.clone());
            }
            continue;
        }
        let base = match table.row(arn) {
            Some(s) if on_screen && s.is_deploying() => policy.deploying_ms,
            _ if on_screen => interval_ms,
            _ => policy.background_ms,
        };
        let interval = retry_interval(status, policy.adapted(base, status.changed_at, now));
        if !status.is_due(now, interval, force && on_screen) {
            continue;
        }
        // Urgent: the first attempt at a row, a refresh, a change's re-read. A row that failed is tried
        // again by polling, within its share.
        let first = status.fetched_at.is_none() && status.failures == 0;
        if first || (force && on_screen) || status.refresh_requested {
            if urgent.len() < free {
                urgent.push(arn.clone());
            }
        } else if !paused && steady.len() < free {
            steady.push(arn.clone());
            last_turn = turn.or(last_turn);
        }
    }
    let cache = &mut state.session.cache;
    for arn in again {
        let resource = crate::app::Resource::Service {
            cluster_arn: cluster_arn.to_string(),
            service_arn: arn,
        };
        cache.status_mut(&resource).refresh_requested = true;
    }
    let mut sent_steady = 0;
    for (arns, is_urgent) in [(urgent, true), (steady.clone(), false)] {
        for batch in arns.chunks(SERVICES_PER_CALL) {
            let fetch = Fetch::Services {
                cluster_arn: cluster_arn.to_string(),
                arns: batch.to_vec(),
            };
            if !send(state, fetch, is_urgent, effects) {
                break;
            }
            if !is_urgent {
                sent_steady += batch.len();
            }
        }
    }
    // The next round starts after the last background row sent (all of them were sent: else from the first
    // one that was not).
    let next = if sent_steady == steady.len() {
        last_turn.map(|i| i + 1)
    } else {
        None
    };
    let table = (state.session.cache.services.get_mut(cluster_arn)).and_then(|l| l.data.as_mut());
    if let Some(table) = table {
        if let Some(next) = next {
            table.rotation = next;
        }
        if all_rows {
            table.background_scanned_at = Some(now);
        }
    }
}
