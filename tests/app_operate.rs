//! Acting on the account through `update`: each change's dialog, the checks that refuse bad input, the one
//! read-only gate, the audit lines, and what happens when the answer comes, fails or never comes. No terminal.

mod ui_fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use strum::IntoEnumIterator;
use ui_fixtures::*;
use wharf::app::cleanup::{Plan, Scope, Step};
use wharf::app::{
    request, update, Action, AuditEntry, AuditOutcome, DeployTo, Effect, Fetch, FlashLevel,
    Mutation, MutationKind, MutationResult, Overlay, Payload, Resource, RollbackHow, ServiceKey,
    State, Status,
};
use wharf::backend::{BackendError, Described};
use wharf::model::*;

fn on(screen: wharf::app::Screen) -> State {
    let mut state = at(loaded(), vec![services_screen(PROD, 0), screen]);
    update(&mut state, Action::Resize(120, 40));
    state
}

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(state, KeyCode::Char(c)))
        .collect()
}

/// The answer to a read of one service's row (a DescribeServices batch of one).
fn service_read(service: Service, at: Timestamp) -> Action {
    Action::Fetched {
        fetch: Fetch::Services {
            cluster_arn: cluster_arn(PROD),
            arns: vec![service.arn.clone()],
        },
        result: Ok(Payload::Services(Described {
            items: vec![service],
            failures: Vec::new(),
        })),
        at,
        calls: 1,
    }
}

/// The answer to the service screen's read of web, as polling sent it.
fn answer_web_read(state: &mut State) {
    update(state, service_read(web(), now()));
}

/// web's own read: its row in the services table.
fn web_row() -> Resource {
    Resource::Service {
        cluster_arn: cluster_arn(PROD),
        service_arn: web_arn(),
    }
}

fn web_tasks_read() -> Resource {
    Resource::ServiceTasks(ServiceKey {
        cluster_arn: cluster_arn(PROD),
        service_name: "web".into(),
    })
}

fn status<'a>(state: &'a State, resource: &Resource) -> &'a Status {
    state
        .status(resource)
        .unwrap_or_else(|| panic!("{resource:?} was never read"))
}

/// Empty the dialog's field, as a user would with backspace.
fn clear(state: &mut State) {
    for _ in 0..40 {
        press(state, KeyCode::Backspace);
    }
}

fn command(state: &mut State, line: &str) -> Vec<Effect> {
    press(state, KeyCode::Char(':'));
    typed(state, line);
    press(state, KeyCode::Enter)
}

fn mutations(effects: &[Effect]) -> Vec<&Mutation> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Mutate { mutation, .. } => Some(mutation),
            _ => None,
        })
        .collect()
}

fn audits(effects: &[Effect]) -> Vec<&AuditEntry> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Audit(a) => Some(a),
            _ => None,
        })
        .collect()
}

