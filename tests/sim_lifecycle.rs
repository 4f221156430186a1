//! Task lifecycle, self-healing, image-tag behaviours and load balancer targets, over virtual time.

use wharf::backend::sim::*;
use wharf::model::*;

fn world(seed: u64) -> World {
    let mut w = World::new(seed, MANUAL_START);
    w.create_cluster("prod", &["FARGATE"]);
    w
}

fn plain_service(w: &mut World, name: &str, tag: &str, count: u32) -> String {
    let td = w
        .register_task_definition(TaskDefinitionSpec::fargate(
            name,
            &format!("repo/{name}:{tag}"),
            256,
            512,
            8080,
        ))
        .expect("task definition");
    w.create_service(ServiceSpec::new("prod", name, &td, count))
        .expect("service")
}

/// A service behind a target group; returns the target group ARN.
fn lb_service(w: &mut World, name: &str, tag: &str, count: u32) -> String {
    let lb = w.create_load_balancer("public", LoadBalancerType::Application, "internet-facing");
    let tg = w
        .create_target_group(TargetGroupSpec::new(&format!("{name}-tg"), 8080, "ip").on(&lb))
        .expect("target group");
    let td = w
        .register_task_definition(TaskDefinitionSpec::fargate(
            name,
            &format!("repo/{name}:{tag}"),
            256,
            512,
            8080,
        ))
        .expect("task definition");
    w.create_service(ServiceSpec::new("prod", name, &td, count).load_balancer(&tg, name, 8080))
        .expect("service");
    tg
}

fn messages(w: &World, service: &str) -> Vec<String> {
    w.events("prod", service)
        .into_iter()
        .map(|e| e.message)
        .collect()
}

fn target_of<'a>(health: &'a [TargetHealth], task: &Task) -> Option<&'a TargetHealth> {
    health
        .iter()
        .find(|h| Some(&h.target_id) == task.private_ip.as_ref())
}

#[test]
fn tasks_walk_the_lifecycle_to_running() {
    let mut w = world(1);
    plain_service(&mut w, "web", "1.0", 1);
    let mut seen = Vec::new();
    for _ in 0..90 {
        w.advance(1000);
        if let Some(t) = w.tasks_of_service("prod", "web").first() {
            if seen.last() != Some(&t.last_status) {
                seen.push(t.last_status);
            }
        }
    }
    assert_eq!(
        seen,
        [
            TaskStatus::Provisioning,
            TaskStatus::Pending,
            TaskStatus::Activating,
            TaskStatus::Running
        ]
    );
    let tasks = w.tasks_of_service("prod", "web");
    assert_eq!(tasks.len(), 1);
    let t = &tasks[0];
    let took = t.started_at.expect("started").since(t.created_at);
    assert!(
        (19_000..=41_000).contains(&took),
        "Fargate start took {took} ms"
    );
    assert_eq!(t.health_status, HealthStatus::Healthy);
    assert_eq!(t.containers[0].last_status, "RUNNING");
    assert_eq!(t.group, "service:web");
    assert_eq!(t.launch_type, LaunchType::Fargate);
    let svc = w.service("prod", "web").expect("service");
    assert_eq!(t.started_by, svc.deployments[0].id);
    assert!(t.started_by.starts_with("ecs-svc/") && t.started_by.len() == 27);
    let prefix = "arn:aws:ecs:sandbox-1:000000000000:task/prod/";
    assert!(t.arn.starts_with(prefix));
    assert_eq!(t.id().len(), 32);
    assert!(t.id().chars().all(|c| c.is_ascii_hexdigit()));
    assert!(t.private_ip.is_some());
    assert_eq!((svc.running_count, svc.pending_count), (1, 0));
    let m = messages(&w, "web");
    assert_eq!(m[0], "(service web) has reached a steady state.");
    assert!(m.contains(&format!(
        "(service web) has started 1 tasks: (task {}).",
        t.id()
    )));
}

