//! ECS Exec on the sandbox, through `update`: the dialog, every precondition checked before anything is
//! sent, the read-only refusal, and turning ECS Exec on for a service (a new deployment replaces its tasks).
//! The session itself (the plugin with the terminal) is the runtime's: `runtime::exec`'s tests.

mod faulty;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use faulty::driver::Driver;
use wharf::app::mutation::Mutation;
use wharf::app::{update, Action, AuditOutcome, Effect, Overlay};
use wharf::backend::Backend;
use wharf::model::{SessionPlugin, TaskStatus};

fn plugin() -> Option<Result<SessionPlugin, String>> {
    Some(Ok(SessionPlugin {
        path: "/usr/local/bin/session-manager-plugin".into(),
        version: "1.2.650.0".into(),
    }))
}

/// Enter, without running what it asks for: the effects as the runtime would get them.
fn enter(d: &mut Driver) -> Vec<Effect> {
    update(
        &mut d.state,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    )
}

fn exec_sent(effects: &[Effect]) -> Option<&wharf::app::mutation::Exec> {
    effects.iter().find_map(|e| match e {
        Effect::Mutate {
            mutation: Mutation::Exec(exec),
            ..
        } => Some(exec),
        _ => None,
    })
}

fn dialog_says(d: &Driver) -> String {
    match &d.state.overlay {
        Overlay::Dialog(dialog) => match dialog.mutation(&d.state) {
            Ok(m) => m.summary(),
            Err(why) => why,
        },
        other => format!("no dialog: {other:?} · {}", d.flash()),
    }
}

#[tokio::test]
async fn a_shell_in_a_running_task_opens_after_one_enter_with_its_container_and_the_shell() {
    let mut d = Driver::new(3).await;
    d.state.session_plugin = plugin();
    d.open_service("prod-fargate", "api").await;
    d.seconds(5).await;
    d.keys("e").await;
    assert!(
        matches!(&d.state.overlay, Overlay::Dialog(dl) if matches!(dl.draft, Mutation::Exec(_))),
        "{}",
        dialog_says(&d)
    );
    let effects = enter(&mut d);
    let exec = exec_sent(&effects).unwrap_or_else(|| panic!("nothing sent: {effects:?}"));
    assert_eq!(exec.command, "/bin/sh");
    assert!(!exec.runtime_id.is_empty());
    let audit = effects.iter().find_map(|e| match e {
        Effect::Audit(a) => Some(a),
        _ => None,
    });
    assert_eq!(
        audit.and_then(|a| a.to.clone()).as_deref(),
        Some(format!("/bin/sh in container {}", exec.container).as_str())
    );
    assert_eq!(exec.container, exec.containers[0].name);
    // The attempt is in the audit log before the session opens.
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Audit(a) if a.action == "exec" && a.outcome == AuditOutcome::Attempt)),
        "{effects:?}"
    );
}

#[tokio::test]
async fn exec_names_a_container_and_a_command() {
    let mut d = Driver::new(3).await;
    d.state.session_plugin = plugin();
    d.open_service("prod-fargate", "api").await;
    d.seconds(5).await;
    d.command("exec nosuch").await;
    assert!(
        d.flash().contains("has no container nosuch"),
        "{}",
        d.flash()
    );
    // `--` inside a name is part of the name.
    d.command("exec my--app").await;
    assert!(
        d.flash().contains("has no container my--app"),
        "{}",
        d.flash()
    );
    d.command("exec -- cat /etc/hostname").await;
    let effects = enter(&mut d);
    let exec = exec_sent(&effects).unwrap_or_else(|| panic!("{}", dialog_says(&d)));
    assert_eq!(exec.command, "cat /etc/hostname");
}

#[tokio::test]
async fn nothing_is_sent_while_the_plugin_is_missing_and_the_dialog_says_how_to_install_it() {
    let mut d = Driver::new(3).await;
    d.state.session_plugin = Some(Err(
        "session-manager-plugin is not installed (not on PATH)".into()
    ));
    d.open_service("prod-fargate", "api").await;
    d.seconds(5).await;
    // The sandbox's shell is wharf's own: it needs no plugin.
    d.keys("e").await;
    let effects = enter(&mut d);
    assert!(exec_sent(&effects).is_some(), "{}", dialog_says(&d));
    // Anywhere else, the plugin carries the session.
    d.state.session.info.profile = "prod".into();
    d.state.session.info.simulated = false;
    d.keys("e").await;
    let effects = enter(&mut d);
    assert!(exec_sent(&effects).is_none(), "{effects:?}");
    let said = dialog_says(&d);
    assert!(said.contains("not installed"), "{said}");
    assert!(
        said.contains("install the AWS Session Manager plugin"),
        "{said}"
    );
}