fn notice(state: &State) -> String {
    let d = state.overlay.dialog().expect("the dialog is open");
    d.notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

fn flash(state: &State) -> String {
    state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

fn web_arn() -> String {
    service_arn(PROD, "web")
}

#[test]
fn scaling_from_the_key_asks_confirms_sends_once_and_records_it() {
    let mut state = on(service_screen("web", 0));
    // The screen's own read of the service is in flight: opening the dialog asks for another after it,
    // never two at once, and sends nothing.
    assert!(status(&state, &web_row()).in_flight);
    let effects = typed(&mut state, "+");
    // Only the service's auto scaling is read (what the dialog warns of): nothing of the service.
    let scaling = Fetch::One(wharf::app::Resource::Explore(
        wharf::app::explore::Read::Scaling {
            cluster_arn: cluster_arn(PROD),
            service: "web".into(),
        },
    ));
    assert_eq!(effects, vec![Effect::Fetch(scaling)]);
    assert!(status(&state, &web_row()).refresh_requested);
    press(&mut state, KeyCode::Esc);
    answer_web_read(&mut state);
    let read = state.session.cache.status_mut(&web_row());
    (read.in_flight, read.refresh_requested) = (false, false);
    let effects = typed(&mut state, "+");
    assert_eq!(
        effects,
        vec![Effect::Fetch(Fetch::Services {
            cluster_arn: cluster_arn(PROD),
            arns: vec![web_arn()],
        })],
        "with none in flight, opening the dialog reads the service afresh"
    );
    let dialog = state.overlay.dialog().expect("the dialog opened");
    assert_eq!(
        dialog.text(),
        "",
        "a count is typed, beside the desired count shown"
    );
    clear(&mut state);
    typed(&mut state, "5");
    let effects = press(&mut state, KeyCode::Enter);
    assert!(state.overlay.is_none(), "the dialog closed");
    assert_eq!(
        mutations(&effects),
        vec![&Mutation::Scale(wharf::app::mutation::Scale {
            cluster_arn: cluster_arn(PROD),
            service_arn: web_arn(),
            from: 3,
            to: 5,
            auto: None,
            tracking: None,
            suspend_first: false,
        })]
    );
    let attempt = audits(&effects);
    assert_eq!(attempt.len(), 1);
    assert_eq!(attempt[0].outcome, AuditOutcome::Attempt);
    assert_eq!(attempt[0].action, "scale");
    assert_eq!(
        (attempt[0].from.as_deref(), attempt[0].to.as_deref()),
        (Some("3"), Some("5"))
    );
    assert_eq!(attempt[0].targets, vec![web_arn()]);
    assert_eq!(attempt[0].profile, "prod-admin");
    assert_eq!(attempt[0].account.as_deref(), Some(ACCOUNT));
    let Effect::Mutate { id, .. } = effects
        .iter()
        .find(|e| matches!(e, Effect::Mutate { .. }))
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(state.in_flight.len(), 1, "in progress");
    assert!(
        status(&state, &web_tasks_read()).in_flight,
        "the screen's read of web's tasks is out"
    );
    let effects = update(
        &mut state,
        Action::Mutated {
            id: *id,
            result: MutationResult::Done("web now wants 5 tasks".into()),
            at: now(),
        },
    );
    assert!(state.in_flight.is_empty());
    assert_eq!(audits(&effects)[0].outcome, AuditOutcome::Ok);
    // The dialog's read is still in flight (sent before the change): it is asked for again after it.
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Fetch(Fetch::Services { .. }))),
        "never two reads of one service in flight: {effects:?}"
    );
    assert!(status(&state, &web_row()).refresh_requested);
    // Its tasks are read again too: asked again after the read that is out. The cluster's list of services
    // is not read again: a scale adds or removes no service.
    assert!(
        !effects.contains(&Effect::Fetch(Fetch::One(web_tasks_read()))),
        "never two reads of the tasks in flight: {effects:?}"
    );
    assert!(status(&state, &web_tasks_read()).refresh_requested);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Fetch(Fetch::ServicePage { .. }))),
        "the list is not read again for a scale: {effects:?}"
    );
    assert!(
        flash(&state).contains("web now wants 5 tasks"),
        "{}",
        flash(&state)
    );
}

#[test]
fn every_bad_count_is_refused_with_what_to_type_and_its_audit_line() {
    for (typed_text, says) in [
        ("", "type the desired count, 0 to 5000"),
        ("abc", "\"abc\" is not a number"),
        ("4.5", "is not a number"),
        ("-2", "cannot be negative"),
        ("5001", "above ECS's limit of 5000"),
        ("99999999999999999999999", "above ECS's limit"),
        ("3", "already wants 3 tasks"),
    ] {
        let mut state = on(service_screen("web", 0));
        typed(&mut state, "+");
        clear(&mut state);
        typed(&mut state, typed_text);
        let effects = press(&mut state, KeyCode::Enter);
        assert!(mutations(&effects).is_empty(), "{typed_text}: nothing sent");
        assert!(
            notice(&state).contains(says),
            "{typed_text}: {}",
            notice(&state)
        );
        let refused = audits(&effects);
        assert_eq!(refused.len(), 1, "{typed_text}");
        assert_eq!(refused[0].outcome, AuditOutcome::Refused);
        assert!(
            state.overlay.dialog().is_some(),
            "the dialog stays open to fix it"
        );
    }
}

#[test]
fn scaling_to_zero_or_far_asks_for_a_second_enter() {
    for (to, says) in [
        ("0", "stops every task"),
        ("7", "more than twice"),
        ("1", "less than half"),
    ] {
        let mut state = on(service_screen("web", 0));
        typed(&mut state, "+");
        clear(&mut state);
        typed(&mut state, to);
        let first = press(&mut state, KeyCode::Enter);
        assert!(mutations(&first).is_empty(), "{to}: warned first");
        assert!(notice(&state).contains(says), "{to}: {}", notice(&state));
        let second = press(&mut state, KeyCode::Enter);
        assert_eq!(mutations(&second).len(), 1, "{to}: the second enter sends");
    }
    // Typing after the warning asks again.
    let mut state = on(service_screen("web", 0));
    typed(&mut state, "+");
    clear(&mut state);
    typed(&mut state, "0");
    press(&mut state, KeyCode::Enter);
    press(&mut state, KeyCode::Backspace);
    typed(&mut state, "0");
    assert!(mutations(&press(&mut state, KeyCode::Enter)).is_empty());
}

