//! The deployments API of 2024-2026 (DescribeServiceDeployments, DescribeServiceRevisions,
//! ContinueServiceDeployment) against a stub on loopback (the strategies DescribeServices reports are in
//! `aws_stub_reads.rs`). moto 5.2.5 implements none of these three calls (its ECS responses have no service deployment
//! or service revision at all), so there is no moto test of them.

mod support;

use std::sync::Arc;

use serde_json::Value;
use support::stub::{Recorded, Reply, Stub};
use wharf::backend::{Backend, BackendError, DescribeFailure};
use wharf::model::{
    BreakerStatus, HookAction, LifecycleHook, RevisionSide, ServiceDeploymentStatus, Strategy,
    Timestamp,
};

use support::stub::backend as aws;

const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
const SERVICE: &str = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";

fn deployment_arn(id: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/{id}")
}

fn revision_arn(id: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/{id}")
}

/// The request's JSON body.
fn body(r: &Recorded) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// The ARNs a batch asked for, under `field`.
fn asked(r: &Recorded, field: &str) -> Vec<String> {
    body(r)[field]
        .as_array()
        .unwrap_or_else(|| panic!("{field} in {}", r.body))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Seconds since the epoch, as ECS sends timestamps.
const CREATED: f64 = 1_767_000_000.0;

fn at(secs: f64) -> Option<Timestamp> {
    Some(Timestamp((secs * 1000.0) as i64))
}

/// A blue/green deployment held by a pause hook after the test traffic shift, and a canary one the circuit
/// breaker rolled back.
fn two_deployments() -> Reply {
    let paused = format!(
        r#"{{"serviceDeploymentArn":"{}","serviceArn":"{SERVICE}","clusterArn":"{CLUSTER}",
        "createdAt":{CREATED},"startedAt":1767000005.5,"updatedAt":1767000300.25,
        "sourceServiceRevisions":[{{"arn":"{}","requestedTaskCount":4,"runningTaskCount":4,"pendingTaskCount":0,
            "requestedProductionTrafficWeight":100.0,"requestedTestTrafficWeight":0.0}}],
        "targetServiceRevision":{{"arn":"{}","requestedTaskCount":4,"runningTaskCount":3,"pendingTaskCount":1,
            "requestedProductionTrafficWeight":0.0,"requestedTestTrafficWeight":100.0}},
        "status":"IN_PROGRESS","statusReason":"Waiting on lifecycle hook hook-7f3a.",
        "lifecycleStage":"POST_TEST_TRAFFIC_SHIFT",
        "lifecycleHookDetails":[{{"hookId":"hook-7f3a","targetType":"PAUSE","status":"AWAITING_ACTION",
            "expiresAt":1767086700.0,"timeoutAction":"ROLLBACK"}}],
        "deploymentConfiguration":{{"strategy":"BLUE_GREEN","bakeTimeInMinutes":15,"maximumPercent":200,
            "minimumHealthyPercent":100,
            "lifecycleHooks":[{{"targetType":"PAUSE","lifecycleStages":["POST_TEST_TRAFFIC_SHIFT"]}}]}},
        "deploymentCircuitBreaker":{{"status":"DISABLED","failureCount":0,"threshold":3}}}}"#,
        deployment_arn("Xq3VmR"),
        revision_arn("111"),
        revision_arn("222"),
    );
    let rolled_back = format!(
        r#"{{"serviceDeploymentArn":"{}","serviceArn":"{SERVICE}","clusterArn":"{CLUSTER}",
        "createdAt":1766900000,"startedAt":1766900002,"finishedAt":1766900900,"stoppedAt":1766900600,
        "updatedAt":1766900900,
        "sourceServiceRevisions":[{{"arn":"{}","requestedTaskCount":2,"runningTaskCount":2,"pendingTaskCount":0}},
            {{"arn":"{}","requestedTaskCount":0,"runningTaskCount":1,"pendingTaskCount":0}}],
        "targetServiceRevision":{{"arn":"{}","requestedTaskCount":2,"runningTaskCount":0,"pendingTaskCount":0}},
        "status":"ROLLBACK_SUCCESSFUL","statusReason":"Circuit breaker triggered.",
        "deploymentConfiguration":{{"strategy":"CANARY","bakeTimeInMinutes":5,
            "canaryConfiguration":{{"canaryPercent":12.5,"canaryBakeTimeInMinutes":30}}}},
        "rollback":{{"reason":"The deployment failed: tasks failed to start.","startedAt":1766900600,
            "serviceRevisionArn":"{}"}},
        "deploymentCircuitBreaker":{{"status":"TRIGGERED","failureCount":3,"threshold":3}}}}"#,
        deployment_arn("old"),
        revision_arn("100"),
        revision_arn("099"),
        revision_arn("101"),
        revision_arn("100"),
    );
    Reply::ecs_ok(&format!(
        r#"{{"serviceDeployments":[{paused},{rolled_back}],"failures":[]}}"#
    ))
}

