//! The AWS backend's CloudWatch Logs reads against moto: GetLogEvents in order, by page and token, from a
//! time and from the tail; FilterLogEvents with a pattern and with stream names, merged by time and paged; a
//! missing group or stream as NotFound; every call counted. Events are written straight through the SDK
//! (those calls are not counted by the backend under test).
//!
//! moto 5.2.5 differs from CloudWatch Logs in ways these tests step around (the stub covers them,
//! `tests/aws_stub_logs.rs`): it ignores `logStreamNamePrefix`, interleaves streams only when asked with the
//! deprecated `interleaved` flag (so pages of a search are each in time order, not the whole search), and
//! answers a missing stream with "The specified log group does not exist.".

mod support;

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use support::moto;
use support::world::Fixture;
use wharf::backend::aws::loopback_sdk_config;
use wharf::backend::{Backend, BackendError};
use wharf::model::{LogFrom, LogSearch, StreamSelector, Timestamp};

fn logs_client() -> aws_sdk_cloudwatchlogs::Client {
    aws_sdk_cloudwatchlogs::Client::new(&loopback_sdk_config(&moto::shared().endpoint, "us-east-1"))
}

/// Ten minutes ago, whole seconds: CloudWatch Logs refuses events far from now.
fn base() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    (now - 600) * 1000
}

/// Writes `lines` (ms after `base`, message) to a new stream, creating the group if needed.
async fn write(group: &str, stream: &str, lines: &[(i64, String)]) {
    let client = logs_client();
    let _ = client.create_log_group().log_group_name(group).send().await;
    client
        .create_log_stream()
        .log_group_name(group)
        .log_stream_name(stream)
        .send()
        .await
        .expect("CreateLogStream");
    let events = lines
        .iter()
        .map(|(at, m)| {
            InputLogEvent::builder()
                .timestamp(*at)
                .message(m)
                .build()
                .expect("event")
        })
        .collect();
    client
        .put_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .set_log_events(Some(events))
        .send()
        .await
        .expect("PutLogEvents");
}

fn texts(events: &[wharf::model::LogEvent]) -> Vec<&str> {
    events.iter().map(|e| e.message.as_str()).collect()
}

#[tokio::test]
async fn a_stream_reads_in_order_by_pages_tokens_time_and_tail() {
    let (group, stream) = ("/ecs/reader", "ecs/app/0001");
    let t0 = base();
    let lines: Vec<(i64, String)> = (0..25)
        .map(|i| (t0 + i * 1000, format!("line {i}")))
        .collect();
    write(group, stream, &lines).await;
    let aws = Fixture::new(&moto::shared().endpoint).aws();

    let first = aws
        .get_log_events(group, stream, &LogFrom::Head, 10)
        .await
        .expect("GetLogEvents");
    let want: Vec<String> = (0..10).map(|i| format!("line {i}")).collect();
    assert_eq!(texts(&first.events), want);
    assert!(first.events.iter().all(|e| e.stream == stream));
    assert_eq!(first.events[3].at, Timestamp(t0 + 3000));
    assert!(first.events[0].ingested.is_some());

    let mut token = first.next_token.clone().expect("forward token");
    let mut rest = Vec::new();
    loop {
        let page = aws
            .get_log_events(group, stream, &LogFrom::Token(token.clone()), 10)
            .await
            .expect("next page");
        let next = page.next_token.expect("forward token");
        if page.events.is_empty() {
            assert_eq!(next, token, "at the end the token stays");
            break;
        }
        assert!(page.events.len() <= 10);
        rest.extend(page.events);
        token = next;
    }
    let want: Vec<String> = (10..25).map(|i| format!("line {i}")).collect();
    assert_eq!(texts(&rest), want);

    let from_time = aws
        .get_log_events(group, stream, &LogFrom::Time(Timestamp(t0 + 20_000)), 100)
        .await
        .unwrap();
    assert_eq!(texts(&from_time.events)[0], "line 20");
    assert_eq!(from_time.events.len(), 5);
    let tail = aws
        .get_log_events(group, stream, &LogFrom::Tail, 3)
        .await
        .unwrap();
    assert_eq!(texts(&tail.events), ["line 22", "line 23", "line 24"]);

    let calls = aws.call_counts();
    assert_eq!(calls.get("GetLogEvents"), Some(&(1 + 3 + 2)), "{calls:?}");
}

