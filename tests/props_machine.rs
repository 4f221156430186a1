//! Property tests (proptest) of the state machine: long random sequences of keys, pastes, clicks, resizes,
//! time passing and the backend's answers (the sandbox's, or a failure in their place, in any order) fed to
//! `update`. After every step: no panic, the selection within the rows, no change sent in read-only mode,
//! no more fetches out at once than the poller allows and no more calls in a minute than AWS's bucket holds,
//! and a frame drawn now and then. At the end, quitting always ends the session.

mod ui_fixtures;

use std::collections::VecDeque;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use strum::IntoEnumIterator;
use ui_fixtures::render;
use wharf::app::budget::{Category, MAX_IN_FLIGHT};
use wharf::app::{update, Action, Effect, State};
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::{Backend, BackendError};
use wharf::runtime::perform;

/// Keys a user presses while exploring and acting (not `q` or Ctrl-C: quitting is checked at the end).
const CHARS: &str = "jkhlgGdD/:?x+-irRcLfwbtTIsampn 0123456789y";

/// What users type in one go: commands, a filter, a change with its input, a jump. They take the machine
/// deeper (screens, dialogs, changes sent) than single random keys would.
const TYPED: [&str; 21] = [
    ":svc prod-fargate\n+3\n",
    ":svc prod-fargate\nj+0\n\n",
    ":svc prod-ec2\n\nx\n",
    ":svc prod-fargate\n\nR\n",
    ":instances prod-ec2\nx\n",
    "\n",
    ":svc\n",
    ":svc prod-ec2\n",
    ":td\n",
    ":lb\n",
    ":instances prod-ec2\n",
    ":logs\n",
    ":search ERROR\n",
    "/web\n",
    "+5\n",
    "+0\n\n",
    "x\n",
    "iweb=nginx:1.27\n",
    "R\n",
    "jj\n",
    "D",
];

#[derive(Debug, Clone)]
enum Step {
    Key(KeyCode, KeyModifiers),
    Type(&'static str),
    Paste(String),
    Resize(u16, u16),
    /// Virtual milliseconds pass, then a tick.
    Tick(i64),
    Click(u16, u16),
    Scroll(i16),
    /// Answer one of the effects waiting (`pick` among them), or a failure in its place.
    Answer {
        pick: usize,
        fail: Option<u8>,
    },
}

fn key() -> impl Strategy<Value = Step> {
    let special = prop_oneof![
        4 => Just(KeyCode::Enter),
        1 => Just(KeyCode::Esc),
        1 => Just(KeyCode::Tab),
        1 => Just(KeyCode::BackTab),
        2 => Just(KeyCode::Up),
        2 => Just(KeyCode::Down),
        1 => Just(KeyCode::PageUp),
        1 => Just(KeyCode::PageDown),
        1 => Just(KeyCode::Home),
        1 => Just(KeyCode::End),
        1 => Just(KeyCode::Backspace),
        1 => Just(KeyCode::Delete),
    ];
    let chars: Vec<char> = CHARS.chars().collect();
    let char_key = prop::sample::select(chars).prop_map(KeyCode::Char);
    let modifiers = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
    ];
    (prop_oneof![3 => char_key, 2 => special], modifiers).prop_map(|(code, m)| {
        // Ctrl-C quits: left for the end.
        match (code, m) {
            (KeyCode::Char('c'), KeyModifiers::CONTROL) => Step::Key(code, KeyModifiers::NONE),
            _ => Step::Key(code, m),
        }
    })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        12 => key(),
        6 => prop::sample::select(&TYPED[..]).prop_map(Step::Type),
        1 => "\\PC{0,20}".prop_map(Step::Paste),
        1 => (0u16..220, 0u16..70).prop_map(|(w, h)| Step::Resize(w, h)),
        4 => (100i64..8_000).prop_map(Step::Tick),
        1 => (0u16..200, 0u16..60).prop_map(|(c, r)| Step::Click(c, r)),
        1 => (-5i16..5).prop_map(Step::Scroll),
        16 => (any::<usize>(), prop::option::weighted(0.2, 0u8..5))
            .prop_map(|(pick, fail)| Step::Answer { pick, fail }),
    ]
}

/// What a failed answer says, in place of the backend's.
fn failure(kind: u8) -> BackendError {
    match kind {
        0 => BackendError::Throttled {
            action: "DescribeServices".into(),
        },
        1 => BackendError::AccessDenied {
            action: "ecs:DescribeServices".into(),
            resource: "*".into(),
        },
        2 => BackendError::TimedOut {
            action: "DescribeTasks".into(),
            seconds: 8,
        },
        3 => BackendError::CredentialsExpired {
            hint: "aws sso login".into(),
        },
        _ => BackendError::Unreachable {
            endpoint: "https://ecs.sandbox-1.amazonaws.com".into(),
            detail: "connection reset".into(),
        },
    }
}

struct Run {
    state: State,
    sim: Sim,
    waiting: VecDeque<Effect>,
    read_only: bool,
}