#[test]
fn esc_cancels_and_nothing_is_sent() {
    let mut state = on(service_screen("web", 0));
    typed(&mut state, "+");
    typed(&mut state, "9");
    let effects = press(&mut state, KeyCode::Esc);
    assert!(effects.is_empty());
    assert!(state.overlay.is_none());
    assert!(flash(&state).contains("nothing changed"));
}

/// One change of each kind, so that a new kind cannot be added without being walked through the gate.
fn sample(kind: MutationKind) -> Mutation {
    let (cluster_arn, service_arn) = (cluster_arn(PROD), web_arn());
    match kind {
        MutationKind::Scale => Mutation::Scale(wharf::app::mutation::Scale {
            cluster_arn,
            service_arn,
            from: 3,
            to: 4,
            auto: None,
            tracking: None,
            suspend_first: false,
        }),
        MutationKind::Autoscale => Mutation::Autoscale(wharf::app::mutation::Autoscale {
            cluster_arn,
            service_arn,
            from: None,
            change: TargetChange {
                min: Some(2),
                max: Some(10),
                suspended: None,
            },
            desired: 3,
        }),
        MutationKind::StopTasks => Mutation::StopTasks(wharf::app::mutation::StopTasks {
            cluster_arn,
            task_arns: vec![task_arn(PROD, RUNNING_TASK)],
            reason: String::new(),
            hidden: 0,
        }),
        MutationKind::Deploy => Mutation::Deploy(wharf::app::mutation::Deploy {
            cluster_arn,
            service_arn,
            from: td_arn("web:42"),
            to: DeployTo::Force,
        }),
        MutationKind::Rollback => Mutation::Rollback(wharf::app::mutation::Rollback {
            cluster_arn,
            service_arn,
            from: td_arn("web:42"),
            how: RollbackHow::ToRevision(td_arn("web:41")),
        }),
        MutationKind::SetInstancesState => {
            Mutation::SetInstancesState(wharf::app::mutation::SetInstancesState {
                cluster_arn,
                instance_arns: vec![format!(
                    "arn:aws:ecs:eu-west-1:123456789012:container-instance/{PROD}/0123456789abcdef"
                )],
                to: wharf::model::ContainerInstanceStatus::Draining,
            })
        }
        MutationKind::ContinueDeployment => {
            Mutation::ContinueDeployment(wharf::app::mutation::ContinueDeployment {
                cluster_arn,
                service_arn,
                deployment_arn:
                    "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/Xq3V".into(),
                hook_id: "hook-1".into(),
                action: wharf::model::HookAction::Continue,
            })
        }
        MutationKind::Exec => Mutation::Exec(wharf::app::mutation::Exec {
            cluster_arn,
            task_arn: task_arn(PROD, RUNNING_TASK),
            containers: vec![wharf::app::mutation::ExecContainer {
                name: "web".into(),
                runtime_id: Some("0123-web".into()),
                agent: Some(wharf::model::ExecAgent {
                    status: "RUNNING".into(),
                    reason: None,
                }),
            }],
            container: "web".into(),
            runtime_id: "0123-web".into(),
            command: "/bin/sh".into(),
            fallback: false,
            picked: None,
        }),
        MutationKind::Forward => Mutation::Forward(wharf::app::mutation::Forward {
            cluster_arn,
            task_arn: task_arn(PROD, RUNNING_TASK),
            spec: wharf::model::ForwardSpec::parse("5432:db.internal:5432").unwrap(),
            container: "web".into(),
            runtime_id: "0123-web".into(),
            picked: None,
        }),
        MutationKind::EnableExec => Mutation::EnableExec(wharf::app::mutation::EnableExec {
            cluster_arn,
            service_arn,
            task_id: RUNNING_TASK.into(),
            running: 3,
        }),
        MutationKind::Cleanup => Mutation::Cleanup(wharf::app::mutation::Cleanup::of(Plan {
            scope: Scope::Service {
                cluster_arn: cluster_arn.clone(),
                service_arn: service_arn.clone(),
            },
            steps: vec![Step::Write(Mutation::DeleteService(
                wharf::app::mutation::DeleteService {
                    cluster_arn,
                    service_arn,
                },
            ))],
            kept: Vec::new(),
        })),
        MutationKind::DeleteService => {
            Mutation::DeleteService(wharf::app::mutation::DeleteService {
                cluster_arn,
                service_arn,
            })
        }
        MutationKind::DeregisterContainerInstance => Mutation::DeregisterContainerInstance(
            wharf::app::mutation::DeregisterContainerInstance {
                cluster_arn,
                instance_arn: "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/abc"
                    .into(),
            },
        ),
        MutationKind::DeleteCluster => {
            Mutation::DeleteCluster(wharf::app::mutation::DeleteCluster { cluster_arn })
        }
        MutationKind::DeleteListener => {
            Mutation::DeleteListener(wharf::app::mutation::DeleteListener {
                arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/1/2"
                    .into(),
            })
        }
        MutationKind::DeleteLoadBalancer => {
            Mutation::DeleteLoadBalancer(wharf::app::mutation::DeleteLoadBalancer {
                arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1"
                    .into(),
            })
        }
        MutationKind::DeleteTargetGroup => {
            Mutation::DeleteTargetGroup(wharf::app::mutation::DeleteTargetGroup {
                arn: tg_arn(WEB_TG.0, WEB_TG.1),
            })
        }
        MutationKind::DeregisterTaskDefinition => {
            Mutation::DeregisterTaskDefinition(wharf::app::mutation::DeregisterTaskDefinition {
                arn: td_arn("web:41"),
            })
        }
        MutationKind::DeleteTaskDefinitions => {
            Mutation::DeleteTaskDefinitions(wharf::app::mutation::DeleteTaskDefinitions {
                arns: vec![td_arn("web:41")],
            })
        }
        MutationKind::SetProtection => {
            Mutation::SetProtection(wharf::app::mutation::SetProtection {
                cluster_arn,
                task_arns: vec![task_arn(PROD, RUNNING_TASK)],
                minutes: Some(120),
                now: "not protected".into(),
                hidden: 0,
            })
        }
    }
}

