//! The AWS backend against moto (a real ECS/ELBv2 wire-protocol emulator) on a loopback port: reads of more
//! than a page, the calls each read costs (from the backend's own counters), and every write seen through a
//! fresh read. One moto per test binary; tests use their own names, so they can run together.

mod support;

use support::moto;
use support::world::Fixture;
use wharf::backend::aws::ServiceUpdate;
use wharf::backend::Backend;
use wharf::model::{DesiredStatus, ServiceStatus, TaskFilter, TaskStatus};

fn fixture() -> Fixture {
    Fixture::new(&moto::shared().endpoint)
}

fn running(service: Option<&str>) -> TaskFilter {
    TaskFilter {
        service_name: service.map(str::to_string),
        desired_status: DesiredStatus::Running,
    }
}

#[tokio::test]
async fn more_than_100_services_are_listed_and_described_in_batches_of_10() {
    let fx = fixture();
    let cluster = fx.cluster("many-services").await;
    let td = fx.task_definition("many-services", "nginx:1").await;
    for i in 0..120 {
        fx.service(&cluster, &format!("svc-{i:03}"), &td, 1).await;
    }
    let aws = fx.aws();

    let arns = aws.list_services(&cluster).await.expect("ListServices");
    let described = aws
        .describe_services(&cluster, &arns)
        .await
        .expect("DescribeServices");

    assert_eq!(arns.len(), 120);
    assert_eq!(described.items.len(), 120);
    assert!(described.failures.is_empty(), "{:?}", described.failures);
    let mut names: Vec<_> = described.items.iter().map(|s| s.name.clone()).collect();
    names.sort();
    assert_eq!(names.first().map(String::as_str), Some("svc-000"));
    assert_eq!(names.last().map(String::as_str), Some("svc-119"));
    let web = &described.items[0];
    assert_eq!(web.task_definition, td);
    assert_eq!(web.desired_count, 1);
    assert_eq!(web.cluster_arn, cluster);
    // moto answers every list in one page (it ignores maxResults); 120 services = 12 batches of 10.
    let counts = aws.call_counts();
    assert_eq!(counts.get("ListServices"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("DescribeServices"), Some(&12), "{counts:?}");
    assert_eq!(aws.call_counter().total(), 13, "{counts:?}");
}

#[tokio::test]
async fn more_than_100_tasks_are_listed_and_described_in_batches_of_100() {
    let server = moto::shared();
    server.keep_tasks_running();
    let fx = fixture();
    let cluster = fx.cluster("many-tasks").await;
    let td = fx.task_definition("many-tasks", "worker:1").await;
    let started = fx.tasks(&cluster, &td, 130, "batch-job").await;
    assert_eq!(started.len(), 130);
    let aws = fx.aws();

    let arns = aws
        .list_tasks(&cluster, &running(None))
        .await
        .expect("ListTasks");
    let described = aws
        .describe_tasks(&cluster, &arns)
        .await
        .expect("DescribeTasks");

    assert_eq!(arns.len(), 130);
    assert_eq!(described.items.len(), 130);
    assert!(described.failures.is_empty(), "{:?}", described.failures);
    let task = &described.items[0];
    assert_eq!(task.task_definition_arn, td);
    assert_eq!(task.started_by, "batch-job");
    assert_eq!(task.cluster_arn, cluster);
    let counts = aws.call_counts();
    assert_eq!(counts.get("ListTasks"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("DescribeTasks"), Some(&2), "{counts:?}");
    assert_eq!(aws.call_counter().total(), 3, "{counts:?}");
}

#[tokio::test]
async fn clusters_are_described_with_one_call_and_tell_the_account() {
    let fx = fixture();
    let a = fx.cluster("clusters-a").await;
    let b = fx.cluster("clusters-b").await;
    let aws = fx.aws();

    let arns = aws.list_clusters().await.expect("ListClusters");
    assert!(arns.contains(&a) && arns.contains(&b), "{arns:?}");
    let described = aws
        .describe_clusters(&arns)
        .await
        .expect("DescribeClusters");

    assert_eq!(described.items.len(), arns.len());
    let cluster = described
        .items
        .iter()
        .find(|c| c.arn == a)
        .expect("cluster a");
    assert_eq!(cluster.name, "clusters-a");
    assert_eq!(cluster.status, "ACTIVE");
    let counts = aws.call_counts();
    assert_eq!(counts.get("ListClusters"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("DescribeClusters"), Some(&1), "{counts:?}");
    assert_eq!(aws.info().account_id.as_deref(), Some("123456789012"));
}

#[tokio::test]
async fn a_task_definition_is_described_once_across_reads() {
    let fx = fixture();
    let td = fx.task_definition("described-once", "nginx:1").await;
    let aws = fx.aws();

    let (first, second) = futures::future::join(
        aws.describe_task_definition(&td),
        aws.describe_task_definition(&td),
    )
    .await;
    let third = aws.describe_task_definition(&td).await.expect("third read");

    let first = first.expect("first read");
    assert_eq!(first, second.expect("second read"));
    assert_eq!(first, third);
    assert_eq!(first.family, "described-once");
    assert_eq!(first.revision, 1);
    assert_eq!(first.containers[0].image, "nginx:1");
    assert_eq!(first.containers[0].memory, Some(128));
    assert_eq!(aws.call_counts().get("DescribeTaskDefinition"), Some(&1));
    assert_eq!(aws.cached_task_definitions(), 1);
}

#[tokio::test]
async fn update_service_is_seen_by_a_fresh_read() {
    let fx = fixture();
    let cluster = fx.cluster("updates").await;
    let td1 = fx.task_definition("updates", "nginx:1").await;
    let td2 = fx.task_definition("updates", "nginx:2").await;
    let arn = fx.service(&cluster, "web", &td1, 1).await;
    let aws = fx.aws();

    let scaled = aws
        .update_service(
            &cluster,
            "web",
            &ServiceUpdate {
                desired_count: Some(3),
                ..Default::default()
            },
        )
        .await
        .expect("scale");
    assert_eq!(scaled.desired_count, 3);
    aws.update_service(
        &cluster,
        &arn,
        &ServiceUpdate {
            task_definition: Some(td2.clone()),
            force_new_deployment: true,
            ..Default::default()
        },
    )
    .await
    .expect("new task definition, forced");

    let fresh = fx.aws();
    let read = fresh
        .describe_services(&cluster, std::slice::from_ref(&arn))
        .await
        .expect("fresh read");
    let service = &read.items[0];
    assert_eq!(service.desired_count, 3);
    assert_eq!(service.task_definition, td2);
    assert!(service.primary_deployment().is_some());
    assert_eq!(aws.call_counts().get("UpdateService"), Some(&2));
}

#[tokio::test]
async fn stop_task_is_seen_by_a_fresh_read() {
    let server = moto::shared();
    server.keep_tasks_running();
    let fx = fixture();
    let cluster = fx.cluster("stops").await;
    let td = fx.task_definition("stops", "nginx:1").await;
    let tasks = fx.tasks(&cluster, &td, 2, "stops").await;
    let aws = fx.aws();

    let stopped = aws
        .stop_task(&cluster, &tasks[0], "stopped by wharf test")
        .await
        .expect("StopTask");
    assert_eq!(stopped.desired_status, DesiredStatus::Stopped);

    let fresh = fx.aws();
    let read = fresh
        .describe_tasks(&cluster, &tasks)
        .await
        .expect("fresh read");
    let task = read
        .items
        .iter()
        .find(|t| t.arn == tasks[0])
        .expect("stopped task");
    assert_eq!(task.desired_status, DesiredStatus::Stopped);
    assert_eq!(task.last_status, TaskStatus::Stopped);
    assert_eq!(
        task.stopped_reason.as_deref(),
        Some("stopped by wharf test")
    );
    let other = read
        .items
        .iter()
        .find(|t| t.arn == tasks[1])
        .expect("other task");
    assert_eq!(other.desired_status, DesiredStatus::Running);
    let still_running = fresh
        .list_tasks(&cluster, &running(None))
        .await
        .expect("ListTasks");
    assert_eq!(still_running, vec![tasks[1].clone()]);
}

#[tokio::test]
async fn task_definition_writes_are_seen_by_a_fresh_read() {
    let fx = fixture();
    let base = fx.task_definition("revisions", "nginx:1").await;
    let aws = fx.aws();

    let new = aws
        .register_task_definition(&base, &[("app".into(), "nginx:2".into())])
        .await
        .expect("RegisterTaskDefinition");
    assert_eq!(new.revision, 2);
    let fresh = fx.aws();
    let read = fresh
        .describe_task_definition(&new.arn)
        .await
        .expect("fresh read");
    assert_eq!(read.containers[0].image, "nginx:2");
    assert_eq!(
        read.containers[0].memory,
        Some(128),
        "other fields are kept"
    );
    assert_eq!(read.containers[0].port_mappings[0].container_port, 80);

    let unknown = aws
        .register_task_definition(&base, &[("nope".into(), "x:1".into())])
        .await
        .expect_err("no such container");
    assert!(unknown.to_string().contains("container nope"), "{unknown}");

    let inactive = aws
        .deregister_task_definition(&base)
        .await
        .expect("Deregister");
    assert_eq!(inactive.status, "INACTIVE");
    assert_eq!(
        fx.aws()
            .describe_task_definition(&base)
            .await
            .expect("read")
            .status,
        "INACTIVE"
    );
    assert_eq!(
        aws.describe_task_definition(&base)
            .await
            .expect("cached")
            .status,
        "INACTIVE",
        "the cache follows the write"
    );

    let deleted = aws
        .delete_task_definitions(std::slice::from_ref(&base))
        .await
        .expect("DeleteTaskDefinitions");
    assert_eq!(deleted.items.len(), 1, "{:?}", deleted.failures);
    assert_eq!(deleted.items[0].status, "DELETE_IN_PROGRESS");
    let after = fx.aws().describe_task_definition(&base).await;
    assert!(
        after
            .as_ref()
            .map_or(true, |td| td.status == "DELETE_IN_PROGRESS"),
        "{after:?}"
    );
}

#[tokio::test]
async fn delete_service_and_cluster_are_seen_by_a_fresh_read() {
    let fx = fixture();
    let cluster = fx.cluster("teardown").await;
    let td = fx.task_definition("teardown", "nginx:1").await;
    let keep = fx.service(&cluster, "keep", &td, 1).await;
    let gone = fx.service(&cluster, "gone", &td, 2).await;
    let aws = fx.aws();

    let deleted = aws
        .delete_service(&cluster, "gone", true)
        .await
        .expect("DeleteService");
    assert_ne!(deleted.status, ServiceStatus::Active);
    let fresh = fx.aws();
    // Real ECS drops a DRAINING service from ListServices; moto keeps listing it, so the status tells.
    let listed = fresh.list_services(&cluster).await.expect("ListServices");
    assert!(listed.contains(&keep), "{listed:?}");
    let read = fresh
        .describe_services(&cluster, std::slice::from_ref(&gone))
        .await
        .expect("describe the deleted one");
    assert_eq!(read.items.len(), 1, "{read:?}");
    assert_ne!(read.items[0].status, ServiceStatus::Active, "{read:?}");

    aws.delete_service(&cluster, "keep", true)
        .await
        .expect("delete keep");
    let deleted = aws.delete_cluster(&cluster).await.expect("DeleteCluster");
    assert_eq!(deleted.status, "INACTIVE");
    let fresh = fx.aws();
    let read = fresh
        .describe_clusters(std::slice::from_ref(&cluster))
        .await
        .expect("DescribeClusters");
    assert!(
        read.items
            .iter()
            .any(|c| c.arn == cluster && c.status == "INACTIVE")
            || read.failures.iter().any(|f| f.arn == cluster),
        "{read:?}"
    );
}

#[tokio::test]
async fn a_missing_service_is_reported_as_a_failure_not_an_error() {
    let fx = fixture();
    let cluster = fx.cluster("missing").await;
    let aws = fx.aws();
    let read = aws
        .describe_services(&cluster, &["ghost".to_string()])
        .await
        .expect("DescribeServices");
    assert!(read.items.is_empty());
    assert_eq!(read.failures.len(), 1);
    assert!(
        read.failures[0].reason.contains("MISSING"),
        "{:?}",
        read.failures
    );
}
