//! Placement, AZ spread, scaling, rolling deployments and the circuit breaker.

use std::collections::BTreeMap;

use wharf::backend::sim::*;
use wharf::model::*;

fn world(seed: u64) -> World {
    let mut w = World::new(seed, MANUAL_START);
    w.create_cluster("prod", &["FARGATE"]);
    w.create_cluster("ec2", &["ec2-asg"]);
    w
}

fn td(w: &mut World, family: &str, tag: &str) -> String {
    w.register_task_definition(TaskDefinitionSpec::fargate(
        family,
        &format!("repo/{family}:{tag}"),
        256,
        512,
        8080,
    ))
    .expect("task definition")
}

fn target_group(w: &mut World, name: &str) -> String {
    let lb = w.create_load_balancer("public", LoadBalancerType::Application, "internet-facing");
    w.create_target_group(TargetGroupSpec::new(name, 8080, "ip").on(&lb))
        .expect("target group")
}

fn live(w: &World, cluster: &str, service: &str) -> Vec<Task> {
    w.tasks_of_service(cluster, service)
        .into_iter()
        .filter(|t| t.desired_status == DesiredStatus::Running)
        .collect()
}

fn per_az(tasks: &[Task]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for t in tasks {
        *m.entry(t.availability_zone.clone()).or_insert(0) += 1;
    }
    m
}

/// Running, containers healthy, and every target of the task healthy.
fn healthy(w: &World, t: &Task, tg: &str) -> bool {
    let health = w.target_health(tg).unwrap_or_default();
    t.desired_status == DesiredStatus::Running
        && t.last_status == TaskStatus::Running
        && t.health_status == HealthStatus::Healthy
        && health
            .iter()
            .any(|h| Some(&h.target_id) == t.private_ip.as_ref() && h.state == TargetState::Healthy)
}

#[test]
fn tasks_are_balanced_across_availability_zones() {
    let mut w = world(11);
    let d = td(&mut w, "web", "1");
    w.create_service(ServiceSpec::new("prod", "web", &d, 9))
        .expect("service");
    w.advance(90_000);
    let tasks = live(&w, "prod", "web");
    assert_eq!(tasks.len(), 9);
    assert_eq!(
        per_az(&tasks).values().copied().collect::<Vec<_>>(),
        [3, 3, 3]
    );
    // Lose a zone's tasks: the replacements go back where they are missing.
    for t in tasks.iter().filter(|t| t.availability_zone == "sandbox-1b") {
        w.stop_task("prod", &t.arn, "zone outage").expect("stop");
    }
    w.advance(90_000);
    let tasks = live(&w, "prod", "web");
    assert_eq!(
        per_az(&tasks).values().copied().collect::<Vec<_>>(),
        [3, 3, 3]
    );
    // Any count stays within one task of even.
    w.set_desired_count("prod", "web", 11).expect("scale");
    w.advance(90_000);
    let counts: Vec<usize> = per_az(&live(&w, "prod", "web")).values().copied().collect();
    assert_eq!(counts.iter().sum::<usize>(), 11);
    assert!(counts.iter().max().unwrap_or(&0) - counts.iter().min().unwrap_or(&0) <= 1);
}

