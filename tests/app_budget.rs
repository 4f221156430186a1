//! The budgeted poller against the sandbox, in virtual time: what it sends, in what order, and how much of
//! AWS's budget it spends. Calls are counted from the answers (`Action::Fetched::calls`), by operation.

mod faulty;

use std::collections::BTreeMap;
use wharf::app::{ServiceScreen, ServicesScreen};

use wharf::app::budget::Category;
use wharf::app::{update, Action, Effect, Fetch, Payload, Resource, Screen, State, UserAction};
use wharf::backend::sim::scenarios::large_world_in;
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::{Backend, BackendError};
use wharf::runtime::perform;

/// A round trip, in virtual milliseconds: each round answers every request sent in the one before.
const ROUND_MS: i64 = 100;
/// A second: long runs answer everything once a tick, as fast as the runtime's tick.
const TICK_MS: i64 = 1_000;

struct Driver {
    sim: Sim,
    backend: faulty::Faulty,
    state: State,
    pending: Vec<Effect>,
    /// Calls answered, by operation (`ListServices`, ...).
    calls: BTreeMap<&'static str, u32>,
    rounds: u32,
    round_ms: i64,
}

impl Driver {
    fn new(services: usize) -> Driver {
        let sim = Sim::new(large_world_in(1, services, 1), SimClock::Manual);
        let backend = faulty::Faulty::new(sim.clone());
        let mut state = State::new(sim.info(), sim.now());
        state.size = (160, 48);
        let pending = update(&mut state, Action::Tick(sim.now()));
        Driver {
            sim,
            backend,
            state,
            pending,
            calls: BTreeMap::new(),
            rounds: 0,
            round_ms: ROUND_MS,
        }
    }

    /// Answer what is pending, then let `ROUND_MS` pass.
    async fn round(&mut self) {
        self.rounds += 1;
        let mut next = Vec::new();
        for effect in std::mem::take(&mut self.pending) {
            if let Some(answer) = perform(&self.backend, effect).await {
                if let Action::Fetched { fetch, calls, .. } = &answer {
                    *self.calls.entry(fetch.operation()).or_default() += calls;
                }
                next.extend(update(&mut self.state, answer));
            }
        }
        self.sim.advance(self.round_ms);
        next.extend(update(&mut self.state, Action::Tick(self.sim.now())));
        self.pending = next;
    }

    fn user(&mut self, action: UserAction) {
        let more = update(&mut self.state, Action::User(action));
        self.pending.extend(more);
    }

    fn service_reads(&self) -> u32 {
        self.calls.get("ListServices").copied().unwrap_or(0)
            + self.calls.get("DescribeServices").copied().unwrap_or(0)
    }

    /// The rows described (placeholders for the rows not described yet left out).
    fn rows(&self) -> usize {
        match self.state.screen() {
            Screen::Services(ServicesScreen { cluster_arn, .. }) => self
                .state
                .services_of(cluster_arn)
                .and_then(|l| l.data.as_ref())
                .map_or(0, |t| t.progress().1),
            _ => 0,
        }
    }

    fn loading(&self) -> bool {
        match self.state.screen() {
            Screen::Services(ServicesScreen { cluster_arn, .. }) => self
                .state
                .services_of(cluster_arn)
                .and_then(|l| l.data.as_ref())
                .is_none_or(|t| t.is_loading()),
            _ => true,
        }
    }

    /// Open the services and wait until every row is in.
    async fn open_and_load(&mut self) {
        self.open_services().await;
        while self.loading() {
            self.round().await;
            assert!(self.rounds < 400, "the list never completed");
        }
    }

