//! SDK errors become `BackendError`s a person can act on. No credential ever reaches a message: only error
//! codes, AWS's own messages (which name principals and actions, never keys) and endpoints are used.

use std::error::Error as StdError;
use std::fmt::Debug;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::result::ConnectorError;

use crate::backend::BackendError;

/// What an error message needs to know about where a call went.
#[derive(Debug, Clone)]
pub(crate) struct ErrorContext {
    /// The profile the user chose, for `aws sso login --profile X`.
    pub profile: Option<String>,
    pub ecs_endpoint: String,
    pub elb_endpoint: String,
}

impl ErrorContext {
    fn login_hint(&self) -> String {
        match &self.profile {
            Some(p) => format!("aws sso login --profile {p}"),
            None => "aws sso login, or refresh the keys in your environment".to_string(),
        }
    }
}

/// Which API was called, on what, and where it was sent.
pub(crate) struct Call<'a> {
    pub action: &'static str,
    pub resource: &'a str,
    pub endpoint: &'a str,
}

/// Maps any SDK error to a `BackendError`.
pub(crate) fn map_sdk_error<E, R>(
    ctx: &ErrorContext,
    call: &Call<'_>,
    err: SdkError<E, R>,
) -> BackendError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    R: Debug + 'static,
{
    if let Some(code) = err.code() {
        let message = err.message().unwrap_or_default().to_string();
        return from_code(ctx, call, code, &message);
    }
    if let Some(cred) = find_in_chain::<CredentialsError>(&err) {
        return from_credentials(ctx, cred);
    }
    match &err {
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
                innermost(&err)
            ),
        },
        _ => BackendError::Api {
            code: "Error".into(),
            message: format!("{}: {}", call.action, innermost(&err)),
        },
    }
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
                    format!("{}:{}", service_prefix(call.endpoint), call.action),
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
        | "SignatureDoesNotMatch" | "MissingAuthenticationToken" => BackendError::NoCredentials {
            hint: format!(
                "AWS does not accept the credentials in use ({code}). Log in again ({}) or check the profile.",
                ctx.login_hint()
            ),
        },
        "ThrottlingException" | "Throttling" | "TooManyRequestsException"
        | "RequestLimitExceeded" | "ThrottledException" | "RequestThrottled" => {
            BackendError::Throttled {
                action: call.action.to_string(),
            }
        }
        c if c.ends_with("NotFoundException") || c.ends_with("NotFound") => {
            BackendError::NotFound {
                what: not_found_what(c, call.resource),
            }
        }
        _ => BackendError::Api {
            code: code.to_string(),
            message: if message.is_empty() {
                format!("{} failed on {}", call.action, call.resource)
            } else {
                message.to_string()
            },
        },
    }
}

fn from_credentials(ctx: &ErrorContext, err: &CredentialsError) -> BackendError {
    let detail = innermost(err);
    let lower = detail.to_lowercase();
    match err {
        CredentialsError::CredentialsNotLoaded(_) => BackendError::NoCredentials {
            hint: no_credentials_hint(ctx),
        },
        _ if lower.contains("expired") || lower.contains("sso") || lower.contains("token") => {
            BackendError::CredentialsExpired {
                hint: ctx.login_hint(),
            }
        }
        CredentialsError::ProviderTimedOut(_) => BackendError::NoCredentials {
            hint: format!(
                "The credentials provider did not answer in time. {}",
                no_credentials_hint(ctx)
            ),
        },
        _ => BackendError::NoCredentials {
            hint: format!(
                "{}. {}",
                detail.trim_end_matches('.'),
                no_credentials_hint(ctx)
            ),
        },
    }
}

fn no_credentials_hint(ctx: &ErrorContext) -> String {
    match &ctx.profile {
        Some(p) => format!(
            "Check that profile `{p}` exists in ~/.aws/config, then log in (aws sso login --profile {p}) or configure it (aws configure --profile {p})."
        ),
        None => "Run `aws configure` or `aws sso login`, set AWS_PROFILE, or pass --profile.".to_string(),
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

fn service_prefix(endpoint: &str) -> &'static str {
    if endpoint.contains("elasticloadbalancing") {
        "elasticloadbalancing"
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> ErrorContext {
        ErrorContext {
            profile: Some("prod".into()),
            ecs_endpoint: "https://ecs.eu-west-1.amazonaws.com".into(),
            elb_endpoint: "https://elasticloadbalancing.eu-west-1.amazonaws.com".into(),
        }
    }

    fn call() -> Call<'static> {
        Call {
            action: "ListServices",
            resource: "cluster prod",
            endpoint: "https://ecs.eu-west-1.amazonaws.com",
        }
    }

    #[test]
    fn access_denied_names_the_action_and_resource() {
        let e = from_code(
            &ctx(),
            &call(),
            "AccessDeniedException",
            "User: arn:aws:iam::1:user/a is not authorized to perform: ecs:ListServices on resource: arn:aws:ecs:eu-west-1:1:cluster/prod because no identity-based policy allows it",
        );
        assert_eq!(
            e,
            BackendError::AccessDenied {
                action: "ecs:ListServices".into(),
                resource: "arn:aws:ecs:eu-west-1:1:cluster/prod".into()
            }
        );
        let e = from_code(&ctx(), &call(), "AccessDeniedException", "denied");
        assert_eq!(
            e,
            BackendError::AccessDenied {
                action: "ecs:ListServices".into(),
                resource: "cluster prod".into()
            }
        );
    }

    #[test]
    fn expired_token_says_how_to_log_in() {
        let e = from_code(&ctx(), &call(), "ExpiredTokenException", "expired");
        assert!(
            e.to_string().contains("aws sso login --profile prod"),
            "{e}"
        );
    }

    #[test]
    fn not_found_names_the_kind() {
        let e = from_code(&ctx(), &call(), "ClusterNotFoundException", "x");
        assert_eq!(
            e,
            BackendError::NotFound {
                what: "cluster cluster prod".into()
            }
        );
        let e = from_code(&ctx(), &call(), "TargetGroupNotFound", "x");
        assert!(e.to_string().starts_with("target group"), "{e}");
    }

    #[test]
    fn other_codes_keep_code_and_message() {
        let e = from_code(
            &ctx(),
            &call(),
            "ServiceNotActiveException",
            "Service was not ACTIVE.",
        );
        assert_eq!(
            e.to_string(),
            "ServiceNotActiveException: Service was not ACTIVE."
        );
    }
}
