//! Untrusted text through the AWS backend: a local stub answers every ECS, ELBv2 and CloudWatch Logs call
//! wharf makes with hostile text in every string but the identifiers (as another client of the account, an
//! application's log lines or an endpoint's error body could), through the SDK's own parsing and wharf's
//! conversion. Every answer and every error comes out clean; the hostile text shows as placeholders; and
//! walking the screens over it draws no character that could drive the terminal.

mod support;

use std::sync::Arc;

use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use support::hostile_account::*;
use support::stub::{backend, Recorded, Stub};
use wharf::app::{update, Action, State};
use wharf::backend::{Backend, BackendError};
use wharf::model::text::{is_unsafe, PLACEHOLDER};
use wharf::model::{DesiredStatus, LogFrom, LogSearch, Shape, StreamSelector, TaskFilter, Texts};
use wharf::runtime::settle;
use wharf::ui::{self, Theme};

/// Every string `value` holds is clean for its shape; returns how many carry the placeholder.
fn clean_strings<T: Texts>(value: &mut T, what: &str) -> usize {
    let mut marked = 0;
    value.texts(&mut |s, shape| {
        let bad = s
            .chars()
            .any(|c| is_unsafe(c) && !(c == '\n' && shape == Shape::Prose));
        assert!(!bad, "{what}: {s:?}");
        marked += usize::from(s.contains(PLACEHOLDER));
    });
    marked
}

async fn every_read_is_clean(h: &str) {
    let h = h.to_string();
    let respond_with = h.clone();
    let stub = Stub::responding(Arc::new(move |r: &Recorded| {
        answer_with(r, &respond_with, true)
    }))
    .await;
    let aws = backend(&stub.endpoint);
    let arns = |a: &str| vec![a.to_string()];
    let mut marked = 0;
    marked += clean_strings(
        &mut aws
            .describe_clusters(&arns(CLUSTER))
            .await
            .expect("clusters"),
        "clusters",
    );
    marked += clean_strings(
        &mut aws
            .describe_services(CLUSTER, &arns(SERVICE))
            .await
            .expect("services"),
        "services",
    );
    let filter = TaskFilter {
        service_name: None,
        desired_status: DesiredStatus::Running,
    };
    marked += clean_strings(
        &mut aws.list_tasks(CLUSTER, &filter).await.expect("tasks"),
        "task list",
    );
    marked += clean_strings(
        &mut aws
            .describe_tasks(CLUSTER, &[TASK.into(), STOPPED.into()])
            .await
            .expect("tasks"),
        "tasks",
    );
    marked += clean_strings(
        &mut aws.describe_task_definition(TD).await.expect("td"),
        "task definition",
    );
    marked += clean_strings(
        &mut aws
            .describe_container_instances(CLUSTER, &arns(INSTANCE))
            .await
            .expect("instances"),
        "instances",
    );
    marked += clean_strings(
        &mut aws
            .describe_capacity_providers(&arns("asg-provider"))
            .await
            .expect("providers"),
        "providers",
    );
    marked += clean_strings(
        &mut aws
            .list_service_deployments(CLUSTER, SERVICE)
            .await
            .expect("deployments"),
        "deployment list",
    );
    marked += clean_strings(
        &mut aws
            .describe_service_deployments(&arns(DEPLOYMENT))
            .await
            .expect("deployments"),
        "deployments",
    );
    marked += clean_strings(
        &mut aws
            .describe_service_revisions(&arns(REVISION))
            .await
            .expect("revisions"),
        "revisions",
    );
    marked += clean_strings(
        &mut aws.describe_load_balancers(&[]).await.expect("lbs"),
        "load balancers",
    );
    marked += clean_strings(
        &mut aws.describe_target_groups(&[]).await.expect("tgs"),
        "target groups",
    );
    marked += clean_strings(
        &mut aws.describe_target_health(TG).await.expect("health"),
        "target health",
    );
    marked += clean_strings(
        &mut aws.describe_listeners(LB).await.expect("listeners"),
        "listeners",
    );
    marked += clean_strings(
        &mut aws.describe_rules(LISTENER).await.expect("rules"),
        "rules",
    );
    marked += clean_strings(
        &mut aws
            .get_log_events("/ecs/web", "ecs/web/x", &LogFrom::Tail, 100)
            .await
            .expect("log"),
        "log events",
    );
    let search = LogSearch {
        streams: StreamSelector::All,
        pattern: None,
        start: None,
        end: None,
        token: None,
        limit: 100,
    };
    marked += clean_strings(
        &mut aws
            .filter_log_events("/ecs/web", &search)
            .await
            .expect("filter"),
        "filtered log events",
    );
    // An error whose message the endpoint wrote: a write the stub refuses.
    let error = aws
        .stop_task(CLUSTER, TASK, "wharf")
        .await
        .expect_err("the stub refuses StopTask");
    let mut error: BackendError = error;
    marked += clean_strings(&mut error, "error");
    assert!(
        !error.to_string().chars().any(|c| is_unsafe(c) && c != '\n'),
        "{error}"
    );
    // Every read above carries text the stub made hostile, each shown as a placeholder once cleaned.
    // Tabs and line breaks are cleaned into spaces (or kept, in prose), not into placeholders.
    if h.chars()
        .any(|c| is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r'))
    {
        assert!(
            marked >= 40,
            "only {marked} strings carried the hostile text"
        );
    }
}

#[tokio::test]
async fn every_answer_of_the_aws_backend_is_cleaned() {
    every_read_is_clean(" \x1b]0;PWNED\x07 \x1b]52;c;aGk=\x07 \x1b[2J\u{9b}1m\u{202e}\r\n\tend")
        .await;
}

fn frame_is_clean(state: &State, step: &str) -> bool {
    let mut shown = false;
    for (width, height) in [(80u16, 24u16), (160, 48)] {
        let mut state = state.clone();
        update(&mut state, Action::Resize(width, height));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|f| ui::draw_unfiltered(f, &state, &Theme::default()))
            .expect("draw");
        for cell in &terminal.backend().buffer().content {
            let symbol = cell.symbol();
            assert!(
                !symbol.chars().any(is_unsafe),
                "{step} at {width}x{height}: {symbol:?}"
            );
            shown |= symbol.contains(PLACEHOLDER);
        }
    }
    shown
}

