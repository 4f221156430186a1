//! The sandbox's task definitions as full data: families and revisions of each status, the demo's
//! definitions (roles, environment, secrets, health checks, awslogs), and what differs between revisions.

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError};
use wharf::model::*;

fn arn(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:sandbox-1:000000000000:task-definition/{family}:{revision}")
}

#[tokio::test]
async fn the_demo_lists_its_families_by_status() {
    let sim = Sim::demo(1, SimClock::Manual);
    let all = sim.list_task_definition_families(None).await.expect("all");
    for family in [
        "web",
        "search",
        "payments",
        "storefront",
        "db-migrate",
        "orders",
    ] {
        assert!(all.contains(&family.to_string()), "{family}: {all:?}");
    }
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted, "sorted by name, as ECS lists them");
    assert_eq!(
        sim.list_task_definition_families(Some(RevisionStatus::Active))
            .await
            .expect("active"),
        all
    );
    assert_eq!(
        sim.list_task_definition_families(Some(RevisionStatus::Inactive))
            .await
            .expect("inactive"),
        Vec::<String>::new()
    );

    // Its last ACTIVE revision deregistered, db-migrate is an INACTIVE family.
    sim.deregister_task_definition(&arn("db-migrate", 2))
        .await
        .expect("deregister");
    let active = sim
        .list_task_definition_families(Some(RevisionStatus::Active))
        .await
        .expect("active");
    assert!(!active.contains(&"db-migrate".to_string()));
    assert_eq!(
        sim.list_task_definition_families(Some(RevisionStatus::Inactive))
            .await
            .expect("inactive"),
        ["db-migrate"]
    );

    let e = sim
        .list_task_definition_families(Some(RevisionStatus::DeleteInProgress))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, BackendError::Api { code, .. } if code == "InvalidParameterException"),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_familys_revisions_of_every_status_newest_first() {
    let sim = Sim::demo(1, SimClock::Manual);
    assert_eq!(
        sim.list_task_definition_revisions("db-migrate")
            .await
            .expect("revisions"),
        [
            RevisionRef::new(arn("db-migrate", 2), RevisionStatus::Active),
            RevisionRef::new(arn("db-migrate", 1), RevisionStatus::Inactive),
        ]
    );

    // web:1 runs prod's web service: deleted, it stays DELETE_IN_PROGRESS while the service uses it.
    sim.deregister_task_definition(&arn("web", 1))
        .await
        .expect("deregister");
    sim.delete_task_definitions(&[arn("web", 1)])
        .await
        .expect("delete");
    sim.advance(60_000);
    assert_eq!(
        sim.list_task_definitions("web", RevisionStatus::DeleteInProgress)
            .await
            .expect("list"),
        [arn("web", 1)]
    );
    let revisions = sim
        .list_task_definition_revisions("web")
        .await
        .expect("revisions");
    assert_eq!(
        revisions,
        [
            RevisionRef::new(arn("web", 2), RevisionStatus::Active),
            RevisionRef::new(arn("web", 1), RevisionStatus::DeleteInProgress),
        ]
    );
    assert_eq!(
        revisions.iter().map(|r| r.revision).collect::<Vec<_>>(),
        [2, 1]
    );
    assert!(sim
        .list_task_definition_revisions("no-such-family")
        .await
        .expect("none")
        .is_empty());
}

#[tokio::test]
async fn demo_definitions_carry_roles_secrets_health_checks_and_awslogs() {
    let sim = Sim::demo(1, SimClock::Manual);
    for family in [
        "web",
        "search",
        "payments",
        "storefront",
        "orders",
        "db-migrate",
    ] {
        for r in sim
            .list_task_definition_revisions(family)
            .await
            .expect("revisions")
        {
            let td = sim
                .describe_task_definition(&r.arn)
                .await
                .expect("describe");
            assert_eq!(
                td.task_role_arn,
                Some(format!("arn:aws:iam::000000000000:role/{family}-task"))
            );
            assert!(td.execution_role_arn.is_some() && td.registered_at.is_some());
            for c in &td.containers {
                let logs = c.log_configuration.as_ref().expect("log configuration");
                assert_eq!(logs.driver, "awslogs");
                assert_eq!(
                    logs.option("awslogs-group"),
                    Some(format!("/ecs/{family}").as_str())
                );
                assert_eq!(logs.option("awslogs-region"), Some("sandbox-1"));
                assert_eq!(logs.option("awslogs-stream-prefix"), Some("ecs"));
                assert!(c.env("APP_ENV").is_some());
                assert!(c
                    .secrets
                    .iter()
                    .all(|s| s.value_from.starts_with("arn:aws:")));
                assert_eq!(c.health_check.is_some(), !c.port_mappings.is_empty());
            }
        }
    }
    let old = sim
        .describe_task_definition(&arn("db-migrate", 1))
        .await
        .expect("describe");
    assert_eq!(old.status, "INACTIVE");
    assert!(old.deregistered_at.is_some());
}

