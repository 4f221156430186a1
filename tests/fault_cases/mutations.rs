//! A change (scale, UpdateService) interrupted at its write, the reads passing: it is sent once, never again
//! by itself; a lost answer (a dropped connection, an HTTP 500: the client cannot tell whether moto carried it
//! out) is "unknown" until a fresh read settles it; a refused one (throttled, expired, denied) fails. Each
//! outcome is checked against moto read directly (not through the proxy). A slow write (latency) holds up
//! neither keys nor polling, and is done once.

use std::time::Duration;
use wharf::app::ServicesScreen;

use wharf::app::{AuditOutcome, Resource, Screen, State};

use crate::live::Live;
use crate::support::fault_proxy::{Fault, FaultProxy};
use crate::support::moto;
use crate::support::world::Fixture;
use crate::{on_services, seed, INTERVAL_MS};

/// One case: the fault on UpdateService, whether moto ends up changed, what the audit log says, in order,
/// and what the last message says.
struct Case {
    fault: Fault,
    applied: bool,
    audit: &'static [AuditOutcome],
    says: &'static str,
}

const CASES: [(&str, Case); 7] = {
    use AuditOutcome::*;
    [
        (
            "m-slow",
            Case {
                fault: Fault::Latency(Duration::from_secs(2)),
                applied: true,
                audit: &[Attempt, Ok],
                says: "now wants 3 tasks",
            },
        ),
        (
            "m-lost",
            Case {
                fault: Fault::DropAnswer,
                applied: true,
                audit: &[Attempt, Unknown, Ok],
                says: "done (checked by a fresh read)",
            },
        ),
        (
            "m-drop",
            Case {
                fault: Fault::Drop,
                applied: false,
                audit: &[Attempt, Unknown, Error],
                says: "not done (checked by a fresh read)",
            },
        ),
        (
            "m-500",
            Case {
                fault: Fault::Http500,
                applied: false,
                audit: &[Attempt, Unknown, Error],
                says: "not done (checked by a fresh read)",
            },
        ),
        (
            "m-throttle",
            Case {
                fault: Fault::Throttling,
                applied: false,
                audit: &[Attempt, Error],
                says: "was not carried out",
            },
        ),
        (
            "m-expired",
            Case {
                fault: Fault::ExpiredToken,
                applied: false,
                audit: &[Attempt, Error],
                says: "credentials have expired",
            },
        ),
        (
            "m-denied",
            Case {
                fault: Fault::AccessDenied,
                applied: false,
                audit: &[Attempt, Error],
                says: "access denied",
            },
        ),
    ]
};

/// Put the cursor on the row named `name` of the services screen.
fn select(live: &mut Live, name: &str) {
    let Screen::Services(ServicesScreen {
        cluster_arn,
        cursor,
    }) = live.state.screen().clone()
    else {
        panic!("not on the services screen");
    };
    let rows = live.state.service_rows(&cluster_arn);
    let at = cursor
        .rows
        .iter()
        .position(|&i| rows[i].name == name)
        .unwrap_or_else(|| panic!("no row {name}"));
    let now = cursor.selected;
    let keys = if at >= now {
        "j".repeat(at - now)
    } else {
        "k".repeat(now - at)
    };
    live.keys(&keys);
}

/// Scale the selected service to `to`: the dialog reads the service afresh first, then enter confirms.
async fn open_scale(live: &mut Live, cluster_arn: &str, service_arn: &str, to: i32) {
    let resource = Resource::Service {
        cluster_arn: cluster_arn.to_string(),
        service_arn: service_arn.to_string(),
    };
    let opened = live.state.now;
    live.keys(&format!("+{to}"));
    let read = move |s: &State| {
        s.status(&resource)
            .is_some_and(|st| !st.in_flight && st.polled_at >= Some(opened))
    };
    assert!(live.run_until(Duration::from_secs(10), read).await);
    live.keys("\n");
}

fn selected(s: &State) -> usize {
    s.screen().cursor().map_or(0, |c| c.selected)
}

async fn desired_in_moto(fx: &Fixture, cluster: &str, service: &str) -> i32 {
    let out = fx
        .ecs
        .describe_services()
        .cluster(cluster)
        .services(service)
        .send()
        .await
        .expect("DescribeServices straight to moto");
    out.services()[0].desired_count()
}

