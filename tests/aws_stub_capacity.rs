//! The AWS backend's capacity calls against a hand-written stub, for what moto does not answer: FARGATE,
//! FARGATE_SPOT and Managed Instances providers with their `type`, DescribeCapacityProviders' pages, an ECS
//! Managed Instance that reports no agent version, and UpdateContainerInstancesState batched 10 a call with
//! a batch that fails after another was carried out. (A write's 5xx or throttle is in `aws_stub_writes.rs`.)
//! And a bridge-mode task: its host ports, and its EC2 instance learnt from its container instance once.

mod support;

use support::stub::{backend as aws, Reply, Stub};
use wharf::backend::Backend;
use wharf::model::{CapacityProviderKind, ContainerInstanceStatus};

const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

fn provider(name: &str, kind: &str, extra: &str) -> String {
    format!(
        r#"{{"capacityProviderArn":"arn:aws:ecs:us-east-1:123456789012:capacity-provider/{name}","name":"{name}","status":"ACTIVE","type":"{kind}"{extra}}}"#
    )
}

fn instance_arn(n: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:container-instance/prod/{n:032x}")
}

fn instance(n: usize, status: &str) -> String {
    format!(
        r#"{{"containerInstanceArn":"{}","ec2InstanceId":"i-{n:017x}","status":"{status}","agentConnected":true,"capacityProviderName":"prod-mi","registeredAt":1767225600.5,"attributes":[{{"name":"ecs.availability-zone","value":"us-east-1c"}},{{"name":"ecs.instance-type","value":"m6i.large"}}],"registeredResources":[{{"name":"CPU","type":"INTEGER","integerValue":2048}},{{"name":"MEMORY","type":"INTEGER","integerValue":7680}}],"remainingResources":[{{"name":"CPU","type":"INTEGER","integerValue":1536}},{{"name":"MEMORY","type":"INTEGER","integerValue":6656}}],"runningTasksCount":1,"pendingTasksCount":0}}"#,
        instance_arn(n)
    )
}

