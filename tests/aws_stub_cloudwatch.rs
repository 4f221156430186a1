//! The AWS backend's CloudWatch calls at the wire, against a stub that speaks what the SDK speaks to
//! CloudWatch, Smithy RPC v2 CBOR (moto 5.2.5 does not: it answers every such call 404). GetMetricData asks
//! for each metric with its namespace, name, dimensions, statistic and period, follows NextToken and puts a
//! metric's pages back together in time order; DescribeAlarmsForMetric and DescribeAlarms come back as
//! alarms with their state, AWS's reason and a condition in words; a refusal names its call; escapes in an
//! alarm's reason are cleaned.

mod support;

use std::sync::{Arc, Mutex};

use ciborium::Value;
use support::stub::{backend as aws, header, read_message};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use wharf::backend::MetricsScaling;
use wharf::model::*;

/// One request as the stub saw it: the operation (from the path) and the decoded body.
#[derive(Debug, Clone)]
struct Asked {
    operation: String,
    body: Value,
}

type Answer = Box<dyn Fn(&Asked) -> (u16, Value) + Send + Sync>;

/// A loopback CloudWatch answering each request with what `answer` makes of it, in CBOR.
async fn cloudwatch(answer: Answer) -> (String, Arc<Mutex<Vec<Asked>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let Some((head, body)) = read_message(&mut conn).await else {
                continue;
            };
            let path = head.split_whitespace().nth(1).unwrap_or_default();
            let operation = path.rsplit('/').next().unwrap_or_default().to_string();
            assert_eq!(header(&head, "smithy-protocol"), "rpc-v2-cbor", "{head}");
            let body: Value = ciborium::from_reader(body.as_slice()).unwrap_or(Value::Null);
            let asked = Asked { operation, body };
            let (status, reply) = answer(&asked);
            log.lock().unwrap().push(asked);
            let mut bytes = Vec::new();
            ciborium::into_writer(&reply, &mut bytes).unwrap();
            let head = format!(
                "HTTP/1.1 {status} X\r\nsmithy-protocol: rpc-v2-cbor\r\ncontent-type: application/cbor\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n",
                bytes.len()
            );
            let _ = conn.write_all(head.as_bytes()).await;
            let _ = conn.write_all(&bytes).await;
            let _ = conn.shutdown().await;
        }
    });
    (endpoint, seen)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (text(k), v)).collect())
}

/// A timestamp as RPC v2 CBOR writes it: tag 1, epoch seconds.
fn at(secs: i64) -> Value {
    Value::Tag(1, Box::new(Value::Float(secs as f64)))
}

fn field<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.as_map()?
        .iter()
        .find(|(k, _)| k.as_text() == Some(name))
        .map(|(_, v)| v)
}

fn now() -> Timestamp {
    Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    )
}

fn web() -> MetricOwner {
    MetricOwner::service("arn:aws:ecs:us-east-1:123456789012:cluster/prod", "web")
}

fn result(id: &str, points: &[(i64, f64)]) -> Value {
    map(vec![
        ("Id", text(id)),
        (
            "Timestamps",
            Value::Array(points.iter().map(|(t, _)| at(*t)).collect()),
        ),
        (
            "Values",
            Value::Array(points.iter().map(|(_, v)| Value::Float(*v)).collect()),
        ),
        ("StatusCode", text("Complete")),
    ])
}

#[tokio::test]
async fn get_metric_data_asks_each_metric_and_follows_its_pages() {
    let t = now().millis() / 1000 / 60 * 60;
    let answer: Answer = Box::new(move |asked| {
        let token = field(&asked.body, "NextToken")
            .and_then(Value::as_text)
            .map(str::to_string);
        // The first page holds CPU's newest points; the second its older ones (CloudWatch pages by
        // datapoints, not by metric) and the target group's requests.
        let reply = match token.as_deref() {
            None => map(vec![
                (
                    "MetricDataResults",
                    Value::Array(vec![result("m0", &[(t - 60, 30.0), (t, 40.0)])]),
                ),
                ("NextToken", text("page-2")),
            ]),
            Some(_) => map(vec![(
                "MetricDataResults",
                Value::Array(vec![
                    result("m0", &[(t - 120, 20.0)]),
                    result("m2", &[(t - 60, 700.0), (t, 900.0)]),
                ]),
            )]),
        };
        (200, reply)
    });
    let (endpoint, seen) = cloudwatch(answer).await;
    let group = MetricOwner::target_group(
        "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web-tg/73e2d6bc24d8a067",
        "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/prod/50dc6c495c0c9188",
    );
    let ids = [
        MetricId {
            owner: web(),
            kind: MetricKind::Cpu,
        },
        MetricId {
            owner: web(),
            kind: MetricKind::Memory,
        },
        MetricId {
            owner: group,
            kind: MetricKind::Requests,
        },
    ];
    let backend = aws(&endpoint);
    let got = backend
        .get_metric_data(&ids, MetricRange::Day, now())
        .await
        .expect("two pages");
    let cpu: Vec<f64> = got[0].points.iter().map(|(_, v)| *v).collect();
    assert_eq!(
        cpu,
        [20.0, 30.0, 40.0],
        "pages put back together, oldest first"
    );
    assert!(got[1].points.is_empty());
    assert_eq!(got[2].last(), Some(900.0));

    let asked = seen.lock().unwrap().clone();
    assert_eq!(asked.len(), 2);
    assert!(asked.iter().all(|a| a.operation == "GetMetricData"));
    assert_eq!(
        field(&asked[1].body, "NextToken").and_then(Value::as_text),
        Some("page-2")
    );
    let queries = field(&asked[0].body, "MetricDataQueries")
        .and_then(Value::as_array)
        .expect("queries");
    assert_eq!(queries.len(), 3);
    let stat = |q: &Value| field(q, "MetricStat").cloned().expect("a metric stat");
    let requests = stat(&queries[2]);
    assert_eq!(
        field(&requests, "Stat").and_then(Value::as_text),
        Some("Sum")
    );
    assert_eq!(
        field(&requests, "Period")
            .and_then(|p| p.as_integer())
            .map(i128::from),
        Some(300),
        "24 hours at 5-minute points"
    );
    let metric = field(&requests, "Metric").cloned().unwrap();
    assert_eq!(
        field(&metric, "Namespace").and_then(Value::as_text),
        Some("AWS/ApplicationELB")
    );
    let dims: Vec<(String, String)> = field(&metric, "Dimensions")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .map(|d| {
            let s = |n| field(d, n).and_then(Value::as_text).unwrap().to_string();
            (s("Name"), s("Value"))
        })
        .collect();
    assert_eq!(
        dims,
        [
            (
                "TargetGroup".to_string(),
                "targetgroup/web-tg/73e2d6bc24d8a067".to_string()
            ),
            (
                "LoadBalancer".to_string(),
                "app/prod/50dc6c495c0c9188".to_string()
            )
        ]
    );
    let cpu_stat = stat(&queries[0]);
    assert_eq!(
        field(&cpu_stat, "Stat").and_then(Value::as_text),
        Some("Average")
    );
    assert_eq!(backend.call_counts().get("GetMetricData"), Some(&2));
}

