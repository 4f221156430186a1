//! The AWS backend's task definition reads and writes against moto, each write seen by a fresh read from a
//! separate backend, with the calls each cost from the backend's own counters. moto treats `familyPrefix` as an
//! exact family and answers oldest first, so the prefix filtering and paging are covered against the stub
//! (`tests/aws_stub_writes.rs`); here the order is wharf's own.

mod support;

use support::moto;
use support::world::Fixture;
use wharf::backend::{Backend, BackendError};
use wharf::model::RevisionStatus;

fn fixture() -> Fixture {
    Fixture::new(&moto::shared().endpoint)
}

async fn revisions(fx: &Fixture, family: &str, count: usize) -> Vec<String> {
    let mut arns = Vec::new();
    for i in 1..=count {
        arns.push(fx.task_definition(family, &format!("nginx:{i}")).await);
    }
    arns
}

#[tokio::test]
async fn task_definitions_are_listed_by_family_and_status_newest_first() {
    let fx = fixture();
    let web = revisions(&fx, "listed-web", 3).await;
    let admin = revisions(&fx, "listed-web-admin", 2).await;
    let aws = fx.aws();
    aws.deregister_task_definition(&web[0])
        .await
        .expect("DeregisterTaskDefinition");

    let fresh = fx.aws();
    let active = fresh
        .list_task_definitions("listed-web", RevisionStatus::Active)
        .await
        .expect("ACTIVE");
    let inactive = fresh
        .list_task_definitions("listed-web", RevisionStatus::Inactive)
        .await
        .expect("INACTIVE");
    let other = fresh
        .list_task_definitions("listed-web-admin", RevisionStatus::Active)
        .await
        .expect("the other family");

    assert_eq!(active, vec![web[2].clone(), web[1].clone()]);
    assert_eq!(inactive, vec![web[0].clone()]);
    assert_eq!(other, vec![admin[1].clone(), admin[0].clone()]);
    assert_eq!(fresh.call_counts().get("ListTaskDefinitions"), Some(&3));
}

#[tokio::test]
async fn more_than_10_revisions_are_deregistered_then_deleted_10_per_call() {
    let fx = fixture();
    let arns = revisions(&fx, "batched", 23).await;
    let aws = fx.aws();

    for arn in &arns {
        let td = aws
            .deregister_task_definition(arn)
            .await
            .expect("DeregisterTaskDefinition");
        assert_eq!(td.status, "INACTIVE");
    }
    let inactive = fx
        .aws()
        .list_task_definitions("batched", RevisionStatus::Inactive)
        .await
        .expect("INACTIVE");
    assert_eq!(inactive.len(), 23);
    assert_eq!(inactive[0], arns[22], "newest first");

    let deleted = aws
        .delete_task_definitions(&inactive)
        .await
        .expect("DeleteTaskDefinitions");

    assert_eq!(deleted.items.len(), 23, "{:?}", deleted.failures);
    assert!(deleted.failures.is_empty(), "{:?}", deleted.failures);
    assert!(deleted
        .items
        .iter()
        .all(|td| td.status == "DELETE_IN_PROGRESS"));
    let counts = aws.call_counts();
    assert_eq!(
        counts.get("DeregisterTaskDefinition"),
        Some(&23),
        "{counts:?}"
    );
    assert_eq!(counts.get("DeleteTaskDefinitions"), Some(&3), "{counts:?}");
    // ECS keeps describing a deleted revision (DELETE_IN_PROGRESS) while tasks use it; moto forgets it at
    // once (DescribeTaskDefinition: ClientException), so the lists tell.
    let fresh = fx.aws();
    for status in [RevisionStatus::Active, RevisionStatus::Inactive] {
        let left = fresh
            .list_task_definitions("batched", status)
            .await
            .expect("list");
        assert!(left.is_empty(), "{status:?}: {left:?}");
    }
}

#[tokio::test]
async fn deleting_a_scaled_service_without_force_says_to_scale_it_to_0() {
    let fx = fixture();
    let cluster = fx.cluster("unforced").await;
    let td = fx.task_definition("unforced", "nginx:1").await;
    let arn = fx.service(&cluster, "web", &td, 2).await;
    let aws = fx.aws();

    let err = aws
        .delete_service(&cluster, &arn, false)
        .await
        .expect_err("scaled above 0");

    assert_eq!(
        err,
        BackendError::Api {
            code: "InvalidParameterException".into(),
            message: "The service cannot be stopped while it is scaled above 0. \
                      Scale the service to 0 first, or delete it with force."
                .into()
        }
    );
    assert_eq!(aws.call_counts().get("DeleteService"), Some(&1));
    let fresh = fx.aws();
    let read = fresh
        .describe_services(&cluster, std::slice::from_ref(&arn))
        .await
        .expect("DescribeServices");
    assert_eq!(read.items[0].status, wharf::model::ServiceStatus::Active);
    assert_eq!(read.items[0].desired_count, 2);
}