#[test]
fn a_stopped_task_walks_down_and_is_replaced() {
    let mut w = world(2);
    let tg = lb_service(&mut w, "web", "1.0", 2);
    w.advance(120_000);
    let victim = w.tasks_of_service("prod", "web")[0].clone();
    assert_eq!(victim.last_status, TaskStatus::Running);
    let stopped = w
        .stop_task("prod", &victim.arn, "testing self-healing")
        .expect("stop");
    assert_eq!(stopped.stop_code, Some(StopCode::UserInitiated));
    assert_eq!(stopped.desired_status, DesiredStatus::Stopped);
    let health = w.target_health(&tg).expect("group");
    let target = target_of(&health, &victim).expect("target still listed");
    assert_eq!(target.state, TargetState::Draining);
    assert_eq!(
        target.reason.as_deref(),
        Some("Target.DeregistrationInProgress")
    );

    let mut seen = vec![stopped.last_status];
    for _ in 0..60 {
        w.advance(1000);
        let t = w.task(&victim.arn).expect("still describable");
        if seen.last() != Some(&t.last_status) {
            seen.push(t.last_status);
        }
    }
    assert_eq!(
        seen,
        [
            TaskStatus::Deactivating,
            TaskStatus::Stopping,
            TaskStatus::Deprovisioning,
            TaskStatus::Stopped
        ]
    );
    let t = w.task(&victim.arn).expect("stopped task");
    let took = t
        .stopped_at
        .expect("stopped")
        .since(t.stopping_at.expect("stopping"));
    assert!((10_000..=30_000).contains(&took), "stop took {took} ms");
    assert_eq!(t.stopped_reason.as_deref(), Some("testing self-healing"));
    let health = w.target_health(&tg).expect("group");
    assert!(
        target_of(&health, &victim).is_none(),
        "deregistered target removed"
    );

    w.advance(60_000);
    let running: Vec<Task> = w
        .tasks_of_service("prod", "web")
        .into_iter()
        .filter(|t| t.last_status == TaskStatus::Running)
        .collect();
    assert_eq!(running.len(), 2);
    let replacement = running
        .iter()
        .find(|t| t.created_at > victim.created_at)
        .expect("a replacement task");
    let m = messages(&w, "web");
    assert!(m.contains(&format!(
        "(service web) has started 1 tasks: (task {}).",
        replacement.id()
    )));
    assert!(m.contains(&format!(
        "(service web) deregistered 1 targets in (target-group {tg})"
    )));
    assert_eq!(m[0], "(service web) has reached a steady state.");
}

#[test]
fn stopped_tasks_stay_describable_for_an_hour() {
    let mut w = world(3);
    plain_service(&mut w, "web", "1.0", 1);
    w.advance(60_000);
    let arn = w.tasks_of_service("prod", "web")[0].arn.clone();
    w.stop_task("prod", &arn, "").expect("stop");
    w.advance(60_000);
    let stopped_at = w.task(&arn).and_then(|t| t.stopped_at).expect("stopped");
    w.advance(STOPPED_RETENTION_MS - w.now().since(stopped_at) - 1000);
    assert_eq!(
        w.task(&arn).map(|t| t.last_status),
        Some(TaskStatus::Stopped)
    );
    w.advance(2000);
    assert!(w.task(&arn).is_none(), "gone after an hour");
    assert!(!w.cluster_tasks("prod").iter().any(|t| t.arn == arn));
}

#[test]
fn targets_go_initial_then_healthy() {
    let mut w = world(4);
    let tg = lb_service(&mut w, "api", "2.0", 1);
    let mut seen: Vec<(TargetState, Option<String>)> = Vec::new();
    let mut registered_at = None;
    for _ in 0..120 {
        w.advance(1000);
        let Some(task) = w.tasks_of_service("prod", "api").first().cloned() else {
            continue;
        };
        let health = w.target_health(&tg).expect("group");
        if let Some(h) = target_of(&health, &task) {
            registered_at.get_or_insert(w.now());
            assert_eq!(
                task.last_status,
                TaskStatus::Running,
                "registered when RUNNING"
            );
            assert_eq!(h.port, 8080);
            let s = (h.state, h.reason.clone());
            if seen.last() != Some(&s) {
                seen.push(s);
            }
        }
    }
    assert_eq!(
        seen,
        [
            (
                TargetState::Initial,
                Some("Elb.RegistrationInProgress".into())
            ),
            (
                TargetState::Initial,
                Some("Elb.InitialHealthChecking".into())
            ),
            (TargetState::Healthy, None),
        ]
    );
    let m = messages(&w, "api");
    assert!(m.contains(&format!(
        "(service api) registered 1 targets in (target-group {tg})"
    )));
}

