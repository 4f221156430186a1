//! The README's screenshots: the main views of the sandbox region at a fixed virtual time, as SVG.
//!
//! `cargo run --example screenshots` writes them into `screenshots/`; `tests/screenshots.rs` fails when the
//! committed files no longer match what the code draws. Everything here is deterministic: the sandbox is seeded,
//! its clock manual, and the app is driven one effect at a time.

use crate::app::ServiceScreen;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

use crate::app::{update, Action, Screen, State, UserAction};
use crate::backend::sim::{Sim, SimClock};
use crate::backend::Backend;
use crate::model::TaskStatus;
use crate::runtime::settle;
use crate::ui::svg::{buffer_to_svg, Palette};
use crate::ui::{self, Theme};

/// The demo region's seed.
pub const SEED: u64 = 1;
/// Virtual time run after the demo's warm-up: the payments rollout is half done, search's broken deployment
/// has been rolled back (its story starts when wharf does), storefront's blue/green deployment waits for
/// approval, recommendations' targets are unhealthy and image-resizer is crash-looping.
pub const AFTER_WARMUP_MS: i64 = 4 * 60_000;
/// The terminal size of every screenshot but the small clusters one.
pub const SIZE: (u16, u16) = (120, 32);
/// The small terminal the clusters view is also shown at.
pub const SMALL: (u16, u16) = (80, 24);

/// The cluster, the service mid-rollout, and the crash-looping service the screenshots open.
const CLUSTER: &str = "prod-fargate";
const ROLLOUT: &str = "payments";
const CRASHING: &str = "image-resizer";
/// The blue/green service whose deployment waits at its pause hook.
const BLUE_GREEN: &str = "storefront";
/// A service whose tasks have ECS Exec on.
const EXEC: &str = "web";

/// Every shipped theme, by the name its screenshot file carries.
pub fn themes() -> Vec<(String, Theme)> {
    Theme::shipped_names()
        .filter_map(|name| Some((name.to_string(), Theme::shipped(name)?)))
        .chain([("no-color".to_string(), Theme::monochrome())])
        .collect()
}

/// One screenshot: its file name, the frame, and the terminal colours it is shown in.
#[derive(Debug, Clone)]
pub struct Shot {
    pub file: String,
    pub buffer: Buffer,
    pub palette: Palette,
}

/// Every screenshot as (file name, SVG).
///
/// # Panics
///
/// Inside a tokio runtime (it runs its own), or when the demo region no longer has what the screenshots show.
pub fn render_all() -> Vec<(String, String)> {
    shots()
        .into_iter()
        .map(|s| {
            let svg = buffer_to_svg(&s.buffer, &s.palette);
            (s.file, svg)
        })
        .collect()
}

/// Every screenshot as a frame, in the order of [`render_all`].
///
/// # Panics
///
/// As [`render_all`].
pub fn shots() -> Vec<Shot> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread tokio runtime starts");
    runtime.block_on(walk())
}

/// The whole screen for `state` in a `width` x `height` terminal: the only place the screenshots draw.
fn frame(state: &State, theme: &Theme, (width, height): (u16, u16)) -> Buffer {
    let mut state = state.clone();
    let fx = update(&mut state, Action::Resize(width, height));
    assert!(fx.is_empty(), "a settled state wants nothing more: {fx:?}");
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).expect("a test terminal opens");
    terminal
        .draw(|f| ui::draw(f, &state, theme))
        .expect("drawing into a test terminal cannot fail");
    terminal.backend().buffer().clone()
}

