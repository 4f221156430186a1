use thiserror::Error;

/// What went wrong talking to a backend, in words a person can act on. Never carries credentials.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BackendError {
    #[error("access denied: not allowed to call {action} on {resource}. Ask for the permission, or switch profile.")]
    AccessDenied { action: String, resource: String },
    #[error("AWS credentials have expired. Log in again ({hint}).")]
    CredentialsExpired { hint: String },
    #[error("no AWS credentials found. {hint}")]
    NoCredentials { hint: String },
    #[error("AWS rejected these credentials ({code}). {hint}")]
    CredentialsRejected { code: String, hint: String },
    #[error("throttled by AWS on {action}; wharf now reads less often.")]
    Throttled { action: String },
    #[error("HTTP {status} from {endpoint} on {action} (a server error{detail}).")]
    ServerError {
        status: u16,
        endpoint: String,
        action: String,
        /// `: CODE: message` when the body said more, else empty.
        detail: String,
    },
    #[error("cannot reach {endpoint}: {detail}. Check the network, VPN or --endpoint-url.")]
    Unreachable { endpoint: String, detail: String },
    #[error("no answer to {action} within {seconds} s.")]
    TimedOut { action: String, seconds: u64 },
    #[error("{what} was not found (deleted, or in another region or account).")]
    NotFound { what: String },
    #[error("{code}: {message}")]
    Api { code: String, message: String },
    /// A write was sent but its answer was lost (a time-out, a 5xx): it may or may not have been carried out.
    #[error(
        "{detail}; {action} was sent once and may have been carried out: a fresh read will tell"
    )]
    AnswerLost { action: String, detail: String },
}

impl BackendError {
    /// Errors that go away by themselves on a later refresh (as opposed to needing the user).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            BackendError::Throttled { .. }
                | BackendError::Unreachable { .. }
                | BackendError::TimedOut { .. }
                | BackendError::ServerError { .. }
        )
    }
}

impl BackendError {
    /// A fault of the account, the network or the session that can clear without the user doing anything in
    /// wharf (the network comes back, a permission is granted, a session is renewed): worth one read per
    /// interval to notice (`app::polling::probe`). Not an answer about the data, such as a resource not found.
    pub fn may_clear(&self) -> bool {
        !matches!(
            self,
            BackendError::NotFound { .. }
                | BackendError::Api { .. }
                | BackendError::AnswerLost { .. }
        )
    }

    /// A log group that does not exist (ResourceNotFoundException on it).
    pub fn log_group_not_found(group: &str) -> BackendError {
        BackendError::NotFound {
            what: format!("log group {group}"),
        }
    }

    /// A stream missing from a group that exists: for an ECS task, usually a container that never started
    /// (its task's stopped reason says why), or logs that have expired.
    pub fn log_stream_not_found(group: &str, stream: &str) -> BackendError {
        BackendError::NotFound {
            what: format!("log stream {stream} in log group {group}"),
        }
    }

    /// A backend that keeps no logs.
    pub(crate) fn no_logs(action: &str) -> BackendError {
        BackendError::Api {
            code: "UnsupportedOperation".into(),
            message: format!("{action}: this backend has no logs"),
        }
    }
}