#[test]
fn read_only_lets_no_change_of_any_kind_through() {
    for kind in MutationKind::iter() {
        let mut state = on(service_screen("web", 0));
        state.read_only = true;
        let effects = request(&mut state, sample(kind));
        assert!(mutations(&effects).is_empty(), "{kind:?} got through");
        assert_eq!(
            audits(&effects)[0].outcome,
            AuditOutcome::Refused,
            "{kind:?}"
        );
        assert!(
            flash(&state).starts_with("read-only (profile prod-admin): "),
            "{kind:?}: {}",
            flash(&state)
        );
        // And the same change goes through when not read-only.
        state.read_only = false;
        assert_eq!(
            mutations(&request(&mut state, sample(kind))).len(),
            1,
            "{kind:?}"
        );
    }
}

#[test]
fn read_only_answers_the_key_and_opens_nothing() {
    for (key, activity) in [
        ('+', "scaling is off"),
        ('x', "stopping tasks is off"),
        ('d', "deploying is off"),
        ('i', "deploying is off"),
        ('F', "deploying is off"),
        ('R', "rolling back is off"),
    ] {
        let mut state = on(service_screen("web", 0));
        state.read_only = true;
        let effects = typed(&mut state, &key.to_string());
        assert!(state.overlay.is_none(), "{key}: no dialog");
        assert_eq!(
            flash(&state),
            format!("read-only (profile prod-admin): {activity}")
        );
        assert_eq!(audits(&effects)[0].outcome, AuditOutcome::Refused);
        assert!(mutations(&effects).is_empty());
    }
    let mut state = on(service_screen("web", 0));
    state.read_only = true;
    let effects = command(&mut state, "scale 5");
    assert!(state.overlay.is_none() && mutations(&effects).is_empty());
    assert!(flash(&state).contains("scaling is off"));
}

#[test]
fn stopping_marked_tasks_lists_the_hidden_ones_and_carries_the_reason() {
    let mut state = on(service_screen("web", 0));
    // Mark the first two rows, then filter so that one of them is hidden.
    press(&mut state, KeyCode::Char(' '));
    press(&mut state, KeyCode::Char(' '));
    let marked = state.screen().cursor().unwrap().marks.clone();
    assert_eq!(marked.len(), 2);
    let keep = wharf::model::arn_name(marked.iter().next().unwrap()).to_string();
    press(&mut state, KeyCode::Char('/'));
    typed(&mut state, &keep[..8]);
    press(&mut state, KeyCode::Enter);
    typed(&mut state, "x");
    let Some(Mutation::StopTasks(wharf::app::mutation::StopTasks {
        task_arns, hidden, ..
    })) = state.overlay.dialog().map(|d| d.draft.clone())
    else {
        panic!("the stop dialog opened: {:?}", state.overlay)
    };
    assert_eq!(task_arns.len(), 2, "both marked tasks, the hidden one too");
    assert_eq!(hidden, 1);
    let screen = render(&state, 120, 40);
    assert!(
        screen.contains("2 targets, 1 of them hidden by the filter"),
        "{screen}"
    );
    typed(&mut state, "bad deploy");
    let effects = press(&mut state, KeyCode::Enter);
    let sent = mutations(&effects);
    assert!(
        matches!(sent.as_slice(), [Mutation::StopTasks(wharf::app::mutation::StopTasks { reason, task_arns, .. })] if reason == "bad deploy" && task_arns.len() == 2),
        "{sent:?}"
    );
}

