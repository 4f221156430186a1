//! Task scale-in protection on the sandbox, as a user meets it: `P` on a service's task opens the one change
//! dialog, Enter protects it (UpdateTaskProtection through the gate, one audit line), the task rows and the
//! task screen show it, and the scheduler leaves the task running through a scale-in and a deployment until
//! the protection expires, saying so in ECS's words.

mod walk;

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use walk::Walk;
use wharf::app::mutation::SetProtection;
use wharf::app::ServiceScreen;
use wharf::app::{update, Action, AuditOutcome, Effect, Mutation, Overlay, Screen, UserAction};
use wharf::backend::{Backend, ServiceUpdate};
use wharf::model::{DesiredStatus, Suspended, TargetChange, TaskFilter, TaskStatus};

const MINUTE: i64 = 60_000;

fn screen(w: &Walk, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| wharf::ui::draw(f, &w.state, &wharf::ui::Theme::default()))
        .unwrap();
    format!("{}", terminal.backend())
}

/// wharf on the service screen of prod-fargate's api (4 tasks), the first task selected.
async fn on_api() -> (Walk, String, String) {
    let mut w = Walk::new(4, 240_000).await;
    // api scales automatically: its dynamic scaling is suspended, so that a count set here stays.
    let suspend = TargetChange {
        min: None,
        max: None,
        suspended: Some(Suspended::DYNAMIC),
    };
    w.sim
        .with_world(|world| world.register_scalable_target("prod-fargate", "api", &suspend))
        .expect("suspend api's scaling");
    w.keys(":svc prod-fargate\n").await;
    w.select_service("api").await;
    w.keys("\n").await;
    let Screen::Service(ServiceScreen {
        cluster_arn,
        service_arn,
        ..
    }) = w.state.screen().clone()
    else {
        panic!("not on the service screen: {:?}", w.state.screen());
    };
    (w, cluster_arn, service_arn)
}

fn selected_task(w: &Walk) -> String {
    w.state
        .screen()
        .cursor()
        .and_then(|c| c.selected_key.clone())
        .expect("a task selected")
}

