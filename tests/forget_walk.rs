//! An 8-hour on-call shift in virtual time: 10,000 views of the sandbox region (services, their logs, tasks,
//! task definitions, load balancers, instances), 2.88 virtual seconds apart, and the cache stays bounded:
//! what it holds levels off within the first hour and never grows after, and nothing a view left more than
//! `forget_after` ago is still there.

#[allow(dead_code)]
#[path = "../examples/shift_memory/walk.rs"]
mod walk;

use walk::{Route, Shift};
use wharf::backend::sim::{Sim, SimClock};

const VIEWS: usize = 10_000;
const SHIFT_MS: i64 = 8 * 3_600_000;
/// What the views of one `forget_after` (10 minutes, about 200 views) need, with room: forgetting, the walk
/// held at most 140 entries and 998 tasks in any hour (most of the tasks the clusters' recently stopped
/// ones, which ECS lists for an hour). Without forgetting it held 212 entries in the first hour, 299 in the
/// second and 817 in the eighth (and 1,107 tasks), so the first hour already passes the bound.
const MOST_ENTRIES: usize = 180;
const MOST_TASKS: usize = 1_200;

#[test]
fn ten_thousand_views_over_eight_hours_keep_the_cache_bounded() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let route = Route {
            clusters: ["prod-fargate", "prod-ec2", "staging"]
                .map(String::from)
                .to_vec(),
            ec2_cluster: Some("prod-ec2".into()),
            spread: 7,
        };
        let sim = Sim::demo(11, SimClock::Manual);
        let mut shift = Shift::start(sim, SHIFT_MS / VIEWS as i64).await;
        let forget_after = shift.state.refresh.forget_after_ms;
        // Checked every hour of the walk, asserted after the bounds (which say more when they fail).
        let mut left = Vec::new();
        for hour in 1..=8 {
            shift.walk(&route, VIEWS * hour / 8).await;
            left.push((shift.views, shift.unused_for(forget_after)));
        }
        eprintln!(
            "{} views over {:.1} h: the most held each hour {:#?}",
            shift.views,
            shift.hours(),
            shift.most
        );
        assert!(shift.hours() >= 8.0, "{} h", shift.hours());
        for (hour, most) in shift.most.iter().enumerate() {
            assert!(
                most.entries <= MOST_ENTRIES && most.tasks <= MOST_TASKS,
                "hour {}: {most:?}",
                hour + 1
            );
        }
        // Levelled off in the first hour (10 minutes are plenty), never more after.
        let first = shift.most[0];
        for (hour, most) in shift.most.iter().enumerate().skip(1) {
            for (what, now, then) in [
                ("entries", most.entries, first.entries),
                ("tasks", most.tasks, first.tasks),
                (
                    "task definitions",
                    most.task_definitions,
                    first.task_definitions,
                ),
                ("explored", most.explored, first.explored),
            ] {
                assert!(
                    now * 4 <= then * 5,
                    "hour {}: {now} {what} held, {then} at most in the first",
                    hour + 1
                );
            }
        }
        for (views, left) in left {
            assert!(
                left.is_empty(),
                "after {views} views, {} entries no view has needed for over {} s: {left:?}",
                left.len(),
                forget_after / 1000
            );
        }
    });
}
