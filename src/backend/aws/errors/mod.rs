//! SDK errors become `BackendError`s a person can act on. No credential ever reaches a message: only error
//! codes, AWS's own messages (which name principals and actions, never keys) and endpoints are used.
//!
//! AWS's code and message are kept; where the fix is known (a teardown in the wrong order, deletion
//! protection, a stale screen) a hint of what to do follows AWS's message. A write is sent once, so its
//! throttle says to try again, and a lost answer (a time-out, a 5xx) says the change may have been made.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::http::Response as HttpResponse;

use super::Aws;
use crate::backend::BackendError;
use credentials::from_credentials;
use hints::{answer_lost, hint, maybe_made, or_default, with_hint};

mod credentials;
mod hints;

/// What an error message needs to know about where a call went.
#[derive(Debug, Clone)]
pub(crate) struct ErrorContext {
    /// The profile the user chose, for `aws sso login --profile X`.
    pub profile: Option<String>,
    pub ecs_endpoint: String,
    pub elb_endpoint: String,
    pub logs_endpoint: String,
    pub ssm_endpoint: String,
    pub monitoring_endpoint: String,
    pub autoscaling_endpoint: String,
}

impl ErrorContext {
    fn login_hint(&self) -> String {
        match &self.profile {
            Some(p) => format!("aws sso login --profile {p}"),
            None => "aws sso login, or refresh the keys in your environment".to_string(),
        }
    }
}

/// What every SDK operation's error is.
pub(crate) trait AwsError: ProvideErrorMetadata + StdError + Send + Sync + 'static {}

impl<T: ProvideErrorMetadata + StdError + Send + Sync + 'static> AwsError for T {}

/// A failed SDK call.
pub(crate) type Failed<E> = SdkError<E, HttpResponse>;

/// What kind of call it was. Both are sent once; a read is asked again by wharf's poller within its budget,
/// a write never is (a lost answer may mean it was carried out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sent {
    Read,
    Write,
}

/// Which API was called, on what, where it was sent, and how.
pub(crate) struct Call<'a> {
    pub action: &'static str,
    pub resource: &'a str,
    pub endpoint: &'a str,
    pub sent: Sent,
}

/// Maps any SDK error to a `BackendError`.
pub(crate) fn map_sdk_error<E: AwsError>(
    ctx: &ErrorContext,
    call: &Call<'_>,
    err: Failed<E>,
) -> BackendError {
    let mapped = map(ctx, call, &err);
    // Credentials that could not be had stop a call before it is sent (a dispatch failure to the SDK):
    // nothing can have been carried out.
    let unsent = find_in_chain::<CredentialsError>(&err).is_some();
    if call.sent == Sent::Write && answer_lost(&err) && !unsent {
        return maybe_made(call, mapped);
    }
    mapped
}

fn map<E: AwsError>(ctx: &ErrorContext, call: &Call<'_>, err: &Failed<E>) -> BackendError {
    // A 5xx is the server failing, whatever its body says (throttling aside): worth trying again later.
    if let Some(status) = server_status(err).filter(|_| !err.code().is_some_and(throttling)) {
        return BackendError::ServerError {
            status,
            endpoint: call.endpoint.to_string(),
            action: call.action.to_string(),
            detail: match (err.code(), err.message()) {
                (Some(code), Some(message)) => format!(": {code}: {message}"),
                (Some(code), None) => format!(": {code}"),
                _ => String::new(),
            },
        };
    }
    if let Some(code) = err.code() {
        let message = err.message().unwrap_or_default().to_string();
        return from_code(ctx, call, code, &message);
    }
    if let Some(cred) = find_in_chain::<CredentialsError>(err) {
        return from_credentials(ctx, cred);
    }
    match err {
        SdkError::TimeoutError(_) => unreachable_err(call, "no answer in time (timed out)"),
        SdkError::DispatchFailure(failure) => match failure.as_connector_error() {
            Some(conn) if conn.is_timeout() => {
                unreachable_err(call, "no answer in time (timed out)")
            }
            Some(conn) if conn.is_io() => unreachable_err(call, &io_detail(conn)),
            Some(conn) => unreachable_err(call, &innermost(conn)),
            None => unreachable_err(call, "the request could not be sent"),
        },
        SdkError::ResponseError(_) => BackendError::Api {
            code: "InvalidResponse".into(),
            message: format!(
                "{} answered {} with something wharf cannot read: {}",
                call.endpoint,
                call.action,
                innermost(err)
            ),
        },
        _ => BackendError::Api {
            code: "Error".into(),
            message: format!("{}: {}", call.action, innermost(err)),
        },
    }
}

