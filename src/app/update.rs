use super::navigation::{self, Move};
use super::{polling, Action, Effect, ServiceKey, State};
use crate::model::{Service, Task};

/// Apply one action to the state and say what should happen next. Pure: no I/O, no clock.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut force = false;
    match action {
        Action::Tick(now) => state.now = now,
        Action::Resize(w, h) => {
            state.size = (w, h);
            navigation::reanchor(state);
        }
        Action::Quit => state.should_quit = true,
        Action::ToggleHelp => state.show_help = !state.show_help,
        // The help overlay takes Esc and swallows movement, so a key meant for help never moves a table.
        Action::Back if state.show_help => state.show_help = false,
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom
        | Action::Enter
            if state.show_help => {}
        Action::Up => navigation::move_cursor(state, Move::By(-1)),
        Action::Down => navigation::move_cursor(state, Move::By(1)),
        Action::PageUp => navigation::move_cursor(state, Move::Pages(-1)),
        Action::PageDown => navigation::move_cursor(state, Move::Pages(1)),
        Action::Top => navigation::move_cursor(state, Move::Top),
        Action::Bottom => navigation::move_cursor(state, Move::Bottom),
        Action::Enter => {
            navigation::enter(state);
        }
        Action::Back => navigation::back(state),
        Action::Refresh => force = true,
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
        }
    }
    navigation::reanchor(state);
    polling::due_effects(state, force)
}

fn sorted_by<T>(order: impl Fn(&T, &T) -> std::cmp::Ordering) -> impl FnOnce(Vec<T>) -> Vec<T> {
    move |mut rows| {
        rows.sort_by(&order);
        rows
    }
}

/// Live tasks first, newest first (a new revision's tasks show at the top during a rollout); then tasks that
/// are stopping or stopped, the most recent stop first (so one still stopping leads). The ARN breaks ties so
/// that the order is stable between refreshes.
fn sort_tasks(mut tasks: Vec<Task>) -> Vec<Task> {
    let went_down = |t: &Task| t.stopping_at.or(t.stopped_at);
    tasks.sort_by(|a, b| {
        a.is_stopping_or_stopped()
            .cmp(&b.is_stopping_or_stopped())
            .then_with(|| went_down(b).cmp(&went_down(a)))
            .then_with(|| b.created_at.cmp(&a.created_at))
            .then_with(|| a.arn.cmp(&b.arn))
    });
    tasks
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
