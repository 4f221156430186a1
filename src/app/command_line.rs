//! Running a command line: views (`:svc prod`), switching profile or region, sorting, and acting (`:scale 6`).

use super::commands::{self, ArgKind};
use super::explore::View;
use super::mutation::{Deploy, DeployTo};
use super::user::Outcome;
use super::{user, Effect, Flash, FlashLevel, Pane, Screen, ServicePanes, State, TableView};
use crate::app::{ExploreScreen, ServiceScreen, ServicesScreen, TasksScreen};

/// Run a command line (without its `:`).
pub fn run_command(state: &mut State, line: &str) -> Outcome {
    let mut words = line.split_whitespace();
    let Some(word) = words.next() else {
        return Outcome::default();
    };
    let arg = words.collect::<Vec<_>>().join(" ");
    let Some(spec) = commands::find(word) else {
        let hint = match commands::closest(word) {
            Some(name) => format!("did you mean :{name}?"),
            None => "Tab completes, :help lists the commands".to_string(),
        };
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("unknown command :{word}; {hint}"),
        ));
        return Outcome::default();
    };
    if spec.arg == ArgKind::None && !arg.is_empty() {
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!(":{} takes no argument ({})", spec.name, spec.about),
        ));
        return Outcome::default();
    }
    (spec.run)(state, &arg)
}

/// `:td` lists the families; `:td FAMILY` its revisions, one level under the families, so that Esc goes to
/// them.
pub(super) fn task_definitions(state: &mut State, family: &str) {
    explore(state, View::families());
    if !family.is_empty() {
        state.screens.push(View::revisions(family).screen());
    }
}

/// The cluster a command means: the one named, else the one on screen, else the one under the cursor.
pub(super) fn cluster_for(state: &mut State, name: &str, command: &str) -> Option<String> {
    if !name.is_empty() {
        let clusters = state
            .session
            .cache
            .clusters
            .data
            .as_deref()
            .unwrap_or_default();
        let found = clusters
            .iter()
            .find(|c| c.name == name)
            .or_else(|| clusters.iter().find(|c| c.name.eq_ignore_ascii_case(name)));
        if let Some(c) = found {
            return Some(c.arn.clone());
        }
        let why = if state.session.cache.clusters.data.is_none() {
            "the clusters are still loading; try again in a moment".to_string()
        } else {
            format!(
                "no cluster named {name} in {}; :clusters lists them",
                state.session.info.region
            )
        };
        state.flash = Some(Flash::new(FlashLevel::Error, why));
        return None;
    }
    let on_screen = state
        .screens
        .iter()
        .rev()
        .find_map(|s| s.spec().cluster_arn().map(str::to_string));
    if on_screen.is_none() {
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("which cluster? :{command} NAME (Tab completes)"),
        ));
    }
    on_screen
}

/// An exploring view straight over the clusters (Esc goes back to them), or the same view kept as it was.
pub(super) fn explore(state: &mut State, view: View) {
    let same = matches!(state.screens.get(1), Some(Screen::Explore(ExploreScreen { view: v, .. })) if **v == view);
    state.screens.truncate(if same { 2 } else { 1 });
    if !same {
        state.screens.push(view.screen());
    }
}

pub(super) fn show_services(state: &mut State, cluster_arn: String) {
    let keep = matches!(state.screens.get(1), Some(Screen::Services(ServicesScreen { cluster_arn: c, .. })) if *c == cluster_arn);
    state.screens.truncate(if keep { 2 } else { 1 });
    if !keep {
        state.screens.push(Screen::Services(ServicesScreen {
            cluster_arn,
            cursor: TableView::default(),
        }));
    }
}

/// The cluster's tasks, one level below its services (so Esc goes to them). A tasks screen of the same cluster
/// already in the stack is kept as it was, with its filter, sort and marks.
pub(super) fn show_tasks(state: &mut State, cluster_arn: String) {
    let keep = matches!(state.screens.get(2), Some(Screen::Tasks(TasksScreen { cluster_arn: c, .. })) if *c == cluster_arn);
    if keep {
        state.screens.truncate(3);
        return;
    }
    show_services(state, cluster_arn.clone());
    state.screens.push(Screen::Tasks(TasksScreen {
        cluster_arn,
        cursor: TableView::default(),
    }));
}

pub(super) fn switch(
    state: &mut State,
    profile: Option<String>,
    region: Option<String>,
) -> Outcome {
    if let Some(waiting) = state.in_flight.first() {
        // Its answer would go to a state that is about to be replaced: the outcome would be lost.
        state.flash = Some(Flash::new(
            FlashLevel::Warn,
            format!(
                "{}… is still waiting for its answer: switch once it has come",
                waiting.mutation.summary()
            ),
        ));
        return Outcome::default();
    }
    let (what, value) = match (&profile, &region) {
        (Some(p), _) => ("profile", p.clone()),
        (_, Some(r)) => ("region", r.clone()),
        _ => return Outcome::default(),
    };
    if value.is_empty() {
        let known = match what {
            "profile" if state.profiles.is_empty() => String::new(),
            "profile" => format!(" ({})", state.profiles.join(", ")),
            _ => " (e.g. eu-west-1; Tab completes)".to_string(),
        };
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("which {what}? :{what} NAME{known}"),
        ));
        return Outcome::default();
    }
    if region.is_some()
        && !value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("{value} is not a region name; regions look like eu-west-1"),
        ));
        return Outcome::default();
    }
    if region.is_some() && state.session.info.simulated {
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            "the sandbox is one simulated region; :profile NAME opens an AWS account",
        ));
        return Outcome::default();
    }
    state.flash = Some(Flash::new(
        FlashLevel::Info,
        format!("opening {what} {value}…"),
    ));
    state.connecting = Some(format!("{what} {value}"));
    Outcome::effect(Effect::Connect { profile, region })
}

/// `:deploy` (choose a revision), `:deploy --image CONTAINER=IMAGE`, `:deploy --force`.
pub(super) fn deploy(state: &mut State, arg: &str) -> Outcome {
    let mut words = arg.split_whitespace();
    match words.next() {
        None => user::deploy(state, DeployTo::Revision(String::new()), None),
        Some("--force" | "-f") if words.next().is_none() => {
            user::deploy(state, DeployTo::Force, None)
        }
        Some("--image" | "-i") => {
            let rest: Vec<&str> = words.collect();
            let image = (!rest.is_empty()).then(|| rest.join(" "));
            user::deploy(state, Deploy::image(), image.as_deref())
        }
        Some(other) => {
            state.flash = Some(Flash::new(
                FlashLevel::Error,
                format!(
                    ":deploy {other}: say :deploy (choose a revision), :deploy --image CONTAINER=IMAGE or :deploy --force"
                ),
            ));
            Outcome::default()
        }
    }
}

/// `:events`, `:deployments`: the service on screen (or under the cursor of the services) with that pane
/// focused and zoomed.
pub(super) fn zoom_pane(state: &mut State, pane: Pane, name: &str) {
    if let Screen::Service(ServiceScreen { panes, .. }) = state.screen_mut() {
        panes.focus = pane;
        panes.zoomed = true;
        return;
    }
    let opened = matches!(state.screen(), Screen::Services(_)) && super::navigation::enter(state);
    match state.screen_mut() {
        Screen::Service(ServiceScreen { panes, .. }) if opened => {
            **panes = ServicePanes::zoomed_on(pane)
        }
        _ => {
            state.flash = Some(Flash::new(
                FlashLevel::Info,
                format!(
                    ":{name} shows a service's {name}: open a service first (enter on its row)"
                ),
            ))
        }
    }
}
