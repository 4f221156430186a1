//! Whole-world properties: counts always follow the tasks, determinism, and the demo region.

use std::collections::BTreeSet;

use wharf::backend::sim::*;
use wharf::backend::BackendError;
use wharf::model::*;

/// A mixed world: Fargate and EC2, healthy and failing images, with and without target groups.
fn mixed_world(seed: u64) -> World {
    let mut w = World::new(seed, MANUAL_START);
    w.create_cluster("fg", &["FARGATE"]);
    w.create_cluster("ec2", &["asg"]);
    for az in AZS {
        w.add_container_instance("ec2", az, 2048, 4096)
            .expect("instance");
    }
    let lb = w.create_load_balancer("lb", LoadBalancerType::Application, "internet-facing");
    for (i, tag) in ["1", "crash", "oom", "broken", "missing", "2"]
        .iter()
        .enumerate()
    {
        let name = format!("f{i}");
        let tg = w
            .create_target_group(TargetGroupSpec::new(&name, 8080, "ip").on(&lb))
            .expect("tg");
        let td = w
            .register_task_definition(TaskDefinitionSpec::fargate(
                &name,
                &format!("r/{name}:{tag}"),
                256,
                512,
                8080,
            ))
            .expect("td");
        let mut spec = ServiceSpec::new("fg", &name, &td, 3).percents(50, 200);
        if i % 2 == 0 || *tag == "broken" {
            spec = spec.load_balancer(&tg, &name, 8080).circuit_breaker(true);
        }
        w.create_service(spec).expect("service");
        let name = format!("e{i}");
        let tg = w
            .create_target_group(TargetGroupSpec::new(&name, 8080, "instance").on(&lb))
            .expect("tg");
        let td = w
            .register_task_definition(TaskDefinitionSpec::ec2(
                &name,
                &format!("r/{name}:{tag}"),
                256,
                512,
                8080,
            ))
            .expect("td");
        let mut spec = ServiceSpec::new("ec2", &name, &td, 3).ec2();
        if i % 2 == 1 {
            spec = spec.load_balancer(&tg, &name, 8080);
        }
        w.create_service(spec).expect("service");
    }
    w
}

/// Every count the API reports, recomputed from the tasks that exist.
fn check_counts(w: &World) {
    let tasks = w.all_tasks();
    for svc in w.all_services() {
        let cluster = arn_name(&svc.cluster_arn).to_string();
        let mine: Vec<&Task> = tasks
            .iter()
            .filter(|t| {
                t.group == format!("service:{}", svc.name) && t.cluster_arn == svc.cluster_arn
            })
            .collect();
        let running = mine
            .iter()
            .filter(|t| t.last_status == TaskStatus::Running)
            .count() as u32;
        let pending = mine.iter().filter(|t| t.last_status.is_starting()).count() as u32;
        assert_eq!(
            (svc.running_count, svc.pending_count),
            (running, pending),
            "{}",
            svc.name
        );
        let mut dep_running = 0;
        for d in &svc.deployments {
            let of = mine.iter().filter(|t| t.started_by == d.id);
            let r = of
                .clone()
                .filter(|t| t.last_status == TaskStatus::Running)
                .count() as u32;
            let p = of.filter(|t| t.last_status.is_starting()).count() as u32;
            assert_eq!(
                (d.running_count, d.pending_count),
                (r, p),
                "{} {}",
                svc.name,
                d.id
            );
            dep_running += r;
        }
        assert_eq!(
            dep_running, running,
            "every running task belongs to a deployment"
        );
        assert_eq!(
            svc.deployments
                .iter()
                .filter(|d| d.status == DeploymentStatus::Primary)
                .count(),
            1
        );
        assert_eq!(w.service(&cluster, &svc.name).as_ref(), Some(&svc));
    }
    for name in ["fg", "ec2"] {
        let c = w.cluster(name).expect("cluster");
        let mine: Vec<&Task> = tasks.iter().filter(|t| t.cluster_arn == c.arn).collect();
        assert_eq!(
            c.running_tasks as usize,
            mine.iter()
                .filter(|t| t.last_status == TaskStatus::Running)
                .count()
        );
        assert_eq!(
            c.pending_tasks as usize,
            mine.iter().filter(|t| t.last_status.is_starting()).count()
        );
        let active = w
            .all_services()
            .iter()
            .filter(|s| s.cluster_arn == c.arn && s.status == ServiceStatus::Active)
            .count();
        assert_eq!(c.active_services as usize, active);
    }
    for i in w.container_instances("ec2") {
        let here: Vec<&Task> = tasks
            .iter()
            .filter(|t| {
                t.container_instance_arn.as_deref() == Some(i.arn.as_str())
                    && t.last_status != TaskStatus::Stopped
            })
            .collect();
        let cpu: u32 = here.iter().map(|t| t.cpu).sum();
        let mem: u32 = here.iter().map(|t| t.memory).sum();
        assert!(
            cpu <= i.registered_cpu && mem <= i.registered_memory,
            "overcommitted"
        );
        assert_eq!(
            (i.remaining_cpu, i.remaining_memory),
            (i.registered_cpu - cpu, i.registered_memory - mem)
        );
        assert_eq!(
            i.running_tasks as usize,
            here.iter()
                .filter(|t| t.last_status == TaskStatus::Running)
                .count()
        );
        assert_eq!(
            i.pending_tasks as usize,
            here.iter().filter(|t| t.last_status.is_starting()).count()
        );
    }
    // Targets belong to tasks that exist and have not stopped; only RUNNING tasks are healthy targets.
    let ips: BTreeSet<&str> = tasks
        .iter()
        .filter(|t| t.last_status != TaskStatus::Stopped)
        .filter_map(|t| t.private_ip.as_deref())
        .collect();
    for g in w.target_groups().iter().filter(|g| g.target_type == "ip") {
        for h in w.target_health(&g.arn).unwrap_or_default() {
            assert!(
                ips.contains(h.target_id.as_str()),
                "target of a stopped task in {}",
                g.name
            );
        }
    }
}

