//! Settings inside a text whose name is secret, and credentials after an HTTP authorization scheme. A
//! setting is a name, then `=` or `:`, then its value, in any of the forms configuration takes:
//! `password=hunter2`, `key = value`, `?user=app&password=…`, `Password=P@ss w0rd;` (a connection string),
//! `-Dspring.datasource.password=…`, `"apiKey": "abc"`, `{"spring.datasource.password":"…"}`,
//! `password: x` (YAML). Its value is hidden when its name is secret by the rules of [`super::names`].
//!
//! Decisions:
//! - a name is a quoted string (`"api key"`), or a run of letters, digits, `_`, `.` and `-`;
//! - after a bare name, `:` makes a setting only when a space or a quote follows it (`password: x`,
//!   `{password:"x"}`), so that `host:port`, `user:password@` (see [`super::urls`]) and ARNs are not read as
//!   settings; nor is `SomeError: …` or `SomeException: …` (an error's code, then its message);
//! - a quoted value runs to its closing quote (`\"` escaped JSON too), whatever it holds; a value that opens
//!   an object or an array (`"auth": {…}`) is read for the settings inside it;
//! - a bare value runs to the next space, `;`, `&`, `,` or quote; but in a `key=value;` list (the setting
//!   follows a `;`, or starts a line that has a `;` after it) it runs to the next `;` or the line's end,
//!   spaces included (`Password=P@ss w0rd;`), and after a YAML name that starts its line (`password: x`)
//!   to the line's end.

use std::ops::Range;

use super::{name_parts, says_nothing, secret_name, SecretReason};

/// The values of the settings in `text` whose name is secret.
pub(super) fn settings(text: &str) -> Vec<(Range<usize>, SecretReason)> {
    let mut found = Vec::new();
    for (at, sep) in text.char_indices().filter(|(_, c)| *c == '=' || *c == ':') {
        let Some(name) = name_before(text, at) else {
            continue;
        };
        let Some(word) = secret_name(name.text.trim_start_matches('-')) else {
            continue;
        };
        if sep == ':' && !name.quoted && error_code(name.text) {
            continue;
        }
        let Some(range) = value_after(text, at, sep, &name) else {
            continue;
        };
        if !says_nothing(&text[range.clone()]) {
            found.push((range, SecretReason::Setting(word)));
        }
    }
    found
}

/// A setting's name, and where it starts (its opening quote, when quoted).
struct Name<'t> {
    text: &'t str,
    start: usize,
    quoted: bool,
}

/// The name before the `=` or `:` at `at`, spaces between them skipped.
fn name_before(text: &str, at: usize) -> Option<Name<'_>> {
    let head = text[..at].trim_end_matches([' ', '\t']);
    let previous = text[..at].chars().next_back();
    // `==`, `!=`, `<=`, `>=`, `=>`: comparisons and arrows, not settings.
    if previous.is_some_and(|c| "=!<>".contains(c)) || text[at + 1..].starts_with(['=', '>']) {
        return None;
    }
    if let Some(q) = head.chars().next_back().filter(|c| "\"'".contains(*c)) {
        let inner = &head[..head.len() - 1];
        let open = inner.rfind(q)?;
        let name = &inner[open + 1..];
        let name = name.strip_suffix('\\').unwrap_or(name);
        if name.is_empty() || name.contains('\n') {
            return None;
        }
        return Some(Name {
            text: name,
            start: open,
            quoted: true,
        });
    }
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || "_.-".contains(*c)))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name = &head[start..];
    (!name.is_empty()).then_some(Name {
        text: name,
        start,
        quoted: false,
    })
}

/// `ThrottlingException`, `ValidationError`: an error's code, followed by its message.
fn error_code(name: &str) -> bool {
    let parts = name_parts(name);
    parts
        .last()
        .is_some_and(|p| ["EXCEPTION", "ERROR", "FAULT"].contains(&p.as_str()))
}

/// Where the value of the setting whose `sep` is at `at` is; `None` when there is none.
fn value_after(text: &str, at: usize, sep: char, name: &Name) -> Option<Range<usize>> {
    let rest = &text[at + 1..];
    let value = rest.trim_start_matches([' ', '\t']);
    let start = text.len() - value.len();
    let spaced = start > at + 1;
    let opens = |q: &str| value.starts_with(q);
    if sep == ':' && !name.quoted && !spaced && !["\"", "'", "\\\""].iter().any(|q| opens(q)) {
        return None;
    }
    if value.starts_with(['{', '[']) {
        return None;
    }
    let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i);
    for (open, close) in [("\\\"", "\\\""), ("\\'", "\\'"), ("\"", "\""), ("'", "'")] {
        if opens(open) {
            let from = start + open.len();
            let end = closing(&text[from..], close).map_or_else(|| line_end(from), |i| from + i);
            return (end > from).then_some(from..end);
        }
    }
    let before = text[..name.start].trim_end_matches([' ', '\t']);
    let starts_line = before.is_empty() || before.ends_with('\n');
    let line = &text[start..line_end(start)];
    let end = if sep == '=' && (before.ends_with(';') || (starts_line && line.contains(';'))) {
        start + line.find(';').unwrap_or(line.len())
    } else if sep == ':' && starts_line {
        start + line.len()
    } else {
        start
            + value
                .find(|c: char| c.is_whitespace() || ";&,\"'".contains(c))
                .unwrap_or(value.len())
    };
    let end = start + text[start..end].trim_end().len();
    (end > start).then_some(start..end)
}

/// Where `close` first occurs in `rest` not escaped by a backslash (for a bare quote).
fn closing(rest: &str, close: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = rest[from..].find(close).map(|i| from + i) {
        if close.len() > 1 || !rest[..i].ends_with('\\') {
            return Some(i);
        }
        from = i + close.len();
    }
    None
}

/// `Bearer <token>`, `Basic <base64>`: the credential after an HTTP authorization scheme, wherever it is
/// (`AUTH_HEADER=Bearer …`, an error quoting a request's headers). A `Basic` one is base64: a multiple of 4
/// characters of its alphabet, so that `Basic authentication` stays prose.
pub(super) fn authorizations(text: &str) -> Vec<(Range<usize>, SecretReason)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = Vec::new();
    for pair in words.windows(2) {
        let scheme = pair[0].trim_start_matches(['"', '\'']).to_ascii_lowercase();
        let credential = pair[1].trim_end_matches(['"', '\'', ',', ';']);
        let alphabet = |extra: &str| {
            credential
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
        };
        let is = match scheme.as_str() {
            "bearer" => credential.len() >= 8 && alphabet("._~+/=-"),
            "basic" => credential.len() >= 8 && credential.len() % 4 == 0 && alphabet("+/="),
            _ => false,
        };
        if is {
            let from = credential.as_ptr() as usize - text.as_ptr() as usize;
            found.push((from..from + credential.len(), SecretReason::Token));
        }
    }
    found
}