fn alarm(name: &str, state: &str, reason: &str) -> Value {
    map(vec![
        ("AlarmName", text(name)),
        ("StateValue", text(state)),
        ("StateReason", text(reason)),
        ("StateUpdatedTimestamp", at(1_767_229_200)),
        ("MetricName", text("CPUUtilization")),
        ("Namespace", text("AWS/ECS")),
        (
            "Dimensions",
            Value::Array(vec![
                map(vec![("Name", text("ClusterName")), ("Value", text("prod"))]),
                map(vec![("Name", text("ServiceName")), ("Value", text("web"))]),
            ]),
        ),
        ("Threshold", Value::Float(80.0)),
        ("ComparisonOperator", text("GreaterThanThreshold")),
        ("EvaluationPeriods", Value::Integer(3.into())),
        ("DatapointsToAlarm", Value::Integer(2.into())),
        ("Period", Value::Integer(60.into())),
    ])
}

#[tokio::test]
async fn alarms_come_with_their_state_reason_and_condition_cleaned() {
    let answer: Answer = Box::new(|asked| {
        let reply = match asked.operation.as_str() {
            "DescribeAlarmsForMetric" => map(vec![(
                "MetricAlarms",
                Value::Array(vec![alarm(
                    "web-cpu",
                    "ALARM",
                    "Threshold Crossed \u{1b}]0;owned\u{7}: 2 datapoints were greater than the threshold (80.0).",
                )]),
            )]),
            _ => map(vec![(
                "MetricAlarms",
                Value::Array(vec![alarm("web-cpu", "ALARM", "x"), alarm("web-cpu-2", "ALARM", "y")]),
            )]),
        };
        (200, reply)
    });
    let (endpoint, seen) = cloudwatch(answer).await;
    let backend = aws(&endpoint);
    let cpu = MetricId {
        owner: web(),
        kind: MetricKind::Cpu,
    };
    let on_cpu = backend
        .describe_alarms_for_metrics(std::slice::from_ref(&cpu))
        .await
        .expect("one call");
    assert_eq!(on_cpu.len(), 1);
    let a = &on_cpu[0];
    assert_eq!(a.state, AlarmState::Alarm);
    assert_eq!(a.condition, "CPUUtilization > 80 for 2 of 3 periods of 60s");
    assert_eq!(a.changed_at, Some(Timestamp::from_secs(1_767_229_200)));
    assert!(a.concerns("prod", "web", &[]));
    assert!(!a.reason.contains('\u{1b}'), "{:?}", a.reason);
    let firing = backend.describe_firing_alarms().await.expect("one page");
    assert_eq!(firing.len(), 2);
    let asked = seen.lock().unwrap().clone();
    assert_eq!(asked[1].operation, "DescribeAlarms");
    assert_eq!(
        field(&asked[1].body, "StateValue").and_then(Value::as_text),
        Some("ALARM")
    );
    assert_eq!(
        field(&asked[0].body, "Namespace").and_then(Value::as_text),
        Some("AWS/ECS")
    );
}

#[tokio::test]
async fn a_refusal_names_its_call() {
    let answer: Answer = Box::new(|_| {
        (
            400,
            map(vec![
                ("__type", text("AccessDenied")),
                (
                    "message",
                    text("User is not authorized to perform: cloudwatch:GetMetricData"),
                ),
            ]),
        )
    });
    let (endpoint, _) = cloudwatch(answer).await;
    let cpu = MetricId {
        owner: web(),
        kind: MetricKind::Cpu,
    };
    let err = aws(&endpoint)
        .get_metric_data(&[cpu], MetricRange::Hour, now())
        .await
        .unwrap_err();
    let said = err.to_string();
    assert!(said.contains("GetMetricData"), "{said}");
}
