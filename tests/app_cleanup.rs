//! The cleanup's plan, made from fresh reads: what it deletes, in AWS's order, and what it leaves alone
//! because another service uses it. And its dialog and progress, drawn at 80x24 and 160x48.

mod ui_fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ui_fixtures::*;
use wharf::app::cleanup::{plan, Inputs, Scope, Step};
use wharf::app::{update, Action, Effect, Mutation, Overlay, State};
use wharf::model::*;

fn listener(lb: &str, id: &str, port: u16, default: &str) -> Listener {
    Listener {
        arn: format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/{lb}/50dc6c495c0c9188/{id}"),
        load_balancer_arn: lb_arn(lb),
        port,
        protocol: "HTTP".into(),
        default_target_groups: vec![default.to_string()],
        ..Default::default()
    }
}

fn lb_arn(name: &str) -> String {
    format!(
        "arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/{name}/50dc6c495c0c9188"
    )
}

fn revision(family: &str, rev: u32, status: &str) -> TaskDefinition {
    TaskDefinition {
        arn: td_arn(&format!("{family}:{rev}")),
        family: family.into(),
        revision: rev,
        status: status.into(),
        ..TaskDefinition::default()
    }
}

/// prod-fargate's services; web's target group behind its own ALB, checkout's behind a shared one.
fn inputs() -> Inputs {
    let web_tg = tg_arn(WEB_TG.0, WEB_TG.1);
    let checkout_tg = tg_arn(CHECKOUT_TG.0, CHECKOUT_TG.1);
    let other_tg = tg_arn("billing-tg", "0000000000000000");
    let mut billing = web();
    billing.name = "billing".into();
    billing.arn = service_arn("prod-ec2", "billing");
    billing.cluster_arn = cluster_arn("prod-ec2");
    billing.task_definition = td_arn("billing:3");
    billing.deployments.clear();
    billing.load_balancers[0].target_group_arn = other_tg.clone();
    let mut revisions: Vec<TaskDefinition> =
        (30..=42).map(|r| revision("web", r, "ACTIVE")).collect();
    revisions.extend((1..=3).map(|r| revision("web", r, "INACTIVE")));
    Inputs {
        services: services(),
        other_services: vec![billing],
        tasks: standalone_tasks(),
        target_groups: Vec::new(),
        load_balancers: vec![
            LoadBalancer {
                arn: lb_arn("web-alb"),
                name: "web-alb".into(),
                ..Default::default()
            },
            LoadBalancer {
                arn: lb_arn("shared-alb"),
                name: "shared-alb".into(),
                ..Default::default()
            },
        ],
        listeners: vec![
            listener("web-alb", "aaaaaaaaaaaaaaaa", 80, &web_tg),
            listener("shared-alb", "bbbbbbbbbbbbbbbb", 80, &other_tg),
        ],
        rules: vec![ListenerRule {
            arn: "rule/1".into(),
            listener_arn: listener("shared-alb", "bbbbbbbbbbbbbbbb", 80, "").arn,
            priority: "10".into(),
            is_default: false,
            target_groups: vec![checkout_tg],
            ..Default::default()
        }],
        revisions,
        ..Inputs::default()
    }
}

