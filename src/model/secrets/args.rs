//! The arguments of a command (`command`, `entryPoint`, a health check's). An argument that follows a flag
//! whose name is secret by the rules of [`super::names`] (`--db-password hunter2`, `--api-key …`,
//! `--token …`) is hidden whole, whatever its shape; any argument is also hidden as a value with no name is
//! (its shape, its URLs, its settings: `--password=hunter2`). An argument with spaces in it (a shell line:
//! `sh -c "…"`, a health check's `CMD-SHELL`) has its words read the same way.
//!
//! Decisions: a flag is a word that starts with `-` then a letter (`-1` and `--` are not flags). A value is
//! what follows it unless that is another flag (`--auth --verbose`: `--auth` takes no value) or a boolean.
//! One-letter flags are not read as secret (`-p` is a port as often as a password).

use std::fmt;
use std::ops::Range;

use super::free_text::offset_in;
use super::{hide_with, says_nothing, secret_name, whole, Hidden, SecretReason};

/// Each argument of a command, hidden (with why) or `None` when it holds no secret.
pub fn hide_args<'a>(args: impl IntoIterator<Item = &'a str>) -> Vec<Option<Hidden>> {
    let mut after: Option<FlagName> = None;
    args.into_iter()
        .map(|arg| match after.take().filter(|_| is_value(arg)) {
            Some(flag) => Some(whole(SecretReason::Flag(flag))),
            None => {
                after = secret_flag(arg);
                hide_with("", arg, flag_values(arg))
            }
        })
        .collect()
}

/// Inside one argument, the words that follow a secret flag (`sh -c "app --token abc"`): their ranges. A
/// quoted word runs to its closing quote (`--password 'two words'`).
fn flag_values(line: &str) -> Vec<(Range<usize>, SecretReason)> {
    let mut found = Vec::new();
    let mut after = None;
    for word in line.split_whitespace() {
        let at = offset_in(line, word);
        match after.take().filter(|_| is_value(word)) {
            Some(flag) => {
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

/// `--db-password`, `-token`, `--api_key`: a flag whose name is secret. Not one that carries its value
/// (`--password=…`: a setting, hidden as such), nor one of one letter.
fn secret_flag(arg: &str) -> Option<FlagName> {
    let arg = arg.trim();
    let name = arg.trim_start_matches('-');
    if !is_flag(arg) || arg.contains('=') || name.chars().count() < 2 {
        return None;
    }
    secret_name(name).map(|_| FlagName::new(arg))
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
