//! The calls made while answering one effect. A read that keeps making calls (a cluster's 20,000 tasks, 400
//! calls) is slow, not hung: `runtime::effects` gives it more time. Counted per effect (a task-local), so
//! that one read's progress never keeps another, hung one waiting.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

tokio::task_local! {
    static CALLS: Arc<AtomicU64>;
}

/// Run `answering`, counting in `calls` the calls the backend makes for it.
pub async fn counting<F: Future>(calls: Arc<AtomicU64>, answering: F) -> F::Output {
    CALLS.scope(calls, answering).await
}

/// The backend sends a call: counted for the effect it answers, if any.
pub fn record_call() {
    let _ = CALLS.try_with(|calls| calls.fetch_add(1, Ordering::Relaxed));
}
