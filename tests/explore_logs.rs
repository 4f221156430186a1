//! Logs on the sandbox: a task's containers from the streams its task definition names, a service's tasks
//! merged (the stopped ones too, where a crash explains itself), a server-side search, `:since`, following.

use wharf::app::explore::{Read, View};
use wharf::app::{update, Action, Resource, Screen, UserAction};
use wharf::app::{ExploreScreen, TaskScreen};
use wharf::backend::Backend;
use wharf::model::{arn_name, Timestamp};
use wharf::runtime::settle;

mod walk;

use walk::Walk;

/// (time, from, message) of each line shown.
fn log_lines(w: &Walk) -> Vec<(String, String, String)> {
    assert!(matches!(w.view(), View::Logs(_)), "{:?}", w.view());
    w.cells()
        .into_iter()
        .map(|c| (c[0].clone(), c[1].clone(), c[2].clone()))
        .collect()
}

/// The streams the log view reads.
fn streams(w: &Walk) -> Vec<String> {
    w.state
        .session
        .cache
        .explored
        .keys()
        .filter_map(|r| match r {
            Read::Logs { sources, .. } => Some(sources.iter().map(|s| s.stream.clone())),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The cursor's place among the lines shown.
fn selected(w: &Walk) -> usize {
    match w.state.screen() {
        Screen::Explore(ExploreScreen { cursor, .. }) => cursor.selected,
        other => panic!("not a log view: {other:?}"),
    }
}

fn title(w: &Walk) -> String {
    w.view().spec().title()
}

#[tokio::test]
async fn a_tasks_logs_come_from_the_stream_its_task_definition_names() {
    let mut w = Walk::new(9, 150_000).await;
    w.keys(":svc staging\n").await;
    w.keys("\n").await; // the web service
    w.keys("\n").await; // its first task
    let Screen::Task(TaskScreen { task_arn, .. }) = w.state.screen().clone() else {
        panic!("{:?}", w.state.screen())
    };
    w.user(UserAction::Logs).await;
    let id = arn_name(&task_arn).to_string();
    assert_eq!(streams(&w), [format!("ecs/web/{id}")]);
    let lines = log_lines(&w);
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|(_, from, _)| from == "web"), "{lines:?}");
    // The same lines the sandbox gives for that stream, newest last, the cursor on the newest.
    let page = w
        .sim
        .get_log_events(
            "/ecs/web",
            &format!("ecs/web/{id}"),
            &wharf::model::LogFrom::Tail,
            300,
        )
        .await
        .unwrap();
    let newest = page.events.last().unwrap();
    assert_eq!(lines.last().unwrap().2, newest.message);
    let Screen::Explore(ExploreScreen { cursor, .. }) = w.state.screen() else {
        unreachable!()
    };
    assert_eq!(cursor.selected + 1, lines.len());
}

#[tokio::test]
async fn a_services_logs_merge_its_tasks_and_a_search_finds_why_they_crashed() {
    let mut w = Walk::new(9, 150_000).await;
    w.keys(":svc prod-ec2\n").await;
    // inventory-sync runs out of memory: its stopped tasks' last lines say so.
    w.select_service("inventory-sync").await;
    w.user(UserAction::Logs).await;
    assert!(
        title(&w).starts_with("Logs of service inventory-sync"),
        "{}",
        title(&w)
    );
    let tasks: std::collections::BTreeSet<String> =
        log_lines(&w).into_iter().map(|(_, from, _)| from).collect();
    assert!(tasks.len() > 1, "several tasks merged: {tasks:?}");
    let times: Vec<String> = log_lines(&w).into_iter().map(|(t, _, _)| t).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "merged by time");

    // From the first line: a search opens on its newest match.
    w.keys("gg").await;
    w.keys(":search OutOfMemoryError\n").await;
    // The logs budget (5 calls a second) refills as time passes.
    w.seconds(2).await;
    let found = log_lines(&w);
    assert!(!found.is_empty(), "the crash is found");
    assert!(
        found.iter().all(|(_, _, m)| m.contains("OutOfMemoryError")),
        "{found:?}"
    );
    assert!(title(&w).contains("matching OutOfMemoryError"));
    // The cursor waits on the newest match.
    assert_eq!(selected(&w), found.len() - 1);
    // A search is FilterLogEvents, on the logs budget.
    assert!(w.state.session.cache.explored.keys().any(|r| matches!(
        r,
        Read::Logs { pattern: Some(p), .. } if p == "OutOfMemoryError"
    )));
    let read = w
        .state
        .session
        .cache
        .explored
        .keys()
        .find(|r| matches!(r, Read::Logs { .. }))
        .cloned()
        .unwrap();
    assert_eq!(
        Resource::Explore(read).category(),
        wharf::app::budget::Category::Logs
    );

    // A search that finds nothing says so, not why a task stopped (inventory-sync has stopped tasks).
    w.keys(":search zzzqqq\n").await;
    w.seconds(2).await;
    assert!(log_lines(&w).is_empty());
    let empty = w.view().spec().empty(&w.state);
    assert!(
        empty.meaning.contains("Nothing matches zzzqqq") && !empty.meaning.contains("stopped"),
        "{}",
        empty.meaning
    );

    // An empty search clears it.
    w.keys(":search\n").await;
    assert!(!title(&w).contains("matching"));
    w.seconds(2).await;
    assert!(log_lines(&w).len() > found.len());
}

