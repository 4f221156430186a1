//! What each user action does to the state when nothing is open over the screen, and who takes it when
//! something is (the `:`/`/` line, a dialog, the help or the audit log).

use super::console;
use super::mutation::{
    Cleanup as CleanupChange, ContinueDeployment, Deploy as DeployChange, DeployTo,
    Exec as ExecChange, Mutation, MutationKind, Rollback as RollbackChange, Scale as ScaleChange,
    SetInstancesState, SetProtection, StopTasks,
};
use super::navigation::{self, Move};
use super::operate::hook;
use super::polling;
use super::table::current_rows;
use super::UserAction::{self, *};
use super::{
    cleanup, line, operate, sorting, Effect, Flash, FlashLevel, Overlay, Prompt, PromptKind,
    Screen, State,
};
use crate::app::TaskScreen;
use crate::model::arn_name;

/// What applying an action asks of `update`: effects to run, and whether to fetch what is on screen now.
#[derive(Default)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    pub refresh: bool,
}

impl Outcome {
    pub(super) fn effect(effect: Effect) -> Self {
        Outcome {
            effects: vec![effect],
            refresh: false,
        }
    }

    pub(super) fn effects(effects: Vec<Effect>) -> Self {
        Outcome {
            effects,
            refresh: false,
        }
    }

    fn refresh() -> Self {
        Outcome {
            effects: Vec::new(),
            refresh: true,
        }
    }
}

