//! `:deploy --image` through the AWS backend against moto reuses the family's newest revision only when it is
//! the running revision with that image in every field RegisterTaskDefinition takes (issue 19, item 4):
//! roles, volumes, secrets, privileged, ulimits, pid and ipc mode, the registry's credentials, tags. Several
//! of these are fields wharf's model does not carry, which is why the backend, not `mutate`, decides. The
//! sandbox's side is `tests/sim_deploy_reuse.rs`; a copy of wharf's own being reused after a lost answer is
//! in `tests/aws_moto_operate.rs`.

mod support;

use aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionFluentBuilder;
use aws_sdk_ecs::types::builders::ContainerDefinitionBuilder;
use aws_sdk_ecs::types::{
    ContainerDefinition, HostVolumeProperties, IpcMode, NetworkMode, PidMode,
    RepositoryCredentials, Secret, Tag, TaskDefinition, Ulimit, UlimitName, Volume,
};
use support::moto;
use support::world::Fixture;
use wharf::app::{DeployTo, Mutation, MutationResult};
use wharf::backend::Backend;
use wharf::model::family_revision;
use wharf::runtime::mutate;

const OLD: &str = "registry.example/app:1";
const NEW: &str = "registry.example/app:2";
const ROLE: &str = "arn:aws:iam::123456789012:role/app";

/// The `app` container of the running revision, with a secret, ulimits and `privileged` set so that each
/// can differ.
fn app(image: &str) -> ContainerDefinitionBuilder {
    ContainerDefinition::builder()
        .name("app")
        .image(image)
        .memory(128)
        .cpu(64)
        .essential(true)
        .privileged(false)
        .secrets(
            Secret::builder()
                .name("DB_PASSWORD")
                .value_from("arn:aws:ssm:us-east-1:123456789012:parameter/app/db")
                .build()
                .expect("secret"),
        )
        .ulimits(
            Ulimit::builder()
                .name(UlimitName::Nofile)
                .soft_limit(1024)
                .hard_limit(4096)
                .build()
                .expect("ulimit"),
        )
}

/// A revision of `family` like the running one, around `app`.
fn revision(
    fx: &Fixture,
    family: &str,
    app: ContainerDefinition,
) -> RegisterTaskDefinitionFluentBuilder {
    fx.ecs
        .register_task_definition()
        .family(family)
        .network_mode(NetworkMode::Bridge)
        .task_role_arn(ROLE)
        .execution_role_arn("arn:aws:iam::123456789012:role/app-exec")
        .volumes(
            Volume::builder()
                .name("data")
                .host(
                    HostVolumeProperties::builder()
                        .source_path("/srv/data")
                        .build(),
                )
                .build(),
        )
        .container_definitions(app)
}

async fn register(input: RegisterTaskDefinitionFluentBuilder) -> String {
    let out = input.send().await.expect("RegisterTaskDefinition");
    out.task_definition()
        .and_then(|t| t.task_definition_arn())
        .expect("task definition ARN")
        .to_string()
}

struct Deployed {
    fx: Fixture,
    base: String,
    theirs: String,
    /// RegisterTaskDefinition calls the deploy made.
    registers: u64,
    /// The revision the service runs afterwards, as a separate backend reads it.
    now: String,
}

/// Service `web` on revision 1 of `family`; someone registers revision 2: revision 1 with the new image,
/// `container` applied to its container and `td` to the rest. Then wharf deploys the new image from
/// revision 1.
async fn deploy_over(
    family: &str,
    container: impl FnOnce(ContainerDefinitionBuilder) -> ContainerDefinitionBuilder,
    td: impl FnOnce(RegisterTaskDefinitionFluentBuilder) -> RegisterTaskDefinitionFluentBuilder,
) -> Deployed {
    let fx = Fixture::new(&moto::shared().endpoint);
    let cluster = fx.cluster(family).await;
    let base = register(revision(&fx, family, app(OLD).build())).await;
    let service = fx.service(&cluster, "web", &base, 1).await;
    let theirs = register(td(revision(&fx, family, container(app(NEW)).build()))).await;
    let aws = fx.aws();

    let deploy = Mutation::Deploy(wharf::app::mutation::Deploy {
        cluster_arn: cluster.clone(),
        service_arn: service.clone(),
        from: base.clone(),
        to: DeployTo::Image {
            container: "app".into(),
            image: NEW.into(),
            previous: OLD.into(),
        },
    });
    let said = match mutate(&aws, &deploy).await {
        MutationResult::Done(said) => said,
        other => panic!("expected Done, got {other:?}"),
    };
    let registers = aws
        .call_counts()
        .get("RegisterTaskDefinition")
        .copied()
        .unwrap_or(0);
    let read = fx
        .aws()
        .describe_services(&cluster, &[service])
        .await
        .expect("DescribeServices");
    let now = read.items[0].task_definition.clone();
    assert_eq!(said, format!("web is deploying {}", family_revision(&now)));
    Deployed {
        fx,
        base,
        theirs,
        registers,
        now,
    }
}