/// Enter in the dialog, the effects it made kept.
async fn confirm(w: &mut Walk) -> Vec<Effect> {
    let fx = update(
        &mut w.state,
        Action::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    let kept = fx.clone();
    w.run(fx).await;
    kept
}

async fn running_tasks(w: &Walk, cluster: &str) -> Vec<wharf::model::Task> {
    let filter = TaskFilter {
        service_name: Some("api".into()),
        desired_status: DesiredStatus::Running,
    };
    let arns = w.sim.list_tasks(cluster, &filter).await.unwrap();
    w.sim.describe_tasks(cluster, &arns).await.unwrap().items
}

async fn events(w: &Walk, cluster: &str, service: &str) -> Vec<String> {
    let s = w
        .sim
        .describe_services(cluster, &[service.to_string()])
        .await
        .unwrap();
    s.items[0]
        .events
        .iter()
        .map(|e| e.message.clone())
        .collect()
}

async fn protect_selected(w: &mut Walk) -> (String, Vec<Effect>) {
    let task = selected_task(w);
    w.user(UserAction::Protect).await;
    let Overlay::Dialog(dialog) = &w.state.overlay else {
        panic!("no dialog: {:?}", w.state.flash);
    };
    let short = wharf::model::arn_name(&task).to_string();
    let mutation = dialog
        .mutation(&w.state)
        .expect("complete with 120 minutes");
    assert_eq!(
        mutation.describe().title,
        format!("Protect task {short} from scale-in")
    );
    assert!(matches!(
        &mutation,
        Mutation::SetProtection(SetProtection { minutes: Some(120), task_arns, .. }) if *task_arns == [task.clone()]
    ));
    let fx = confirm(w).await;
    (task, fx)
}

#[tokio::test]
async fn p_protects_a_task_and_scale_in_leaves_it_running_until_it_expires() {
    let (mut w, cluster, service) = on_api().await;
    let (task, fx) = protect_selected(&mut w).await;
    let audits: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Audit(a) => Some(a),
            _ => None,
        })
        .collect();
    assert_eq!(audits.len(), 1, "{fx:?}");
    assert_eq!(audits[0].outcome, AuditOutcome::Attempt);
    assert_eq!(audits[0].action, "set-protection");
    let flash = w.state.flash.clone().unwrap().text;
    assert_eq!(flash, "done: 1 task protected for 2 h");

    // The read after the change shows it: the rows get PROTECTED, the task screen says until when.
    w.seconds(3).await;
    let p = wharf::app::task_protection::of(&w.state, &task).expect("read again");
    assert!(p.holds(w.state.now), "{p:?}");
    let shown = screen(&w, 160, 48);
    assert!(shown.contains("PROTECTED"), "{shown}");
    assert!(
        shown.contains("2h 00m") || shown.contains("1h 59m"),
        "{shown}"
    );
    w.keys("\n").await;
    let shown = screen(&w, 160, 48);
    assert!(shown.contains("scale-in"), "{shown}");
    assert!(shown.contains("protected 1h 5"), "{shown}");
    // Whole at 80 columns too: how long, and until when.
    let narrow = screen(&w, 80, 24);
    let line = narrow.lines().find(|l| l.contains("scale-in")).unwrap();
    let until: String = line
        .split(" → ")
        .nth(1)
        .map(|rest| rest.chars().take(6).collect())
        .unwrap_or_default();
    assert!(
        until.len() == 6
            && until.ends_with(' ')
            && until[..5].chars().all(|c| c == ':' || c.is_ascii_digit()),
        "{narrow}"
    );
    w.keys("\x1b").await;

    // Scale in to nothing: the three others stop; the protected one runs on, and the events say why.
    w.sim
        .update_service(
            &cluster,
            &service,
            &ServiceUpdate {
                desired_count: Some(0),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    w.sim.advance(3 * MINUTE);
    let left = running_tasks(&w, &cluster).await;
    assert_eq!(
        left.iter().map(|t| t.arn.clone()).collect::<Vec<_>>(),
        vec![task.clone()],
        "only the protected task keeps running"
    );
    assert_eq!(left[0].last_status, TaskStatus::Running);
    let said = events(&w, &cluster, &service).await;
    let held = "service api was unable to scale in due to (reason: 1 tasks under protection)";
    assert_eq!(
        said.iter().filter(|m| m.as_str() == held).count(),
        1,
        "said once: {said:?}"
    );

    // Two hours later the protection has expired and scale-in stops it.
    w.sim.advance(120 * MINUTE);
    assert!(running_tasks(&w, &cluster).await.is_empty());
}

#[tokio::test]
async fn a_deployment_leaves_a_protected_task_of_the_old_revision_until_it_expires() {
    let (mut w, cluster, service) = on_api().await;
    let before = w
        .sim
        .describe_services(&cluster, std::slice::from_ref(&service))
        .await
        .unwrap()
        .items[0]
        .task_definition
        .clone();
    let (task, _) = protect_selected(&mut w).await;
    w.sim
        .update_service(
            &cluster,
            &service,
            &ServiceUpdate {
                force_new_deployment: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    w.sim.advance(15 * MINUTE);
    let left = running_tasks(&w, &cluster).await;
    assert!(
        left.iter().any(|t| t.arn == task),
        "the protected task of the old deployment runs on: {left:?}"
    );
    let s = w
        .sim
        .describe_services(&cluster, std::slice::from_ref(&service))
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!(s.task_definition, before);
    assert!(s.is_deploying(), "the deployment waits for it");
    let said = events(&w, &cluster, &service).await;
    assert!(
        said.iter()
            .any(|m| m
                == "service api was unable to scale in due to (reason: 1 tasks under protection)"),
        "{said:?}"
    );
    w.sim.advance(120 * MINUTE);
    let left = running_tasks(&w, &cluster).await;
    assert!(
        left.iter().all(|t| t.arn != task),
        "stopped once it expired"
    );
    let s = w
        .sim
        .describe_services(&cluster, &[service])
        .await
        .unwrap()
        .items
        .remove(0);
    assert!(!s.is_deploying(), "and the deployment completed");
}

#[tokio::test]
async fn minutes_are_checked_unprotect_ends_it_and_read_only_refuses() {
    let (mut w, cluster, _) = on_api().await;
    let task = selected_task(&w);
    // A command's minutes fill the field; a bad number is refused with what to type.
    w.keys(":protect 0\n").await;
    let Overlay::Dialog(dialog) = &w.state.overlay else {
        panic!("no dialog: {:?}", w.state.flash);
    };
    assert_eq!(dialog.text(), "0");
    let why = dialog.mutation(&w.state).unwrap_err();
    assert!(why.contains("1 to 2880"), "{why}");
    let fx = confirm(&mut w).await;
    assert!(!fx.iter().any(|e| matches!(e, Effect::Mutate { .. })));
    assert!(matches!(&w.state.overlay, Overlay::Dialog(_)), "stays open");
    w.keys("\x1b").await;

    w.keys(":protect 30\n").await;
    confirm(&mut w).await;
    w.seconds(3).await;
    let p = wharf::app::task_protection::of(&w.state, &task).unwrap();
    assert!(p.holds(w.state.now));
    let left = p.expires_at.unwrap().since(w.state.now);
    assert!((28 * MINUTE..=30 * MINUTE).contains(&left), "{left}");

    // P on a protected task offers to end it.
    w.user(UserAction::Protect).await;
    let Overlay::Dialog(dialog) = &w.state.overlay else {
        panic!("no dialog");
    };
    assert!(dialog
        .mutation(&w.state)
        .unwrap()
        .describe()
        .title
        .starts_with("End the scale-in protection"));
    w.keys("\x1b").await;
    w.keys(":unprotect\n").await;
    confirm(&mut w).await;
    w.seconds(3).await;
    let got = w
        .sim
        .get_task_protection(&cluster, std::slice::from_ref(&task))
        .await
        .unwrap();
    assert!(!got.items[0].enabled);

    // Read-only: refused at the key, audited, nothing sent.
    w.state.read_only = true;
    let fx = update(&mut w.state, Action::User(UserAction::Protect));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Mutate { .. })));
    assert!(fx.iter().any(
        |e| matches!(e, Effect::Audit(a) if a.outcome == AuditOutcome::Refused && a.targets == [task.clone()])
    ));
    assert!(w
        .state
        .flash
        .clone()
        .unwrap()
        .text
        .contains("protecting tasks is off"));
}

#[tokio::test]
async fn the_sandbox_answers_as_ecs_does() {
    let (w, cluster, _) = on_api().await;
    let task = selected_task(&w);
    let too_long = w
        .sim
        .update_task_protection(&cluster, std::slice::from_ref(&task), Some(2881))
        .await
        .unwrap_err();
    assert!(too_long.to_string().contains("2880"), "{too_long}");
    let unknown = format!("{}0", task);
    let got = w
        .sim
        .update_task_protection(&cluster, &[task.clone(), unknown.clone()], Some(5))
        .await
        .unwrap();
    assert_eq!(got.items.len(), 1);
    assert_eq!(got.failures[0].arn, unknown);
    assert_eq!(got.failures[0].reason, "MISSING");
    // Eleven tasks: two calls, every answer kept.
    let many: Vec<String> = std::iter::repeat_n(task.clone(), 11).collect();
    let got = w.sim.get_task_protection(&cluster, &many).await.unwrap();
    assert_eq!(got.items.len(), 11);
    assert!(got.items.iter().all(|p| p.enabled));
}