#[test]
fn a_cluster_plan_follows_the_teardown_order() {
    let scope = Scope::Cluster {
        cluster_arn: cluster_arn(PROD),
    };
    let p = plan(&scope, &inputs());
    let kinds: Vec<&str> = p
        .steps
        .iter()
        .map(|s| match s {
            Step::Write(Mutation::DeleteService(_)) => "delete-service",
            Step::WaitInactive { .. } => "wait-inactive",
            Step::Write(Mutation::StopTasks(_)) => "stop-tasks",
            Step::WaitStopped { .. } => "wait-stopped",
            Step::Write(Mutation::DeregisterContainerInstance(_)) => "deregister-instance",
            Step::Write(Mutation::DeleteCluster(_)) => "delete-cluster",
            Step::Write(Mutation::DeleteListener(_)) => "delete-listener",
            Step::Write(Mutation::DeleteLoadBalancer(_)) => "delete-load-balancer",
            Step::Write(Mutation::DeleteTargetGroup(_)) => "delete-target-group",
            Step::Write(Mutation::DeregisterTaskDefinition(_)) => "deregister",
            Step::Write(Mutation::DeleteTaskDefinitions(_)) => "delete-revisions",
            Step::Write(other) => panic!("a cleanup never plans {other:?}"),
        })
        .collect();
    let first = |k: &str| kinds.iter().position(|x| *x == k).unwrap_or(usize::MAX);
    let last = |k: &str| kinds.iter().rposition(|x| *x == k).unwrap();
    assert!(last("delete-service") < first("wait-inactive"));
    assert!(first("wait-inactive") < first("stop-tasks"));
    assert!(first("stop-tasks") < first("wait-stopped"));
    assert!(first("wait-stopped") < first("delete-cluster"));
    assert!(first("delete-cluster") < first("delete-listener"));
    assert!(first("delete-listener") < first("delete-load-balancer"));
    assert!(first("delete-load-balancer") < first("delete-target-group"));
    assert!(last("delete-target-group") < first("deregister"));
    assert!(last("deregister") < first("delete-revisions"));
    // One DeleteService per ACTIVE service, the standalone migration stopped.
    let active = services()
        .iter()
        .filter(|s| s.status == ServiceStatus::Active)
        .count();
    assert_eq!(
        kinds.iter().filter(|k| **k == "delete-service").count(),
        active
    );
    assert!(p.steps.iter().any(|s| matches!(s, Step::Write(Mutation::StopTasks(wharf::app::mutation::StopTasks { task_arns, .. })) if task_arns.contains(&task_arn(PROD, MIGRATION_TASK)))));
}

#[test]
fn what_another_service_uses_is_left_alone_and_said_so() {
    let scope = Scope::Cluster {
        cluster_arn: cluster_arn(PROD),
    };
    let p = plan(&scope, &inputs());
    let deleted: Vec<String> = p.steps.iter().flat_map(|s| s.targets()).collect();
    // web's ALB and listener only forward to web's target group: all three go.
    assert!(deleted.contains(&lb_arn("web-alb")));
    assert!(deleted.contains(&tg_arn(WEB_TG.0, WEB_TG.1)));
    // checkout's target group is on a listener that also serves billing: the listener, its load balancer
    // and checkout's target group stay, and the plan says why.
    assert!(!deleted.contains(&lb_arn("shared-alb")));
    assert!(!deleted.contains(&tg_arn(CHECKOUT_TG.0, CHECKOUT_TG.1)));
    assert!(
        p.kept
            .iter()
            .any(|k| k.contains("checkout-tg") && k.contains("also forwards to billing-tg")),
        "{:?}",
        p.kept
    );
    // A family run elsewhere is kept whole.
    let mut inputs = inputs();
    inputs.other_services[0].task_definition = td_arn("web:7");
    let p = plan(&scope, &inputs);
    assert!(!p
        .steps
        .iter()
        .any(|s| matches!(s, Step::Write(Mutation::DeregisterTaskDefinition(wharf::app::mutation::DeregisterTaskDefinition { arn })) if arn.contains("/web:"))));
    assert!(
        p.kept
            .iter()
            .any(|k| k.contains("task definitions web: also run by service billing")),
        "{:?}",
        p.kept
    );
}

#[test]
fn revisions_are_deregistered_then_deleted_ten_at_a_time() {
    let scope = Scope::Service {
        cluster_arn: cluster_arn(PROD),
        service_arn: service_arn(PROD, "web"),
    };
    let p = plan(&scope, &inputs());
    let deregister = p
        .steps
        .iter()
        .filter(|s| matches!(s, Step::Write(Mutation::DeregisterTaskDefinition(_))))
        .count();
    assert_eq!(deregister, 13, "the ACTIVE revisions 30..=42");
    let batches: Vec<usize> = p
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Write(Mutation::DeleteTaskDefinitions(
                wharf::app::mutation::DeleteTaskDefinitions { arns },
            )) => Some(arns.len()),
            _ => None,
        })
        .collect();
    assert_eq!(batches, vec![10, 6], "16 revisions, 10 a call");
    // A service's cleanup leaves the cluster, its tasks and the other services alone.
    assert!(!p.steps.iter().any(|s| matches!(
        s,
        Step::Write(Mutation::DeleteCluster(_)) | Step::Write(Mutation::StopTasks(_))
    )));
    let deleted: Vec<String> = p.steps.iter().flat_map(|s| s.targets()).collect();
    assert!(!deleted.contains(&service_arn(PROD, "checkout")));
}

