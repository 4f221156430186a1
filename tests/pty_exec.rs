//! ECS Exec in a real terminal: the terminal handed to the session's program and taken back whatever
//! happens to it (it exits, it is interrupted, the terminal is resized meanwhile), and against an AWS
//! endpoint, a fake `session-manager-plugin` that records what wharf gave it: its arguments, its
//! environment (the session's token there, never on the command line) and what was typed.

mod pty_session;
mod support;

use std::sync::Arc;

use pty_session::Session;
use support::hostile_account::{answer, CLUSTER, TASK};
use support::stub::{Recorded, Reply, Stub};

/// The sandbox's prod-fargate/api, whose tasks have ECS Exec on: its screen, then the exec dialog.
fn open_exec_dialog(s: &mut Session) {
    s.wait_for("prod-fargate");
    s.send(":svc prod-fargate\r");
    s.wait_for("Services of");
    s.send("/^api\r\r");
    s.wait_for("Deployments");
    s.wait_for("RUNNING");
    s.send("e");
    s.wait_for("Open /bin/sh in api");
}

#[test]
fn the_sandbox_shell_gets_the_keys_and_wharf_comes_back_whole_at_the_new_size() {
    let mut s = Session::start(&["--demo", "--seed", "7"], &[]);
    open_exec_dialog(&mut s);
    s.send("\r");
    s.wait_for("a simulated shell in container api");
    s.send("hostname\r");
    s.wait_for("/ # hostname");
    let id = s
        .lines()
        .into_iter()
        .map(|l| l.trim().to_string())
        .find(|l| l.len() == 32 && l.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| panic!("no task id:\n{}", s.text()));
    // Resized while away: wharf draws at the new size when it comes back.
    s.resize(90, 26);
    s.send("exit 5\r");
    s.wait_for("ended with exit code 5");
    let lines = s.lines();
    // Drawn at the new size: the status line is the new bottom row.
    assert!(
        lines[25].contains("ended with exit code 5"),
        "{}",
        lines.join("\n")
    );
    assert!(
        lines[0].contains("wharf   sandbox"),
        "header:\n{}",
        lines.join("\n")
    );
    assert_eq!(lines.len(), 26, "{}", lines.join("\n"));
    assert!(lines.iter().all(|l| l.chars().count() <= 90));
    assert!(s.text().contains("Deployments"), "{}", s.text());
    assert!(s.text().contains(&id[..8]), "the task {id} is on screen");
    // The keys are wharf's again.
    s.send("q");
    s.wait_exit();
    s.assert_terminal_restored();
    assert!(s.is_cooked(), "the shell's terminal echoes again");
}

/// A SIGTERM while a session has the terminal: the session's program ends first, then wharf, and the
/// terminal is given back.
#[test]
fn sigterm_during_a_session_ends_it_then_wharf_with_the_terminal_given_back() {
    let mut s = Session::start(&["--demo", "--seed", "7"], &[]);
    open_exec_dialog(&mut s);
    s.send("\r");
    s.wait_for("a simulated shell in container api");
    let pid = rustix::process::Pid::from_raw(s.pid() as i32).expect("a pid");
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("SIGTERM");
    s.wait_exit();
    s.assert_terminal_restored();
    assert!(s.is_cooked());
}

/// One command (`:exec -- hostname`): its output stays on screen until Enter, then wharf comes back.
#[test]
fn one_commands_output_stays_until_enter() {
    let mut s = Session::start(&["--demo", "--seed", "7"], &[]);
    open_exec_dialog(&mut s);
    s.send("\x1b");
    s.send(":exec -- hostname\r");
    s.wait_for("Open hostname in api");
    s.send("\r");
    s.wait_for("press Enter to go back to wharf");
    assert!(
        s.lines()
            .iter()
            .any(|l| l.trim().len() == 32 && l.trim().chars().all(|c| c.is_ascii_hexdigit())),
        "the task id is on screen:\n{}",
        s.text()
    );
    s.send("\r");
    s.wait_for("ended (exit code 0)");
    s.send("q");
    s.wait_exit();
    s.assert_terminal_restored();
}

