//! Driving wharf on the sandbox as a user would, for the exploring views' tests: keys, user actions and
//! virtual seconds, each answered as the runtime answers effects.
#![allow(dead_code)] // each test binary uses the parts it needs

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wharf::app::explore::{Cell, View};
use wharf::app::{update, Action, Effect, Screen, State, UserAction};
use wharf::app::{ExploreScreen, ServicesScreen};
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::Backend;
use wharf::runtime::settle;

pub struct Walk {
    pub state: State,
    pub sim: Sim,
}

impl Walk {
    /// The demo region with `seed`, `warm_ms` of virtual time after it starts, wharf at 160x48 on the
    /// clusters screen with its first reads answered.
    pub async fn new(seed: u64, warm_ms: i64) -> Walk {
        let sim = Sim::demo(seed, SimClock::Manual);
        sim.advance(warm_ms);
        let mut state = State::new(sim.info(), sim.now());
        state.size = (160, 48);
        let mut walk = Walk { state, sim };
        let fx = update(&mut walk.state, Action::Tick(walk.sim.now()));
        walk.run(fx).await;
        walk
    }

    /// Carry out `fx` and what their answers ask for; then two ticks, for reads that need what the first
    /// answers named (target health of listed groups, log streams of described revisions).
    pub async fn run(&mut self, fx: Vec<Effect>) {
        settle(&mut self.state, &self.sim, fx).await;
        for _ in 0..2 {
            let fx = update(&mut self.state, Action::Tick(self.sim.now()));
            settle(&mut self.state, &self.sim, fx).await;
        }
    }

    /// Type keys: `\n` is Enter, `\x1b` Esc.
    pub async fn keys(&mut self, text: &str) {
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
            self.run(fx).await;
        }
    }

    pub async fn user(&mut self, action: UserAction) {
        let fx = update(&mut self.state, Action::User(action));
        self.run(fx).await;
    }

    /// Let `n` virtual seconds pass, a tick each: budgets refill, polling reads again.
    pub async fn seconds(&mut self, n: i64) {
        for _ in 0..n {
            self.sim.advance(1000);
            let fx = update(&mut self.state, Action::Tick(self.sim.now()));
            settle(&mut self.state, &self.sim, fx).await;
        }
    }

    /// The exploring view on top.
    pub fn view(&self) -> &View {
        match self.state.screen() {
            Screen::Explore(ExploreScreen { view, .. }) => view,
            other => panic!("not an exploring view: {other:?}"),
        }
    }

    /// Each row shown, as the text of its cells, in order.
    pub fn cells(&self) -> Vec<Vec<String>> {
        let Screen::Explore(ExploreScreen { rows, cursor, .. }) = self.state.screen() else {
            panic!("not an exploring view: {:?}", self.state.screen());
        };
        let text = |c: &Cell| match c {
            Cell::Text(t, _) => t.clone(),
            Cell::Number(n, _) => n.to_string(),
            other => format!("{other:?}"),
        };
        cursor
            .rows
            .iter()
            .map(|&i| rows[i].cells.iter().map(text).collect())
            .collect()
    }

    /// The first cell of each row shown.
    pub fn firsts(&self) -> Vec<String> {
        self.cells().into_iter().map(|mut c| c.remove(0)).collect()
    }

    /// Put the cursor on the row whose first cell is `text`.
    pub async fn select(&mut self, text: &str) {
        let at = self
            .firsts()
            .iter()
            .position(|f| f == text)
            .unwrap_or_else(|| panic!("no row {text} in {:?}", self.firsts()));
        for _ in 0..at {
            self.keys("j").await;
        }
    }

    /// On a cluster's services screen, put the cursor on the service named `name`.
    pub async fn select_service(&mut self, name: &str) {
        let Screen::Services(ServicesScreen {
            cluster_arn,
            cursor,
        }) = self.state.screen().clone()
        else {
            panic!("not a services screen: {:?}", self.state.screen());
        };
        let rows = self.state.service_rows(&cluster_arn);
        let at = cursor
            .rows
            .iter()
            .position(|&i| rows[i].name == name)
            .unwrap_or_else(|| panic!("no service {name}"));
        for _ in 0..at {
            self.keys("j").await;
        }
    }
}

/// What wharf draws of `w`'s state at `width` x `height`, a line a row.
pub fn screen_lines(w: &Walk, width: u16, height: u16) -> Vec<String> {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    let theme = wharf::ui::Theme::default();
    terminal
        .draw(|f| wharf::ui::draw(f, &w.state, &theme))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}