#[test]
fn a_task_already_stopped_is_refused() {
    let mut state = on(task_screen("web", OOM_TASK));
    let effects = typed(&mut state, "x");
    assert!(effects.is_empty());
    assert!(state.overlay.is_none(), "said at once, no dialog");
    assert!(
        flash(&state).contains("already stopped"),
        "{}",
        flash(&state)
    );
    // A running one goes.
    let mut state = on(task_screen("web", RUNNING_TASK));
    typed(&mut state, "x");
    assert_eq!(mutations(&press(&mut state, KeyCode::Enter)).len(), 1);
}

#[test]
fn a_reason_too_long_is_refused() {
    let mut state = on(task_screen("web", RUNNING_TASK));
    typed(&mut state, "x");
    typed(&mut state, &"r".repeat(300));
    assert!(mutations(&press(&mut state, KeyCode::Enter)).is_empty());
    assert!(notice(&state).contains("at most 255"), "{}", notice(&state));
}

fn revisions(state: &mut State, family: &str, revs: &[u32]) {
    let tds = revs
        .iter()
        .map(|r| {
            let mut td = web_task_definition();
            td.arn = td_arn(&format!("{family}:{r}"));
            td.revision = *r;
            td.containers[0].image = format!("registry/web:v{r}");
            td
        })
        .collect();
    update(
        state,
        Action::loaded(
            Resource::Revisions {
                family: family.into(),
            },
            Ok(Payload::Revisions(tds)),
            now(),
        ),
    );
}

#[test]
fn deploying_a_revision_reads_the_family_and_sends_the_chosen_one() {
    let mut state = on(service_screen("web", 0));
    let effects = typed(&mut state, "d");
    assert_eq!(
        effects,
        vec![Effect::Fetch(Fetch::One(Resource::Revisions {
            family: "web".into()
        }))]
    );
    let early = press(&mut state, KeyCode::Enter);
    assert!(mutations(&early).is_empty());
    assert!(
        notice(&state).contains("reading the revisions of web"),
        "{}",
        notice(&state)
    );
    revisions(&mut state, "web", &[43, 42, 41]);
    let screen = render(&state, 120, 40);
    assert!(
        screen.contains("web:42") && screen.contains("running now"),
        "{screen}"
    );
    assert!(screen.contains("differs in image"), "{screen}");
    // j moves to web:42, the running one: refused.
    press(&mut state, KeyCode::Char('j'));
    assert!(mutations(&press(&mut state, KeyCode::Enter)).is_empty());
    assert!(notice(&state).contains("running now"), "{}", notice(&state));
    press(&mut state, KeyCode::Char('k'));
    let sent = press(&mut state, KeyCode::Enter);
    assert_eq!(
        mutations(&sent),
        vec![&Mutation::Deploy(wharf::app::mutation::Deploy {
            cluster_arn: cluster_arn(PROD),
            service_arn: web_arn(),
            from: td_arn("web:42"),
            to: DeployTo::Revision(td_arn("web:43")),
        })]
    );
}

#[test]
fn changing_an_image_checks_the_reference() {
    for (line, says) in [
        ("deploy --image web=nginx 1.27", "no spaces"),
        ("deploy --image web=Nginx:1.27", "must be lowercase"),
        ("deploy --image web=nginx:", "tag after ':' is empty"),
        ("deploy --image nope=nginx:1", "no container named \"nope\""),
    ] {
        let mut state = on(service_screen("web", 0));
        command(&mut state, line);
        let effects = press(&mut state, KeyCode::Enter);
        assert!(mutations(&effects).is_empty(), "{line}");
        assert!(notice(&state).contains(says), "{line}: {}", notice(&state));
    }
    // Another tag of the same repository goes at once.
    let same = format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:broken");
    let mut state = on(service_screen("web", 0));
    command(&mut state, &format!("deploy --image web={same}"));
    let sent = press(&mut state, KeyCode::Enter);
    assert!(
        matches!(mutations(&sent).as_slice(), [Mutation::Deploy(wharf::app::mutation::Deploy { to: DeployTo::Image { container, image, .. }, .. })] if container == "web" && *image == same),
        "{sent:?}"
    );
    // Another repository (a typo, someone else's image) asks for a second Enter.
    let mut state = on(service_screen("web", 0));
    command(&mut state, "deploy --image web=nx:1");
    assert!(mutations(&press(&mut state, KeyCode::Enter)).is_empty());
    assert!(
        notice(&state).contains(&format!(
            "the repository changes from {ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web to nx"
        )),
        "{}",
        notice(&state)
    );
    assert_eq!(mutations(&press(&mut state, KeyCode::Enter)).len(), 1);
}

