//! Port forwards running in the background: the session-manager-plugin listening on a local port, one child
//! each, in its own process group (a Ctrl-C at the terminal is not theirs) and ended with wharf: closed on
//! quit and on a profile or region switch, sent SIGTERM when wharf ends any other way it can see (a signal,
//! a hung-up terminal, a panic: `stop_all_now`), and on Linux by the kernel should wharf be killed outright:
//! each plugin is started through wharf itself (`TIED`), which asks for SIGTERM on its parent's death and
//! then becomes the plugin. In the sandbox a tiny HTTP responder on the local port names the task instead.

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc::UnboundedSender;

use crate::app::forwards::ForwardStatus;
use crate::app::mutation::Forward;
use crate::app::{Action, MutationResult};
use crate::backend::{Backend, BackendError, BackendInfo};
use crate::model::{arn_name, short_id};

use super::exec::Opened;

/// What the plugin prints once it listens.
const LISTENING: &str = "Waiting for connections";
/// How long closing waits for TerminateSession.
const TERMINATE_TIME_LIMIT: Duration = Duration::from_secs(3);

/// The forwards this run started, by their change's id.
#[derive(Default)]
pub struct Forwards {
    running: HashMap<u64, Running>,
}

struct Running {
    /// The backend it was opened with: a profile switch must not close it in the new account.
    backend: Arc<dyn Backend>,
    session_id: String,
    carrier: Carrier,
}

enum Carrier {
    /// The plugin's process (and group) id.
    Plugin(u32),
    /// The sandbox's responder.
    Responder(tokio::task::AbortHandle),
}

/// The first half, beside the loop: the local port free, the plugin there (not in the sandbox), then
/// StartSession. Nothing is sent while either is missing.
pub async fn open(
    backend: &dyn Backend,
    info: &BackendInfo,
    forward: &Forward,
) -> Result<Opened, MutationResult> {
    let failed = |code: &str, message: String| {
        Err(MutationResult::Failed(BackendError::Api {
            code: code.into(),
            message,
        }))
    };
    let port = forward.spec.local_port;
    if let Err(e) = std::net::TcpListener::bind(("127.0.0.1", port)) {
        // One the system has free now, to suggest.
        let free = std::net::TcpListener::bind(("127.0.0.1", 0))
            .and_then(|l| l.local_addr())
            .map_or(15_432, |a| a.port());
        let remote = match &forward.spec.host {
            Some(host) => format!("{host}:{}", forward.spec.remote_port),
            None => forward.spec.remote_port.to_string(),
        };
        return failed(
            "LocalPortInUse",
            format!(
                "local port {port} cannot be used ({e}): another program holds it, or it needs \
                 privileges; choose another, e.g. :forward {free}:{remote}"
            ),
        );
    }
    let plugin = match super::exec::find_plugin().await {
        Ok(plugin) => plugin,
        Err(_) if info.simulated => crate::model::SessionPlugin {
            path: String::new(),
            version: String::new(),
        },
        Err(why) => {
            let help = crate::app::mutation::PLUGIN_HELP;
            return failed(
                "PluginMissing",
                format!("{why}: install the AWS Session Manager plugin ({help})"),
            );
        }
    };
    let (target, parameters) = (forward.target(), forward.spec.parameters());
    let started = backend.start_session(&target, forward.spec.document(), &parameters);
    match tokio::time::timeout(Duration::from_secs(30), started).await {
        Ok(Ok(session)) => Ok(Opened { session, plugin }),
        Ok(Err(e)) => Err(super::mutate::classify(Err(e))),
        Err(_) => Err(MutationResult::Unknown(BackendError::TimedOut {
            action: "StartSession".into(),
            seconds: 30,
        })),
    }
}