#[tokio::test]
async fn an_agent_that_is_not_running_is_said_with_its_status_and_nothing_is_sent() {
    let mut d = Driver::new(3).await;
    d.state.session_plugin = plugin();
    d.open_service("prod-fargate", "api").await;
    d.seconds(5).await;
    d.keys("e").await;
    // The agent stops between the list's read and Enter: the task's fresh read is what counts.
    let Overlay::Dialog(dialog) = &d.state.overlay else {
        panic!("no dialog: {}", d.flash());
    };
    let Mutation::Exec(exec) = &dialog.draft else {
        panic!("{:?}", dialog.draft);
    };
    let task_arn = exec.task_arn.clone();
    let mut task = d
        .backend
        .sim
        .describe_tasks("prod-fargate", std::slice::from_ref(&task_arn))
        .await
        .unwrap()
        .items
        .remove(0);
    for c in &mut task.containers {
        if let Some(agent) = &mut c.exec_agent {
            agent.status = "STOPPED".into();
            agent.reason = Some("agent lost its connection".into());
        }
    }
    let now = d.state.now;
    d.state
        .session
        .cache
        .task
        .insert(task_arn, wharf::app::Loadable::loaded(task, now));
    let effects = enter(&mut d);
    assert!(exec_sent(&effects).is_none(), "{effects:?}");
    let said = dialog_says(&d);
    assert!(said.contains("agent of container"), "{said}");
    assert!(
        said.contains("STOPPED (agent lost its connection)"),
        "{said}"
    );
}

#[tokio::test]
async fn read_only_refuses_a_shell() {
    let mut d = Driver::new(3).await;
    d.state.session_plugin = plugin();
    d.state.read_only = true;
    d.open_service("prod-fargate", "api").await;
    d.seconds(5).await;
    d.keys("e").await;
    assert!(!matches!(d.state.overlay, Overlay::Dialog(_)));
    assert!(d.flash().contains("read-only"), "{}", d.flash());
    assert!(d.flash().contains("ECS Exec"), "{}", d.flash());
    assert_eq!(d.outcomes("exec"), vec![AuditOutcome::Refused]);
}

#[tokio::test]
async fn a_task_started_without_ecs_exec_offers_to_turn_it_on_and_the_new_tasks_have_it() {
    let mut d = Driver::new(3).await;
    d.open_service("prod-fargate", "checkout").await;
    d.seconds(5).await;
    d.keys("e").await;
    let Overlay::Dialog(dialog) = &d.state.overlay else {
        panic!("no dialog: {}", d.flash());
    };
    assert!(
        matches!(dialog.draft, Mutation::EnableExec(_)),
        "{:?}",
        dialog.draft
    );
    // A warning first (every task is replaced), then the change.
    d.keys("\n").await;
    let Overlay::Dialog(dialog) = &d.state.overlay else {
        panic!("the dialog closed: {}", d.flash());
    };
    let notice = dialog
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(
        notice.contains("every task of checkout is replaced"),
        "{notice}"
    );
    d.keys("\n").await;
    assert!(d.flash().contains("ECS Exec on"), "{}", d.flash());
    assert_eq!(
        d.outcomes("enable-exec"),
        vec![AuditOutcome::Attempt, AuditOutcome::Ok]
    );
    assert!(
        d.service("prod-fargate", "checkout")
            .await
            .enable_execute_command
    );
    // A task started before that still has ECS Exec off: said, with what to do, and no dialog.
    d.keys("e").await;
    assert!(
        !matches!(d.state.overlay, Overlay::Dialog(_)),
        "{}",
        dialog_says(&d)
    );
    assert!(
        d.flash()
            .contains("was started before ECS Exec was turned on for checkout"),
        "{}",
        d.flash()
    );
    d.seconds(240).await;
    let checkout = d.service("prod-fargate", "checkout").await;
    let arns = d
        .backend
        .sim
        .list_tasks(
            "prod-fargate",
            &wharf::model::TaskFilter {
                service_name: Some("checkout".into()),
                desired_status: wharf::model::DesiredStatus::Running,
            },
        )
        .await
        .unwrap();
    let tasks = d
        .backend
        .sim
        .describe_tasks("prod-fargate", &arns)
        .await
        .unwrap()
        .items;
    let running: Vec<_> = tasks
        .iter()
        .filter(|t| t.last_status == TaskStatus::Running)
        .collect();
    assert_eq!(running.len() as u32, checkout.desired_count, "{tasks:?}");
    for t in running {
        assert!(t.enable_execute_command, "{} has ECS Exec off", t.arn);
        assert!(t
            .containers
            .iter()
            .all(|c| c.exec_agent.as_ref().is_some_and(|a| a.is_running())));
    }
}

#[tokio::test]
async fn a_configured_shell_falls_back_to_bin_sh_in_one_call() {
    let mut d = Driver::new(3).await;
    d.state.session_plugin = plugin();
    d.state.exec_shell = "/bin/bash".into();
    d.open_service("prod-fargate", "api").await;
    d.seconds(5).await;
    d.keys("e").await;
    assert!(
        dialog_says(&d).contains("/bin/bash (else /bin/sh)"),
        "{}",
        dialog_says(&d)
    );
    let effects = enter(&mut d);
    let exec = exec_sent(&effects).unwrap_or_else(|| panic!("{}", dialog_says(&d)));
    assert_eq!(
        exec.sent_command(),
        "/bin/sh -c '[ -x /bin/bash ] && exec /bin/bash || exec /bin/sh'"
    );
    // A command typed is sent as typed.
    d.command("exec -- ls -la /app").await;
    let effects = enter(&mut d);
    assert_eq!(exec_sent(&effects).unwrap().sent_command(), "ls -la /app");
}
