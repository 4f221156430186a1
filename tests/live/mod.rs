//! wharf driven in real time as its event loop drives it (`src/runtime/event_loop.rs`): every backend effect
//! runs as its own tokio task and its answer comes back as an action, while the loop goes on feeding keys
//! and ticks to `update`. So a slow or failing request never holds up a key or a frame, and a test can press
//! keys and draw while reads are in flight. Audit lines are kept in memory instead of a file.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use tokio::sync::mpsc;
use tokio::time::{interval, sleep_until, Instant, MissedTickBehavior};
use wharf::app::{update, Action, AuditEntry, Effect, Fetch, RefreshPolicy, Resource, State};
use wharf::backend::aws::Aws;
use wharf::backend::Backend;
use wharf::runtime::perform;
use wharf::ui::{draw, Theme};

/// The clock `update` sees, as often as the real loop ticks (250 ms there; finer here, for short intervals).
const TICK: Duration = Duration::from_millis(100);

pub const WIDTH: u16 = 220;
pub const HEIGHT: u16 = 30;

pub struct Live {
    pub state: State,
    pub backend: Arc<Aws>,
    tx: mpsc::UnboundedSender<Action>,
    rx: mpsc::UnboundedReceiver<Action>,
    pub audit: Vec<AuditEntry>,
    /// Every read sent, in order (`mark` and `sent_after` count them).
    pub fetches: Vec<Fetch>,
    /// Effects spawned and not answered yet.
    pub pending: usize,
}

/// Every polling interval set to `interval_ms`; data is never counted as quiet.
pub fn policy(interval_ms: i64) -> RefreshPolicy {
    RefreshPolicy {
        list_ms: interval_ms,
        detail_ms: interval_ms,
        deploying_ms: interval_ms,
        listing_ms: interval_ms,
        background_ms: interval_ms,
        quiet_after_ms: 3_600_000,
        share: 1.0,
        ..RefreshPolicy::default()
    }
}

impl Live {
    /// wharf on `backend`, polling every `interval_ms`, after its first tick.
    pub fn new(backend: Aws, interval_ms: i64) -> Live {
        let backend = Arc::new(backend);
        let (tx, rx) = mpsc::unbounded_channel();
        let mut state = State::new(backend.info(), backend.now());
        state.size = (WIDTH, HEIGHT);
        state.set_refresh(policy(interval_ms));
        let mut live = Live {
            state,
            backend,
            tx,
            rx,
            audit: Vec::new(),
            fetches: Vec::new(),
            pending: 0,
        };
        let now = live.backend.now();
        live.act(Action::Tick(now));
        live
    }

    /// Hand `action` to `update` and start what it asks for; returns at once.
    pub fn act(&mut self, action: Action) {
        let effects = update(&mut self.state, action);
        self.dispatch(effects);
    }

    fn dispatch(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Audit(entry) => self.audit.push(entry),
                Effect::Copy { .. } | Effect::Connect { .. } | Effect::ReadAudit => {}
                effect => {
                    if let Effect::Fetch(fetch) = &effect {
                        self.fetches.push(fetch.clone());
                    }
                    self.pending += 1;
                    let (backend, tx) = (self.backend.clone(), self.tx.clone());
                    tokio::spawn(async move {
                        if let Some(answer) = perform(backend.as_ref(), effect).await {
                            let _ = tx.send(answer);
                        }
                    });
                }
            }
        }
    }

    /// Run the loop for `d` of real time: answers and ticks go to `update` as they come.
    pub async fn run_for(&mut self, d: Duration) {
        self.run_until(d, |_| false).await;
    }

    /// Run the loop until `done` holds (checked after every action) or `limit` passes; whether it held.
    pub async fn run_until(&mut self, limit: Duration, done: impl Fn(&State) -> bool) -> bool {
        self.run(limit, |live| done(&live.state)).await
    }

    /// Run the loop until nothing it started is still out (every request answered), at most `limit`;
    /// whether it got there. Whatever is sent after this returns was sent after it: a fault switched on
    /// now meets every request from here on, and none from before is still on its way.
    pub async fn settle(&mut self, limit: Duration) -> bool {
        self.run(limit, |live| live.pending == 0).await
    }

    async fn run(&mut self, limit: Duration, done: impl Fn(&Live) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        let mut ticks = interval(TICK);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            if done(self) {
                return true;
            }
            let action = tokio::select! {
                Some(answer) = self.rx.recv() => {
                    self.pending -= 1;
                    answer
                }
                _ = ticks.tick() => Action::Tick(self.backend.now()),
                _ = sleep_until(deadline) => return done(self),
            };
            self.act(action);
        }
    }

    /// Run the loop until the clusters list holds `cluster_arn` (at most 15 s); panics if it never does.
    pub async fn until_listed(&mut self, cluster_arn: &str) {
        let listed = |s: &State| {
            let clusters = s.session.cache.clusters.data.as_ref();
            clusters.is_some_and(|c| c.iter().any(|c| c.arn == cluster_arn))
        };
        assert!(
            self.run_until(Duration::from_secs(15), listed).await,
            "{cluster_arn} never listed"
        );
    }

    /// Type keys: `\n` is Enter, `\x1b` Esc. Each goes to `update` at once, whatever is in flight.
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            self.act(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        }
    }

    /// The screen as the terminal would show it now.
    pub fn render(&self) -> String {
        let mut state = self.state.clone();
        wharf::app::table::rearrange(&mut state);
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
        terminal
            .draw(|f| draw(f, &state, &Theme::default()))
            .expect("draw");
        format!("{}", terminal.backend())
    }

    /// A point in the reads sent, for `sent_after`: an order, not a time.
    pub fn mark(&self) -> usize {
        self.fetches.len()
    }

    /// Reads sent after `mark`: of `operation` (as `Fetch::operation` names it), or of any.
    pub fn sent_after(&self, mark: usize, operation: Option<&str>) -> usize {
        self.fetches[mark..]
            .iter()
            .filter(|f| operation.is_none_or(|op| f.operation() == op))
            .count()
    }

    pub fn flash(&self) -> String {
        self.state
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }
}

/// A cluster's service list.
pub fn service_list(cluster_arn: &str) -> Resource {
    Resource::ServiceList {
        cluster_arn: cluster_arn.to_string(),
    }
}
