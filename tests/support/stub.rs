//! A tiny HTTP/1.1 server on a loopback port that answers with hand-written replies, in order (the last one
//! repeats), and records every request. It stands in for ECS and ELBv2 where moto does not behave like them
//! (paging, the deployments API, deletion protection) and for faults (access denied, throttling, 5xx, no
//! answer at all).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct Reply {
    /// 0: no answer at all (the connection is held open until the client gives up).
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// DescribeTaskDefinition's answer for `web:3`: one container, nginx:1.
pub const TASK_DEFINITION: &str = r#"{"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:3","family":"web","revision":3,"status":"ACTIVE","containerDefinitions":[{"name":"app","image":"nginx:1","memory":128}]}}"#;

const ELB_NS: &str = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

impl Reply {
    /// One page of an ECS list: `items` (JSON values) under `field`, and `nextToken` when there is more.
    pub fn ecs_page(field: &str, items: &[String], next: Option<&str>) -> Reply {
        let next = next
            .map(|t| format!(r#","nextToken":"{t}""#))
            .unwrap_or_default();
        Reply::ecs_ok(&format!(r#"{{"{field}":[{}]{next}}}"#, items.join(",")))
    }

    /// Reads the request and never answers: the client's time-out is what ends it.
    pub fn silence() -> Reply {
        Reply {
            status: 0,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// An ELBv2 (query protocol, XML) success: `result` is what goes inside `<{action}Result>`.
    pub fn elb_ok(action: &str, result: &str) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "text/xml".into())],
            body: format!(
                "<{action}Response xmlns=\"{ELB_NS}\"><{action}Result>{result}</{action}Result>\
                 <ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></{action}Response>"
            ),
        }
    }

    /// An ELBv2 error, as ELBv2 sends it.
    pub fn elb_error(status: u16, code: &str, message: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "text/xml".into())],
            body: format!(
                "<ErrorResponse xmlns=\"{ELB_NS}\"><Error><Type>Sender</Type><Code>{code}</Code>\
                 <Message>{message}</Message></Error><RequestId>stub</RequestId></ErrorResponse>"
            ),
        }
    }

    /// An ECS (JSON 1.1) success.
    pub fn ecs_ok(body: &str) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "application/x-amz-json-1.1".into())],
            body: body.to_string(),
        }
    }

    /// An ECS (JSON 1.1) error, as ECS sends it: `__type` in the body and the query-compatible header.
    pub fn ecs_error(status: u16, code: &str, message: &str) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type".into(), "application/x-amz-json-1.1".into()),
                ("x-amzn-query-error".into(), format!("{code};Sender")),
            ],
            body: format!(r#"{{"__type":"{code}","message":"{message}"}}"#),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Recorded {
    /// `X-Amz-Target`, e.g. `AmazonEC2ContainerServiceV20141113.ListServices` (JSON protocols only).
    pub target: String,
    pub body: String,
}

impl Recorded {
    /// The operation: from `X-Amz-Target` (ECS), else the form's `Action=` (ELBv2).
    pub fn operation(&self) -> &str {
        match self.target.rsplit_once('.') {
            Some((_, op)) => op,
            None => self
                .body
                .split('&')
                .find_map(|kv| kv.strip_prefix("Action="))
                .unwrap_or_default(),
        }
    }
}

/// Asserts that `requests` are the pages of one `operation`: each carries every field of `every`, the first
/// no `token` at all, and each later one its token as `later` says (e.g. `"nextToken":"t"`, `Marker=m`).
pub fn assert_pages(
    requests: &[Recorded],
    operation: &str,
    every: &[&str],
    token: &str,
    later: &[&str],
) {
    assert_eq!(requests.len(), later.len() + 1, "{requests:?}");
    for r in requests {
        assert_eq!(r.operation(), operation, "{r:?}");
        for field in every {
            assert!(r.body.contains(field), "{field} in {}", r.body);
        }
    }
    assert!(!requests[0].body.contains(token), "{}", requests[0].body);
    for (r, t) in requests[1..].iter().zip(later) {
        assert!(r.body.contains(t), "{t} in {}", r.body);
    }
}