/// The HTTP status of an answer that was a server error (5xx).
fn server_status<E>(err: &Failed<E>) -> Option<u16> {
    let status = err.raw_response()?.status().as_u16();
    (500..600).contains(&status).then_some(status)
}

/// AWS refused the request for its rate: it was not carried out.
fn throttling(code: &str) -> bool {
    matches!(
        code,
        "ThrottlingException"
            | "Throttling"
            | "TooManyRequestsException"
            | "RequestLimitExceeded"
            | "ThrottledException"
            | "RequestThrottled"
    )
}

/// An error code (and message) as AWS sent it.
pub(crate) fn from_code(
    ctx: &ErrorContext,
    call: &Call<'_>,
    code: &str,
    message: &str,
) -> BackendError {
    match code {
        "AccessDeniedException" | "AccessDenied" | "UnauthorizedOperation"
        | "AuthorizationError" | "UnauthorizedException" => {
            let (action, resource) = parse_denied(message).unwrap_or_else(|| {
                (
                    format!("{}:{}", service_prefix(call), call.action),
                    call.resource.to_string(),
                )
            });
            BackendError::AccessDenied { action, resource }
        }
        "ExpiredTokenException" | "ExpiredToken" | "RequestExpired" | "TokenRefreshRequired" => {
            BackendError::CredentialsExpired {
                hint: ctx.login_hint(),
            }
        }
        "UnrecognizedClientException" | "InvalidClientTokenId" | "InvalidSignatureException"
        | "SignatureDoesNotMatch" | "MissingAuthenticationToken" => {
            BackendError::CredentialsRejected {
                code: code.to_string(),
                hint: format!(
                    "Log in again ({}), or check the keys and the profile.",
                    ctx.login_hint()
                ),
            }
        }
        c if throttling(c) => match call.sent {
            Sent::Read => BackendError::Throttled {
                action: call.action.to_string(),
            },
            // A throttled write was not carried out, and wharf does not send it again by itself.
            Sent::Write => BackendError::Api {
                code: code.to_string(),
                message: with_hint(
                    or_default(message, "Rate exceeded"),
                    &format!(
                        "{} was not carried out (AWS is limiting the account's request rate): try it again in a few seconds",
                        call.action
                    ),
                ),
            },
        },
        c if c.ends_with("NotFoundException") || c.ends_with("NotFound") => {
            BackendError::NotFound {
                what: not_found_what(c, call.resource),
            }
        }
        _ => {
            let fallback = format!("{} failed on {}", call.action, call.resource);
            let message = or_default(message, &fallback);
            BackendError::Api {
                code: code.to_string(),
                message: match hint(call, code, message) {
                    Some(h) => with_hint(message, h),
                    None => message.to_string(),
                },
            }
        }
    }
}

fn unreachable_err(call: &Call<'_>, detail: &str) -> BackendError {
    BackendError::Unreachable {
        endpoint: call.endpoint.to_string(),
        detail: detail.to_string(),
    }
}

fn io_detail(conn: &ConnectorError) -> String {
    let inner = innermost(conn);
    let lower = inner.to_lowercase();
    if lower.contains("connection refused") {
        "connection refused".into()
    } else if lower.contains("lookup") || lower.contains("resolve") || lower.contains("dns") {
        format!("the name does not resolve (DNS: {inner})")
    } else {
        inner
    }
}

/// `ClusterNotFoundException` on `prod` -> `cluster prod`.
fn not_found_what(code: &str, resource: &str) -> String {
    let kind = code
        .trim_end_matches("Exception")
        .trim_end_matches("NotFound");
    let mut words = String::new();
    for (i, ch) in kind.chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.extend(ch.to_lowercase());
    }
    if words.is_empty() {
        resource.to_string()
    } else {
        format!("{words} {resource}")
    }
}

