//! The sandbox through wharf's `Backend` trait: shapes, failures and errors as AWS returns them.

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError};
use wharf::model::*;

fn api_code(e: &BackendError) -> (&str, &str) {
    match e {
        BackendError::Api { code, message } => (code.as_str(), message.as_str()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn clusters_and_unknown_clusters() {
    let sim = Sim::demo(1, SimClock::Manual);
    let info = sim.info();
    assert_eq!(
        (info.profile.as_str(), info.region.as_str()),
        ("sandbox", "sandbox-1")
    );
    assert_eq!(info.account_id.as_deref(), Some("000000000000"));
    let arns = sim.list_clusters().await.expect("list");
    assert_eq!(arns.len(), 3);
    assert!(arns
        .iter()
        .all(|a| a.starts_with("arn:aws:ecs:sandbox-1:000000000000:cluster/")));
    let mut ask = arns.clone();
    ask.push("arn:aws:ecs:sandbox-1:000000000000:cluster/nope".into());
    let d = sim.describe_clusters(&ask).await.expect("describe");
    assert_eq!(d.items.len(), 3);
    assert_eq!(d.failures.len(), 1);
    assert_eq!(d.failures[0].reason, "MISSING");
    assert_eq!(d.failures[0].arn, ask[3]);
    let fargate = d
        .items
        .iter()
        .find(|c| c.name == "prod-fargate")
        .expect("cluster");
    assert_eq!(fargate.capacity_summary(), "Fargate");
    assert!(fargate.running_tasks > 20 && fargate.active_services >= 7);

    for e in [
        sim.list_services("nope")
            .await
            .expect_err("unknown cluster"),
        sim.describe_services("nope", &[])
            .await
            .expect_err("unknown cluster"),
        sim.list_container_instances("nope")
            .await
            .expect_err("unknown cluster"),
    ] {
        assert_eq!(
            api_code(&e),
            ("ClusterNotFoundException", "Cluster not found.")
        );
    }
    let filter = TaskFilter {
        service_name: None,
        desired_status: DesiredStatus::Running,
    };
    let e = sim
        .list_tasks("nope", &filter)
        .await
        .expect_err("unknown cluster");
    assert_eq!(api_code(&e).0, "ClusterNotFoundException");
}

#[tokio::test]
async fn services_and_tasks_with_unknown_arns() {
    let sim = Sim::demo(2, SimClock::Manual);
    let arns = sim.list_services("prod-fargate").await.expect("list");
    assert!(arns.len() >= 7);
    assert!(arns
        .iter()
        .all(|a| a.starts_with("arn:aws:ecs:sandbox-1:000000000000:service/prod-fargate/")));
    let mut ask = arns[..2].to_vec();
    ask.push("ghost".into());
    let d = sim
        .describe_services("prod-fargate", &ask)
        .await
        .expect("describe");
    assert_eq!(d.items.len(), 2);
    assert_eq!(d.failures.len(), 1);
    assert_eq!(d.failures[0].reason, "MISSING");
    assert_eq!(
        d.failures[0].arn,
        "arn:aws:ecs:sandbox-1:000000000000:service/prod-fargate/ghost"
    );

    let running = TaskFilter {
        service_name: Some("web".into()),
        desired_status: DesiredStatus::Running,
    };
    let tasks = sim
        .list_tasks("prod-fargate", &running)
        .await
        .expect("list tasks");
    assert_eq!(tasks.len(), 6);
    let mut ask = tasks.clone();
    let ghost =
        "arn:aws:ecs:sandbox-1:000000000000:task/prod-fargate/0123456789abcdef0123456789abcdef";
    ask.push(ghost.into());
    let d = sim
        .describe_tasks("prod-fargate", &ask)
        .await
        .expect("describe tasks");
    assert_eq!(d.items.len(), 6);
    assert_eq!(
        d.failures,
        vec![wharf::backend::DescribeFailure {
            arn: ghost.into(),
            reason: "MISSING".into()
        }]
    );
    // A task of another cluster is missing from this one.
    let d = sim
        .describe_tasks("staging", &tasks[..1])
        .await
        .expect("describe tasks");
    assert!(d.items.is_empty() && d.failures.len() == 1);
    let e = sim
        .list_tasks(
            "prod-fargate",
            &TaskFilter {
                service_name: Some("ghost".into()),
                desired_status: DesiredStatus::Running,
            },
        )
        .await
        .expect_err("unknown service");
    assert_eq!(
        api_code(&e),
        ("ServiceNotFoundException", "Service not found.")
    );

    // Stopped tasks are listed under desiredStatus STOPPED.
    sim.with_world(|w| {
        w.stop_task("prod-fargate", &tasks[0], "by test")
            .map(|_| ())
    })
    .expect("stop");
    let stopped = TaskFilter {
        service_name: Some("web".into()),
        desired_status: DesiredStatus::Stopped,
    };
    let listed = sim
        .list_tasks("prod-fargate", &stopped)
        .await
        .expect("list stopped");
    assert!(listed.contains(&tasks[0]));
}

#[tokio::test]
async fn task_definitions_instances_and_load_balancers() {
    let sim = Sim::demo(3, SimClock::Manual);
    let d = sim
        .describe_services("prod-fargate", &["payments".to_string()])
        .await
        .expect("describe");
    let td_arn = d.items[0].task_definition.clone();
    let td = sim.describe_task_definition(&td_arn).await.expect("td");
    assert_eq!((td.family.as_str(), td.revision), ("payments", 2));
    assert_eq!(
        td.arn,
        "arn:aws:ecs:sandbox-1:000000000000:task-definition/payments:2"
    );
    assert_eq!(
        sim.describe_task_definition("payments:1")
            .await
            .map(|t| t.revision),
        Ok(1)
    );
    let e = sim
        .describe_task_definition("ghost:1")
        .await
        .expect_err("unknown");
    assert_eq!(
        api_code(&e),
        ("ClientException", "Unable to describe task definition.")
    );

    let arns = sim
        .list_container_instances("prod-ec2")
        .await
        .expect("instances");
    // Six, and the m5.xlarge managed scaling launched for analytics.
    assert_eq!(arns.len(), 7);
    assert!(arns
        .iter()
        .all(|a| a.starts_with("arn:aws:ecs:sandbox-1:000000000000:container-instance/prod-ec2/")));
    let mut ask = arns.clone();
    ask.push("arn:aws:ecs:sandbox-1:000000000000:container-instance/prod-ec2/ffffffffffffffffffffffffffffffff".into());
    let d = sim
        .describe_container_instances("prod-ec2", &ask)
        .await
        .expect("describe");
    assert_eq!((d.items.len(), d.failures.len()), (7, 1));
    assert!(d.items.iter().all(|i| i.ec2_instance_id.starts_with("i-")
        && (i.registered_cpu == 2048 || i.instance_type.as_deref() == Some("m5.xlarge"))));

    let lbs = sim.describe_load_balancers(&[]).await.expect("lbs");
    assert_eq!(lbs.len(), 2);
    assert!(lbs.iter().all(|l| l.arn.contains(":loadbalancer/app/")));
    let groups = sim.describe_target_groups(&[]).await.expect("tgs");
    assert!(groups.len() >= 8);
    assert!(groups
        .iter()
        .all(|g| g.arn.contains(":targetgroup/") && g.load_balancer_arns.len() == 1));
    let web = groups.iter().find(|g| g.name == "web-tg").expect("web-tg");
    let health = sim.describe_target_health(&web.arn).await.expect("health");
    assert_eq!(health.len(), 6);
    assert!(health.iter().all(|h| h.state == TargetState::Healthy));
    let e = sim
        .describe_target_health("arn:nope")
        .await
        .expect_err("unknown tg");
    assert_eq!(api_code(&e).0, "TargetGroupNotFound");
    let e = sim
        .describe_load_balancers(&["arn:nope".into()])
        .await
        .expect_err("unknown lb");
    assert_eq!(api_code(&e).0, "LoadBalancerNotFound");
}

#[tokio::test]
async fn clocks() {
    let sim = Sim::demo(4, SimClock::Manual);
    let t0 = sim.now();
    assert_eq!(t0, MANUAL_START.plus_millis(scenarios::DEMO_WARMUP_MS));
    let _ = sim.list_clusters().await;
    assert_eq!(sim.now(), t0, "a manual clock moves only when told");
    sim.advance(1500);
    assert_eq!(sim.now(), t0.plus_millis(1500));

    // A realtime clock at speed 0 never moves; its start is the system time, not the fixed one.
    let frozen = Sim::new(
        World::new(1, MANUAL_START),
        SimClock::Realtime { speed: 0.0 },
    );
    let _ = frozen.list_clusters().await;
    assert_eq!(frozen.now(), MANUAL_START);
    let live = Sim::demo(4, SimClock::Realtime { speed: 1.0 });
    assert_ne!(
        live.now(),
        MANUAL_START.plus_millis(scenarios::DEMO_WARMUP_MS)
    );

    // Shared across tasks: the sim is a cheap clone behind a lock.
    let other = sim.clone();
    let handle = tokio::spawn(async move { other.list_clusters().await.map(|c| c.len()) });
    assert_eq!(handle.await.ok().and_then(|r| r.ok()), Some(3));
}
