//! The AWS backend's capacity calls against moto: container instances with their type, AZ, agent version
//! and registration time, remaining CPU and memory after a task is placed, DescribeCapacityProviders for an
//! Auto Scaling group provider, a cluster's default strategy, and UpdateContainerInstancesState seen by a
//! fresh read (moto places no new task on a DRAINING instance, as ECS does).
//!
//! What moto does not do, and where it is covered instead: it knows no FARGATE or FARGATE_SPOT provider
//! (it answers MISSING), no Managed Instances provider or instance, no `type` field and no paging of
//! DescribeCapacityProviders, and draining stops or replaces nothing (it has no scheduler). The stub covers
//! the wire shapes (`tests/aws_stub_capacity.rs`); the sandbox covers draining (`tests/sim_capacity.rs`).

mod support;

use aws_sdk_ecs::types::{
    AutoScalingGroupProvider, CapacityProviderStrategyItem, LaunchType, ManagedScaling,
    ManagedScalingStatus, ManagedTerminationProtection,
};
use support::moto;
use support::world::Fixture;
use wharf::backend::Backend;
use wharf::model::{CapacityProviderKind, ContainerInstanceStatus};

fn fixture() -> Fixture {
    Fixture::new(&moto::shared().endpoint)
}

/// Registers a fresh EC2 instance of moto's in `cluster`; answers its container instance ARN.
async fn register(fx: &Fixture, cluster: &str) -> String {
    let instance_id = moto::shared().run_instance();
    let document = format!(
        r#"{{"instanceId":"{instance_id}","region":"us-east-1","availabilityZone":"us-east-1a","accountId":"123456789012"}}"#
    );
    fx.ecs
        .register_container_instance()
        .cluster(cluster)
        .instance_identity_document(document)
        .send()
        .await
        .expect("RegisterContainerInstance")
        .container_instance()
        .and_then(|c| c.container_instance_arn())
        .expect("container instance ARN")
        .to_string()
}

#[tokio::test]
async fn instances_carry_type_az_agent_and_what_a_task_leaves() {
    let fx = fixture();
    let cluster = fx.cluster("cap-instances").await;
    let arn = register(&fx, &cluster).await;
    let aws = fx.aws();
    let before = aws
        .describe_container_instances(&cluster, std::slice::from_ref(&arn))
        .await
        .expect("DescribeContainerInstances")
        .items
        .remove(0);
    assert_eq!(before.instance_type.as_deref(), Some("t3.medium"));
    assert!(
        before.availability_zone.starts_with("us-east-1"),
        "{before:?}"
    );
    assert_eq!(before.agent_version.as_deref(), Some("1.0.0"));
    assert!(before.registered_at.is_some());
    assert_eq!(before.capacity_provider_name, None);
    assert_eq!(before.status, "ACTIVE");

    let td = fx.task_definition("cap-job", "nginx:1").await;
    fx.ecs
        .run_task()
        .cluster(&cluster)
        .task_definition(&td)
        .launch_type(LaunchType::Ec2)
        .send()
        .await
        .expect("RunTask");
    let after = aws
        .describe_container_instances(&cluster, std::slice::from_ref(&arn))
        .await
        .expect("DescribeContainerInstances")
        .items
        .remove(0);
    // The fixture's container reserves 64 CPU units and 128 MiB.
    assert_eq!(before.remaining_cpu - after.remaining_cpu, 64);
    assert_eq!(before.remaining_memory - after.remaining_memory, 128);
    assert_eq!(after.running_tasks, 1);
}

