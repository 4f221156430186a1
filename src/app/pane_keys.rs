//! Keys on the service screen's panes: Tab and Shift-Tab move the focus, `z` zooms the focused pane, the
//! movement keys scroll it, Enter shows its selected line whole, `/` on the events filters them. With the
//! tasks focused, the keys do what they do on any table.

use super::layout::service_wants;
use super::pane_text;
use super::service_items::{
    deployment_items, event_items, service_on_screen, target_items, DeploymentItem, TargetItem,
};
use super::user::Outcome;
use super::ServiceScreen;
use super::UserAction::{self, *};
use super::{Flash, FlashLevel, Overlay, Pane, Screen, State};
use crate::geometry::service::service_areas;

/// Handles `action` when the service screen's panes take it; `None` leaves it to the screen.
pub fn apply(state: &mut State, action: UserAction) -> Option<Outcome> {
    let Screen::Service(ServiceScreen { panes, .. }) = state.screen() else {
        return None;
    };
    let (focus, zoomed) = (panes.focus, panes.zoomed);
    let filtered = panes.events_filter.is_some();
    match action {
        NextPane | PreviousPane => {
            let step = if action == NextPane { 1 } else { -1 };
            with_panes(state, |p| p.focus = p.focus.step(step));
        }
        Zoom => with_panes(state, |p| p.zoomed = !p.zoomed),
        // Esc first unzooms, then clears the events filter, then goes back as anywhere.
        Back if zoomed => with_panes(state, |p| p.zoomed = false),
        Back if focus == Pane::Events && filtered => with_panes(state, |p| {
            p.events_filter = None;
            p.events = Default::default();
        }),
        _ if focus == Pane::Tasks => return None,
        // Keys of the tasks' table: they would act on a task the user cannot see now.
        Mark | ClearMarks | CopyArn | CopyId | Console | StopTask | SortNext | SortPrevious
        | SortReverse | Filter
            if !(action == Filter && focus == Pane::Events) =>
        {
            let tab = super::panes::key(state, NextPane).unwrap_or("tab");
            state.flash = Some(Flash::new(
                FlashLevel::Info,
                format!(
                    "that key acts on the tasks, and the {} pane has the focus: {tab} to the tasks first",
                    focus.title().to_lowercase()
                ),
            ));
        }
        Up => scroll(state, focus, -1),
        Down => scroll(state, focus, 1),
        PageUp | PageDown => {
            let page = pane_lines(state, focus).max(1) as isize;
            scroll(state, focus, if action == PageUp { -page } else { page });
        }
        Top => scroll(state, focus, isize::MIN),
        Bottom => scroll(state, focus, isize::MAX),
        Open => {
            if let Some(view) = pane_text::selected(state) {
                state.overlay = Overlay::Text(view);
            }
        }
        _ => return None,
    }
    Some(Outcome::default())
}

/// The mouse wheel over the service screen: it scrolls the focused pane. False when the tasks have the focus
/// (their table scrolls as any table).
pub fn wheel(state: &mut State, lines: i16) -> bool {
    match state.screen() {
        Screen::Service(ServiceScreen { panes, .. }) if panes.focus != Pane::Tasks => {
            let focus = panes.focus;
            scroll(state, focus, isize::from(lines));
            true
        }
        _ => false,
    }
}

fn with_panes(state: &mut State, f: impl FnOnce(&mut super::ServicePanes)) {
    if let Screen::Service(ServiceScreen { panes, .. }) = state.screen_mut() {
        f(panes);
    }
    keep_in_view(state);
}

/// A name for each of a pane's lines, in order: what its cursor follows when lines come and go.
pub(super) fn keys(state: &State, pane: Pane) -> Vec<String> {
    let Some((s, panes)) = service_on_screen(state) else {
        return Vec::new();
    };
    match pane {
        Pane::Deployments => deployment_items(state, s)
            .iter()
            .map(|item| match item {
                DeploymentItem::Live(d) => d.id.clone(),
                DeploymentItem::Hook(sd) => format!("hook {}", sd.arn),
                DeploymentItem::Rollout(sd) => format!("stage {}", sd.arn),
                DeploymentItem::Past(sd) => sd.arn.clone(),
                DeploymentItem::HistoryHeading => "history".into(),
                DeploymentItem::HistoryNote(_) => "history note".into(),
            })
            .collect(),
        Pane::Targets => target_items(state, s)
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                TargetItem::Group { arn, .. } => arn.to_string(),
                TargetItem::Target { group, target, .. } => {
                    format!("{group} {}:{}", target.target_id, target.port)
                }
                _ => format!("note {i}"),
            })
            .collect(),
        Pane::Events => event_items(s, panes.events_filter.as_ref())
            .iter()
            .map(|e| e.id.clone())
            .collect(),
        Pane::Tasks => Vec::new(),
    }
}

pub fn pane_lines(state: &State, pane: Pane) -> usize {
    let size = state.size;
    let Some(areas) = crate::geometry::areas(ratatui::layout::Rect::new(0, 0, size.0, size.1))
    else {
        return 0;
    };
    let Screen::Service(screen) = state.screen() else {
        return 0;
    };
    service_areas(areas.body, &service_wants(state, screen)).lines(pane)
}

fn scroll(state: &mut State, pane: Pane, by: isize) {
    let (keys, height) = (keys(state, pane), pane_lines(state, pane));
    if let Screen::Service(ServiceScreen { panes, .. }) = state.screen_mut() {
        if let Some(c) = panes.cursor_mut(pane) {
            c.step(by, &keys, height);
        }
    }
}

/// After the data, the size or the layout changed: every pane's cursor stays in range and in view.
pub fn keep_in_view(state: &mut State) {
    if !matches!(state.screen(), Screen::Service(_)) {
        return;
    }
    for pane in [Pane::Deployments, Pane::Targets, Pane::Events] {
        let (keys, height) = (keys(state, pane), pane_lines(state, pane));
        if let Screen::Service(ServiceScreen { panes, .. }) = state.screen_mut() {
            if let Some(c) = panes.cursor_mut(pane) {
                c.follow(&keys, height);
            }
        }
    }
}
