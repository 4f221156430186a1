//! Driving wharf without a terminal: `update` and the effect runner, against any backend.

use wharf::app::{update, Effect, State};
use wharf::backend::Backend;
use wharf::runtime::perform;

/// Run effects until nothing is left to fetch, as the runtime would (but one at a time).
pub async fn settle(state: &mut State, backend: &dyn Backend, mut effects: Vec<Effect>) {
    let mut rounds = 0;
    while !effects.is_empty() {
        rounds += 1;
        assert!(rounds < 20, "effects never settle: {effects:?}");
        let mut next = Vec::new();
        for effect in effects {
            if let Some(answer) = perform(backend, effect).await {
                next.extend(update(state, answer));
            }
        }
        effects = next;
    }
}
