//! Secrets inside URLs: a password in the user info (`postgres://app:hunter2@db/app`), a token as the user
//! (`https://ghp_…@github.com/…`), a webhook whose path is its secret (`https://hooks.slack.com/services/…`),
//! and a path segment that looks like a token (`https://example.com/hook/Xy7…`).
//!
//! Decisions: a URL starts at `scheme://` and runs to the first whitespace, or to the end, or (when a quote
//! opens right before its scheme) to the closing quote. Its user info runs to the LAST `@` in it, so that a
//! password with `/`, `?`, `#` or `@` in it is hidden whole (`postgres://app:p@ss/w0rd@db/app`); when that
//! `@` is in fact in the path or the query (`http://host:8080/x?mail=a@b`), more is hidden than the
//! password: over-masking is the safe failure.

use std::ops::Range;

use super::{looks_like_token, SecretReason};

/// Hosts and path prefixes of webhooks whose path is the secret: everything after the prefix is hidden.
const WEBHOOKS: [(&str, &str); 5] = [
    ("hooks.slack.com", "/services/"),
    ("hooks.slack.com", "/workflows/"),
    ("hooks.slack.com", "/triggers/"),
    ("discord.com", "/api/webhooks/"),
    ("discordapp.com", "/api/webhooks/"),
];

/// The secret parts of every URL in `value`.
pub(super) fn url_secrets(value: &str) -> Vec<(Range<usize>, SecretReason)> {
    let mut found = Vec::new();
    for (at, _) in value.match_indices("://") {
        let start = at + 3;
        let end = start + url_len(value, at);
        let url = &value[start..end];
        // `user:password@`, or `TOKEN@`, up to the last `@`.
        let host_start = match url.rfind('@') {
            Some(userinfo_end) => {
                let userinfo = &url[..userinfo_end];
                match userinfo.split_once(':') {
                    Some((user, password)) if !password.is_empty() => {
                        let from = start + user.len() + 1;
                        found.push((from..start + userinfo_end, SecretReason::UrlPassword));
                    }
                    None if looks_like_token(userinfo) => {
                        found.push((start..start + userinfo_end, SecretReason::UrlPassword));
                    }
                    _ => {}
                }
                userinfo_end + 1
            }
            None => 0,
        };
        found.extend(
            path_secrets(url, host_start)
                .map(|r| (start + r.start..start + r.end, SecretReason::UrlToken)),
        );
    }
    found
}

/// How long the URL whose `://` is at `at` is, from after the `://`.
fn url_len(value: &str, at: usize) -> usize {
    let scheme_start = value[..at]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || "+.-".contains(c)))
        .map_or(0, |i| i + 1);
    let opening = value[..scheme_start]
        .chars()
        .next_back()
        .filter(|c| "\"'".contains(*c));
    let rest = &value[at + 3..];
    let end = match opening {
        Some(q) => rest.find([q, '\n']),
        None => rest.find(char::is_whitespace),
    };
    end.unwrap_or(rest.len())
}

/// In `url` (after its `scheme://`, its host at `host_start`): the parts of its path that are secret, a
/// webhook's whole path after its prefix, or each segment that looks like a token.
fn path_secrets(url: &str, host_start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let path_start = url[host_start..].find('/').map(|i| host_start + i);
    let mut found = Vec::new();
    if let Some(path_start) = path_start {
        let host = url[host_start..path_start].to_ascii_lowercase();
        let host = host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h);
        let path_end = url[path_start..]
            .find(['?', '#'])
            .map_or(url.len(), |i| path_start + i);
        let path = &url[path_start..path_end];
        let webhook = WEBHOOKS.iter().find(|(h, prefix)| {
            *h == host && path.starts_with(prefix) && path.len() > prefix.len()
        });
        match webhook {
            Some((_, prefix)) => found.push(path_start + prefix.len()..url.len()),
            None => {
                for segment in path.split('/') {
                    if looks_like_token(segment) {
                        let from =
                            path_start + (segment.as_ptr() as usize - path.as_ptr() as usize);
                        found.push(from..from + segment.len());
                    }
                }
            }
        }
    }
    found.into_iter()
}
