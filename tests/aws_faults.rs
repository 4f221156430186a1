//! wharf under faults, over real HTTP: the AWS backend talks to moto through a loopback proxy that injects a
//! fault while the test runs (`support::fault_proxy`), and wharf runs as its event loop runs it
//! (`live::Live`: every effect its own task, keys and ticks meanwhile). Intervals are short (INTERVAL_MS) so
//! that each test takes seconds of real time.
//!
//! Reads, under each fault: wharf keeps taking keys and drawing, shows the rows it had with their age and the
//! error, sends each read once (counted at the proxy and at wharf), asks at most once an interval (backoff:
//! one failing read still goes each interval, `polling::probe`), and recovers by itself after the fault
//! clears. Changes (`fault_cases::mutations`) and a cleanup (`fault_cases::cleanup`) are interrupted at
//! their writes. Timing is asserted as orderings or as bounds derived from what was measured, never as a
//! window of wall-clock time: `app_faults` counts the same in virtual time, exactly.

mod fault_cases;
mod live;
mod support;

use std::time::Duration;
use wharf::app::ServicesScreen;

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
/// Only a guard against waiting forever (for reads to settle, for a slow read to be out), never a measure
/// of speed.
const PATIENCE: Duration = Duration::from_secs(15);
/// How many intervals after a fault clears the screen may take to be whole again: generous (see
/// `reads_survive`).
const RECOVERY_INTERVALS: u64 = 20;
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
        Screen::Services(ServicesScreen { cursor, .. }) => cursor.selected,
        other => panic!("not on the services screen: {other:?}"),
    }
}

/// The age the status line gives the data shown: `showing data from 6s ago` -> "6s".
fn shown_age(screen: &str) -> Option<String> {
    let rest = screen.split("showing data from ").nth(1)?;
    Some(rest.split(" ago").next()?.to_string())
}