#[test]
fn ec2_placement_never_overcommits_and_says_when_it_cannot_place() {
    let mut w = world(12);
    for az in ["sandbox-1a", "sandbox-1b"] {
        w.add_container_instance("ec2", az, 1024, 4096)
            .expect("instance");
    }
    let d = w
        .register_task_definition(TaskDefinitionSpec::ec2(
            "worker",
            "repo/worker:1",
            512,
            512,
            0,
        ))
        .expect("td");
    w.create_service(ServiceSpec::new("ec2", "worker", &d, 6).ec2())
        .expect("service");
    for _ in 0..120 {
        w.advance(1000);
        let tasks = w.cluster_tasks("ec2");
        for i in w.container_instances("ec2") {
            let here: Vec<&Task> = tasks
                .iter()
                .filter(|t| t.container_instance_arn.as_deref() == Some(i.arn.as_str()))
                .filter(|t| t.last_status != TaskStatus::Stopped)
                .collect();
            let cpu: u32 = here.iter().map(|t| t.cpu).sum();
            let mem: u32 = here.iter().map(|t| t.memory).sum();
            assert!(cpu <= i.registered_cpu && mem <= i.registered_memory);
            assert_eq!(i.remaining_cpu, i.registered_cpu - cpu);
            assert_eq!(i.remaining_memory, i.registered_memory - mem);
        }
    }
    let svc = w.service("ec2", "worker").expect("service");
    assert_eq!(
        svc.running_count, 4,
        "two 1024-CPU instances fit four 512-CPU tasks"
    );
    let instances = w.container_instances("ec2");
    assert!(instances
        .iter()
        .all(|i| i.remaining_cpu == 0 && i.running_tasks == 2));
    assert!(svc.events.iter().any(|e| e.message.starts_with(
        "(service worker) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance "
    ) && e.message.contains("has insufficient CPU units available.")));
    assert!(w
        .cluster_tasks("ec2")
        .iter()
        .all(|t| t.private_ip.is_none() && t.container_instance_arn.is_some()));

    // A cluster without instances says so.
    w.create_cluster("empty", &[]);
    w.create_service(ServiceSpec::new("empty", "worker", &d, 1).ec2())
        .expect("service");
    w.advance(5_000);
    assert!(w.events("empty", "worker").iter().any(|e| e
        .message
        .contains("Reason: No Container Instances were found in your cluster.")));
}

#[test]
fn ec2_bridge_targets_are_instances_with_host_ports() {
    let mut w = world(13);
    let i = w
        .add_container_instance("ec2", "sandbox-1c", 2048, 7680)
        .expect("instance");
    let lb = w.create_load_balancer("internal", LoadBalancerType::Application, "internal");
    let tg = w
        .create_target_group(TargetGroupSpec::new("orders", 8080, "instance").on(&lb))
        .expect("tg");
    let d = w
        .register_task_definition(TaskDefinitionSpec::ec2(
            "orders",
            "repo/orders:7",
            256,
            512,
            8080,
        ))
        .expect("td");
    w.create_service(
        ServiceSpec::new("ec2", "orders", &d, 2)
            .ec2()
            .load_balancer(&tg, "orders", 8080),
    )
    .expect("service");
    w.advance(90_000);
    let instance = w
        .container_instances("ec2")
        .into_iter()
        .find(|x| x.arn == i)
        .expect("instance");
    let health = w.target_health(&tg).expect("tg");
    assert_eq!(health.len(), 2);
    assert!(health
        .iter()
        .all(|h| h.target_id == instance.ec2_instance_id
            && h.port >= 32_768
            && h.state == TargetState::Healthy));
    assert_ne!(health[0].port, health[1].port);
    // A bridge task cannot use an ip target group.
    let ip_tg = target_group(&mut w, "ip-only");
    let err = w
        .create_service(
            ServiceSpec::new("ec2", "bad", &d, 1)
                .ec2()
                .load_balancer(&ip_tg, "orders", 8080),
        )
        .expect_err("incompatible");
    assert!(
        matches!(err, wharf::backend::BackendError::Api { code, .. } if code == "InvalidParameterException")
    );
}

#[test]
fn scaling_starts_and_stops_tasks() {
    let mut w = world(14);
    let d = td(&mut w, "api", "1");
    w.create_service(ServiceSpec::new("prod", "api", &d, 2))
        .expect("service");
    w.advance(90_000);
    w.set_desired_count("prod", "api", 6).expect("scale out");
    w.advance(90_000);
    assert_eq!(w.service("prod", "api").map(|s| s.running_count), Some(6));
    w.set_desired_count("prod", "api", 3).expect("scale in");
    w.advance(1000);
    let svc = w.service("prod", "api").expect("service");
    assert!(svc.events[0]
        .message
        .starts_with("(service api) has stopped 3 running tasks: (task "));
    let stopped: Vec<Task> = w
        .tasks_of_service("prod", "api")
        .into_iter()
        .filter(|t| t.desired_status == DesiredStatus::Stopped)
        .collect();
    assert_eq!(stopped.len(), 3);
    let reason = format!(
        "Scaling activity initiated by (deployment {})",
        svc.deployments[0].id
    );
    assert!(stopped
        .iter()
        .all(|t| t.stopped_reason.as_deref() == Some(reason.as_str())
            && t.stop_code == Some(StopCode::ServiceSchedulerInitiated)));
    let counts: Vec<usize> = per_az(&live(&w, "prod", "api")).values().copied().collect();
    assert_eq!(counts, [1, 1, 1], "scale-in keeps the zones balanced");
}

