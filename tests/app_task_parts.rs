//! A big task list fills in as it is read: its first rows after one ListTasks page and one DescribeTasks
//! batch, a placeholder for each task listed and not described yet, counts that say what is missing, and a
//! refresh that is built beside the list on screen. Against the sandbox (ECS's pages of 100), in order: the
//! runtime's parts are applied one at a time, as the event loop would.

mod faulty;
mod ui_fixtures;

use std::sync::Mutex;

use wharf::app::{
    update, Action, Effect, Resource, Screen, State, TaskPart, TasksScreen, UserAction,
};
use wharf::backend::sim::scenarios::large_world_in;
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::{Backend, BackendError};
use wharf::runtime::perform_sending_parts;

/// Paused time: a task read takes `ROUND_TRIP_MS` of it, whatever the machine.
fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("runtime")
}

const ROUND_TRIP_MS: u64 = 60;

struct Setup {
    backend: faulty::Faulty,
    state: State,
    cluster: String,
    /// The cluster's tasks: running, and all of them (the stopped ones too).
    running: usize,
    all: usize,
}

/// 700 services of 3 tasks: 2,100 running tasks in one cluster (and those of its crashing services that
/// stopped), its tasks view open.
fn setup() -> Setup {
    let sim = Sim::new(large_world_in(1, 700, 1), SimClock::Manual);
    let backend = faulty::Faulty::new(sim.clone());
    let cluster = rt().block_on(sim.list_clusters()).unwrap()[0].clone();
    let listed = |desired_status| {
        let filter = wharf::model::TaskFilter {
            service_name: None,
            desired_status,
        };
        rt().block_on(sim.list_tasks(&cluster, &filter)).unwrap()
    };
    let running = listed(wharf::model::DesiredStatus::Running).len();
    let all = running + listed(wharf::model::DesiredStatus::Stopped).len();
    let mut state = State::new(sim.info(), sim.now());
    state.size = (160, 48);
    state.screens.push(Screen::Tasks(TasksScreen {
        cluster_arn: cluster.clone(),
        cursor: Default::default(),
    }));
    Setup {
        backend,
        state,
        cluster,
        running,
        all,
    }
}

fn read(state: &mut State, cluster: &str) -> Effect {
    let resource = Resource::ClusterTasks {
        cluster_arn: cluster.to_string(),
    };
    wharf::app::polling::request(state, resource).expect("a read")
}

/// The read's parts, as they came, then its answer. Each part is marked in the backend's log of task reads
/// with the time it came, so that the order of calls and parts can be asserted.
async fn parts_and_answer(backend: &faulty::Faulty, effect: Effect) -> Vec<Action> {
    let sent = Mutex::new(Vec::new());
    let start = tokio::time::Instant::now();
    let sink = |action: Action| {
        if let Action::FetchedPart { part, .. } = &action {
            let ms = start.elapsed().as_millis();
            let mark = match part {
                TaskPart::Listed(_) => format!("part: listed at {ms} ms"),
                TaskPart::Described { .. } => format!("part: described at {ms} ms"),
            };
            backend.task_reads.lock().unwrap().push(mark);
        }
        sent.lock().unwrap().push(action);
    };
    let answer = perform_sending_parts(backend, effect, Some(&sink)).await;
    let mut actions = sent.into_inner().unwrap();
    actions.extend(answer);
    actions
}

/// The read the poller sends for the screen `seconds` from now (not asked for by anything else: once the
/// screen is gone, no one wants it).
fn polled_read(state: &mut State, seconds: i64) -> Effect {
    let now = wharf::model::Timestamp(state.now.0 + seconds * 1_000);
    update(state, Action::Tick(now))
        .into_iter()
        .find(|e| matches!(e, Effect::Fetch(f) if f.operation().contains("ListTasks")))
        .expect("the screen's read")
}

/// A whole read, its parts and answer applied.
fn read_whole(backend: &faulty::Faulty, state: &mut State, cluster: &str) {
    let effect = read(state, cluster);
    for action in rt().block_on(parts_and_answer(backend, effect)) {
        update(state, action);
    }
}

/// The cluster's task list as the state holds it.
fn list_of(state: &State, cluster: &str) -> wharf::app::TaskList {
    let entry = state.cluster_tasks_of(cluster).expect("read");
    entry.data.clone().expect("a list")
}

fn is_described(action: &Action) -> bool {
    matches!(
        action,
        Action::FetchedPart {
            part: TaskPart::Described { .. },
            ..
        }
    )
}

