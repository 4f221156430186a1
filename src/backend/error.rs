use thiserror::Error;

/// What went wrong talking to a backend, in words a person can act on. Never carries credentials.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BackendError {
    #[error("access denied: not allowed to call {action} on {resource}. Ask for the permission, or switch profile.")]
    AccessDenied { action: String, resource: String },
    #[error("AWS credentials have expired. Log in again ({hint}) and wharf will recover on its next refresh.")]
    CredentialsExpired { hint: String },
    #[error("no AWS credentials found. {hint}")]
    NoCredentials { hint: String },
    #[error("throttled by AWS on {action} after retries; wharf will slow down and try again.")]
    Throttled { action: String },
    #[error("cannot reach {endpoint}: {detail}. Check the network, VPN or --endpoint-url.")]
    Unreachable { endpoint: String, detail: String },
    #[error("no answer to {action} within {seconds} s; wharf will try again on the next refresh.")]
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
        )
    }
}
