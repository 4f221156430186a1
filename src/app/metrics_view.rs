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
    let Screen::Metrics(screen) = state.screens.last_mut()? else {
        return None;
    };
    match action {
        MetricsRange => {
            // The new range is a read never made: the poller sends it at once.
            screen.range = screen.range.next();
        }
        Up => screen.scroll = screen.scroll.saturating_sub(1),
        Down => screen.scroll += 1,
        PageUp => screen.scroll = screen.scroll.saturating_sub(10),
        PageDown => screen.scroll += 10,
        Top => screen.scroll = 0,
        _ => return None,
    }
    Some(Outcome::default())
}