#[tokio::test]
async fn a_blue_green_deployment_held_by_a_pause_hook_converts_every_field() {
    let stub = Stub::start(vec![two_deployments()]).await;
    let aws = aws(&stub.endpoint);
    let arns = [deployment_arn("Xq3VmR"), deployment_arn("old")];

    let got = aws
        .describe_service_deployments(&arns)
        .await
        .expect("described");

    assert!(got.failures.is_empty(), "{:?}", got.failures);
    assert_eq!(got.items.len(), 2);
    let d = &got.items[0];
    assert_eq!(d.arn, deployment_arn("Xq3VmR"));
    assert_eq!(d.id(), "Xq3VmR");
    assert_eq!(d.status, ServiceDeploymentStatus::InProgress);
    assert_eq!(d.status_reason, "Waiting on lifecycle hook hook-7f3a.");
    let side = |id: &str, counts: (u32, u32, u32), weights: Option<(f64, f64)>| RevisionSide {
        service_revision_arn: revision_arn(id),
        task_definition: String::new(),
        requested_tasks: counts.0,
        running_tasks: counts.1,
        pending_tasks: counts.2,
        production_weight: weights.map(|w| w.0),
        test_weight: weights.map(|w| w.1),
    };
    assert_eq!(d.sources, [side("111", (4, 4, 0), Some((100.0, 0.0)))]);
    assert_eq!(d.target, side("222", (4, 3, 1), Some((0.0, 100.0))));
    assert_eq!(d.strategy, Strategy::BlueGreen);
    assert_eq!(d.bake_time_minutes, Some(15));
    assert_eq!(d.lifecycle_stage, "POST_TEST_TRAFFIC_SHIFT");
    let hook = LifecycleHook {
        hook_id: "hook-7f3a".into(),
        target_type: "PAUSE".into(),
        status: "AWAITING_ACTION".into(),
        expires_at: at(1_767_086_700.0),
        timeout_action: "ROLLBACK".into(),
    };
    assert_eq!(d.hooks, std::slice::from_ref(&hook));
    assert_eq!(d.awaiting_hook(), Some(&hook));
    assert_eq!(d.rollback_reason, None);
    assert_eq!(
        d.breaker,
        Some(BreakerStatus {
            status: "DISABLED".into(),
            failure_count: 0,
            threshold: 3
        })
    );
    assert_eq!(d.created_at, at(CREATED));
    assert_eq!(d.started_at, at(1_767_000_005.5));
    assert_eq!(d.updated_at, at(1_767_000_300.25));
    assert_eq!((d.finished_at, d.stopped_at), (None, None));

    let old = &got.items[1];
    assert_eq!(old.status, ServiceDeploymentStatus::RollbackSuccessful);
    assert!(old.status.is_failure());
    assert_eq!(
        old.sources,
        [side("100", (2, 2, 0), None), side("099", (0, 1, 0), None)]
    );
    assert_eq!(old.target, side("101", (2, 0, 0), None));
    assert_eq!(
        old.strategy,
        Strategy::Canary {
            percent: 12.5,
            bake_minutes: 30
        }
    );
    assert_eq!(old.bake_time_minutes, Some(5));
    assert_eq!(old.lifecycle_stage, "");
    assert!(old.hooks.is_empty());
    assert_eq!(
        old.rollback_reason.as_deref(),
        Some("The deployment failed: tasks failed to start.")
    );
    assert_eq!(
        old.breaker,
        Some(BreakerStatus {
            status: "TRIGGERED".into(),
            failure_count: 3,
            threshold: 3
        })
    );
    assert_eq!(old.finished_at, at(1_766_900_900.0));
    assert_eq!(old.stopped_at, at(1_766_900_600.0));
    assert_eq!(old.ended_at(), at(1_766_900_900.0));

    let requests = stub.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].operation(), "DescribeServiceDeployments");
    assert_eq!(asked(&requests[0], "serviceDeploymentArns"), arns);
}