#[test]
fn counts_follow_the_tasks_through_random_operations() {
    let mut w = mixed_world(31);
    let mut rng = fastrand::Rng::with_seed(99);
    for step in 0..1500 {
        w.advance(rng.i64(200..=3000));
        match rng.u32(0..100) {
            0..=2 => {
                let tasks: Vec<Task> = w
                    .all_tasks()
                    .into_iter()
                    .filter(|t| t.desired_status == DesiredStatus::Running)
                    .collect();
                if !tasks.is_empty() {
                    let t = &tasks[rng.usize(..tasks.len())];
                    let cluster = arn_name(&t.cluster_arn).to_string();
                    w.stop_task(&cluster, &t.arn, "chaos").expect("stop");
                }
            }
            3..=4 => {
                let services = w.all_services();
                let s = &services[rng.usize(..services.len())];
                let cluster = arn_name(&s.cluster_arn).to_string();
                w.set_desired_count(&cluster, &s.name, rng.u32(0..=6))
                    .expect("scale");
            }
            5 => {
                let services = w.all_services();
                let s = &services[rng.usize(..services.len())];
                let cluster = arn_name(&s.cluster_arn).to_string();
                w.force_new_deployment(&cluster, &s.name).expect("deploy");
            }
            _ => {}
        }
        if step % 10 == 0 {
            check_counts(&w);
        }
    }
    check_counts(&w);
}

fn snapshot(w: &World) -> (Vec<Service>, Vec<Task>, Vec<Vec<TargetHealth>>) {
    let health = w
        .target_groups()
        .iter()
        .map(|g| w.target_health(&g.arn).unwrap_or_default())
        .collect();
    (w.all_services(), w.all_tasks(), health)
}

#[test]
fn the_same_seed_gives_the_same_world() {
    let a = Sim::demo(42, SimClock::Manual);
    let b = Sim::demo(42, SimClock::Manual);
    for _ in 0..20 {
        a.advance(30_000);
        b.advance(30_000);
    }
    let (sa, sb) = (a.with_world(|w| snapshot(w)), b.with_world(|w| snapshot(w)));
    assert!(sa == sb, "same seed, same steps, same world");
    // How time is chunked does not matter either: the scheduler steps on a fixed grid.
    let c = Sim::demo(42, SimClock::Manual);
    for _ in 0..600 {
        c.advance(1000);
    }
    assert!(c.with_world(|w| snapshot(w)) == sa);
    let d = Sim::demo(43, SimClock::Manual);
    d.advance(600_000);
    assert!(
        d.with_world(|w| snapshot(w)) != sa,
        "another seed, another world"
    );
}

#[test]
fn demo_has_the_clusters_and_services_a_learner_needs() {
    let sim = Sim::demo(7, SimClock::Manual);
    sim.with_world(|w| {
        assert_eq!(w.now(), MANUAL_START.plus_millis(scenarios::DEMO_WARMUP_MS));
        let clusters: Vec<Cluster> = w
            .cluster_arns()
            .iter()
            .filter_map(|a| w.cluster(a))
            .collect();
        let names: Vec<&str> = clusters.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["prod-ec2", "prod-fargate", "staging"]);
        let services = w.all_services();
        assert!(services.len() >= 12);
        assert!(w.service_arns("staging").is_some_and(|s| s.len() <= 1));
        assert_eq!(w.load_balancers().len(), 2);
        let behind = services
            .iter()
            .filter(|s| !s.load_balancers.is_empty())
            .count();
        assert!(
            behind >= 7,
            "most services are behind target groups ({behind})"
        );
        let instances = w.container_instances("prod-ec2");
        // Six, and the m5.xlarge managed scaling launched for analytics.
        assert_eq!(instances.len(), 7);
        let azs: BTreeSet<&str> = instances
            .iter()
            .map(|i| i.availability_zone.as_str())
            .collect();
        assert_eq!(azs.len(), 3);
        assert!(instances.iter().any(|i| i.remaining_cpu < i.registered_cpu));
        assert!(w
            .cluster("prod-fargate")
            .is_some_and(|c| c.registered_container_instances == 0));
        // Alive at once: the healthy services are at their desired count.
        for name in ["web", "api", "checkout"] {
            let s = w.service("prod-fargate", name).expect("service");
            assert_eq!(s.running_count, s.desired_count, "{name}");
        }
        let payments = w.service("prod-fargate", "payments").expect("payments");
        assert_eq!(payments.desired_count, 10);
        assert_eq!(payments.deployment_configuration.maximum_percent, 110);
        assert_eq!(
            payments.deployments[0].rollout_state,
            RolloutState::InProgress
        );
        let search = w.service("prod-fargate", "search").expect("search");
        assert!(search.is_deploying());
        assert!(search
            .deployment_configuration
            .circuit_breaker
            .is_some_and(|c| c.enable && c.rollback));
        assert!(w
            .events("prod-ec2", "analytics")
            .iter()
            .any(|e| e.message.contains("was unable to place a task")));
    });
}