    /// Clusters loaded, then Enter on the only one.
    async fn open_services(&mut self) {
        while self.state.cache().clusters.data.is_none() {
            self.round().await;
        }
        self.user(UserAction::Open);
        self.calls.clear();
        self.rounds = 0;
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime")
}

#[test]
fn first_rows_come_after_two_round_trips_and_the_rest_fill_in() {
    rt().block_on(async {
        let mut d = Driver::new(2_000);
        d.open_services().await;
        d.round().await;
        assert_eq!(
            d.rows(),
            0,
            "one round trip: only the first ListServices page is in"
        );
        d.round().await;
        assert!(
            d.rows() >= 10,
            "two round trips: the first rows, got {}",
            d.rows()
        );
        assert!(
            d.loading(),
            "the list is not complete after two round trips"
        );
        let first = d.rows();
        while d.loading() {
            d.round().await;
            assert!(d.rounds < 400, "the list never completed");
        }
        assert!(d.rows() > first);
        assert_eq!(d.rows(), 2_000);
        // The minimum: 20 pages of 100, 200 batches of 10, nothing twice.
        assert_eq!(d.calls.get("ListServices"), Some(&20));
        assert_eq!(d.calls.get("DescribeServices"), Some(&200));
        // Within 1.2 times the throttle bound: (220 - 100 burst) / 20 a second = 6 s.
        let seconds = f64::from(d.rounds) * d.round_ms as f64 / 1000.0;
        eprintln!(
            "2,000 services: full list after {seconds} s of virtual time, {:?}",
            d.calls
        );
        assert!(
            seconds <= 7.2,
            "full list after {seconds} s of virtual time"
        );
    });
}

#[test]
fn sitting_on_two_thousand_services_spends_at_most_the_share() {
    rt().block_on(async {
        let mut d = Driver::new(2_000);
        d.open_and_load().await;
        let (spent, allowed) = ten_idle_minutes(&mut d).await;
        assert!(
            spent <= allowed,
            "{spent} service reads in 10 min, share allows {allowed}"
        );
        // ... and it does keep the rows fresh: the list read again every minute (every two once it has not
        // changed for 5 minutes), every row described again every few minutes.
        let listed = d.calls.get("ListServices").copied().unwrap_or(0);
        assert!(listed >= 6 * 20, "the list is read again: {listed} pages");
        eprintln!("10 idle minutes on 2,000 services: {:?}", d.calls);
        let described = d.calls.get("DescribeServices").copied().unwrap_or(0);
        assert!(
            described >= 3 * 200,
            "{described} DescribeServices in 10 min"
        );
    });
}

#[test]
fn a_small_cluster_refreshes_with_the_minimum_calls() {
    rt().block_on(async {
        let mut d = Driver::new(137);
        d.open_and_load().await;
        // ceil(137 / 100) pages and ceil(137 / 10) batches.
        assert_eq!(d.calls.get("ListServices"), Some(&2));
        assert_eq!(d.calls.get("DescribeServices"), Some(&14));
        d.calls.clear();
        // A refresh reads the list and the rows on screen again: 2 + ceil(rows on screen / 10).
        d.user(UserAction::Refresh);
        for _ in 0..5 {
            d.round().await;
        }
        let on_screen = wharf::app::body_rows(&d.state, d.state.screen());
        assert_eq!(d.calls.get("ListServices"), Some(&2));
        assert_eq!(
            d.calls.get("DescribeServices").copied(),
            Some(on_screen.div_ceil(10) as u32)
        );
    });
}

#[test]
fn a_service_screen_reads_its_row_tasks_and_targets_once_per_refresh() {
    rt().block_on(async {
        let mut d = Driver::new(30);
        d.open_and_load().await;
        // svc-0000 has a target group (every third service does). Its row was just read: the screen uses
        // it, and reads the rest at once.
        d.user(UserAction::Open);
        d.calls.clear();
        d.round().await;
        let Screen::Service(ServiceScreen { service_name, .. }) = d.state.screen().clone() else {
            panic!("not on a service screen");
        };
        assert_eq!(service_name, "svc-0000");
        assert_eq!(d.calls.get("DescribeServices"), None);
        assert_eq!(d.calls.get("DescribeTargetHealth"), Some(&1));
        // Then one refresh every 5 s (the service is steady).
        for _ in 0..60 {
            d.round().await;
        }
        d.calls.clear();
        for _ in 0..50 {
            d.round().await;
        }
        let tasks = d
            .state
            .tasks_of(&bench_cluster(&d), "svc-0000")
            .and_then(|l| l.data.as_ref())
            .map_or(0, |t| t.len());
        assert!(tasks > 0);
        // In 5 s: one DescribeServices of one service, two ListTasks, ceil(M / 100) DescribeTasks, one
        // DescribeTargetHealth.
        assert_eq!(d.calls.get("DescribeServices"), Some(&1));
        assert_eq!(
            d.calls.get("ListTasks/DescribeTasks"),
            Some(&(2 + tasks.div_ceil(100) as u32))
        );
        assert_eq!(d.calls.get("DescribeTargetHealth"), Some(&1));
        assert_eq!(
            d.calls.get("ListServices"),
            None,
            "the list is not read for one service"
        );
    });
}

fn bench_cluster(d: &Driver) -> String {
    d.state.cache().clusters.data.as_ref().unwrap()[0]
        .arn
        .clone()
}

#[test]
fn a_late_answer_for_a_screen_left_is_dropped() {
    rt().block_on(async {
        let mut d = Driver::new(30);
        d.open_services().await;
        let sent = std::mem::take(&mut d.pending);
        assert!(sent
            .iter()
            .any(|e| matches!(e, Effect::Fetch(Fetch::ServicePage { .. }))));
        d.user(UserAction::Back);
        for effect in sent {
            if let Some(answer) = perform(&d.sim, effect).await {
                update(&mut d.state, answer);
            }
        }
        let cluster = bench_cluster(&d);
        let list = d.state.services_of(&cluster).expect("asked for");
        assert!(list.data.is_none(), "the answer was kept: {:?}", list.data);
        assert!(!list.status.in_flight);
        // Not asked again while the clusters screen is on top.
        d.pending.clear();
        for _ in 0..30 {
            d.round().await;
        }
        assert_eq!(d.calls.get("ListServices"), None);
        // Opened again: its first page is asked for at once, not an interval later.
        d.user(UserAction::Open);
        assert!(
            d.pending
                .iter()
                .any(|e| matches!(e, Effect::Fetch(Fetch::ServicePage { .. }))),
            "{:?}",
            d.pending
        );
    });
}

#[test]
fn a_throttled_category_slows_down_and_recovers() {
    rt().block_on(async {
        let mut d = Driver::new(30);
        d.open_and_load().await;
        let cluster = bench_cluster(&d);
        // A throttled ListServices answer; the category's rate after it.
        let throttle = |d: &mut Driver| {
            let answer = Action::Fetched {
                fetch: Fetch::ServicePage {
                    cluster_arn: cluster.clone(),
                    token: None,
                },
                result: Err(BackendError::Throttled {
                    action: "ListServices".into(),
                }),
                at: d.sim.now(),
                calls: 1,
            };
            update(&mut d.state, answer);
            d.state.session.budget.bucket(Category::ServiceRead).slowed
        };
        assert_eq!(throttle(&mut d), 0.5);
        let bucket = d.state.session.budget.bucket(Category::ServiceRead);
        assert!(bucket.steady <= 0.0, "the bucket is emptied");
        // The header says so.
        let header = wharf::ui::budget::header_spans(&d.state, None, &Default::default());
        let text: String = header
            .iter()
            .flatten()
            .map(|s| s.content.to_string())
            .collect();
        assert!(text.contains("throttled: service reads"), "{text}");
        // A throttle that comes with it (a request sent before the first answer) does not halve it again;
        // one 3 s later does; minutes without one bring it back.
        assert_eq!(throttle(&mut d), 0.5);
        d.sim.advance(3_000);
        let slowed = throttle(&mut d);
        assert!((0.25..0.27).contains(&slowed), "{slowed}");
        for _ in 0..(3 * 60) {
            d.sim.advance(1000);
            d.pending
                .extend(update(&mut d.state, Action::Tick(d.sim.now())));
        }
        assert_eq!(
            d.state.session.budget.bucket(Category::ServiceRead).slowed,
            1.0
        );
    });
}

#[test]
fn a_failed_batch_keeps_the_others_and_is_asked_again() {
    rt().block_on(async {
        let mut d = Driver::new(40);
        d.open_services().await;
        d.round().await; // the page
        let batches: Vec<Effect> = std::mem::take(&mut d.pending)
            .into_iter()
            .filter(|e| matches!(e, Effect::Fetch(Fetch::Services { .. })))
            .collect();
        assert_eq!(batches.len(), 4);
        let mut failed = Vec::new();
        for (i, effect) in batches.into_iter().enumerate() {
            if i == 1 {
                let Effect::Fetch(fetch) = effect else {
                    unreachable!()
                };
                if let Fetch::Services { arns, .. } = &fetch {
                    failed = arns.clone();
                }
                update(
                    &mut d.state,
                    Action::Fetched {
                        fetch,
                        result: Err(BackendError::Throttled {
                            action: "DescribeServices".into(),
                        }),
                        at: d.sim.now(),
                        calls: 1,
                    },
                );
            } else if let Some(answer) = perform(&d.sim, effect).await {
                update(&mut d.state, answer);
            }
        }
        assert_eq!(d.rows(), 30, "three batches of ten are on screen");
        // The failed rows are asked again, within the budget, and only they.
        let mut asked = Vec::new();
        for _ in 0..40 {
            for effect in &d.pending {
                if let Effect::Fetch(Fetch::Services { arns, .. }) = effect {
                    asked.extend(arns.clone());
                }
            }
            d.round().await;
            if d.rows() == 40 {
                break;
            }
        }
        assert_eq!(d.rows(), 40);
        asked.sort();
        failed.sort();
        assert_eq!(asked, failed);
    });
}

#[test]
fn pausing_stops_polling_but_not_what_the_user_asks_for() {
    rt().block_on(async {
        let mut d = Driver::new(30);
        d.open_and_load().await;
        d.user(UserAction::PausePolling);
        assert!(d.state.paused);
        d.calls.clear();
        for _ in 0..600 {
            d.round().await;
        }
        assert_eq!(d.service_reads(), 0, "paused for a minute: {:?}", d.calls);
        d.user(UserAction::Refresh);
        for _ in 0..5 {
            d.round().await;
        }
        assert!(
            d.service_reads() > 0,
            "a refresh is still read while paused"
        );
        d.user(UserAction::PausePolling);
        assert!(!d.state.paused);
    });
}

#[test]
fn the_account_id_is_learned_from_the_first_arn() {
    let mut state = State::new(
        wharf::backend::BackendInfo {
            profile: "p".into(),
            region: "eu-west-1".into(),
            account_id: None,
            endpoint: None,
            clock_speed: None,
            simulated: false,
        },
        wharf::model::Timestamp(0),
    );
    let cluster = wharf::model::Cluster {
        arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".into(),
        name: "prod".into(),
        ..Default::default()
    };
    update(
        &mut state,
        Action::loaded(
            Resource::Clusters,
            Ok(Payload::Clusters(vec![cluster])),
            wharf::model::Timestamp(1),
        ),
    );
    assert_eq!(state.info().account_id.as_deref(), Some("123456789012"));
}

/// Ten idle virtual minutes after the list, a tick a second: the service reads spent, and what the share
/// allows.
async fn ten_idle_minutes(d: &mut Driver) -> (f64, f64) {
    use strum::IntoEnumIterator;
    let total = |d: &Driver, c: Category| d.state.session.budget.bucket(c).total_calls;
    let before: Vec<u64> = Category::iter().map(|c| total(d, c)).collect();
    d.calls.clear();
    d.round_ms = TICK_MS;
    for _ in 0..600 {
        d.round().await;
    }
    let share = d.state.session.budget.share;
    let allowed = |c: Category| {
        let (burst, rate) = c.limits();
        share * rate * 600.0 + burst * share
    };
    // No bucket over its share, whatever the screen reads.
    for (c, before) in Category::iter().zip(before) {
        let spent = (total(d, c) - before) as f64;
        assert!(
            spent <= allowed(c),
            "{c:?}: {spent} calls, share allows {}",
            allowed(c)
        );
    }
    (f64::from(d.service_reads()), allowed(Category::ServiceRead))
}

#[test]
fn reads_that_keep_failing_are_tried_again_within_the_share() {
    rt().block_on(async {
        let mut d = Driver::new(2_000);
        d.backend
            .deny_describe_services
            .store(true, std::sync::atomic::Ordering::SeqCst);
        d.open_services().await;
        for _ in 0..20 {
            d.round().await;
        }
        let (spent, allowed) = ten_idle_minutes(&mut d).await;
        assert!(
            spent <= allowed,
            "{spent} service reads, share allows {allowed}"
        );
        // The screen says why, instead of loading for ever.
        let screen = wharf::ui::layout::status(&d.state);
        assert!(
            matches!(screen.error, Some(BackendError::AccessDenied { .. })),
            "{:?}",
            screen.error
        );
    });
}

#[test]
fn every_row_off_screen_gets_its_turn_even_on_a_small_share() {
    rt().block_on(async {
        let mut d = Driver::new(500);
        let policy = wharf::app::RefreshPolicy {
            share: 0.05,
            ..Default::default()
        };
        d.state.set_refresh(policy);
        d.open_and_load().await;
        d.round_ms = TICK_MS;
        for _ in 0..(8 * 60) {
            d.round().await;
        }
        let Screen::Services(ServicesScreen { cluster_arn, .. }) = d.state.screen().clone() else {
            unreachable!()
        };
        let table = d
            .state
            .services_of(&cluster_arn)
            .unwrap()
            .data
            .as_ref()
            .unwrap();
        let now = d.state.now;
        let oldest = table
            .listed
            .iter()
            .filter_map(|arn| table.status(arn)?.fetched_at)
            .map(|at| now.since(at))
            .max()
            .unwrap();
        // 1 call a second at 5%: the list (5 pages a minute), the rows on screen (every 10 s) and 50 batches
        // off screen share it; each row comes round within about three minutes.
        assert!(oldest <= 240_000, "a row was last read {oldest} ms ago");
    });
}

#[test]
fn a_throttled_category_spends_less_afterwards() {
    rt().block_on(async {
        let mut calm = Driver::new(2_000);
        let mut throttled = Driver::new(2_000);
        for d in [&mut calm, &mut throttled] {
            // Rows off screen wanted every 5 s: more than the share allows, so the budget is what limits.
            d.state.set_refresh(wharf::app::RefreshPolicy {
                background_ms: 5_000,
                ..Default::default()
            });
            d.open_and_load().await;
            d.round_ms = TICK_MS;
            for _ in 0..60 {
                d.round().await;
            }
        }
        throttled
            .state
            .session
            .budget
            .throttled(Category::ServiceRead, throttled.state.now);
        let mut spent = Vec::new();
        for d in [&mut calm, &mut throttled] {
            d.calls.clear();
            for _ in 0..30 {
                d.round().await;
            }
            spent.push(d.service_reads());
        }
        assert!(
            spent[1] < spent[0],
            "calm {} vs throttled {}",
            spent[0],
            spent[1]
        );
    });
}

/// Another client of the account spends 18 of the 20 service reads a second: what is left is the burst of
/// 100, then 2 a second, so 2,000 services (20 ListServices pages, 200 DescribeServices batches) can be
/// whole in (220 - 100) / 2 = 60 s. The list completes within 1.5 times that, throttled as it goes.
#[test]
fn the_list_completes_under_a_budget_shared_with_another_client() {
    rt().block_on(async {
        let mut d = Driver::new(2_000);
        while d.state.cache().clusters.data.is_none() {
            d.round().await;
        }
        let start = d.sim.now();
        *d.backend.service_reads.lock().unwrap() =
            Some(faulty::SharedBucket::new(100.0, 20.0, 18.0, start));
        d.user(UserAction::Open);
        let mut held = 0;
        while d.rows() < 2_000 || d.loading() {
            d.round().await;
            // While the list loads, no row already described is read again off screen: the throttled
            // rows the user waits for come first.
            if d.loading() {
                assert_eq!(off_screen_rereads(&d), Vec::<String>::new());
            }
            // A read held back for the budget's tokens makes the runtime tick faster, to send it as they
            // refill.
            held += usize::from(wharf::app::polling::wake_after_ms(&d.state) == 250);
            assert!(
                d.sim.now().since(start) <= 90_000,
                "{} of 2,000 rows after 90 s; the bucket: {:?}",
                d.rows(),
                d.backend.service_reads.lock().unwrap()
            );
        }
        let bucket = d.backend.service_reads.lock().unwrap().clone().unwrap();
        assert!(bucket.throttled > 0, "the bucket never ran dry: {bucket:?}");
        assert!(held > 0, "no read ever waited for the budget");
        eprintln!(
            "whole after {} ms of virtual time: {} calls passed, {} throttled",
            d.sim.now().since(start),
            bucket.passed,
            bucket.throttled
        );
    });
}

/// The rows already described, off screen, that the pending requests read again.
fn off_screen_rereads(d: &Driver) -> Vec<String> {
    let Screen::Services(ServicesScreen {
        cluster_arn,
        cursor,
    }) = d.state.screen()
    else {
        return Vec::new();
    };
    let rows = d.state.service_rows(cluster_arn);
    let on_screen: Vec<&str> = (cursor.rows.iter().skip(cursor.offset).take(48))
        .filter_map(|&i| rows.get(i).map(|s| s.arn.as_str()))
        .collect();
    d.pending
        .iter()
        .filter_map(|e| match e {
            Effect::Fetch(Fetch::Services { arns, .. }) => Some(arns),
            _ => None,
        })
        .flatten()
        .filter(|arn| d.state.service(cluster_arn, arn).is_some())
        .filter(|arn| !on_screen.contains(&arn.as_str()))
        .cloned()
        .collect()
}

/// A row not described yet is a placeholder named from its ARN; Enter on it opens the service and reads it
/// at once, as what the user waits for.
#[test]
fn opening_a_row_not_described_yet_reads_it_at_once() {
    rt().block_on(async {
        let mut d = Driver::new(400);
        d.open_services().await;
        d.round().await; // the first page: its rows are placeholders until described
        d.user(UserAction::Bottom);
        let Screen::Services(ServicesScreen {
            cluster_arn,
            cursor,
        }) = d.state.screen()
        else {
            panic!("not on the services")
        };
        let cluster_arn = cluster_arn.clone();
        let table = d
            .state
            .services_of(&cluster_arn)
            .unwrap()
            .data
            .as_ref()
            .unwrap();
        let arn = cursor.selected_key.clone().expect("a row is selected");
        assert!(
            table.is_placeholder(&arn),
            "the last row is not described yet"
        );
        let status = table.status(&arn).unwrap();
        assert!(!status.in_flight && status.fetched_at.is_none());
        d.pending.clear();
        d.user(UserAction::Open);
        let asked = d.pending.iter().any(|e| match e {
            Effect::Fetch(Fetch::Services { arns, .. }) => arns.contains(&arn),
            _ => false,
        });
        assert!(asked, "{:?}", d.pending);
        let status = d
            .state
            .services_of(&cluster_arn)
            .unwrap()
            .data
            .as_ref()
            .unwrap()
            .status(&arn)
            .unwrap();
        assert!(status.urgent, "asked as what the user waits for");
        // Answered: the service screen shows it.
        d.round().await;
        assert!(d.state.service(&cluster_arn, &arn).is_some());
    });
}

/// Nothing waits: the runtime ticks once a second (as often as anything on screen changes). The cursor
/// moving, or a read waiting for the budget, asks for a quarter of a second.
#[test]
fn an_idle_screen_asks_for_a_tick_a_second() {
    use wharf::app::polling::wake_after_ms;
    rt().block_on(async {
        let mut d = Driver::new(30);
        d.open_and_load().await;
        for _ in 0..30 {
            d.round().await;
        }
        assert_eq!(wake_after_ms(&d.state), 1_000);
        d.user(UserAction::Down);
        assert_eq!(wake_after_ms(&d.state), 250, "the cursor moved");
        for _ in 0..3 {
            d.round().await;
        }
        assert_eq!(wake_after_ms(&d.state), 1_000, "the cursor rests");
    });
}

/// An answer that brings the same data as before is quiet (no rearranging, no redraw for it); one that
/// brings rows is not.
#[test]
fn an_answer_that_changed_nothing_is_quiet() {
    rt().block_on(async {
        let mut d = Driver::new(30);
        d.open_services().await;
        let page = d.pending.remove(0);
        let answer = perform(&d.backend, page).await.expect("an answer");
        let more = update(&mut d.state, answer);
        d.pending.extend(more);
        assert!(!d.state.quiet, "the first page brought the rows");
        while d.loading() {
            d.round().await;
        }
        d.user(UserAction::Refresh);
        let fetches = std::mem::take(&mut d.pending);
        assert!(!fetches.is_empty());
        for effect in fetches {
            if let Some(answer) = perform(&d.backend, effect).await {
                let more = update(&mut d.state, answer);
                d.pending.extend(more);
                assert!(d.state.quiet, "nothing changed in the sandbox meanwhile");
            }
        }
    });
}
