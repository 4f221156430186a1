//! The loop: input, backend answers and the clock become actions; `update` turns them into effects, which
//! run as tokio tasks; the screen is redrawn after a change, at most about 60 times a second.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream, MouseButton, MouseEventKind,
};
use futures::future::BoxFuture;
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::{mpsc, Semaphore};
use tokio::time::{interval, interval_at, sleep_until, Instant, MissedTickBehavior};

use crate::app::mutation::{Exec, Forward};
use crate::app::{polling, update, Action, Effect, MutationResult, RefreshPolicy, State};
use crate::backend::{Backend, BackendInfo};
use crate::config::keymap::Keymap;
use crate::ui::theme::Theme;

/// The clock `update` sees: ages, polling, and the API budget's refills. As often as `update` asks
/// (`polling::wake_after_ms`): a second when nothing waits, a quarter of one while a read waits for the
/// budget or the cursor moves.
/// What opening an ECS Exec session came to: the session, or the change's outcome without one.
type OpenedSession = Result<super::exec::Opened, MutationResult>;

/// Effects that may run at once; more wait their turn (the backend keeps its own per-API budgets).
const CONCURRENT_EFFECTS: usize = 8;

/// What wharf is connected to: the backend, and the look and rules of its profile.
pub struct Session {
    pub backend: Arc<dyn Backend>,
    pub theme: Theme,
    pub read_only: bool,
}

/// Opens another profile or region (`None`: keep the current one's, from the `BackendInfo`), for
/// `:profile` and `:region`. Its error is the message the user sees.
pub type Connector = Arc<
    dyn Fn(
            Option<String>,
            Option<String>,
            BackendInfo,
        ) -> BoxFuture<'static, Result<Session, String>>
        + Send
        + Sync,
>;

/// How the runtime runs, besides the session.
pub struct Options {
    pub keymap: Keymap,
    pub refresh: RefreshPolicy,
    /// Profiles to offer `:profile` completion.
    pub profiles: Vec<String>,
    /// Capture the mouse (clicks select, the wheel scrolls); the terminal's own selection then needs Shift.
    pub mouse: bool,
    /// `None`: switching profile or region is not possible (the message says so).
    pub connector: Option<Connector>,
    /// Where the audit log is appended; `None` when no place could be found (every change then says so).
    pub audit_log: Option<PathBuf>,
    /// The shell ECS Exec opens (`[exec] shell`).
    pub exec_shell: String,
    /// Where unfinished cleanups' plans are kept between runs (`cleanup_state`); `None` when no place could
    /// be found.
    pub state_dir: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            keymap: Keymap::default(),
            refresh: RefreshPolicy::default(),
            profiles: Vec::new(),
            mouse: true,
            connector: None,
            audit_log: super::audit::default_path(),
            exec_shell: crate::config::settings::DEFAULT_SHELL.to_string(),
            state_dir: super::cleanup_state::default_dir(),
        }
    }
}

