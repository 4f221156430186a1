//! Snapshots of every exploring view filled from the sandbox (a fixed seed and virtual clock, so the frames
//! are the same on every run), at 80x24 and 160x48: task definition families, revisions, a revision's JSON and
//! a diff, listeners, rules, target groups, targets, an instance's tasks and a task's logs. Their loading,
//! empty and error states are drawn by the same code as `ui_explore`'s.

mod ui_fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ui_fixtures::render;
use wharf::app::{update, Action, State, UserAction};
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::Backend;
use wharf::runtime::settle;

struct Walk {
    state: State,
    sim: Sim,
}

impl Walk {
    async fn new() -> Walk {
        let sim = Sim::demo(3, SimClock::Manual);
        sim.advance(120_000);
        let mut state = State::new(sim.info(), sim.now());
        state.size = (160, 48);
        let mut w = Walk { state, sim };
        w.wait().await;
        w
    }

    async fn wait(&mut self) {
        for _ in 0..3 {
            self.sim.advance(1000);
            let fx = update(&mut self.state, Action::Tick(self.sim.now()));
            settle(&mut self.state, &self.sim, fx).await;
        }
    }

    async fn keys(&mut self, text: &str) {
        for c in text.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            let fx = update(
                &mut self.state,
                Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            );
            settle(&mut self.state, &self.sim, fx).await;
        }
        self.wait().await;
    }

    async fn user(&mut self, action: UserAction) {
        let fx = update(&mut self.state, Action::User(action));
        settle(&mut self.state, &self.sim, fx).await;
        self.wait().await;
    }

    fn snap(&self, name: &str) {
        for (w, h) in [(80u16, 24u16), (160, 48)] {
            let mut state = self.state.clone();
            update(&mut state, Action::Resize(w, h));
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(&state, w, h));
        }
    }
}

#[tokio::test]
async fn task_definition_views() {
    let mut w = Walk::new().await;
    w.keys(":td\n").await;
    w.snap("walk_families");
    w.keys(":td web\n").await;
    w.snap("walk_revisions");
    w.keys("\n").await;
    w.snap("walk_revision_json");
    w.keys("\x1bd").await;
    w.snap("walk_revision_diff");
}

#[tokio::test]
async fn load_balancer_views() {
    let mut w = Walk::new().await;
    w.keys(":lb\nj\n").await;
    w.snap("walk_listeners");
    w.keys("\n").await;
    w.snap("walk_rules");
    w.keys("\n").await;
    w.snap("walk_target_groups");
    w.keys("\n").await;
    w.snap("walk_targets");
}

#[tokio::test]
async fn an_instances_tasks_and_a_tasks_logs() {
    let mut w = Walk::new().await;
    w.keys(":instances prod-ec2\n\n").await;
    w.snap("walk_instance_tasks");
    w.keys("\n").await;
    w.user(UserAction::Logs).await;
    w.snap("walk_task_logs");
    assert_eq!(w.sim.now(), w.state.now);
}