fn run_until_stopped(w: &mut World, service: &str, minutes: i64) -> Task {
    for _ in 0..minutes * 60 {
        w.advance(1000);
        if let Some(t) = w
            .tasks_of_service("prod", service)
            .into_iter()
            .find(|t| t.last_status == TaskStatus::Stopped)
        {
            return t;
        }
    }
    panic!("no task of {service} stopped within {minutes} minutes");
}

#[test]
fn crash_image_exits_with_code_1_and_is_replaced() {
    let mut w = world(5);
    plain_service(&mut w, "resizer", "2.0-crash", 1);
    let t = run_until_stopped(&mut w, "resizer", 3);
    assert_eq!(t.stop_code, Some(StopCode::EssentialContainerExited));
    assert_eq!(
        t.stopped_reason.as_deref(),
        Some("Essential container in task exited")
    );
    assert_eq!(t.containers[0].exit_code, Some(1));
    let ran = t
        .stopping_at
        .expect("stopping")
        .since(t.started_at.expect("started"));
    assert!(
        (20_000..=61_000).contains(&ran),
        "ran {ran} ms before exiting"
    );
    w.advance(5_000);
    let newer: Vec<Task> = w
        .tasks_of_service("prod", "resizer")
        .into_iter()
        .filter(|x| x.created_at > t.created_at)
        .collect();
    assert_eq!(newer.len(), 1, "one replacement");
    assert!(messages(&w, "resizer").contains(&format!(
        "(service resizer) has started 1 tasks: (task {}).",
        newer[0].id()
    )));
    assert!(
        !messages(&w, "resizer")
            .iter()
            .any(|m| m.contains("unable to consistently start")),
        "tasks that reached RUNNING do not trigger the throttle"
    );
}

#[test]
fn oom_image_exits_with_137() {
    let mut w = world(6);
    plain_service(&mut w, "inventory", "1.3-oom", 2);
    let t = run_until_stopped(&mut w, "inventory", 3);
    assert_eq!(t.stop_code, Some(StopCode::EssentialContainerExited));
    assert_eq!(t.containers[0].exit_code, Some(137));
    assert_eq!(
        t.containers[0].reason.as_deref(),
        Some("OutOfMemoryError: Container killed due to memory usage")
    );
    w.advance(60_000);
    let live = w
        .tasks_of_service("prod", "inventory")
        .into_iter()
        .filter(|t| t.desired_status == DesiredStatus::Running)
        .count();
    assert_eq!(live, 2, "desired count holds");
}

#[test]
fn broken_image_fails_health_checks_and_is_stopped_by_ecs() {
    let mut w = world(7);
    let tg = lb_service(&mut w, "search", "4.2-broken", 1);
    let mut unhealthy = None;
    for _ in 0..180 {
        w.advance(1000);
        let health = w.target_health(&tg).expect("group");
        if let Some(h) = health.iter().find(|h| h.state == TargetState::Unhealthy) {
            unhealthy = Some(h.clone());
            break;
        }
        assert!(health.iter().all(|h| h.state != TargetState::Healthy));
    }
    let h = unhealthy.expect("an unhealthy target within 3 minutes");
    assert_eq!(h.reason.as_deref(), Some("Target.FailedHealthChecks"));
    assert_eq!(h.description.as_deref(), Some("Health checks failed"));
    let t = run_until_stopped(&mut w, "search", 3);
    assert_eq!(t.stop_code, Some(StopCode::ServiceSchedulerInitiated));
    assert_eq!(
        t.stopped_reason,
        Some(format!(
            "Task failed ELB health checks in (target-group {tg})"
        ))
    );
    let m = messages(&w, "search");
    assert!(m.contains(&format!(
        "(service search) (task {}) (port 8080) is unhealthy in (target-group {tg}) due to (reason Health checks failed).",
        t.id()
    )));
    assert!(m.contains(&format!(
        "(service search) has stopped 1 running tasks: (task {}).",
        t.id()
    )));
    w.advance(5_000);
    assert!(
        w.tasks_of_service("prod", "search")
            .iter()
            .any(|x| x.created_at > t.created_at),
        "replaced"
    );
}