fn keys(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| {
            let code = match c {
                '\n' => KeyCode::Enter,
                c => KeyCode::Char(c),
            };
            update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
        })
        .collect()
}

fn cleanup_dialog(size: (u16, u16)) -> State {
    let mut state = at(loaded(), vec![]);
    update(&mut state, Action::Resize(size.0, size.1));
    let prod = state
        .session
        .cache
        .clusters
        .data
        .as_ref()
        .unwrap()
        .iter()
        .position(|c| c.name == PROD)
        .unwrap();
    keys(&mut state, &"j".repeat(prod));
    let effects = keys(&mut state, "D");
    let scope = Scope::Cluster {
        cluster_arn: cluster_arn(PROD),
    };
    assert_eq!(
        effects,
        vec![Effect::PlanCleanup {
            scope: scope.clone()
        }]
    );
    update(
        &mut state,
        Action::CleanupRead {
            scope,
            result: Ok(inputs()),
        },
    );
    state
}

#[test]
fn the_cleanup_dialog_and_its_progress() {
    for (w, h) in SIZES {
        let mut state = cleanup_dialog((w, h));
        insta::assert_snapshot!(format!("cleanup_plan_{w}x{h}"), render(&state, w, h));
        // Opt in to both groups, then confirm with the name.
        keys(&mut state, " j ");
        keys(&mut state, "\n");
        insta::assert_snapshot!(format!("cleanup_confirm_{w}x{h}"), render(&state, w, h));
        let effects = keys(&mut state, &format!("{PROD}\n"));
        assert!(matches!(state.overlay, Overlay::Cleanup));
        assert!(
            effects.iter().any(|e| matches!(e, Effect::Mutate { .. })),
            "the first step is sent"
        );
        insta::assert_snapshot!(format!("cleanup_running_{w}x{h}"), render(&state, w, h));
    }
}

#[test]
fn a_wrong_name_is_refused_and_nothing_is_sent() {
    let mut state = cleanup_dialog((120, 40));
    keys(&mut state, "\n");
    let effects = keys(&mut state, "prod-fargat\n");
    assert!(!effects.iter().any(|e| matches!(e, Effect::Mutate { .. })));
    let notice = state.overlay.dialog().unwrap().notice.clone().unwrap().text;
    assert!(
        notice.contains("\"prod-fargat\" is not prod-fargate"),
        "{notice}"
    );
}

#[test]
fn a_listener_of_ours_that_forwards_to_a_kept_group_is_left_alone_too() {
    // Listener A forwards to web's and checkout's groups only; listener B forwards to checkout's and billing's.
    // B keeps checkout's group, so A (which forwards to it) stays, and with it web's group.
    let mut inputs = inputs();
    let (web_tg, checkout_tg) = (
        tg_arn(WEB_TG.0, WEB_TG.1),
        tg_arn(CHECKOUT_TG.0, CHECKOUT_TG.1),
    );
    inputs.rules.push(ListenerRule {
        arn: "rule/2".into(),
        listener_arn: inputs.listeners[0].arn.clone(),
        priority: "20".into(),
        is_default: false,
        target_groups: vec![checkout_tg.clone()],
        ..Default::default()
    });
    let scope = Scope::Cluster {
        cluster_arn: cluster_arn(PROD),
    };
    let p = plan(&scope, &inputs);
    let deleted: Vec<String> = p.steps.iter().flat_map(|s| s.targets()).collect();
    assert!(!deleted.contains(&web_tg), "{deleted:?}");
    assert!(!deleted.contains(&checkout_tg));
    assert!(!p.steps.iter().any(|s| matches!(
        s,
        Step::Write(Mutation::DeleteListener(_)) | Step::Write(Mutation::DeleteLoadBalancer(_))
    )));
    assert!(
        p.kept.iter().any(|k| k.contains("target group web-blue")),
        "{:?}",
        p.kept
    );
}

