//! wharf on the `Faulty` sandbox, driven through `update` and the effect runner as the runtime runs them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wharf::app::{update, Action, AuditEntry, AuditOutcome, Effect, State};
use wharf::app::{ServiceScreen, ServicesScreen};
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::Backend;
use wharf::model::*;
use wharf::runtime::perform;

use super::Faulty;

/// wharf on a sandbox, driven a key and a virtual second at a time.
pub struct Driver {
    pub state: State,
    pub backend: Faulty,
    pub audit: Vec<AuditEntry>,
    /// Where unfinished cleanups' plans are kept; `None`: they are not kept.
    pub state_dir: Option<std::path::PathBuf>,
}

#[allow(dead_code)] // each test binary uses the ones it needs
impl Driver {
    pub async fn new(seed: u64) -> Driver {
        let sim = Sim::demo(seed, SimClock::Manual);
        Driver::start(Faulty::new(sim), None).await
    }

    /// wharf started on this backend, keeping cleanups' plans in `state_dir`, as the runtime starts it: the
    /// plans an earlier run kept are read first.
    pub async fn start(backend: Faulty, state_dir: Option<std::path::PathBuf>) -> Driver {
        let mut d = Driver {
            state: State::new(backend.info(), backend.now()),
            backend,
            audit: Vec::new(),
            state_dir,
        };
        d.state.size = (160, 48);
        if d.state_dir.is_some() {
            let find = wharf::app::cleanup::find_effect(&d.state);
            d.run(vec![find]).await;
        }
        let effects = update(&mut d.state, Action::Tick(d.backend.now()));
        d.run(effects).await;
        d
    }

    /// Carry out effects and everything their answers ask for, as the runtime would.
    pub async fn run(&mut self, mut effects: Vec<Effect>) {
        let mut rounds = 0;
        while !effects.is_empty() {
            rounds += 1;
            assert!(rounds < 50, "effects never settle: {effects:?}");
            let mut next = Vec::new();
            for effect in effects {
                if let Effect::Audit(entry) = &effect {
                    self.audit.push(entry.clone());
                }
                if let Some(dir) = &self.state_dir {
                    let file = wharf::runtime::cleanup_state::perform(Some(dir), &effect);
                    if let Some(answer) = file {
                        next.extend(update(&mut self.state, answer));
                        continue;
                    }
                }
                if let Some(answer) = perform(&self.backend, effect).await {
                    next.extend(update(&mut self.state, answer));
                }
            }
            effects = next;
        }
    }

    pub async fn keys(&mut self, text: &str) {
        for c in text.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                '\x08' => KeyCode::Backspace,
                c => KeyCode::Char(c),
            };
            let effects = update(
                &mut self.state,
                Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            );
            self.run(effects).await;
        }
    }

    pub async fn command(&mut self, line: &str) {
        self.keys(&format!(":{line}\n")).await;
    }

    /// Let virtual time pass, a tick a second, answering every effect.
    pub async fn seconds(&mut self, n: u32) {
        for _ in 0..n {
            self.backend.sim.advance(1000);
            let effects = update(&mut self.state, Action::Tick(self.backend.now()));
            self.run(effects).await;
        }
    }

    /// Open a cluster's services, then move down to one service and open it.
    pub async fn open_service(&mut self, cluster: &str, service: &str) {
        self.command(&format!("svc {cluster}")).await;
        let at = self.row_of(|state, i| {
            let wharf::app::Screen::Services(ServicesScreen { cluster_arn, .. }) = state.screen()
            else {
                return false;
            };
            state
                .service_rows(cluster_arn)
                .get(i)
                .is_some_and(|s| s.name == service)
        });
        self.keys(&"j".repeat(at)).await;
        self.keys("\n").await;
        assert!(
            matches!(self.state.screen(), wharf::app::Screen::Service(ServiceScreen { service_name, .. }) if service_name == service),
            "on {service}: {:?}",
            self.state.screen()
        );
    }

    /// The position among the rows shown of the row `is` picks.
    pub fn row_of(&self, is: impl Fn(&State, usize) -> bool) -> usize {
        let view = self.state.screen().cursor().expect("a table");
        view.rows
            .iter()
            .position(|&i| is(&self.state, i))
            .expect("the row is shown")
    }

    pub async fn service(&self, cluster: &str, name: &str) -> Service {
        let arn = format!("arn:aws:ecs:sandbox-1:000000000000:service/{cluster}/{name}");
        let found = self
            .backend
            .sim
            .describe_services(cluster, &[arn])
            .await
            .unwrap();
        found.items.into_iter().next().expect("the service")
    }

    pub fn flash(&self) -> String {
        self.state
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }

    pub fn outcomes(&self, action: &str) -> Vec<AuditOutcome> {
        self.audit
            .iter()
            .filter(|a| a.action == action)
            .map(|a| a.outcome)
            .collect()
    }
}
