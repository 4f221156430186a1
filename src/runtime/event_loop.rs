//! The loop: input, backend answers and the clock become actions; `update` turns them into effects, which
//! run as tokio tasks; the screen is redrawn after a change, at most about 60 times a second.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::{mpsc, Semaphore};
use tokio::time::{interval, sleep_until, Instant, MissedTickBehavior};

use crate::app::{update, Action, Effect, State};
use crate::backend::Backend;
use crate::config::keymap::Keymap;
use crate::ui::{self, theme::Theme};

const FRAME: Duration = Duration::from_millis(16);
const TICK: Duration = Duration::from_secs(1);
/// Effects that may run at once; more wait their turn (the backend keeps its own per-API budgets).
const CONCURRENT_EFFECTS: usize = 8;

/// Take over the terminal, run until the user quits, and give the terminal back as it was, also on error.
/// ratatui's `try_init` installs a panic hook that restores the terminal before the panic message prints.
pub async fn run(backend: Arc<dyn Backend>, theme: Theme, keymap: Keymap) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!("wharf is interactive: run it in a terminal (its input and output cannot be a pipe or a file)");
    }
    let mut terminal = ratatui::try_init()?;
    exit_on_any_panic();
    let result = event_loop(&mut terminal, backend, &theme, &keymap).await;
    ratatui::try_restore()?;
    result
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    backend: Arc<dyn Backend>,
    theme: &Theme,
    keymap: &Keymap,
) -> anyhow::Result<()> {
    let (answers_tx, mut answers) = mpsc::unbounded_channel::<Action>();
    let permits = Arc::new(Semaphore::new(CONCURRENT_EFFECTS));
    let mut input = EventStream::new();
    let mut ticks = interval(TICK);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut signals = Signals::new()?;

    let mut state = State::new(backend.info(), backend.now());
    let size = terminal.size()?;
    state.size = (size.width, size.height);
    let mut dirty = true;
    let mut next_frame = Instant::now();

    let dispatch = |state: &mut State, action: Action| {
        for effect in update(state, action) {
            spawn_effect(&backend, &permits, &answers_tx, effect);
        }
    };

    while !state.should_quit {
        tokio::select! {
            _ = sleep_until(next_frame), if dirty => {
                terminal.draw(|frame| ui::draw(frame, &state, theme, keymap))?;
                dirty = false;
                next_frame = Instant::now() + FRAME;
            }
            event = input.next() => match event {
                Some(Ok(Event::Key(key))) => {
                    for action in keymap.actions_for(&key) {
                        dispatch(&mut state, action);
                        dirty = true;
                    }
                }
                Some(Ok(Event::Resize(w, h))) => {
                    dispatch(&mut state, Action::Resize(w, h));
                    dirty = true;
                }
                Some(Ok(_)) => {}
                // The terminal is gone (closed window, broken pipe): nothing more can be read or shown.
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            Some(action) = answers.recv() => {
                dispatch(&mut state, action);
                dirty = true;
            }
            _ = ticks.tick() => {
                let now = backend.now();
                dispatch(&mut state, Action::Tick(now));
                dirty = true;
            }
            _ = signals.recv() => dispatch(&mut state, Action::Quit),
        }
    }
    Ok(())
}

/// A panic in any thread (an effect's task, say) runs ratatui's hook, which restores the terminal and prints
/// the message; tokio would then swallow the panic and wharf would go on drawing into a terminal that is no
/// longer in raw mode, with that request in flight for ever. So a panic ends wharf, with the terminal restored.
fn exit_on_any_panic() {
    let restore_and_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
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
        let action = super::perform(backend.as_ref(), effect).await;
        // Fails only when the loop has ended, and then nobody needs the answer.
        let _ = answers.send(action);
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