#[test]
fn demo_shows_failures_and_healing_within_a_minute() {
    let sim = Sim::demo(7, SimClock::Manual);
    let start = sim.with_world(|w| w.now());
    let (mut crashed, mut oom, mut unhealthy) = (false, false, false);
    for _ in 0..60 {
        sim.advance(1000);
        sim.with_world(|w| {
            let recent = |t: &Task| t.stopping_at.is_some_and(|s| s >= start);
            crashed |= w
                .tasks_of_service("prod-fargate", "image-resizer")
                .iter()
                .any(|t| {
                    recent(t)
                        && t.stop_code == Some(StopCode::EssentialContainerExited)
                        && t.containers[0].exit_code == Some(1)
                });
            oom |= w
                .tasks_of_service("prod-ec2", "inventory-sync")
                .iter()
                .any(|t| recent(t) && t.containers[0].exit_code == Some(137));
            let recs = w
                .service("prod-fargate", "recommendations")
                .expect("service");
            let tg = &recs.load_balancers[0].target_group_arn;
            unhealthy |= w.target_health(tg).unwrap_or_default().iter().any(|h| {
                h.state == TargetState::Unhealthy
                    && h.reason.as_deref() == Some("Target.FailedHealthChecks")
            });
        });
    }
    assert!(crashed, "image-resizer crashed within a minute");
    assert!(
        oom || sim.with_world(|w| w
            .tasks_of_service("prod-ec2", "inventory-sync")
            .iter()
            .any(|t| t.containers[0].exit_code == Some(137)))
    );
    assert!(
        unhealthy,
        "recommendations showed an unhealthy target within a minute"
    );
    sim.with_world(|w| {
        let resizer = w.events("prod-fargate", "image-resizer");
        assert!(resizer.iter().any(|e| e.created_at >= start
            && e.message
                .starts_with("(service image-resizer) has started 1 tasks")));
    });
}

#[test]
fn demo_deployments_progress_then_finish_or_roll_back() {
    let sim = Sim::demo(7, SimClock::Manual);
    let (mut failed, mut rolling_back) = (false, false);
    for second in (5..=30 * 60).step_by(5) {
        sim.advance(5_000);
        sim.with_world(|w| {
            let s = w.service("prod-fargate", "search").expect("search");
            failed |= s.deployments.iter().any(|d| {
                d.rollout_state == RolloutState::Failed
                    && d.status == DeploymentStatus::Active
                    && d.task_definition.ends_with("search:2")
            });
            rolling_back |= s.deployments[0].rollout_state_reason.starts_with(
                "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/",
            );
            if second == 180 {
                let payments = w.service("prod-fargate", "payments").expect("payments");
                assert_eq!(payments.deployments.len(), 2);
                assert_eq!(
                    payments.deployments[0].rollout_state,
                    RolloutState::InProgress,
                    "payments still rolling after 3 minutes"
                );
                assert!(payments.deployments[0].running_count > 0);
            }
        });
    }
    assert!(failed, "search's :broken deployment failed");
    assert!(rolling_back, "and rolled back");
    sim.with_world(|w| {
        let payments = w.service("prod-fargate", "payments").expect("payments");
        assert_eq!(payments.deployments.len(), 1);
        assert_eq!(
            payments.deployments[0].rollout_state,
            RolloutState::Completed
        );
        assert!(payments.task_definition.ends_with("payments:2"));
        let search = w.service("prod-fargate", "search").expect("search");
        assert_eq!(search.deployments.len(), 1);
        assert_eq!(search.deployments[0].rollout_state, RolloutState::Completed);
        assert!(search.task_definition.ends_with("search:1"));
    });
}

#[test]
fn an_impossible_desired_count_is_refused_and_changes_nothing() {
    let sim = Sim::demo(1, SimClock::Manual);
    let before = sim.with_world(|w| w.service("prod-fargate", "web").expect("web").desired_count);
    let err = sim
        .with_world(|w| w.set_desired_count("prod-fargate", "web", 6000))
        .expect_err("over the 5,000 tasks-per-service quota");
    assert!(
        matches!(&err, BackendError::Api { code, message } if code == "InvalidParameterException" && message.contains("5000")),
        "{err:?}"
    );
    let after = sim.with_world(|w| w.service("prod-fargate", "web").expect("web").desired_count);
    assert_eq!(before, after);
}
