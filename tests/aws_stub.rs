//! The AWS backend against a hand-written stub on loopback: paging (which moto does not do for ECS lists)
//! and error mapping (access denied, throttling, connection refused).

mod support;

use support::stub::{Reply, Stub};
use wharf::backend::aws::Aws;
use wharf::backend::{Backend, BackendError};

const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

use support::stub::backend as aws;

fn service_arns(range: std::ops::Range<usize>) -> Vec<String> {
    range
        .map(|i| format!("arn:aws:ecs:us-east-1:123456789012:service/prod/svc-{i:04}"))
        .collect()
}

fn list_page(arns: &[String], next: Option<&str>) -> Reply {
    let quoted: Vec<String> = arns.iter().map(|a| format!("\"{a}\"")).collect();
    let next = next
        .map(|t| format!(",\"nextToken\":\"{t}\""))
        .unwrap_or_default();
    Reply::ecs_ok(&format!("{{\"serviceArns\":[{}]{next}}}", quoted.join(",")))
}

#[tokio::test]
async fn list_services_follows_every_page_and_asks_for_100() {
    let pages = [
        service_arns(0..100),
        service_arns(100..200),
        service_arns(200..205),
    ];
    let stub = Stub::start(vec![
        list_page(&pages[0], Some("token-1")),
        list_page(&pages[1], Some("token-2")),
        list_page(&pages[2], None),
    ])
    .await;
    let aws = aws(&stub.endpoint);

    let arns = aws.list_services(CLUSTER).await.expect("three pages");

    assert_eq!(arns, service_arns(0..205));
    assert_eq!(aws.call_counts().get("ListServices"), Some(&3));
    assert_eq!(aws.call_counter().total(), 3);
    let requests = stub.requests();
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert!(r.target.ends_with(".ListServices"), "{}", r.target);
        assert!(r.body.contains("\"maxResults\":100"), "{}", r.body);
    }
    assert!(
        !requests[0].body.contains("nextToken"),
        "{}",
        requests[0].body
    );
    assert!(
        requests[1].body.contains("\"nextToken\":\"token-1\""),
        "{}",
        requests[1].body
    );
    assert!(
        requests[2].body.contains("\"nextToken\":\"token-2\""),
        "{}",
        requests[2].body
    );
}

#[tokio::test]
async fn list_tasks_follows_every_page() {
    let task = |i: usize| format!("\"arn:aws:ecs:us-east-1:123456789012:task/prod/{i:032x}\"");
    let page = |r: std::ops::Range<usize>, next: Option<&str>| {
        let arns: Vec<String> = r.map(task).collect();
        let next = next
            .map(|t| format!(",\"nextToken\":\"{t}\""))
            .unwrap_or_default();
        Reply::ecs_ok(&format!("{{\"taskArns\":[{}]{next}}}", arns.join(",")))
    };
    let stub = Stub::start(vec![page(0..100, Some("a")), page(100..150, None)]).await;
    let aws = aws(&stub.endpoint);
    let filter = wharf::model::TaskFilter {
        service_name: Some("web".into()),
        desired_status: wharf::model::DesiredStatus::Running,
    };
    let arns = aws.list_tasks(CLUSTER, &filter).await.expect("two pages");
    assert_eq!(arns.len(), 150);
    assert_eq!(aws.call_counts().get("ListTasks"), Some(&2));
    let requests = stub.requests();
    assert!(
        requests[0].body.contains("\"serviceName\":\"web\""),
        "{}",
        requests[0].body
    );
    assert!(
        requests[0].body.contains("\"desiredStatus\":\"RUNNING\""),
        "{}",
        requests[0].body
    );
    assert!(
        requests[1].body.contains("\"nextToken\":\"a\""),
        "{}",
        requests[1].body
    );
}

#[tokio::test]
async fn a_page_of_list_tasks_passes_its_token_and_hands_back_the_next() {
    let arn = "\"arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef\"";
    let stub = Stub::start(vec![Reply::ecs_ok(&format!(
        "{{\"taskArns\":[{arn}],\"nextToken\":\"b\"}}"
    ))])
    .await;
    let aws = aws(&stub.endpoint);
    let filter = wharf::model::TaskFilter {
        service_name: None,
        desired_status: wharf::model::DesiredStatus::Stopped,
    };
    let page = aws
        .list_tasks_page(CLUSTER, &filter, Some("a"))
        .await
        .expect("a page");
    assert_eq!(page.arns.len(), 1);
    assert_eq!(page.next.as_deref(), Some("b"));
    let body = &stub.requests()[0].body;
    assert!(body.contains("\"nextToken\":\"a\""), "{body}");
    assert!(body.contains("\"desiredStatus\":\"STOPPED\""), "{body}");
    assert!(body.contains("\"maxResults\":100"), "{body}");
}

