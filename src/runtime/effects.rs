//! Turns an `Effect` into backend calls and their answer into an `Action`. Every effect is answered, even
//! when the backend hangs (a time limit), so that `update` never waits forever on a request in flight.

use std::time::Duration;

use crate::app::{Action, Effect, MutationResult};
use crate::backend::{progress, Backend, BackendError};
use crate::model::Timestamp;

/// Longest wait for one effect while the backend makes no call: a hung request. The SDK's own retries
/// happen inside it. A read while calls keep being made (a read of thousands of tasks) gets another period
/// each time, up to `EFFECT_HARD_LIMIT`; a change never does.
pub const EFFECT_TIME_LIMIT: Duration = Duration::from_secs(60);
/// Longest wait for one effect, however busy.
pub const EFFECT_HARD_LIMIT: Duration = Duration::from_secs(600);

/// Run an effect that asks the backend for data, and answer it. `None` for the effects the event loop runs
/// itself (the clipboard, opening another profile), which are not the backend's.
pub async fn perform(backend: &dyn Backend, effect: Effect) -> Option<Action> {
    perform_sending_parts(backend, effect, None).await
}

/// The same, sending the parts of a read that comes in parts (a task list's pages and batches) to `parts`
/// as they come, before the answer (`Action::FetchedPart`).
pub async fn perform_sending_parts(
    backend: &dyn Backend,
    effect: Effect,
    parts: Option<&(dyn Fn(Action) + Send + Sync)>,
) -> Option<Action> {
    let name = operation(&effect)?;
    let started = tokio::time::Instant::now();
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let answering = progress::counting(counter.clone(), answer(backend, effect.clone(), parts));
    let mut answering = std::pin::pin!(answering);
    let mut calls = 0;
    // A change gets no extension: its outcome is reported as unknown within a minute.
    let reading = matches!(
        effect,
        Effect::Fetch(_) | Effect::PlanCleanup { .. } | Effect::RecheckCleanup { .. }
    );
    loop {
        if let Ok(action) = tokio::time::timeout(EFFECT_TIME_LIMIT, &mut answering).await {
            return Some(action);
        }
        let now_calls = counter.load(std::sync::atomic::Ordering::Relaxed);
        let waited = started.elapsed();
        if !reading || now_calls == calls || waited >= EFFECT_HARD_LIMIT {
            let error = BackendError::TimedOut {
                action: name.into(),
                seconds: waited.as_secs(),
            };
            return Some(failed(effect, error, backend.now()));
        }
        calls = now_calls;
    }
}

async fn answer(
    backend: &dyn Backend,
    effect: Effect,
    parts: Option<&(dyn Fn(Action) + Send + Sync)>,
) -> Action {
    match effect {
        // Not the backend's: `perform` returns before it gets here. A tick is harmless if it ever did.
        Effect::Copy { .. }
        | Effect::Connect { .. }
        | Effect::Audit(_)
        | Effect::ReadAudit
        | Effect::KeepCleanup(_)
        | Effect::ForgetCleanup { .. }
        | Effect::FindCleanups { .. }
        | Effect::FindSessionPlugin
        | Effect::CloseForward { .. } => Action::Tick(backend.now()),
        Effect::Mutate { id, mutation } => Action::Mutated {
            id,
            result: super::mutate::mutate(backend, &mutation).await,
            at: backend.now(),
        },
        Effect::PlanCleanup { scope } => {
            let result = super::cleanup_inputs::gather(backend, &scope).await;
            Action::CleanupRead { scope, result }
        }
        Effect::SetLoad {
            cluster_arn,
            service,
            percent,
        } => Action::LoadSet {
            result: backend
                .set_load(&cluster_arn, &service, f64::from(percent) / 100.0)
                .await,
            service,
            percent,
        },
        Effect::RecheckCleanup { plan, .. } => Action::CleanupRechecked {
            result: super::cleanup_recheck::gather(backend, &plan).await,
            scope: plan.scope,
        },
        Effect::Fetch(fetch) => {
            let parts = parts.map(|send| super::fetch::Parts {
                fetch: &fetch,
                send,
            });
            let (result, calls) = super::fetch::fetch(backend, &fetch, parts.as_ref()).await;
            Action::Fetched {
                fetch,
                result,
                at: backend.now(),
                calls,
            }
        }
    }
}

/// The API calls an effect makes, for messages; `None` for effects that are not the backend's.
fn operation(effect: &Effect) -> Option<&'static str> {
    Some(match effect {
        Effect::Fetch(fetch) => fetch.operation(),
        Effect::PlanCleanup { .. } => "the reads of a cleanup's plan",
        Effect::RecheckCleanup { .. } => "the reads that check a cleanup's remaining steps",
        Effect::Mutate { .. } => "the change",
        Effect::SetLoad { .. } => "the sandbox's load",
        Effect::Copy { .. }
        | Effect::Connect { .. }
        | Effect::Audit(_)
        | Effect::ReadAudit
        | Effect::KeepCleanup(_)
        | Effect::ForgetCleanup { .. }
        | Effect::FindCleanups { .. }
        | Effect::FindSessionPlugin
        | Effect::CloseForward { .. } => return None,
    })
}

/// The answer an effect gets when its calls did not finish.
fn failed(effect: Effect, error: BackendError, at: Timestamp) -> Action {
    match effect {
        Effect::Copy { .. }
        | Effect::Connect { .. }
        | Effect::Audit(_)
        | Effect::ReadAudit
        | Effect::KeepCleanup(_)
        | Effect::ForgetCleanup { .. }
        | Effect::FindCleanups { .. }
        | Effect::FindSessionPlugin
        | Effect::CloseForward { .. } => Action::Tick(at),
        Effect::SetLoad {
            service, percent, ..
        } => Action::LoadSet {
            service,
            percent,
            result: Err(error),
        },
        // The request may have reached AWS: the outcome is unknown until a read settles it.
        Effect::Mutate { id, .. } => Action::Mutated {
            id,
            result: MutationResult::Unknown(error),
            at,
        },
        Effect::Fetch(fetch) => Action::Fetched {
            fetch,
            result: Err(error),
            at,
            calls: 1,
        },
        Effect::PlanCleanup { scope } => Action::CleanupRead {
            scope,
            result: Err(error),
        },
        Effect::RecheckCleanup { plan, .. } => Action::CleanupRechecked {
            scope: plan.scope,
            result: Err(error),
        },
    }
}