#[test]
fn rollback_stops_a_deployment_in_progress_or_goes_to_the_revision_before() {
    // checkout is mid-deployment: stop it with rollback, back to checkout:57.
    let mut state = on(service_screen("checkout", 0));
    typed(&mut state, "R");
    let sent = press(&mut state, KeyCode::Enter);
    assert_eq!(
        mutations(&sent),
        vec![&Mutation::Rollback(wharf::app::mutation::Rollback {
            cluster_arn: cluster_arn(PROD),
            service_arn: service_arn(PROD, "checkout"),
            from: td_arn("checkout:58"),
            how: RollbackHow::StopDeployment {
                deployment_id: "ecs-svc/1029384756102938475".into(),
                to: td_arn("checkout:57"),
                started: ago(240),
            },
        })]
    );
    // web is steady: the newest ACTIVE revision older than web:42.
    let mut state = on(service_screen("web", 0));
    typed(&mut state, "R");
    revisions(&mut state, "web", &[43, 42, 40]);
    let screen = render(&state, 120, 40);
    assert!(screen.contains("web:42 → web:40"), "{screen}");
    let sent = press(&mut state, KeyCode::Enter);
    assert!(
        matches!(mutations(&sent).as_slice(), [Mutation::Rollback(wharf::app::mutation::Rollback { how: RollbackHow::ToRevision(to), .. })] if *to == td_arn("web:40"))
    );
    // Nothing older: said, nothing sent.
    let mut state = on(service_screen("web", 0));
    typed(&mut state, "R");
    revisions(&mut state, "web", &[43, 42]);
    assert!(mutations(&press(&mut state, KeyCode::Enter)).is_empty());
    assert!(notice(&state).contains("no ACTIVE revision of web older than web:42"));
}

#[test]
fn a_service_being_deleted_cannot_be_changed() {
    let mut state = on(service_screen("web", 0));
    if let Some(list) = state.session.cache.services.get_mut(&cluster_arn(PROD)) {
        list.data.as_mut().unwrap().edit_rows(|rows| {
            for s in rows {
                s.status = ServiceStatus::Draining;
            }
        });
    }
    typed(&mut state, "F");
    let effects = press(&mut state, KeyCode::Enter);
    assert!(mutations(&effects).is_empty());
    assert!(
        notice(&state).contains("web is DRAINING"),
        "{}",
        notice(&state)
    );
}

fn sent_id(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Mutate { id, .. } => Some(*id),
            _ => None,
        })
        .expect("a change was sent")
}

fn scaled_web_to(state: &mut State, to: u32) -> u64 {
    let m = Mutation::Scale(wharf::app::mutation::Scale {
        cluster_arn: cluster_arn(PROD),
        service_arn: web_arn(),
        from: 3,
        to,
        auto: None,
        tracking: None,
        suspend_first: false,
    });
    sent_id(&request(state, m))
}

fn web_read(state: &mut State, desired: u32, at: Timestamp) -> Vec<Effect> {
    let mut service = web();
    service.desired_count = desired;
    update(state, service_read(service, at))
}

#[test]
fn a_lost_answer_is_unknown_until_a_fresh_read_settles_it() {
    let timed_out = || BackendError::TimedOut {
        action: "the change".into(),
        seconds: 60,
    };
    for (desired_seen, done) in [(5, true), (3, false)] {
        let mut state = on(service_screen("web", 0));
        let id = scaled_web_to(&mut state, 5);
        let lost = now().plus_millis(60_000);
        let effects = update(
            &mut state,
            Action::Mutated {
                id,
                result: MutationResult::Unknown(timed_out()),
                at: lost,
            },
        );
        assert!(
            flash(&state).starts_with("unknown, checking"),
            "{}",
            flash(&state)
        );
        assert_eq!(audits(&effects)[0].outcome, AuditOutcome::Unknown);
        assert_eq!(state.in_flight.len(), 1, "not settled yet");
        // A read answered before the change was lost settles nothing.
        web_read(&mut state, desired_seen, lost.plus_millis(-1));
        assert_eq!(state.in_flight.len(), 1);
        let effects = web_read(&mut state, desired_seen, lost.plus_millis(2_000));
        assert!(state.in_flight.is_empty(), "settled");
        let settled = audits(&effects);
        assert_eq!(
            settled[0].outcome,
            if done {
                AuditOutcome::Ok
            } else {
                AuditOutcome::Error
            }
        );
        let says = if done {
            "done (checked by a fresh read)"
        } else {
            "not done (checked by a fresh read)"
        };
        assert!(flash(&state).contains(says), "{}", flash(&state));
    }
}