/// The whole story of a read fault on the services screen; `says` is what the error line must contain.
///
/// What only real HTTP can show is asserted here: each fault reaches the status line as what it is, the rows
/// stay on screen with their age, every read wharf sends reaches the proxy exactly once (no retry behind
/// wharf's back), and the reads come back by themselves after the fault clears. How few requests a fault
/// costs and how soon the screen is whole again are counted exactly in virtual time (`app_faults`); here
/// the bounds derive from what was measured (intervals elapsed on wharf's own clock, the latency injected)
/// or are orderings, so that they hold on a loaded 2-core machine.
async fn reads_survive(fault: Fault, name: &str, says: &str) {
    let fx = Fixture::new(&moto::shared().endpoint);
    let (cluster, arns) = seed(&fx, name, &SERVICES).await;
    let proxy = FaultProxy::start(&moto::shared().endpoint).await;
    let mut live = on_services(&proxy, name, &cluster, SERVICES.len()).await;
    live.run_for(Duration::from_millis(2 * INTERVAL_MS as u64))
        .await;
    // An order, not a window: nothing is out when the fault starts, so every request counted below was sent
    // under it, and no answer from before it can arrive during it.
    assert!(live.settle(PATIENCE).await, "reads never settled");
    let list = service_list(&cluster);
    let read_at = live.state.status(&list).and_then(|s| s.fetched_at);

    proxy.set(fault);
    let (started, from, mark) = (Instant::now(), live.state.now, live.mark());
    let (seen_before, total_before) = (proxy.seen("ListServices"), proxy.total());
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
        // Keys go to `update` while the slow read is out. (One read of the list is out at almost every
        // moment: the next goes at the tick after the last answer. The limit only guards against a hang.)
        assert!(
            live.run_until(d + PATIENCE, &in_flight).await,
            "a read in flight"
        );
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
        assert!(
            live.run_until(d + PATIENCE, &in_flight).await,
            "a read in flight"
        );
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
    match fault {
        Fault::Latency(_) => {
            // No error: a read in flight, the last data with its age.
            let line = status_line.unwrap_or_default();
            assert!(
                line.contains("updated ") && line.contains(" ago · refreshing…"),
                "the age of the data shown, and the read out: {line}"
            );
            assert!(status.in_flight, "{status:?}");
        }
        _ => {
            let age = shown_age(&screen).unwrap_or_else(|| panic!("an age:\n{screen}"));
            assert!(age.ends_with('s') && age != "0s", "{age}");
            assert!(status.error.is_some(), "{status:?}");
            assert!(status.waits_for_probe(), "waits for the probe: {status:?}");
            assert!(screen.contains("checking every 1 s"), "{screen}");
        }
    }

    let (elapsed, intervals) = (started.elapsed(), live.state.now.since(from) / INTERVAL_MS);
    let polls = live.sent_after(mark, Some("ListServices"));
    let sent = live.sent_after(mark, None);
    let seen = proxy.seen("ListServices") - seen_before;
    eprintln!(
        "{fault:?}: over {elapsed:?} ({intervals} intervals on wharf's clock) wharf sent {polls} \
         ListServices, {sent} in all; the proxy saw {seen} ListServices"
    );
    assert!(seen >= 1, "the fault was met");
    match fault {
        Fault::Latency(d) => {
            // One read of the list out at a time, and each takes at least `d` at the proxy: however slow
            // the machine, no more than one per `d` of the time that actually passed, plus the first.
            let at_most = (elapsed.as_millis() / d.as_millis()) as usize + 1;
            assert!(
                polls <= at_most,
                "one read in flight at a time: {polls} in {elapsed:?}"
            );
        }
        _ => {
            // Backoff. Each read the screen makes (the list, each row) fails once on its own schedule, then
            // waits for the probe; one probe goes per interval of wharf's clock at most (`polling::probe`).
            // So however many intervals passed, at most one request each, plus those first failures. Without
            // backoff the list and the rows' describe would go every interval: twice as many.
            let reads = 1 + SERVICES.len() as i64;
            let at_most = (intervals + 1 + reads) as usize;
            assert!(
                sent <= at_most,
                "{sent} requests in {intervals} intervals; at most one an interval plus {reads} first \
                 failures ({} without backoff)",
                2 * intervals
            );
        }
    }

    // The fault clears: the next probe (within an interval) brings the list back, and every read that
    // failed goes again at once. A slow read comes back when its answer does.
    let wait = match fault {
        Fault::Latency(d) => d,
        _ => Duration::from_millis(INTERVAL_MS as u64),
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
    // The probe goes within an interval of the clear (or the slow answer comes), then two round trips to
    // moto: under a second on an idle machine. RECOVERY_INTERVALS allows for a loaded one, where a round
    // trip can take a second or more; without the probe the failing reads would never go again, and no
    // limit would do.
    let limit = wait + Duration::from_millis(RECOVERY_INTERVALS * INTERVAL_MS as u64);
    let recovered = live.run_until(limit, fresh).await;
    let took = cleared.elapsed();
    eprintln!("{fault:?}: recovered in {took:?} (wait {wait:?}, limit {limit:?})");
    assert!(
        recovered,
        "not fresh within {limit:?} after {fault:?} cleared:\n{}",
        live.render()
    );
    let screen = live.render();
    assert!(!screen.contains('✗'), "{screen}");
    assert!(screen.contains("updated"), "{screen}");

    // Once nothing is out, wharf's count and the proxy's are of the same requests: every read wharf sent
    // since the fault began reached the proxy exactly once (no retry behind wharf's back), and nothing else
    // did.
    assert!(live.settle(PATIENCE).await, "reads never settled");
    let (sent, all) = (live.sent_after(mark, None), proxy.total() - total_before);
    let polls = live.sent_after(mark, Some("ListServices"));
    let seen = proxy.seen("ListServices") - seen_before;
    assert_eq!((seen, all), (polls, sent), "each read sent once, by wharf");
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
