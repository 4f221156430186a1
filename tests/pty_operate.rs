//! A class's whole exercise in a real terminal, from the keys on screen, on the sandbox: scale a service,
//! stop a task and watch it heal, roll a broken image and watch the circuit breaker roll it back, clean up
//! a cluster; then the audit log, on screen and on disk, and the terminal handed back.

mod pty_session;
use pty_session::Session;

#[test]
fn scale_stop_roll_a_broken_image_and_clean_up_from_the_keys() {
    let audit = std::env::temp_dir().join(format!("wharf-pty-audit-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&audit);
    let audit_arg = audit.display().to_string();
    let mut s = Session::start(
        &[
            "--demo",
            "--seed",
            "7",
            "--speed",
            "20",
            "--audit-log",
            &audit_arg,
        ],
        &[],
    );
    s.wait_for("prod-fargate");
    // prod-fargate's services, then checkout (api and web scale automatically: a count set by hand would
    // be moved back).
    s.send(":svc prod-fargate\r");
    s.wait_for("Services of");
    s.send("/^checkout\r\r");
    s.wait_for("Deployments");

    // Scale: the dialog, a count typed, enter.
    s.send("+");
    s.wait_for("Scale service checkout");
    s.send("6\r");
    s.wait_for("checkout now wants 6 tasks");
    s.wait_for("running 6/6");

    // Stop the selected task with a reason; a replacement starts.
    s.send("x");
    s.wait_for("Reason (optional)");
    s.send("class exercise\r");
    s.wait_for("is stopping");
    s.wait_for("UserInitiated");
    s.wait_for("running 6/6");

    // A broken image on search, whose circuit breaker rolls back.
    s.send("\x1b");
    s.wait_for("Services of");
    s.send("\x1b");
    s.send("/^search\r\r");
    s.wait_for("circuit breaker: rolls back");
    s.send(":deploy --image search=public.ecr.aws/wharf-demo/search:9-broken\r");
    s.wait_for("Change the image of search");
    s.send("\r");
    s.wait_for("is deploying");
    s.wait_for("✗ FAILED");

    // Clean up the staging cluster: plan, the name typed, step by step.
    s.send(":clusters\r");
    s.wait_for("Clusters (3)");
    s.send("G");
    s.send("D");
    s.wait_for("The plan, in order");
    s.send("\r");
    s.wait_for("type staging to confirm");
    s.send("staging\r");
    s.wait_for("Cleaning up staging");
    s.wait_for("cleaned up staging");
    s.send("\x1b");
    s.wait_for("Clusters (2)");

    // The audit log, on screen.
    s.send(":audit\r");
    let shown = s.wait_for("delete-cluster");
    assert!(shown.contains("scale checkout"), "{shown}");
    s.send("\x1b");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.assert_terminal_restored();

    // And on disk: an attempt and an outcome for each change, none of them failed.
    let lines = std::fs::read_to_string(&audit).expect("the audit log was written");
    let entries: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    for action in [
        "scale",
        "stop-tasks",
        "deploy",
        "delete-service",
        "delete-cluster",
    ] {
        let outcomes: Vec<&str> = entries
            .iter()
            .filter(|e| e["action"] == action)
            .map(|e| e["outcome"].as_str().unwrap())
            .collect();
        assert!(
            outcomes.contains(&"attempt") && outcomes.contains(&"ok"),
            "{action}: {outcomes:?}"
        );
    }
    assert!(!lines.contains("\"outcome\":\"error\""), "{lines}");
    let _ = std::fs::remove_file(&audit);
}