#[tokio::test]
async fn a_search_filters_by_pattern_and_streams_merged_by_time() {
    let group = "/ecs/search";
    let t0 = base();
    let line = |i: i64, who: &str| {
        let level = if i % 3 == 0 { "ERROR" } else { "INFO" };
        (t0 + i * 1000, format!("{level} {who} request {i}"))
    };
    let a: Vec<_> = (0..20)
        .filter(|i| i % 2 == 0)
        .map(|i| line(i, "a"))
        .collect();
    let b: Vec<_> = (0..20)
        .filter(|i| i % 2 == 1)
        .map(|i| line(i, "b"))
        .collect();
    let c: Vec<_> = (0..20).map(|i| line(i, "c")).collect();
    write(group, "ecs/app/a", &a).await;
    write(group, "ecs/app/b", &b).await;
    write(group, "ecs/other/c", &c).await;
    let aws = Fixture::new(&moto::shared().endpoint).aws();

    let names = StreamSelector::Names(vec!["ecs/app/a".into(), "ecs/app/b".into()]);
    let errors = LogSearch {
        pattern: Some("ERROR".into()),
        ..LogSearch::new(names.clone(), 100)
    };
    let page = aws
        .filter_log_events(group, &errors)
        .await
        .expect("FilterLogEvents");
    let want: Vec<String> = [0, 3, 6, 9, 12, 15, 18]
        .iter()
        .map(|i| line(*i, if i % 2 == 0 { "a" } else { "b" }).1)
        .collect();
    assert_eq!(texts(&page.events), want, "merged by time");
    assert_eq!(page.events[1].stream, "ecs/app/b");
    assert!(page.events.iter().all(|e| e.id.is_some()));
    assert_eq!(page.next_token, None);

    // Pages of 4 by token give the same events, each once.
    let mut paged = Vec::new();
    let mut token = None;
    for _ in 0..10 {
        let page = aws
            .filter_log_events(
                group,
                &LogSearch {
                    token: token.clone(),
                    ..LogSearch::new(names.clone(), 4)
                },
            )
            .await
            .unwrap();
        assert!(page.events.len() <= 4);
        assert!(page.events.windows(2).all(|p| p[0].at <= p[1].at));
        paged.extend(page.events);
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    let mut got: Vec<&str> = texts(&paged);
    got.sort();
    let mut want: Vec<String> = a.iter().chain(&b).map(|(_, m)| m.clone()).collect();
    want.sort();
    assert_eq!(got, want);

    // A time range, in one stream.
    let ranged = LogSearch {
        start: Some(Timestamp(t0 + 5_000)),
        end: Some(Timestamp(t0 + 9_000)),
        ..LogSearch::new(StreamSelector::Names(vec!["ecs/other/c".into()]), 100)
    };
    let ranged = aws.filter_log_events(group, &ranged).await.unwrap();
    let want: Vec<String> = (5..=9).map(|i| line(i, "c").1).collect();
    assert_eq!(texts(&ranged.events), want);
    assert!(ranged.events.iter().all(|e| e.stream == "ecs/other/c"));

    let calls = aws.call_counts();
    assert!(
        calls.get("FilterLogEvents").copied().unwrap_or(0) >= 3,
        "{calls:?}"
    );
}

#[tokio::test]
async fn a_missing_group_or_stream_is_named() {
    let group = "/ecs/present";
    write(group, "ecs/app/here", &[(base(), "hello".into())]).await;
    let aws = Fixture::new(&moto::shared().endpoint).aws();

    // moto words a missing stream as a missing group; CloudWatch Logs' own wording is mapped to the
    // stream in tests/aws_stub_logs.rs.
    let err = aws
        .get_log_events(group, "ecs/app/gone", &LogFrom::Tail, 10)
        .await
        .expect_err("no such stream");
    assert!(matches!(err, BackendError::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("/ecs/present"), "{err}");

    let err = aws
        .get_log_events("/ecs/absent", "ecs/app/here", &LogFrom::Tail, 10)
        .await
        .expect_err("no such group");
    assert!(err.to_string().contains("log group /ecs/absent"), "{err}");
    let err = aws
        .filter_log_events("/ecs/absent", &LogSearch::new(StreamSelector::All, 10))
        .await
        .expect_err("no such group");
    assert_eq!(err, BackendError::log_group_not_found("/ecs/absent"));

    let too_many = (0..101).map(|i| format!("s{i}")).collect();
    let err = aws
        .filter_log_events(group, &LogSearch::new(StreamSelector::Names(too_many), 10))
        .await
        .expect_err("more than 100 names");
    assert!(err.to_string().contains("at most 100"), "{err}");
    assert_eq!(
        aws.call_counts().get("FilterLogEvents"),
        Some(&1),
        "refused before sending"
    );
}
