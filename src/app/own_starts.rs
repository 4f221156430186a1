//! Tasks started because of wharf's own changes: a scale-out, the replacements of tasks it stopped. ECS's
//! events say only "has started N tasks"; the services list counts such starts outside a rollout as restarts,
//! which a scale from 4 to 8 is not. wharf remembers how many starts each of its changes causes, and marks
//! that many in the service's events (`ServiceEvent::own`) as they come, oldest first after the change.

use super::State;
use crate::model::{Service, Timestamp, TROUBLE_WINDOW_MS};

/// Starts one change of ours causes in one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnStarts {
    pub service_arn: String,
    /// When the change was done, by the backend's clock (as the events are).
    pub at: Timestamp,
    pub count: u32,
}

/// A change of ours was done (`at`, when its answer came, by the backend's clock): remember the starts it
/// causes, forgetting those past the alerts' window.
pub fn record(state: &mut State, starts: Vec<(String, u32)>, at: Timestamp) {
    let now = at;
    let kept = &mut state.session.own_starts;
    kept.retain(|o| now.since(o.at) <= TROUBLE_WINDOW_MS * 2);
    kept.extend(
        starts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(service_arn, count)| OwnStarts {
                service_arn,
                at: now,
                count,
            }),
    );
}

/// Mark the starts of our changes in a service's events, as read: the first `count` tasks started after
/// each change (a little before it too: the two clocks are the backend's, and the event may be stamped
/// before wharf hears the answer).
pub fn mark(own: &[OwnStarts], service: &mut Service) {
    let ours: Vec<&OwnStarts> = own
        .iter()
        .filter(|o| o.service_arn == service.arn)
        .collect();
    if ours.is_empty() {
        return;
    }
    for o in ours {
        let mut left = o.count;
        // Newest first as ECS returns them: walk from the oldest.
        for event in service.events.iter_mut().rev() {
            if left == 0 {
                break;
            }
            if event.created_at.0 < o.at.0 - SLACK_MS || event.own {
                continue;
            }
            if let Some(n) = started(&event.message) {
                event.own = true;
                left = left.saturating_sub(n);
            }
        }
    }
}

/// How much earlier than wharf's note of the change its first start may be stamped.
const SLACK_MS: i64 = 5_000;

/// N in "(service web) has started N tasks: ...".
fn started(message: &str) -> Option<u32> {
    let rest = message.split(") has started ").nth(1)?;
    rest.split(' ').next()?.parse().ok()
}
