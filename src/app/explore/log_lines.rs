//! A log view's lines: the ones read before while a new read is out, a key for each that stays its own, and
//! which lines are worth the eye.

use super::read::{log_lines, LogLines, Read};
use crate::app::State;
use crate::model::LogEvent;

/// The freshest lines read for the same search of streams overlapping `read`'s, if any.
pub fn previous<'a>(state: &'a State, read: &Read) -> Option<&'a LogLines> {
    let Read::Logs {
        sources,
        pattern,
        since,
    } = read
    else {
        return None;
    };
    state
        .session
        .cache
        .explored
        .iter()
        .filter_map(|(r, l)| match (r, &l.data) {
            (
                Read::Logs {
                    sources: s,
                    pattern: p,
                    since: t,
                },
                Some(data),
            ) if p == pattern && t == since && s.iter().any(|x| sources.contains(x)) => {
                Some((l.status.fetched_at, log_lines(data)?))
            }
            _ => None,
        })
        .max_by_key(|(at, _)| *at)
        .map(|(_, events)| events)
}

/// Each line with a key that stays its own as lines come and go: its stream, its time, and how many lines
/// of the same stream and time come before it.
pub fn keyed(events: &[LogEvent]) -> Vec<(String, &LogEvent)> {
    let mut seen: std::collections::HashMap<(&str, i64), usize> = Default::default();
    events
        .iter()
        .map(|e| {
            let n = seen.entry((e.stream.as_str(), e.at.0)).or_default();
            *n += 1;
            (format!("{}#{}#{}", e.stream, e.at.0, *n - 1), e)
        })
        .collect()
}

/// Lines worth the eye: errors, exceptions, fatal, panics, out of memory.
pub fn is_trouble(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "error",
        "exception",
        "fatal",
        "panic",
        "out of memory",
        "traceback",
    ]
    .iter()
    .any(|w| m.contains(w))
}