/// The screens over the stub: clusters, services, a service and its panes, a task, its logs, a revision,
/// load balancers, and an error; each frame drawn before the last filter.
async fn walk_the_screens(h: &str) {
    let respond_with = h.to_string();
    let stub = Stub::responding(Arc::new(move |r: &Recorded| answer(r, &respond_with))).await;
    let aws = backend(&stub.endpoint);
    let mut state = State::new(aws.info(), aws.now());
    state.size = (160, 48);
    let tick = |state: &mut State| update(state, Action::Tick(aws.now()));
    let fx = tick(&mut state);
    settle(&mut state, &aws, fx).await;
    let mut never_shown = Vec::new();
    // Keys, and whether the hostile text must show (tables of names and identifiers may show none).
    for (keys, must_show) in [
        ("", true),
        ("\n", false),
        ("\n", true),
        ("\t\n", true),
        ("\x1b\t\n", true),
        ("\x1b\t\n", true),
        ("\x1b\tG\n", true),
        ("L", true),
        ("\x1b\x1b\x1b\x1b:td web\n\n", true),
        ("\x1b\x1b:lb\n", true),
        ("\n", false),
        ("\n", true),
        // Refused by the stub: the error's message is the endpoint's.
        ("\x1b\x1b\x1b:instances prod\n", true),
        (":messages\n", true),
    ] {
        for c in keys.chars() {
            let code = match c {
                '\n' => crossterm::event::KeyCode::Enter,
                '\x1b' => crossterm::event::KeyCode::Esc,
                '\t' => crossterm::event::KeyCode::Tab,
                c => crossterm::event::KeyCode::Char(c),
            };
            let key = crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
            let fx = update(&mut state, Action::Key(key));
            settle(&mut state, &aws, fx).await;
        }
        for _ in 0..2 {
            let fx = tick(&mut state);
            settle(&mut state, &aws, fx).await;
        }
        if !frame_is_clean(&state, keys) && must_show {
            never_shown.push(format!("{keys:?}: {:?}", state.screen()));
        }
    }
    assert!(
        never_shown.is_empty(),
        "no hostile text on these screens, so they prove nothing: {never_shown:#?}"
    );
}

#[tokio::test]
async fn the_screens_over_a_hostile_account_draw_clean() {
    walk_the_screens(" \x1b]0;PWNED\x07 \x1b]52;c;aGk=\x07 \x1b[2J\u{9b}1m\u{202e}\r\n\tend").await;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn any_hostile_text_comes_out_clean(h in "[ \\x00-\\x1f\\x7f-\\x{9f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}a-z;\\[\\]]{1,24}") {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(every_read_is_clean(&format!(" {h}")));
    }
}