/// Deploys a new revision of a 10-task service and checks the limits at every step.
fn rolling(min: u32, max: u32, seed: u64) {
    let mut w = world(seed);
    let tg = target_group(&mut w, "pay");
    let v1 = td(&mut w, "pay", "1");
    w.create_service(
        ServiceSpec::new("prod", "pay", &v1, 10)
            .percents(min, max)
            .load_balancer(&tg, "pay", 8080),
    )
    .expect("service");
    w.advance(120_000);
    let first = w.service("prod", "pay").expect("service");
    assert_eq!(first.deployments.len(), 1);
    assert_eq!(first.deployments[0].rollout_state, RolloutState::Completed);
    let v2 = td(&mut w, "pay", "2");
    let id = w
        .update_service_task_definition("prod", "pay", &v2)
        .expect("deploy");
    let svc = w.service("prod", "pay").expect("service");
    assert_eq!(svc.deployments.len(), 2);
    assert_eq!(svc.deployments[0].id, id);
    assert_eq!(svc.deployments[0].status, DeploymentStatus::Primary);
    assert_eq!(svc.deployments[0].rollout_state, RolloutState::InProgress);
    assert_eq!(svc.deployments[1].status, DeploymentStatus::Active);
    assert!(svc.is_deploying());

    let (max_total, min_healthy) = limits(10, min, max);
    let mut peak = 0;
    for _ in 0..60 * 60 {
        w.advance(1000);
        let tasks = live(&w, "prod", "pay");
        peak = peak.max(tasks.len());
        let healthy = tasks.iter().filter(|t| healthy(&w, t, &tg)).count() as u32;
        assert!(
            tasks.len() as u32 <= max_total,
            "{} tasks > max {max_total}",
            tasks.len()
        );
        assert!(
            healthy >= min_healthy,
            "{healthy} healthy < min {min_healthy}"
        );
        let svc = w.service("prod", "pay").expect("service");
        if svc.deployments.len() == 1 && svc.deployments[0].rollout_state == RolloutState::Completed
        {
            break;
        }
    }
    let svc = w.service("prod", "pay").expect("service");
    assert_eq!(svc.deployments.len(), 1, "old deployment gone");
    let d = &svc.deployments[0];
    assert_eq!(d.id, id);
    assert_eq!(d.rollout_state, RolloutState::Completed);
    assert_eq!(
        d.rollout_state_reason,
        format!("ECS deployment {id} completed.")
    );
    assert_eq!((d.running_count, svc.running_count), (10, 10));
    assert!(live(&w, "prod", "pay")
        .iter()
        .all(|t| t.task_definition_arn == v2));
    assert_eq!(peak as u32, max_total, "the deployment used its headroom");
    let m: Vec<String> = svc.events.iter().map(|e| e.message.clone()).collect();
    assert_eq!(m[0], "(service pay) has reached a steady state.");
    assert_eq!(
        m[1],
        format!("(service pay) (deployment {id}) deployment completed.")
    );
}

#[test]
fn rolling_deployment_starts_before_stopping() {
    rolling(100, 110, 15);
    rolling(100, 200, 16);
}

#[test]
fn rolling_deployment_stops_before_starting() {
    rolling(50, 100, 17);
    rolling(0, 100, 18);
}