impl Forwards {
    /// The second half: the plugin (or the sandbox's responder) started; how it stands is sent on
    /// `answers` as it changes. Answers the change's outcome.
    pub fn start(
        &mut self,
        id: u64,
        forward: &Forward,
        opened: Opened,
        backend: Arc<dyn Backend>,
        info: &BackendInfo,
        answers: &UnboundedSender<Action>,
    ) -> MutationResult {
        let said = format!(
            "forwarding {} through task {}",
            forward.spec.text(),
            short_id(arn_name(&forward.task_arn))
        );
        let carrier = match &opened.session.simulated {
            Some(shell) => {
                let port = forward.spec.local_port;
                let text = format!(
                    "wharf sandbox: task {}, port {} (a simulated forward: nothing is carried)\n",
                    shell.task_id,
                    shell.ports.first().copied().unwrap_or(80)
                );
                match std::net::TcpListener::bind(("127.0.0.1", port)) {
                    Ok(listener) => {
                        let task = tokio::spawn(respond(listener, text));
                        let _ = answers.send(changed(id, forward, ForwardStatus::Listening));
                        Carrier::Responder(task.abort_handle())
                    }
                    Err(e) => return port_lost(port, e),
                }
            }
            None => {
                let request = serde_json::json!({
                    "Target": forward.target(),
                    "DocumentName": forward.spec.document(),
                    "Parameters": forward.spec.parameters().into_iter()
                        .map(|(k, v)| (k, serde_json::json!([v])))
                        .collect::<serde_json::Map<_, _>>(),
                });
                let (argv, env) = super::exec::plugin_argv(
                    &opened.plugin,
                    &opened.session,
                    &request,
                    "ssm",
                    info,
                );
                match spawn_plugin(&argv, &env) {
                    Ok(child) => {
                        let pid = child.id().unwrap_or_default();
                        let _ = answers.send(changed(id, forward, ForwardStatus::Starting));
                        tokio::spawn(watch(id, child, answers.clone()));
                        Carrier::Plugin(pid)
                    }
                    Err(e) => {
                        return MutationResult::Failed(BackendError::Api {
                            code: "PluginFailed".into(),
                            message: format!("session-manager-plugin could not be run: {e}"),
                        })
                    }
                }
            }
        };
        self.running.insert(
            id,
            Running {
                backend,
                session_id: opened.session.session_id,
                carrier,
            },
        );
        MutationResult::Done(said)
    }

    /// Ends the forward `id`: TerminateSession (with the backend it was opened with), then its plugin or
    /// responder. Its end is sent on `answers`.
    pub fn close(&mut self, id: u64, answers: &UnboundedSender<Action>) {
        let Some(running) = self.running.remove(&id) else {
            let _ = answers.send(ended(id, "closed"));
            return;
        };
        let answers = answers.clone();
        tokio::spawn(async move {
            let terminated = tokio::time::timeout(
                TERMINATE_TIME_LIMIT,
                running.backend.terminate_session(&running.session_id),
            )
            .await;
            let Running { carrier, .. } = running;
            match carrier {
                // The plugin's watcher says when it has ended.
                Carrier::Plugin(pid) => stop_group(pid),
                Carrier::Responder(task) => {
                    task.abort();
                    let _ = answers.send(ended(id, "closed"));
                }
            }
            // A TerminateSession that failed is not retried: the plugin's end closes the session too,
            // a little later on AWS's side.
            drop(terminated);
        });
    }

    /// Ends every forward before wharf goes: the plugins at once, the sessions within a few seconds.
    pub async fn close_all(&mut self) {
        let running: Vec<Running> = self.running.drain().map(|(_, r)| r).collect();
        let terminations = running.iter().map(|r| {
            tokio::time::timeout(
                TERMINATE_TIME_LIMIT,
                r.backend.terminate_session(&r.session_id),
            )
        });
        let _ = futures::future::join_all(terminations).await;
        for r in running {
            match r.carrier {
                Carrier::Plugin(pid) => stop_group(pid),
                Carrier::Responder(task) => task.abort(),
            }
        }
    }
}

/// However the loop ends (an error included), no plugin outlives it.
impl Drop for Forwards {
    fn drop(&mut self) {
        for (_, r) in self.running.drain() {
            match r.carrier {
                Carrier::Plugin(pid) => stop_group(pid),
                Carrier::Responder(task) => task.abort(),
            }
        }
    }
}

