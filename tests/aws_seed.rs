//! The seeding tool's logic (examples/seed/world.rs) against moto, checked through a fresh read of the AWS
//! backend; then the app itself walks the seeded world on the AWS backend, headless, from clusters to a task;
//! and DeregisterContainerInstance seen through a fresh read.

mod support;

#[allow(dead_code)]
#[path = "../examples/seed/world.rs"]
mod seed;

use seed::{Seeded, Seeder, Spec};
use support::moto;
use support::world::Fixture;
use wharf::app::{update, Action, Screen, State, UserAction};
use wharf::app::{ServiceScreen, TaskScreen};
use wharf::backend::aws::loopback_sdk_config;
use wharf::backend::Backend;
use wharf::model::{DesiredStatus, TargetState, TaskFilter, TaskStatus};
use wharf::runtime::settle;

async fn seeded(prefix: &str, clusters: usize, services: usize, tasks: usize) -> Seeded {
    let m = moto::shared();
    m.keep_tasks_running();
    let net = seed::emulator_network(&m.endpoint).expect("moto's default VPC");
    let spec = Spec {
        prefix: prefix.into(),
        clusters,
        services,
        tasks_per_service: tasks,
        lb_every: 2,
        concurrency: 4,
    };
    Seeder::new(&loopback_sdk_config(&m.endpoint, "us-east-1"))
        .seed(&spec, &net, &|_| {})
        .await
        .expect("seeded")
}

#[tokio::test]
async fn the_seeded_world_is_seen_by_a_fresh_read() {
    let world = seeded("seedtest", 2, 5, 2).await;
    assert_eq!(world.clusters.len(), 2);
    assert_eq!(world.services.len(), 10);
    assert_eq!(world.tasks(), 20);
    assert_eq!(
        world.target_groups(),
        6,
        "services 1, 3 and 5 of each cluster"
    );
    assert_eq!(world.load_balancers.len(), 2);
    let aws = Fixture::new(&moto::shared().endpoint).aws();

    let clusters = aws.list_clusters().await.expect("ListClusters");
    for c in &world.clusters {
        assert!(clusters.contains(c), "{c} in {clusters:?}");
    }
    for cluster in &world.clusters {
        let arns = aws.list_services(cluster).await.expect("ListServices");
        let services = aws
            .describe_services(cluster, &arns)
            .await
            .expect("DescribeServices")
            .items;
        assert_eq!(services.len(), 5, "{services:?}");
        let running = TaskFilter {
            service_name: None,
            desired_status: DesiredStatus::Running,
        };
        let task_arns = aws.list_tasks(cluster, &running).await.expect("ListTasks");
        let tasks = aws
            .describe_tasks(cluster, &task_arns)
            .await
            .expect("DescribeTasks")
            .items;
        assert_eq!(tasks.len(), 10);
        for expected in world.services.iter().filter(|s| &s.cluster_arn == cluster) {
            let svc = services
                .iter()
                .find(|s| s.name == expected.name)
                .expect("service read back");
            assert_eq!(svc.arn, expected.arn);
            assert_eq!(svc.desired_count, 2);
            assert_eq!(svc.task_definition, expected.task_definition_arn);
            let mine: Vec<_> = tasks
                .iter()
                .filter(|t| t.group == format!("service:{}", expected.name))
                .collect();
            assert_eq!(mine.len(), 2, "{mine:?}");
            for t in &mine {
                assert_eq!(t.started_by, seed::deployment_id(&expected.name));
                assert_eq!(t.last_status, TaskStatus::Running);
                assert!(t.private_ip.is_some(), "{t:?}");
            }
            match &expected.target_group_arn {
                None => assert!(svc.load_balancers.is_empty()),
                Some(tg) => {
                    assert_eq!(svc.load_balancers.len(), 1);
                    assert_eq!(&svc.load_balancers[0].target_group_arn, tg);
                    let mut health = aws.describe_target_health(tg).await.expect("health");
                    health.sort_by(|a, b| a.target_id.cmp(&b.target_id));
                    let mut ips: Vec<String> =
                        mine.iter().filter_map(|t| t.private_ip.clone()).collect();
                    ips.sort();
                    let ids: Vec<String> = health.iter().map(|h| h.target_id.clone()).collect();
                    assert_eq!(ids, ips);
                    assert!(health
                        .iter()
                        .all(|h| h.state == TargetState::Healthy && h.port == 8080));
                }
            }
        }
    }
    let tgs = aws.describe_target_groups(&[]).await.expect("TGs");
    let lb_tgs = tgs
        .iter()
        .filter(|t| t.load_balancer_arns.contains(&world.load_balancers[0]))
        .count();
    assert_eq!(lb_tgs, 3, "every target group is behind the cluster's ALB");
}

fn select(state: &mut State, index: usize) {
    update(state, Action::User(UserAction::Top));
    for _ in 0..index {
        update(state, Action::User(UserAction::Down));
    }
}

