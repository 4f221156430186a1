//! Whole journeys of the binary in a pseudo-terminal, on the sandbox, from real keystrokes: drilling down
//! with a filter, a sort and the command line; a service's logs, wrapped and searched; the terminal resized
//! under it; a new revision rolled out and rolled back. Each ends with `q` and the terminal handed back.
//! Each runs in a home of its own (`pty_session::Home`); the journey that changes the sandbox writes its
//! audit log to a file of its own, and checks what it says.

mod pty_session;
use pty_session::Session;

/// The screen's first line that contains `needle`.
fn line_with(s: &Session, needle: &str) -> String {
    s.lines()
        .into_iter()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}:\n{}", s.text()))
}

fn quit(s: &mut Session) {
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.assert_terminal_restored();
}

#[test]
fn drill_down_filter_sort_read_logs_and_resize() {
    let mut s = Session::start(&["--demo", "--seed", "7"], &[]);
    s.wait_for("prod-fargate");

    // The command line, then a filter: only the services whose name matches.
    s.send(":svc prod-fargate\r");
    s.wait_for("Services of prod-fargate (8)");
    s.send("/^re\r");
    s.wait_until_gone("checkout");
    let filtered = s.wait_for("recommendations");
    assert!(!filtered.contains("payments"), "{filtered}");
    s.send("/\x15\r");
    s.wait_for("checkout");

    // Sorted by running tasks, most first: payments (10) leads.
    s.send(":sort running\r");
    s.wait_for("by running ▼");
    let first = s
        .lines()
        .into_iter()
        .find(|l| l.contains('▸'))
        .expect("a selected row");
    assert!(first.contains("payments"), "{}", s.text());

    // Drill down: the service, then back to the list with the sort kept.
    s.send("\r");
    s.wait_for("Deployments");
    s.send("\x1b");
    s.wait_for("Services of prod-fargate");

    // A service's logs: its tasks merged, wrapped on `w`, searched on the server.
    s.send(":svc prod-ec2\r");
    s.wait_for("Services of prod-ec2");
    s.send("/inventory\r");
    s.wait_for("inventory-sync");
    s.send("L");
    s.wait_for("Logs of service inventory-sync");
    s.send("w");
    s.wait_for("· wrapped");
    s.send(":search OutOfMemoryError\r");
    s.wait_for("matching OutOfMemoryError");
    let found = s.wait_for("java.lang.OutOfMemoryError");
    assert!(found.contains("Logs of service inventory-sync"), "{found}");

    // The terminal resized: wharf lays the screen out again at each size.
    for (cols, rows) in [(80u16, 24u16), (160, 48), (60, 18)] {
        s.resize(cols, rows);
        let corner = format!("{:>width$}", "┐", width = usize::from(cols));
        let start = std::time::Instant::now();
        loop {
            let lines = s.lines();
            let fits = lines
                .iter()
                .any(|l| l.chars().count() == usize::from(cols) && l.ends_with('┐'));
            if fits && lines.len() <= usize::from(rows) {
                break;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(30),
                "never laid out at {cols}x{rows} (a box ending at {corner:?}):\n{}",
                s.text()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    quit(&mut s);
}

/// The audit log's lines, each parsed: `(action, outcome)`.
fn audited(path: &std::path::Path) -> Vec<(String, String)> {
    let lines = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("the audit log {} was written: {e}", path.display()));
    lines
        .lines()
        .map(|l| {
            let entry: serde_json::Value = serde_json::from_str(l).expect("each line is JSON");
            let field = |k: &str| entry[k].as_str().unwrap_or_default().to_string();
            (field("action"), field("outcome"))
        })
        .collect()
}

#[test]
fn roll_a_new_revision_out_then_roll_it_back() {
    let audit = std::env::temp_dir().join(format!(
        "wharf-pty-journey-audit-{}.jsonl",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&audit);
    let audit_arg = audit.display().to_string();
    let mut s = Session::start(
        &[
            "--demo",
            "--seed",
            "7",
            "--speed",
            "5",
            "--audit-log",
            &audit_arg,
        ],
        &[],
    );
    s.wait_for("prod-fargate");
    s.send(":svc prod-fargate\r");
    s.wait_for("Services of prod-fargate");
    s.send("/^web\r\r");
    s.wait_for("task def web:1");

    // `d`: the newest revision, what differs, enter.
    s.send("d");
    s.wait_for("Deploy web:2 to service web");
    s.wait_for("web:1 → web:2");
    s.send("\r");
    s.wait_for("task def web:2");
    let primary = s.wait_for("IN_PROGRESS");
    assert!(line_with(&s, "PRIMARY").contains("web:2"), "{primary}");

    // `R` while it rolls out: ECS goes back to the deployment that completed.
    s.send("R");
    s.wait_for("Roll back service web");
    s.wait_for("web:2 → web:1");
    s.send("\r");
    s.wait_for("task def web:1");
    s.wait_for("rollback requested");
    assert!(line_with(&s, "PRIMARY").contains("web:1"), "{}", s.text());
    quit(&mut s);

    // The two changes, each an attempt then its outcome, in the file the flag named, and nowhere else.
    let lines = audited(&audit);
    let _ = std::fs::remove_file(&audit);
    let pair = |action: &str| (action.to_string(), "attempt".to_string());
    let done = |action: &str| (action.to_string(), "ok".to_string());
    assert_eq!(
        lines,
        [
            pair("deploy"),
            done("deploy"),
            pair("rollback"),
            done("rollback")
        ],
        "the audit log of the journey"
    );
    assert!(
        !s.home().default_audit_log().exists(),
        "nothing in the default audit log"
    );
}
