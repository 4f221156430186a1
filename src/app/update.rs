use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keys::{self, KeyOutcome};
use super::navigation::{self, Move};
use super::user::{self, Outcome};
use super::{
    line, operate, polling, table, Action, Effect, Flash, FlashLevel, Loadable, Overlay,
    ServiceKey, State, UserAction,
};
use crate::backend::BackendInfo;

use crate::model::{Service, Task, TaskStatus, Timestamp};

const REARRANGE_EVERY_MS: i64 = 10_000;

/// Apply one action to the state and say what should happen next. Pure: no I/O, no clock.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut outcome = Outcome::default();
    let settle = operate::is_read_answer(&action);
    // Moving the cursor changes no row: the filter and sort need not run again.
    let mut rearrange = true;
    match action {
        Action::Tick(now) => {
            // Rows depend on the time only through the alerts' 10-minute window: filtering and sorting again
            // every 10 s is plenty, and keeps a tick cheap on a 2,000-service table.
            rearrange =
                now.0.div_euclid(REARRANGE_EVERY_MS) != state.now.0.div_euclid(REARRANGE_EVERY_MS);
            state.now = now;
            outcome.effects.extend(crate::app::cleanup::on_tick(state));
            if let Some(flash) = state.flash.as_mut() {
                flash.ticks_left = flash.ticks_left.saturating_sub(1);
                if flash.ticks_left == 0 {
                    state.flash = None;
                }
            }
        }
        Action::Terminate => outcome.effects = operate::abandon(state),
        Action::Resize(w, h) => {
            state.size = (w, h);
            navigation::reanchor(state);
        }
        Action::Key(key) => {
            state.flash = None;
            rearrange = on_key(state, key, &mut outcome);
        }
        Action::Paste(text) => paste(state, &text),
        Action::User(action) => {
            rearrange = !is_movement(action);
            outcome = user::apply(state, action);
        }
        Action::Click { column, row } => navigation::click(state, column, row),
        Action::Scroll(lines) => {
            rearrange = false;
            if state.overlay.is_none() {
                navigation::move_cursor(state, Move::By(isize::from(lines)));
            }
        }
        Action::Connected {
            result,
            read_only,
            at,
        } => match result {
            Ok(info) => connected(state, info, read_only, at),
            Err(e) => state.flash = Some(Flash::new(FlashLevel::Error, e)),
        },
        Action::ClustersLoaded { result, at } => {
            state.clusters.apply(
                result.map(sorted_by(|a: &crate::model::Cluster, b| {
                    a.name.cmp(&b.name)
                })),
                at,
            );
        }
        Action::ServicesLoaded {
            cluster_arn,
            result,
            at,
        } => {
            if let Ok(services) = &result {
                services.iter().for_each(|s| seen_running(state, s));
            }
            state.services.entry(cluster_arn).or_default().apply(
                result.map(sorted_by(|a: &Service, b| a.name.cmp(&b.name))),
                at,
            );
        }
        Action::ServiceLoaded {
            cluster_arn,
            service_arn,
            result,
            at,
        } => {
            if let Ok(service) = &result {
                patch_listed_service(state, &cluster_arn, service);
                seen_running(state, service);
            }
            state
                .service_details
                .entry(service_arn)
                .or_default()
                .apply(result, at);
        }
        Action::TasksLoaded { key, result, at } => {
            state
                .tasks
                .entry(key)
                .or_default()
                .apply(result.map(sort_tasks), at);
        }
        Action::ClusterTasksLoaded {
            cluster_arn,
            result,
            at,
        } => {
            state
                .cluster_tasks
                .entry(cluster_arn)
                .or_default()
                .apply(result.map(sort_tasks), at);
        }
        Action::TargetHealthLoaded {
            target_group_arn,
            result,
            at,
        } => {
            state
                .target_health
                .entry(target_group_arn)
                .or_default()
                .apply(result, at);
        }
        Action::TaskDefinitionLoaded { arn, result, at } => {
            state
                .task_definitions
                .entry(arn)
                .or_default()
                .apply(result, at);
            operate::prefill_image(state);
        }
        Action::RevisionsLoaded { family, result, at } => {
            let arns = result.map(|revisions| {
                let arns = revisions.iter().map(|td| td.arn.clone()).collect();
                for td in revisions {
                    state
                        .task_definitions
                        .insert(td.arn.clone(), Loadable::loaded(td, at));
                }
                arns
            });
            state.revisions.entry(family).or_default().apply(arns, at);
        }
        Action::Mutated { id, result, at } => {
            outcome.effects = operate::mutated(state, id, result, at);
        }
        Action::AuditRead { path, result } => {
            if let Overlay::Audit(view) = &mut state.overlay {
                view.path = Some(path);
                view.lines = Some(result);
            }
        }
        Action::CleanupRead { scope, result } => {
            if let Some(crate::app::Form::Cleanup {
                scope: asked, plan, ..
            }) = state.overlay.dialog_mut().map(|d| &mut d.form)
            {
                if *asked == scope {
                    // Made once here, not on every key or frame: a big cluster's plan takes milliseconds.
                    let made =
                        result.map(|inputs| Box::new(crate::app::cleanup::plan(&scope, &inputs)));
                    *plan = Some(made.map_err(|e| e.to_string()));
                }
            }
        }
        Action::AuditFailed(why) => {
            state.flash = Some(Flash::new(
                FlashLevel::Error,
                format!("the audit log could not be written: {why}"),
            ));
        }
    }
    if settle {
        outcome.effects.extend(operate::settle_unknown(state));
    }
    if rearrange {
        table::rearrange(state);
        navigation::reanchor(state);
    }
    let mut effects = outcome.effects;
    effects.extend(polling::due_effects(state, outcome.refresh));
    effects
}

