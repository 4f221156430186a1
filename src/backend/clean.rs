//! Where untrusted text is cleaned: every answer and every error a backend returns goes through `cleaned`
//! (the `Backend` impls of `aws` and `sim` wrap each method's result), so nothing above `backend` ever holds
//! an escape sequence from AWS, the sandbox or an endpoint's error body. See `model::text`.

use crate::backend::{BackendError, BackendInfo, DescribeFailure, Described, Page, Result};
use crate::model::secrets::mask_secrets;
use crate::model::text::clean_all;
use crate::model::{as_prose, Shape, Texts};

/// `result` with every string in it, answer or error, cleaned for drawing.
pub(crate) fn cleaned<T: Texts>(result: Result<T>) -> Result<T> {
    match result {
        Ok(mut value) => {
            clean_all(&mut value);
            Ok(value)
        }
        Err(error) => Err(cleaned_error(error)),
    }
}

/// An error cleaned on its own (one raised before a backend exists, such as the first probe's). An error's
/// text may also quote a secret (an endpoint's body repeating a connection string): masked here, so that no
/// status line, message or audit line ever shows it.
pub(crate) fn cleaned_error(mut error: BackendError) -> BackendError {
    clean_all(&mut error);
    error.texts(&mut |s, _| {
        let (masked, hidden) = mask_secrets(s);
        if hidden > 0 {
            *s = masked;
        }
    });
    error
}

impl<T: Texts> Texts for Described<T> {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        self.items.texts(visit);
        self.failures.texts(visit);
    }
}

impl Texts for DescribeFailure {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        self.arn.texts(visit);
        as_prose(&mut self.reason, visit);
    }
}

impl Texts for Page {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        self.arns.texts(visit);
        self.next.texts(visit);
    }
}

impl Texts for BackendInfo {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        self.profile.texts(visit);
        self.region.texts(visit);
        self.account_id.texts(visit);
        self.endpoint.texts(visit);
    }
}

