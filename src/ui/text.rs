//! Width-aware string helpers: every string from AWS goes through `fit` before it meets a column.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` cells, ending in `…` when cut. Control characters (newlines in event messages)
/// become spaces. Never panics, whatever the string.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    let clean = !s.chars().any(char::is_control);
    if clean && width(s) <= max {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(max * 4));
    let mut used = 0;
    let total: usize = s.chars().map(char_width).sum();
    if total <= max {
        out.extend(s.chars().map(|c| if c.is_control() { ' ' } else { c }));
        return Cow::Owned(out);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

fn char_width(c: char) -> usize {
    if c.is_control() {
        1
    } else {
        UnicodeWidthChar::width(c).unwrap_or(0)
    }
}

/// The first 8 characters of a task id, as people quote them.
pub fn short_id(id: &str) -> &str {
    match id.char_indices().nth(8) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

/// `family:revision` from a task definition ARN (`…:task-definition/web:42` -> `web:42`).
pub fn family_revision(task_definition_arn: &str) -> &str {
    task_definition_arn
        .rsplit('/')
        .next()
        .unwrap_or(task_definition_arn)
}

/// The revision number alone (`…/web:42` -> `42`).
pub fn revision(task_definition_arn: &str) -> &str {
    let fr = family_revision(task_definition_arn);
    fr.rsplit_once(':').map_or(fr, |(_, rev)| rev)
}

/// A target group's name: the path segment before the last in its ARN
/// (`…:targetgroup/web-blue/6d0ecf831eec9f09` -> `web-blue`).
pub fn target_group_name(arn: &str) -> &str {
    let mut parts = arn.rsplit('/');
    parts.next();
    parts.next().unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_truncates_by_display_width() {
        assert_eq!(fit("payments", 8), "payments");
        assert_eq!(fit("payments-api", 8), "payment…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("abc", 1), "…");
        // Wide characters take two cells each and are never split.
        assert_eq!(fit("日本語サービス", 7), "日本語…");
        assert!(width(&fit("日本語サービス", 6)) <= 6);
        assert_eq!(fit("a\nb", 3), "a b");
        assert_eq!(fit("line one\nline two", 6), "line …");
        // Combining marks and emoji do not break it.
        for s in ["e\u{301}e\u{301}e\u{301}", "🚀🚀🚀🚀", "\u{200b}x", "", "\t\r\n"] {
            for max in 0..10 {
                assert!(width(&fit(s, max)) <= max, "{s:?} at {max}");
            }
        }
    }

    #[test]
    fn arn_pieces() {
        let td = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:42";
        assert_eq!(family_revision(td), "web:42");
        assert_eq!(revision(td), "42");
        let tg = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/6d0ecf831eec9f09";
        assert_eq!(target_group_name(tg), "web-blue");
        assert_eq!(target_group_name("odd"), "odd");
        assert_eq!(short_id("1a2b3c4d5e6f"), "1a2b3c4d");
        assert_eq!(short_id("ab"), "ab");
    }
}