pub fn apply(state: &mut State, action: UserAction) -> Outcome {
    match state.overlay {
        Overlay::Prompt(_) => return line::in_prompt(state, action),
        Overlay::Dialog(_) => return operate::in_dialog(state, action),
        Overlay::Cleanup => {
            let running = state.cleanup.as_ref().is_some_and(|r| r.is_running());
            match action {
                Submit | Open => {
                    return Outcome {
                        effects: cleanup::resume(state),
                        refresh: false,
                    }
                }
                Back | Cancel if running => {
                    return Outcome::effects(cleanup::stop_requested(state))
                }
                Back | Cancel | Help => state.overlay = Overlay::None,
                DiscardCleanup => return Outcome::effects(cleanup::discard(state)),
                Quit => return Outcome::effects(operate::quit(state)),
                Refresh => return Outcome::refresh(),
                _ => {}
            }
            return Outcome::default();
        }
        Overlay::Forwards { selected } => {
            let last = state.forwards.len().saturating_sub(1);
            match action {
                Up => {
                    state.overlay = Overlay::Forwards {
                        selected: selected.saturating_sub(1),
                    }
                }
                Down => {
                    state.overlay = Overlay::Forwards {
                        selected: (selected + 1).min(last),
                    }
                }
                Open | Submit => {
                    if let Some(id) = state.forwards.get(selected).map(|f| f.id) {
                        return Outcome::effects(super::forwards::close(state, id));
                    }
                }
                Back | Cancel | Help => state.overlay = Overlay::None,
                Quit => return Outcome::effects(operate::quit(state)),
                _ => {}
            }
            return Outcome::default();
        }
        Overlay::Help { .. }
        | Overlay::Audit(_)
        | Overlay::Budget { .. }
        | Overlay::Messages { .. }
        | Overlay::Text(_) => {
            // The help and the audit log take Esc and swallow movement, so a key meant for them never moves
            // a table.
            match action {
                Back | Help | Cancel => state.overlay = Overlay::None,
                Quit => return Outcome::effects(operate::quit(state)),
                Up | Down | PageUp | PageDown | Top | Bottom => scroll_overlay(state, action),
                Refresh => return Outcome::refresh(),
                PausePolling => pause(state),
                Reveal => super::text_copy::reveal(state),
                CopyText => return super::text_copy::copy(state),
                // `:` from the help (it lists the commands) closes it and opens the command line.
                Command => {
                    state.overlay =
                        Overlay::Prompt(Box::new(Prompt::new(PromptKind::Command, "", None)))
                }
                _ => {}
            }
            return Outcome::default();
        }
        Overlay::None => {}
    }
    if let Some(outcome) = super::pane_keys::apply(state, action) {
        return outcome;
    }
    if let Some(outcome) = super::metrics_view::keys(state, action) {
        return outcome;
    }
    match action {
        Up => navigation::move_cursor(state, Move::By(-1)),
        Down => navigation::move_cursor(state, Move::By(1)),
        PageUp => navigation::move_cursor(state, Move::Pages(-1)),
        PageDown => navigation::move_cursor(state, Move::Pages(1)),
        Top => navigation::move_cursor(state, Move::Top),
        Bottom => navigation::move_cursor(state, Move::Bottom),
        Open => {
            // The task screen has nothing to open: Enter shows why it stopped, every word of it.
            if matches!(state.screen(), super::Screen::Task(_)) {
                if let Some(view) = super::pane_text::task_story(state) {
                    state.overlay = Overlay::Text(view);
                }
            } else if navigation::enter(state) {
                let reads = state.screen().spec().read_at_once(state);
                let effects = reads.into_iter().filter_map(|r| polling::request(state, r));
                return Outcome::effects(effects.collect());
            }
        }
        Back => back(state),
        Refresh => return Outcome::refresh(),
        PausePolling => pause(state),
        Help => state.overlay = Overlay::Help { scroll: 0 },
        Quit => return Outcome::effects(operate::quit(state)),
        Command => {
            state.overlay = Overlay::Prompt(Box::new(Prompt::new(PromptKind::Command, "", None)))
        }
        Filter => line::open_filter(state),
        SortNext => sorting::step_sort(state, 1),
        SortPrevious => sorting::step_sort(state, -1),
        SortReverse => sorting::reverse_sort(state),
        Mark => mark(state),
        ClearMarks => clear_marks(state),
        CopyArn => return copy(state, false),
        CopyId => return copy(state, true),
        Console => return console::copy_url(state),
        Scale => return act(state, MutationKind::Scale, None),
        StopTask => return act(state, MutationKind::StopTasks, None),
        Deploy => return deploy(state, DeployTo::Revision(String::new()), None),
        DeployImage => return deploy(state, DeployChange::image(), None),
        ForceDeploy => return deploy(state, DeployTo::Force, None),
        Rollback => return rollback(state),
        Protect => return protect(state, None, None),
        UserAction::Exec => return exec(state, None, None),
        ContinueDeployment => return hook::approve(state),
        UserAction::Cleanup => return open_cleanup(state),
        Drain => {
            let draft = SetInstancesState::draft(state);
            return operate::open(state, MutationKind::SetInstancesState, draft, None);
        }
        Instances => super::explore::jumps::instances(state),
        TargetGroups => super::explore::jumps::target_groups(state),
        TaskDefinition => super::explore::jumps::definition(state),
        Diff => super::explore::jumps::diff(state),
        UserAction::Logs => super::explore::log_jumps::logs(state, None),
        Follow => super::explore::log_jumps::follow(state),
        Metrics => return super::metrics_view::open(state),
        Wrap => super::explore::log_jumps::wrap(state),
        Submit | Cancel | Complete | HistoryPrevious | HistoryNext | NextPane | PreviousPane
        | Zoom | Reveal | CopyText | DiscardCleanup | MetricsRange => {}
    }
    Outcome::default()
}

/// The cleanup's dialog for what is on screen; while a cleanup runs, its progress instead.
pub fn open_cleanup(state: &mut State) -> Outcome {
    // One runs, or one stopped halfway in the cluster on screen (this run's or an earlier one's), or on what
    // is gone: show it, to resume. A cluster keeps one plan on disk, so a new cleanup there waits until the
    // stopped one is resumed or forgotten.
    let draft = CleanupChange::draft(state);
    let cluster = match &draft {
        Ok(Mutation::Cleanup(c)) => Some(c.scope().cluster_arn().to_string()),
        _ => None,
    };
    let running = state.cleanup.as_ref().is_some_and(|r| r.is_running());
    let shown = running
        || match &cluster {
            Some(cluster) => cleanup::take_up(state, cluster),
            None => state.cleanup.as_ref().is_some_and(|r| r.can_resume()),
        };
    if shown {
        state.overlay = Overlay::Cleanup;
        return Outcome::default();
    }
    operate::open(state, MutationKind::Cleanup, draft, None)
}