pub struct Stub {
    pub endpoint: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

/// Answers a request from what it asked for (e.g. echoes the ARNs of a batch), whatever order concurrent
/// requests arrive in.
pub type Responder = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

impl Stub {
    pub async fn start(replies: Vec<Reply>) -> Stub {
        let (listener, endpoint) = bind().await;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        tokio::spawn(async move {
            let mut next = 0usize;
            while let Ok((conn, _)) = listener.accept().await {
                let i = next.min(replies.len().saturating_sub(1));
                next += 1;
                let reply = replies.get(i).cloned();
                let seen = seen.clone();
                let record =
                    move |r: Recorded| seen.lock().unwrap_or_else(|e| e.into_inner()).push(r);
                if reply.as_ref().is_some_and(|r| r.status == 0) {
                    // Held on its own task, so that the client's next attempt is answered meanwhile.
                    tokio::spawn(async move {
                        if let Some((recorded, conn)) = read_request(conn).await {
                            record(recorded);
                            hold(conn).await;
                        }
                    });
                } else if let Some((recorded, conn)) = read_request(conn).await {
                    record(recorded);
                    answer(conn, reply).await;
                }
            }
        });
        Stub { endpoint, requests }
    }

    /// A stub whose every reply `respond` makes from the request it answers.
    pub async fn responding(respond: Responder) -> Stub {
        let (listener, endpoint) = bind().await;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                if let Some((recorded, conn)) = read_request(conn).await {
                    let reply = respond(&recorded);
                    seen.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(recorded);
                    answer(conn, Some(reply)).await;
                }
            }
        });
        Stub { endpoint, requests }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

async fn bind() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    (listener, format!("http://127.0.0.1:{port}"))
}

/// Reads one request.
async fn read_request(mut conn: TcpStream) -> Option<(Recorded, TcpStream)> {
    let (head, body) = read_message(&mut conn).await?;
    let recorded = Recorded {
        target: header(&head, "x-amz-target"),
        body: String::from_utf8_lossy(&body).to_string(),
    };
    Some((recorded, conn))
}

/// One HTTP/1.1 message off `conn`: its head (up to the blank line) and its body (`Content-Length` long,
/// or what came before the peer closed). Shared with the fault proxy.
pub async fn read_message(conn: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    let header_end = loop {
        let n = conn.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = find(&buf, b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let length: usize = header(&head, "content-length").parse().unwrap_or(0);
    while buf.len() < header_end + length {
        let n = conn.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some((head, buf.split_off(header_end)))
}

/// A header's value in a message's head (`""` when absent), its name in any case.
pub fn header(head: &str, name: &str) -> String {
    head.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default()
}

/// `reply` as HTTP/1.1 bytes, closing the connection after it.
pub fn render(reply: &Reply) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {} X\r\n", reply.status);
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        reply.body.len(),
        reply.body
    ));
    out.into_bytes()
}

/// Answers and closes the connection.
async fn answer(mut conn: TcpStream, reply: Option<Reply>) {
    let reply = reply.unwrap_or_else(|| Reply::ecs_error(500, "InternalFailure", "no reply"));
    let out = render(&reply);
    if conn.write_all(&out).await.is_ok() {
        let _ = conn.shutdown().await;
    }
}

/// Keeps a connection open without answering until the client closes it (or a minute passes).
async fn hold(mut conn: TcpStream) {
    let mut sink = [0u8; 1024];
    let _ = tokio::time::timeout(Duration::from_secs(60), async {
        while matches!(conn.read(&mut sink).await, Ok(n) if n > 0) {}
    })
    .await;
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The AWS backend pointed at a stub (profile `stub`, region us-east-1, dummy loopback credentials).
pub fn backend(endpoint: &str) -> wharf::backend::aws::Aws {
    wharf::backend::aws::Aws::from_sdk_config(
        &wharf::backend::aws::loopback_sdk_config(endpoint, "us-east-1"),
        Some("stub".into()),
    )
    .expect("a configuration with a region builds")
}