#[test]
fn circuit_breaker_trips_and_rolls_back() {
    let mut w = world(19);
    let tg = target_group(&mut w, "search");
    let good = td(&mut w, "search", "4.1");
    w.create_service(
        ServiceSpec::new("prod", "search", &good, 4)
            .circuit_breaker(true)
            .load_balancer(&tg, "search", 8080),
    )
    .expect("service");
    w.advance(120_000);
    let original = w.service("prod", "search").expect("service").deployments[0]
        .id
        .clone();
    let bad = td(&mut w, "search", "4.2-broken");
    let failing = w
        .update_service_task_definition("prod", "search", &bad)
        .expect("deploy");
    let mut tripped = None;
    for _ in 0..30 * 60 {
        w.advance(1000);
        let tasks = live(&w, "prod", "search");
        let healthy = tasks.iter().filter(|t| healthy(&w, t, &tg)).count();
        assert!(
            healthy >= 4,
            "service stays available while the bad revision fails"
        );
        let svc = w.service("prod", "search").expect("service");
        if let Some(d) = svc.deployments.iter().find(|d| d.id == failing) {
            if d.rollout_state == RolloutState::Failed && tripped.is_none() {
                tripped = Some(svc.clone());
            }
        }
        if tripped.is_some()
            && svc.deployments.len() == 1
            && svc.deployments[0].rollout_state == RolloutState::Completed
        {
            break;
        }
    }
    let at_trip = tripped.expect("the circuit breaker tripped");
    let failed = at_trip
        .deployments
        .iter()
        .find(|d| d.id == failing)
        .expect("failed deployment");
    // 0.5 x 4 desired tasks = 2, raised to the breaker's minimum of 3: it trips on the third failure.
    assert_eq!(failed.failed_tasks, 3);
    assert_eq!(
        failed.rollout_state_reason,
        "ECS deployment circuit breaker: tasks failed to start."
    );
    assert_eq!(failed.status, DeploymentStatus::Active);
    let rollback = &at_trip.deployments[0];
    assert_eq!(rollback.status, DeploymentStatus::Primary);
    assert_eq!(rollback.task_definition, good);
    assert_eq!(
        rollback.rollout_state_reason,
        format!("ECS deployment circuit breaker: rolling back to deploymentId {original}.")
    );
    let svc = w.service("prod", "search").expect("service");
    assert_eq!(svc.deployments.len(), 1);
    assert_eq!(svc.deployments[0].id, rollback.id);
    assert_eq!(svc.task_definition, good);
    assert!(live(&w, "prod", "search")
        .iter()
        .all(|t| t.task_definition_arn == good));
    assert!(svc.events.iter().any(|e| e.message
        == format!(
            "(service search) (deployment {failing}) deployment failed: tasks failed to start."
        )));
}

#[test]
fn circuit_breaker_without_rollback_stops_the_rollout() {
    let mut w = world(20);
    let tg = target_group(&mut w, "search");
    let good = td(&mut w, "search", "4.1");
    w.create_service(
        ServiceSpec::new("prod", "search", &good, 2)
            .circuit_breaker(false)
            .load_balancer(&tg, "search", 8080),
    )
    .expect("service");
    w.advance(120_000);
    let bad = td(&mut w, "search", "broken");
    w.update_service_task_definition("prod", "search", &bad)
        .expect("deploy");
    w.advance(30 * 60_000);
    let svc = w.service("prod", "search").expect("service");
    assert_eq!(svc.deployments[0].rollout_state, RolloutState::Failed);
    assert_eq!(svc.deployments.len(), 2, "the old deployment keeps serving");
    let tasks = live(&w, "prod", "search");
    assert_eq!(tasks.len(), 2);
    assert!(tasks.iter().all(|t| t.task_definition_arn == good));
}

#[test]
fn delete_service_drains_then_goes_inactive() {
    let mut w = world(21);
    let d = td(&mut w, "web", "1");
    w.create_service(ServiceSpec::new("prod", "web", &d, 2))
        .expect("service");
    w.advance(90_000);
    let err = w
        .delete_service("prod", "web", false)
        .expect_err("scaled above 0");
    assert!(
        matches!(err, wharf::backend::BackendError::Api { code, .. } if code == "InvalidParameterException")
    );
    w.delete_service("prod", "web", true).expect("force delete");
    assert_eq!(
        w.service("prod", "web").map(|s| s.status),
        Some(ServiceStatus::Draining)
    );
    assert_eq!(w.service_arns("prod"), Some(vec![]));
    w.advance(1000);
    assert!(w
        .tasks_of_service("prod", "web")
        .iter()
        .all(|t| t.desired_status == DesiredStatus::Stopped));
    w.advance(10_000);
    assert_eq!(
        w.service("prod", "web").map(|s| s.status),
        Some(ServiceStatus::Inactive)
    );
    let err = w.set_desired_count("prod", "web", 1).expect_err("inactive");
    assert!(
        matches!(err, wharf::backend::BackendError::Api { code, .. } if code == "ServiceNotActiveException")
    );
    w.advance(60_000);
    assert!(w
        .tasks_of_service("prod", "web")
        .iter()
        .all(|t| t.last_status == TaskStatus::Stopped));
    w.create_service(ServiceSpec::new("prod", "web", &d, 1))
        .expect("name free again");
}