/// Open the dialog of a scale or a stop for what is on screen; `prefill` is what a command typed.
pub fn act(state: &mut State, kind: MutationKind, prefill: Option<&str>) -> Outcome {
    let draft = match kind {
        MutationKind::StopTasks => StopTasks::draft(state),
        MutationKind::Autoscale => super::mutation::Autoscale::draft(state),
        _ => ScaleChange::draft(state),
    };
    operate::open(state, kind, draft, prefill)
}

/// The deploy dialog of one of the three kinds; `prefill` is an image a command typed.
pub fn deploy(state: &mut State, to: DeployTo, prefill: Option<&str>) -> Outcome {
    let draft = DeployChange::draft(state, to);
    operate::open(state, MutationKind::Deploy, draft, prefill)
}

/// Protect the tasks in sight from scale-in (`Some(true)`), end their protection (`Some(false)`), or (`None`)
/// whichever they need; `minutes` is what a command typed.
pub fn protect(state: &mut State, protect: Option<bool>, minutes: Option<&str>) -> Outcome {
    let draft = SetProtection::draft(state, protect);
    operate::open(state, MutationKind::SetProtection, draft, minutes)
}

/// A shell in a container of the task in sight (ECS Exec); `container` and `command` are what `:exec`
/// typed. A task started without ECS Exec opens the dialog that turns it on for its service instead.
pub fn exec(state: &mut State, container: Option<&str>, command: Option<&str>) -> Outcome {
    let draft = ExecChange::draft(state, container);
    let kind = match &draft {
        Ok(m) => m.kind(),
        Err(_) => MutationKind::Exec,
    };
    operate::open(state, kind, draft, command)
}

/// `:forward LOCAL:PORT` or `:forward LOCAL:HOST:PORT`.
pub fn forward(state: &mut State, spec: &str) -> Outcome {
    let draft = super::mutation::Forward::draft(state, spec);
    operate::open(state, MutationKind::Forward, draft, None)
}

/// `:forwards`: the open forwards, to close one.
pub fn forwards(state: &mut State) -> Outcome {
    state.overlay = Overlay::Forwards { selected: 0 };
    Outcome::default()
}

/// `:exec [CONTAINER] [-- COMMAND]`.
pub fn exec_command(state: &mut State, args: &str) -> Outcome {
    // `--` alone separates the command (a container may have `--` in its name).
    let words: Vec<&str> = args.split_whitespace().collect();
    let (container, command) = match words.iter().position(|w| *w == "--") {
        Some(at) => (&words[..at], Some(words[at + 1..].join(" "))),
        None => (&words[..], None),
    };
    let container = container.join(" ");
    let command = command.filter(|c| !c.is_empty());
    exec(
        state,
        (!container.is_empty()).then_some(container.as_str()),
        command.as_deref(),
    )
}

/// Roll back the service in sight; while a pause hook holds its deployment, release the hook with ROLLBACK.
pub fn rollback(state: &mut State) -> Outcome {
    if hook::waits(state) {
        let draft = ContinueDeployment::draft(state, crate::model::HookAction::Rollback);
        return operate::open(state, MutationKind::ContinueDeployment, draft, None);
    }
    let draft = RollbackChange::draft(state);
    operate::open(state, MutationKind::Rollback, draft, None)
}

/// Esc: clear the filter first, then go up a level.
fn back(state: &mut State) {
    if let Some(view) = state.screen_mut().cursor_mut() {
        if view.filter.take().is_some() {
            state.flash = Some(Flash::new(FlashLevel::Info, "filter cleared"));
            return;
        }
    }
    navigation::back(state);
}

fn mark(state: &mut State) {
    let Some(view) = state.screen_mut().cursor_mut() else {
        return;
    };
    let Some(key) = view.selected_key.clone() else {
        return;
    };
    if !view.marks.remove(&key) {
        view.marks.insert(key);
    }
    navigation::move_cursor(state, Move::By(1));
}

