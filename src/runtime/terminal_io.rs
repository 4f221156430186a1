//! The terminal's side of the loop that is not drawing: input events as actions, the clipboard (OSC 52),
//! the signals that end wharf, the panic that must, and the user's own clock.

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, Event, MouseButton, MouseEventKind,
};

use crate::app::Action;

/// The action a terminal event stands for, if any.
pub(super) fn input_action(event: Event) -> Option<Action> {
    const WHEEL_LINES: i16 = 3;
    match event {
        Event::Key(key) => Some(Action::Key(key)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll(WHEEL_LINES)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(-WHEEL_LINES)),
            _ => None,
        },
        _ => None,
    }
}

/// OSC 52: the terminal puts the text on the system clipboard, also over SSH. Terminals that do not support
/// it (or where it is turned off, as in tmux without `set-clipboard on`) ignore it.
pub(super) fn copy_to_clipboard(text: &str) {
    use base64::Engine;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}

/// A panic in any thread (an effect's task, say) runs ratatui's hook, which restores the terminal and prints
/// the message; tokio would then swallow the panic and wharf would go on drawing into a terminal that is no
/// longer in raw mode, with that request in flight for ever. So a panic ends wharf, with the terminal restored.
pub(super) fn exit_on_any_panic() {
    let restore_and_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        super::forwards::stop_all_now();
        restore_and_report(info);
        // ratatui's hook leaves raw mode and the alternate screen; showing the cursor is `Terminal`'s drop,
        // which never runs on this path.
        let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
        std::process::exit(101);
    }));
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT end wharf the same way `q` does, so the terminal is restored.
/// (Ctrl-C arrives as a key in raw mode; SIGINT comes from `kill -INT`.)
pub(super) struct Signals {
    #[cfg(unix)]
    signals: Vec<tokio::signal::unix::Signal>,
}

impl Signals {
    #[cfg(unix)]
    pub(super) fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        let kinds = [
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::interrupt(),
            SignalKind::quit(),
        ];
        let signals = kinds
            .into_iter()
            .map(signal)
            .collect::<std::io::Result<_>>()?;
        Ok(Signals { signals })
    }

    /// The next signal; `true` when it is one a terminal's keys send (SIGINT, SIGQUIT) rather than
    /// SIGTERM or SIGHUP.
    #[cfg(unix)]
    pub(super) async fn recv(&mut self) -> bool {
        let (_, index, _) =
            futures::future::select_all(self.signals.iter_mut().map(|s| Box::pin(s.recv()))).await;
        index >= 2
    }

    #[cfg(not(unix))]
    pub(super) fn new() -> std::io::Result<Self> {
        Ok(Signals {})
    }

    #[cfg(not(unix))]
    pub(super) async fn recv(&mut self) -> bool {
        tokio::signal::ctrl_c().await.ok();
        true
    }
}

/// Real time, as a `Timestamp`.
pub(super) fn wall_now() -> crate::model::Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    crate::model::Timestamp(ms)
}
