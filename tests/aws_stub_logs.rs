//! The AWS backend's CloudWatch Logs calls against a stub, for what moto does not do as AWS does: the request
//! each read sends (startFromHead with a token, a stream prefix), CloudWatch Logs' own wording of a missing
//! stream, throttling and access denied.

mod support;

use support::stub::{backend, Recorded, Reply, Stub};
use wharf::backend::{Backend, BackendError};
use wharf::model::{LogFrom, LogSearch, StreamSelector, Timestamp};

const PAGE: &str = r#"{"events":[{"timestamp":1000,"message":"hello","ingestionTime":1200}],"nextForwardToken":"f/9","nextBackwardToken":"b/8"}"#;

async fn answering(body: &'static str) -> Stub {
    Stub::responding(std::sync::Arc::new(move |_: &Recorded| Reply::ecs_ok(body))).await
}

#[tokio::test]
async fn each_read_asks_for_what_it_means() {
    let stub = answering(PAGE).await;
    let aws = backend(&stub.endpoint);
    let froms = [
        LogFrom::Head,
        LogFrom::Tail,
        LogFrom::Time(Timestamp(5_000)),
        LogFrom::Token("f/7".into()),
        LogFrom::Token("b/7".into()),
    ];
    for from in &froms {
        let page = aws
            .get_log_events("/ecs/web", "ecs/web/1", from, 50)
            .await
            .expect("GetLogEvents");
        assert_eq!(page.events[0].message, "hello");
        assert_eq!(page.events[0].stream, "ecs/web/1");
        assert_eq!(page.events[0].ingested, Some(Timestamp(1200)));
        assert_eq!(page.next_token.as_deref(), Some("f/9"));
        assert_eq!(page.previous_token.as_deref(), Some("b/8"));
    }
    let bodies: Vec<String> = stub.requests().into_iter().map(|r| r.body).collect();
    for body in &bodies {
        assert!(body.contains(r#""logGroupName":"/ecs/web""#), "{body}");
        assert!(body.contains(r#""logStreamName":"ecs/web/1""#), "{body}");
        assert!(body.contains(r#""limit":50"#), "{body}");
    }
    let from_head = |i: usize| bodies[i].contains(r#""startFromHead":true"#);
    assert!(from_head(0) && !from_head(1) && from_head(2) && from_head(3) && !from_head(4));
    assert!(bodies[2].contains(r#""startTime":5000"#), "{}", bodies[2]);
    assert!(bodies[3].contains(r#""nextToken":"f/7""#), "{}", bodies[3]);

    let search = LogSearch {
        pattern: Some("?ERROR ?WARN".into()),
        start: Some(Timestamp(1)),
        end: Some(Timestamp(2)),
        ..LogSearch::new(StreamSelector::Prefix("ecs/web/".into()), 20_000)
    };
    let stub = answering(r#"{"events":[],"nextToken":"more"}"#).await;
    let aws = backend(&stub.endpoint);
    let page = aws.filter_log_events("/ecs/web", &search).await.unwrap();
    assert_eq!(page.next_token.as_deref(), Some("more"));
    let names = LogSearch::new(StreamSelector::Names(vec!["a".into(), "b".into()]), 5);
    aws.filter_log_events("/ecs/web", &names).await.unwrap();
    let bodies: Vec<String> = stub.requests().into_iter().map(|r| r.body).collect();
    for field in [
        r#""logStreamNamePrefix":"ecs/web/""#,
        r#""filterPattern":"?ERROR ?WARN""#,
        r#""startTime":1"#,
        r#""endTime":2"#,
        r#""limit":10000"#,
    ] {
        assert!(bodies[0].contains(field), "{field} in {}", bodies[0]);
    }
    assert!(!bodies[0].contains("logStreamNames"), "{}", bodies[0]);
    assert!(
        bodies[1].contains(r#""logStreamNames":["a","b"]"#),
        "{}",
        bodies[1]
    );
    assert_eq!(aws.call_counts().get("FilterLogEvents"), Some(&2));
}

#[tokio::test]
async fn a_missing_stream_or_group_is_named_as_aws_words_it() {
    let stub = Stub::start(vec![
        Reply::ecs_error(
            400,
            "ResourceNotFoundException",
            "The specified log stream does not exist.",
        ),
        Reply::ecs_error(
            400,
            "ResourceNotFoundException",
            "The specified log group does not exist.",
        ),
    ])
    .await;
    let aws = backend(&stub.endpoint);
    let stream = aws
        .get_log_events("/ecs/web", "ecs/web/abc", &LogFrom::Tail, 10)
        .await
        .expect_err("missing stream");
    assert_eq!(
        stream,
        BackendError::log_stream_not_found("/ecs/web", "ecs/web/abc")
    );
    assert!(stream
        .to_string()
        .starts_with("log stream ecs/web/abc in log group /ecs/web was not found"));
    let group = aws
        .get_log_events("/ecs/gone", "ecs/web/abc", &LogFrom::Tail, 10)
        .await
        .expect_err("missing group");
    assert_eq!(group, BackendError::log_group_not_found("/ecs/gone"));
}

#[tokio::test]
async fn throttling_and_access_denied_say_what_happened() {
    let stub = Stub::start(vec![
        Reply::ecs_error(400, "ThrottlingException", "Rate exceeded"),
        Reply::ecs_error(
            400,
            "AccessDeniedException",
            "User: arn:aws:iam::1:user/a is not authorized to perform: logs:GetLogEvents on resource: arn:aws:logs:us-east-1:1:log-group:/ecs/web:log-stream:ecs/web/1",
        ),
        Reply::ecs_error(400, "AccessDeniedException", ""),
    ])
    .await;
    let aws = backend(&stub.endpoint);
    let search = LogSearch::new(StreamSelector::All, 10);
    let throttled = aws
        .filter_log_events("/ecs/web", &search)
        .await
        .expect_err("throttled");
    assert_eq!(
        throttled,
        BackendError::Throttled {
            action: "FilterLogEvents".into()
        }
    );
    assert!(throttled.is_transient());
    let denied = aws
        .get_log_events("/ecs/web", "ecs/web/1", &LogFrom::Tail, 10)
        .await
        .expect_err("denied");
    assert_eq!(
        denied,
        BackendError::AccessDenied {
            action: "logs:GetLogEvents".into(),
            resource: "arn:aws:logs:us-east-1:1:log-group:/ecs/web:log-stream:ecs/web/1".into(),
        }
    );
    let denied = aws
        .filter_log_events("/ecs/web", &search)
        .await
        .expect_err("denied");
    assert_eq!(
        denied,
        BackendError::AccessDenied {
            action: "logs:FilterLogEvents".into(),
            resource: "/ecs/web".into(),
        }
    );
    assert_eq!(
        aws.call_counts().get("FilterLogEvents"),
        Some(&2),
        "sent once each"
    );
}

/// A search whose pages never end (AWS scanning a busy hour): it stops at its page limit and says how far it
/// got, rather than showing the oldest matches as if they were all.
#[tokio::test]
async fn a_search_cut_short_says_where_it_stopped() {
    use wharf::app::explore::{Explored, LogSource, Read};
    use wharf::app::{Fetch, Payload, Resource};
    let page = |n: usize| {
        format!(
            r#"{{"events":[{{"timestamp":{},"message":"ERROR {n}","logStreamName":"ecs/web/1","eventId":"e{n}"}}],"nextToken":"t{n}"}}"#,
            1_000 * n as i64
        )
    };
    let served = std::sync::atomic::AtomicUsize::new(0);
    let stub = Stub::responding(std::sync::Arc::new(move |_: &Recorded| {
        let n = served.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        Reply::ecs_ok(&page(n))
    }))
    .await;
    let aws = backend(&stub.endpoint);
    let read = Read::Logs {
        sources: vec![LogSource {
            group: "/ecs/web".into(),
            stream: "ecs/web/1".into(),
            label: "web".into(),
        }],
        pattern: Some("ERROR".into()),
        since: Some(Timestamp(1)),
    };
    let (answer, calls) =
        wharf::runtime::fetch::fetch(&aws, &Fetch::One(Resource::Explore(read)), None).await;
    let Ok(Payload::Explored(Explored::Logs(lines))) = answer else {
        panic!("{answer:?}")
    };
    let pages = wharf::app::explore::logs::SEARCH_PAGES;
    assert_eq!(calls as usize, pages);
    assert_eq!(stub.requests().len(), pages);
    assert_eq!(lines.events.len(), pages);
    let last = lines.events.last().unwrap().at;
    assert_eq!(
        lines.search_cut,
        Some(last),
        "it got as far as its last line"
    );
}
