//! Polling during a fault, in virtual time: every read fails for minutes, then the fault clears. While it
//! lasts, the reads that failed wait and one of them (the probe) goes every interval; once an answer comes
//! back, every read that failed goes again at once. `aws_faults` shows the same over real HTTP; this counts
//! every request exactly.

use wharf::app::explore::{Explored, Read};
use wharf::app::{update, Action, Effect, Fetch, Payload, State};
use wharf::backend::{BackendError, BackendInfo, Described};
use wharf::model::*;

const T0: Timestamp = Timestamp(1_700_000_000_000);
const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";
/// How long the fault lasts: minutes, as an outage does.
const FAULT_MS: i64 = 180_000;
/// Ticks, as the event loop sends them.
const TICK_MS: i64 = 100;

fn service(name: &str) -> Service {
    Service {
        arn: format!("arn:aws:ecs:eu-west-1:123456789012:service/prod/{name}"),
        name: name.into(),
        cluster_arn: CLUSTER.into(),
        desired_count: 2,
        ..Default::default()
    }
}

fn cluster() -> Cluster {
    Cluster {
        arn: CLUSTER.into(),
        name: "prod".into(),
        ..Default::default()
    }
}

/// The account behind the fake: `services` of `prod`; every call fails while `fault` is set.
struct Account {
    services: Vec<Service>,
    fault: Option<BackendError>,
}

impl Account {
    fn answer(&self, fetch: &Fetch) -> Result<Payload, BackendError> {
        if let Some(e) = &self.fault {
            return Err(e.clone());
        }
        Ok(match fetch {
            Fetch::One(wharf::app::Resource::Clusters) => Payload::Clusters(vec![cluster()]),
            Fetch::ServicePage { .. } => Payload::ServicePage {
                arns: self.services.iter().map(|s| s.arn.clone()).collect(),
                next: None,
            },
            Fetch::Services { arns, .. } => Payload::Services(Described {
                items: (self.services.iter())
                    .filter(|s| arns.contains(&s.arn))
                    .cloned()
                    .collect(),
                failures: Vec::new(),
            }),
            // Beside the rows: their CPU and memory, the region's scalable targets and firing alarms.
            Fetch::ServiceLoads { names, .. } => {
                Payload::ServiceLoads(vec![Default::default(); 2 * names.len()])
            }
            Fetch::One(wharf::app::Resource::Explore(Read::ScalableTargets)) => {
                Payload::Explored(Explored::ScalableTargets(Vec::new()))
            }
            Fetch::One(wharf::app::Resource::Explore(Read::FiringAlarms)) => {
                Payload::Explored(Explored::Alarms(Vec::new()))
            }
            other => panic!("the services screen does not read {other:?}"),
        })
    }
}

/// wharf and the account, in virtual time: every request is answered at the next tick.
struct Run {
    state: State,
    account: Account,
    now: i64,
    pending: Vec<Fetch>,
    /// Requests sent, with when.
    sent: Vec<(i64, Fetch)>,
}