#[tokio::test]
async fn draining_is_seen_by_a_fresh_read_and_takes_no_new_task() {
    let fx = fixture();
    let cluster = fx.cluster("cap-drain").await;
    let arn = register(&fx, &cluster).await;
    let aws = fx.aws();
    let missing = format!(
        "arn:aws:ecs:us-east-1:123456789012:container-instance/cap-drain/{}",
        "0".repeat(32)
    );
    let changed = aws
        .update_container_instances_state(
            &cluster,
            &[arn.clone(), missing],
            ContainerInstanceStatus::Draining,
        )
        .await
        .expect("UpdateContainerInstancesState");
    assert_eq!(changed.items.len(), 1);
    assert_eq!(changed.items[0].status, "DRAINING");
    assert_eq!(changed.failures.len(), 1);
    assert_eq!(changed.failures[0].reason, "MISSING");
    assert_eq!(
        aws.call_counts().get("UpdateContainerInstancesState"),
        Some(&1)
    );

    let fresh = fx.aws();
    let read = fresh
        .describe_container_instances(&cluster, std::slice::from_ref(&arn))
        .await
        .expect("DescribeContainerInstances");
    assert_eq!(read.items[0].status, "DRAINING");
    let td = fx.task_definition("cap-drained", "nginx:1").await;
    let run = fx
        .ecs
        .run_task()
        .cluster(&cluster)
        .task_definition(&td)
        .launch_type(LaunchType::Ec2)
        .send()
        .await
        .expect("RunTask");
    assert!(
        run.tasks().is_empty(),
        "nothing placed on a DRAINING instance"
    );

    // Eleven instances go as two calls (at most 10 a call); ACTIVE again is seen by a fresh read.
    let mut many = vec![arn.clone(); 10];
    many.push(arn.clone());
    let back = aws
        .update_container_instances_state(&cluster, &many, ContainerInstanceStatus::Active)
        .await
        .expect("UpdateContainerInstancesState");
    assert_eq!(back.items.len(), 11);
    assert_eq!(
        aws.call_counts().get("UpdateContainerInstancesState"),
        Some(&3)
    );
    let read = fx
        .aws()
        .describe_container_instances(&cluster, std::slice::from_ref(&arn))
        .await
        .expect("DescribeContainerInstances");
    assert_eq!(read.items[0].status, "ACTIVE");
}

#[tokio::test]
async fn an_auto_scaling_group_provider_and_the_default_strategy_are_read() {
    let fx = fixture();
    let asg =
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/cap";
    fx.ecs
        .create_capacity_provider()
        .name("cap-asg")
        .auto_scaling_group_provider(
            AutoScalingGroupProvider::builder()
                .auto_scaling_group_arn(asg)
                .managed_scaling(
                    ManagedScaling::builder()
                        .status(ManagedScalingStatus::Enabled)
                        .target_capacity(80)
                        .build(),
                )
                .managed_termination_protection(ManagedTerminationProtection::Enabled)
                .build()
                .expect("provider"),
        )
        .send()
        .await
        .expect("CreateCapacityProvider");
    let cluster = fx.cluster("cap-strategy").await;
    fx.ecs
        .put_cluster_capacity_providers()
        .cluster(&cluster)
        .capacity_providers("cap-asg")
        .default_capacity_provider_strategy(
            CapacityProviderStrategyItem::builder()
                .capacity_provider("cap-asg")
                .weight(2)
                .base(1)
                .build()
                .expect("item"),
        )
        .send()
        .await
        .expect("PutClusterCapacityProviders");

    let aws = fx.aws();
    let providers = aws
        .describe_capacity_providers(&["cap-asg".into(), "no-such-provider".into()])
        .await
        .expect("DescribeCapacityProviders");
    assert_eq!(providers.len(), 1, "{providers:?}");
    assert_eq!(providers[0].name, "cap-asg");
    assert_eq!(providers[0].status, "ACTIVE");
    match &providers[0].kind {
        CapacityProviderKind::AutoScalingGroup(g) => {
            assert_eq!(g.auto_scaling_group_arn, asg);
            assert!(g.managed_scaling && g.managed_termination_protection);
            assert_eq!(g.target_capacity, Some(80));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(aws.call_counts().get("DescribeCapacityProviders"), Some(&1));
    assert!(aws
        .describe_capacity_providers(&[])
        .await
        .expect("none")
        .is_empty());
    assert_eq!(
        aws.call_counts().get("DescribeCapacityProviders"),
        Some(&1),
        "no names, no call"
    );

    let c = aws
        .describe_clusters(std::slice::from_ref(&cluster))
        .await
        .expect("DescribeClusters")
        .items
        .remove(0);
    assert_eq!(c.capacity_providers, ["cap-asg"]);
    let strategy = &c.default_capacity_provider_strategy;
    assert_eq!(strategy.len(), 1);
    assert_eq!(
        (
            strategy[0].capacity_provider.as_str(),
            strategy[0].weight,
            strategy[0].base
        ),
        ("cap-asg", 2, 1)
    );
}
