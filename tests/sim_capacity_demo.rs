//! Capacity in the demo region: every kind of capacity provider, the clusters' default strategies, prod-ec2's
//! instances of two types over three AZs (one an ECS Managed Instance without an agent version), and
//! draining its busiest instance. The rules themselves are tested on small worlds in `sim_capacity.rs`.

use std::collections::BTreeSet;

use wharf::backend::sim::*;
use wharf::backend::Backend;
use wharf::model::*;

#[tokio::test]
async fn the_demo_shows_every_kind_of_capacity() {
    let sim = Sim::demo(1, SimClock::Manual);
    let names: Vec<String> = [
        "FARGATE",
        "FARGATE_SPOT",
        "prod-ec2-asg",
        "prod-ec2-managed",
        "nope",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let providers = sim
        .describe_capacity_providers(&names)
        .await
        .expect("describe");
    let kinds: Vec<(&str, &str)> = providers
        .iter()
        .map(|p| (p.name.as_str(), p.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("FARGATE", "FARGATE"),
            ("FARGATE_SPOT", "FARGATE_SPOT"),
            ("prod-ec2-asg", "EC2_AUTOSCALING"),
            ("prod-ec2-managed", "MANAGED_INSTANCES")
        ]
    );
    match &providers[2].kind {
        CapacityProviderKind::AutoScalingGroup(g) => {
            assert!(g.managed_scaling && g.managed_termination_protection);
            assert_eq!(g.target_capacity, Some(100));
        }
        other => panic!("{other:?}"),
    }
    let by_arn = sim
        .describe_capacity_providers(&[providers[2].arn.clone()])
        .await
        .expect("by ARN");
    assert_eq!(by_arn, vec![providers[2].clone()]);
    assert!(sim
        .describe_capacity_providers(&[])
        .await
        .expect("none")
        .is_empty());

    let clusters = sim
        .describe_clusters(&["prod-fargate".into(), "prod-ec2".into()])
        .await
        .expect("clusters")
        .items;
    let strategy: Vec<(&str, u32, u32)> = clusters[0]
        .default_capacity_provider_strategy
        .iter()
        .map(|i| (i.capacity_provider.as_str(), i.weight, i.base))
        .collect();
    assert_eq!(strategy, [("FARGATE", 1, 1), ("FARGATE_SPOT", 1, 0)]);
    assert_eq!(
        clusters[1].capacity_providers,
        ["prod-ec2-asg", "prod-ec2-managed"]
    );

    let instances = sim.with_world(|w| w.container_instances("prod-ec2"));
    let types: BTreeSet<_> = instances
        .iter()
        .filter_map(|i| i.instance_type.clone())
        .collect();
    let azs: BTreeSet<_> = instances
        .iter()
        .map(|i| i.availability_zone.clone())
        .collect();
    let remaining: BTreeSet<_> = instances
        .iter()
        .map(|i| (i.remaining_cpu, i.remaining_memory))
        .collect();
    assert!(
        types.len() >= 2 && azs.len() >= 2 && remaining.len() >= 2,
        "{instances:?}"
    );
    let managed: Vec<_> = instances
        .iter()
        .filter(|i| i.agent_version.is_none())
        .collect();
    assert_eq!(managed.len(), 1);
    assert_eq!(
        managed[0].capacity_provider_name.as_deref(),
        Some("prod-ec2-managed")
    );
}

#[tokio::test]
async fn draining_the_busiest_demo_instance_moves_its_service_tasks_away() {
    let sim = Sim::demo(1, SimClock::Manual);
    let instances = sim.with_world(|w| w.container_instances("prod-ec2"));
    let busiest = instances
        .iter()
        .max_by_key(|i| i.running_tasks)
        .expect("instances")
        .arn
        .clone();
    let service_tasks_on = |w: &World| {
        w.cluster_tasks("prod-ec2")
            .iter()
            .filter(|t| {
                t.group.starts_with("service:") && t.desired_status == DesiredStatus::Running
            })
            .filter(|t| t.container_instance_arn.as_deref() == Some(busiest.as_str()))
            .count()
    };
    assert!(sim.with_world(|w| service_tasks_on(w)) > 0);
    let d = sim
        .update_container_instances_state(
            "prod-ec2",
            std::slice::from_ref(&busiest),
            ContainerInstanceStatus::Draining,
        )
        .await
        .expect("drain");
    assert_eq!(d.items[0].status, "DRAINING");
    sim.advance(3 * 60_000);
    assert_eq!(sim.with_world(|w| service_tasks_on(w)), 0);
    for name in ["orders", "ledger", "worker", "notifications"] {
        let s = sim
            .with_world(|w| w.service("prod-ec2", name))
            .expect("service");
        assert_eq!(s.running_count, s.desired_count, "{name}");
    }
}
