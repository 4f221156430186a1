//! Resources and scaling on the sandbox, as a user meets them (issue 23): CPU beside the rows on screen
//! within the metrics allowance, a service's metrics screen and its range, the scale dialog that says auto
//! scaling would undo the count and suspends it first, `:autoscale`, `:load`, and an alarm in ALERTS.

mod walk;

use walk::Walk;
use wharf::app::explore::Read;
use wharf::app::{MetricsScreen, Resource, Screen, UserAction};
use wharf::backend::MetricsScaling;
use wharf::model::*;

const F: &str = "prod-fargate";

fn render(w: &Walk) -> String {
    walk::screen_lines(w, 160, 48).join("\n")
}

async fn services(seed: u64) -> Walk {
    let mut w = Walk::new(seed, 120_000).await;
    w.keys(&format!(":svc {F}\n")).await;
    w.seconds(2).await;
    w
}

fn desired(w: &Walk, name: &str) -> u32 {
    let arn = format!("arn:aws:ecs:sandbox-1:000000000000:service/{F}/{name}");
    w.sim.with_world(|world| {
        world
            .service(F, &arn)
            .map(|s| s.desired_count)
            .unwrap_or_default()
    })
}

#[tokio::test]
async fn cpu_shows_beside_the_rows_on_screen_two_metrics_each() {
    let w = services(3).await;
    let rows = w
        .state
        .service_rows(&format!("arn:aws:ecs:sandbox-1:000000000000:cluster/{F}"))
        .len();
    assert_eq!(rows, 8);
    let spend = &w.state.session.metric_spend;
    assert_eq!(spend.total, 2 * rows as u64, "two metrics a row, once");
    assert_eq!(spend.calls, 1, "every row in one GetMetricData call");
    let screen = render(&w);
    assert!(screen.contains("CPU") && screen.contains("MEM"), "{screen}");
    assert!(
        screen.contains("auto 6–12") && screen.contains("auto 4–10"),
        "{screen}"
    );
}

#[tokio::test]
async fn the_minute_allowance_holds_rows_back_until_it_refills() {
    let mut w = Walk::new(3, 120_000).await;
    let mut policy = w.state.refresh;
    policy.metrics.max_per_minute = 6;
    w.state.set_refresh(policy);
    w.keys(&format!(":svc {F}\n")).await;
    w.seconds(5).await;
    let spend = w.state.session.metric_spend.clone();
    assert_eq!(spend.total, 6, "three rows of eight in the first minute");
    assert!(spend.held_back > 0);
    w.seconds(60).await;
    let spend = &w.state.session.metric_spend;
    assert_eq!(spend.total, 12, "three more the next minute");
    assert!(spend.last_minute(w.state.now) <= 6);
    // The rows left out go first the next minutes: none starves behind the top of the screen.
    w.seconds(120).await;
    let cluster_arn = format!("arn:aws:ecs:sandbox-1:000000000000:cluster/{F}");
    for s in w.state.service_rows(&cluster_arn) {
        let load = wharf::app::service_metrics::load_of(&w.state, &cluster_arn, &s.name);
        assert!(
            load.is_some_and(|l| l.data.is_some()),
            "{} never read",
            s.name
        );
    }
}

#[tokio::test]
async fn a_services_metrics_screen_charts_alarms_and_scaling_and_steps_its_range() {
    let mut w = services(3).await;
    w.select_service("web").await;
    w.user(UserAction::Metrics).await;
    w.seconds(2).await;
    let Screen::Metrics(screen) = w.state.screen().clone() else {
        panic!("the metrics screen: {:?}", w.state.screen());
    };
    let read = screen.metrics_read(&w.state).expect("target groups read");
    let Read::Metrics { metrics, range } = &read else {
        unreachable!()
    };
    assert_eq!(
        metrics.len(),
        6,
        "CPU, memory and four of web-tg: {metrics:?}"
    );
    assert_eq!(*range, MetricRange::Hour);
    assert!(w
        .state
        .status(&Resource::Explore(read.clone()))
        .is_some_and(|s| s.fetched_at.is_some()));
    let text = render(&w);
    for words in [
        "Metrics of web over the last hour",
        "Auto scaling",
        "range 6–12 tasks",
        "cpu50: target tracking",
        "web-tg requests",
    ] {
        assert!(text.contains(words), "{words} in\n{text}");
    }
    w.keys("t").await;
    let Screen::Metrics(MetricsScreen { range, .. }) = w.state.screen() else {
        panic!()
    };
    assert_eq!(*range, MetricRange::SixHours);
    assert!(render(&w).contains("over the last 6 hours"));
}