fn clear_marks(state: &mut State) {
    if let Some(view) = state.screen_mut().cursor_mut() {
        let n = std::mem::take(&mut view.marks).len();
        state.flash = Some(Flash::new(FlashLevel::Info, format!("unmarked {n}")));
    }
}

/// The ARNs the user means: the marked rows (in the order shown), else the selected row; on the task screen,
/// its task.
pub(crate) fn selection(state: &State) -> Vec<String> {
    if let Screen::Task(TaskScreen { task_arn, .. }) = state.screen() {
        return vec![task_arn.clone()];
    }
    let (Some(view), Some(rows)) = (state.screen().cursor(), current_rows(state)) else {
        return Vec::new();
    };
    if !view.marks.is_empty() {
        let mut marked: Vec<String> = view
            .rows
            .iter()
            .filter_map(|&i| rows.key(i))
            .filter(|k| view.marks.contains(*k))
            .map(str::to_string)
            .collect();
        // Marked rows the filter hides count too.
        let hidden: Vec<String> = view
            .marks
            .iter()
            .filter(|k| !marked.contains(k))
            .cloned()
            .collect();
        marked.extend(hidden);
        return marked;
    }
    view.selected_key.iter().cloned().collect()
}

fn copy(state: &mut State, ids: bool) -> Outcome {
    let chosen = selection(state);
    if chosen.is_empty() {
        state.flash = Some(Flash::new(FlashLevel::Info, "nothing selected to copy"));
        return Outcome::default();
    }
    let what = if ids { "name" } else { "ARN" };
    let text: Vec<&str> = chosen
        .iter()
        .map(|arn| if ids { arn_name(arn) } else { arn.as_str() })
        .collect();
    let shown = match text.as_slice() {
        [one] => one.to_string(),
        many => format!("{} {what}s", many.len()),
    };
    state.flash = Some(Flash::new(
        FlashLevel::Info,
        format!("copied {shown} (through the terminal: OSC 52)"),
    ));
    Outcome::effect(Effect::Copy {
        text: text.join("\n"),
    })
}

/// Pause polling, or resume it (at once: what is on screen is read again as it comes due).
pub fn pause(state: &mut State) {
    set_paused(state, !state.paused);
}

/// Pause polling (`true`) or resume it, and say so (also when it already was).
pub fn set_paused(state: &mut State, paused: bool) {
    let text = match (state.paused, paused) {
        (false, true) => "polling paused: nothing is read until you ask (r refreshes, p resumes)",
        (true, false) => "polling resumed",
        (true, true) => "polling was already paused (p or :resume resumes it)",
        (false, false) => "polling is not paused",
    };
    state.paused = paused;
    state.flash = Some(Flash::new(FlashLevel::Info, text));
}

/// Move the help's or the audit log's view when it does not fit the terminal.
fn scroll_overlay(state: &mut State, action: UserAction) {
    let (max, page) = match state.overlay {
        Overlay::Help { .. } => {
            let geometry = crate::app::help::of(state);
            (geometry.max_scroll(), geometry.visible.max(1))
        }
        Overlay::Audit(_)
        | Overlay::Budget { .. }
        | Overlay::Messages { .. }
        | Overlay::Text(_) => (u16::MAX, state.size.1.saturating_sub(6).max(1)),
        _ => return,
    };
    let (Overlay::Help { scroll }
    | Overlay::Audit(super::AuditView { scroll, .. })
    | Overlay::Budget { scroll }
    | Overlay::Messages { scroll }
    | Overlay::Text(super::TextView { scroll, .. })) = &mut state.overlay
    else {
        return;
    };
    let now = (*scroll).min(max);
    *scroll = match action {
        Up => now.saturating_sub(1),
        Down => now.saturating_add(1),
        PageUp => now.saturating_sub(page),
        PageDown => now.saturating_add(page),
        Top => 0,
        _ => max,
    }
    .min(max);
}