#[test]
fn a_family_a_standalone_task_still_runs_is_kept_by_a_service_cleanup() {
    let mut inputs = inputs();
    let mut job = standalone_tasks()[0].clone();
    job.task_definition_arn = td_arn("web:41");
    job.last_status = TaskStatus::Running;
    inputs.tasks = vec![job];
    let scope = Scope::Service {
        cluster_arn: cluster_arn(PROD),
        service_arn: service_arn(PROD, "web"),
    };
    let p = plan(&scope, &inputs);
    assert!(!p.steps.iter().any(|s| matches!(
        s,
        Step::Write(Mutation::DeregisterTaskDefinition(_))
            | Step::Write(Mutation::DeleteTaskDefinitions(_))
    )));
    assert!(
        p.kept
            .iter()
            .any(|k| k.contains("task definitions web: task")),
        "{:?}",
        p.kept
    );
}

#[test]
fn the_whole_plan_can_be_read_before_the_name_is_typed() {
    let mut state = cleanup_dialog((80, 24));
    keys(&mut state, " j ");
    let top = render(&state, 80, 24);
    assert!(top.contains("more steps (PageDown)"), "{top}");
    for _ in 0..10 {
        update(
            &mut state,
            Action::Key(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)),
        );
    }
    let bottom = render(&state, 80, 24);
    assert!(bottom.contains("steps above (PageUp)"), "{bottom}");
    assert!(
        bottom.contains("delete 6 revisions"),
        "the last step shows:\n{bottom}"
    );
}

/// A wait for a cluster's tasks to stop is not over while a task is listed and not described yet: it may
/// still run, and DeleteCluster would then fail.
#[test]
fn a_wait_for_stopped_tasks_is_not_over_while_a_task_is_not_described() {
    use wharf::app::cleanup::{CleanupRun, Plan};
    use wharf::app::{Loadable, TaskList};
    let cluster = cluster_arn(PROD);
    let plan = Plan {
        scope: Scope::Cluster {
            cluster_arn: cluster.clone(),
        },
        steps: vec![Step::WaitStopped {
            cluster_arn: cluster.clone(),
            task_arns: Vec::new(),
        }],
        kept: Vec::new(),
    };
    let stopped = Task {
        arn: task_arn(PROD, "aaaa"),
        last_status: TaskStatus::Stopped,
        desired_status: DesiredStatus::Stopped,
        ..Task::default()
    };
    let unread = task_arn(PROD, "bbbb");
    let mut list = TaskList::reading();
    list.add_listed(vec![stopped.arn.clone(), unread.clone()]);
    list.add_described(std::slice::from_ref(&stopped.arn), vec![stopped.clone()]);
    list.finish(true, true);

    let mut state = loaded();
    state.cleanup = Some(CleanupRun::new(plan, now(), 1));
    let at_secs = |secs: i64| Timestamp(now().0 + secs * 1_000);
    let tick = |state: &mut State, secs: i64| update(state, Action::Tick(at_secs(secs)));
    let fresh = Loadable::loaded(list, at_secs(1));
    state
        .session
        .cache
        .cluster_tasks
        .insert(cluster.clone(), fresh);
    tick(&mut state, 2);
    assert!(
        state.cleanup.as_ref().is_some_and(|r| r.finished.is_none()),
        "still waiting: {} is not described",
        unread
    );

    // Described, and stopped: the wait is over.
    let whole = Loadable::loaded(TaskList::new(vec![stopped]), at_secs(3));
    state.session.cache.cluster_tasks.insert(cluster, whole);
    tick(&mut state, 4);
    assert!(state.cleanup.as_ref().is_some_and(|r| r.finished.is_some()));
}
