//! Drawing only: every function here takes `&State` and changes nothing.
//!
//! `draw` is the whole screen: header, the view for the screen on top of the navigation stack, footer, and the
//! help overlay. `body_rows` (the app's, from `geometry`, re-exported here) says how many rows the current
//! table shows, so that the app's scroll offset agrees with what is drawn.

pub mod audit;
pub mod budget;
pub mod cleanup;
pub mod clusters;
pub mod dialog;
mod explore;
pub mod forwards;
pub mod help;
pub mod layout;
pub mod messages;
mod metric_cells;
pub mod metrics;
pub mod prompt;
pub mod service;
pub mod services;
pub mod svg;
pub mod task;
pub mod task_table;
pub mod tasks;
pub mod text;
mod text_view;
pub mod widgets;

use crate::app::ExploreScreen;
use ratatui::buffer::Buffer;
use ratatui::Frame;

use crate::app::{Overlay, Screen, State};

/// Themes are configuration (they are read from files), so they live in `config`; views name them from here.
pub use crate::config::theme::{self, Theme, ThemeError};
pub use layout::{body_rows, MIN_HEIGHT, MIN_WIDTH};

/// Draw the whole frame from `state`. Pure: no state changes, no I/O. Safe at any terminal size.
///
/// Text is cleaned where it enters wharf (`model::text`); as a second line of defence, no cell of the
/// finished frame may hold a character that could drive the terminal (`text::scrub`).
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    draw_frame(frame, state, theme);
    text::scrub(frame.buffer_mut());
}

/// Does the body of what is on screen stay as it is while only the time passes? The clusters and services
/// lists show no ages (their alerts follow a 10-minute window, which the rows are rearranged by every 10 s
/// anyway); the other screens show ages in seconds, and an overlay may count down.
pub fn body_keeps_still(state: &State) -> bool {
    matches!(state.overlay, Overlay::None | Overlay::Prompt(_))
        && matches!(state.screen(), Screen::Clusters(_) | Screen::Services(_))
}

/// A second that changed nothing but the time: the frame `last` drew, with its header and footer (the
/// clock, the data's age) drawn again; the rest is not laid out, measured or rendered again. When `last`
/// is of another size, the whole frame instead. Whether it drew only the header and footer.
pub fn draw_chrome(frame: &mut Frame, last: &Buffer, state: &State, theme: &Theme) -> bool {
    let area = frame.area();
    let areas = layout::areas(area).filter(|_| last.area == area);
    let Some(areas) = areas else {
        draw(frame, state, theme);
        return false;
    };
    let buffer = frame.buffer_mut();
    buffer.content.clone_from_slice(&last.content);
    for part in [areas.header, areas.footer] {
        for y in part.top()..part.bottom() {
            for x in part.left()..part.right() {
                buffer[(x, y)].reset();
            }
        }
        buffer.set_style(part, theme.text);
    }
    layout::draw_header(frame, areas.header, state, theme);
    layout::draw_footer(frame, areas.footer, state, theme);
    text::scrub(frame.buffer_mut());
    true
}

/// The frame before its last filter: for the tests that show text was cleaned where it entered wharf.
#[doc(hidden)]
pub fn draw_unfiltered(frame: &mut Frame, state: &State, theme: &Theme) {
    draw_frame(frame, state, theme);
}

fn draw_frame(frame: &mut Frame, state: &State, theme: &Theme) {
    let area = frame.area();
    frame.buffer_mut().set_style(area, theme.text);
    let Some(areas) = layout::areas(area) else {
        layout::draw_too_small(frame, area, theme);
        return;
    };
    layout::draw_header(frame, areas.header, state, theme);
    match state.screen() {
        Screen::Clusters(screen) => clusters::draw(frame, areas.body, state, screen, theme),
        Screen::Services(screen) => services::draw(frame, areas.body, state, screen, theme),
        Screen::Service(_) => service::draw(frame, areas.body, state, theme),
        Screen::Tasks(screen) => tasks::draw(frame, areas.body, state, screen, theme),
        Screen::Task(_) => task::draw(frame, areas.body, state, theme),
        Screen::Explore(ExploreScreen { view, cursor, rows }) => {
            explore::draw(frame, areas.body, state, (view, cursor, rows), theme)
        }
        Screen::Metrics(screen) => metrics::draw(frame, areas.body, state, screen, theme),
    }
    layout::draw_footer(frame, areas.footer, state, theme);
    match &state.overlay {
        Overlay::Help { .. } => help::draw(frame, area, state, theme),
        Overlay::Dialog(dialog) => dialog::draw(frame, area, state, dialog, theme),
        Overlay::Audit(view) => audit::draw(frame, area, view, theme),
        Overlay::Budget { scroll } => budget::draw(frame, area, state, *scroll, theme),
        Overlay::Messages { scroll } => messages::draw(frame, area, state, *scroll, theme),
        Overlay::Forwards { selected } => forwards::draw(frame, area, state, *selected, theme),
        Overlay::Text(view) => text_view::draw(frame, area, state, view, theme),
        Overlay::Cleanup => {
            if let Some(run) = &state.cleanup {
                cleanup::draw(frame, area, run, state.now, theme);
            }
        }
        Overlay::Prompt(_) | Overlay::None => {}
    }
}
