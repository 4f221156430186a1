//! The metrics screen's keys: opened from a service (its screen or its row), the range stepped through
//! 1 h, 6 h, 24 h and 7 d, the text below the charts scrolled.

use super::user::Outcome;
use super::UserAction::{self, *};
use super::{Flash, FlashLevel, MetricsScreen, Screen, State};

/// `m`: the selected service's metrics, over the service screen or the services list.
pub fn open(state: &mut State) -> Outcome {
    let screen = state.screen().spec();
    let target = match state.screen() {
        Screen::Services(_) | Screen::Service(_) => screen
            .cluster_arn()
            .zip(screen.service_arn())
            .map(|(c, s)| (c.to_string(), s.to_string())),
        _ => None,
    };
    match target {
        Some((cluster_arn, service_arn)) => {
            let metrics = MetricsScreen::new(cluster_arn, service_arn);
            state.screens.push(metrics.into());
        }
        None => {
            let msg =
                "metrics are a service's: open a service, or select one in its cluster's list";
            state.flash = Some(Flash::new(FlashLevel::Info, msg));
        }
    }
    Outcome::default()
}

/// What the metrics screen does with a key, when it is on top; `None` for the keys it leaves to others.
pub fn keys(state: &mut State, action: UserAction) -> Option<Outcome> {
    let Screen::Metrics(screen) = state.screen() else {
        return None;
    };
    let bound = screen.text_bound(state);
    let Some(Screen::Metrics(screen)) = state.screens.last_mut() else {
        return None;
    };
    let scroll = screen.scroll.min(bound);
    screen.scroll = match action {
        // The new range is a read never made: the poller sends it at once.
        MetricsRange => {
            screen.range = screen.range.next();
            scroll
        }
        Up => scroll.saturating_sub(1),
        Down => (scroll + 1).min(bound),
        PageUp => scroll.saturating_sub(10),
        PageDown => (scroll + 10).min(bound),
        Top => 0,
        Bottom => bound,
        _ => return None,
    };
    Some(Outcome::default())
}
