//! Secrets inside a longer text: URLs' passwords and tokens, settings with secret names, authorization
//! headers, private keys, and (in free text) secret flags' values and words that look like tokens. Each is
//! replaced by [`MASK`], the rest kept.

use std::ops::Range;

use super::args::flag_values;
use super::settings::{authorizations, settings};
use super::urls::url_secrets;
use super::{looks_like_token, SecretReason, MASK};

/// Free text (an error message, a status line, a line to copy) with every secret in it masked: what
/// [`inline`] finds in a value, private keys, the words after a secret flag (`--token …`, `curl -u
/// user:password`) and words that look like tokens. Also how many were masked.
pub fn mask_secrets(text: &str) -> (String, usize) {
    let mut found = inline(text);
    found.extend(pem_blocks(text));
    found.extend(flag_values(text));
    for word in text.split_whitespace() {
        let start = offset_in(text, word);
        let core = word.trim_matches(|c: char| "\"'()[]{}<>,;.".contains(c));
        if looks_like_token(core) {
            let offset = start + word.find(core).unwrap_or(0);
            found.push((offset..offset + core.len(), SecretReason::Token));
        }
    }
    let count = merged(found.clone()).len();
    match mask(text, found) {
        Some((masked, _)) => (masked, count),
        None => (text.to_string(), 0),
    }
}

/// The secret parts inside a value: URLs' passwords, token users, webhooks' and token-like paths (see
/// [`super::urls`]), the values of secret settings and authorization headers (see [`super::settings`]).
pub(super) fn inline(value: &str) -> Vec<(Range<usize>, SecretReason)> {
    let mut found = url_secrets(value);
    found.extend(settings(value));
    found.extend(authorizations(value));
    found
}

/// `-----BEGIN … PRIVATE KEY-----` to its `-----END …-----`, or to the end.
fn pem_blocks(text: &str) -> Vec<(Range<usize>, SecretReason)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(begin) = text[from..].find("-----BEGIN").map(|b| from + b) {
        let header_end = text[begin + 10..]
            .find("-----")
            .map_or(text.len(), |e| begin + 10 + e + 5);
        let end = text[header_end..]
            .find("-----END")
            .and_then(|e| {
                let after = header_end + e + 8;
                text[after..].find("-----").map(|f| after + f + 5)
            })
            .unwrap_or(text.len());
        if text[begin..header_end].contains("PRIVATE KEY") {
            found.push((begin..end, SecretReason::Token));
        }
        from = end.max(begin + 1);
    }
    found
}

/// Where `part`, a slice of `whole`, starts in it.
pub(super) fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// Ranges sorted, overlapping ones joined (the first one's reason kept).
fn merged(mut found: Vec<(Range<usize>, SecretReason)>) -> Vec<(Range<usize>, SecretReason)> {
    found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<(Range<usize>, SecretReason)> = Vec::new();
    for (range, reason) in found {
        match out.last_mut() {
            Some((last, _)) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push((range, reason)),
        }
    }
    out
}

/// `text` with each range replaced by [`MASK`], and the first range's reason; `None` when there is none.
pub(super) fn mask(
    text: &str,
    found: Vec<(Range<usize>, SecretReason)>,
) -> Option<(String, SecretReason)> {
    let found = merged(found);
    let reason = found.first()?.1;
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, _) in found {
        out.push_str(&text[at..range.start]);
        out.push_str(MASK);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Some((out, reason))
}