#[tokio::test]
async fn capacity_providers_follow_next_token_and_keep_their_kinds() {
    let stub = Stub::start(vec![
        Reply::ecs_page(
            "capacityProviders",
            &[
                provider("FARGATE", "FARGATE", ""),
                provider("FARGATE_SPOT", "FARGATE_SPOT", ""),
            ],
            Some("page-2"),
        ),
        Reply::ecs_page(
            "capacityProviders",
            &[provider(
                "prod-mi",
                "MANAGED_INSTANCES",
                r#","cluster":"prod","managedInstancesProvider":{"infrastructureRoleArn":"arn:aws:iam::123456789012:role/ecs-mi"}"#,
            )],
            None,
        ),
    ])
    .await;
    let aws = aws(&stub.endpoint);
    let names: Vec<String> = ["FARGATE", "FARGATE_SPOT", "prod-mi"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let providers = aws
        .describe_capacity_providers(&names)
        .await
        .expect("two pages");
    let kinds: Vec<CapacityProviderKind> = providers.iter().map(|p| p.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            CapacityProviderKind::Fargate,
            CapacityProviderKind::FargateSpot,
            CapacityProviderKind::ManagedInstances
        ]
    );
    assert_eq!(providers[2].status, "ACTIVE");
    let requests = stub.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.operation(), "DescribeCapacityProviders");
        assert!(r.body.contains(r#""maxResults":10"#), "{}", r.body);
        assert!(r.body.contains(r#""prod-mi""#), "{}", r.body);
    }
    assert!(!requests[0].body.contains("nextToken"));
    assert!(requests[1].body.contains(r#""nextToken":"page-2""#));
    assert_eq!(aws.call_counts().get("DescribeCapacityProviders"), Some(&2));
}

#[tokio::test]
async fn a_managed_instance_without_an_agent_version_reads_whole() {
    let stub = Stub::start(vec![Reply::ecs_ok(&format!(
        r#"{{"containerInstances":[{}],"failures":[]}}"#,
        instance(1, "ACTIVE")
    ))])
    .await;
    let read = aws(&stub.endpoint)
        .describe_container_instances(CLUSTER, &[instance_arn(1)])
        .await
        .expect("describe");
    let i = &read.items[0];
    assert_eq!(i.agent_version, None);
    assert_eq!(i.capacity_provider_name.as_deref(), Some("prod-mi"));
    assert_eq!(i.instance_type.as_deref(), Some("m6i.large"));
    assert_eq!(i.availability_zone, "us-east-1c");
    assert_eq!(i.registered_at.map(|t| t.0), Some(1_767_225_600_500));
    assert_eq!((i.remaining_cpu, i.remaining_memory), (1536, 6656));
}

#[tokio::test]
async fn instances_are_updated_ten_a_call_and_a_failed_batch_leaves_the_done_one_reported() {
    let first: Vec<String> = (0..10).map(|n| instance(n, "DRAINING")).collect();
    let stub = Stub::start(vec![
        Reply::ecs_ok(&format!(
            r#"{{"containerInstances":[{}],"failures":[]}}"#,
            first.join(",")
        )),
        Reply::ecs_error(400, "ClientException", "Boom."),
    ])
    .await;
    let backend = aws(&stub.endpoint);
    let arns: Vec<String> = (0..12).map(instance_arn).collect();
    let done = backend
        .update_container_instances_state(CLUSTER, &arns, ContainerInstanceStatus::Draining)
        .await
        .expect("the first batch was carried out");
    assert_eq!(done.items.len(), 10);
    assert!(done.items.iter().all(|i| i.status == "DRAINING"));
    let failed: Vec<&str> = done.failures.iter().map(|f| f.arn.as_str()).collect();
    assert_eq!(failed, [instance_arn(10), instance_arn(11)]);
    assert!(
        done.failures[0].reason.contains("Boom."),
        "{:?}",
        done.failures
    );
    let requests = stub.requests();
    assert_eq!(requests.len(), 2, "each batch sent once");
    assert!(requests[0].body.contains(r#""status":"DRAINING""#));
    assert!(requests[0].body.contains(&instance_arn(9)));
    assert!(!requests[0].body.contains(&instance_arn(10)));
    assert!(requests[1].body.contains(&instance_arn(11)));

    // A first batch refused changes nothing: the error itself comes back.
    let stub = Stub::start(vec![Reply::ecs_error(
        400,
        "InvalidParameterException",
        "Container instance status should be one of [ACTIVE, DRAINING]",
    )])
    .await;
    let e = aws(&stub.endpoint)
        .update_container_instances_state(CLUSTER, &arns[..1], ContainerInstanceStatus::Active)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("ACTIVE, DRAINING"), "{e}");
}

fn bridge_task() -> String {
    format!(
        r#"{{"tasks":[{{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef","clusterArn":"{CLUSTER}","containerInstanceArn":"{}","lastStatus":"RUNNING","desiredStatus":"RUNNING","launchType":"EC2","group":"service:orders","containers":[{{"name":"orders","lastStatus":"RUNNING","networkBindings":[{{"bindIP":"0.0.0.0","containerPort":8080,"hostPort":32771,"protocol":"tcp"}}]}}]}}],"failures":[]}}"#,
        instance_arn(7)
    )
}

#[tokio::test]
async fn a_bridge_task_knows_its_host_port_and_its_ec2_instance_described_once() {
    use wharf::app::{Fetch, Payload, Resource};
    use wharf::model::{TargetHealth, TargetState};
    let task_arn = "arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef";
    let stub = Stub::start(vec![
        Reply::ecs_ok(&bridge_task()),
        Reply::ecs_ok(&format!(
            r#"{{"containerInstances":[{}],"failures":[]}}"#,
            instance(7, "ACTIVE")
        )),
        Reply::ecs_ok(&bridge_task()),
    ])
    .await;
    let aws = aws(&stub.endpoint);
    let fetch = Fetch::One(Resource::Task {
        cluster_arn: CLUSTER.into(),
        task_arn: task_arn.into(),
    });
    let (first, calls) = wharf::runtime::fetch::fetch(&aws, &fetch, None).await;
    let Ok(Payload::Task(task)) = first else {
        panic!("{first:?}")
    };
    assert_eq!(calls, 2, "DescribeTasks, then DescribeContainerInstances");
    assert_eq!(task.ec2_instance_id.as_deref(), Some("i-00000000000000007"));
    assert_eq!(task.containers[0].network_bindings[0].host_port, 32771);
    // Its target: the instance and the host port, not the container's port.
    let target = |port| TargetHealth {
        target_id: "i-00000000000000007".into(),
        port,
        state: TargetState::Healthy,
        ..TargetHealth::default()
    };
    assert!(task.is_target(&target(32771), 8080));
    assert!(!task.is_target(&target(8080), 8080));

    // The pairing is kept: the next read of the task makes one call.
    let (again, calls) = wharf::runtime::fetch::fetch(&aws, &fetch, None).await;
    let Ok(Payload::Task(again)) = again else {
        panic!("{again:?}")
    };
    assert_eq!(calls, 1);
    assert_eq!(again.ec2_instance_id, task.ec2_instance_id);
    let operations: Vec<String> = stub
        .requests()
        .iter()
        .map(|r| r.operation().to_string())
        .collect();
    assert_eq!(
        operations,
        [
            "DescribeTasks",
            "DescribeContainerInstances",
            "DescribeTasks"
        ]
    );
}

/// A container instance ECS no longer knows (deregistered while its stopped tasks stay listed) is asked
/// about once: its tasks stay unnamed, and the next reads make no call for it.
#[tokio::test]
async fn a_container_instance_ecs_no_longer_knows_is_asked_about_once() {
    use wharf::app::{Fetch, Payload, Resource};
    let task_arn = "arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef";
    let stub = Stub::start(vec![
        Reply::ecs_ok(&bridge_task()),
        Reply::ecs_ok(&format!(
            r#"{{"containerInstances":[],"failures":[{{"arn":"{}","reason":"MISSING"}}]}}"#,
            instance_arn(7)
        )),
        Reply::ecs_ok(&bridge_task()),
    ])
    .await;
    let aws = aws(&stub.endpoint);
    let fetch = Fetch::One(Resource::Task {
        cluster_arn: CLUSTER.into(),
        task_arn: task_arn.into(),
    });
    for expected_calls in [2, 1] {
        let (answer, calls) = wharf::runtime::fetch::fetch(&aws, &fetch, None).await;
        let Ok(Payload::Task(task)) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(task.ec2_instance_id, None);
        assert_eq!(calls, expected_calls);
    }
    assert_eq!(stub.requests().len(), 3);
}
