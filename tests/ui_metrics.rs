//! The metrics screen drawn from the sandbox, at 80x24 (a sparkline a metric) and 160x48 (charts), and the
//! services list's CPU, MEM and AUTO SCALING: insta snapshots of what a user sees.

mod walk;

use walk::Walk;
use wharf::app::UserAction;

fn render(w: &Walk, width: u16, height: u16) -> String {
    let lines = walk::screen_lines(w, width, height);
    let quoted: Vec<String> = lines.iter().map(|l| format!("\"{l}\"")).collect();
    quoted.join("\n")
}

async fn on_web_metrics() -> Walk {
    let mut w = Walk::new(3, 120_000).await;
    w.keys(":svc prod-fargate\n").await;
    w.seconds(2).await;
    w.select_service("web").await;
    w.user(UserAction::Metrics).await;
    w.seconds(2).await;
    w
}

#[tokio::test]
async fn the_metrics_screen_at_both_sizes() {
    let mut w = on_web_metrics().await;
    w.state.size = (80, 24);
    insta::assert_snapshot!("metrics_80x24", render(&w, 80, 24));
    w.state.size = (160, 48);
    insta::assert_snapshot!("metrics_160x48", render(&w, 160, 48));
}

#[tokio::test]
async fn the_services_list_with_cpu_mem_and_auto_scaling() {
    let mut w = Walk::new(3, 120_000).await;
    w.keys(":svc prod-fargate\n").await;
    w.seconds(2).await;
    insta::assert_snapshot!("services_metrics_160x48", render(&w, 160, 48));
    w.state.size = (100, 30);
    insta::assert_snapshot!("services_metrics_100x30", render(&w, 100, 30));
}