#[tokio::test]
async fn the_scale_dialog_says_auto_scaling_undoes_the_count_and_suspends_it_first() {
    let mut w = services(3).await;
    w.select_service("web").await;
    w.keys("\n").await;
    w.keys("+14\n").await;
    let dialog = w.state.overlay.dialog().expect("the dialog");
    let warned = dialog
        .warned
        .as_ref()
        .and_then(|m| m.change().warning())
        .unwrap_or_default();
    assert!(
        warned.contains("its next scale-in brings it back to 12 or fewer"),
        "{warned}"
    );
    // Tab: suspend dynamic scaling first; the count's own warning (more than twice) is confirmed too.
    let fx = wharf::app::update(&mut w.state, wharf::app::Action::User(UserAction::Mark));
    w.run(fx).await;
    w.keys("\n\n").await;
    w.seconds(2).await;
    assert!(w.state.overlay.dialog().is_none());
    assert_eq!(desired(&w, "web"), 14);
    let target = w
        .sim
        .describe_scalable_targets(&["service/prod-fargate/web".into()])
        .await
        .unwrap();
    assert!(target[0].suspended.dynamic());
    w.seconds(120).await;
    assert_eq!(
        desired(&w, "web"),
        14,
        "suspended: the count set by hand stays"
    );

    w.keys(":autoscale resume\n").await;
    w.keys("\n").await;
    let warned = w
        .state
        .overlay
        .dialog()
        .and_then(|d| d.warned.as_ref())
        .and_then(|m| m.change().warning())
        .unwrap_or_default();
    assert!(warned.contains("goes down to 12 at once"), "{warned}");
    w.keys("\n").await;
    w.seconds(2).await;
    assert_eq!(desired(&w, "web"), 12, "resumed: moved back into the range");
}

#[tokio::test]
async fn autoscale_registers_a_range_through_the_dialog() {
    let mut w = services(3).await;
    w.select_service("checkout").await;
    w.keys(":autoscale 3 9\n").await;
    assert!(w.state.overlay.dialog().is_some());
    w.keys("\n").await;
    w.seconds(2).await;
    let scaling = w.sim.describe_service_scaling(F, "checkout").await.unwrap();
    let t = scaling.target.expect("registered");
    assert_eq!((t.min, t.max), (3, 9));
    for (typed, said) in [
        (":autoscale 9 3\n", "above the maximum"),
        (":autoscale lots\n", "not understood"),
    ] {
        w.keys(typed).await;
        w.keys("\n").await;
        let notice = format!("{:?}", w.state.overlay.dialog().map(|d| &d.notice));
        assert!(notice.contains(said), "{typed}: {notice}");
        w.keys("\x1b").await;
    }
}

#[tokio::test]
async fn load_is_the_sandboxs_and_an_alarm_in_alarm_leads_alerts() {
    let mut w = services(3).await;
    w.keys(":load api x8\n").await;
    assert!(
        format!("{:?}", w.state.flash).contains("load x8"),
        "{:?}",
        w.state.flash
    );
    w.seconds(5 * 60).await;
    assert!(desired(&w, "api") > 4, "api scaled out");
    let screen = render(&w);
    assert!(screen.contains("✗ alarm api-slow-responses"), "{screen}");

    w.state.session.info.simulated = false;
    w.keys(":load api x1\n").await;
    assert!(
        format!("{:?}", w.state.flash).contains("sandbox"),
        "{:?}",
        w.state.flash
    );
    for bad in [":load api x0\n", ":load api fast\n"] {
        w.state.session.info.simulated = true;
        w.keys(bad).await;
        assert!(
            format!("{:?}", w.state.flash).contains("not a load factor"),
            "{bad}"
        );
    }
}

/// A failed metrics read (a time-out, say) is not left for good while every ECS read is healthy: it is
/// probed like any read that failed on a passing fault, and the row's CPU comes back.
#[tokio::test]
async fn a_failed_metrics_read_is_probed_and_comes_back() {
    let mut w = services(3).await;
    let cluster_arn = format!("arn:aws:ecs:sandbox-1:000000000000:cluster/{F}");
    let key = wharf::app::ServiceKey {
        cluster_arn: cluster_arn.clone(),
        service_name: "web".into(),
    };
    let now = w.state.now;
    let timed_out = wharf::backend::BackendError::TimedOut {
        action: "GetMetricData".into(),
        seconds: 8,
    };
    let status = w
        .state
        .session
        .cache
        .status_mut(&Resource::ServiceLoad(key.clone()));
    status.answered(Some(timed_out), 1, now, false);
    assert!(status.waits_for_probe());
    w.seconds(70).await;
    let status = w
        .state
        .session
        .cache
        .status(&Resource::ServiceLoad(key))
        .cloned()
        .expect("read");
    assert!(status.error.is_none(), "{:?}", status.error);
    assert!(
        status.fetched_at > Some(now),
        "read again since the failure"
    );
}

/// j scrolls the text below the charts no further than it goes: k comes straight back from the end.
#[tokio::test]
async fn the_metrics_text_scrolls_within_its_length() {
    let mut w = services(3).await;
    w.select_service("web").await;
    w.user(UserAction::Metrics).await;
    w.seconds(2).await;
    for _ in 0..500 {
        w.user(UserAction::Down).await;
    }
    let Screen::Metrics(screen) = w.state.screen().clone() else {
        panic!("the metrics screen");
    };
    let bound = screen.text_bound(&w.state);
    assert!(
        screen.scroll <= bound && bound < 100,
        "{} of {bound}",
        screen.scroll
    );
    w.user(UserAction::Up).await;
    let Screen::Metrics(after) = w.state.screen() else {
        panic!()
    };
    assert_eq!(after.scroll, screen.scroll - 1);
}
