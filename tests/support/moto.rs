//! moto in server mode, started by the test suite itself: a venv under `target/moto-venv` is made on first use
//! (`python3 -m venv`, then `pip install moto[server]==MOTO_VERSION`), guarded by a lock directory so that
//! concurrent test binaries install it once. One server per test binary, on a free loopback port; it exits
//! when the test process does (it watches its stdin, a pipe from this process). A machine without Python 3
//! fails these tests with what to install: they never skip.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub const MOTO_VERSION: &str = "5.2.5";

/// A running moto server.
pub struct Moto {
    child: Mutex<Child>,
    pub port: u16,
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// The test binary's one moto server, started on first use.
pub fn shared() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(Moto::start)
}

impl Moto {
    /// Starts a new server (installing moto first if needed). Panics with a clear message on failure.
    pub fn start() -> Moto {
        let python = ensure_venv();
        let mut last_err = String::new();
        for _ in 0..3 {
            let port = free_port();
            // moto's own entry point, plus a thread that ends the server when our end of its stdin closes:
            // no server outlives the test binary, even when a static holds it.
            let script = format!(
                "import os, sys, threading\n\
                 threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()\n\
                 from moto.server import main\n\
                 main(['-H', '127.0.0.1', '-p', '{port}'])\n"
            );
            let mut child = Command::new(&python)
                .arg("-c")
                .arg(&script)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start moto with {}: {e}", python.display()));
            if wait_until_answers(port, &mut child, Duration::from_secs(30)) {
                return Moto {
                    child: Mutex::new(child),
                    port,
                    endpoint: format!("http://127.0.0.1:{port}"),
                };
            }
            let _ = child.kill();
            let _ = child.wait();
            last_err = format!("moto did not answer on 127.0.0.1:{port} within 30 s");
        }
        panic!("{last_err}");
    }

    /// Keeps tasks RUNNING: moto otherwise moves a task one lifecycle step on every DescribeTasks.
    pub fn keep_tasks_running(&self) {
        let body = r#"{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000000}}"#;
        let status = http(
            self.port,
            "POST",
            "/moto-api/state-manager/set-transition",
            body,
        );
        assert!(
            status.starts_with("HTTP/1.1 20"),
            "set-transition: {status}"
        );
    }
}

impl Moto {
    /// The default VPC's subnets (moto's EC2, asked over its query protocol: no EC2 SDK needed).
    pub fn subnets(&self) -> Vec<String> {
        let body = http_full(
            self.port,
            "POST",
            "/",
            "Action=DescribeSubnets&Version=2016-11-15",
            "application/x-www-form-urlencoded",
        );
        body.split("<subnetId>")
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .map(str::to_string)
            .collect()
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free loopback port: {e}"))
}

/// A minimal HTTP/1.1 request; answers the status line (or the error).
fn http(port: u16, method: &str, path: &str, body: &str) -> String {
    http_full(port, method, path, body, "application/json")
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A minimal HTTP/1.1 request; answers the whole response (or the error).
fn http_full(port: u16, method: &str, path: &str, body: &str, content_type: &str) -> String {
    let attempt = || -> std::io::Result<String> {
        let mut s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n{}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            if content_type.starts_with("application/x-www-form") {
                // moto routes a query-protocol call by the service in the credential scope.
                "Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0\r\n"
            } else {
                ""
            },
            body.len()
        )?;
        let mut out = String::new();
        s.read_to_string(&mut out)?;
        Ok(out)
    };
    attempt().unwrap_or_else(|e| format!("error: {e}"))
}

fn wait_until_answers(port: u16, child: &mut Child, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if http(port, "GET", "/moto-api/data.json", "").contains(" 200") {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

fn target_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp.
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// The venv's python, with moto installed; installs it on first use.
fn ensure_venv() -> PathBuf {
    let venv = target_dir().join("moto-venv");
    let python = venv.join("bin").join("python");
    let ready = venv.join(format!(".wharf-moto-{MOTO_VERSION}-ready"));
    let lock = target_dir().join("moto-venv.lock");
    let start = Instant::now();
    loop {
        if ready.exists() {
            return python;
        }
        match std::fs::create_dir(&lock) {
            Ok(()) => {
                let result = install(&venv, &python);
                if result.is_ok() {
                    let _ = std::fs::write(&ready, MOTO_VERSION);
                }
                let _ = std::fs::remove_dir(&lock);
                if let Err(msg) = result {
                    panic!("{msg}");
                }
                return python;
            }
            Err(_) => {
                // Another test binary is installing: wait for it (or take over a lock left by a killed run).
                let stale = std::fs::metadata(&lock)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > Duration::from_secs(900));
                if stale {
                    let _ = std::fs::remove_dir(&lock);
                }
                assert!(
                    start.elapsed() < Duration::from_secs(1200),
                    "waited 20 minutes for another test binary to install moto (lock {})",
                    lock.display()
                );
                std::thread::sleep(Duration::from_millis(250));
            }
        }
    }
}

fn install(venv: &Path, python: &Path) -> Result<(), String> {
    let python3 = std::env::var("PYTHON3").unwrap_or_else(|_| "python3".to_string());
    let out = Command::new(&python3)
        .args(["-m", "venv"])
        .arg(venv)
        .output()
        .map_err(|e| {
            format!(
                "the AWS tests run moto, which needs Python 3: `{python3}` cannot be run ({e}). \
                 Install Python 3 with venv and pip (Debian/Ubuntu: apt-get install python3 python3-venv python3-pip), \
                 or point PYTHON3 at one."
            )
        })?;
    if !out.status.success() {
        return Err(format!(
            "`{python3} -m venv {}` failed: {}. Install the venv module (Debian/Ubuntu: apt-get install python3-venv).",
            venv.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let out = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
        ])
        .arg(format!("moto[server]=={MOTO_VERSION}"))
        .output()
        .map_err(|e| format!("cannot run pip in {}: {e}", venv.display()))?;
    if !out.status.success() {
        return Err(format!(
            "pip could not install moto[server]=={MOTO_VERSION} into {} (it needs to reach PyPI once): {}. \
             Install pip for Python 3 (Debian/Ubuntu: apt-get install python3-pip) and check the network.",
            venv.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

impl Moto {
    /// Starts one EC2 instance in moto (query protocol, no EC2 SDK needed); answers its instance id.
    pub fn run_instance(&self) -> String {
        let body = http_full(
            self.port,
            "POST",
            "/",
            "Action=RunInstances&Version=2016-11-15&ImageId=ami-12c6146b&InstanceType=t3.medium&MinCount=1&MaxCount=1",
            "application/x-www-form-urlencoded",
        );
        body.split("<instanceId>")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap_or_else(|| panic!("RunInstances: {body}"))
            .to_string()
    }
}