#[test]
fn images_that_cannot_start_are_throttled() {
    let mut w = world(8);
    plain_service(&mut w, "jobs", "9.9-missing", 1);
    w.advance(20 * 60_000);
    let tasks = w.tasks_of_service("prod", "jobs");
    assert!(tasks.iter().all(|t| t.started_at.is_none()));
    let stopped: Vec<&Task> = tasks
        .iter()
        .filter(|t| t.last_status == TaskStatus::Stopped)
        .collect();
    assert!(stopped.len() >= 3);
    assert!(stopped
        .iter()
        .all(|t| t.stop_code == Some(StopCode::TaskFailedToStart)));
    assert!(stopped[0]
        .stopped_reason
        .as_deref()
        .is_some_and(|r| r.starts_with("CannotPullContainerError")));
    // Unthrottled, a failed start takes under a minute: 20 minutes would see 30 or more.
    assert!(tasks.len() <= 12, "{} launches in 20 minutes", tasks.len());
    let gaps: Vec<i64> = tasks
        .windows(2)
        .map(|p| p[1].created_at.since(p[0].created_at))
        .collect();
    assert!(gaps.last() > gaps.first(), "waits grow: {gaps:?}");
    let m = messages(&w, "jobs");
    assert!(m.iter().any(
        |m| m.starts_with("(service jobs) is unable to consistently start tasks successfully.")
    ));

    // A new task definition returns the service to normal at once.
    let td = w
        .register_task_definition(TaskDefinitionSpec::fargate(
            "jobs",
            "repo/jobs:10.0",
            256,
            512,
            0,
        ))
        .expect("td");
    w.update_service_task_definition("prod", "jobs", &td)
        .expect("update");
    w.advance(90_000);
    let svc = w.service("prod", "jobs").expect("service");
    assert_eq!(svc.running_count, 1);
}

#[test]
fn events_are_newest_first_and_capped() {
    let mut w = world(9);
    plain_service(&mut w, "resizer", "crash", 3);
    w.advance(90 * 60_000);
    let events = w.events("prod", "resizer");
    assert_eq!(events.len(), MAX_EVENTS);
    assert!(events
        .windows(2)
        .all(|p| p[0].created_at >= p[1].created_at));
    let ids: std::collections::BTreeSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), events.len(), "event ids are unique");
}

#[test]
fn the_container_whose_image_crashes_is_the_one_that_exits() {
    let mut w = world(5);
    // A healthy sidecar listed first, the crashing app second: the app's container carries the exit code.
    let mut spec = TaskDefinitionSpec::fargate("app", "repo/envoy:1.29", 256, 512, 8080);
    spec.containers[0].name = "envoy".into();
    let mut app = spec.containers[0].clone();
    app.name = "app".into();
    app.image = "repo/app:2.0-crash".into();
    spec.containers.push(app);
    let td = w.register_task_definition(spec).expect("task definition");
    w.create_service(ServiceSpec::new("prod", "app", &td, 1))
        .expect("service");
    let t = run_until_stopped(&mut w, "app", 3);
    let by_name = |name: &str| {
        t.containers
            .iter()
            .find(|c| c.name == name)
            .expect(name)
            .clone()
    };
    assert_eq!(by_name("app").exit_code, Some(1));
    assert_eq!(t.containers[0].name, "envoy", "the sidecar is listed first");
    assert_ne!(
        by_name("envoy").exit_code,
        Some(1),
        "the sidecar did not crash"
    );
}
