//! The binary in a pseudo-terminal: real keystrokes, the screen read back through a terminal emulator
//! (vt100), and the terminal handed back as it was.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

/// Generous: only a guard against hanging forever, never an assertion about speed.
const PATIENCE: Duration = Duration::from_secs(60);

struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 30,
                cols: 110,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_wharf"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn wharf");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(30, 110, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            master: pair.master,
            writer,
            child,
            screen,
            raw,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "never saw {needle:?}; the screen was:\n{text}"
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_until_gone(&self, needle: &str) {
        let start = Instant::now();
        while self.text().contains(needle) {
            assert!(
                start.elapsed() < PATIENCE,
                "{needle:?} never went away; the screen was:\n{}",
                self.text()
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "wharf did not exit; the screen was:\n{}",
                self.text()
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// After exit: the alternate screen was left and the cursor shown again, after the last thing drawn.
    fn assert_terminal_restored(&self) {
        let raw = self.raw.lock().unwrap();
        let text = String::from_utf8_lossy(&raw);
        let entered = text
            .find("\x1b[?1049h")
            .expect("wharf used the alternate screen");
        let left = text
            .rfind("\x1b[?1049l")
            .expect("wharf left the alternate screen");
        assert!(left > entered);
        let (hidden, shown) = (text.rfind("\x1b[?25l"), text.rfind("\x1b[?25h"));
        assert!(
            hidden.is_none() || shown > hidden,
            "the cursor was hidden and never shown again"
        );
        assert!(
            !self.screen.lock().unwrap().screen().alternate_screen(),
            "still on the alternate screen"
        );
        let _ = &self.master;
    }
}

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

#[test]
fn without_demo_it_explains_what_to_run_instead() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wharf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wharf --demo"));
}

#[test]
fn a_bad_flag_value_says_what_was_wrong() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wharf"))
        .args(["--demo", "--speed", "warp"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a number"));
}

#[test]
fn without_a_terminal_it_says_it_needs_one() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wharf"))
        .arg("--demo")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("run it in a terminal"), "{err}");
}