#[tokio::test]
async fn each_running_containers_logs_are_in_its_ecs_stream() {
    let sim = Sim::demo(1, SimClock::Manual);
    for cluster in ["prod-fargate", "prod-ec2"] {
        let arns = sim
            .list_tasks(
                cluster,
                &TaskFilter {
                    service_name: None,
                    desired_status: DesiredStatus::Running,
                },
            )
            .await
            .expect("tasks");
        let tasks = sim.describe_tasks(cluster, &arns).await.expect("describe");
        assert!(!tasks.items.is_empty());
        for task in &tasks.items {
            let td = sim
                .describe_task_definition(&task.task_definition_arn)
                .await
                .expect("definition");
            let task_id = arn_name(&task.arn);
            for c in &task.containers {
                let runtime_id = c.runtime_id.as_deref().expect("runtime id");
                match task.launch_type {
                    LaunchType::Fargate => assert!(runtime_id.starts_with(task_id)),
                    LaunchType::Ec2 => assert_eq!(runtime_id.len(), 64),
                }
                let def = td.container(&c.name).expect("container definition");
                assert_eq!(
                    logs_target(def, task_id, Some(runtime_id), &sim.info().region),
                    LogsTarget::Awslogs {
                        group: format!("/ecs/{}", td.family),
                        region: "sandbox-1".into(),
                        stream: Some(format!("ecs/{}/{task_id}", c.name)),
                    }
                );
            }
        }
    }
}

fn paths(changes: &[FieldChange]) -> Vec<&str> {
    changes.iter().map(|c| c.path.as_str()).collect()
}

#[tokio::test]
async fn the_demos_revisions_differ_in_more_than_the_image() {
    let sim = Sim::demo(1, SimClock::Manual);
    let td = |family: &str, r: u32| {
        let sim = &sim;
        let arn = arn(family, r);
        async move { sim.describe_task_definition(&arn).await.expect("describe") }
    };

    let search = diff(&td("search", 1).await, &td("search", 2).await);
    assert_eq!(
        paths(&search),
        [
            "containers[search].image",
            "containers[search].environment.APP_VERSION",
            "containers[search].environment.SEARCH_SHARDS",
            "containers[search].secrets.OPENSEARCH_PASSWORD",
            "containers[search].healthCheck.interval",
            "containers[search].healthCheck.retries",
        ]
    );
    assert!(search[1].sensitive && !search[3].sensitive);
    assert_eq!(
        (search[2].before.as_deref(), search[2].after.as_deref()),
        (Some("4"), Some("8"))
    );

    let web = diff(&td("web", 1).await, &td("web", 2).await);
    let web_paths = paths(&web);
    for path in [
        "cpu",
        "memory",
        "containers[web].image",
        "containers[web].cpu",
        "containers[web].environment.APP_ENV",
        "containers[web].environment.FEATURE_FLAGS",
    ] {
        assert!(web_paths.contains(&path), "{path}: {web_paths:?}");
    }

    let payments = diff(&td("payments", 1).await, &td("payments", 2).await);
    assert!(paths(&payments).contains(&"containers[payments].secrets.STRIPE_WEBHOOK_SECRET"));
    assert!(paths(&payments).contains(&"containers[payments].stopTimeout"));
    let storefront = diff(&td("storefront", 1).await, &td("storefront", 2).await);
    assert!(
        paths(&storefront).contains(&"containers[storefront].portMappings[8080/tcp].appProtocol")
    );
}

#[tokio::test]
async fn a_new_revision_from_the_sandbox_keeps_every_field() {
    let sim = Sim::demo(1, SimClock::Manual);
    let base = sim
        .describe_task_definition(&arn("payments", 2))
        .await
        .expect("describe");
    let next = sim
        .register_task_definition(
            &base.arn,
            &[(
                "payments".into(),
                "public.ecr.aws/wharf-demo/payments:5.4.1".into(),
            )],
        )
        .await
        .expect("register");
    assert_eq!(paths(&diff(&base, &next)), ["containers[payments].image"]);
    assert!(next.registered_at.is_some());
}