#[tokio::test]
async fn access_denied_names_the_action_and_the_resource() {
    let stub = Stub::start(vec![Reply::ecs_error(
        400,
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: ecs:ListServices on resource: arn:aws:ecs:us-east-1:123456789012:cluster/prod because no identity-based policy allows the ecs:ListServices action",
    )])
    .await;
    let aws = aws(&stub.endpoint);

    let err = aws.list_services(CLUSTER).await.expect_err("denied");

    assert_eq!(
        err,
        BackendError::AccessDenied {
            action: "ecs:ListServices".into(),
            resource: CLUSTER.into(),
        }
    );
    let message = err.to_string();
    assert!(message.contains("not allowed to call ecs:ListServices on arn:aws:ecs:us-east-1:123456789012:cluster/prod"), "{message}");
    assert_eq!(
        aws.call_counts().get("ListServices"),
        Some(&1),
        "no retry on access denied"
    );
}

#[tokio::test]
async fn throttling_is_reported_once_and_counted() {
    let stub = Stub::start(vec![Reply::ecs_error(
        400,
        "ThrottlingException",
        "Rate exceeded",
    )])
    .await;
    let aws = aws(&stub.endpoint);

    let err = aws.list_services(CLUSTER).await.expect_err("throttled");

    assert_eq!(
        err,
        BackendError::Throttled {
            action: "ListServices".into()
        }
    );
    assert!(err.is_transient());
    assert!(
        err.to_string().contains("throttled by AWS on ListServices"),
        "{err}"
    );
    // Polled reads are sent once: the poller slows the category down (tests/app_budget.rs) instead of the
    // SDK retrying out of sight of the budget.
    assert_eq!(aws.call_counts().get("ListServices"), Some(&1));
}

#[tokio::test]
async fn expired_token_says_how_to_log_in() {
    let stub = Stub::start(vec![Reply::ecs_error(
        400,
        "ExpiredTokenException",
        "The security token included in the request is expired",
    )])
    .await;
    let aws = aws(&stub.endpoint);
    let err = aws.list_clusters().await.expect_err("expired");
    assert!(
        matches!(err, BackendError::CredentialsExpired { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("aws sso login --profile stub"),
        "{err}"
    );
}

#[tokio::test]
async fn not_found_and_other_api_errors() {
    let stub = Stub::start(vec![
        Reply::ecs_error(400, "ClusterNotFoundException", "Cluster not found."),
        Reply::ecs_error(400, "ServiceNotActiveException", "Service was not ACTIVE."),
    ])
    .await;
    let aws = aws(&stub.endpoint);
    let err = aws.list_services(CLUSTER).await.expect_err("no cluster");
    assert_eq!(
        err,
        BackendError::NotFound {
            what: "cluster prod".into()
        }
    );
    let err = aws
        .update_service(CLUSTER, "web", &Default::default())
        .await
        .expect_err("inactive");
    assert_eq!(
        err,
        BackendError::Api {
            code: "ServiceNotActiveException".into(),
            message: "Service was not ACTIVE. The service is being deleted or is already gone: refresh to see its state.".into()
        }
    );
}

#[tokio::test]
async fn connection_refused_names_the_endpoint() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let endpoint = format!("http://127.0.0.1:{port}");
    let aws = aws(&endpoint);

    let err = aws.list_clusters().await.expect_err("nothing listens");

    assert_eq!(
        err,
        BackendError::Unreachable {
            endpoint: endpoint.clone(),
            detail: "connection refused".into()
        }
    );
    assert!(err.is_transient());
    assert!(
        err.to_string()
            .contains(&format!("cannot reach {endpoint}: connection refused")),
        "{err}"
    );
}

#[tokio::test]
async fn header_shows_profile_region_and_endpoint() {
    let aws = aws("http://127.0.0.1:9");
    let info = aws.info();
    assert_eq!(info.profile, "stub");
    assert_eq!(info.region, "us-east-1");
    assert_eq!(info.endpoint.as_deref(), Some("http://127.0.0.1:9"));
    assert_eq!(info.account_id, None, "no ARN seen yet");
}

#[tokio::test]
async fn no_region_is_a_setup_error() {
    let sdk = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .build();
    let err = Aws::from_sdk_config(&sdk, Some("dev".into()))
        .err()
        .expect("no region");
    assert!(
        err.to_string()
            .contains("no AWS region is set for profile `dev`. Pass --region"),
        "{err}"
    );
}
