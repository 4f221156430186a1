//! A terminal that hangs up (its window closed, the SSH connection dropped) must end wharf. crossterm (0.28,
//! and 0.29.0 still: crossterm-rs/crossterm#793) reads a hung-up terminal in an endless loop that returns
//! zero bytes and never gives the event loop back: no tick, no key and no signal (SIGHUP included) gets
//! through, and wharf would spin on a core for ever (tests/pty.rs's hang-up tests show it without this).
//! This watchdog sees the hang-up on a thread of its own and ends the process, which has nothing left to
//! draw on. A change whose answer was still due stays in the audit log as an attempt with no outcome.

use std::time::Duration;

use rustix::event::{poll, PollFd, PollFlags};

/// How often the terminal is looked at: a hang-up costs at most this, plus the grace below.
const EVERY: Duration = Duration::from_millis(500);
/// Time for a clean exit (SIGHUP handled, when the loop is not stuck) before the watchdog ends it.
const GRACE: Duration = Duration::from_secs(2);
/// 128 + SIGHUP, as a shell reports a process ended by a hang-up.
const EXIT_HUNG_UP: i32 = 129;

pub fn watch() {
    let spawned = std::thread::Builder::new()
        .name("hangup-watch".into())
        .spawn(|| loop {
            std::thread::sleep(EVERY);
            if hung_up() {
                std::thread::sleep(GRACE);
                super::forwards::stop_all_now();
                std::process::exit(EXIT_HUNG_UP);
            }
        });
    // Without the thread wharf still runs; it only loses this guard.
    drop(spawned);
}

/// Whether standard input, the terminal wharf reads, has hung up. Asks for no events, so that nothing is
/// read: a hang-up or an error is reported whatever is asked.
fn hung_up() -> bool {
    let stdin = rustix::stdio::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
    match poll(&mut fds, Some(&rustix::event::Timespec::default())) {
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => false,
    }
}