/// Answers DescribeServiceDeployments or DescribeServiceRevisions with one record for each ARN asked, except
/// those ending in `-gone`, which come back as failures.
fn echo(r: &Recorded) -> Reply {
    let (field, list) = match r.operation() {
        "DescribeServiceDeployments" => ("serviceDeploymentArns", "serviceDeployments"),
        "DescribeServiceRevisions" => ("serviceRevisionArns", "serviceRevisions"),
        other => return Reply::ecs_error(400, "InvalidParameterException", other),
    };
    let (gone, found): (Vec<String>, Vec<String>) = asked(r, field)
        .into_iter()
        .partition(|a| a.ends_with("-gone"));
    let items: Vec<String> = found
        .iter()
        .map(|arn| {
            let n = arn.rsplit('-').next().unwrap_or_default();
            match list {
                "serviceDeployments" => format!(
                    r#"{{"serviceDeploymentArn":"{arn}","status":"SUCCESSFUL","statusReason":"{n}"}}"#
                ),
                _ => format!(
                    r#"{{"serviceRevisionArn":"{arn}","taskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:{n}"}}"#
                ),
            }
        })
        .collect();
    let failures: Vec<String> = gone
        .iter()
        .map(|arn| format!(r#"{{"arn":"{arn}","reason":"MISSING","detail":"no such {list}"}}"#))
        .collect();
    Reply::ecs_ok(&format!(
        r#"{{"{list}":[{}],"failures":[{}]}}"#,
        items.join(","),
        failures.join(",")
    ))
}

#[tokio::test]
async fn twenty_five_deployments_take_two_calls_whose_answers_are_merged_in_order() {
    let stub = Stub::responding(Arc::new(echo)).await;
    let aws = aws(&stub.endpoint);
    let arns: Vec<String> = (0..25)
        .map(|i| match i {
            7 | 22 => deployment_arn(&format!("d-{i}-gone")),
            _ => deployment_arn(&format!("d-{i}")),
        })
        .collect();

    let got = aws
        .describe_service_deployments(&arns)
        .await
        .expect("described");

    let reasons: Vec<&str> = got.items.iter().map(|d| d.status_reason.as_str()).collect();
    let expected: Vec<String> = (0..25)
        .filter(|i| ![7, 22].contains(i))
        .map(|i| i.to_string())
        .collect();
    assert_eq!(reasons, expected);
    assert!(got
        .items
        .iter()
        .all(|d| d.status == ServiceDeploymentStatus::Successful));
    assert_eq!(
        got.failures,
        [7, 22].map(|i| DescribeFailure {
            arn: deployment_arn(&format!("d-{i}-gone")),
            reason: "MISSING (no such serviceDeployments)".into(),
        })
    );
    let mut sizes: Vec<usize> = stub
        .requests()
        .iter()
        .map(|r| asked(r, "serviceDeploymentArns").len())
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [5, 20], "the API's limit is 20 ARNs a call");
    assert_eq!(
        aws.call_counts().get("DescribeServiceDeployments"),
        Some(&2)
    );
}

#[tokio::test]
async fn service_revisions_tell_their_task_definitions_twenty_at_a_time() {
    let stub = Stub::responding(Arc::new(echo)).await;
    let aws = aws(&stub.endpoint);
    let mut arns: Vec<String> = (1..=20).map(|i| revision_arn(&format!("r-{i}"))).collect();
    arns.push(revision_arn("r-21-gone"));

    let got = aws
        .describe_service_revisions(&arns)
        .await
        .expect("described");

    assert_eq!(got.items.len(), 20);
    for (i, rev) in got.items.iter().enumerate() {
        assert_eq!(rev.arn, revision_arn(&format!("r-{}", i + 1)));
        assert_eq!(
            rev.task_definition,
            format!(
                "arn:aws:ecs:us-east-1:123456789012:task-definition/web:{}",
                i + 1
            )
        );
    }
    assert_eq!(
        got.failures,
        [DescribeFailure {
            arn: revision_arn("r-21-gone"),
            reason: "MISSING (no such serviceRevisions)".into(),
        }]
    );
    let requests = stub.requests();
    assert!(requests
        .iter()
        .all(|r| r.operation() == "DescribeServiceRevisions"));
    assert_eq!(aws.call_counts().get("DescribeServiceRevisions"), Some(&2));
}

/// The service screen polls a service's deployments: a 5xx is sent once, not retried inside the SDK (polling
/// tries again, one read per interval while it fails, and counts each call against the budget).
#[tokio::test]
async fn a_polled_deployment_read_is_sent_once_on_a_5xx() {
    let stub = Stub::start(vec![
        Reply::ecs_error(500, "ServerException", "Internal error."),
        two_deployments(),
    ])
    .await;
    let aws = aws(&stub.endpoint);
    let err = aws
        .describe_service_deployments(&[deployment_arn("Xq3VmR")])
        .await
        .expect_err("the 500 comes back");
    assert!(
        matches!(err, BackendError::ServerError { status: 500, .. }),
        "{err:?}"
    );
    assert_eq!(stub.requests().len(), 1);
    let got = aws
        .describe_service_deployments(&[deployment_arn("Xq3VmR")])
        .await
        .expect("the next read works");
    assert_eq!(got.items.len(), 2);
}

#[tokio::test]
async fn continuing_a_hook_sends_the_deployment_the_hook_and_the_action_once() {
    for (action, wire) in [
        (HookAction::Continue, "CONTINUE"),
        (HookAction::Rollback, "ROLLBACK"),
    ] {
        let stub = Stub::start(vec![Reply::ecs_ok("{}")]).await;
        let aws = aws(&stub.endpoint);
        aws.continue_service_deployment(&deployment_arn("Xq3VmR"), "hook-7f3a", action)
            .await
            .expect("continued");
        let requests = stub.requests();
        assert_eq!(requests.len(), 1, "{requests:?}");
        assert_eq!(requests[0].operation(), "ContinueServiceDeployment");
        assert_eq!(
            body(&requests[0]),
            serde_json::json!({
                "serviceDeploymentArn": deployment_arn("Xq3VmR"),
                "hookId": "hook-7f3a",
                "action": wire,
            })
        );
    }
}

/// ContinueServiceDeployment answered first with `reply` (then with success, which it must never reach).
async fn continue_failing(reply: Reply) -> (BackendError, usize) {
    let stub = Stub::start(vec![reply, Reply::ecs_ok("{}")]).await;
    let err = aws(&stub.endpoint)
        .continue_service_deployment(&deployment_arn("Xq3VmR"), "hook-7f3a", HookAction::Continue)
        .await
        .expect_err("an error reply");
    (err, stub.requests().len())
}

#[tokio::test]
async fn a_continue_that_gets_a_500_is_not_sent_again_and_says_it_may_have_been_made() {
    let (err, sent) =
        continue_failing(Reply::ecs_error(500, "ServerException", "Internal error.")).await;
    assert_eq!(sent, 1, "no blind retry of a write");
    assert_eq!(
        err,
        BackendError::AnswerLost {
            action: "ContinueServiceDeployment".into(),
            detail: "ServerException: Internal error".into(),
        }
    );
    assert!(
        err.to_string().ends_with(
            "ContinueServiceDeployment was sent once and may have been carried out: a fresh read will tell"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn a_refused_continue_says_why_in_words() {
    let (err, sent) = continue_failing(Reply::ecs_error(
        400,
        "InvalidParameterException",
        "The lifecycle hook is not awaiting action.",
    ))
    .await;
    assert_eq!(sent, 1);
    assert_eq!(
        err.to_string(),
        "InvalidParameterException: The lifecycle hook is not awaiting action. The deployment may no longer be \
         waiting on that hook (continued, rolled back or timed out since the screen was read): refresh to see its state."
    );

    let (err, sent) = continue_failing(Reply::ecs_error(
        400,
        "ServiceDeploymentNotFoundException",
        "The service deployment does not exist.",
    ))
    .await;
    assert_eq!(sent, 1);
    assert_eq!(
        err,
        BackendError::NotFound {
            what: "service deployment Xq3VmR".into()
        }
    );
}
