//! How the AWS backend's reads fail and page, against a stub on loopback: sent once (the poller paces and
//! backs off, not the SDK), worded so that the user knows what happened, and never hanging. And what moto
//! cannot answer: the deployment strategies of 2025-2026 as DescribeServices reports them. And the memo of
//! task definitions described, bounded.

mod support;

use support::stub::{Reply, Stub, TASK_DEFINITION};
use wharf::backend::aws::TASK_DEFINITIONS_KEPT;
use wharf::backend::{Backend, BackendError};
use wharf::model::Strategy;

const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
const SERVICE: &str = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";
const BLUE_TG: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123abcd";
const GREEN_TG: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/4567ef01";

use support::stub::backend as aws;

#[tokio::test]
async fn a_plain_http_500_says_it_was_a_server_error_from_the_endpoint() {
    let stub = Stub::start(vec![Reply {
        status: 500,
        headers: vec![("Content-Type".into(), "text/plain".into())],
        body: "Internal Server Error".into(),
    }])
    .await;
    let err = aws(&stub.endpoint)
        .list_services(CLUSTER)
        .await
        .expect_err("a 500");
    assert!(
        matches!(err, BackendError::ServerError { status: 500, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("HTTP 500 from {}", stub.endpoint)),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("json"), "{text}");
    assert_eq!(stub.requests().len(), 1, "a read is sent once");
}

#[tokio::test]
async fn keys_aws_rejects_are_not_called_missing() {
    let stub = Stub::start(vec![Reply::ecs_error(
        400,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    )])
    .await;
    let err = aws(&stub.endpoint)
        .list_clusters()
        .await
        .expect_err("rejected");
    let text = err.to_string();
    assert!(
        text.starts_with("AWS rejected these credentials (UnrecognizedClientException)"),
        "{text}"
    );
    assert!(!text.contains("no AWS credentials found"), "{text}");
    assert!(text.contains("aws sso login --profile stub"), "{text}");
}

#[tokio::test]
async fn a_throttled_read_is_reported_at_once_for_the_poller_to_slow_down() {
    let stub = Stub::start(vec![Reply::ecs_error(
        400,
        "ThrottlingException",
        "Rate exceeded",
    )])
    .await;
    let err = aws(&stub.endpoint)
        .describe_services(
            CLUSTER,
            &["arn:aws:ecs:us-east-1:123456789012:service/prod/web".into()],
        )
        .await
        .expect_err("throttled");
    assert!(matches!(err, BackendError::Throttled { .. }), "{err:?}");
    assert_eq!(
        stub.requests().len(),
        1,
        "not retried inside the SDK: each attempt would spend the account's budget unseen"
    );
}

#[tokio::test]
async fn an_expired_token_promises_nothing() {
    let stub = Stub::start(vec![Reply::ecs_error(
        400,
        "ExpiredTokenException",
        "The security token included in the request is expired",
    )])
    .await;
    let err = aws(&stub.endpoint).probe().await.expect_err("expired");
    let text = err.to_string();
    assert!(text.contains("expired"), "{text}");
    assert!(!text.contains("will recover"), "{text}");
    assert!(!text.contains("next refresh"), "{text}");
}

#[tokio::test]
async fn a_silent_endpoint_ends_the_start_up_check_with_an_error() {
    let stub = Stub::start(vec![Reply::silence()]).await;
    let err = aws(&stub.endpoint).probe().await.expect_err("no answer");
    assert!(
        matches!(&err, BackendError::Unreachable { endpoint, .. } if endpoint == &stub.endpoint),
        "{err:?}"
    );
    assert!(err.to_string().contains("timed out") || err.to_string().contains("within"));
}

#[tokio::test]
async fn one_page_of_services_asks_for_100_and_carries_the_token() {
    let arns: Vec<String> = (0..100)
        .map(|i| format!("\"arn:aws:ecs:us-east-1:123456789012:service/prod/svc-{i:03}\""))
        .collect();
    let stub = Stub::start(vec![
        Reply::ecs_page("serviceArns", &arns, Some("tok-2")),
        Reply::ecs_page("serviceArns", &arns[..5], None),
    ])
    .await;
    let aws = aws(&stub.endpoint);
    let first = aws.list_services_page(CLUSTER, None).await.expect("page 1");
    assert_eq!(first.arns.len(), 100);
    assert_eq!(first.next.as_deref(), Some("tok-2"));
    let second = aws
        .list_services_page(CLUSTER, first.next.as_deref())
        .await
        .expect("page 2");
    assert_eq!(second.arns.len(), 5);
    assert_eq!(second.next, None);
    let requests = stub.requests();
    assert_eq!(requests.len(), 2, "one call a page");
    assert!(
        requests[0].body.contains("\"maxResults\":100"),
        "{}",
        requests[0].body
    );
    assert!(!requests[0].body.contains("nextToken"));
    assert!(
        requests[1].body.contains("\"nextToken\":\"tok-2\""),
        "{}",
        requests[1].body
    );
}

#[tokio::test]
async fn a_linear_service_with_a_pause_hook_and_a_green_target_group_converts() {
    let service = format!(
        r#"{{"services":[{{"serviceArn":"{SERVICE}","serviceName":"web","clusterArn":"{CLUSTER}",
        "status":"ACTIVE","desiredCount":4,"runningCount":4,"pendingCount":0,"launchType":"FARGATE",
        "taskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
        "deploymentController":{{"type":"ECS"}},
        "deploymentConfiguration":{{"maximumPercent":200,"minimumHealthyPercent":100,"strategy":"LINEAR",
            "bakeTimeInMinutes":20,
            "linearConfiguration":{{"stepPercent":25.0,"stepBakeTimeInMinutes":3}},
            "lifecycleHooks":[
                {{"targetType":"PAUSE","lifecycleStages":["POST_TEST_TRAFFIC_SHIFT"]}},
                {{"targetType":"AWS_LAMBDA","hookTargetArn":"arn:aws:lambda:us-east-1:123456789012:function:check",
                  "roleArn":"arn:aws:iam::123456789012:role/hooks","lifecycleStages":["PRE_SCALE_UP"]}}]}},
        "loadBalancers":[
            {{"targetGroupArn":"{BLUE_TG}","containerName":"app","containerPort":8080,
              "advancedConfiguration":{{"alternateTargetGroupArn":"{GREEN_TG}",
                "productionListenerRule":"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/front/1/2/3",
                "roleArn":"arn:aws:iam::123456789012:role/ecs-elb"}}}},
            {{"targetGroupArn":"{GREEN_TG}","containerName":"admin","containerPort":9090}}],
        "deployments":[],"events":[],"createdAt":1767000000}}],"failures":[]}}"#
    );
    let stub = Stub::start(vec![Reply::ecs_ok(&service)]).await;
    let got = aws(&stub.endpoint)
        .describe_services(CLUSTER, &[SERVICE.to_string()])
        .await
        .expect("described");

    let svc = &got.items[0];
    let dc = &svc.deployment_configuration;
    assert_eq!(
        dc.strategy,
        Strategy::Linear {
            step_percent: 25.0,
            step_bake_minutes: 3
        }
    );
    assert!(dc.strategy.shifts_traffic());
    assert_eq!(dc.pause_hooks, 1, "the Lambda hook does not pause");
    assert_eq!(dc.bake_time_minutes, Some(20));
    assert_eq!(
        svc.load_balancers[0].alternate_target_group_arn.as_deref(),
        Some(GREEN_TG)
    );
    assert_eq!(svc.load_balancers[0].target_group_arn, BLUE_TG);
    assert_eq!(svc.load_balancers[1].alternate_target_group_arn, None);
}

