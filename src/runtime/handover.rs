//! Handing the terminal to a child (the session-manager-plugin) and taking it back. wharf leaves the
//! alternate screen and raw mode, stops reading input (the child reads it), waits, then restores the
//! terminal as it was and draws it whole. Polling pauses meanwhile: the loop waits here.
//!
//! Signals while the child runs: Ctrl-C, Ctrl-\ and Ctrl-Z are the child's (the terminal sends them to
//! the whole foreground group, so wharf ignores them, as the AWS CLI does: the plugin forwards them to the
//! container); SIGTERM or SIGHUP end the child (SIGTERM, then SIGKILL after a grace), and then wharf, with
//! the terminal restored. The terminal's mode is put back as it was before the child ran, whatever the child
//! left it in (the plugin turns echo off, and a killed plugin never turns it on again).

use std::io::Write;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::DefaultTerminal;

/// How the child ended, and whether wharf was told to end meanwhile.
pub struct Returned {
    pub status: std::io::Result<std::process::ExitStatus>,
    pub terminate: bool,
}

/// Runs `argv` (with `env` added) in the terminal; `banner` is printed first, on the normal screen.
pub async fn run_in_terminal(
    terminal: &mut DefaultTerminal,
    mouse: bool,
    argv: &[String],
    env: &[(String, String)],
    banner: &str,
    pause: bool,
) -> Returned {
    leave(mouse);
    // The terminal's own mode, wharf's raw mode undone: what the child gets, and what comes back after it.
    let stdin = rustix::stdio::stdin();
    let cooked = rustix::termios::tcgetattr(stdin).ok();
    let mut out = std::io::stdout();
    let _ = write!(out, "{banner}\r\n");
    let _ = out.flush();
    let returned = wait_for(argv, env).await;
    if let Ok(status) = &returned.status {
        if !status.success() {
            // Left on the normal screen, where the child's own last words are.
            let _ = write!(
                out,
                "wharf: the session ended ({status}); back to wharf\r\n"
            );
        }
    }
    if let Some(mode) = &cooked {
        let _ = rustix::termios::tcsetattr(stdin, rustix::termios::OptionalActions::Now, mode);
    }
    if pause && !returned.terminate {
        // One command's output stays on screen until it has been read (in the terminal's own mode).
        let _ = write!(out, "wharf: press Enter to go back to wharf\r\n");
        let _ = out.flush();
        let _ = std::io::stdin().read_line(&mut String::new());
    }
    enter(mouse);
    // Whatever the child left on screen is gone: the next frame is drawn whole, at the terminal's size now
    // (it may have been resized meanwhile). Not `Terminal::clear`, which asks the terminal where its cursor
    // is and, without an answer, leaves ratatui believing the old frame is still on screen.
    if let Ok(size) = terminal.size() {
        let _ = terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height));
    }
    returned
}

fn leave(mouse: bool) {
    let mut out = std::io::stdout();
    if mouse {
        let _ = crossterm::execute!(out, DisableMouseCapture);
    }
    let _ = crossterm::execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

fn enter(mouse: bool) {
    let mut out = std::io::stdout();
    let _ = enable_raw_mode();
    let _ = crossterm::execute!(out, EnterAlternateScreen, EnableBracketedPaste);
    if mouse {
        let _ = crossterm::execute!(out, EnableMouseCapture);
    }
}

async fn wait_for(argv: &[String], env: &[(String, String)]) -> Returned {
    let Some((program, args)) = argv.split_first() else {
        return Returned {
            status: Err(std::io::Error::other("nothing to run")),
            terminate: false,
        };
    };
    let mut command = tokio::process::Command::new(program);
    command.args(args).envs(env.iter().map(|(k, v)| (k, v)));
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            return Returned {
                status: Err(e),
                terminate: false,
            }
        }
    };
    let mut ends = Ends::new();
    loop {
        tokio::select! {
            status = child.wait() => return Returned { status, terminate: false },
            end = ends.recv() => {
                if end {
                    // SIGTERM or SIGHUP: the child goes first (asked, so that the plugin can end its
                    // session; then made to), then wharf.
                    let status = end_child(&mut child).await;
                    return Returned { status, terminate: true };
                }
                // Ctrl-C, Ctrl-\ or Ctrl-Z: the child's.
            }
        }
    }
}

/// How long a child asked to end has before it is killed.
const END_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

async fn end_child(child: &mut tokio::process::Child) -> std::io::Result<std::process::ExitStatus> {
    #[cfg(unix)]
    if let Some(pid) = child
        .id()
        .and_then(|id| rustix::process::Pid::from_raw(id as i32))
    {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        if let Ok(status) = tokio::time::timeout(END_GRACE, child.wait()).await {
            return status;
        }
    }
    let _ = child.start_kill();
    child.wait().await
}

/// The signals that arrive while a child has the terminal: `true` for those that end wharf.
struct Ends {
    #[cfg(unix)]
    signals: Vec<(tokio::signal::unix::Signal, bool)>,
}

impl Ends {
    #[cfg(unix)]
    fn new() -> Ends {
        use tokio::signal::unix::{signal, SignalKind};
        let kinds = [
            (SignalKind::terminate(), true),
            (SignalKind::hangup(), true),
            (SignalKind::interrupt(), false),
            (SignalKind::quit(), false),
            // Caught, so that it does not stop wharf: the child's (the plugin forwards it).
            (
                SignalKind::from_raw(rustix::process::Signal::TSTP.as_raw()),
                false,
            ),
        ];
        let signals = kinds
            .into_iter()
            .filter_map(|(kind, ends)| signal(kind).ok().map(|s| (s, ends)))
            .collect();
        Ends { signals }
    }

    #[cfg(unix)]
    async fn recv(&mut self) -> bool {
        if self.signals.is_empty() {
            return std::future::pending().await;
        }
        let waits = self.signals.iter_mut().map(|(s, ends)| {
            let ends = *ends;
            Box::pin(async move {
                s.recv().await;
                ends
            })
        });
        futures::future::select_all(waits).await.0
    }

    #[cfg(not(unix))]
    fn new() -> Ends {
        Ends {}
    }

    #[cfg(not(unix))]
    async fn recv(&mut self) -> bool {
        std::future::pending().await
    }
}
