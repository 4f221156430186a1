//! The loop: input, backend answers and the clock become actions; `update` turns them into effects, which
//! run as tokio tasks; the screen is redrawn after a change, at most about 60 times a second.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    EventStream,
};
use futures::future::BoxFuture;
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::{mpsc, Semaphore};
use tokio::time::{interval, interval_at, sleep_until, Instant, MissedTickBehavior};

use super::terminal_io::{copy_to_clipboard, exit_on_any_panic, input_action, wall_now, Signals};
use crate::app::mutation::{Exec, Forward};
use crate::app::{polling, update, Action, Effect, MutationResult, RefreshPolicy, State};
use crate::backend::{Backend, BackendInfo};
use crate::config::keymap::Keymap;
use crate::ui::theme::Theme;

/// The clock `update` sees: ages, polling, and the API budget's refills. As often as `update` asks
/// (`polling::wake_after_ms`): a second when nothing waits, a quarter of one while a read waits for the
/// budget or the cursor moves.
/// How long after a session gives the terminal back a SIGINT or SIGQUIT is taken for the session's.
const KEYS_AFTER_SESSION: Duration = Duration::from_secs(2);

/// Effects that may run at once; more wait their turn (the backend keeps its own per-API budgets).
const CONCURRENT_EFFECTS: usize = 8;

/// What opening an ECS Exec session (or a port forward) came to: the session, or the change's outcome
/// without one.
type OpenedSession = Result<super::exec::Opened, MutationResult>;

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
    // When a session last gave the terminal back (`KEYS_AFTER_SESSION`).
    let mut handed_back: Option<Instant> = None;

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
                        handed_back = Some(Instant::now());
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
            keys = signals.recv() => {
                // A Ctrl-C typed for a session reaches wharf too (the whole foreground group gets it),
                // and its delivery may come after the session ended: not wharf's to act on.
                let for_session = handed_back.is_some_and(|at| at.elapsed() < KEYS_AFTER_SESSION);
                if keys && for_session {
                    continue;
                }
                Action::Terminate
            }
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
