//! An on-call shift in virtual time: wharf walked through the sandbox region's views, a few virtual seconds
//! apart, through `update` and the sandbox backend as the runtime would, with what the cache holds counted
//! after each view. Used by `tests/forget_walk.rs` (the demo region, 8 hours) and by this example (the
//! 2,000-service region, measuring memory).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wharf::app::forget::{Census, SWEEP_EVERY_MS};
use wharf::app::{update, Action, State};
use wharf::backend::sim::Sim;
use wharf::backend::Backend;
use wharf::model::Timestamp;
use wharf::runtime::settle;

const HOUR_MS: i64 = 3_600_000;

/// Where a round of views goes.
pub struct Route {
    /// The clusters visited in turn.
    pub clusters: Vec<String>,
    /// The cluster whose container instances are visited too, if the region has EC2 capacity.
    pub ec2_cluster: Option<String>,
    /// How far down a list the walk goes: the services and task definitions it opens are among the first
    /// `spread` rows, a different one each round.
    pub spread: usize,
}

pub struct Shift {
    pub state: State,
    pub sim: Sim,
    /// Virtual time between two views.
    pub between_views_ms: i64,
    pub views: usize,
    start: Timestamp,
    /// The most the cache held, hour by hour of virtual time.
    pub most: Vec<Census>,
}

impl Shift {
    /// A shift starting now on `sim`, wharf at 160x48 on the clusters screen with its first reads answered.
    pub async fn start(sim: Sim, between_views_ms: i64) -> Shift {
        let mut state = State::new(sim.info(), sim.now());
        state.size = (160, 48);
        let start = sim.now();
        let mut shift = Shift {
            state,
            sim,
            between_views_ms,
            views: 0,
            start,
            most: Vec::new(),
        };
        shift.act(Action::Tick(start)).await;
        shift
    }

    /// Hours of virtual time walked.
    pub fn hours(&self) -> f64 {
        self.sim.now().since(self.start) as f64 / HOUR_MS as f64
    }

    async fn act(&mut self, action: Action) {
        let fx = update(&mut self.state, action);
        settle(&mut self.state, &self.sim, fx).await;
    }

    async fn key(&mut self, code: KeyCode) {
        self.act(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .await;
    }

    async fn down(&mut self, rows: usize) {
        for _ in 0..rows {
            self.key(KeyCode::Char('j')).await;
        }
    }

    async fn command(&mut self, line: &str) {
        self.key(KeyCode::Char(':')).await;
        self.act(Action::Paste(line.into())).await;
        self.key(KeyCode::Enter).await;
    }

    /// A view was opened: it is looked at for `between_views_ms` (a tick reads what it shows).
    async fn viewed(&mut self) {
        self.views += 1;
        self.sim.advance(self.between_views_ms);
        self.act(Action::Tick(self.sim.now())).await;
        let census = self.state.session.cache.census();
        let hour = (self.sim.now().since(self.start) - 1).max(0) / HOUR_MS;
        let hour = usize::try_from(hour).unwrap_or(0);
        if self.most.len() <= hour {
            self.most.resize(hour + 1, Census::default());
        }
        let most = &mut self.most[hour];
        most.entries = most.entries.max(census.entries);
        most.services = most.services.max(census.services);
        most.tasks = most.tasks.max(census.tasks);
        most.task_definitions = most.task_definitions.max(census.task_definitions);
        most.explored = most.explored.max(census.explored);
    }

    /// One round of views through a cluster: its services, one service, one of its tasks with its
    /// definition and logs, the cluster's tasks (every third round), the task definitions, the load
    /// balancers, and on the EC2 cluster its instances.
    pub async fn round(&mut self, route: &Route, round: usize) {
        let cluster = &route.clusters[round % route.clusters.len()];
        // A different row each time this cluster comes round.
        let row = |step: usize| (round / route.clusters.len() * step + round) % route.spread;
        self.command(&format!("svc {cluster}")).await;
        self.viewed().await;
        self.down(row(7)).await;
        self.key(KeyCode::Enter).await;
        self.viewed().await;
        self.down(round % 3).await;
        self.key(KeyCode::Enter).await;
        self.viewed().await;
        self.key(KeyCode::Char('t')).await;
        self.viewed().await;
        self.key(KeyCode::Esc).await;
        self.key(KeyCode::Char('L')).await;
        self.viewed().await;

        if round.is_multiple_of(3) {
            self.command(&format!("tasks {cluster}")).await;
            self.viewed().await;
        }

        self.command("td").await;
        self.viewed().await;
        self.down(row(13)).await;
        self.key(KeyCode::Enter).await;
        self.viewed().await;

        self.command("lb").await;
        self.viewed().await;
        self.down(round % 2).await;
        self.key(KeyCode::Enter).await;
        self.viewed().await;
        self.key(KeyCode::Enter).await;
        self.viewed().await;

        if route.ec2_cluster.as_ref() == Some(cluster) {
            self.command(&format!("instances {cluster}")).await;
            self.viewed().await;
            self.down(round % 5).await;
            self.key(KeyCode::Enter).await;
            self.viewed().await;
        }
    }

    /// Walk `route` until `views` views have been opened.
    pub async fn walk(&mut self, route: &Route, views: usize) {
        let mut round = 0;
        while self.views < views {
            self.round(route, round).await;
            round += 1;
        }
    }

    /// The entries no view has needed or read for longer than `ms` (give or take a sweep and a view), with
    /// no request out.
    pub fn unused_for(&self, ms: i64) -> Vec<String> {
        let oldest = self
            .state
            .now
            .plus_millis(-(ms + SWEEP_EVERY_MS + self.between_views_ms));
        self.state.session.cache.unused_since(oldest)
    }
}