#[test]
fn a_refused_change_says_why_and_what_to_do() {
    let mut state = on(service_screen("web", 0));
    let id = scaled_web_to(&mut state, 5);
    let effects = update(
        &mut state,
        Action::Mutated {
            id,
            result: MutationResult::Failed(BackendError::Api {
                code: "ServiceNotActiveException".into(),
                message: "Service was not ACTIVE.".into(),
            }),
            at: now(),
        },
    );
    let f = state.flash.clone().unwrap();
    assert_eq!(f.level, FlashLevel::Error);
    assert!(
        f.text
            .contains("ServiceNotActiveException: Service was not ACTIVE."),
        "{}",
        f.text
    );
    assert!(f.text.contains("deleted meanwhile"), "{}", f.text);
    let line = audits(&effects)[0];
    assert_eq!(line.outcome, AuditOutcome::Error);
    assert!(line
        .message
        .as_deref()
        .unwrap()
        .contains("Service was not ACTIVE"));
}

#[test]
fn commands_act_on_what_is_on_screen() {
    let mut state = on(service_screen("web", 0));
    command(&mut state, "scale 6");
    assert_eq!(state.overlay.dialog().unwrap().text(), "6");
    let sent = press(&mut state, KeyCode::Enter);
    assert!(matches!(
        mutations(&sent).as_slice(),
        [Mutation::Scale(wharf::app::mutation::Scale { to: 6, .. })]
    ));

    let mut state = on(service_screen("web", 0));
    command(&mut state, "deploy --force");
    assert!(matches!(
        mutations(&press(&mut state, KeyCode::Enter)).as_slice(),
        [Mutation::Deploy(wharf::app::mutation::Deploy {
            to: DeployTo::Force,
            ..
        })]
    ));

    let mut state = on(service_screen("web", 0));
    command(&mut state, "deploy --sideways");
    assert!(
        flash(&state).contains(":deploy --image CONTAINER=IMAGE"),
        "{}",
        flash(&state)
    );

    // On the clusters screen there is no service to scale.
    let mut state = at(loaded(), vec![]);
    command(&mut state, "scale 4");
    assert!(state.overlay.is_none());
    assert!(
        flash(&state).contains("Scaling works on a service"),
        "{}",
        flash(&state)
    );
}

#[test]
fn audit_shows_the_latest_lines() {
    let mut state = on(service_screen("web", 0));
    let effects = command(&mut state, "audit");
    assert_eq!(effects, vec![Effect::ReadAudit]);
    let entry = AuditEntry::of(
        &state,
        Some(1),
        &sample(MutationKind::Scale),
        AuditOutcome::Ok,
        Some("web now wants 4 tasks".into()),
    );
    update(
        &mut state,
        Action::AuditRead {
            path: "/tmp/audit.jsonl".into(),
            result: Ok(vec![
                serde_json::to_string(&entry).unwrap(),
                "not json".into(),
            ]),
        },
    );
    let screen = render(&state, 120, 40);
    assert!(
        screen.contains("Audit log") && screen.contains("/tmp/audit.jsonl"),
        "{screen}"
    );
    assert!(
        screen.contains("ok") && screen.contains("scale web") && screen.contains("3 → 4"),
        "{screen}"
    );
    assert!(screen.contains("not json"));
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.overlay, Overlay::None));
}

#[test]
fn audit_lines_hold_no_credentials() {
    let mut state = on(service_screen("web", 0));
    state.session.info.endpoint = Some("http://AKIDEXAMPLE:wJalrXUtnFEMI@127.0.0.1:4566".into());
    let effects = request(&mut state, sample(MutationKind::Scale));
    let json = serde_json::to_string(audits(&effects)[0]).unwrap();
    assert!(
        !json.contains("AKIDEXAMPLE") && !json.contains("wJalrXUtnFEMI"),
        "{json}"
    );
    assert!(json.contains("http://127.0.0.1:4566"), "{json}");
}

