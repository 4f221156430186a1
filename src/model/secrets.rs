//! Which values are secrets, and why. A task definition's environment, log options and commands are plain
//! text that people fill with passwords anyway; wharf does not put those on a screen someone may be sharing,
//! on the clipboard, or in the audit log. One decision, made here, for every place that shows such a value.
//!
//! A value is hidden when
//! - a part of its name says it is a credential (`DB_PASS`, `apiKey`, `JWT_SIGNING_KEY`), unless the name's
//!   last part says what the value is instead (`…_ARN`, `…_FILE`, `…_URL`, `…_ID`, `…_TTL`: a reference, a
//!   place or a setting about the secret, not the secret);
//! - it looks like a key or token (see [`looks_like_token`]), unless its name says it is an identifier;
//! - it holds a URL with a password (`postgres://app:hunter2@db/app`), or a setting whose name is secret
//!   (`…?password=…`, `Password=…;`, `-Dspring.datasource.password=…`): then only that part is hidden;
//! - it is an argument of a command that follows a flag whose name is secret (`--db-password hunter2`).
//!
//! By concern: `names` (which names are secret), `shapes` (which values look like keys), `free_text`
//! (secrets inside a longer text, and [`mask_secrets`] for any text wharf shows), `args` (a command's
//! arguments).

use std::fmt;
use std::ops::Range;

mod args;
mod free_text;
mod names;
mod shapes;

pub use args::{hide_args, FlagName};
pub use free_text::mask_secrets;
use free_text::{inline, mask};
use names::describes;
pub use names::{name_parts, secret_name};
pub use shapes::{class_changes, entropy, looks_like_token};

/// What a hidden value (or the hidden part of one) shows instead. Always this long, so that it gives away
/// nothing about the length of what it hides.
pub const MASK: &str = "••••••";

/// Why a value is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretReason {
    /// A part of the name says it is a credential; the word that matched (`PASS`, `KEY`, ...).
    Name(&'static str),
    /// A URL in it has a password (`user:password@`), or a token as its user.
    UrlPassword,
    /// A `name=value` setting in it has a secret name; the word that matched.
    Setting(&'static str),
    /// It looks like a key or token: long and random-looking, a JWT, or a PEM private key.
    Token,
    /// It is the argument after this flag, whose name is secret (`--db-password`).
    Flag(FlagName),
}

impl fmt::Display for SecretReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretReason::Name(word) => write!(f, "name contains {word}"),
            SecretReason::UrlPassword => f.write_str("password in URL"),
            SecretReason::Setting(word) => write!(f, "{word} setting inside"),
            SecretReason::Token => f.write_str("looks like a key"),
            SecretReason::Flag(flag) => write!(f, "follows {flag}"),
        }
    }
}

/// A secret value as it may be shown: `text` has [`MASK`] where the secret was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    pub text: String,
    pub reason: SecretReason,
    /// Whether the whole value is masked (by its name, or as a token), not only a part of it.
    pub whole: bool,
}

impl Hidden {
    /// `•••••• (hidden: name contains PASS)`: what a screen shows in the value's place.
    pub fn labelled(&self) -> String {
        format!("{} (hidden: {})", self.text, self.reason)
    }
}

/// Whether the value of `name` (an environment variable, a log option, a label; `""` when it has none) is
/// secret, and why.
pub fn secret(name: &str, value: &str) -> Option<SecretReason> {
    hide(name, value).map(|h| h.reason)
}

/// The value of `name` with its secret hidden, or `None` when it holds none. Blank values and booleans hide
/// nothing (`AUTH_DISABLED=true` is a flag, not a credential).
pub fn hide(name: &str, value: &str) -> Option<Hidden> {
    hide_with(name, value, Vec::new())
}

/// [`hide`], with the secret parts of `value` found beforehand (`found`) masked too.
fn hide_with(
    name: &str,
    value: &str,
    mut found: Vec<(Range<usize>, SecretReason)>,
) -> Option<Hidden> {
    if says_nothing(value) {
        return None;
    }
    if let Some(word) = secret_name(name) {
        return Some(whole(SecretReason::Name(word)));
    }
    if !describes(name) && looks_like_token(value.trim()) {
        return Some(whole(SecretReason::Token));
    }
    found.extend(inline(value));
    let (text, reason) = mask(value, found)?;
    Some(Hidden {
        text,
        reason,
        whole: false,
    })
}

/// A value that cannot be a secret: blank, or a boolean.
fn says_nothing(value: &str) -> bool {
    let trimmed = value.trim();
    trimmed.is_empty() || ["true", "false"].contains(&trimmed.to_ascii_lowercase().as_str())
}

/// A value hidden whole.
fn whole(reason: SecretReason) -> Hidden {
    Hidden {
        text: MASK.to_string(),
        reason,
        whole: true,
    }
}

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod tests;
