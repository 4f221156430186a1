//! A service's deployment history as the runtime reads it: ListServiceDeployments, one
//! DescribeServiceDeployments and one DescribeServiceRevisions (for the task definitions), newest first,
//! with the calls counted; from a stub of the AWS APIs on loopback, and from the sandbox.

mod support;

use support::stub::{backend as aws, Reply, Stub};
use wharf::app::{Action, Effect, Fetch, Payload, Resource, ServiceKey};
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::Backend;
use wharf::model::*;
use wharf::runtime::perform;

const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

fn deployment(id: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/{id}")
}

fn revision(id: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/{id}")
}

fn td(rev: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/web:{rev}")
}

async fn read(
    backend: &dyn Backend,
    cluster: &str,
    service: &str,
) -> (Vec<ServiceDeployment>, u32) {
    let key = ServiceKey {
        cluster_arn: cluster.into(),
        service_name: service.into(),
    };
    let effect = Effect::Fetch(Fetch::One(Resource::Deployments(key)));
    match perform(backend, effect).await {
        Some(Action::Fetched {
            result: Ok(Payload::Deployments(d)),
            calls,
            ..
        }) => (d, calls),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn from_aws_the_history_names_each_side_s_task_definition() {
    let list = format!(
        r#"{{"serviceDeployments":[
            {{"serviceDeploymentArn":"{}","status":"IN_PROGRESS","createdAt":1767000000}},
            {{"serviceDeploymentArn":"{}","status":"ROLLBACK_SUCCESSFUL","createdAt":1766900000}}]}}"#,
        deployment("new"),
        deployment("old"),
    );
    // Described oldest first: the runtime puts the newest first again.
    let describe = format!(
        r#"{{"serviceDeployments":[
            {{"serviceDeploymentArn":"{}","status":"ROLLBACK_SUCCESSFUL","createdAt":1766900000,
              "sourceServiceRevisions":[{{"arn":"{}"}}],"targetServiceRevision":{{"arn":"{}"}},
              "rollback":{{"reason":"circuit breaker: 3 tasks failed to start"}}}},
            {{"serviceDeploymentArn":"{}","status":"IN_PROGRESS","createdAt":1767000000,
              "sourceServiceRevisions":[{{"arn":"{}"}}],"targetServiceRevision":{{"arn":"{}"}}}}],
          "failures":[]}}"#,
        deployment("old"),
        revision("r6"),
        revision("r7"),
        deployment("new"),
        revision("r6"),
        revision("r7b"),
    );
    let revisions = format!(
        r#"{{"serviceRevisions":[
            {{"serviceRevisionArn":"{}","taskDefinition":"{}"}},
            {{"serviceRevisionArn":"{}","taskDefinition":"{}"}},
            {{"serviceRevisionArn":"{}","taskDefinition":"{}"}}],"failures":[]}}"#,
        revision("r6"),
        td("6"),
        revision("r7"),
        td("7"),
        revision("r7b"),
        td("7"),
    );
    let stub = Stub::start(vec![
        Reply::ecs_ok(&list),
        Reply::ecs_ok(&describe),
        Reply::ecs_ok(&revisions),
    ])
    .await;
    let (history, calls) = read(&aws(&stub.endpoint), CLUSTER, "web").await;
    let operations: Vec<String> = stub
        .requests()
        .iter()
        .map(|r| r.operation().to_string())
        .collect();
    assert_eq!(
        operations,
        [
            "ListServiceDeployments",
            "DescribeServiceDeployments",
            "DescribeServiceRevisions"
        ]
    );
    assert_eq!(calls, 3);
    let ids: Vec<&str> = history.iter().map(|d| d.id()).collect();
    assert_eq!(ids, ["new", "old"]);
    let old = &history[1];
    assert_eq!(old.status, ServiceDeploymentStatus::RollbackSuccessful);
    assert_eq!(old.sources[0].task_definition, td("6"));
    assert_eq!(old.target.task_definition, td("7"));
    assert_eq!(
        old.rollback_reason.as_deref(),
        Some("circuit breaker: 3 tasks failed to start")
    );
}

#[tokio::test]
async fn from_aws_a_service_without_history_is_an_empty_list_in_one_call() {
    let stub = Stub::start(vec![Reply::ecs_ok(r#"{"serviceDeployments":[]}"#)]).await;
    let (history, calls) = read(&aws(&stub.endpoint), CLUSTER, "web").await;
    assert!(history.is_empty());
    assert_eq!((calls, stub.requests().len()), (1, 1));
}

#[tokio::test]
async fn from_the_sandbox_the_broken_rollout_stays_in_the_history_after_its_rollback() {
    let sim = Sim::demo(7, SimClock::Manual);
    let cluster = sim
        .list_clusters()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.ends_with("/prod-fargate"))
        .expect("prod-fargate");
    // The demo's search rollout fails and rolls back within minutes of the start.
    sim.advance(5 * 60_000);
    let (history, calls) = read(&sim, &cluster, "search").await;
    assert!(calls >= 2, "{calls}");
    let failed = history
        .iter()
        .find(|d| d.status == ServiceDeploymentStatus::RollbackSuccessful)
        .unwrap_or_else(|| panic!("{history:#?}"));
    assert_eq!(family_revision(&failed.target.task_definition), "search:2");
    assert_eq!(
        family_revision(&failed.sources[0].task_definition),
        "search:1"
    );
    assert!(failed.rollback_reason.is_some() || !failed.status_reason.is_empty());
    // Newest first.
    assert!(history
        .windows(2)
        .all(|w| w[0].created_at >= w[1].created_at));
}