fn changed(id: u64, forward: &Forward, status: ForwardStatus) -> Action {
    Action::ForwardChanged {
        id,
        forward: Some(Box::new(forward.clone())),
        status,
    }
}

fn ended(id: u64, why: &str) -> Action {
    Action::ForwardChanged {
        id,
        forward: None,
        status: ForwardStatus::Ended(why.to_string()),
    }
}

fn port_lost(port: u16, e: std::io::Error) -> MutationResult {
    MutationResult::Failed(BackendError::Api {
        code: "LocalPortInUse".into(),
        message: format!("local port {port} was taken meanwhile ({e}): choose another"),
    })
}

/// The first argument that makes wharf start a program tied to its parent (`run_tied`).
pub const TIED: &str = "--tied-to-parent";

/// `wharf --tied-to-parent PROGRAM ARGS...`: asks the kernel for SIGTERM when the parent (wharf) dies, then
/// becomes PROGRAM (the death signal survives the exec). Returns only if that fails.
pub fn run_tied(argv: &[String]) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    let Some((program, args)) = argv.split_first() else {
        return std::io::Error::other("--tied-to-parent needs a program");
    };
    let parent = rustix::process::getppid();
    #[cfg(target_os = "linux")]
    if let Err(e) =
        rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::TERM))
    {
        return e.into();
    }
    // The parent died before the request was made: nothing would end this one.
    if rustix::process::getppid() != parent {
        return std::io::Error::other("wharf ended before the plugin started");
    }
    std::process::Command::new(program).args(args).exec()
}

/// The plugin in its own process group, its input closed, started tied to wharf (`run_tied`).
fn spawn_plugin(
    argv: &[String],
    env: &[(String, String)],
) -> std::io::Result<tokio::process::Child> {
    if argv.is_empty() {
        return Err(std::io::Error::other("no program"));
    }
    let mut command = tokio::process::Command::new(std::env::current_exe()?);
    command
        .arg(TIED)
        .args(argv)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .process_group(0);
    let child = command.spawn()?;
    if let Some(pid) = child.id() {
        plugins().push(pid);
    }
    Ok(child)
}

/// Every plugin still running, for the ways out that bypass the loop (a hang-up, a panic).
fn plugins() -> std::sync::MutexGuard<'static, Vec<u32>> {
    static PLUGINS: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());
    PLUGINS.lock().unwrap_or_else(|e| e.into_inner())
}

/// SIGTERM to every forward's plugin, now: wharf is ending without its loop.
pub fn stop_all_now() {
    for pid in plugins().drain(..) {
        stop_group(pid);
    }
}

/// Follows the plugin: listening once it says so, ended when it exits.
async fn watch(id: u64, mut child: tokio::process::Child, answers: UnboundedSender<Action>) {
    if let Some(out) = child.stdout.take() {
        let mut lines = BufReader::new(out).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if line.contains(LISTENING) {
                let _ = answers.send(Action::ForwardChanged {
                    id,
                    forward: None,
                    status: ForwardStatus::Listening,
                });
            }
        }
    }
    let why = match child.wait().await {
        Ok(status) if status.success() => "closed".to_string(),
        Ok(status) => format!("session-manager-plugin ended ({status})"),
        Err(e) => format!("session-manager-plugin could not be followed: {e}"),
    };
    let _ = answers.send(ended(id, &why));
}

/// SIGTERM to a plugin's process group.
fn stop_group(pid: u32) {
    plugins().retain(|p| *p != pid);
    if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::TERM);
    }
}

/// The sandbox's forward: each connection gets one line naming the task, then is closed.
async fn respond(listener: std::net::TcpListener, text: String) {
    if listener.set_nonblocking(true).is_err() {
        return;
    }
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    while let Ok((mut conn, _)) = listener.accept().await {
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
            text.len()
        );
        let _ = conn.write_all(reply.as_bytes()).await;
        let _ = conn.shutdown().await;
    }
}
