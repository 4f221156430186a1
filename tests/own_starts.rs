//! The services list's ALERTS count tasks started outside a rollout as restarts. The user's own scale-out and
//! the replacements of tasks they stopped are not restarts: wharf marks those starts as its own.

mod walk;

use walk::Walk;
use wharf::app::ServicesScreen;
use wharf::app::{Screen, UserAction};
use wharf::model::TROUBLE_WINDOW_MS;

fn restarts(w: &Walk, name: &str) -> u32 {
    let Screen::Services(ServicesScreen { cluster_arn, .. }) = w.state.screen() else {
        panic!("not on the services: {:?}", w.state.screen());
    };
    let s = w
        .state
        .service_rows(cluster_arn)
        .iter()
        .find(|s| s.name == name)
        .expect("listed")
        .clone();
    s.recent_trouble(w.state.now, TROUBLE_WINDOW_MS).restarts
}

#[tokio::test]
async fn a_scale_out_and_stopped_tasks_replaced_are_not_restarts_but_a_crash_is() {
    let mut w = Walk::new(4, 240_000).await;
    w.keys(":svc prod-fargate\n").await;
    w.select_service("api").await;
    assert_eq!(restarts(&w, "api"), 0, "quiet before");

    // Scale api from 4 to 8 (a second Enter: more than twice is not asked, 8 is exactly twice).
    w.user(UserAction::Scale).await;
    w.keys("8\n").await;
    if matches!(w.state.overlay, wharf::app::Overlay::Dialog(_)) {
        w.keys("\n").await;
    }
    assert!(
        w.state.flash.clone().unwrap().text.contains("now wants 8"),
        "{:?}",
        w.state.flash
    );
    w.seconds(90).await;
    let s = w
        .state
        .service_rows(match w.state.screen() {
            Screen::Services(ServicesScreen { cluster_arn, .. }) => cluster_arn,
            _ => unreachable!(),
        })
        .iter()
        .find(|s| s.name == "api")
        .unwrap()
        .clone();
    assert!(
        s.events
            .iter()
            .any(|e| e.own && e.message.contains("has started 4 tasks")),
        "the scale-out's starts are marked ours: {:?}",
        s.events.iter().take(5).collect::<Vec<_>>()
    );
    assert_eq!(
        restarts(&w, "api"),
        0,
        "a scale-out is no restart: {:?}",
        s.events
            .iter()
            .filter(|e| e.own || e.message.contains("started"))
            .map(|e| (e.own, e.created_at, e.message.as_str()))
            .collect::<Vec<_>>()
    );

    // Stop one of its tasks from its screen: the replacement is ours too.
    w.keys("\n").await;
    w.user(UserAction::StopTask).await;
    w.keys("\n").await;
    w.seconds(90).await;
    w.keys("\x1b").await;
    assert_eq!(
        restarts(&w, "api"),
        0,
        "a replacement of a task we stopped is no restart"
    );

    // A task that exits by itself is replaced: that still counts (prod-ec2's inventory-sync runs out of
    // memory over and over).
    w.keys(":svc prod-ec2\n").await;
    w.seconds(5).await;
    assert!(
        restarts(&w, "inventory-sync") > 0,
        "a crash loop still alerts"
    );
}