#[test]
fn ctrl_c_in_a_session_is_the_sessions_and_wharf_goes_on() {
    let mut s = Session::start(&["--demo", "--seed", "7"], &[]);
    open_exec_dialog(&mut s);
    s.send("\r");
    s.wait_for("a simulated shell in container api");
    s.send("\x03");
    s.wait_for("ended by a signal");
    s.wait_for("Deployments");
    s.send("q");
    s.wait_exit();
    s.assert_terminal_restored();
}

/// The hostile account's answers with nothing hostile in them, its running task started with ECS Exec
/// (its container's agent RUNNING), and ExecuteCommand answered with a session.
fn exec_account(r: &Recorded) -> Reply {
    match r.operation() {
        "ExecuteCommand" => Reply::ecs_ok(
            r#"{"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/prod","containerName":"web","interactive":true,"session":{"sessionId":"ecs-execute-command-0f1e","streamUrl":"wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0f1e","tokenValue":"TOKEN-NEVER-ON-ARGV"},"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/prod/0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5"}"#,
        ),
        "StartSession" => Reply::ecs_ok(
            r#"{"SessionId":"ssm-forward-1","StreamUrl":"wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ssm-forward-1","TokenValue":"FORWARD-TOKEN"}"#,
        ),
        "TerminateSession" => Reply::ecs_ok(r#"{"SessionId":"ssm-forward-1"}"#),
        "DescribeTasks" => {
            let plain = answer(r, "");
            let mut body: serde_json::Value = serde_json::from_str(&plain.body).expect("JSON");
            for task in body["tasks"].as_array_mut().into_iter().flatten() {
                task["enableExecuteCommand"] = true.into();
                for c in task["containers"].as_array_mut().into_iter().flatten() {
                    c["runtimeId"] = "0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5-2531612879".into();
                    c["managedAgents"] = serde_json::json!([
                        {"name": "ExecuteCommandAgent", "lastStatus": "RUNNING"}
                    ]);
                }
            }
            Reply::ecs_ok(&body.to_string())
        }
        _ => answer(r, ""),
    }
}

const FAKE_PLUGIN: &str = r#"#!/bin/sh
if [ "$1" = "--version" ]; then echo "1.2.650.0"; exit 0; fi
dir=$(dirname "$0")
case "$5" in *DocumentName*)
  # A port forward: it says it listens, then waits to be ended.
  echo $$ > "$dir/forward-pid"
  for a in "$@"; do printf '%s\n' "$a"; done > "$dir/forward-argv"
  echo "Starting session with SessionId: ssm-forward-1"
  echo "Waiting for connections..."
  exec sleep 300
esac
for a in "$@"; do printf '%s\n' "$a"; done > "$dir/argv"
env > "$dir/env"
if [ -e "$dir/stdin" ]; then
  # The second session: echo off, as the real plugin turns it, then killed before it can turn it on.
  stty -echo -icanon
  echo "fake plugin: killed"
  kill -9 $$
fi
echo "fake plugin: type a line"
read line
printf '%s\n' "$line" > "$dir/stdin"
exit 0
"#;

