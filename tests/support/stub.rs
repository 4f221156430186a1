//! A tiny HTTP/1.1 server on a loopback port that answers with hand-written replies, in order (the last one
//! repeats), and records every request. It stands in for ECS where moto does not behave like ECS (paging) and
//! for faults (access denied, throttling).

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
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
    /// `X-Amz-Target`, e.g. `AmazonEC2ContainerServiceV20141113.ListServices`.
    pub target: String,
    pub body: String,
}

pub struct Stub {
    pub endpoint: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Stub {
    pub async fn start(replies: Vec<Reply>) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        tokio::spawn(async move {
            let mut next = 0usize;
            while let Ok((conn, _)) = listener.accept().await {
                let i = next.min(replies.len().saturating_sub(1));
                next += 1;
                let reply = replies.get(i).cloned();
                if let Some(recorded) = serve(conn, reply).await {
                    seen.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(recorded);
                }
            }
        });
        Stub {
            endpoint: format!("http://127.0.0.1:{port}"),
            requests,
        }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// Reads one request, answers it and closes the connection.
async fn serve(mut conn: TcpStream, reply: Option<Reply>) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
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
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
            .unwrap_or_default()
    };
    let length: usize = header("content-length").parse().unwrap_or(0);
    while buf.len() < header_end + length {
        let n = conn.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[header_end..]).to_string();
    let reply = reply.unwrap_or_else(|| Reply::ecs_error(500, "InternalFailure", "no reply"));
    let mut out = format!("HTTP/1.1 {} X\r\n", reply.status);
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        reply.body.len(),
        reply.body
    ));
    conn.write_all(out.as_bytes()).await.ok()?;
    let _ = conn.shutdown().await;
    Some(Recorded {
        target: header("x-amz-target"),
        body,
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
