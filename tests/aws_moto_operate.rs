//! Every change wharf makes, as the app builds it (`wharf::app::Mutation`), carried out by
//! `wharf::runtime::mutate` through the AWS backend against moto, and each change read back by a separate
//! backend built from its own SDK config (its own clients, no shared task definition cache). Errors are AWS's
//! own, as moto answers them, and a refused change is read back as unchanged.
//!
//! What moto cannot show (see `/work/shared/notes/moto.md`), and where it is covered instead:
//! - a deployment rolling out (new PRIMARY beside the old ACTIVE one, tasks replaced): moto keeps one
//!   deployment and has no scheduler; the sandbox (`tests/sim_*.rs`, `tests/operate_sandbox.rs`) covers it.
//! - `RollbackHow::StopDeployment`: moto 5.2.5 has no ListServiceDeployments or StopServiceDeployment; it is
//!   covered against the stub (`tests/aws_stub_writes.rs`) and in the sandbox.
//! - a deleted service leaving ListServices: moto keeps listing an INACTIVE service; its status tells.
//! - DeleteCluster refused while services or tasks remain: moto deletes any cluster.

mod support;

use aws_sdk_ecs::types::{
    ContainerDefinition, KeyValuePair, MountPoint, NetworkMode, PortMapping, Volume,
};
use aws_sdk_elasticloadbalancingv2::types::{Action, ActionTypeEnum, ProtocolEnum, TargetTypeEnum};
use support::moto;
use support::world::Fixture;
use wharf::app::{DeployTo, Mutation, MutationResult, RollbackHow};
use wharf::backend::aws::Aws;
use wharf::backend::{Backend, BackendError};
use wharf::model::{
    family_revision, DesiredStatus, RevisionStatus, Service, ServiceStatus, TaskFilter, TaskStatus,
};
use wharf::runtime::mutate;

fn fixture() -> Fixture {
    Fixture::new(&moto::shared().endpoint)
}

/// What AWS said, or the test fails with what came instead.
fn done(result: MutationResult) -> String {
    match result {
        MutationResult::Done(said) => said,
        other => panic!("expected Done, got {other:?}"),
    }
}

fn failed(result: MutationResult) -> BackendError {
    match result {
        MutationResult::Failed(e) => e,
        other => panic!("expected Failed, got {other:?}"),
    }
}

/// The service as a separate backend reads it.
async fn read_service(fresh: &Aws, cluster: &str, arn: &str) -> Service {
    let read = fresh
        .describe_services(cluster, &[arn.to_string()])
        .await
        .expect("DescribeServices");
    assert!(read.failures.is_empty(), "{:?}", read.failures);
    assert_eq!(read.items.len(), 1, "{read:?}");
    read.items.into_iter().next().expect("one service")
}

/// A cluster with a service `web` on a first revision of `name`; answers (cluster, service, revision 1).
async fn service_on(fx: &Fixture, name: &str, desired: i32) -> (String, String, String) {
    let cluster = fx.cluster(name).await;
    let td = fx.task_definition(name, "nginx:1").await;
    let service = fx.service(&cluster, "web", &td, desired).await;
    (cluster, service, td)
}

#[tokio::test]
async fn scale_sets_the_desired_count_a_fresh_read_sees() {
    let fx = fixture();
    let (cluster, service, td) = service_on(&fx, "op-scale", 2).await;
    let aws = fx.aws();

    let up = Mutation::Scale(wharf::app::mutation::Scale {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
        from: 2,
        to: 5,
        auto: None,
        tracking: None,
        suspend_first: false,
    });
    assert_eq!(done(mutate(&aws, &up).await), "web now wants 5 tasks");
    let read = read_service(&fx.aws(), &cluster, &service).await;
    assert_eq!(read.desired_count, 5);
    assert_eq!(read.task_definition, td, "only the count changes");

    let down = Mutation::Scale(wharf::app::mutation::Scale {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
        from: 5,
        to: 0,
        auto: None,
        tracking: None,
        suspend_first: false,
    });
    assert_eq!(done(mutate(&aws, &down).await), "web now wants 0 tasks");
    assert_eq!(
        read_service(&fx.aws(), &cluster, &service)
            .await
            .desired_count,
        0
    );
    let counts = aws.call_counts();
    assert_eq!(counts.get("UpdateService"), Some(&2), "{counts:?}");
    assert_eq!(aws.call_counter().total(), 2, "one call each: {counts:?}");
}