/// A folder of its own holding the fake plugin, and a PATH that finds it first.
fn fake_plugin(name: &str) -> (std::path::PathBuf, String) {
    use std::os::unix::fs::PermissionsExt;
    let bin = std::env::temp_dir().join(format!("wharf-fake-plugin-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&bin).unwrap();
    let plugin = bin.join("session-manager-plugin");
    std::fs::write(&plugin, FAKE_PLUGIN).unwrap();
    std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (bin, path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plugin_gets_the_session_in_its_environment_wharfs_region_and_endpoint_and_the_keys() {
    let stub = Stub::responding(Arc::new(exec_account)).await;
    let endpoint = stub.endpoint.clone();
    let (bin, path) = fake_plugin("exec");
    let stub_endpoint = endpoint.clone();
    tokio::task::spawn_blocking(move || {
        let mut wharf = Session::start_on(&endpoint, &[("PATH", &path)]);
        wharf.wait_for("prod");
        wharf.send(":tasks prod\r");
        wharf.wait_for("Tasks of prod");
        wharf.wait_for("RUNNING");
        wharf.send("e");
        wharf.wait_for("session-manager-plugin 1.2.650.0");
        wharf.send("\r");
        wharf.wait_for("fake plugin: type a line");
        wharf.send("whoami\r");
        wharf.wait_for("ended (exit code 0)");
        wharf.wait_for("Tasks of prod");
        // A plugin killed with the terminal's echo off: wharf comes back, and the shell after it echoes.
        wharf.send("e");
        wharf.wait_for("session-manager-plugin 1.2.650.0");
        wharf.send("\r");
        wharf.wait_for("ended by a signal");
        wharf.wait_for("Tasks of prod");
        // A port forward through the task to a database: the plugin in the background, listed as
        // listening, and ended when wharf quits.
        wharf.send(":forward 15432:db.internal:5432\r");
        wharf.wait_for("Forward localhost:15432 → db.internal:5432");
        wharf.send("\r");
        wharf.wait_for("forwarding localhost:15432 → db.internal:5432");
        wharf.send(":forwards\r");
        wharf.wait_for("listening");
        wharf.send("\x1b");
        wharf.send("q");
        wharf.wait_exit();
        wharf.assert_terminal_restored();
        assert!(wharf.is_cooked(), "echo and line editing are back");
    })
    .await
    .expect("the session");

    let argv = std::fs::read_to_string(bin.join("argv")).expect("the plugin ran");
    let argv: Vec<&str> = argv.lines().collect();
    assert_eq!(argv[0], "AWS_SSM_START_SESSION_RESPONSE", "{argv:?}");
    assert_eq!(
        &argv[1..4],
        &["us-east-1", "StartSession", "default"],
        "{argv:?}"
    );
    let target: serde_json::Value = serde_json::from_str(argv[4]).expect("the target's JSON");
    assert_eq!(
        target["Target"],
        format!(
            "ecs:prod_{}_0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5-2531612879",
            TASK.rsplit('/').next().unwrap()
        )
    );
    assert_eq!(argv[5], stub_endpoint);
    assert!(argv.iter().all(|a| !a.contains("TOKEN-NEVER-ON-ARGV")));
    let env = std::fs::read_to_string(bin.join("env")).unwrap();
    let session = env
        .lines()
        .find_map(|l| l.strip_prefix("AWS_SSM_START_SESSION_RESPONSE="))
        .expect("the session in the environment");
    let session: serde_json::Value = serde_json::from_str(session).unwrap();
    assert_eq!(session["TokenValue"], "TOKEN-NEVER-ON-ARGV");
    assert_eq!(session["SessionId"], "ecs-execute-command-0f1e");
    assert!(env.lines().any(|l| l == "AWS_REGION=us-east-1"), "{env}");
    assert_eq!(
        std::fs::read_to_string(bin.join("stdin")).unwrap(),
        "whoami\n"
    );

    // The forward's plugin: the SSM request in its arguments, and gone once wharf is.
    let forward_argv = std::fs::read_to_string(bin.join("forward-argv")).expect("the forward ran");
    let request: serde_json::Value =
        serde_json::from_str(forward_argv.lines().nth(4).unwrap()).unwrap();
    assert_eq!(
        request["DocumentName"],
        "AWS-StartPortForwardingSessionToRemoteHost"
    );
    assert_eq!(
        request["Parameters"]["host"],
        serde_json::json!(["db.internal"])
    );
    assert_eq!(
        request["Parameters"]["localPortNumber"],
        serde_json::json!(["15432"])
    );
    assert!(forward_argv.lines().all(|a| !a.contains("FORWARD-TOKEN")));
    let pid: i32 = std::fs::read_to_string(bin.join("forward-pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let gone = (0..50).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        !alive(pid)
    });
    assert!(gone, "the forward's plugin {pid} outlived wharf");
    let ops: Vec<String> = stub
        .requests()
        .iter()
        .map(|r| r.operation().to_string())
        .collect();
    assert!(ops.iter().any(|o| o == "StartSession"), "{ops:?}");
    assert!(
        ops.iter().any(|o| o == "TerminateSession"),
        "closed on quit: {ops:?}"
    );

    let sent = stub
        .requests()
        .into_iter()
        .filter(|r| r.operation() == "ExecuteCommand")
        .collect::<Vec<_>>();
    assert_eq!(sent.len(), 2, "once a session, never retried");
    let body: serde_json::Value = serde_json::from_str(&sent[0].body).unwrap();
    assert_eq!(body["interactive"], true);
    assert_eq!(body["command"], "/bin/sh");
    assert_eq!(body["cluster"], CLUSTER);
    assert_eq!(body["task"], TASK);
    let _ = std::fs::remove_dir_all(&bin);
}

/// A free local port, as the system hands one out.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("a port");
    listener.local_addr().expect("its address").port()
}

fn fetch(port: u16) -> std::io::Result<String> {
    use std::io::Read;
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", port))?;
    conn.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
    let mut text = String::new();
    conn.read_to_string(&mut text)?;
    Ok(text)
}

#[test]
fn a_sandbox_forward_answers_on_its_port_until_closed_and_quitting_closes_the_rest() {
    let mut s = Session::start(&["--demo", "--seed", "7"], &[]);
    open_exec_dialog(&mut s);
    s.send("\x1b");
    let (first, second) = (free_port(), free_port());
    s.send(&format!(":forward {first}:8080\r"));
    s.wait_for("Forward localhost:");
    s.send("\r");
    s.wait_for("forwarding localhost:");
    s.wait_for("⇄ 1 forward");
    let answer = fetch(first).expect("the forward answers");
    assert!(answer.contains("wharf sandbox: task"), "{answer}");
    assert!(answer.contains("port 8080"), "{answer}");
    // Closed from the list: the port no longer answers.
    s.send(":forwards\r");
    s.wait_for("Port forwards");
    s.send("\r");
    s.wait_for("ended: closed");
    assert!(fetch(first).is_err(), "port {first} still answers");
    // A port another program holds is refused, with what to do.
    let held = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = held.local_addr().unwrap().port();
    s.send("\x1b");
    s.send(&format!(":forward {port}:8080\r"));
    s.wait_for("Forward localhost:");
    s.send("\r");
    // The whole message, in :messages.
    s.send(":messages\r");
    s.wait_for("cannot be used");
    s.wait_for("another program holds it");
    s.send("\x1b");
    // Quitting closes what is open.
    s.send(&format!(":forward {second}:8080\r"));
    s.wait_for("Forward localhost:");
    s.send("\r");
    s.wait_for("⇄ 1 forward");
    assert!(fetch(second).is_ok());
    s.send("q");
    s.wait_exit();
    s.assert_terminal_restored();
    assert!(
        fetch(second).is_err(),
        "port {second} still answers after wharf quit"
    );
}

/// wharf killed outright (SIGKILL: nothing of wharf runs) with a forward open: the kernel ends its plugin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forwards_plugin_ends_with_wharf_even_when_wharf_is_killed() {
    let stub = Stub::responding(Arc::new(exec_account)).await;
    let endpoint = stub.endpoint.clone();
    let (bin, path) = fake_plugin("kill");
    let dir = bin.clone();
    tokio::task::spawn_blocking(move || {
        let mut wharf = Session::start_on(&endpoint, &[("PATH", &path)]);
        wharf.wait_for("prod");
        wharf.send(":tasks prod\r");
        wharf.wait_for("RUNNING");
        std::thread::sleep(std::time::Duration::from_secs(2));
        wharf.send(":forward 15433:db.internal:5432\r");
        wharf.wait_for("Forward localhost:15433");
        wharf.send("\r");
        wharf.wait_for("⇄ 1 forward");
        let pid_file = dir.join("forward-pid");
        let started = (0..50).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            pid_file.exists()
        });
        assert!(started, "the forward's plugin never started");
        let me = rustix::process::Pid::from_raw(wharf.pid() as i32).expect("a pid");
        rustix::process::kill_process(me, rustix::process::Signal::KILL).expect("SIGKILL");
        wharf.wait_exit();
    })
    .await
    .expect("the session");
    let pid: i32 = std::fs::read_to_string(bin.join("forward-pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let gone = (0..50).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        !alive(pid)
    });
    assert!(gone, "the forward's plugin {pid} outlived a killed wharf");
    let _ = std::fs::remove_dir_all(&bin);
}

/// Whether process `pid` still runs (a zombie waiting for its parent to read its end does not).
fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            stat.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
        .is_some_and(|zombie| !zombie)
}
