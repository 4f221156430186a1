//! Snapshots of every exploring view filled from the sandbox (a fixed seed and virtual clock, so the frames
//! are the same on every run), at 80x24 and 160x48: task definition families, revisions, a revision's JSON and
//! a diff, listeners, rules, target groups, targets, an instance's tasks and a task's logs. Their loading,
//! empty and error states are drawn by the same code as `ui_explore`'s.

mod ui_fixtures;

use ui_fixtures::render;
use wharf::app::{update, Action, UserAction};
use wharf::backend::Backend;

mod walk;

use walk::Walk;

/// Keys, then three virtual seconds for what they show to be read.
async fn keys(w: &mut Walk, text: &str) {
    w.keys(text).await;
    w.seconds(3).await;
}

fn snap(w: &Walk, name: &str) {
    for (width, height) in [(80u16, 24u16), (160, 48)] {
        let mut state = w.state.clone();
        update(&mut state, Action::Resize(width, height));
        insta::assert_snapshot!(
            format!("{name}_{width}x{height}"),
            render(&state, width, height)
        );
    }
}

#[tokio::test]
async fn task_definition_views() {
    let mut w = Walk::new(3, 120_000).await;
    keys(&mut w, ":td\n").await;
    snap(&w, "walk_families");
    keys(&mut w, ":td web\n").await;
    snap(&w, "walk_revisions");
    keys(&mut w, "\n").await;
    snap(&w, "walk_revision_json");
    keys(&mut w, "\x1bd").await;
    snap(&w, "walk_revision_diff");
}

#[tokio::test]
async fn load_balancer_views() {
    let mut w = Walk::new(3, 120_000).await;
    keys(&mut w, ":lb\nj\n").await;
    snap(&w, "walk_listeners");
    keys(&mut w, "\n").await;
    snap(&w, "walk_rules");
    keys(&mut w, "\n").await;
    snap(&w, "walk_target_groups");
    keys(&mut w, "\n").await;
    snap(&w, "walk_targets");
}

#[tokio::test]
async fn an_instances_tasks_and_a_tasks_logs() {
    let mut w = Walk::new(3, 120_000).await;
    keys(&mut w, ":instances prod-ec2\n\n").await;
    snap(&w, "walk_instance_tasks");
    keys(&mut w, "\n").await;
    w.user(UserAction::Logs).await;
    w.seconds(3).await;
    snap(&w, "walk_task_logs");
    assert_eq!(w.sim.now(), w.state.now);
}