#[test]
fn the_image_field_fills_in_once_the_revision_is_described() {
    let mut state = on(service_screen("web", 0));
    state.session.cache.task_definitions.clear();
    let effects = typed(&mut state, "i");
    let definition = Resource::TaskDefinition {
        arn: td_arn("web:42"),
    };
    assert_eq!(effects, vec![Effect::Fetch(Fetch::One(definition.clone()))]);
    assert_eq!(state.overlay.dialog().unwrap().text(), "");
    update(
        &mut state,
        Action::loaded(
            definition,
            Ok(Payload::TaskDefinition(Box::new(web_task_definition()))),
            now(),
        ),
    );
    let image = &web_task_definition().containers[0].image;
    assert_eq!(
        state.overlay.dialog().unwrap().text(),
        format!("web={image}")
    );
}

#[test]
fn quitting_with_a_change_in_flight_asks_first_and_records_it_as_unknown() {
    let mut state = on(service_screen("web", 0));
    scaled_web_to(&mut state, 5);
    let first = typed(&mut state, "q");
    assert!(!state.should_quit, "asked first");
    assert!(first.is_empty());
    assert!(
        flash(&state).contains("has no answer yet; quit again"),
        "{}",
        flash(&state)
    );
    let second = typed(&mut state, "q");
    assert!(state.should_quit);
    let lines = audits(&second);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].outcome, AuditOutcome::Unknown);
    // A signal does not ask.
    let mut state = on(service_screen("web", 0));
    scaled_web_to(&mut state, 5);
    let effects = update(&mut state, Action::Terminate);
    assert!(state.should_quit);
    assert_eq!(audits(&effects)[0].outcome, AuditOutcome::Unknown);
    // Nothing in flight: q quits at once.
    let mut state = on(service_screen("web", 0));
    typed(&mut state, "q");
    assert!(state.should_quit);
}

#[test]
fn switching_profile_waits_for_a_change_in_flight() {
    let mut state = on(service_screen("web", 0));
    scaled_web_to(&mut state, 5);
    let effects = command(&mut state, "profile staging");
    assert!(!effects.iter().any(|e| matches!(e, Effect::Connect { .. })));
    assert!(
        flash(&state).contains("still waiting for its answer"),
        "{}",
        flash(&state)
    );
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small_but_leaving() {
    let mut state = on(service_screen("web", 0));
    typed(&mut state, "+7");
    update(&mut state, Action::Resize(40, 10));
    // Enter would confirm a dialog nobody can read.
    assert!(mutations(&press(&mut state, KeyCode::Enter)).is_empty());
    assert!(state.overlay.dialog().is_some());
    press(&mut state, KeyCode::Esc);
    assert!(state.overlay.is_none(), "Esc still closes it");
}

#[test]
fn a_paste_goes_into_the_field_and_never_acts() {
    let mut state = on(service_screen("web", 0));
    // With nothing open, a paste does nothing (it would otherwise run `i`, `x`... as keys).
    let effects = update(&mut state, Action::Paste("web=nginx:1\n".into()));
    assert!(effects.is_empty() && state.overlay.is_none());
    assert!(flash(&state).contains("nothing was done"));
    typed(&mut state, "i");
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    update(&mut state, Action::Paste("web=nginx:1.27\n".into()));
    assert_eq!(state.overlay.dialog().unwrap().text(), "web=nginx:1.27");
}

#[test]
fn ctrl_u_clears_a_field() {
    let mut state = on(service_screen("web", 0));
    typed(&mut state, "+123");
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    assert_eq!(state.overlay.dialog().unwrap().text(), "");
}

#[test]
fn a_rollback_goes_back_to_the_revision_this_service_ran_before() {
    let mut state = on(service_screen("web", 0));
    // Seen running web:40, then web:42; web:41 (another service's, say) is newer than web:40.
    for td in ["web:40", "web:42"] {
        let mut s = web();
        s.task_definition = td_arn(td);
        update(&mut state, service_read(s, now()));
    }
    typed(&mut state, "R");
    revisions(&mut state, "web", &[42, 41, 40]);
    let sent = press(&mut state, KeyCode::Enter);
    assert!(
        matches!(mutations(&sent).as_slice(), [Mutation::Rollback(wharf::app::mutation::Rollback { how: RollbackHow::ToRevision(to), .. })] if *to == td_arn("web:40")),
        "{sent:?}"
    );
}

#[test]
fn refusals_name_their_targets_in_the_audit_log() {
    let mut state = on(service_screen("web", 0));
    state.read_only = true;
    let effects = typed(&mut state, "+");
    assert_eq!(audits(&effects)[0].targets, vec![web_arn()]);
    let mut state = on(service_screen("web", 0));
    typed(&mut state, "+abc");
    let effects = press(&mut state, KeyCode::Enter);
    assert_eq!(audits(&effects)[0].targets, vec![web_arn()]);
}