impl Run {
    fn new(seed: u64, read_only: bool) -> Run {
        let sim = Sim::demo(seed, SimClock::Manual);
        sim.advance(30_000);
        let mut state = State::new(sim.info(), sim.now());
        state.read_only = read_only;
        let mut run = Run {
            state,
            sim,
            waiting: VecDeque::new(),
            read_only,
        };
        run.apply(Action::Resize(120, 40));
        let now = run.sim.now();
        run.apply(Action::Tick(now));
        run
    }

    /// `update` with `action`, checking what it asks for.
    fn apply(&mut self, action: Action) {
        let effects = update(&mut self.state, action);
        if self.read_only {
            let mutating: Vec<&Effect> = effects
                .iter()
                .filter(|e| matches!(e, Effect::Mutate { .. }))
                .collect();
            assert!(mutating.is_empty(), "read-only sent {mutating:?}");
        }
        self.waiting.extend(effects);
        // A runtime answers everything; a backlog this long would be a runtime that stopped.
        while self.waiting.len() > 200 {
            self.waiting.pop_front();
        }
    }

    async fn answer(&mut self, pick: usize, fail: Option<u8>) {
        if self.waiting.is_empty() {
            return;
        }
        let effect = self
            .waiting
            .remove(pick % self.waiting.len())
            .expect("in range");
        let action = match (effect, fail) {
            (Effect::Fetch(fetch), Some(kind)) => Some(Action::Fetched {
                fetch,
                result: Err(failure(kind)),
                at: self.sim.now(),
                calls: 1,
            }),
            (effect, _) => perform(&self.sim, effect).await,
        };
        if let Some(action) = action {
            self.apply(action);
        }
    }

    async fn answer_all(&mut self) {
        for _ in 0..50 {
            if self.waiting.is_empty() {
                break;
            }
            self.answer(0, None).await;
        }
    }

    async fn step(&mut self, step: Step) {
        match step {
            Step::Key(code, modifiers) => self.apply(Action::Key(KeyEvent::new(code, modifiers))),
            Step::Type(text) => {
                for c in text.chars() {
                    let code = match c {
                        '\n' => KeyCode::Enter,
                        c => KeyCode::Char(c),
                    };
                    self.apply(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
                    // A user types slower than the backend answers.
                    self.answer_all().await;
                }
            }
            Step::Paste(text) => self.apply(Action::Paste(text)),
            Step::Resize(w, h) => self.apply(Action::Resize(w, h)),
            Step::Tick(ms) => {
                self.sim.advance(ms);
                let now = self.sim.now();
                self.apply(Action::Tick(now));
            }
            Step::Click(column, row) => self.apply(Action::Click { column, row }),
            Step::Scroll(lines) => self.apply(Action::Scroll(lines)),
            Step::Answer { pick, fail } => self.answer(pick, fail).await,
        }
    }

    /// What must hold after every step.
    fn check(&self) {
        let state = &self.state;
        if let Some(cursor) = state.screen().cursor() {
            assert!(
                cursor.rows.is_empty() || cursor.selected < cursor.rows.len(),
                "selection {} of {} rows on {:?}",
                cursor.selected,
                cursor.rows.len(),
                state.screen()
            );
        }
        for category in Category::iter() {
            let bucket = state.session.budget.bucket(category);
            assert!(bucket.in_flight <= MAX_IN_FLIGHT, "{category:?} {bucket:?}");
            // AWS's token bucket: its burst, then its rate, over any minute.
            let (burst, rate) = category.limits();
            let calls = f64::from(state.session.budget.calls_last_minute(category, state.now));
            assert!(
                calls <= burst + rate * 60.0,
                "{category:?}: {calls} calls in a minute"
            );
        }
    }
}

fn ctrl_c() -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_sequence_keeps_the_state_whole_and_quitting_ends_it(
        seed in 0u64..1_000,
        read_only in any::<bool>(),
        steps in prop::collection::vec(step(), 50..300),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let mut run = Run::new(seed, read_only);
            for (i, step) in steps.into_iter().enumerate() {
                run.step(step).await;
                run.check();
                if i % 25 == 0 {
                    let (w, h) = run.state.size;
                    render(&run.state, w.max(1), h.max(1));
                }
                if run.state.should_quit {
                    // A key sequence quit (`:q`, say): nothing more to check.
                    return;
                }
            }
            // SIGTERM ends it at once, whatever is open.
            let mut terminated = run.state.clone();
            update(&mut terminated, Action::Terminate);
            assert!(terminated.should_quit);
            // Ctrl-C cancels what is open (a prompt, a dialog), then quits; with a change in flight it
            // asks once more.
            for _ in 0..4 {
                if run.state.should_quit {
                    break;
                }
                run.apply(ctrl_c());
            }
            assert!(run.state.should_quit, "Ctrl-C four times did not quit: {:?}", run.state.overlay);
        });
    }
}
