//! The binary in a terminal, over an account whose text is hostile: a stopped reason, service events, an
//! error message and log lines carry OSC 0 (the window title), OSC 52 (the clipboard) and CSI 2J (clear the
//! screen), as in the issue that found a stopped reason retitling the terminal. The terminal's title stays
//! unset, nothing reaches the clipboard, and the screen is wharf's own: header in place, the text shown
//! with its escapes as placeholders.

mod pty_session;
mod support;

use std::sync::Arc;

use pty_session::Session;
use support::hostile_account::answer;
use support::stub::{Recorded, Stub};

const HOSTILE: &str =
    " deploy \x1b]0;PWNED-TITLE\x07 \x1b[31mRED\x1b[0m \x1b[2J\x1b[H owned \x1b]52;c;cHduZWQ=\x07";

/// What the hostile text would have done, had it reached the terminal as it came.
const ATTACKS: [&str; 4] = [
    "\x1b]0;PWNED",
    "\x1b]52;c;cHduZWQ=",
    "\x1b[2J\x1b[H owned",
    "\x1b[31mRED",
];

fn assert_untouched(wharf: &Session, step: &str) {
    let (title, icon) = wharf.title();
    assert!(
        title.is_empty() && icon.is_empty(),
        "{step}: the terminal's title became {title:?} / {icon:?}"
    );
    let raw = wharf.raw_text();
    for attack in ATTACKS {
        assert!(
            !raw.contains(attack),
            "{step}: wharf wrote {attack:?} to the terminal"
        );
    }
    // wharf never sets the clipboard unless asked (`y`), and never the title.
    assert!(
        !raw.contains("\x1b]52;"),
        "{step}: an OSC 52 reached the terminal"
    );
    assert!(
        !raw.contains("\x1b]0;") && !raw.contains("\x1b]2;"),
        "{step}: a title was set"
    );
    let lines = wharf.lines();
    assert!(
        lines.first().is_some_and(|l| l.contains("us-east-1")),
        "{step}: the header was overwritten:\n{}",
        lines.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_leaves_the_terminal_alone() {
    let stub = Stub::responding(Arc::new(|r: &Recorded| answer(r, HOSTILE))).await;
    let endpoint = stub.endpoint.clone();
    tokio::task::spawn_blocking(move || {
        let mut wharf = Session::start_on(&endpoint, &[]);
        wharf.wait_for("prod");
        assert_untouched(&wharf, "clusters");
        // The service's events, each ending in the hostile text.
        wharf.send("\r");
        wharf.wait_for("web");
        wharf.send("\r");
        wharf.wait_for("has started 1 tasks");
        wharf.wait_for("owned");
        assert_untouched(&wharf, "a service's events");
        // A stopped task: its reason, in the banner and whole.
        wharf.send(":tasks prod\r");
        wharf.wait_for("Tasks of prod");
        wharf.send("G\r");
        wharf.wait_for("Essential container in task exited");
        assert_untouched(&wharf, "a stopped task");
        // Its log lines.
        wharf.send("L");
        wharf.wait_for("GET /health 200");
        assert_untouched(&wharf, "log lines");
        // An error whose message the endpoint wrote.
        wharf.send("\x1b\x1b\x1b:instances prod\r");
        wharf.wait_for("not allowed");
        wharf.send(":messages\r");
        wharf.wait_for("not allowed");
        assert_untouched(&wharf, "an error message");
        wharf.send("\x1bq");
        wharf.wait_exit();
        wharf.assert_terminal_restored();
    })
    .await
    .expect("the session");
}