impl Texts for BackendError {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        match self {
            BackendError::AccessDenied { action, resource } => {
                action.texts(visit);
                resource.texts(visit);
            }
            BackendError::CredentialsExpired { hint } | BackendError::NoCredentials { hint } => {
                as_prose(hint, visit)
            }
            BackendError::CredentialsRejected { code, hint } => {
                code.texts(visit);
                as_prose(hint, visit);
            }
            BackendError::Throttled { action } | BackendError::TimedOut { action, .. } => {
                action.texts(visit)
            }
            BackendError::ServerError {
                endpoint,
                action,
                detail,
                ..
            } => {
                endpoint.texts(visit);
                action.texts(visit);
                as_prose(detail, visit);
            }
            BackendError::Unreachable { endpoint, detail } => {
                endpoint.texts(visit);
                as_prose(detail, visit);
            }
            BackendError::NotFound { what } => what.texts(visit),
            BackendError::Api { code, message } => {
                code.texts(visit);
                as_prose(message, visit);
            }
            BackendError::AnswerLost { action, detail } => {
                action.texts(visit);
                as_prose(detail, visit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::text::is_unsafe;

    const HOSTILE: &str = "a\x1b]52;c;cHduZWQ=\x07b\x1b[2J\u{9b}31m\u{202e}c";

    fn all_safe<T: Texts>(value: &mut T) -> bool {
        let mut safe = true;
        value.texts(&mut |s, shape| {
            safe &= !s
                .chars()
                .any(|c| is_unsafe(c) && !(c == '\n' && shape == Shape::Prose))
        });
        safe
    }

    /// Every variant, each of its text fields hostile.
    fn every_error() -> Vec<BackendError> {
        let h = || HOSTILE.to_string();
        vec![
            BackendError::AccessDenied {
                action: h(),
                resource: h(),
            },
            BackendError::CredentialsExpired { hint: h() },
            BackendError::NoCredentials { hint: h() },
            BackendError::CredentialsRejected {
                code: h(),
                hint: h(),
            },
            BackendError::Throttled { action: h() },
            BackendError::ServerError {
                status: 500,
                endpoint: h(),
                action: h(),
                detail: h(),
            },
            BackendError::Unreachable {
                endpoint: h(),
                detail: h(),
            },
            BackendError::TimedOut {
                action: h(),
                seconds: 1,
            },
            BackendError::NotFound { what: h() },
            BackendError::Api {
                code: h(),
                message: h(),
            },
            BackendError::AnswerLost {
                action: h(),
                detail: h(),
            },
        ]
    }

    #[test]
    fn every_error_is_cleaned_whole() {
        for error in every_error() {
            let Err(cleaned) = cleaned::<()>(Err(error.clone())) else {
                unreachable!()
            };
            let text = cleaned.to_string();
            assert!(
                !text.chars().any(|c| is_unsafe(c) && c != '\n'),
                "{error:?} -> {text:?}"
            );
            assert!(text.contains("a\u{FFFD}]52;c;"), "{text}");
        }
    }

    /// Each method of a backend's `impl Backend` block that answers with backend data (every `async fn`; the
    /// others, `info` and `now`, are checked apart), with its body, comments left out.
    fn methods(source: &str) -> Vec<(String, String)> {
        let start = ["impl Backend for", "impl MetricsScaling for"]
            .iter()
            .find_map(|block| source.find(block))
            .expect("an impl Backend or MetricsScaling block");
        let code: String = source[start..]
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut out = Vec::new();
        let mut rest = code.as_str();
        while let Some(at) = rest.find("async fn ") {
            rest = &rest[at + "async fn ".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| *c != '(' && *c != '<')
                .collect();
            let next = rest.find("async fn ").unwrap_or(rest.len());
            out.push((name, rest[..next].to_string()));
        }
        out
    }

    /// A method added to a backend without passing its answer through `cleaned` would let raw text in.
    #[test]
    fn every_method_of_every_backend_cleans_its_answer() {
        for (file, source, wrapper) in [
            ("aws", include_str!("aws/backend_impl.rs"), "cleaned("),
            ("sim", include_str!("sim/backend.rs"), "self.answer("),
            (
                "aws metrics",
                include_str!("aws/metrics_impl.rs"),
                "cleaned(",
            ),
            (
                "sim metrics",
                include_str!("sim/metrics_impl.rs"),
                "self.answer(",
            ),
        ] {
            let methods = methods(source);
            let least = if file.contains("metrics") { 6 } else { 30 };
            assert!(methods.len() >= least, "{file}: {} methods", methods.len());
            for (name, body) in methods {
                assert!(
                    body.contains(wrapper),
                    "{file}::{name} does not clean its answer"
                );
            }
        }
        // The one synchronous answer with text in it: the profile and account the header shows.
        assert!(include_str!("aws/backend_impl.rs").contains("clean_all(&mut info)"));
    }

    #[test]
    fn a_secret_quoted_by_an_error_is_masked() {
        let error = BackendError::Api {
            code: "InvalidParameterException".into(),
            message: "cannot reach postgres://app:hunter2@db:5432/app".into(),
        };
        let text = cleaned_error(error).to_string();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("postgres://app:"), "{text}");
    }

    #[test]
    fn answers_with_failures_are_cleaned_whole() {
        let described = Described {
            items: vec![HOSTILE.to_string()],
            failures: vec![DescribeFailure {
                arn: HOSTILE.into(),
                reason: format!("{HOSTILE}\nMISSING"),
            }],
        };
        assert!(!all_safe(&mut described.clone()));
        let Ok(mut clean) = cleaned(Ok(described.clone())) else {
            unreachable!()
        };
        assert!(all_safe(&mut clean));
        assert!(clean.failures[0].reason.ends_with("\nMISSING"));
        let mut page = Page {
            arns: vec![HOSTILE.into()],
            next: Some(HOSTILE.into()),
        };
        let Ok(mut page_clean) = cleaned(Ok(page.clone())) else {
            unreachable!()
        };
        assert!(!all_safe(&mut page) && all_safe(&mut page_clean));
    }
}