async fn walk() -> Vec<Shot> {
    let sim = Sim::demo(SEED, SimClock::Manual);
    sim.advance(AFTER_WARMUP_MS);
    let mut state = State::new(sim.info(), sim.now());
    let mut fx = update(&mut state, Action::Resize(SIZE.0, SIZE.1));
    fx.extend(update(&mut state, Action::Tick(sim.now())));
    settle(&mut state, &sim, fx).await;

    let default_theme = Theme::default();
    let shot = |file: &str, state: &State, theme: &Theme, size| Shot {
        file: file.to_string(),
        buffer: frame(state, theme, size),
        palette: Palette::for_theme(theme),
    };
    let mut shots = Vec::new();
    select(&mut state, |arn| {
        arn.ends_with(&format!(":cluster/{CLUSTER}"))
    });
    shots.push(shot("clusters.svg", &state, &default_theme, SIZE));
    shots.push(shot(
        &format!("clusters-{}x{}.svg", SMALL.0, SMALL.1),
        &state,
        &default_theme,
        SMALL,
    ));

    open(&mut state, &sim).await;
    select(&mut state, |arn| {
        arn.ends_with(&format!("/{CLUSTER}/{ROLLOUT}"))
    });
    shots.push(shot("services.svg", &state, &default_theme, SIZE));
    for (name, theme) in themes() {
        shots.push(shot(&format!("services-{name}.svg"), &state, &theme, SIZE));
    }
    update(&mut state, Action::User(UserAction::Help));
    shots.push(shot("help.svg", &state, &default_theme, SIZE));
    update(&mut state, Action::User(UserAction::Help));

    open(&mut state, &sim).await;
    shots.push(shot("service.svg", &state, &default_theme, SIZE));

    // The rollout's metrics: what it does to CPU, requests and response time, its start marked.
    let fx = update(&mut state, Action::User(UserAction::Metrics));
    settle(&mut state, &sim, fx).await;
    wait(&mut state, &sim).await;
    shots.push(shot("metrics.svg", &state, &default_theme, SIZE));
    update(&mut state, Action::User(UserAction::Back));

    update(&mut state, Action::User(UserAction::Back));
    select(&mut state, |arn| {
        arn.ends_with(&format!("/{CLUSTER}/{BLUE_GREEN}"))
    });
    open(&mut state, &sim).await;
    shots.push(shot("blue-green.svg", &state, &default_theme, SIZE));

    // A shell in one of web's tasks (ECS Exec): the dialog, its containers and their agents.
    update(&mut state, Action::User(UserAction::Back));
    select(&mut state, |arn| {
        arn.ends_with(&format!("/{CLUSTER}/{EXEC}"))
    });
    open(&mut state, &sim).await;
    let fx = update(&mut state, Action::User(UserAction::Exec));
    settle(&mut state, &sim, fx).await;
    shots.push(shot("exec.svg", &state, &default_theme, SIZE));
    update(&mut state, Action::User(UserAction::Cancel));
    // "cancelled" is this walk's, not the pictures that follow.
    state.flash = None;

    update(&mut state, Action::User(UserAction::Back));
    select(&mut state, |arn| {
        arn.ends_with(&format!("/{CLUSTER}/{CRASHING}"))
    });
    open(&mut state, &sim).await;
    let Screen::Service(ServiceScreen {
        cluster_arn,
        service_name,
        ..
    }) = state.screen().clone()
    else {
        panic!("{CRASHING} did not open: {:?}", state.screen());
    };
    let stopped = state
        .tasks_of(&cluster_arn, &service_name)
        .and_then(|l| l.data.as_ref())
        .and_then(|tasks| {
            tasks
                .iter()
                .find(|t| t.last_status == TaskStatus::Stopped && t.stopped_reason.is_some())
        })
        .map(|t| t.arn.clone())
        .unwrap_or_else(|| panic!("{CRASHING} has a stopped task"));
    select(&mut state, |arn| arn == stopped);
    open(&mut state, &sim).await;
    shots.push(shot("task.svg", &state, &default_theme, SIZE));

    // Why it crashed, in its own words: the task's last log lines.
    let fx = update(&mut state, Action::User(UserAction::Logs));
    settle(&mut state, &sim, fx).await;
    wait(&mut state, &sim).await;
    shots.push(shot("logs.svg", &state, &default_theme, SIZE));

    command(&mut state, &sim, "td web").await;
    let fx = update(&mut state, Action::User(UserAction::Diff));
    settle(&mut state, &sim, fx).await;
    wait(&mut state, &sim).await;
    shots.push(shot("td-diff.svg", &state, &default_theme, SIZE));
    update(&mut state, Action::User(UserAction::Back));

    command(&mut state, &sim, "lb").await;
    select(&mut state, |arn| arn.contains("/prod-public/"));
    open(&mut state, &sim).await;
    open(&mut state, &sim).await;
    shots.push(shot("lb-rules.svg", &state, &default_theme, SIZE));

    command(&mut state, &sim, "instances prod-ec2").await;
    shots.push(shot("instances.svg", &state, &default_theme, SIZE));
    shots
}

/// Run a command line, as typed, and wait for what it shows.
async fn command(state: &mut State, sim: &Sim, line: &str) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |code| Action::Key(KeyEvent::new(code, KeyModifiers::NONE));
    update(state, key(KeyCode::Char(':')));
    for c in line.chars() {
        update(state, key(KeyCode::Char(c)));
    }
    let fx = update(state, key(KeyCode::Enter));
    settle(state, sim, fx).await;
    wait(state, sim).await;
}

/// Let a few virtual seconds pass, a tick each, answering every read: views whose reads depend on earlier
/// answers (logs on task definitions) fill in, within the API budget.
async fn wait(state: &mut State, sim: &Sim) {
    for _ in 0..3 {
        sim.advance(1_000);
        let fx = update(state, Action::Tick(sim.now()));
        settle(state, sim, fx).await;
    }
}

/// Move the cursor to the first row whose key (an ARN) matches.
fn select(state: &mut State, wanted: impl Fn(&str) -> bool) {
    update(state, Action::User(UserAction::Top));
    loop {
        let cursor = state.screen().cursor().cloned().unwrap_or_default();
        if cursor.selected_key.as_deref().is_some_and(&wanted) {
            return;
        }
        update(state, Action::User(UserAction::Down));
        let moved = state.screen().cursor().map(|c| c.selected);
        assert!(
            moved != Some(cursor.selected),
            "no row to select on {:?}",
            state.screen()
        );
    }
}

/// Open the selected row and wait for its data.
async fn open(state: &mut State, backend: &dyn Backend) {
    let fx = update(state, Action::User(UserAction::Open));
    settle(state, backend, fx).await;
}