#[tokio::test]
async fn a_scale_interrupted_at_its_write_is_sent_once_and_reported_as_it_ended() {
    let fx = Fixture::new(&moto::shared().endpoint);
    let names: Vec<&str> = CASES.iter().map(|(n, _)| *n).collect();
    let (cluster, arns) = seed(&fx, "f-mutations", &names).await;
    let proxy = FaultProxy::start(&moto::shared().endpoint).await;
    let mut live = on_services(&proxy, "f-mutations", &cluster, names.len()).await;

    for ((name, case), arn) in CASES.iter().zip(&arns) {
        proxy.set_for(case.fault, &["UpdateService"]);
        let (seen, forwarded) = (
            proxy.seen("UpdateService"),
            proxy.forwarded("UpdateService"),
        );
        let audit_from = live.audit.len();
        select(&mut live, name);
        open_scale(&mut live, &cluster, arn, 3).await;
        assert_eq!(
            live.state.in_flight.len(),
            1,
            "{name}: the change is out: {}\n{}",
            live.flash(),
            live.render()
        );
        if let Fault::Latency(d) = case.fault {
            // The write is out for seconds: keys still move the cursor, and polling goes on.
            live.run_for(d / 2).await;
            assert_eq!(live.state.in_flight.len(), 1, "{name}: still out");
            let at = selected(&live.state);
            live.keys("k");
            assert_eq!(selected(&live.state) + 1, at, "{name}: the cursor moves");
            live.keys("j");
        }
        let settled = |s: &State| s.in_flight.is_empty();
        assert!(
            live.run_until(Duration::from_secs(20), settled).await,
            "{name} ({:?}) never settled: {}",
            case.fault,
            live.flash()
        );
        // A few more intervals: nothing is sent again by itself.
        live.run_for(Duration::from_millis(3 * INTERVAL_MS as u64))
            .await;

        assert_eq!(proxy.seen("UpdateService") - seen, 1, "{name}: sent once");
        let reached = proxy.forwarded("UpdateService") - forwarded;
        let in_moto = desired_in_moto(&fx, &cluster, arn).await;
        assert_eq!(in_moto == 3, case.applied, "{name}: moto says {in_moto}");
        assert_eq!(
            reached == 1,
            case.applied,
            "{name}: reached moto {reached} times"
        );
        let outcomes: Vec<AuditOutcome> =
            live.audit[audit_from..].iter().map(|a| a.outcome).collect();
        assert_eq!(outcomes, case.audit, "{name} ({:?})", case.fault);
        let flash = live.flash();
        assert!(flash.contains(case.says), "{name}: {flash}");
        if !case.applied {
            assert!(!flash.starts_with("done"), "{name}: {flash}");
        }
        // What the screen shows agrees with moto.
        let row = live
            .state
            .service_rows(&cluster)
            .iter()
            .find(|r| r.name == *name)
            .map(|r| r.desired_count);
        assert_eq!(row, u32::try_from(in_moto).ok(), "{name}");
    }
    proxy.set(Fault::None);
}

/// The answer of the write is lost and every read fails too: the change stays unknown (never "done", never
/// sent again) until the reads come back, and then a fresh read settles it.
#[tokio::test]
async fn a_lost_answer_stays_unknown_while_reads_fail_and_settles_when_they_return() {
    let fx = Fixture::new(&moto::shared().endpoint);
    let (cluster, arns) = seed(&fx, "f-unknown", &["svc-one"]).await;
    let proxy = FaultProxy::start(&moto::shared().endpoint).await;
    let mut live = on_services(&proxy, "f-unknown", &cluster, 1).await;

    proxy.set(Fault::DropAnswer);
    open_scale(&mut live, &cluster, &arns[0], 4).await;
    live.run_for(Duration::from_millis(6 * INTERVAL_MS as u64))
        .await;
    assert_eq!(
        live.state.in_flight.len(),
        1,
        "still unknown: {}",
        live.flash()
    );
    assert!(
        live.flash().starts_with("unknown, checking"),
        "{}",
        live.flash()
    );
    assert_eq!(
        desired_in_moto(&fx, &cluster, &arns[0]).await,
        4,
        "it was carried out"
    );
    assert_eq!(proxy.seen("UpdateService"), 1, "sent once");

    proxy.set(Fault::None);
    let settled = |s: &State| s.in_flight.is_empty();
    assert!(
        live.run_until(Duration::from_secs(10), settled).await,
        "{}",
        live.flash()
    );
    assert!(
        live.flash().starts_with("done (checked by a fresh read)"),
        "{}",
        live.flash()
    );
    assert_eq!(proxy.seen("UpdateService"), 1, "never sent again");
    let outcomes: Vec<AuditOutcome> = live.audit.iter().map(|a| a.outcome).collect();
    assert_eq!(
        outcomes,
        [
            AuditOutcome::Attempt,
            AuditOutcome::Unknown,
            AuditOutcome::Ok
        ]
    );
}