#[tokio::test]
async fn scaling_a_service_that_does_not_exist_fails_as_not_found() {
    let fx = fixture();
    let (cluster, service, _) = service_on(&fx, "op-scale-ghost", 1).await;
    let ghost = service.replace("/web", "/ghost");
    let aws = fx.aws();

    let err = failed(
        mutate(
            &aws,
            &Mutation::Scale(wharf::app::mutation::Scale {
                cluster_arn: cluster.clone(),
                service_arn: ghost,
                from: 1,
                to: 3,
                auto: None,
                tracking: None,
                suspend_first: false,
            }),
        )
        .await,
    );

    assert!(matches!(err, BackendError::NotFound { .. }), "{err:?}");
    assert!(err.to_string().starts_with("service ghost"), "{err}");
    let fresh = fx.aws();
    assert_eq!(
        fresh.list_services(&cluster).await.expect("ListServices"),
        vec![service.clone()],
        "nothing created"
    );
    assert_eq!(
        read_service(&fresh, &cluster, &service).await.desired_count,
        1
    );
}

#[tokio::test]
async fn stop_tasks_stops_those_tasks_with_the_reason_and_no_other() {
    let server = moto::shared();
    server.keep_tasks_running();
    let fx = fixture();
    let cluster = fx.cluster("op-stop").await;
    let td = fx.task_definition("op-stop", "nginx:1").await;
    let tasks = fx.tasks(&cluster, &td, 3, "op-stop").await;
    let aws = fx.aws();

    let two = Mutation::StopTasks(wharf::app::mutation::StopTasks {
        cluster_arn: cluster.clone(),
        task_arns: tasks[..2].to_vec(),
        reason: "stopped in wharf: bad host".into(),
        hidden: 0,
    });
    assert_eq!(done(mutate(&aws, &two).await), "2 tasks are stopping");

    let fresh = fx.aws();
    let read = fresh
        .describe_tasks(&cluster, &tasks)
        .await
        .expect("DescribeTasks");
    assert_eq!(read.items.len(), 3, "{read:?}");
    for arn in &tasks[..2] {
        let task = read.items.iter().find(|t| &t.arn == arn).expect("stopped");
        assert_eq!(task.desired_status, DesiredStatus::Stopped, "{task:?}");
        assert_eq!(task.last_status, TaskStatus::Stopped, "{task:?}");
        assert_eq!(
            task.stopped_reason.as_deref(),
            Some("stopped in wharf: bad host")
        );
    }
    let other = read
        .items
        .iter()
        .find(|t| t.arn == tasks[2])
        .expect("the third task");
    assert_eq!(other.desired_status, DesiredStatus::Running, "{other:?}");
    assert_ne!(other.last_status, TaskStatus::Stopped, "{other:?}");
    let running = TaskFilter {
        service_name: None,
        desired_status: DesiredStatus::Running,
    };
    assert_eq!(
        fresh
            .list_tasks(&cluster, &running)
            .await
            .expect("ListTasks"),
        vec![tasks[2].clone()]
    );

    let one = Mutation::StopTasks(wharf::app::mutation::StopTasks {
        cluster_arn: cluster.clone(),
        task_arns: vec![tasks[2].clone()],
        reason: "the last one".into(),
        hidden: 0,
    });
    let said = done(mutate(&aws, &one).await);
    assert_eq!(
        said,
        format!("task {} is stopping", wharf::model::arn_name(&tasks[2]))
    );
    let read = fx
        .aws()
        .describe_tasks(&cluster, std::slice::from_ref(&tasks[2]))
        .await
        .expect("DescribeTasks");
    assert_eq!(read.items[0].last_status, TaskStatus::Stopped);
    assert_eq!(
        read.items[0].stopped_reason.as_deref(),
        Some("the last one")
    );
    assert_eq!(aws.call_counts().get("StopTask"), Some(&3));
}

