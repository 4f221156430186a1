//! `:deploy --image` in the sandbox reuses the family's newest revision only when it is the running revision
//! with that image in every field RegisterTaskDefinition takes (issue 19, item 4); otherwise it registers a
//! new one. The AWS backend's side is `tests/aws_moto_deploy_reuse.rs`.

use wharf::app::{DeployTo, Mutation, MutationResult};
use wharf::backend::sim::*;
use wharf::backend::Backend;
use wharf::model::*;
use wharf::runtime::mutate;

const OLD: &str = "repo/web:1";
const NEW: &str = "repo/web:2";

/// The running revision `web:1`: roles, a volume, a secret and ulimits, so that each can differ.
fn base() -> TaskDefinitionSpec {
    let mut spec = TaskDefinitionSpec::fargate("web", OLD, 256, 512, 8080);
    spec.task_role_arn = Some("arn:aws:iam::123456789012:role/web".into());
    spec.execution_role_arn = Some("arn:aws:iam::123456789012:role/web-exec".into());
    spec.volumes = vec![Volume {
        name: "scratch".into(),
        kind: VolumeKind::Host { source_path: None },
    }];
    let c = &mut spec.containers[0];
    c.secrets = vec![Secret::new(
        "DB_PASSWORD",
        "arn:aws:ssm:us-east-1:123456789012:parameter/web/db",
    )];
    c.ulimits = vec![Ulimit {
        name: "nofile".into(),
        soft_limit: 1024,
        hard_limit: 4096,
    }];
    spec
}

/// Service `web` steady on `web:1`, then `web:2` registered as `base()` with the new image and `change`
/// applied; deploys the new image from `web:1`. Answers the sandbox, the family's ACTIVE revisions (newest
/// first) and the revision the service now deploys.
async fn deploy_over(change: impl FnOnce(&mut TaskDefinitionSpec)) -> (Sim, Vec<String>, String) {
    let mut w = World::new(7, MANUAL_START);
    w.create_cluster("prod", &["FARGATE"]);
    w.register_task_definition(base()).expect("web:1");
    w.create_service(ServiceSpec::new("prod", "web", "web:1", 2))
        .expect("service");
    w.advance(120_000);
    let mut theirs = base();
    theirs.containers[0].image = NEW.into();
    change(&mut theirs);
    w.register_task_definition(theirs).expect("web:2");
    let sim = Sim::new(w, SimClock::Manual);

    let deploy = Mutation::Deploy(wharf::app::mutation::Deploy {
        cluster_arn: "prod".into(),
        service_arn: "web".into(),
        from: "web:1".into(),
        to: DeployTo::Image {
            container: "web".into(),
            image: NEW.into(),
            previous: OLD.into(),
        },
    });
    let said = match mutate(&sim, &deploy).await {
        MutationResult::Done(said) => said,
        other => panic!("expected Done, got {other:?}"),
    };
    let revisions = sim
        .list_task_definitions("web", RevisionStatus::Active)
        .await
        .expect("ListTaskDefinitions");
    let service = sim
        .describe_services("prod", &["web".into()])
        .await
        .expect("DescribeServices")
        .items
        .remove(0);
    assert_eq!(
        said,
        format!(
            "web is deploying {}",
            family_revision(&service.task_definition)
        )
    );
    (sim, revisions, service.task_definition)
}

/// One revision was registered (`web:3`), a copy of `web:1` with the new image, and the service deploys it.
async fn registered_anew((sim, revisions, deployed): (Sim, Vec<String>, String)) {
    assert_eq!(
        revisions.len(),
        3,
        "one RegisterTaskDefinition: {revisions:?}"
    );
    assert_eq!(family_revision(&deployed), "web:3");
    assert_eq!(revisions[0], deployed);
    let new = sim
        .describe_task_definition(&deployed)
        .await
        .expect("web:3");
    let mut expected = sim.describe_task_definition("web:1").await.expect("web:1");
    expected.containers[0].image = NEW.into();
    expected.arn.clone_from(&new.arn);
    expected.revision = new.revision;
    expected.registered_at = new.registered_at;
    assert_eq!(new, expected, "web:3 is web:1 with the new image");
}

#[tokio::test]
async fn a_newer_revision_equal_but_the_image_is_reused() {
    let (_sim, revisions, deployed) = deploy_over(|_| {}).await;
    assert_eq!(
        revisions.len(),
        2,
        "no RegisterTaskDefinition: {revisions:?}"
    );
    assert_eq!(family_revision(&deployed), "web:2");
}

#[tokio::test]
async fn a_newer_revision_with_another_task_role_is_not_reused() {
    registered_anew(
        deploy_over(|td| {
            td.task_role_arn = Some("arn:aws:iam::123456789012:role/admin".into());
        })
        .await,
    )
    .await;
}

#[tokio::test]
async fn a_newer_revision_with_another_execution_role_is_not_reused() {
    registered_anew(deploy_over(|td| td.execution_role_arn = None).await).await;
}

#[tokio::test]
async fn a_newer_revision_with_another_volume_is_not_reused() {
    registered_anew(
        deploy_over(|td| {
            td.volumes[0].kind = VolumeKind::Host {
                source_path: Some("/".into()),
            };
        })
        .await,
    )
    .await;
}

#[tokio::test]
async fn a_newer_revision_with_another_secret_is_not_reused() {
    registered_anew(
        deploy_over(|td| {
            td.containers[0].secrets[0].value_from =
                "arn:aws:ssm:us-east-1:123456789012:parameter/other/db".into();
        })
        .await,
    )
    .await;
}

#[tokio::test]
async fn a_newer_revision_with_other_ulimits_is_not_reused() {
    registered_anew(deploy_over(|td| td.containers[0].ulimits[0].hard_limit = 65536).await).await;
}

#[tokio::test]
async fn a_newer_revision_with_another_pid_or_ipc_mode_is_not_reused() {
    registered_anew(deploy_over(|td| td.pid_mode = Some("task".into())).await).await;
    registered_anew(deploy_over(|td| td.ipc_mode = Some("none".into())).await).await;
}

#[tokio::test]
async fn a_newer_revision_with_other_ephemeral_storage_is_not_reused() {
    registered_anew(deploy_over(|td| td.ephemeral_storage_gib = Some(30)).await).await;
}
