//! wharf under faults, over real HTTP: the AWS backend talks to moto through a loopback proxy that injects a
//! fault while the test runs (`support::fault_proxy`), and wharf runs as its event loop runs it
//! (`live::Live`: every effect its own task, keys and ticks meanwhile). Intervals are short (INTERVAL_MS) so
//! that each test takes seconds of real time.
//!
//! Reads, under each fault: wharf keeps taking keys and drawing, shows the rows it had with their age and the
//! error, asks less often than it polls (backoff, counted at the proxy and at wharf), and recovers by itself
//! within one interval of the fault clearing (one failing read still goes each interval: `polling::probe`). Changes (`fault_cases::mutations`) and a cleanup (`fault_cases::cleanup`) are
//! interrupted at their writes.

mod fault_cases;
mod live;
mod support;

use std::time::Duration;

use live::{service_list, Live};
use support::fault_proxy::{Fault, FaultProxy};
use support::moto;
use support::world::Fixture;
use tokio::time::Instant;
use wharf::app::{Screen, State};

/// Every polling interval, in the tests.
pub const INTERVAL_MS: i64 = 500;
/// How long a fault lasts: many intervals, so that backoff shows.
const FAULT_FOR: Duration = Duration::from_secs(6);
const SERVICES: [&str; 3] = ["svc-alpha", "svc-bravo", "svc-charlie"];

/// A cluster `name` in moto with `services` (desired 2 each); answers its ARN and the service ARNs.
pub async fn seed(fx: &Fixture, name: &str, services: &[&str]) -> (String, Vec<String>) {
    let cluster = fx.cluster(name).await;
    let td = fx.task_definition(name, "nginx:1").await;
    let mut arns = Vec::new();
    for s in services {
        arns.push(fx.service(&cluster, s, &td, 2).await);
    }
    (cluster, arns)
}

/// wharf through `proxy`, on the services screen of `cluster` with every row read.
pub async fn on_services(proxy: &FaultProxy, name: &str, cluster_arn: &str, rows: usize) -> Live {
    let mut live = Live::new(support::stub::backend(&proxy.endpoint), INTERVAL_MS);
    live.until_listed(cluster_arn).await;
    live.keys(&format!(":svc {name}\n"));
    let arn = cluster_arn.to_string();
    let read = move |s: &State| rows_read(s, &arn) == rows;
    assert!(
        live.run_until(Duration::from_secs(15), read).await,
        "rows never read: {}",
        live.render()
    );
    live
}

/// Rows of the services table read (described) at least once.
pub fn rows_read(s: &State, cluster_arn: &str) -> usize {
    let Some(table) = s
        .session
        .cache
        .services
        .get(cluster_arn)
        .and_then(|l| l.data.as_ref())
    else {
        return 0;
    };
    s.service_rows(cluster_arn)
        .iter()
        .filter(|r| {
            table
                .status(&r.arn)
                .is_some_and(|st| st.fetched_at.is_some())
        })
        .count()
}

fn selected(s: &State) -> usize {
    match s.screen() {
        Screen::Services { cursor, .. } => cursor.selected,
        other => panic!("not on the services screen: {other:?}"),
    }
}

/// The age the status line gives the data shown: `showing data from 6s ago` -> "6s".
fn shown_age(screen: &str) -> Option<String> {
    let rest = screen.split("showing data from ").nth(1)?;
    Some(rest.split(" ago").next()?.to_string())
}