fn title(state: &State) -> String {
    let frame = ui_fixtures::render(state, 160, 48);
    frame
        .lines()
        .find(|l| l.contains("Tasks of"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_big_task_list_shows_its_first_rows_after_one_page_and_one_batch() {
    let Setup {
        backend,
        mut state,
        cluster,
        running,
        all,
    } = setup();
    backend
        .task_read_ms
        .store(ROUND_TRIP_MS, std::sync::atomic::Ordering::SeqCst);
    let effect = read(&mut state, &cluster);
    let mut actions = rt()
        .block_on(parts_and_answer(&backend, effect))
        .into_iter();

    // The first rows come two round trips after the read began: a page (of each listing, side by side),
    // then its batch. The old read listed every page first: 22 round trips here.
    let log = backend.task_reads.lock().unwrap().clone();
    let first = log
        .iter()
        .find(|l| l.starts_with("part: described"))
        .expect("parts");
    let two = 2 * ROUND_TRIP_MS;
    assert_eq!(first, &format!("part: described at {two} ms"), "{log:?}");
    let pages = log.iter().filter(|l| *l == "ListTasks").count();
    assert!(
        pages >= 22,
        "2,100 live tasks are 21 pages, and the stopped ones' page: {pages}"
    );

    // Applied up to that batch: rows on screen, the rest waiting as placeholders.
    for action in actions.by_ref() {
        let described = is_described(&action);
        update(&mut state, action);
        if described {
            break;
        }
    }
    let list = list_of(&state, &cluster);
    assert!(list.is_loading());
    let (listed, described) = list.progress();
    // One batch: the first page of one of the two listings (running or stopped, whichever came first).
    assert!((1..=100).contains(&described), "{described} described");
    assert!(listed > described, "{listed} listed");
    let shown = title(&state);
    let waiting = listed - described;
    assert!(
        shown.contains(&format!(
            "{listed} listed · {described} described · {waiting} waiting"
        )),
        "{shown}"
    );
    // Tall enough to show the rows after the described ones.
    let frame = ui_fixtures::render(&state, 160, 300);
    assert!(frame.contains("reading…"), "{frame}");
    // Counts and actions see the described tasks only.
    assert_eq!(list.len(), described);
    assert_eq!(list.rows().len(), listed);

    // The rest, then the answer: the whole list, nothing waiting.
    for action in actions {
        update(&mut state, action);
    }
    let list = list_of(&state, &cluster);
    assert!(!list.is_loading());
    assert_eq!(list.waiting(), (0, false));
    assert_eq!(list.len(), all);
    assert_eq!(list.rows().len(), all);
    let shown = title(&state);
    assert!(shown.contains(&format!("({running} live")), "{shown}");
    assert!(!shown.contains("waiting"), "{shown}");
}

#[test]
fn a_refresh_updates_the_list_on_screen_in_place_and_never_empties_it() {
    let Setup {
        backend,
        mut state,
        cluster,
        all,
        ..
    } = setup();
    read_whole(&backend, &mut state, &cluster);
    let whole = list_of(&state, &cluster);
    assert_eq!(whole.len(), all);

    // Nothing changed in the account: no part changes a row, so none rearranges or redraws.
    let effect = read(&mut state, &cluster);
    for action in rt().block_on(parts_and_answer(&backend, effect)) {
        update(&mut state, action);
        assert!(state.quiet, "a part that changed nothing");
        assert_eq!(list_of(&state, &cluster).rows(), whole.rows());
    }

    // A task is stopped: the refresh replaces its row where it is, keeps every other, and sorts at its end.
    let victim = whole[0].arn.clone();
    rt().block_on(backend.sim.stop_task(&cluster, &victim, "test"))
        .expect("stopped");
    let effect = read(&mut state, &cluster);
    let mut actions = rt().block_on(parts_and_answer(&backend, effect));
    let answer = actions.pop().expect("the answer");
    for action in actions {
        update(&mut state, action);
        let shown = list_of(&state, &cluster);
        assert!(!shown.is_loading());
        assert_eq!(shown.len(), all, "never fewer rows while it reads");
    }
    let shown = list_of(&state, &cluster);
    assert_eq!(shown[0].arn, victim, "in its place until the read ends");
    assert_eq!(
        shown[0].desired_status,
        wharf::model::DesiredStatus::Stopped
    );
    update(&mut state, answer);
    let shown = list_of(&state, &cluster);
    assert_eq!(shown.len(), all);
    assert_ne!(shown[0].arn, victim, "sorted among the stopping ones");
}

#[test]
fn tasks_a_throttled_batch_left_undescribed_wait_as_placeholders_and_are_not_stopped_blind() {
    let Setup {
        backend,
        mut state,
        cluster,
        all,
        ..
    } = setup();
    // The batch that asks for this task is throttled: 100 tasks stay listed and undescribed.
    let arns = rt()
        .block_on(backend.sim.list_tasks(
            &cluster,
            &wharf::model::TaskFilter {
                service_name: None,
                desired_status: wharf::model::DesiredStatus::Running,
            },
        ))
        .unwrap();
    let unlucky = arns[250].clone();
    *backend.throttle_task.lock().unwrap() = Some(unlucky.clone());
    read_whole(&backend, &mut state, &cluster);
    let entry = state.cluster_tasks_of(&cluster).unwrap();
    assert!(
        matches!(entry.status.error, Some(BackendError::Throttled { .. })),
        "{:?}",
        entry.status.error
    );
    let list = entry.data.clone().unwrap();
    assert_eq!(list.waiting(), (100, true));
    assert!(list.is_placeholder(&unlucky));
    assert_eq!(list.len(), all - 100);
    let shown = title(&state);
    assert!(shown.contains(" · 100 waiting: throttled)"), "{shown}");
    let frame = ui_fixtures::render(&state, 160, 48);
    assert!(frame.contains("throttled"), "{frame}");

    // Stopping the placeholder's task is refused: what it is, nobody knows yet.
    if let Screen::Tasks(screen) = state.screens.last_mut().unwrap() {
        screen.cursor.selected_key = Some(unlucky.clone());
    }
    update(&mut state, Action::User(UserAction::StopTask));
    let flash = state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    assert!(flash.contains("is not read yet"), "{flash}");
    assert!(state.overlay.dialog_mut().is_none());

    // Read on its own (Enter on it), the task can be stopped: what it is is known now.
    let task = wharf::app::Resource::Task {
        cluster_arn: cluster.clone(),
        task_arn: unlucky.clone(),
    };
    let effect = wharf::app::polling::request(&mut state, task).expect("a read");
    for action in rt().block_on(parts_and_answer(&backend, effect)) {
        update(&mut state, action);
    }
    update(&mut state, Action::User(UserAction::StopTask));
    assert!(state.overlay.dialog_mut().is_some(), "{:?}", state.flash);
    update(&mut state, Action::User(UserAction::Cancel));

    // The next read, not throttled, describes them.
    *backend.throttle_task.lock().unwrap() = None;
    read_whole(&backend, &mut state, &cluster);
    let list = list_of(&state, &cluster);
    assert_eq!(list.waiting(), (0, false));
    assert_eq!(list.len(), all);
}

#[test]
fn a_read_whose_screen_was_left_and_opened_again_keeps_every_row() {
    let Setup {
        backend,
        mut state,
        cluster,
        all,
        ..
    } = setup();
    read_whole(&backend, &mut state, &cluster);
    let effect = polled_read(&mut state, 120);
    let actions = rt().block_on(parts_and_answer(&backend, effect));
    let half = actions.len() / 2;
    // Back to the clusters list for the first half of the refresh's parts, then the tasks again.
    let screen = state.screens.pop().expect("the tasks screen");
    for (i, action) in actions.into_iter().enumerate() {
        if i == half {
            state.screens.push(screen.clone());
        }
        update(&mut state, action);
    }
    assert_eq!(list_of(&state, &cluster).len(), all);
}

#[test]
fn a_first_read_left_before_its_end_leaves_nothing_to_pass_for_the_whole_list() {
    let Setup {
        backend,
        mut state,
        cluster,
        ..
    } = setup();
    let effect = polled_read(&mut state, 0);
    let mut actions = rt().block_on(parts_and_answer(&backend, effect));
    let answer = actions.pop().expect("the answer");
    for action in actions.into_iter().take(6) {
        update(&mut state, action);
    }
    assert!(list_of(&state, &cluster).is_loading());
    state.screens.pop();
    update(&mut state, answer);
    let entry = state.cluster_tasks_of(&cluster).expect("the entry");
    assert!(
        entry.data.is_none(),
        "a part of a list is not kept as the list"
    );
}

#[test]
fn a_first_read_whose_listing_broke_off_says_it_holds_part_of_the_list() {
    let Setup {
        backend,
        mut state,
        cluster,
        all,
        ..
    } = setup();
    *backend.list_tasks_pages.lock().unwrap() = Some(4);
    read_whole(&backend, &mut state, &cluster);
    let entry = state.cluster_tasks_of(&cluster).expect("the entry");
    assert!(entry.status.error.is_some());
    let list = list_of(&state, &cluster);
    assert!(!list.is_loading() && list.is_partial());
    assert!(
        !list.is_empty() && list.len() < all,
        "{} of {all}",
        list.len()
    );
    let shown = title(&state);
    assert!(shown.contains("listed so far"), "{shown}");
    assert!(!shown.contains("live"), "{shown}");

    // The next read lists it whole: it is the list then.
    *backend.list_tasks_pages.lock().unwrap() = None;
    read_whole(&backend, &mut state, &cluster);
    let list = list_of(&state, &cluster);
    assert!(!list.is_partial());
    assert_eq!(list.len(), all);
}
