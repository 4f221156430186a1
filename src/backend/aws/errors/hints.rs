//! What to do next, after AWS's own message: the fixes wharf knows (most errors of a teardown in the wrong
//! order), and what a write sent once means when it is throttled or its answer is lost.

use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};

use super::{throttling, AwsError, Call, Failed};
use crate::backend::BackendError;

/// The request may have reached AWS and been carried out, but its answer was lost: a time-out, a 5xx (other
/// than a throttle, which AWS did not carry out), or an answer wharf cannot read.
pub(super) fn answer_lost<E: AwsError>(err: &Failed<E>) -> bool {
    match err {
        // A connection reset or closed after the request went out is a dispatch failure too, and the client
        // cannot tell it from one refused before: for a write, assume it may have been carried out.
        SdkError::TimeoutError(_) | SdkError::ResponseError(_) | SdkError::DispatchFailure(_) => {
            true
        }
        SdkError::ServiceError(_) => {
            err.raw_response()
                .is_some_and(|r| r.status().is_server_error())
                && !err.code().is_some_and(throttling)
        }
        _ => false,
    }
}

/// A write whose answer was lost: say that it may have been made, so nobody repeats it blindly (wharf
/// settles it with a fresh read).
pub(super) fn maybe_made(call: &Call<'_>, err: BackendError) -> BackendError {
    let detail = match err {
        BackendError::Api { code, message } => format!("{code}: {message}"),
        BackendError::ServerError { detail, status, .. } => match detail.strip_prefix(": ") {
            Some(said) => said.to_string(),
            None => format!("HTTP {status}"),
        },
        other => other.to_string(),
    };
    BackendError::AnswerLost {
        action: call.action.to_string(),
        detail: detail.trim_end_matches('.').to_string(),
    }
}

pub(super) fn or_default<'a>(message: &'a str, fallback: &'a str) -> &'a str {
    if message.trim().is_empty() {
        fallback
    } else {
        message
    }
}

/// What to do about an error whose fix is known: most come from a teardown in the wrong order.
pub(super) fn hint(call: &Call<'_>, code: &str, message: &str) -> Option<&'static str> {
    let lower = message.to_lowercase();
    Some(match code {
        "ClusterContainsServicesException" => {
            "Delete the cluster's services first (force, or scale them to 0) and wait until they are INACTIVE"
        }
        "ClusterContainsTasksException" => {
            "Stop the cluster's tasks first (standalone tasks too), then delete the cluster"
        }
        "ClusterContainsContainerInstancesException" => {
            "Deregister the cluster's container instances first (force deregisters those still running tasks)"
        }
        "ServiceNotActiveException" => {
            "The service is being deleted or is already gone: refresh to see its state"
        }
        "InvalidParameterException" if call.action == "DeleteService" && lower.contains("scaled above 0") => {
            "Scale the service to 0 first, or delete it with force"
        }
        // ContinueServiceDeployment names a hook that is no longer waiting: someone else continued or rolled
        // the deployment back, or the hook timed out, since the screen was read.
        "InvalidParameterException" if call.action == "ContinueServiceDeployment" => {
            "The deployment may no longer be waiting on that hook (continued, rolled back or timed out since the screen was read): refresh to see its state"
        }
        "UnsupportedFeatureException" if call.action == "ContinueServiceDeployment" => {
            "Pause hooks are not available here: roll the deployment back instead, or continue it from the console"
        }
        "ResourceInUse" if call.action == "DeleteTargetGroup" => {
            "Delete the listener or rule that forwards to it first (or its load balancer), then delete the target group"
        }
        "ResourceInUse" => "Something still uses it: delete that first",
        "OperationNotPermitted" if lower.contains("deletion protection") || call.action == "DeleteLoadBalancer" => {
            "Turn off the load balancer's deletion protection first (attribute deletion_protection.enabled=false), then delete it"
        }
        _ => return None,
    })
}

/// AWS's message, then the hint as a sentence of its own.
pub(super) fn with_hint(message: &str, hint: &str) -> String {
    let message = message.trim_end();
    let stop = if message.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("{message}{stop} {hint}.")
}
