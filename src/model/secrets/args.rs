//! The arguments of a command (`command`, `entryPoint`, a health check's). An argument that follows a flag
//! whose name is secret by the rules of [`super::names`] (`--db-password hunter2`, `--api-key …`,
//! `--token …`) is hidden whole, whatever its shape; any argument is also hidden as a value with no name is
//! (its shape, its URLs, its settings: `--password=hunter2`). An argument with spaces in it (a shell line:
//! `sh -c "…"`, a health check's `CMD-SHELL`) has its words read the same way.
//!
//! Decisions: a flag is a word that starts with `-` then a letter (`-1` and `--` are not flags). A value is
//! what follows it unless that is another flag (`--auth --verbose`: `--auth` takes no value) or a boolean.
//! One-letter flags are not read as secret (`-p` is a port as often as a password), but for curl's
//! `user:password` ones: after `-u`, `--user`, `-U` or `--proxy-user` (or in `--user=…`), a value with a
//! `:` in it is hidden (`curl -u admin:hunter2`), unless it is `uid:gid` (`docker -u 1000:1000`). A
//! password glued to its flag (mysql's `-phunter2`) is not hidden: `-p…` is as often something else.

use std::fmt;
use std::ops::Range;

use super::free_text::offset_in;
use super::{hide_with, says_nothing, secret_name, whole, Hidden, SecretReason};

/// Each argument of a command, hidden (with why) or `None` when it holds no secret.
pub fn hide_args<'a>(args: impl IntoIterator<Item = &'a str>) -> Vec<Option<Hidden>> {
    let mut after: Option<Flag> = None;
    args.into_iter()
        .map(|arg| match after.take().filter(|flag| flag.takes(arg)) {
            Some(flag) => Some(whole(SecretReason::Flag(flag.name))),
            None => {
                after = secret_flag(arg);
                hide_with("", arg, flag_values(arg))
            }
        })
        .collect()
}

/// Inside one argument (or any text), the words that follow a secret flag (`sh -c "app --token abc"`), and
/// the value of a `--user=user:password`: their ranges. A quoted word runs to its closing quote
/// (`--password 'two words'`).
pub(super) fn flag_values(line: &str) -> Vec<(Range<usize>, SecretReason)> {
    let mut found = Vec::new();
    let mut after: Option<Flag> = None;
    for word in line.split_whitespace() {
        let at = offset_in(line, word);
        if let Some((flag, pair)) = word.split_once('=') {
            if USER_FLAGS.contains(&flag) && user_pair(pair) {
                let from = at + flag.len() + 1;
                found.push((
                    from..at + word.len(),
                    SecretReason::Flag(FlagName::new(flag)),
                ));
            }
        }
        match after.take().filter(|flag| flag.takes(word)) {
            Some(Flag { name: flag, .. }) => {
                let quoted = word
                    .chars()
                    .next()
                    .filter(|q| "\"'".contains(*q) && !(word.len() > 1 && word.ends_with(*q)));
                let end = quoted
                    .and_then(|q| line[at + 1..].find(q).map(|e| at + 1 + e + 1))
                    .unwrap_or(at + word.len());
                found.push((at..end, SecretReason::Flag(flag)));
            }
            None => after = secret_flag(word),
        }
    }
    found
}

/// Flags whose value is `user:password` (curl's).
const USER_FLAGS: [&str; 4] = ["-u", "--user", "-U", "--proxy-user"];

/// A flag whose value is secret, and whether only a `user:password` one is.
#[derive(Clone, Copy)]
struct Flag {
    name: FlagName,
    pair_only: bool,
}

impl Flag {
    /// Whether `arg`, after this flag, is its secret value.
    fn takes(&self, arg: &str) -> bool {
        is_value(arg) && (!self.pair_only || user_pair(arg))
    }
}

/// `admin:hunter2`: a user and a password. Not `1000:1000` (a uid and a gid), nor `admin:` (curl asks).
fn user_pair(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    value.split_once(':').is_some_and(|(user, password)| {
        let ids = digits(user) && digits(password);
        !password.is_empty() && !ids
    })
}

/// `--db-password`, `-token`, `--api_key`: a flag whose name is secret; `-u`, `--user`: one whose value is
/// secret when it is `user:password`. Not one that carries its value (`--password=…`: a setting, hidden as
/// such), nor another one of one letter.
fn secret_flag(arg: &str) -> Option<Flag> {
    let arg = arg.trim();
    let name = arg.trim_start_matches('-');
    if USER_FLAGS.contains(&arg) {
        let name = FlagName::new(arg);
        return Some(Flag {
            name,
            pair_only: true,
        });
    }
    if !is_flag(arg) || arg.contains('=') || name.chars().count() < 2 {
        return None;
    }
    secret_name(name).map(|_| Flag {
        name: FlagName::new(arg),
        pair_only: false,
    })
}

/// `-x`, `--name`: a dash or two, then a letter.
fn is_flag(arg: &str) -> bool {
    let arg = arg.trim();
    let name = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-'));
    name.and_then(|n| n.chars().next())
        .is_some_and(|c| c.is_ascii_alphabetic())
}

/// What a flag before it could take as its value.
fn is_value(arg: &str) -> bool {
    !is_flag(arg) && !says_nothing(arg)
}

/// A flag's name, kept in the reason so that it says which flag (`follows --db-password`) while a reason
/// stays `Copy`: up to [`FlagName::MAX`] bytes, a longer name cut and ended with `…`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FlagName {
    bytes: [u8; FlagName::MAX],
    len: u8,
    cut: bool,
}

impl FlagName {
    pub const MAX: usize = 40;

    pub fn new(flag: &str) -> Self {
        let mut end = flag.len().min(Self::MAX);
        while !flag.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; Self::MAX];
        bytes[..end].copy_from_slice(&flag.as_bytes()[..end]);
        FlagName {
            bytes,
            len: end as u8,
            cut: end < flag.len(),
        }
    }

    /// The name as kept (without the `…` of a cut one).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Display for FlagName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for FlagName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}