#[tokio::test]
async fn deploy_a_revision_puts_the_service_on_it() {
    let fx = fixture();
    let (cluster, service, td1) = service_on(&fx, "op-revision", 2).await;
    let td2 = fx.task_definition("op-revision", "nginx:2").await;
    let aws = fx.aws();

    let deploy = Mutation::Deploy(wharf::app::mutation::Deploy {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
        from: td1.clone(),
        to: DeployTo::Revision(td2.clone()),
    });
    assert_eq!(
        done(mutate(&aws, &deploy).await),
        "web is deploying op-revision:2"
    );

    let read = read_service(&fx.aws(), &cluster, &service).await;
    // moto stores the task definition as given (wharf gives the ARN); it adds no deployment for it.
    assert_eq!(read.task_definition, td2);
    assert_eq!(read.desired_count, 2, "the count is left alone");
    let counts = aws.call_counts();
    assert_eq!(counts.get("UpdateService"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("RegisterTaskDefinition"), None, "{counts:?}");
}

/// A revision with two containers, task-level CPU and memory, a volume and an environment: everything a
/// new image must leave as it was.
async fn two_container_revision(fx: &Fixture, family: &str) -> String {
    let app = ContainerDefinition::builder()
        .name("app")
        .image("registry.example/app:1.0")
        .memory(256)
        .cpu(128)
        .essential(true)
        .port_mappings(
            PortMapping::builder()
                .container_port(8080)
                .host_port(0)
                .build(),
        )
        .environment(KeyValuePair::builder().name("MODE").value("prod").build())
        .mount_points(
            MountPoint::builder()
                .source_volume("scratch")
                .container_path("/scratch")
                .build(),
        )
        .build();
    let sidecar = ContainerDefinition::builder()
        .name("envoy")
        .image("envoyproxy/envoy:v1.29")
        .memory(64)
        .cpu(32)
        .essential(false)
        .build();
    let out = fx
        .ecs
        .register_task_definition()
        .family(family)
        .network_mode(NetworkMode::Bridge)
        .cpu("256")
        .memory("512")
        .volumes(Volume::builder().name("scratch").build())
        .container_definitions(app)
        .container_definitions(sidecar)
        .send()
        .await
        .expect("RegisterTaskDefinition");
    out.task_definition()
        .and_then(|t| t.task_definition_arn())
        .expect("task definition ARN")
        .to_string()
}

/// The family's ACTIVE revisions, as a separate backend lists them (newest first).
async fn active_revisions(fx: &Fixture, family: &str) -> Vec<String> {
    fx.aws()
        .list_task_definitions(family, RevisionStatus::Active)
        .await
        .expect("ListTaskDefinitions")
}

#[tokio::test]
async fn deploy_an_image_registers_one_revision_with_only_that_image_changed_even_when_resumed() {
    let fx = fixture();
    let cluster = fx.cluster("op-image").await;
    let base = two_container_revision(&fx, "op-image").await;
    let service = fx.service(&cluster, "web", &base, 2).await;
    assert_eq!(active_revisions(&fx, "op-image").await, vec![base.clone()]);
    let aws = fx.aws();

    let deploy = Mutation::Deploy(wharf::app::mutation::Deploy {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
        from: base.clone(),
        to: DeployTo::Image {
            container: "app".into(),
            image: "registry.example/app:1.1".into(),
            previous: "registry.example/app:1.0".into(),
        },
    });
    assert_eq!(
        done(mutate(&aws, &deploy).await),
        "web is deploying op-image:2"
    );

    let revisions = active_revisions(&fx, "op-image").await;
    assert_eq!(revisions.len(), 2, "{revisions:?}");
    let new = revisions[0].clone();
    assert_eq!(family_revision(&new), "op-image:2");
    assert_eq!(
        read_service(&fx.aws(), &cluster, &service)
            .await
            .task_definition,
        new,
        "the service uses the new revision"
    );
    // Compared as the SDK reads them, every field: the new revision is the old one with one image changed.
    let before = fx.sdk_task_definition(&base).await;
    let after = fx.sdk_task_definition(&new).await;
    let mut expected = before.container_definitions().to_vec();
    expected[0].image = Some("registry.example/app:1.1".into());
    assert_eq!(after.container_definitions(), expected.as_slice());
    assert_eq!(
        after.container_definitions()[1].image(),
        Some("envoyproxy/envoy:v1.29"),
        "the sidecar keeps its image"
    );
    assert_eq!(after.family(), before.family());
    assert_eq!(after.cpu(), Some("256"));
    assert_eq!(after.memory(), Some("512"));
    assert_eq!(after.cpu(), before.cpu());
    assert_eq!(after.memory(), before.memory());
    assert_eq!(after.network_mode(), before.network_mode());
    assert_eq!(after.volumes(), before.volumes());
    assert_eq!(
        after.requires_compatibilities(),
        before.requires_compatibilities()
    );

    // The answer was lost, and the same change is sent again: the revision registered the first time is
    // found (newest ACTIVE, same but the image) and used; no third revision.
    assert_eq!(
        done(mutate(&aws, &deploy).await),
        "web is deploying op-image:2"
    );
    assert_eq!(active_revisions(&fx, "op-image").await, revisions);
    assert_eq!(
        read_service(&fx.aws(), &cluster, &service)
            .await
            .task_definition,
        new
    );
    let counts = aws.call_counts();
    assert_eq!(counts.get("RegisterTaskDefinition"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("UpdateService"), Some(&2), "{counts:?}");
    assert_eq!(counts.get("ListTaskDefinitions"), Some(&2), "{counts:?}");

    // A session of its own (nothing cached) resuming it finds the same revision.
    let other = fx.aws();
    assert_eq!(
        done(mutate(&other, &deploy).await),
        "web is deploying op-image:2"
    );
    assert_eq!(other.call_counts().get("RegisterTaskDefinition"), None);
    assert_eq!(active_revisions(&fx, "op-image").await, revisions);
}

#[tokio::test]
async fn deploy_an_image_after_someone_else_registered_a_different_revision_registers_its_own() {
    let fx = fixture();
    let (cluster, service, base) = service_on(&fx, "op-image-other", 1).await;
    // Someone else's newer revision: another image than ours.
    let theirs = fx.task_definition("op-image-other", "nginx:theirs").await;
    let aws = fx.aws();

    let deploy = Mutation::Deploy(wharf::app::mutation::Deploy {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
        from: base.clone(),
        to: DeployTo::Image {
            container: "app".into(),
            image: "nginx:ours".into(),
            previous: "nginx:1".into(),
        },
    });
    assert_eq!(
        done(mutate(&aws, &deploy).await),
        "web is deploying op-image-other:3"
    );

    let revisions = active_revisions(&fx, "op-image-other").await;
    assert_eq!(revisions.len(), 3, "{revisions:?}");
    assert_ne!(revisions[0], theirs);
    let fresh = fx.aws();
    let ours = fresh
        .describe_task_definition(&revisions[0])
        .await
        .expect("DescribeTaskDefinition");
    assert_eq!(ours.containers[0].image, "nginx:ours");
    assert_eq!(
        read_service(&fresh, &cluster, &service)
            .await
            .task_definition,
        revisions[0]
    );
}

#[tokio::test]
async fn deploy_an_image_of_a_container_the_revision_lacks_fails_and_registers_nothing() {
    let fx = fixture();
    let (cluster, service, base) = service_on(&fx, "op-image-none", 1).await;
    let aws = fx.aws();

    let err = failed(
        mutate(
            &aws,
            &Mutation::Deploy(wharf::app::mutation::Deploy {
                cluster_arn: cluster.clone(),
                service_arn: service.clone(),
                from: base.clone(),
                to: DeployTo::Image {
                    container: "nope".into(),
                    image: "x:1".into(),
                    previous: "x:0".into(),
                },
            }),
        )
        .await,
    );

    assert_eq!(
        err,
        BackendError::NotFound {
            what: "container nope in task definition op-image-none:1".into()
        }
    );
    assert_eq!(
        active_revisions(&fx, "op-image-none").await,
        vec![base.clone()]
    );
    assert_eq!(
        read_service(&fx.aws(), &cluster, &service)
            .await
            .task_definition,
        base
    );
    assert_eq!(aws.call_counts().get("UpdateService"), None);
}

#[tokio::test]
async fn force_deploy_is_accepted_and_restamps_the_deployment() {
    let fx = fixture();
    let (cluster, service, td) = service_on(&fx, "op-force", 2).await;
    let before = read_service(&fx.aws(), &cluster, &service).await;
    let before_id = before
        .primary_deployment()
        .expect("a PRIMARY deployment")
        .id
        .clone();
    let aws = fx.aws();

    let force = Mutation::Deploy(wharf::app::mutation::Deploy {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
        from: td.clone(),
        to: DeployTo::Force,
    });
    assert_eq!(
        done(mutate(&aws, &force).await),
        "web is deploying op-force:1"
    );

    // What moto shows: the same revision, and its one deployment under a new id. What it cannot show: a new
    // PRIMARY deployment beside the old one (ACTIVE) and every task replaced; moto has no scheduler, so the
    // rollout is the sandbox's to show.
    let after = read_service(&fx.aws(), &cluster, &service).await;
    assert_eq!(after.task_definition, td);
    assert_eq!(after.desired_count, 2);
    assert_eq!(after.deployments.len(), 1, "{:?}", after.deployments);
    let primary = after.primary_deployment().expect("a PRIMARY deployment");
    assert_ne!(primary.id, before_id, "a new deployment id");
    assert!(primary.id.starts_with("ecs-svc/"), "{}", primary.id);
    let counts = aws.call_counts();
    assert_eq!(counts.get("UpdateService"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("RegisterTaskDefinition"), None, "{counts:?}");
}

#[tokio::test]
async fn rollback_to_a_revision_puts_the_service_back_on_it() {
    let fx = fixture();
    let (cluster, service, td1) = service_on(&fx, "op-rollback", 2).await;
    let td2 = fx.task_definition("op-rollback", "nginx:2").await;
    let aws = fx.aws();
    let deploy = Mutation::Deploy(wharf::app::mutation::Deploy {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
        from: td1.clone(),
        to: DeployTo::Revision(td2.clone()),
    });
    done(mutate(&aws, &deploy).await);
    assert_eq!(
        read_service(&fx.aws(), &cluster, &service)
            .await
            .task_definition,
        td2
    );

    let rollback = Mutation::Rollback(wharf::app::mutation::Rollback {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
        from: td2.clone(),
        how: RollbackHow::ToRevision(td1.clone()),
    });
    assert_eq!(
        done(mutate(&aws, &rollback).await),
        "web is rolling back to op-rollback:1"
    );

    let read = read_service(&fx.aws(), &cluster, &service).await;
    assert_eq!(read.task_definition, td1);
    assert_eq!(read.desired_count, 2);
    assert_eq!(aws.call_counts().get("UpdateService"), Some(&2));
    // RollbackHow::StopDeployment cannot be run here: moto 5.2.5 has no ListServiceDeployments or
    // StopServiceDeployment. It is covered against the stub (tests/aws_stub_writes.rs) and in the sandbox.
}

#[tokio::test]
async fn cluster_cleanup_steps_delete_the_service_the_instance_and_the_cluster() {
    let m = moto::shared();
    let fx = fixture();
    let (cluster, service, _) = service_on(&fx, "op-cleanup", 2).await;
    let instance_id = m.run_instance();
    let document = format!(
        r#"{{"instanceId":"{instance_id}","region":"us-east-1","availabilityZone":"us-east-1a","accountId":"123456789012"}}"#
    );
    let instance = fx
        .ecs
        .register_container_instance()
        .cluster(&cluster)
        .instance_identity_document(document)
        .send()
        .await
        .expect("RegisterContainerInstance")
        .container_instance()
        .and_then(|c| c.container_instance_arn())
        .expect("container instance ARN")
        .to_string();
    let aws = fx.aws();

    let delete_service = Mutation::DeleteService(wharf::app::mutation::DeleteService {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
    });
    // Force: no scaling to 0 first. moto turns it INACTIVE at once (ECS: DRAINING, then INACTIVE).
    assert_eq!(done(mutate(&aws, &delete_service).await), "web is INACTIVE");
    let read = read_service(&fx.aws(), &cluster, &service).await;
    assert_eq!(read.status, ServiceStatus::Inactive);
    // ECS drops it from ListServices; moto keeps listing an INACTIVE service, so only its status tells here.

    let fresh = fx.aws();
    assert_eq!(
        fresh
            .list_container_instances(&cluster)
            .await
            .expect("ListContainerInstances"),
        vec![instance.clone()]
    );
    let deregister =
        Mutation::DeregisterContainerInstance(wharf::app::mutation::DeregisterContainerInstance {
            cluster_arn: cluster.clone(),
            instance_arn: instance.clone(),
        });
    assert_eq!(
        done(mutate(&aws, &deregister).await),
        format!("{instance_id} deregistered")
    );
    let left = fx
        .aws()
        .list_container_instances(&cluster)
        .await
        .expect("ListContainerInstances");
    assert!(left.is_empty(), "{left:?}");

    let delete_cluster = Mutation::DeleteCluster(wharf::app::mutation::DeleteCluster {
        cluster_arn: cluster.clone(),
    });
    assert_eq!(
        done(mutate(&aws, &delete_cluster).await),
        "cluster op-cleanup is INACTIVE"
    );
    let read = fx
        .aws()
        .describe_clusters(std::slice::from_ref(&cluster))
        .await
        .expect("DescribeClusters");
    assert!(read.failures.is_empty(), "{:?}", read.failures);
    assert_eq!(read.items.len(), 1, "{read:?}");
    assert_eq!(read.items[0].status, "INACTIVE");
    let counts = aws.call_counts();
    assert_eq!(counts.get("DeleteService"), Some(&1), "{counts:?}");
    assert_eq!(
        counts.get("DeregisterContainerInstance"),
        Some(&1),
        "{counts:?}"
    );
    assert_eq!(counts.get("DeleteCluster"), Some(&1), "{counts:?}");
}

struct Stack {
    lb: String,
    tg: String,
    listener: String,
}

/// An application load balancer in moto's default VPC, a target group, and a listener forwarding to it.
async fn stack(fx: &Fixture, name: &str) -> Stack {
    let subnets = moto::shared().subnets();
    assert!(subnets.len() >= 2, "moto's default VPC: {subnets:?}");
    let lb = fx
        .elb
        .create_load_balancer()
        .name(name)
        .set_subnets(Some(subnets[..2].to_vec()))
        .send()
        .await
        .expect("CreateLoadBalancer");
    let lb = &lb.load_balancers()[0];
    let vpc = lb.vpc_id().expect("vpc").to_string();
    let lb = lb.load_balancer_arn().expect("LB ARN").to_string();
    let tg = fx
        .elb
        .create_target_group()
        .name(format!("{name}-tg"))
        .protocol(ProtocolEnum::Http)
        .port(80)
        .vpc_id(vpc)
        .target_type(TargetTypeEnum::Ip)
        .send()
        .await
        .expect("CreateTargetGroup");
    let tg = tg.target_groups()[0]
        .target_group_arn()
        .expect("TG ARN")
        .to_string();
    let listener = fx
        .elb
        .create_listener()
        .load_balancer_arn(&lb)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(
            Action::builder()
                .r#type(ActionTypeEnum::Forward)
                .target_group_arn(&tg)
                .build(),
        )
        .send()
        .await
        .expect("CreateListener");
    let listener = listener.listeners()[0]
        .listener_arn()
        .expect("listener ARN")
        .to_string();
    Stack { lb, tg, listener }
}

#[tokio::test]
async fn load_balancing_cleanup_steps_delete_the_listener_the_load_balancer_and_the_target_group() {
    let fx = fixture();
    let s = stack(&fx, "op-elb").await;
    let aws = fx.aws();

    let listener = Mutation::DeleteListener(wharf::app::mutation::DeleteListener {
        arn: s.listener.clone(),
    });
    assert_eq!(done(mutate(&aws, &listener).await), "listener deleted");
    let left = fx
        .aws()
        .describe_listeners(&s.lb)
        .await
        .expect("DescribeListeners");
    assert!(left.is_empty(), "{left:?}");

    let lb = Mutation::DeleteLoadBalancer(wharf::app::mutation::DeleteLoadBalancer {
        arn: s.lb.clone(),
    });
    assert_eq!(done(mutate(&aws, &lb).await), "load balancer deleted");
    let lbs = fx
        .aws()
        .describe_load_balancers(&[])
        .await
        .expect("DescribeLoadBalancers");
    assert!(lbs.iter().all(|l| l.arn != s.lb), "{lbs:?}");

    let tg =
        Mutation::DeleteTargetGroup(wharf::app::mutation::DeleteTargetGroup { arn: s.tg.clone() });
    assert_eq!(done(mutate(&aws, &tg).await), "target group deleted");
    let tgs = fx
        .aws()
        .describe_target_groups(&[])
        .await
        .expect("DescribeTargetGroups");
    assert!(tgs.iter().all(|t| t.arn != s.tg), "{tgs:?}");
    let counts = aws.call_counts();
    assert_eq!(counts.get("DeleteListener"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("DeleteLoadBalancer"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("DeleteTargetGroup"), Some(&1), "{counts:?}");
}

#[tokio::test]
async fn deleting_a_target_group_a_listener_forwards_to_fails_and_changes_nothing() {
    let fx = fixture();
    let s = stack(&fx, "op-inuse").await;
    let aws = fx.aws();

    let err = failed(
        mutate(
            &aws,
            &Mutation::DeleteTargetGroup(wharf::app::mutation::DeleteTargetGroup {
                arn: s.tg.clone(),
            }),
        )
        .await,
    );

    let BackendError::Api { code, message } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(code, "ResourceInUse");
    assert!(
        message.contains(&format!(
            "'{}' is currently in use by a listener or a rule",
            s.tg
        )),
        "{message}"
    );
    assert!(
        message.contains("Delete the listener or rule that forwards to it first"),
        "{message}"
    );
    let fresh = fx.aws();
    let tgs = fresh
        .describe_target_groups(std::slice::from_ref(&s.tg))
        .await
        .expect("still there");
    assert_eq!(tgs.len(), 1, "{tgs:?}");
    assert_eq!(tgs[0].load_balancer_arns, vec![s.lb.clone()]);
    let listeners = fresh
        .describe_listeners(&s.lb)
        .await
        .expect("DescribeListeners");
    assert_eq!(listeners.len(), 1, "{listeners:?}");
    assert_eq!(listeners[0].arn, s.listener);
    assert_eq!(listeners[0].default_target_groups, vec![s.tg.clone()]);
}

#[tokio::test]
async fn deregister_task_definition_makes_the_revision_inactive() {
    let fx = fixture();
    let td1 = fx.task_definition("op-deregister", "nginx:1").await;
    let td2 = fx.task_definition("op-deregister", "nginx:2").await;
    let aws = fx.aws();

    let deregister =
        Mutation::DeregisterTaskDefinition(wharf::app::mutation::DeregisterTaskDefinition {
            arn: td1.clone(),
        });
    assert_eq!(
        done(mutate(&aws, &deregister).await),
        "op-deregister:1 is INACTIVE"
    );

    let fresh = fx.aws();
    let read = fresh
        .describe_task_definition(&td1)
        .await
        .expect("DescribeTaskDefinition");
    assert_eq!(read.status, "INACTIVE");
    assert_eq!(active_revisions(&fx, "op-deregister").await, vec![td2]);
    assert_eq!(
        fresh
            .list_task_definitions("op-deregister", RevisionStatus::Inactive)
            .await
            .expect("INACTIVE"),
        vec![td1]
    );
}

#[tokio::test]
async fn twelve_inactive_revisions_are_deleted_in_the_plans_batches_and_a_resumed_batch_is_done() {
    let fx = fixture();
    let mut arns = Vec::new();
    for i in 1..=12 {
        arns.push(fx.task_definition("op-delete", &format!("nginx:{i}")).await);
    }
    let aws = fx.aws();
    for arn in &arns {
        done(
            mutate(
                &aws,
                &Mutation::DeregisterTaskDefinition(
                    wharf::app::mutation::DeregisterTaskDefinition { arn: arn.clone() },
                ),
            )
            .await,
        );
    }
    let inactive = fx
        .aws()
        .list_task_definitions("op-delete", RevisionStatus::Inactive)
        .await
        .expect("INACTIVE");
    assert_eq!(inactive.len(), 12, "{inactive:?}");

    // As the cleanup plan cuts them: at most 10 a step.
    let steps: Vec<Mutation> = inactive
        .chunks(10)
        .map(|batch| {
            Mutation::DeleteTaskDefinitions(wharf::app::mutation::DeleteTaskDefinitions {
                arns: batch.to_vec(),
            })
        })
        .collect();
    assert_eq!(steps.len(), 2);
    assert_eq!(done(mutate(&aws, &steps[0]).await), "10 revisions deleted");
    assert_eq!(done(mutate(&aws, &steps[1]).await), "2 revisions deleted");

    let fresh = fx.aws();
    for status in [RevisionStatus::Active, RevisionStatus::Inactive] {
        let left = fresh
            .list_task_definitions("op-delete", status)
            .await
            .expect("ListTaskDefinitions");
        assert!(left.is_empty(), "{status:?}: {left:?}");
    }
    // ECS describes a deleted revision (DELETE_IN_PROGRESS) while tasks use it; moto forgets it at once.
    let gone = fresh.describe_task_definition(&arns[0]).await;
    assert!(gone.is_err(), "{gone:?}");

    // A step resumed after its answer was lost: moto says "does not exist" for each, which counts as done.
    assert_eq!(
        done(mutate(&aws, &steps[0]).await),
        "0 revisions deleted, 10 already gone"
    );
    assert_eq!(aws.call_counts().get("DeleteTaskDefinitions"), Some(&3));
}

#[tokio::test]
async fn deleting_an_active_revision_fails_and_leaves_it_active() {
    let fx = fixture();
    let td = fx.task_definition("op-delete-active", "nginx:1").await;
    let aws = fx.aws();

    let err = failed(
        mutate(
            &aws,
            &Mutation::DeleteTaskDefinitions(wharf::app::mutation::DeleteTaskDefinitions {
                arns: vec![td.clone()],
            }),
        )
        .await,
    );

    let BackendError::Api { code, message } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(code, "DeleteTaskDefinitionsFailure");
    assert!(
        message.starts_with("1 of 1 revisions were not deleted; op-delete-active:1: "),
        "{message}"
    );
    assert!(message.contains("still in ACTIVE status"), "{message}");
    assert_eq!(
        active_revisions(&fx, "op-delete-active").await,
        vec![td.clone()]
    );
    assert_eq!(
        fx.aws()
            .describe_task_definition(&td)
            .await
            .expect("DescribeTaskDefinition")
            .status,
        "ACTIVE"
    );
}
