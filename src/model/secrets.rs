//! Which values are secrets, and why. A task definition's environment, log options and commands are plain
//! text that people fill with passwords anyway; wharf does not put those on a screen someone may be sharing,
//! on the clipboard, or in the audit log. One decision, made here, for every place that shows such a value.
//!
//! A value is hidden when
//! - it is a PEM private key, whatever its name;
//! - a part of its name says it is a credential (`DB_PASS`, `apiKey`, `JWT_SIGNING_KEY`), unless the name's
//!   last part says what the value is instead (`…_ARN`, `…_FILE`, `…_URL`, `…_ID`, `…_TTL`, `…_ALIAS`,
//!   `…_SECONDS`, `…_HEADER`, `…_SERVER`: a reference, a place or a setting about the secret, not the
//!   secret), or the word is a `KEY` or `CERT` that is not a credential (`JWT_PUBLIC_KEY`, `SORT_KEY`); and
//!   a name that is secret only as a key or certificate (`TLS_CERT`) shows a value that is plainly a file's
//!   path (`/etc/ssl/cert.pem`: the file is the secret, not where it is);
//! - it looks like a key or token (see [`looks_like_token`]), unless its name says it is an identifier or
//!   a public key;
//! - it holds a URL with a password (`postgres://app:hunter2@db/app`) or a token in its path (a Slack
//!   webhook), a setting whose name is secret (`…?password=…`, `Password=…;`, `"apiKey": "…"`,
//!   `password: x`, `-Dspring.datasource.password=…`), or an authorization (`Bearer …`): then only that part
//!   is hidden;
//! - it is an argument of a command that follows a flag whose name is secret (`--db-password hunter2`), or
//!   curl's `-u user:password`.
//!
//! By concern: `names` (which names are secret), `shapes` (which values look like keys), `urls` (secrets in
//! URLs), `settings` (secret settings inside a text), `free_text` (secrets inside a longer text, and
//! [`mask_secrets`] for any text wharf shows), `args` (a command's arguments).

use std::fmt;
use std::ops::Range;

mod args;
mod free_text;
mod names;
mod settings;
mod shapes;
mod urls;

pub use args::{hide_args, FlagName};
pub use free_text::mask_secrets;
use free_text::{inline, mask};
use names::{describes, key_or_cert_only, public_key};
pub use names::{name_parts, secret_name};
use shapes::is_private_key;
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
    /// A URL in it has its secret in its path: a webhook's (`hooks.slack.com/services/…`), or a part of
    /// the path that looks like a key.
    UrlToken,
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
            SecretReason::UrlToken => f.write_str("token in URL"),
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
    if is_private_key(value) {
        return Some(whole(SecretReason::Token));
    }
    if let Some(word) = secret_name(name) {
        if !(key_or_cert_only(name) && plain_path(value)) {
            return Some(whole(SecretReason::Name(word)));
        }
    }
    let vouched = describes(name) || public_key(name);
    if !vouched && looks_like_token(value.trim()) {
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

/// `/etc/ssl/cert.pem`: plainly a file's path (starts with `/`, no whitespace), and not a key that happens
/// to start with `/` (base64 may).
fn plain_path(value: &str) -> bool {
    value.len() > 1
        && value.starts_with('/')
        && !value.contains(char::is_whitespace)
        && !looks_like_token(value)
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

#[cfg(test)]
#[path = "secrets_inline_tests.rs"]
mod inline_tests;
