//! Credentials that could not be had, before any request was sent. What a `credential_process` printed is
//! never kept: a helper that fails may print a token, a key or the answer to a prompt, and this message goes
//! to the status line, `:messages` and the audit log. Its exit status and what to do are enough.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;

use super::{innermost, ErrorContext};
use crate::backend::BackendError;

/// What aws-config says of every failure of a `credential_process` (its `credential_process.rs`).
const PROCESS: &str = "external process";

pub(super) fn from_credentials(ctx: &ErrorContext, err: &CredentialsError) -> BackendError {
    if let Some(said) = process_failure(err) {
        return BackendError::NoCredentials {
            hint: format!("{said} {}", process_hint(ctx)),
        };
    }
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

/// How a `credential_process` failed, in wharf's words, without anything it printed; `None` when the error
/// is not a credential process's. Every message of the error's chain is looked at: providers wrap each other.
fn process_failure(err: &CredentialsError) -> Option<String> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    let said = std::iter::from_fn(|| {
        let e = cur?;
        cur = e.source();
        Some(e.to_string())
    })
    .find(|text| text.contains(PROCESS))?;
    Some(describe(&said))
}

/// What a credential process must print.
const SHAPE: &str = "it must print JSON with Version 1, AccessKeyId and SecretAccessKey";

fn describe(said: &str) -> String {
    if let Some((_, after)) = said.split_once("exited with code ") {
        // The status as Rust prints it ("exit status: 1", "signal: 9 (SIGKILL)"), then ". Stderr: " and what
        // the process printed, which is cut off here. Anything else is not shown.
        let status = after
            .split_once(". Stderr:")
            .map_or("", |(status, _)| status);
        let plain = |c: char| c.is_ascii_alphanumeric() || " :()-".contains(c);
        let rusts = status.starts_with("exit status: ") || status.starts_with("signal: ");
        return if rusts && status.len() <= 40 && status.chars().all(plain) {
            format!("credential_process failed ({status}).")
        } else {
            "credential_process failed.".to_string()
        };
    }
    if said.contains("could not parse response") {
        return match missing_field(said) {
            Some(field) => {
                format!("credential_process printed credentials without `{field}` ({SHAPE}).")
            }
            None => {
                format!("credential_process printed something that is not credentials ({SHAPE}).")
            }
        };
    }
    if said.contains("could not decode output") {
        return "credential_process printed something that is not UTF-8 text.".to_string();
    }
    // The process could not be started: the operating system's reason ("... (os error 2)"), which holds
    // nothing it printed. Any other text is not shown.
    match said.split_once(&format!("{PROCESS}: ")) {
        Some((_, why)) if why.ends_with(')') && why.contains("(os error ") && why.len() <= 120 => {
            format!("credential_process could not be started ({why}).")
        }
        _ => "credential_process could not be started.".to_string(),
    }
}

/// aws-config's "Expected field `Version` in response but it was missing": a name of its own, safe to show.
fn missing_field(said: &str) -> Option<&str> {
    let field = said.split_once("Expected field `")?.1.split_once('`')?.0;
    (!field.is_empty() && field.len() <= 32 && field.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(field)
}

fn process_hint(ctx: &ErrorContext) -> String {
    let profile = match &ctx.profile {
        Some(p) => format!("profile `{p}`"),
        None => "the profile".to_string(),
    };
    format!(
        "Run the credential_process command of {profile} (in ~/.aws/config) by hand to see why; wharf does not show what it printed, as it may hold a secret."
    )
}

fn no_credentials_hint(ctx: &ErrorContext) -> String {
    match &ctx.profile {
        Some(p) => format!(
            "Check that profile `{p}` exists in ~/.aws/config, then log in (aws sso login --profile {p}) or configure it (aws configure --profile {p})."
        ),
        None => "Run `aws configure` or `aws sso login`, set AWS_PROFILE, or pass --profile.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::ctx;
    use super::*;

    /// aws-config's own wording, wrapped as the profile provider wraps it.
    fn said(message: &str) -> String {
        let inner = CredentialsError::provider_error(message.to_string());
        from_credentials(&ctx(), &CredentialsError::provider_error(inner)).to_string()
    }

    #[test]
    fn a_credential_process_is_named_by_its_status_never_by_what_it_printed() {
        let killed = said("Error retrieving credentials: external process exited with code signal: 9 (SIGKILL). Stderr: token expired Zq9Leak");
        assert!(
            killed.contains("credential_process failed (signal: 9 (SIGKILL))."),
            "{killed}"
        );
        assert!(
            killed.contains("profile `prod`") && !killed.contains("Zq9Leak"),
            "{killed}"
        );
        // A stderr that mentions a token is not taken for an expired session.
        assert!(!killed.contains("expired"), "{killed}");
        let odd = said("Error retrieving credentials: external process exited with code Zq9Leak Zq9Leak Zq9Leak Zq9Leak Zq9Leak");
        assert!(
            odd.contains("credential_process failed.") && !odd.contains("Zq9Leak"),
            "{odd}"
        );
        let unstarted = said("Error retrieving credentials from external process: No such file or directory (os error 2)");
        assert!(
            unstarted.contains("could not be started (No such file or directory (os error 2))"),
            "{unstarted}"
        );
        let binary = said("Error retrieving credentials from external process: could not decode output as UTF-8: invalid utf-8 sequence");
        assert!(binary.contains("not UTF-8 text"), "{binary}");
    }

    #[test]
    fn other_providers_keep_their_words() {
        let other = said("the SSO session has expired");
        assert!(other.contains("aws sso login --profile prod"), "{other}");
        let loaded = from_credentials(&ctx(), &CredentialsError::not_loaded("no profile"));
        assert!(
            loaded
                .to_string()
                .contains("Check that profile `prod` exists"),
            "{loaded}"
        );
    }
}