/// The whole story of a read fault on the services screen; `says` is what the error line must contain.
async fn reads_survive(fault: Fault, name: &str, says: &str) {
    let fx = Fixture::new(&moto::shared().endpoint);
    let (cluster, arns) = seed(&fx, name, &SERVICES).await;
    let proxy = FaultProxy::start(&moto::shared().endpoint).await;
    let mut live = on_services(&proxy, name, &cluster, SERVICES.len()).await;
    live.run_for(Duration::from_millis(2 * INTERVAL_MS as u64))
        .await;
    let list = service_list(&cluster);
    let read_at = live.state.status(&list).and_then(|s| s.fetched_at);

    proxy.set(fault);
    let (started, seen_before) = (Instant::now(), proxy.seen("ListServices"));
    let (rows_before, total_before) = (proxy.seen("DescribeServices"), proxy.total());
    // Changed behind wharf's back during the fault: only a fresh read after it can show 7.
    fx.ecs
        .update_service()
        .cluster(&cluster)
        .service(&arns[0])
        .desired_count(7)
        .send()
        .await
        .expect("UpdateService straight to moto");
    live.run_for(FAULT_FOR / 2).await;
    let l = list.clone();
    let in_flight = move |s: &State| s.status(&l).is_some_and(|st| st.in_flight);
    if let Fault::Latency(d) = fault {
        // Keys go to `update` while the slow read is out.
        assert!(live.run_until(d, &in_flight).await, "a read in flight");
    }
    let before = selected(&live.state);
    live.keys("j");
    assert_eq!(selected(&live.state), before + 1, "the cursor moves");
    let cursor_line = |screen: &str| {
        let line = screen.lines().find(|l| l.contains('▸'));
        line.map(str::to_string).unwrap_or_default()
    };
    assert!(
        cursor_line(&live.render()).contains(SERVICES[before + 1]),
        "drawn on the next row:\n{}",
        live.render()
    );
    live.run_for(FAULT_FOR / 2).await;
    if let Fault::Latency(d) = fault {
        assert!(live.run_until(d, &in_flight).await, "a read in flight");
    }

    let screen = live.render();
    for s in SERVICES {
        assert!(
            screen.contains(s),
            "{s} still shown under {fault:?}:\n{screen}"
        );
    }
    let status = live
        .state
        .status(&list)
        .cloned()
        .expect("the list's status");
    if !matches!(fault, Fault::Latency(_)) {
        assert_eq!(status.fetched_at, read_at, "nothing read during {fault:?}");
    }
    assert!(
        screen.contains(says),
        "{says} on screen under {fault:?}:\n{screen}"
    );
    let status_line = screen.lines().rev().find(|l| l.contains(says));
    eprintln!(
        "{fault:?} on screen: {}",
        status_line.unwrap_or_default().trim()
    );
    let polls = live.sent_since("ListServices", started);
    let seen = proxy.seen("ListServices") - seen_before;
    let all = proxy.total() - total_before;
    eprintln!(
        "{fault:?}: at the proxy {seen} ListServices, {} DescribeServices, {all} in all",
        proxy.seen("DescribeServices") - rows_before,
    );
    let without_backoff = (FAULT_FOR.as_millis() as i64 / INTERVAL_MS) as usize;
    match fault {
        Fault::Latency(d) => {
            // No error: a read in flight, the last data with its age.
            let line = status_line.unwrap_or_default();
            assert!(
                line.contains("updated ") && line.contains(" ago · refreshing…"),
                "the age of the data shown, and the read out: {line}"
            );
            assert!(status.in_flight, "{status:?}");
            let at_most = (FAULT_FOR.as_millis() / d.as_millis()) as usize + 1;
            assert!(polls <= at_most, "one read in flight at a time: {polls}");
        }
        _ => {
            let age = shown_age(&screen).unwrap_or_else(|| panic!("an age:\n{screen}"));
            assert!(age.ends_with('s') && age != "0s", "{age}");
            assert!(status.failures >= 3, "{status:?}");
            assert!(status.waits_for_probe(), "waits for the probe: {status:?}");
            assert!(screen.contains("checking every 1 s"), "{screen}");
            assert!(
                polls <= without_backoff / 2,
                "{polls} reads in {FAULT_FOR:?}, {without_backoff} without backoff"
            );
        }
    }
    if !matches!(fault, Fault::Latency(_)) {
        // The screen's two reads (the list, its rows) every interval, without backoff; with it, one read
        // (the probe) goes per interval.
        let without = 2 * without_backoff;
        assert!(
            all <= without * 3 / 4,
            "{all} requests in {FAULT_FOR:?}, {without} without backoff"
        );
    }
    assert!(
        seen <= without_backoff / 2 + 1,
        "{seen} requests at the proxy in {FAULT_FOR:?}, {without_backoff} without backoff"
    );
    assert!(
        seen <= polls + 1,
        "each read sent once: {seen} at the proxy, {polls} sent"
    );
    assert!(seen >= 1, "the fault was met");

    // The fault clears: the next probe (within an interval) brings the list back, and every read that
    // failed goes again at once. A slow read comes back when its answer does.
    let wait = match fault {
        Fault::Latency(d) => d.as_millis() as i64,
        _ => INTERVAL_MS,
    };
    proxy.set(Fault::None);
    let cleared = Instant::now();
    let cleared_at = live.state.now;
    let c = cluster.clone();
    let fresh = move |s: &State| {
        let st = s.status(&service_list(&c));
        st.is_some_and(|st| st.error.is_none() && st.fetched_at > Some(cleared_at))
            && s.service_rows(&c)
                .iter()
                .any(|r| r.name == SERVICES[0] && r.desired_count == 7)
            && s.session.cache.services.get(&c).is_some_and(|l| {
                l.data.as_ref().is_some_and(|t| {
                    s.service_rows(&c)
                        .iter()
                        .all(|r| t.status(&r.arn).is_some_and(|st| st.error.is_none()))
                })
            })
    };
    // Slack: ticks every 100 ms and two round trips to moto through the proxy.
    let limit = Duration::from_millis((wait + 700) as u64);
    let recovered = live.run_until(limit, fresh).await;
    let took = cleared.elapsed();
    eprintln!("{fault:?}: {polls} reads during the fault ({seen} at the proxy), recovered in {took:?} (wait {wait} ms)");
    assert!(
        recovered,
        "not fresh within {limit:?} after {fault:?} cleared:\n{}",
        live.render()
    );
    let screen = live.render();
    assert!(!screen.contains('✗'), "{screen}");
    assert!(screen.contains("updated"), "{screen}");
}

#[tokio::test]
async fn reads_survive_latency() {
    reads_survive(
        Fault::Latency(Duration::from_secs(3)),
        "f-latency",
        "refreshing",
    )
    .await;
}

#[tokio::test]
async fn reads_survive_dropped_connections() {
    reads_survive(Fault::Drop, "f-drop", "cannot reach").await;
}

#[tokio::test]
async fn reads_survive_http_500() {
    reads_survive(Fault::Http500, "f-500", "HTTP 500").await;
}

#[tokio::test]
async fn reads_survive_throttling() {
    reads_survive(Fault::Throttling, "f-throttle", "throttled by AWS").await;
}

#[tokio::test]
async fn reads_survive_expired_token() {
    reads_survive(Fault::ExpiredToken, "f-expired", "credentials have expired").await;
}

#[tokio::test]
async fn reads_survive_access_denied() {
    reads_survive(Fault::AccessDenied, "f-denied", "access denied").await;
}
