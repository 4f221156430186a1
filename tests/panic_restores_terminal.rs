//! A panic anywhere in wharf (here in an effect's task, from a backend) ends wharf with the terminal
//! restored and the panic reported, instead of leaving it drawing into a terminal that is no longer raw.
//!
//! The test runs itself again as a child in a pseudo-terminal: the child owns that terminal as wharf would.
//! `harness = false` (see Cargo.toml) so that the child is this plain `main`, not a test harness.

mod fake_backends;
mod pty_session;

use std::sync::Arc;

use pty_session::Session;
use wharf::ui::theme::Theme;

const CHILD: &str = "WHARF_PANIC_PROBE_CHILD";

fn main() {
    if std::env::var_os(CHILD).is_some() {
        child();
    } else {
        parent();
    }
}

/// wharf's runtime over a backend whose first call panics.
fn child() {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let backend = Arc::new(fake_backends::PANICKING);
    let session = wharf::runtime::Session {
        backend,
        theme: Theme::default(),
        read_only: false,
    };
    let result = runtime.block_on(wharf::runtime::run(session, Default::default()));
    // Not reached when wharf works: its panic hook ends the process.
    eprintln!("wharf kept running after a panic and returned {result:?}");
    std::process::exit(3);
}

fn parent() {
    let me = std::env::current_exe().expect("the test's own path");
    let mut session = Session::start_program(me, &[], &[(CHILD, "1")]);
    let status = session.wait_exit();
    let output = session.raw_text();
    assert_eq!(
        status.exit_code(),
        101,
        "wharf should exit with 101 after a panic; it wrote:\n{output}"
    );
    session.assert_terminal_restored();
    let left = output
        .rfind("\x1b[?1049l")
        .expect("left the alternate screen");
    assert!(
        output[left..].contains("the backend broke"),
        "the panic message is printed after the terminal is restored, where it can be read:\n{output}"
    );
    println!("panic_restores_terminal: 1 passed, 0 failed");
}