/// "... is not authorized to perform: ecs:ListServices on resource: arn:..." -> (action, resource).
fn parse_denied(message: &str) -> Option<(String, String)> {
    let after = message.split("perform: ").nth(1)?;
    let action = after.split_whitespace().next()?.trim_end_matches(',');
    let resource = after
        .split("on resource: ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or("*");
    Some((action.to_string(), resource.to_string()))
}

fn service_prefix(call: &Call<'_>) -> &'static str {
    if call.endpoint.contains("elasticloadbalancing") {
        "elasticloadbalancing"
    } else if call.endpoint.contains("://logs.") || call.action.ends_with("LogEvents") {
        "logs"
    } else {
        "ecs"
    }
}

fn find_in_chain<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        cur = e.source();
    }
    None
}

/// The most specific message in an error's source chain.
fn innermost(err: &(dyn StdError + 'static)) -> String {
    let mut cur = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// Every call's error goes through one of these, which say where the call went and how it was sent.
impl Aws {
    /// A read's error (after the SDK's retries).
    pub(crate) fn ecs_err(
        &self,
        action: &'static str,
        resource: &str,
        e: Failed<impl AwsError>,
    ) -> BackendError {
        self.sdk_err(&self.ctx.ecs_endpoint, Sent::Read, action, resource, e)
    }

    /// A read's error (after the SDK's retries).
    pub(crate) fn elb_err(
        &self,
        action: &'static str,
        resource: &str,
        e: Failed<impl AwsError>,
    ) -> BackendError {
        self.sdk_err(&self.ctx.elb_endpoint, Sent::Read, action, resource, e)
    }

    /// A write's error: it was sent once, so a throttle or a lost answer says what to do next.
    pub(crate) fn ecs_write_err(
        &self,
        action: &'static str,
        resource: &str,
        e: Failed<impl AwsError>,
    ) -> BackendError {
        self.sdk_err(&self.ctx.ecs_endpoint, Sent::Write, action, resource, e)
    }

    /// An SSM session call's error: sent once, like a write.
    pub(crate) fn ssm_err(
        &self,
        action: &'static str,
        resource: &str,
        e: Failed<impl AwsError>,
    ) -> BackendError {
        self.sdk_err(&self.ctx.ssm_endpoint, Sent::Write, action, resource, e)
    }

    /// A CloudWatch read's error (sent once, like every polled read).
    pub(crate) fn cloudwatch_err(
        &self,
        action: &'static str,
        resource: &str,
        e: Failed<impl AwsError>,
    ) -> BackendError {
        self.sdk_err(
            &self.ctx.monitoring_endpoint,
            Sent::Read,
            action,
            resource,
            e,
        )
    }

    /// An Application Auto Scaling call's error: a read's, or a write's (`write`: sent once).
    pub(crate) fn autoscaling_err(
        &self,
        write: bool,
        action: &'static str,
        resource: &str,
        e: Failed<impl AwsError>,
    ) -> BackendError {
        let sent = if write { Sent::Write } else { Sent::Read };
        self.sdk_err(&self.ctx.autoscaling_endpoint, sent, action, resource, e)
    }

    /// A write's error: it was sent once, so a throttle or a lost answer says what to do next.
    pub(crate) fn elb_write_err(
        &self,
        action: &'static str,
        resource: &str,
        e: Failed<impl AwsError>,
    ) -> BackendError {
        self.sdk_err(&self.ctx.elb_endpoint, Sent::Write, action, resource, e)
    }

    /// An SDK error as a message a person can act on, naming the call, the resource and the endpoint.
    fn sdk_err(
        &self,
        endpoint: &str,
        sent: Sent,
        action: &'static str,
        resource: &str,
        e: Failed<impl AwsError>,
    ) -> BackendError {
        let call = Call {
            action,
            resource,
            endpoint,
            sent,
        };
        map_sdk_error(&self.ctx, &call, e)
    }
}

#[cfg(test)]
mod tests;
