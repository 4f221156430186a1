//! The binary in a pseudo-terminal: real keystrokes, the screen read back through a terminal emulator
//! (vt100), and the terminal handed back as it was.

mod pty_session;
use pty_session::Session;

#[test]
fn explore_the_sandbox_with_the_keyboard_then_quit_cleanly() {
    let mut s = Session::start(&["--demo", "--seed", "7"], &[]);
    s.wait_for("prod-fargate");
    s.wait_for("sandbox");
    // Into the first cluster (sorted by name), then its first service, then back out.
    s.send("\r");
    let services = s.wait_for("Services of");
    assert!(services.contains('›'), "breadcrumb shown:\n{services}");
    s.send("?");
    s.wait_for("Legend");
    s.send("\x1b");
    s.wait_until_gone("Legend");
    s.send("j");
    s.send("\r");
    s.wait_for("Deployments");
    s.send("\x1b");
    s.wait_for("Services of");
    s.send("\x1b");
    s.wait_for("Clusters (");
    s.send("?");
    s.wait_for("Legend");
    // Esc then q, typed fast (Alt-q to the terminal): close help, then quit.
    s.send("\x1bq");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.assert_terminal_restored();
}

/// Every session runs in a home of its own (`pty_session::Home`): a change made without `--audit-log` is
/// recorded in that home's audit log, never in the developer's.
#[test]
fn a_change_without_audit_log_is_recorded_in_the_sessions_own_home() {
    let mut s = Session::start(&["--demo", "--seed", "7"], &[]);
    s.wait_for("prod-fargate");
    s.send(":svc prod-fargate\r");
    s.wait_for("Services of prod-fargate");
    s.send("/^checkout\r\r");
    s.wait_for("Deployments");
    s.send("+");
    s.wait_for("Scale service checkout");
    s.send("4\r");
    s.wait_for("checkout now wants 4 tasks");
    s.send("q");
    assert!(s.wait_exit().success());
    let path = s.home().default_audit_log();
    let log = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the audit log in the session's home, {}: {e}",
            path.display()
        )
    });
    assert!(log.contains("\"action\":\"scale\""), "{log}");
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let mut s = Session::start(&["--demo"], &[]);
    s.wait_for("prod-fargate");
    s.send("\x03");
    assert!(s.wait_exit().success());
    s.assert_terminal_restored();
}

#[test]
fn termination_signals_quit_and_restore_the_terminal() {
    for signal in ["-TERM", "-INT", "-HUP", "-QUIT"] {
        let mut s = Session::start(&["--demo"], &[]);
        s.wait_for("prod-fargate");
        let pid = s.child.process_id().expect("pid");
        let killed = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        assert!(s.wait_exit().success(), "{signal}");
        s.assert_terminal_restored();
    }
}

/// wharf outside a terminal, in a home of its own (no settings of the developer's, no audit log of theirs).
fn wharf_command() -> (std::process::Command, pty_session::Home) {
    let home = pty_session::Home::new();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_wharf"));
    home.isolate(&mut cmd);
    (cmd, home)
}