impl Run {
    fn on_services(count: usize) -> Run {
        let mut state = State::new(BackendInfo::default(), T0);
        state.size = (120, 40);
        let services = (0..count)
            .map(|i| service(&format!("svc-{i:02}")))
            .collect();
        let mut run = Run {
            state,
            account: Account {
                services,
                fault: None,
            },
            now: 0,
            pending: Vec::new(),
            sent: Vec::new(),
        };
        run.run_for(1_000);
        run.keys(":svc prod\n");
        // Long enough for the reads to settle on their steady intervals.
        run.run_for(120_000);
        run
    }

    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            let code = match c {
                '\n' => crossterm::event::KeyCode::Enter,
                c => crossterm::event::KeyCode::Char(c),
            };
            let key = crossterm::event::KeyEvent::from(code);
            let effects = update(&mut self.state, Action::Key(key));
            self.take(effects);
        }
    }

    fn take(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::Fetch(fetch) = effect {
                self.sent.push((self.now, fetch.clone()));
                self.pending.push(fetch);
            }
        }
    }

    /// Answer what is out, then tick.
    fn step(&mut self) {
        let at = T0.plus_millis(self.now);
        for fetch in std::mem::take(&mut self.pending) {
            let result = self.account.answer(&fetch);
            let effects = update(
                &mut self.state,
                Action::Fetched {
                    fetch,
                    result,
                    at,
                    calls: 1,
                },
            );
            self.take(effects);
        }
        let effects = update(&mut self.state, Action::Tick(at));
        self.take(effects);
        self.now += TICK_MS;
    }

    fn run_for(&mut self, ms: i64) {
        let until = self.now + ms;
        while self.now < until {
            self.step();
        }
    }

    fn sent_between(&self, from: i64, to: i64) -> Vec<&Fetch> {
        let sent = self.sent.iter().filter(|(at, _)| (from..to).contains(at));
        sent.map(|(_, f)| f).collect()
    }

    /// Every row on screen and the list read without error since `since`.
    fn all_fresh_since(&self, since: i64) -> bool {
        let Some(table) = (self.state.session.cache.services.get(CLUSTER))
            .filter(|l| l.status.error.is_none())
            .and_then(|l| l.data.as_ref())
        else {
            return false;
        };
        let since = T0.plus_millis(since);
        (self.account.services.iter()).all(|s| {
            table
                .status(&s.arn)
                .is_some_and(|st| st.error.is_none() && st.fetched_at >= Some(since))
        })
    }
}

fn server_error() -> BackendError {
    BackendError::ServerError {
        status: 500,
        endpoint: "ecs.eu-west-1.amazonaws.com".into(),
        action: "DescribeServices".into(),
        detail: String::new(),
    }
}

#[test]
fn a_fault_costs_about_one_request_an_interval_and_the_screen_is_whole_within_one_after_it() {
    // 25 services: three DescribeServices batches and the list, each due every 5 or 10 s.
    let mut run = Run::on_services(25);
    assert!(run.all_fresh_since(0), "every row read before the fault");
    // The rows' interval on the services screen.
    let interval = run.state.refresh.list_ms;
    let before = run.sent_between(run.now - 60_000, run.now).len();

    let fault_from = run.now;
    run.account.fault = Some(server_error());
    run.run_for(FAULT_MS);
    let during = run.sent_between(fault_from, run.now);
    // Without backoff, the same requests as in the minute before the fault, every minute.
    let without_backoff = before * (FAULT_MS / 60_000) as usize;
    eprintln!(
        "requests in the {} s of the fault: {}; {without_backoff} without backoff",
        FAULT_MS / 1000,
        during.len()
    );
    assert!(
        during.len() < without_backoff / 2,
        "backs off: {} requests, {without_backoff} without backoff",
        during.len()
    );
    // The probe: never a whole interval without a request while the fault lasts.
    for start in (fault_from..run.now - interval).step_by(interval as usize) {
        let n = run.sent_between(start, start + interval + TICK_MS).len();
        assert!(n >= 1, "no request from {start} ms for an interval");
    }

    // The fault clears: within one interval (plus the tick its answer takes) every read is fresh again.
    let cleared = run.now;
    run.account.fault = None;
    let mut took = None;
    while run.now <= cleared + interval + 2 * TICK_MS {
        run.step();
        if run.all_fresh_since(cleared) {
            took = Some(run.now - cleared);
            break;
        }
    }
    let took = took.unwrap_or_else(|| panic!("not whole again within {interval} ms"));
    // ECS's: the metrics and the region-wide reads beside the rows go again too, each in its own bucket.
    let after = run
        .sent_between(cleared, run.now)
        .into_iter()
        .filter(|f| matches!(f, Fetch::ServicePage { .. } | Fetch::Services { .. }))
        .count();
    assert!(
        after <= 5,
        "the probe, then the list and three batches: {after} requests"
    );
    eprintln!("whole again {took} ms after the fault cleared (interval {interval} ms)");
}
