//! The log view's keys and commands: `L` and `:logs` open one, `f` follows, `:search` and `:since` change
//! what it shows.

use super::jumps::{named, say};
use super::{Logs, Screen, State, View};
use crate::app::ExploreScreen;
use crate::app::{Flash, FlashLevel, UserAction};
use crate::model::Timestamp;

/// `L` (and `:logs [CONTAINER]`): the logs of the task on screen or under the cursor, or of a service's
/// running tasks merged.
pub fn logs(state: &mut State, container: Option<String>) {
    let scope = state.screen().spec().logs(state);
    let Some((cluster_arn, scope)) = scope else {
        let key = named(state, UserAction::Logs);
        return say(
            state,
            &format!("{key} shows logs: select a service or a task first (or open one)"),
        );
    };
    let view = View::Logs(Logs {
        cluster_arn,
        scope,
        container,
        pattern: None,
        since: None,
        follow: false,
        wrap: false,
    });
    // Another container of the same logs replaces the view rather than stacking on it.
    if matches!(state.screen(), Screen::Explore(ExploreScreen { view: v, .. }) if matches!(**v, View::Logs(_)))
    {
        state.screens.pop();
    }
    state.screens.push(view.screen());
}

/// The log view on screen, to change what it shows; a message when there is none.
fn log_view<'a>(state: &'a mut State, what: &str) -> Option<&'a mut Logs> {
    let on_logs = matches!(state.screen(), Screen::Explore(ExploreScreen { view, .. }) if matches!(**view, View::Logs(_)));
    if !on_logs {
        let key = named(state, UserAction::Logs);
        say(
            state,
            &format!("{what} works in a log view: {key} on a task or a service opens one"),
        );
        return None;
    }
    match state.screen_mut() {
        Screen::Explore(ExploreScreen { view, .. }) => match &mut **view {
            View::Logs(logs) => Some(logs),
            _ => None,
        },
        _ => None,
    }
}

/// `f`: follow the newest lines (read every couple of seconds, cursor on the last), or stop.
pub fn follow(state: &mut State) {
    if let Some(logs) = log_view(state, "following") {
        logs.follow = !logs.follow;
    }
}

/// `w`: long lines whole over several rows, or cut at the edge.
pub fn wrap(state: &mut State) {
    if let Some(logs) = log_view(state, "wrapping") {
        logs.wrap = !logs.wrap;
    }
}

/// `:search PATTERN`: a CloudWatch Logs filter pattern, searched on the server; empty clears it.
pub fn search(state: &mut State, pattern: &str) {
    if let Some(logs) = log_view(state, ":search") {
        logs.pattern = (!pattern.trim().is_empty()).then(|| pattern.trim().to_string());
        // The newest matches, and where a search cut short stopped, are at the end.
        restart_cursor(state, true);
    }
}

/// A new listing of lines: the cursor goes to its newest line (`at_end`) or its first, once it comes.
fn restart_cursor(state: &mut State, at_end: bool) {
    if let Screen::Explore(ExploreScreen { cursor, .. }) = state.screen_mut() {
        cursor.selected = 0;
        cursor.offset = 0;
        cursor.selected_key = None;
        // `rebuild` puts a cursor not moved yet on the last line of a log view.
        cursor.moved = !at_end;
    }
}

/// `:since 10m`, `:since 14:30`: lines from that moment; empty goes back to the newest.
pub fn since(state: &mut State, when: &str) {
    let now = state.now;
    let parsed = parse_since(when.trim(), now);
    match parsed {
        Ok(at) => {
            if let Some(logs) = log_view(state, ":since") {
                logs.since = at;
                logs.follow = false;
                // Lines from then: the first is the one asked for. With nothing, the newest again.
                let newest = at.is_none();
                restart_cursor(state, newest);
            }
        }
        Err(why) => {
            state.flash = Some(Flash::new(FlashLevel::Error, why));
        }
    }
}

/// `10m`, `2h`, `90s` ago, or a UTC clock time today (`14:30`, `14:30:05`; yesterday when still to come).
fn parse_since(text: &str, now: Timestamp) -> Result<Option<Timestamp>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let wrong = || {
        format!(":since {text}: say how long ago (10m, 2h, 90s) or a UTC time (14:30); nothing clears it")
    };
    if let Some((number, unit)) = text
        .find(|c: char| !c.is_ascii_digit())
        .map(|i| text.split_at(i))
    {
        if !number.is_empty() && !text.contains(':') {
            let n: i64 = number.parse().map_err(|_| wrong())?;
            let ms = match unit {
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => return Err(wrong()),
            };
            return Ok(Some(now.plus_millis(-n.saturating_mul(ms))));
        }
    }
    let parts: Vec<&str> = text.split(':').collect();
    let field = |s: &str, max: i64| s.parse::<i64>().ok().filter(|v| (0..max).contains(v));
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (field(h, 24), field(m, 60), Some(0)),
        [h, m, s] => (field(h, 24), field(m, 60), field(s, 60)),
        _ => return Err(wrong()),
    };
    let (Some(h), Some(m), Some(s)) = (h, m, s) else {
        return Err(wrong());
    };
    let day = now.0.div_euclid(86_400_000) * 86_400_000;
    let mut at = Timestamp(day + (h * 3600 + m * 60 + s) * 1000);
    if at > now {
        at = at.plus_millis(-86_400_000);
    }
    Ok(Some(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_durations_and_clock_times() {
        let now = Timestamp(10 * 86_400_000 + 15 * 3_600_000);
        assert_eq!(parse_since("", now), Ok(None));
        assert_eq!(parse_since("10m", now), Ok(Some(now.plus_millis(-600_000))));
        assert_eq!(
            parse_since("2h", now),
            Ok(Some(now.plus_millis(-7_200_000)))
        );
        let today = Timestamp(10 * 86_400_000 + 14 * 3_600_000 + 30 * 60_000);
        assert_eq!(parse_since("14:30", now), Ok(Some(today)));
        // Later than now: yesterday's.
        let yesterday = Timestamp(9 * 86_400_000 + 16 * 3_600_000);
        assert_eq!(parse_since("16:00:00", now), Ok(Some(yesterday)));
        for bad in ["ten", "10x", "25:00", "14:61", "1:2:3:4", "-5m"] {
            let err = parse_since(bad, now).unwrap_err();
            assert!(err.contains("how long ago"), "{bad}: {err}");
        }
    }
}