#[tokio::test]
async fn the_app_walks_a_seeded_moto_world_from_clusters_to_a_task() {
    let world = seeded("walk", 1, 4, 2).await;
    let cluster_arn = world.clusters[0].clone();
    let service = world
        .services
        .iter()
        .find(|s| s.target_group_arn.is_some())
        .expect("a service behind a target group")
        .clone();
    let aws = Fixture::new(&moto::shared().endpoint).aws();
    // As `Aws::connect` does: one cheap call tells the account id for the header.
    aws.probe().await.expect("probe");
    let mut state = State::new(aws.info(), aws.now());

    let fx = update(&mut state, Action::Tick(aws.now()));
    settle(&mut state, &aws, fx).await;
    let loaded = &state.session.cache.clusters;
    assert!(loaded.status.error.is_none(), "{:?}", loaded.status.error);
    let clusters = loaded.data.clone().expect("clusters loaded");
    let ci = clusters
        .iter()
        .position(|c| c.arn == cluster_arn)
        .expect("the seeded cluster is listed");
    assert_eq!(clusters[ci].name, "walk-1");
    assert_eq!(state.info().account_id.as_deref(), Some("123456789012"));

    select(&mut state, ci);
    let fx = update(&mut state, Action::User(UserAction::Open));
    settle(&mut state, &aws, fx).await;
    let services = state.services_of(&cluster_arn).expect("services requested");
    assert!(
        services.status.error.is_none(),
        "{:?}",
        services.status.error
    );
    let table = services.data.as_ref().expect("services listed");
    assert!(table.failures.is_empty(), "{:?}", table.failures);
    assert!(!table.is_loading(), "every listed service is described");
    let services = table.rows().to_vec();
    assert_eq!(services.len(), 4);
    let si = services
        .iter()
        .position(|s| s.arn == service.arn)
        .expect("the seeded service is listed");

    select(&mut state, si);
    let fx = update(&mut state, Action::User(UserAction::Open));
    settle(&mut state, &aws, fx).await;
    let Screen::Service(ServiceScreen {
        cluster_arn: screen_cluster,
        service_name,
        ..
    }) = state.screen().clone()
    else {
        panic!("expected the service screen, got {:?}", state.screen())
    };
    assert_eq!(screen_cluster, cluster_arn);
    assert_eq!(service_name, service.name);
    let tg = service.target_group_arn.clone().expect("behind a TG");
    let health = state
        .session
        .cache
        .target_health
        .get(&tg)
        .expect("target health requested");
    assert!(health.status.error.is_none(), "{:?}", health.status.error);
    assert_eq!(health.data.as_ref().expect("answered").len(), 2);
    let tasks = state
        .tasks_of(&cluster_arn, &service.name)
        .expect("tasks requested");
    assert!(tasks.status.error.is_none(), "{:?}", tasks.status.error);
    let tasks = tasks.data.clone().expect("tasks loaded");
    // moto ignores ListTasks' serviceName, so the list may hold the cluster's other tasks too.
    let ti = tasks
        .iter()
        .position(|t| t.arn == service.tasks[0].0)
        .expect("the service's task is listed");
    assert_eq!(tasks[ti].last_status, TaskStatus::Running);

    select(&mut state, ti);
    let fx = update(&mut state, Action::User(UserAction::Open));
    settle(&mut state, &aws, fx).await;
    let Screen::Task(TaskScreen { task_arn, .. }) = state.screen().clone() else {
        panic!("expected the task screen, got {:?}", state.screen())
    };
    assert_eq!(task_arn, service.tasks[0].0);
    let def = state
        .session
        .cache
        .task_definitions
        .get(&service.task_definition_arn)
        .expect("task definition requested");
    assert!(def.status.error.is_none(), "{:?}", def.status.error);
    let def = def.data.as_ref().expect("task definition loaded");
    assert_eq!(def.arn, service.task_definition_arn);
    assert_eq!(def.containers.len(), 1);
}

#[tokio::test]
async fn a_deregistered_container_instance_is_gone_from_a_fresh_read() {
    let m = moto::shared();
    let fx = Fixture::new(&m.endpoint);
    let cluster = fx.cluster("instances").await;
    let instance_id = m.run_instance();
    let document = format!(
        r#"{{"instanceId":"{instance_id}","region":"us-east-1","availabilityZone":"us-east-1a","accountId":"123456789012"}}"#
    );
    let out = fx
        .ecs
        .register_container_instance()
        .cluster(&cluster)
        .instance_identity_document(document)
        .send()
        .await
        .expect("RegisterContainerInstance");
    let arn = out
        .container_instance()
        .and_then(|c| c.container_instance_arn())
        .expect("container instance ARN")
        .to_string();
    let aws = fx.aws();
    assert_eq!(
        aws.list_container_instances(&cluster).await.expect("list"),
        vec![arn.clone()]
    );

    let gone = aws
        .deregister_container_instance(&cluster, &arn, true)
        .await
        .expect("DeregisterContainerInstance");
    assert_eq!(gone.arn, arn);

    let fresh = fx.aws();
    let left = fresh
        .list_container_instances(&cluster)
        .await
        .expect("ListContainerInstances");
    assert!(left.is_empty(), "{left:?}");
}