/// Take over the terminal, run until the user quits, and give the terminal back as it was, also on error.
/// ratatui's `try_init` installs a panic hook that restores the terminal before the panic message prints.
pub async fn run(session: Session, options: Options) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!("wharf is interactive: run it in a terminal (its input and output cannot be a pipe or a file)");
    }
    let mut terminal = ratatui::try_init()?;
    exit_on_any_panic();
    super::hangup::watch();
    if options.mouse {
        if let Err(e) = crossterm::execute!(std::io::stdout(), EnableMouseCapture) {
            let _ = ratatui::try_restore();
            return Err(e.into());
        }
    }
    // Pasted text arrives as one paste, not as keys: a paste never runs a key's action.
    let _ = crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, session, options).await;
    // Always safe, captured or not.
    let _ = crossterm::execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    ratatui::try_restore()?;
    result
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    session: Session,
    options: Options,
) -> anyhow::Result<()> {
    let Session {
        mut backend,
        mut theme,
        read_only,
    } = session;
    let (mut answers_tx, mut answers) = mpsc::unbounded_channel::<Action>();
    // Each answer carries the number of its request: only the latest `:profile` or `:region` counts.
    let (connected_tx, mut connected) = mpsc::unbounded_channel::<(u64, Result<Session, String>)>();
    let mut connects: u64 = 0;
    // ECS Exec sessions opened beside the loop, waiting for the terminal.
    let (opened_tx, mut opened) = mpsc::unbounded_channel::<(u64, Exec, OpenedSession)>();
    // Port forwards opened beside the loop, waiting to be started; and those running.
    let (forwarded_tx, mut forwarded) =
        mpsc::unbounded_channel::<(u64, Box<Forward>, OpenedSession)>();
    let mut forwards = super::forwards::Forwards::default();
    let mut permits = Arc::new(Semaphore::new(CONCURRENT_EFFECTS));
    let mut input = EventStream::new();
    let mut period = Duration::from_millis(1_000);
    let mut ticks = interval(period);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut signals = Signals::new()?;

    let mut state = State::new(backend.info(), backend.now());
    state.keymap = Arc::new(options.keymap);
    state.set_refresh(options.refresh);
    state.profiles = options.profiles;
    state.read_only = read_only;
    state.exec_shell = options.exec_shell.clone();
    state.audit_session = super::audit::session_name();
    super::audit::warn_if_exposed(&mut state, options.audit_log.as_deref());
    super::cleanup_state::warn_if_exposed(
        &mut state,
        options.state_dir.as_deref(),
        options.audit_log.as_deref(),
    );
    // Plans an earlier run left unfinished: read first, answered like any effect.
    let find = crate::app::cleanup::find_effect(&state);
    if let Some(found) = super::cleanup_state::perform(options.state_dir.as_deref(), &find) {
        let _ = answers_tx.send(found);
    }
    let size = terminal.size()?;
    state.size = (size.width, size.height);
    let mut frames = super::frames::Frames::new();

    while !state.should_quit {
        let action = tokio::select! {
            _ = sleep_until(frames.due().unwrap_or_else(Instant::now)), if frames.due().is_some() => {
                frames.draw(terminal, &state, &theme)?;
                continue;
            }
            event = input.next() => match event {
                Some(Ok(event)) => match input_action(event) {
                    Some(action) => action,
                    None => continue,
                },
                // The terminal is gone (closed window, broken pipe): nothing more can be read or shown.
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            Some(action) = answers.recv() => action,
            Some((number, result)) = connected.recv() => match result {
                _ if number != connects => continue,
                Ok(session) => {
                    backend = session.backend;
                    theme = session.theme;
                    // Answers still due from the old backend go to a channel nobody reads, and its slow
                    // requests keep their own permits instead of holding up the new backend's.
                    (answers_tx, answers) = mpsc::unbounded_channel();
                    permits = Arc::new(Semaphore::new(CONCURRENT_EFFECTS));
                    Action::Connected {
                        result: Ok(backend.info()),
                        read_only: session.read_only,
                        at: backend.now(),
                    }
                }
                Err(e) => Action::Connected {
                    result: Err(e),
                    read_only: state.read_only,
                    at: backend.now(),
                },
            },
            Some((id, exec, result)) = opened.recv() => {
                let result = match result {
                    Ok(session) => {
                        // Nothing reads the keys while the child has the terminal (it reads them), and
                        // signals that came for the child are not wharf's.
                        drop(input);
                        let info = state.session.info.clone();
                        let (result, terminate) =
                            super::exec::hand_over(terminal, options.mouse, &info, &exec, &session).await;
                        input = EventStream::new();
                        signals = Signals::new()?;
                        let size = terminal.size()?;
                        let _ = answers_tx.send(Action::Resize(size.width, size.height));
                        if terminate {
                            let _ = answers_tx.send(Action::Terminate);
                        }
                        frames.acted(false);
                        result
                    }
                    Err(result) => result,
                };
                // The outcome's audit line carries the time the session ended, not the last tick's.
                let _ = update(&mut state, Action::WallClock(wall_now()));
                Action::Mutated { id, result, at: backend.now() }
            }
            Some((id, forward, result)) = forwarded.recv() => {
                let result = match result {
                    Ok(session) => {
                        let info = state.session.info.clone();
                        forwards.start(id, &forward, session, backend.clone(), &info, &answers_tx)
                    }
                    Err(result) => result,
                };
                Action::Mutated { id, result, at: backend.now() }
            }
            _ = ticks.tick() => Action::Tick(backend.now()),
            _ = signals.recv() => Action::Terminate,
        };
        let tick = match &action {
            Action::Tick(now) => Some(now.0),
            _ => None,
        };
        let mut effects = std::collections::VecDeque::new();
        if tick.is_some() {
            // The user's own clock first: messages and audit times go by it, not the sandbox's.
            effects.extend(update(&mut state, Action::WallClock(wall_now())));
        }
        let swept = state.session.cache.swept_at;
        effects.extend(update(&mut state, action));
        match tick {
            // Forgetting data may change what the lists count (the clusters' attention).
            Some(ms) => frames.ticked(
                ms,
                !effects.is_empty() || state.session.cache.swept_at != swept,
            ),
            None => frames.acted(state.quiet),
        }
        let wanted = Duration::from_millis(polling::wake_after_ms(&state));
        if wanted != period {
            period = wanted;
            ticks = interval_at(Instant::now() + period, period);
            ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        }
        while let Some(effect) = effects.pop_front() {
            match effect {
                Effect::Copy { text } => copy_to_clipboard(&text),
                // Small files, written before the next effect (a cleanup step's write) is spawned.
                Effect::KeepCleanup(_)
                | Effect::ForgetCleanup { .. }
                | Effect::FindCleanups { .. } => {
                    let dir = options.state_dir.as_deref();
                    if let Some(answer) = super::cleanup_state::perform(dir, &effect) {
                        effects.extend(update(&mut state, answer));
                    }
                }
                // Written before the change it records is sent (effects come in order). A change whose attempt
                // cannot be recorded is not sent.
                Effect::Audit(entry) => {
                    let written = match &options.audit_log {
                        Some(path) => super::audit::append(path, &entry),
                        None => Err("no place for it (no home directory); start wharf with --audit-log FILE".into()),
                    };
                    if let Err(why) = written {
                        let unsent = super::audit::withhold(&mut effects, &entry, &why);
                        effects.extend(update(&mut state, Action::AuditFailed(why)));
                        for answer in unsent {
                            effects.extend(update(&mut state, answer));
                        }
                    }
                }
                Effect::ReadAudit => {
                    let action = match &options.audit_log {
                        Some(path) => Action::AuditRead {
                            path: path.display().to_string(),
                            result: super::audit::tail(path, super::audit::LINES_SHOWN),
                        },
                        None => Action::AuditRead {
                            path: String::new(),
                            result: Err(
                                "wharf has no audit log: start it with --audit-log FILE".into()
                            ),
                        },
                    };
                    effects.extend(update(&mut state, action));
                }
                Effect::FindSessionPlugin => {
                    let answers = answers_tx.clone();
                    tokio::spawn(async move {
                        let found = super::exec::find_plugin().await;
                        let _ = answers.send(Action::SessionPluginFound(found));
                    });
                }
                // ECS Exec: the session is opened beside the loop (the screen and keys stay wharf's), and the
                // terminal goes to the plugin when it arrives (`opened` below).
                Effect::Mutate { id, mutation }
                    if mutation.change().terminal_session().is_some() =>
                {
                    let exec = mutation
                        .change()
                        .terminal_session()
                        .cloned()
                        .expect("checked");
                    let (backend, info, done) = (
                        backend.clone(),
                        state.session.info.clone(),
                        opened_tx.clone(),
                    );
                    tokio::spawn(async move {
                        let result =
                            super::exec::open_session(backend.as_ref(), &info, &exec).await;
                        let _ = done.send((id, exec, result));
                    });
                }
                // A port forward: opened beside the loop, started when it arrives (`forwarded` above).
                Effect::Mutate { id, mutation }
                    if mutation.change().background_session().is_some() =>
                {
                    let forward = mutation
                        .change()
                        .background_session()
                        .cloned()
                        .expect("checked");
                    let (backend, info, done) = (
                        backend.clone(),
                        state.session.info.clone(),
                        forwarded_tx.clone(),
                    );
                    tokio::spawn(async move {
                        let result = super::forwards::open(backend.as_ref(), &info, &forward).await;
                        let _ = done.send((id, Box::new(forward), result));
                    });
                }
                Effect::CloseForward { id } => forwards.close(id, &answers_tx),
                Effect::Connect { profile, region } => {
                    connects += 1;
                    let number = connects;
                    match &options.connector {
                        Some(connect) => {
                            let (connect, done) = (connect.clone(), connected_tx.clone());
                            let info = state.session.info.clone();
                            tokio::spawn(async move {
                                let _ = done.send((number, connect(profile, region, info).await));
                            });
                        }
                        None => {
                            let _ = connected_tx.send((
                                number,
                                Err("this wharf cannot switch profile or region".to_string()),
                            ));
                        }
                    }
                }
                effect => spawn_effect(&backend, &permits, &answers_tx, effect),
            }
        }
    }
    // Quitting closes every forward: their sessions ended on AWS's side, their plugins stopped.
    forwards.close_all().await;
    Ok(())
}

/// The action a terminal event stands for, if any.
fn input_action(event: Event) -> Option<Action> {
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
fn copy_to_clipboard(text: &str) {
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
fn exit_on_any_panic() {
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

fn spawn_effect(
    backend: &Arc<dyn Backend>,
    permits: &Arc<Semaphore>,
    answers: &mpsc::UnboundedSender<Action>,
    effect: Effect,
) {
    let (backend, permits, answers) = (backend.clone(), permits.clone(), answers.clone());
    tokio::spawn(async move {
        // The semaphore is never closed, so acquiring only waits.
        let _permit = permits.acquire_owned().await;
        // Every effect spawned here is the backend's, so it is answered.
        let parts = |part: Action| {
            let _ = answers.send(part);
        };
        let answer = super::perform_sending_parts(backend.as_ref(), effect, Some(&parts)).await;
        if let Some(action) = answer {
            // Fails only when the loop has ended, and then nobody needs the answer.
            let _ = answers.send(action);
        }
    });
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT end wharf the same way `q` does, so the terminal is restored.
/// (Ctrl-C arrives as a key in raw mode; SIGINT comes from `kill -INT`.)
struct Signals {
    #[cfg(unix)]
    signals: Vec<tokio::signal::unix::Signal>,
}

impl Signals {
    #[cfg(unix)]
    fn new() -> std::io::Result<Self> {
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

    #[cfg(unix)]
    async fn recv(&mut self) {
        futures::future::select_all(self.signals.iter_mut().map(|s| Box::pin(s.recv()))).await;
    }

    #[cfg(not(unix))]
    fn new() -> std::io::Result<Self> {
        Ok(Signals {})
    }

    #[cfg(not(unix))]
    async fn recv(&mut self) {
        tokio::signal::ctrl_c().await.ok();
    }
}

/// Real time, as a `Timestamp`.
fn wall_now() -> crate::model::Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    crate::model::Timestamp(ms)
}
