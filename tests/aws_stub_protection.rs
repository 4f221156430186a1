//! The AWS backend's task scale-in protection calls against a hand-written stub (moto has neither):
//! GetTaskProtection 10 tasks a call with every answer kept, UpdateTaskProtection's request as ECS takes it
//! (on for N minutes, or off), its failures kept, and a batch that fails after another was carried out.

mod support;

use support::stub::{backend as aws, Reply, Stub};
use wharf::backend::Backend;

const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

fn task_arn(n: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task/prod/{n:032x}")
}

fn protected(n: usize, expires: Option<f64>) -> String {
    match expires {
        Some(at) => format!(
            r#"{{"taskArn":"{}","protectionEnabled":true,"expirationDate":{at}}}"#,
            task_arn(n)
        ),
        None => format!(
            r#"{{"taskArn":"{}","protectionEnabled":false}}"#,
            task_arn(n)
        ),
    }
}

fn answer(items: impl Iterator<Item = String>, failures: &str) -> Reply {
    Reply::ecs_ok(&format!(
        r#"{{"protectedTasks":[{}],"failures":[{failures}]}}"#,
        items.collect::<Vec<_>>().join(",")
    ))
}

#[tokio::test]
async fn get_task_protection_asks_ten_at_a_time_and_keeps_every_answer() {
    let stub = Stub::start(vec![
        answer((0..10).map(|n| protected(n, Some(1767232800.0))), ""),
        answer(
            std::iter::once(protected(10, None)),
            &format!(r#"{{"arn":"{}","reason":"MISSING"}}"#, task_arn(11)),
        ),
    ])
    .await;
    let arns: Vec<String> = (0..12).map(task_arn).collect();
    let got = aws(&stub.endpoint)
        .get_task_protection(CLUSTER, &arns)
        .await
        .expect("two calls");
    assert_eq!(got.items.len(), 11);
    assert!(got.items[..10].iter().all(|p| p.enabled));
    assert_eq!(
        got.items[0].expires_at,
        Some(wharf::model::Timestamp::from_secs(1767232800))
    );
    assert!(!got.items[10].enabled);
    assert_eq!(got.items[10].expires_at, None);
    assert_eq!(got.failures[0].arn, task_arn(11));
    let requests = stub.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.operation(), "GetTaskProtection");
        assert!(r.body.contains(CLUSTER), "{}", r.body);
    }
    assert!(requests[0].body.contains(&task_arn(9)));
    assert!(!requests[0].body.contains(&task_arn(10)));
    assert!(requests[1].body.contains(&task_arn(11)));
}

#[tokio::test]
async fn update_task_protection_sends_on_for_minutes_or_off_and_never_twice() {
    let stub = Stub::start(vec![answer(
        std::iter::once(protected(0, Some(1767232800.0))),
        "",
    )])
    .await;
    let done = aws(&stub.endpoint)
        .update_task_protection(CLUSTER, &[task_arn(0)], Some(90))
        .await
        .unwrap();
    assert_eq!(done.items.len(), 1);
    let body = &stub.requests()[0].body;
    assert!(body.contains(r#""protectionEnabled":true"#), "{body}");
    assert!(body.contains(r#""expiresInMinutes":90"#), "{body}");

    let stub = Stub::start(vec![answer(std::iter::once(protected(0, None)), "")]).await;
    aws(&stub.endpoint)
        .update_task_protection(CLUSTER, &[task_arn(0)], None)
        .await
        .unwrap();
    let body = &stub.requests()[0].body;
    assert!(body.contains(r#""protectionEnabled":false"#), "{body}");
    assert!(!body.contains("expiresInMinutes"), "{body}");

    // Twelve tasks: the second batch fails after the first was carried out; its tasks come back as
    // failures carrying the error, and nothing is sent again.
    let stub = Stub::start(vec![
        answer((0..10).map(|n| protected(n, Some(1767232800.0))), ""),
        Reply::ecs_error(500, "ServerException", "Boom."),
    ])
    .await;
    let arns: Vec<String> = (0..12).map(task_arn).collect();
    let done = aws(&stub.endpoint)
        .update_task_protection(CLUSTER, &arns, Some(30))
        .await
        .expect("the first batch was carried out");
    assert_eq!(done.items.len(), 10);
    let failed: Vec<&str> = done.failures.iter().map(|f| f.arn.as_str()).collect();
    assert_eq!(failed, [task_arn(10), task_arn(11)]);
    let sent = stub
        .requests()
        .iter()
        .filter(|r| r.operation() == "UpdateTaskProtection")
        .count();
    assert_eq!(sent, 2, "each batch sent once");

    // A first batch refused changes nothing: ECS's own words come back.
    let stub = Stub::start(vec![Reply::ecs_error(
        400,
        "InvalidParameterException",
        "expiresInMinutes must be between 1 and 2880.",
    )])
    .await;
    let e = aws(&stub.endpoint)
        .update_task_protection(CLUSTER, &arns[..1], Some(1))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("between 1 and 2880"), "{e}");
}