#[tokio::test]
async fn the_task_definitions_memo_keeps_the_most_recently_used_and_no_more() {
    let stub = Stub::start(vec![Reply::ecs_ok(TASK_DEFINITION)]).await;
    let aws = aws(&stub.endpoint);
    let described = || aws.call_counts().get("DescribeTaskDefinition").copied();
    let asked = TASK_DEFINITIONS_KEPT + 20;
    for r in 1..=asked {
        let arn = format!("web:{r}");
        aws.describe_task_definition(&arn).await.expect(&arn);
    }
    assert_eq!(described(), Some(asked as u64));
    assert_eq!(aws.cached_task_definitions(), TASK_DEFINITIONS_KEPT);
    // The newest are kept; the oldest are described again when asked for.
    aws.describe_task_definition(&format!("web:{asked}"))
        .await
        .expect("kept");
    assert_eq!(described(), Some(asked as u64));
    aws.describe_task_definition("web:1")
        .await
        .expect("forgotten");
    assert_eq!(described(), Some(asked as u64 + 1));
    assert_eq!(aws.cached_task_definitions(), TASK_DEFINITIONS_KEPT);
}

/// The start-up check's ListClusters answer is the first list: the clusters show after two round trips
/// (ListClusters, DescribeClusters), not three. Only once, and only when that answer was the whole list.
#[tokio::test]
async fn the_start_up_check_is_the_first_list_of_clusters() {
    let prod = format!(r#""{CLUSTER}""#);
    let stub = Stub::start(vec![
        Reply::ecs_page("clusterArns", std::slice::from_ref(&prod), None),
        Reply::ecs_page("clusterArns", &[], None),
    ])
    .await;
    let backend = aws(&stub.endpoint);
    backend.probe().await.expect("probe");
    assert_eq!(backend.list_clusters().await.expect("list"), [CLUSTER]);
    assert_eq!(stub.requests().len(), 1, "the check's answer was the list");
    // The next list asks AWS again.
    assert!(backend.list_clusters().await.expect("list").is_empty());
    assert_eq!(stub.requests().len(), 2);

    // A check that saw only the first page of a longer list is not taken for the whole list.
    let stub = Stub::start(vec![
        Reply::ecs_page("clusterArns", std::slice::from_ref(&prod), Some("more")),
        Reply::ecs_page("clusterArns", std::slice::from_ref(&prod), Some("more")),
        Reply::ecs_page("clusterArns", &[], None),
    ])
    .await;
    let backend = aws(&stub.endpoint);
    backend.probe().await.expect("probe");
    backend.list_clusters().await.expect("list");
    assert_eq!(stub.requests().len(), 3, "the list was read whole");
}
