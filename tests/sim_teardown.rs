//! Taking the demo region apart through wharf's `Backend` trait: DeleteService, StopTask for standalone tasks,
//! DeregisterContainerInstance, DeleteCluster, listeners, load balancers, target groups and task definitions.
//! The right order succeeds; a wrong one fails with the error AWS returns.

use std::collections::BTreeSet;

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError};
use wharf::model::*;

fn api(e: &BackendError) -> (&str, &str) {
    match e {
        BackendError::Api { code, message } => (code.as_str(), message.as_str()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn running() -> TaskFilter {
    TaskFilter {
        service_name: None,
        desired_status: DesiredStatus::Running,
    }
}

/// Advances a second at a time until `done` holds (at most ten minutes).
fn wait_until(sim: &Sim, mut done: impl FnMut(&World) -> bool) {
    for _ in 0..600 {
        if sim.with_world(|w| done(w)) {
            return;
        }
        sim.advance(1000);
    }
    panic!("still waiting after ten virtual minutes");
}

fn no_task_left(cluster: &str) -> impl FnMut(&World) -> bool + '_ {
    move |w| {
        w.cluster_tasks(cluster)
            .iter()
            .all(|t| t.last_status == TaskStatus::Stopped)
    }
}

async fn force_delete_services(sim: &Sim, cluster: &str) -> BTreeSet<String> {
    let arns = sim.list_services(cluster).await.expect("services");
    let mut families = BTreeSet::new();
    for arn in &arns {
        let svc = sim
            .delete_service(cluster, arn, true)
            .await
            .expect("delete");
        assert_eq!(svc.status, ServiceStatus::Draining);
        families.insert(
            svc.task_definition
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string(),
        );
    }
    assert_eq!(
        sim.list_services(cluster).await,
        Ok(vec![]),
        "gone from ListServices at once"
    );
    let names = arns.clone();
    wait_until(sim, |w| {
        names.iter().all(|a| {
            w.service(cluster, a)
                .is_some_and(|s| s.status == ServiceStatus::Inactive)
        })
    });
    families
        .into_iter()
        .map(|fr| fr.split(':').next().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn delete_service_drains_then_goes_inactive() {
    let sim = Sim::demo(1, SimClock::Manual);
    let e = sim
        .delete_service("prod-fargate", "web", false)
        .await
        .unwrap_err();
    assert_eq!(
        api(&e),
        (
            "InvalidParameterException",
            "The service cannot be stopped while it is scaled above 0."
        )
    );
    let svc = sim
        .delete_service("prod-fargate", "web", true)
        .await
        .expect("force");
    assert_eq!(
        (svc.status, svc.desired_count),
        (ServiceStatus::Draining, 0)
    );
    let listed = sim.list_services("prod-fargate").await.expect("list");
    assert!(!listed.iter().any(|a| a.ends_with("/web")));
    let e = sim
        .delete_service("prod-fargate", "web", true)
        .await
        .unwrap_err();
    assert_eq!(
        api(&e),
        ("ServiceNotActiveException", "Service was not ACTIVE.")
    );
    assert_eq!(
        sim.list_service_deployments("prod-fargate", "web").await,
        Ok(vec![])
    );
    sim.advance(30_000);
    let d = sim
        .describe_services("prod-fargate", &["web".into()])
        .await
        .expect("describe");
    assert_eq!(
        d.items[0].status,
        ServiceStatus::Inactive,
        "still described"
    );
    let e = sim
        .delete_service("prod-fargate", "web", true)
        .await
        .unwrap_err();
    assert_eq!(api(&e).0, "ServiceNotActiveException");

    // Scaled to 0 first, no force is needed.
    sim.update_service(
        "prod-fargate",
        "api",
        &wharf::backend::ServiceUpdate {
            desired_count: Some(0),
            ..Default::default()
        },
    )
    .await
    .expect("scale to 0");
    sim.delete_service("prod-fargate", "api", false)
        .await
        .expect("delete");
}

#[tokio::test]
async fn a_cluster_is_deleted_only_once_its_services_and_tasks_are_gone() {
    let sim = Sim::demo(2, SimClock::Manual);
    let e = sim.delete_cluster("staging").await.unwrap_err();
    assert_eq!(
        api(&e),
        (
            "ClusterContainsServicesException",
            "The Cluster cannot be deleted while Services are active."
        )
    );
    sim.delete_service("staging", "web", true)
        .await
        .expect("delete");
    let e = sim.delete_cluster("staging").await.unwrap_err();
    assert_eq!(
        api(&e).0,
        "ClusterContainsServicesException",
        "DRAINING counts"
    );
    wait_until(&sim, |w| {
        w.service("staging", "web")
            .is_some_and(|s| s.status == ServiceStatus::Inactive)
    });
    // The demo's standalone job keeps the cluster.
    let jobs = sim.list_tasks("staging", &running()).await.expect("tasks");
    let d = sim
        .describe_tasks("staging", &jobs)
        .await
        .expect("describe");
    assert_eq!(d.items.len(), 1);
    let job = &d.items[0];
    assert_eq!(
        (job.group.as_str(), job.started_by.as_str()),
        ("family:db-migrate", "ci-pipeline")
    );
    assert_eq!(job.last_status, TaskStatus::Running);
    let e = sim.delete_cluster("staging").await.unwrap_err();
    assert_eq!(
        api(&e),
        (
            "ClusterContainsTasksException",
            "The Cluster cannot be deleted while Tasks are active."
        )
    );
    sim.stop_task("staging", &job.arn, "migration done")
        .await
        .expect("stop");
    let e = sim.delete_cluster("staging").await.unwrap_err();
    assert_eq!(
        api(&e).0,
        "ClusterContainsTasksException",
        "until it is STOPPED"
    );
    wait_until(&sim, no_task_left("staging"));
    let c = sim.delete_cluster("staging").await.expect("delete");
    assert_eq!(
        (c.name.as_str(), c.status.as_str()),
        ("staging", "INACTIVE")
    );
    let arns = sim.list_clusters().await.expect("list");
    assert_eq!(arns.len(), 2);
    let d = sim
        .describe_clusters(std::slice::from_ref(&c.arn))
        .await
        .expect("describe");
    assert_eq!(d.items, vec![c.clone()], "DescribeClusters still shows it");
    let e = sim.list_services("staging").await.unwrap_err();
    assert_eq!(api(&e).0, "ClusterNotFoundException");
    let e = sim.delete_cluster("staging").await.unwrap_err();
    assert_eq!(api(&e).0, "ClusterNotFoundException");
}

#[tokio::test]
async fn a_deregistered_instance_takes_its_tasks_with_it_and_services_replace_them() {
    let sim = Sim::demo(3, SimClock::Manual);
    let td = sim.with_world(|w| {
        w.register_task_definition(TaskDefinitionSpec::ec2("cron", "repo/cron:1", 128, 128, 0))
            .expect("td")
    });
    let instances = sim
        .describe_container_instances(
            "prod-ec2",
            &sim.list_container_instances("prod-ec2").await.unwrap(),
        )
        .await
        .expect("instances")
        .items;
    let busy = instances
        .iter()
        .find(|i| i.running_tasks > 0)
        .expect("a busy instance");
    let on_it = |w: &World, arn: &str| -> Vec<Task> {
        w.cluster_tasks("prod-ec2")
            .into_iter()
            .filter(|t| t.container_instance_arn.as_deref() == Some(arn))
            .filter(|t| t.desired_status == DesiredStatus::Running)
            .collect()
    };
    let e = sim
        .deregister_container_instance("prod-ec2", &busy.arn, false)
        .await
        .unwrap_err();
    assert_eq!(
        api(&e),
        (
            "InvalidParameterException",
            "Found running tasks on the instance."
        )
    );
    let victims = sim.with_world(|w| on_it(w, &busy.arn));
    let gone = sim
        .deregister_container_instance("prod-ec2", &busy.arn, true)
        .await
        .expect("force");
    assert_eq!(
        (gone.arn.as_str(), gone.status.as_str()),
        (busy.arn.as_str(), "INACTIVE")
    );
    assert_eq!(
        sim.list_container_instances("prod-ec2")
            .await
            .map(|l| l.len()),
        // Seven with analytics' m5.xlarge (managed scaling), less the one deregistered.
        Ok(6)
    );
    let stopped = sim
        .describe_tasks(
            "prod-ec2",
            &victims.iter().map(|t| t.arn.clone()).collect::<Vec<_>>(),
        )
        .await
        .expect("describe");
    assert!(stopped
        .items
        .iter()
        .all(|t| t.desired_status == DesiredStatus::Stopped));
    sim.advance(120_000);
    for name in ["orders", "ledger", "worker", "notifications"] {
        let svc = sim
            .describe_services("prod-ec2", &[name.into()])
            .await
            .expect("describe")
            .items
            .remove(0);
        assert_eq!(
            svc.running_count, svc.desired_count,
            "{name} replaced its tasks"
        );
    }
    assert!(sim.with_world(|w| on_it(w, &busy.arn)).is_empty());

    // A standalone task goes with its instance and nothing replaces it; an idle instance needs no force.
    let job = sim
        .with_world(|w| w.run_task(&RunTaskSpec::new("prod-ec2", &td).ec2()))
        .expect("run")
        .items
        .remove(0);
    let host = job
        .container_instance_arn
        .clone()
        .expect("placed on an instance");
    sim.deregister_container_instance("prod-ec2", &host, true)
        .await
        .expect("force");
    sim.advance(60_000);
    let job = sim.with_world(|w| w.task(&job.arn)).expect("job");
    assert_eq!(job.last_status, TaskStatus::Stopped);
    let big = sim.with_world(|w| {
        // Bigger than any instance, the m5.xlarge managed scaling adds for analytics included.
        w.register_task_definition(TaskDefinitionSpec::ec2("big", "repo/big:1", 8192, 128, 0))
    });
    let run = sim
        .with_world(|w| w.run_task(&RunTaskSpec::new("prod-ec2", &big.expect("td")).ec2()))
        .expect("run");
    assert!(run.items.is_empty());
    assert_eq!(run.failures[0].reason, "RESOURCE:CPU");
}

#[tokio::test]
async fn the_demo_region_comes_apart_in_the_right_order() {
    let sim = Sim::demo(5, SimClock::Manual);
    let mut families = BTreeSet::from(["db-migrate".to_string()]);
    for cluster in sim.list_clusters().await.expect("clusters") {
        families.extend(force_delete_services(&sim, &cluster).await);
        for task in sim.list_tasks(&cluster, &running()).await.expect("tasks") {
            sim.stop_task(&cluster, &task, "teardown")
                .await
                .expect("stop");
        }
        wait_until(&sim, no_task_left(&cluster));
        let instances = sim
            .list_container_instances(&cluster)
            .await
            .expect("instances");
        if let Some(first) = instances.first() {
            let e = sim.delete_cluster(&cluster).await.unwrap_err();
            assert_eq!(
                api(&e),
                ("ClusterContainsContainerInstancesException", "The Cluster cannot be deleted while Container Instances are active or draining.")
            );
            assert!(sim
                .deregister_container_instance(&cluster, first, false)
                .await
                .is_ok());
        }
        for i in instances.iter().skip(1) {
            sim.deregister_container_instance(&cluster, i, false)
                .await
                .expect("idle");
        }
        let c = sim.delete_cluster(&cluster).await.expect("delete cluster");
        assert_eq!(c.status, "INACTIVE");
    }
    assert_eq!(sim.list_clusters().await, Ok(vec![]));

    let groups = sim.describe_target_groups(&[]).await.expect("groups");
    for lb in sim.describe_load_balancers(&[]).await.expect("lbs") {
        for l in sim.describe_listeners(&lb.arn).await.expect("listeners") {
            sim.delete_listener(&l.arn).await.expect("listener");
        }
        sim.delete_load_balancer(&lb.arn).await.expect("lb");
    }
    for g in &groups {
        sim.delete_target_group(&g.arn).await.expect("target group");
    }
    assert_eq!(sim.describe_load_balancers(&[]).await, Ok(vec![]));
    assert_eq!(sim.describe_target_groups(&[]).await, Ok(vec![]));

    let mut revisions = Vec::new();
    for family in &families {
        for arn in sim
            .list_task_definitions(family, RevisionStatus::Active)
            .await
            .expect("list")
        {
            sim.deregister_task_definition(&arn)
                .await
                .expect("deregister");
        }
        revisions.extend(
            sim.list_task_definitions(family, RevisionStatus::Inactive)
                .await
                .expect("list"),
        );
    }
    assert!(
        revisions.len() > 10,
        "more than one DeleteTaskDefinitions call"
    );
    let d = sim
        .delete_task_definitions(&revisions)
        .await
        .expect("delete");
    assert_eq!((d.items.len(), d.failures.len()), (revisions.len(), 0));
    sim.advance(1000);
    for arn in &revisions {
        let e = sim.describe_task_definition(arn).await.unwrap_err();
        assert_eq!(
            api(&e),
            ("ClientException", "Unable to describe task definition.")
        );
    }
}
