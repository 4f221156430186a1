//! A loopback HTTP/1.1 proxy between the AWS backend and moto that injects faults, switchable while a test
//! runs: latency, a dropped connection (before the request reaches moto, or after moto carried it out),
//! HTTP 500, and AWS's throttling, expired-token and access-denied errors as each protocol sends them. It
//! counts the requests it sees, and those it forwarded, per operation (`X-Amz-Target` for the JSON
//! protocols, `Action=` for the ELBv2 query protocol).
//!
//! One request per connection: the request goes to moto with `Connection: close`, the answer comes back
//! with `Connection: close`, so the client opens a new connection for its next request and a fault never
//! depends on which pooled connection a request happened to take.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::stub::{find, header, read_message, render, Reply};

/// What happens to a request the fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// Waits this long, then forwards.
    Latency(Duration),
    /// Closes the connection without an answer; moto never sees the request.
    Drop,
    /// Forwards to moto (which carries it out), then closes the connection without passing the answer on.
    DropAnswer,
    /// HTTP 500, not forwarded.
    Http500,
    /// `ThrottlingException` (ELBv2: `Throttling`), not forwarded.
    Throttling,
    /// `ExpiredTokenException` (ELBv2: `ExpiredToken`), not forwarded.
    ExpiredToken,
    /// `AccessDeniedException` (ELBv2: `AccessDenied`), not forwarded.
    AccessDenied,
}

#[derive(Debug, Default)]
struct Inner {
    fault: Option<Fault>,
    /// Only these operations get the fault; empty: every operation.
    only: Vec<String>,
    /// `Some(n)`: the fault hits only the request after the next `n` that it applies to, then clears.
    at: Option<usize>,
    seen: HashMap<String, usize>,
    forwarded: HashMap<String, usize>,
}

/// The running proxy; it stops when the test's runtime does.
#[derive(Clone)]
pub struct FaultProxy {
    pub endpoint: String,
    inner: Arc<Mutex<Inner>>,
}

impl FaultProxy {
    /// A proxy in front of `upstream` (`http://127.0.0.1:PORT`), passing everything through.
    pub async fn start(upstream: &str) -> FaultProxy {
        let upstream = upstream
            .strip_prefix("http://")
            .unwrap_or(upstream)
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let proxy = FaultProxy {
            endpoint: format!("http://127.0.0.1:{port}"),
            inner: Arc::default(),
        };
        let shared = proxy.clone();
        tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                let (proxy, upstream) = (shared.clone(), upstream.clone());
                tokio::spawn(async move { proxy.serve(conn, &upstream).await });
            }
        });
        proxy
    }

    /// Every operation gets `fault` from now on.
    pub fn set(&self, fault: Fault) {
        self.set_for(fault, &[]);
    }

    /// Only `operations` (e.g. `["UpdateService"]`) get `fault`; the rest pass.
    pub fn set_for(&self, fault: Fault, operations: &[&str]) {
        let mut inner = self.lock();
        inner.fault = Some(fault).filter(|f| *f != Fault::None);
        inner.only = operations.iter().map(|s| s.to_string()).collect();
        inner.at = None;
    }

    /// Only the request after the next `skip` ones of `operations` gets `fault`; then nothing does.
    pub fn set_at(&self, fault: Fault, operations: &[&str], skip: usize) {
        self.set_for(fault, operations);
        self.lock().at = Some(skip);
    }

    /// Requests seen for `operation`, whatever happened to them.
    pub fn seen(&self, operation: &str) -> usize {
        self.lock().seen.get(operation).copied().unwrap_or(0)
    }

    /// Requests of `operation` that reached moto.
    pub fn forwarded(&self, operation: &str) -> usize {
        self.lock().forwarded.get(operation).copied().unwrap_or(0)
    }

    /// Requests seen, all operations together.
    pub fn total(&self) -> usize {
        self.lock().seen.values().sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Count the request and pick its fault.
    fn admit(&self, operation: &str) -> Fault {
        let mut inner = self.lock();
        *inner.seen.entry(operation.to_string()).or_default() += 1;
        let applies = inner.only.is_empty() || inner.only.iter().any(|o| o == operation);
        let fault = match inner.fault {
            Some(f) if applies => f,
            _ => return Fault::None,
        };
        match inner.at {
            None => fault,
            Some(0) => {
                inner.fault = None;
                fault
            }
            Some(n) => {
                inner.at = Some(n - 1);
                Fault::None
            }
        }
    }

    fn count_forwarded(&self, operation: &str) {
        *self
            .lock()
            .forwarded
            .entry(operation.to_string())
            .or_default() += 1;
    }

    async fn serve(&self, mut conn: TcpStream, upstream: &str) {
        let Some(request) = read_request(&mut conn).await else {
            return;
        };
        let fault = self.admit(&request.operation);
        let json = !request.target.is_empty();
        let reply = match fault {
            Fault::None => None,
            Fault::Latency(d) => {
                tokio::time::sleep(d).await;
                None
            }
            Fault::Drop => return,
            Fault::DropAnswer => {
                let _ = forward(&request.raw, upstream).await;
                self.count_forwarded(&request.operation);
                return;
            }
            Fault::Http500 => Some(error(json, 500, "InternalFailure", "InternalError")),
            Fault::Throttling => Some(error(json, 400, "ThrottlingException", "Throttling")),
            Fault::ExpiredToken => Some(error(json, 400, "ExpiredTokenException", "ExpiredToken")),
            Fault::AccessDenied => Some(error(json, 403, "AccessDeniedException", "AccessDenied")),
        };
        let answer = match reply {
            Some(reply) => render(&reply),
            None => {
                self.count_forwarded(&request.operation);
                match forward(&request.raw, upstream).await {
                    Some(answer) => answer,
                    None => render(&error(json, 502, "BadGateway", "BadGateway")),
                }
            }
        };
        if conn.write_all(&answer).await.is_ok() {
            let _ = conn.shutdown().await;
        }
    }
}

/// An error as the protocol sends it: ECS and Logs (JSON, with the query-compatible header), ELBv2 (XML).
fn error(json: bool, status: u16, json_code: &str, query_code: &str) -> Reply {
    let message = format!("injected by the fault proxy ({json_code})");
    if json {
        Reply::ecs_error(status, json_code, &message)
    } else {
        Reply::elb_error(status, query_code, &message)
    }
}

struct Request {
    target: String,
    operation: String,
    /// The request as it goes to moto: its head with `Connection: close`, and its body.
    raw: Vec<u8>,
}

async fn read_request(conn: &mut TcpStream) -> Option<Request> {
    let (head, body) = read_message(conn).await?;
    let target = header(&head, "x-amz-target");
    let operation = match target.rsplit_once('.') {
        Some((_, op)) => op.to_string(),
        None => String::from_utf8_lossy(&body)
            .split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
            .unwrap_or_default()
            .to_string(),
    };
    Some(Request {
        target,
        operation,
        raw: closing(&head, &body),
    })
}

/// A message with its `Connection` header replaced by `Connection: close`: one exchange per connection.
fn closing(head: &str, body: &[u8]) -> Vec<u8> {
    let mut out = String::new();
    for line in head.trim_end().lines() {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// Sends the request to moto and reads its whole answer (moto closes after it); the answer's own
/// `Connection` header is replaced by `Connection: close`.
async fn forward(raw: &[u8], upstream: &str) -> Option<Vec<u8>> {
    let mut up = TcpStream::connect(upstream).await.ok()?;
    up.write_all(raw).await.ok()?;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), up.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    let end = find(&answer, b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&answer[..end]).to_string();
    Some(closing(&head, &answer[end..]))
}