/// Read one key and apply what it means. Returns whether rows may have changed (anything but moving).
fn on_key(state: &mut State, key: KeyEvent, outcome: &mut Outcome) -> bool {
    let (w, h) = state.size;
    if w < crate::geometry::MIN_WIDTH || h < crate::geometry::MIN_HEIGHT {
        // Nothing on screen can be seen: a key could confirm a dialog the user cannot read. Only leaving works.
        if let KeyOutcome::Actions(actions) = keys::read_key(state, key) {
            for action in actions {
                if matches!(
                    action,
                    UserAction::Quit | UserAction::Cancel | UserAction::Back
                ) {
                    let more = user::apply(state, action);
                    outcome.effects.extend(more.effects);
                }
            }
        }
        return true;
    }
    match keys::read_key(state, key) {
        KeyOutcome::Actions(actions) => {
            let mut changed = false;
            for action in actions {
                changed |= !is_movement(action);
                let more = user::apply(state, action);
                outcome.effects.extend(more.effects);
                outcome.refresh |= more.refresh;
            }
            changed
        }
        KeyOutcome::Edited => {
            if state.overlay.dialog().is_some() {
                operate::dialog_edited(state);
            } else {
                line::filter_edited(state);
            }
            true
        }
        KeyOutcome::EscThen(key) => {
            let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
            let a = on_key(state, esc, outcome);
            let b = on_key(state, key, outcome);
            a || b
        }
    }
}

/// Pasted text goes into the `:`/`/` line or a dialog's field; with neither open it does nothing, so a paste
/// meant for another window never acts.
fn paste(state: &mut State, text: &str) {
    if let Some(prompt) = state.overlay.prompt_mut() {
        prompt.input.insert(text);
        line::filter_edited(state);
    } else if let Some(field) = state.overlay.dialog_mut().and_then(|d| d.typing()) {
        field.insert(text);
        operate::dialog_edited(state);
    } else {
        state.flash = Some(Flash::new(
            FlashLevel::Info,
            "pasted text goes into the : or / line or a dialog's field; nothing was done",
        ));
    }
}

fn is_movement(action: UserAction) -> bool {
    use UserAction::*;
    matches!(action, Up | Down | PageUp | PageDown | Top | Bottom)
}

/// Another profile or region is open: start again from its clusters, keeping what belongs to the user.
fn connected(state: &mut State, info: BackendInfo, read_only: bool, now: Timestamp) {
    let text = format!("now on {} {}", info.profile, info.region);
    let mut fresh = State::new(info, now);
    // A line being typed while the profile opened stays open (a filter starts afresh on the new screen).
    // A dialog is about the old account: it closes.
    if let Some(mut p) = state.overlay.take_prompt() {
        p.filter_before = None;
        fresh.overlay = Overlay::Prompt(Box::new(p));
    }
    fresh.size = state.size;
    fresh.refresh = state.refresh;
    fresh.keymap = state.keymap.clone();
    fresh.profiles = std::mem::take(&mut state.profiles);
    fresh.command_history = std::mem::take(&mut state.command_history);
    fresh.filter_history = std::mem::take(&mut state.filter_history);
    fresh.read_only = read_only;
    fresh.audit_session = std::mem::take(&mut state.audit_session);
    fresh.next_mutation_id = state.next_mutation_id;
    fresh.flash = Some(Flash::new(FlashLevel::Info, text));
    *state = fresh;
}

fn sorted_by<T>(order: impl Fn(&T, &T) -> std::cmp::Ordering) -> impl FnOnce(Vec<T>) -> Vec<T> {
    move |mut rows| {
        rows.sort_by(&order);
        rows
    }
}

/// Live tasks first, newest first (a new revision's tasks show at the top during a rollout); then tasks that
/// are on their way down (even before ECS gives them a stopping time), then the stopped ones, the most recent
/// stop first. The ARN breaks ties so that the order is stable between refreshes.
pub fn sort_tasks(mut tasks: Vec<Task>) -> Vec<Task> {
    let went_down = |t: &Task| t.stopping_at.or(t.stopped_at);
    let stopped = |t: &Task| t.last_status == TaskStatus::Stopped;
    tasks.sort_by(|a, b| {
        a.is_stopping_or_stopped()
            .cmp(&b.is_stopping_or_stopped())
            .then_with(|| stopped(a).cmp(&stopped(b)))
            .then_with(|| went_down(b).cmp(&went_down(a)))
            .then_with(|| b.created_at.cmp(&a.created_at))
            .then_with(|| a.arn.cmp(&b.arn))
    });
    tasks
}

/// Remember the revision a service runs when it changes (the last few), for rolling back.
fn seen_running(state: &mut State, service: &Service) {
    const KEPT: usize = 10;
    let seen = state.seen_revisions.entry(service.arn.clone()).or_default();
    if seen.last() != Some(&service.task_definition) && !service.task_definition.is_empty() {
        seen.push(service.task_definition.clone());
        if seen.len() > KEPT {
            seen.remove(0);
        }
    }
}

/// A service described on its own also refreshes its row in the cluster's list, so going back shows it.
fn patch_listed_service(state: &mut State, cluster_arn: &str, service: &Service) {
    let listed = state
        .services
        .get_mut(cluster_arn)
        .and_then(|l| l.data.as_mut());
    if let Some(row) = listed.and_then(|rows| rows.iter_mut().find(|s| s.arn == service.arn)) {
        *row = service.clone();
    }
}

/// The tasks key of a service screen.
pub(super) fn service_key(cluster_arn: &str, service_name: &str) -> ServiceKey {
    ServiceKey {
        cluster_arn: cluster_arn.to_string(),
        service_name: service_name.to_string(),
    }
}
