//! What `geometry` needs of the state, built here: which main table a screen has, what each service pane
//! wants. `geometry` is arithmetic on sizes and counts and never sees `State`; these functions hand it the
//! counts and keep the app's scroll offsets and mouse clicks in step with what `ui` draws.

use super::service_items::{
    deployment_items, event_items, shown_event, target_items, DeploymentItem,
};
use super::{Screen, ServiceScreen, State};
use crate::geometry::service::Wants;
use crate::geometry::{self, MainTable};
use crate::model::wrap::wrap;

/// Cells before an event's text in the events pane: its clock time, a space and its deployment mark.
pub const EVENT_STAMP: u16 = 11;

/// The main table of `screen` (the one the cursor moves in), for the layout.
pub fn main_table(state: &State, screen: &Screen) -> MainTable {
    screen.spec().main_table(state)
}

/// How many rows of its main table `screen` shows in the terminal `state` was last told of. 0 when the
/// terminal is too small to draw views, and for the task screen, which has no cursor.
pub fn body_rows(state: &State, screen: &Screen) -> usize {
    geometry::body_rows(state.size, &main_table(state, screen))
}

/// Which of the visible rows of the screen on top's main table (0 = the first below the header) is at
/// terminal cell (`column`, `row`), if any. Mouse clicks use it.
pub fn table_row_at(state: &State, column: u16, row: u16) -> Option<usize> {
    geometry::table_row_at(state.size, &main_table(state, state.screen()), column, row)
}

/// What each pane of the service screen `screen` wants, as it stands: the focus, the zoom, and how many
/// lines each pane has.
pub fn service_wants(state: &State, screen: &ServiceScreen) -> Wants {
    let ServiceScreen {
        cluster_arn,
        service_arn,
        cursor,
        panes,
        ..
    } = screen;
    let clamp = |n: usize| n.min(usize::from(u16::MAX)) as u16;
    let mut wants = Wants {
        focus: panes.focus,
        zoomed: panes.zoomed,
        tasks: clamp(cursor.rows.len().max(1)),
        ..Wants::default()
    };
    if let Some(s) = state.service(cluster_arn, service_arn) {
        let items = deployment_items(state, s);
        wants.deployments = clamp(items.len());
        wants.deployments_lead = clamp(
            items
                .iter()
                .take_while(|i| !matches!(i, DeploymentItem::Live(_)))
                .count(),
        );
        wants.targets = clamp(target_items(state, s).len().max(1));
        let events = event_items(s, panes.events_filter.as_ref());
        wants.events = clamp(events.len().max(1));
        // As the events pane lays them out stacked: its margins, then the clock and the mark before each.
        let room = usize::from(state.size.0.saturating_sub(2 + EVENT_STAMP)).max(8);
        let prefix = format!("(service {}) ", s.name);
        wants.events_wrapped = clamp(
            events
                .iter()
                .map(|e| wrap(&shown_event(&e.message, &prefix), room).len().max(1))
                .sum::<usize>()
                .max(1),
        );
    }
    wants
}