#[tokio::test]
async fn since_and_follow() {
    let mut w = Walk::new(9, 150_000).await;
    w.keys(":svc prod-fargate\n").await;
    w.user(UserAction::Logs).await;
    // From the last line: `:since` puts the cursor on the first line from then.
    w.keys("G").await;
    w.keys(":since 30s\n").await;
    let now = w.state.now;
    w.seconds(2).await;
    // Lines from then: the cursor is on the first of them.
    assert_eq!(selected(&w), 0);
    let earliest = Timestamp(now.0 - 30_000).clock();
    let lines = log_lines(&w);
    assert!(!lines.is_empty());
    assert!(
        lines.iter().all(|(t, _, _)| *t >= earliest),
        "{earliest} {lines:?}"
    );
    w.keys(":since yesterday\n").await;
    let flash = w.state.flash.clone().unwrap();
    assert!(flash.text.contains("how long ago"), "{}", flash.text);

    w.keys(":since\n").await;
    w.keys("f").await;
    assert!(title(&w).ends_with("· following"), "{}", title(&w));
    let before = log_lines(&w).len();
    w.seconds(20).await;
    let Screen::Explore(ExploreScreen { cursor, .. }) = w.state.screen() else {
        unreachable!()
    };
    let after = log_lines(&w);
    assert!(after.len() >= before);
    assert_eq!(
        cursor.selected + 1,
        after.len(),
        "the cursor follows the newest line"
    );
    w.keys("f").await;
    assert!(!title(&w).contains("following"));
    w.keys("w").await;
    assert!(title(&w).ends_with("· wrapped"), "{}", title(&w));
    assert!(w.view().spec().wraps());
    // A row of the screen is not a line when lines wrap: a click says so and moves nothing.
    let before = selected(&w);
    wharf::app::update(
        &mut w.state,
        wharf::app::Action::Click { column: 20, row: 6 },
    );
    assert_eq!(selected(&w), before);
    let flash = w.state.flash.clone().unwrap();
    assert!(
        flash.text.contains("not wrapped: w unwraps"),
        "{}",
        flash.text
    );
    w.keys("w").await;
    assert!(!w.view().spec().wraps());
}

#[tokio::test]
async fn follow_outside_a_log_view_says_where_it_works() {
    let mut w = Walk::new(9, 150_000).await;
    w.user(UserAction::Follow).await;
    let flash = w.state.flash.clone().unwrap();
    assert!(flash.text.contains("log view"), "{}", flash.text);
    w.user(UserAction::Wrap).await;
    let flash = w.state.flash.clone().unwrap();
    assert!(
        flash.text.starts_with("wrapping works in a log view"),
        "{}",
        flash.text
    );
    // L on the clusters screen: nothing to show logs of.
    w.user(UserAction::Logs).await;
    let flash = w.state.flash.clone().unwrap();
    assert!(
        flash.text.contains("select a service or a task"),
        "{}",
        flash.text
    );
}

#[tokio::test]
async fn a_container_that_is_not_there_is_named_with_those_that_are() {
    let mut w = Walk::new(9, 150_000).await;
    w.keys(":svc staging\n").await;
    w.keys(":logs sidecar\n").await;
    assert!(log_lines(&w).is_empty());
    let Screen::Explore(ExploreScreen { view, .. }) = w.state.screen() else {
        panic!()
    };
    let empty = view.spec().empty(&w.state);
    assert!(
        empty
            .meaning
            .contains("has no container named sidecar; its containers: web."),
        "{}",
        empty.meaning
    );
    // Once, not once per task.
    assert_eq!(empty.meaning.matches("no container named").count(), 1);
}

/// A crash-looping service's tasks are replaced every minute or so, and with them the streams read: the
/// lines already shown stay until the new read answers, and only the newest answer is kept.
#[tokio::test]
async fn a_service_whose_tasks_are_replaced_keeps_showing_its_lines() {
    let mut w = Walk::new(9, 150_000).await;
    w.keys(":svc prod-fargate\n").await;
    w.select_service("image-resizer").await;
    w.user(UserAction::Logs).await;
    let first = streams(&w);
    let mut changed = false;
    for _ in 0..120 {
        w.sim.advance(1000);
        let fx = update(&mut w.state, Action::Tick(w.sim.now()));
        settle(&mut w.state, &w.sim, fx).await;
        assert!(
            !log_lines(&w).is_empty(),
            "the lines stay while the streams change"
        );
        let reads = w
            .state
            .session
            .cache
            .explored
            .keys()
            .filter(|r| matches!(r, Read::Logs { .. }))
            .count();
        assert!(reads <= 2, "old log reads are let go: {reads}");
        changed |= streams(&w) != first;
    }
    assert!(changed, "a task was replaced in two minutes");
}
