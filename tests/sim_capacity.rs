//! Capacity in the sandbox: container instances' remaining CPU and memory as placement uses them, capacity
//! providers, and UpdateContainerInstancesState as the ECS developer guide's "Container instance draining"
//! describes it: a DRAINING instance takes no new task, its service tasks that have not reached RUNNING stop
//! at once, its RUNNING service tasks are replaced elsewhere within minimumHealthyPercent and maximumPercent,
//! standalone tasks stay, and ACTIVE again makes it placeable. Wrong orders fail with AWS's errors.

use std::collections::BTreeSet;

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError};
use wharf::model::*;

const C: &str = "cap";

fn api(e: &BackendError) -> (&str, &str) {
    match e {
        BackendError::Api { code, message } => (code.as_str(), message.as_str()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// A cluster `cap` with one 2-vCPU, 4-GiB instance in sandbox-1a; answers its ARN.
fn world() -> (Sim, String) {
    let mut w = World::new(11, MANUAL_START);
    w.create_cluster(C, &[]);
    let a = w
        .add_instance(C, InstanceSpec::new("sandbox-1a", 2048, 4096))
        .expect("instance");
    (Sim::new(w, SimClock::Manual), a)
}

fn add(sim: &Sim, az: &str) -> String {
    sim.with_world(|w| w.add_instance(C, InstanceSpec::new(az, 2048, 4096)))
        .expect("instance")
}

fn task_definition(sim: &Sim, family: &str, cpu: u32, memory: u32) -> String {
    let spec = TaskDefinitionSpec::ec2(family, &format!("repo/{family}:1"), cpu, memory, 0);
    sim.with_world(|w| w.register_task_definition(spec))
        .expect("task definition")
}

fn service(sim: &Sim, name: &str, desired: u32, percents: (u32, u32)) {
    let td = task_definition(sim, name, 256, 512);
    let spec = ServiceSpec::new(C, name, &td, desired)
        .ec2()
        .percents(percents.0, percents.1);
    sim.with_world(|w| w.create_service(spec)).expect("service");
}

fn standalone(sim: &Sim) -> Task {
    let td = task_definition(sim, "job", 256, 256);
    sim.with_world(|w| w.run_task(&RunTaskSpec::new(C, &td).ec2()))
        .expect("run")
        .items
        .remove(0)
}

fn instance(sim: &Sim, arn: &str) -> ContainerInstance {
    sim.with_world(|w| w.container_instances(C))
        .into_iter()
        .find(|i| i.arn == arn)
        .expect("instance")
}

/// The service's tasks that are wanted (desired RUNNING).
fn live(w: &World, name: &str) -> Vec<Task> {
    w.tasks_of_service(C, name)
        .into_iter()
        .filter(|t| t.desired_status == DesiredStatus::Running)
        .collect()
}

fn healthy(tasks: &[Task]) -> usize {
    tasks
        .iter()
        .filter(|t| {
            t.last_status == TaskStatus::Running && t.health_status == HealthStatus::Healthy
        })
        .count()
}

fn on(tasks: &[Task], arn: &str) -> usize {
    tasks
        .iter()
        .filter(|t| t.container_instance_arn.as_deref() == Some(arn))
        .count()
}

/// Advances a second at a time until `done` holds (at most ten virtual minutes), checking `each` on the way.
fn run_until(sim: &Sim, mut each: impl FnMut(&World), mut done: impl FnMut(&World) -> bool) {
    for _ in 0..600 {
        if sim.with_world(|w| {
            each(w);
            done(w)
        }) {
            return;
        }
        sim.advance(1000);
    }
    panic!("still waiting after ten virtual minutes");
}

fn steady(name: &'static str, desired: usize) -> impl FnMut(&World) -> bool {
    move |w| {
        let tasks = live(w, name);
        tasks.len() == desired && healthy(&tasks) == desired
    }
}

async fn drain(sim: &Sim, arn: &str, status: ContainerInstanceStatus) -> ContainerInstance {
    let d = sim
        .update_container_instances_state(C, &[arn.to_string()], status)
        .await
        .expect("update");
    assert!(d.failures.is_empty(), "{:?}", d.failures);
    d.items.into_iter().next().expect("the instance")
}

#[tokio::test]
async fn placed_tasks_lower_remaining_cpu_and_memory_and_what_does_not_fit_fails() {
    let (sim, a) = world();
    let fresh = instance(&sim, &a);
    assert_eq!((fresh.remaining_cpu, fresh.remaining_memory), (2048, 4096));
    assert_eq!(fresh.instance_type.as_deref(), Some("m5.large"));
    assert_eq!(fresh.agent_version.as_deref(), Some(AGENT_VERSION));
    assert_eq!(fresh.registered_at, Some(MANUAL_START));
    let td = task_definition(&sim, "big", 1536, 3072);
    let run = sim
        .with_world(|w| w.run_task(&RunTaskSpec::new(C, &td).ec2()))
        .expect("run");
    assert_eq!(
        run.items[0].container_instance_arn.as_deref(),
        Some(a.as_str())
    );
    let used = instance(&sim, &a);
    assert_eq!((used.remaining_cpu, used.remaining_memory), (512, 1024));
    assert_eq!((used.registered_cpu, used.registered_memory), (2048, 4096));
    assert_eq!(used.pending_tasks, 1);
    sim.advance(30_000);
    assert_eq!(instance(&sim, &a).running_tasks, 1);

    let run = sim
        .with_world(|w| w.run_task(&RunTaskSpec::new(C, &td).ec2()))
        .expect("run");
    assert!(run.items.is_empty());
    assert_eq!(run.failures[0].reason, "RESOURCE:CPU");
    assert_eq!(run.failures[0].arn, a);

    // A task that stops gives its share back.
    sim.stop_task(C, &used_task(&sim), "done")
        .await
        .expect("stop");
    sim.advance(30_000);
    let back = instance(&sim, &a);
    assert_eq!((back.remaining_cpu, back.remaining_memory), (2048, 4096));
}

fn used_task(sim: &Sim) -> String {
    sim.with_world(|w| w.cluster_tasks(C))
        .into_iter()
        .find(|t| t.desired_status == DesiredStatus::Running)
        .expect("a running task")
        .arn
}

#[tokio::test]
async fn draining_replaces_running_service_tasks_first_when_maximum_percent_allows() {
    let (sim, a) = world();
    let job = standalone(&sim);
    assert_eq!(job.container_instance_arn.as_deref(), Some(a.as_str()));
    let b = add(&sim, "sandbox-1b");
    service(&sim, "web", 2, (100, 200));
    run_until(&sim, |_| {}, steady("web", 2));
    let before = sim.with_world(|w| live(w, "web"));
    assert_eq!((on(&before, &a), on(&before, &b)), (1, 1), "{before:?}");
    let c = add(&sim, "sandbox-1c");
    let old: BTreeSet<String> = sim
        .with_world(|w| w.cluster_tasks(C))
        .into_iter()
        .map(|t| t.arn)
        .collect();

    let drained = drain(&sim, &a, ContainerInstanceStatus::Draining).await;
    assert_eq!(drained.status, "DRAINING");
    // RUNNING tasks are not stopped by the call itself.
    assert_eq!(on(&sim.with_world(|w| live(w, "web")), &a), 1);

    let mut most = 0;
    run_until(
        &sim,
        |w| {
            let tasks = live(w, "web");
            most = most.max(tasks.len());
            assert!(tasks.len() <= 4, "maximumPercent 200: {tasks:?}");
            assert!(healthy(&tasks) >= 2, "minimumHealthyPercent 100: {tasks:?}");
            for t in w.cluster_tasks(C).iter().filter(|t| !old.contains(&t.arn)) {
                assert_ne!(t.container_instance_arn.as_deref(), Some(a.as_str()));
            }
        },
        |w| on(&live(w, "web"), &a) == 0 && steady("web", 2)(w),
    );
    assert_eq!(
        most, 3,
        "the replacement started before the old task stopped"
    );
    let after = sim.with_world(|w| live(w, "web"));
    assert_eq!(on(&after, &c), 1, "the replacement went to the emptiest AZ");
    let job = sim.with_world(|w| w.task(&job.arn)).expect("job");
    assert_eq!(
        (job.last_status, job.desired_status),
        (TaskStatus::Running, DesiredStatus::Running),
        "standalone tasks are left alone"
    );
    // Steady once the old task has stopped too.
    sim.advance(30_000);
    let events: Vec<String> = sim
        .with_world(|w| w.events(C, "web"))
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert!(
        events
            .iter()
            .any(|m| m.starts_with("(service web) has started 1 tasks:")),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|m| m.starts_with("(service web) has stopped 1 running tasks:")),
        "{events:?}"
    );
    assert!(
        events[0].ends_with("has reached a steady state."),
        "{events:?}"
    );
    let a_now = instance(&sim, &a);
    assert_eq!(
        (a_now.status.as_str(), a_now.running_tasks),
        ("DRAINING", 1)
    );
}

#[tokio::test]
async fn with_minimum_healthy_50_draining_stops_before_it_starts_and_never_exceeds_the_maximum() {
    let (sim, a) = world();
    service(&sim, "api", 2, (50, 100));
    run_until(&sim, |_| {}, steady("api", 2));
    assert_eq!(on(&sim.with_world(|w| live(w, "api")), &a), 2);
    let b = add(&sim, "sandbox-1b");
    drain(&sim, &a, ContainerInstanceStatus::Draining).await;
    let mut fewest = 2;
    run_until(
        &sim,
        |w| {
            let tasks = live(w, "api");
            assert!(tasks.len() <= 2, "maximumPercent 100: {tasks:?}");
            assert!(healthy(&tasks) >= 1, "minimumHealthyPercent 50: {tasks:?}");
            fewest = fewest.min(healthy(&tasks));
        },
        |w| on(&live(w, "api"), &b) == 2 && steady("api", 2)(w),
    );
    assert_eq!(fewest, 1, "one task stopped before its replacement ran");
}

#[tokio::test]
async fn service_tasks_not_yet_running_stop_at_once_standalone_ones_stay() {
    let (sim, a) = world();
    service(&sim, "web", 2, (100, 200));
    sim.advance(1000);
    let job = standalone(&sim);
    let starting = sim.with_world(|w| live(w, "web"));
    assert_eq!(on(&starting, &a), 2);
    assert!(starting.iter().all(|t| t.last_status < TaskStatus::Running));
    let b = add(&sim, "sandbox-1b");

    drain(&sim, &a, ContainerInstanceStatus::Draining).await;
    for t in &starting {
        let t = sim.with_world(|w| w.task(&t.arn)).expect("task");
        assert_eq!(t.desired_status, DesiredStatus::Stopped);
        assert_eq!(t.stop_code, Some(StopCode::ServiceSchedulerInitiated));
    }
    let job_now = sim.with_world(|w| w.task(&job.arn)).expect("job");
    assert_eq!(job_now.desired_status, DesiredStatus::Running);
    run_until(&sim, |_| {}, steady("web", 2));
    assert_eq!(on(&sim.with_world(|w| live(w, "web")), &b), 2);
}

#[tokio::test]
async fn nothing_is_placed_on_a_draining_instance_until_it_is_active_again() {
    let (sim, a) = world();
    drain(&sim, &a, ContainerInstanceStatus::Draining).await;
    let td = task_definition(&sim, "job", 256, 256);
    let e = sim
        .with_world(|w| w.run_task(&RunTaskSpec::new(C, &td).ec2()))
        .unwrap_err();
    assert_eq!(
        api(&e),
        (
            "InvalidParameterException",
            "No Container Instances were found in your cluster."
        )
    );
    service(&sim, "web", 1, (100, 200));
    sim.advance(10_000);
    assert!(sim.with_world(|w| live(w, "web")).is_empty());
    let events = sim.with_world(|w| w.events(C, "web"));
    assert!(
        events[0]
            .message
            .contains("No Container Instances were found in your cluster."),
        "{events:?}"
    );

    let back = drain(&sim, &a, ContainerInstanceStatus::Active).await;
    assert_eq!(back.status, "ACTIVE");
    run_until(&sim, |_| {}, steady("web", 1));
    assert_eq!(on(&sim.with_world(|w| live(w, "web")), &a), 1);
}

#[tokio::test]
async fn wrong_orders_fail_as_aws_fails_them() {
    let (sim, a) = world();
    let e = sim
        .update_container_instances_state(
            "nope",
            std::slice::from_ref(&a),
            ContainerInstanceStatus::Draining,
        )
        .await
        .unwrap_err();
    assert_eq!(api(&e), ("ClusterNotFoundException", "Cluster not found."));
    let e = sim
        .with_world(|w| {
            w.update_container_instances_state(C, std::slice::from_ref(&a), "REGISTERING")
        })
        .unwrap_err();
    assert_eq!(
        api(&e),
        (
            "InvalidParameterException",
            "Container instance status should be one of [ACTIVE, DRAINING]"
        )
    );
    assert_eq!(instance(&sim, &a).status, "ACTIVE");

    let unknown = format!(
        "arn:aws:ecs:sandbox-1:000000000000:container-instance/{C}/{}",
        "f".repeat(32)
    );
    let d = sim
        .update_container_instances_state(
            C,
            &[unknown.clone(), arn_name(&a).to_string()],
            ContainerInstanceStatus::Draining,
        )
        .await
        .expect("update");
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.items[0].arn, a);
    assert_eq!(d.failures.len(), 1);
    assert_eq!(
        (d.failures[0].arn.as_str(), d.failures[0].reason.as_str()),
        (unknown.as_str(), "MISSING")
    );

    // At most 10 a call: the backend sends 11 as two calls; the API itself refuses 11.
    let mut many: Vec<String> = (0..10).map(|_| unknown.clone()).collect();
    many.push(a.clone());
    let e = sim
        .with_world(|w| w.update_container_instances_state(C, &many, "ACTIVE"))
        .unwrap_err();
    assert_eq!(api(&e).0, "InvalidParameterException");
    let d = sim
        .update_container_instances_state(C, &many, ContainerInstanceStatus::Active)
        .await
        .expect("two batches");
    assert_eq!((d.items.len(), d.failures.len()), (1, 10));
    assert_eq!(instance(&sim, &a).status, "ACTIVE");
}