/// `td` without what ECS sets itself.
fn registered_fields(mut td: TaskDefinition) -> TaskDefinition {
    td.task_definition_arn = None;
    td.revision = 0;
    td.registered_at = None;
    td.registered_by = None;
    td
}

/// One RegisterTaskDefinition, of revision 3: revision 1 with the new image (not a copy of theirs), which
/// the service now runs.
async fn registered_anew(d: Deployed) {
    assert_eq!(d.registers, 1, "one RegisterTaskDefinition");
    assert_ne!(d.now, d.theirs, "their revision is not reused");
    assert!(d.now.ends_with(":3"), "{}", d.now);
    let mut expected = d.fx.sdk_task_definition(&d.base).await;
    if let Some(containers) = expected.container_definitions.as_mut() {
        containers[0].image = Some(NEW.into());
    }
    assert_eq!(
        registered_fields(d.fx.sdk_task_definition(&d.now).await),
        registered_fields(expected),
        "the new revision is the running one with the new image"
    );
}

#[tokio::test]
async fn a_newer_revision_equal_but_the_image_is_reused() {
    let d = deploy_over("reuse-same", |c| c, |td| td).await;
    assert_eq!(d.registers, 0, "no RegisterTaskDefinition");
    assert_eq!(d.now, d.theirs);
}

#[tokio::test]
async fn a_newer_revision_that_differs_only_in_its_task_role_is_not_reused() {
    let d = deploy_over(
        "reuse-role",
        |c| c,
        |td| td.task_role_arn("arn:aws:iam::123456789012:role/admin"),
    )
    .await;
    registered_anew(d).await;
}

#[tokio::test]
async fn a_newer_revision_that_differs_only_in_a_volume_is_not_reused() {
    let d = deploy_over(
        "reuse-volume",
        |c| c,
        |td| {
            td.set_volumes(Some(vec![Volume::builder()
                .name("data")
                .host(HostVolumeProperties::builder().source_path("/").build())
                .build()]))
        },
    )
    .await;
    registered_anew(d).await;
}

#[tokio::test]
async fn a_newer_revision_that_differs_only_in_a_secret_is_not_reused() {
    let d = deploy_over(
        "reuse-secret",
        |c| {
            c.set_secrets(Some(vec![Secret::builder()
                .name("DB_PASSWORD")
                .value_from("arn:aws:ssm:us-east-1:123456789012:parameter/other/db")
                .build()
                .expect("secret")]))
        },
        |td| td,
    )
    .await;
    registered_anew(d).await;
}

/// The secret that pulls the image (a field wharf's model does not carry).
#[tokio::test]
async fn a_newer_revision_that_differs_only_in_its_registry_credentials_is_not_reused() {
    let d = deploy_over(
        "reuse-registry",
        |c| {
            c.repository_credentials(
                RepositoryCredentials::builder()
                    .credentials_parameter(
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry",
                    )
                    .build()
                    .expect("credentials"),
            )
        },
        |td| td,
    )
    .await;
    registered_anew(d).await;
}

/// `privileged` is a field wharf's model does not carry.
#[tokio::test]
async fn a_newer_revision_that_differs_only_in_privileged_is_not_reused() {
    let d = deploy_over("reuse-privileged", |c| c.privileged(true), |td| td).await;
    registered_anew(d).await;
}

#[tokio::test]
async fn a_newer_revision_that_differs_only_in_its_ulimits_is_not_reused() {
    let d = deploy_over(
        "reuse-ulimits",
        |c| {
            c.set_ulimits(Some(vec![Ulimit::builder()
                .name(UlimitName::Nofile)
                .soft_limit(1024)
                .hard_limit(65536)
                .build()
                .expect("ulimit")]))
        },
        |td| td,
    )
    .await;
    registered_anew(d).await;
}

#[tokio::test]
async fn a_newer_revision_that_differs_only_in_pid_or_ipc_mode_is_not_reused() {
    let d = deploy_over("reuse-pid", |c| c, |td| td.pid_mode(PidMode::Host)).await;
    registered_anew(d).await;
    let d = deploy_over("reuse-ipc", |c| c, |td| td.ipc_mode(IpcMode::Host)).await;
    registered_anew(d).await;
}

/// Tags are no part of a revision, but RegisterTaskDefinition takes them and wharf's copy carries none.
#[tokio::test]
async fn a_newer_revision_that_differs_only_in_its_tags_is_not_reused() {
    let d = deploy_over(
        "reuse-tags",
        |c| c,
        |td| td.tags(Tag::builder().key("team").value("payments").build()),
    )
    .await;
    registered_anew(d).await;
}