/// wharf without `--demo`, isolated from any real AWS configuration: no profile files, no instance
/// metadata, only what the test passes. Nothing here can reach a real account.
fn wharf_for_aws(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let (mut cmd, _home) = wharf_command();
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("AWS_CONFIG_FILE", "/nonexistent/wharf-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/wharf-test-credentials",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(env.iter().copied())
        .args(args);
    cmd.output().unwrap()
}

#[test]
fn without_a_region_it_says_what_to_set_and_suggests_the_sandbox() {
    let out = wharf_for_aws(&[], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--region"), "{err}");
    assert!(err.contains("wharf --demo"), "{err}");
}

#[test]
fn an_unreachable_endpoint_is_named_before_the_terminal_is_taken() {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    let creds = [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
    ];
    let out = wharf_for_aws(
        &[
            "--region",
            "us-east-1",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
        &creds,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach http://127.0.0.1:9"), "{err}");
    assert!(
        !err.contains("testing"),
        "no credential in any message: {err}"
    );
}

#[test]
fn a_bad_flag_value_says_what_was_wrong() {
    let (mut cmd, _home) = wharf_command();
    let out = cmd.args(["--demo", "--speed", "warp"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a number"));
}

#[test]
fn without_a_terminal_it_says_it_needs_one() {
    let (mut cmd, _home) = wharf_command();
    let out = cmd
        .arg("--demo")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("run it in a terminal"), "{err}");
}

#[test]
fn copy_goes_to_the_terminal_clipboard_and_the_mouse_selects_and_opens() {
    use base64::Engine;
    let mut s = Session::start(&["--demo"], &[]);
    s.wait_for("prod-fargate");
    let raw = s.raw_text();
    let captured = raw.find("\x1b[?1000h").expect("the mouse is captured");

    // y copies the selected cluster's ARN with OSC 52.
    s.send("y");
    s.wait_for("copied");
    let raw = s.raw_text();
    let start = raw.find("\x1b]52;c;").expect("an OSC 52 sequence") + "\x1b]52;c;".len();
    let end = start + raw[start..].find('\x07').expect("OSC 52 ends with BEL");
    let copied = base64::engine::general_purpose::STANDARD
        .decode(&raw[start..end])
        .expect("base64");
    let copied = String::from_utf8(copied).unwrap();
    assert!(
        copied.starts_with("arn:aws:ecs:") && copied.ends_with(":cluster/prod-ec2"),
        "{copied}"
    );

    // Clusters by name: prod-ec2, prod-fargate, staging. The second row is on screen row 6 (1-based: two
    // header rows, the panel's top border, the table's header). A click selects it; a second click opens it.
    let click = "\x1b[<0;10;6M\x1b[<0;10;6m";
    s.send(click);
    s.send(click);
    s.wait_for("Services of prod-fargate");

    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_terminal_restored();
    let raw = s.raw_text();
    assert!(
        raw.rfind("\x1b[?1000l")
            .is_some_and(|released| released > captured),
        "the mouse is released on exit"
    );
}

/// A terminal that goes away (its window closed, the SSH connection dropped) ends wharf: it never keeps
/// running on a core with nothing to draw on. Here wharf runs in a session of its own (`setsid`), so the
/// hang-up sends it no SIGHUP: it must see it in its terminal. Mostly its next draw fails; but when the event
/// loop is the first to read the hung-up terminal, crossterm's reader (0.29.0 as 0.28) loops on reads of zero
/// bytes and never returns: no draw, no tick, no signal (SIGHUP included) gets through, and only the watchdog
/// of `runtime/hangup.rs` ends wharf. Without it, wharf kept spinning on a core in 2 of 15 runs of this test.
#[test]
fn a_terminal_that_hangs_up_ends_wharf_even_without_sighup() {
    hang_up_with_keys_pending("");
}

/// The terminal hangs up while wharf is still handling a flood of keys, so the event loop reads it first more
/// often: without the watchdog, wharf kept spinning in 9 of 15 runs of this test; with it, every run ended
/// within three seconds.
#[test]
fn a_terminal_that_hangs_up_while_keys_are_handled_ends_wharf() {
    // Under the terminal's 4 KiB input buffer, so that it is sent whole.
    hang_up_with_keys_pending(&"jk".repeat(1000));
}

/// Start wharf under `setsid`, send `keys`, hang up at once, and wait for wharf to end.
fn hang_up_with_keys_pending(keys: &str) {
    let marker = format!(
        "/tmp/wharf-hangup-{}-{}.jsonl",
        std::process::id(),
        keys.len()
    );
    let mut s = Session::start_program(
        "setsid",
        &[
            // Waits for wharf: setsid stays the terminal's controlling process until the hang-up, so the
            // terminal is not hung up before wharf has drawn.
            "--wait",
            env!("CARGO_BIN_EXE_wharf"),
            "--demo",
            "--seed",
            "7",
            "--audit-log",
            &marker,
        ],
        &[],
    );
    s.wait_for("prod-fargate");
    let running = || {
        std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| std::fs::read(e.ok()?.path().join("cmdline")).ok())
            .any(|cmdline| {
                let args = String::from_utf8_lossy(&cmdline).replace('\0', " ");
                args.contains(&marker) && !args.starts_with("setsid")
            })
    };
    assert!(running(), "wharf runs under setsid");
    if !keys.is_empty() {
        s.send(keys);
    }
    s.hang_up();
    let start = std::time::Instant::now();
    while running() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "wharf kept running after its terminal hung up"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
