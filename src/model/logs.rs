//! CloudWatch Logs as wharf reads them: one stream read forwards or backwards (GetLogEvents), or several
//! streams of a group searched together, merged by time (FilterLogEvents).
//!
//! One page per call: the caller decides how many pages it wants. Following a stream is calling again with
//! the page's `next_token`.

use super::Timestamp;

/// The most events one page may hold (GetLogEvents and FilterLogEvents both cap `limit` at 10,000).
pub const MAX_LOG_LIMIT: u32 = 10_000;
/// FilterLogEvents takes at most 100 `logStreamNames`.
pub const MAX_FILTER_STREAMS: usize = 100;

/// One log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// When the application wrote it (the event's `timestamp`).
    pub at: Timestamp,
    /// When CloudWatch Logs received it, when the API says.
    pub ingested: Option<Timestamp>,
    pub message: String,
    /// The stream it belongs to (GetLogEvents reads one stream: its name is filled in).
    pub stream: String,
    /// FilterLogEvents' `eventId`: unique within the group, so that a search read again from the last
    /// event's time can drop what it has already shown. GetLogEvents gives none.
    pub id: Option<String>,
}

/// One page of events, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogPage {
    pub events: Vec<LogEvent>,
    /// Reads on to newer events. GetLogEvents always gives one: at the end of a stream it is the same
    /// token as the one sent, and calling again with it later yields only what was written since
    /// (following). FilterLogEvents gives one only while the search has more to return in its range;
    /// `None` means it is complete (follow a search by searching again from the last event's time).
    pub next_token: Option<String>,
    /// GetLogEvents only: reads back to older events (as `LogFrom::Token`).
    pub previous_token: Option<String>,
}

/// Where a GetLogEvents read starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFrom {
    /// The oldest events the stream keeps, oldest first.
    Head,
    /// The newest page: what a view shows before it starts following.
    Tail,
    /// Events at or after this time, oldest first (jump to a time).
    Time(Timestamp),
    /// A page's `next_token` (newer events) or `previous_token` (older ones).
    Token(String),
}

/// Which streams of a group FilterLogEvents searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamSelector {
    /// Every stream of the group.
    All,
    /// These streams (at most `MAX_FILTER_STREAMS`): a service's tasks' streams, say.
    Names(Vec<String>),
    /// Every stream whose name starts with this (`ecs/web/` for every task's `web` container).
    Prefix(String),
}

/// A FilterLogEvents request: the streams, a filter pattern, a time range, a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSearch {
    pub streams: StreamSelector,
    /// CloudWatch Logs filter pattern syntax (`ERROR`, `"connection reset"`, `?WARN ?ERROR`); `None`
    /// returns every event.
    pub pattern: Option<String>,
    /// Events at or after this time.
    pub start: Option<Timestamp>,
    /// Events at or before this time.
    pub end: Option<Timestamp>,
    /// The previous page's `next_token`, with the same streams, pattern and range.
    pub token: Option<String>,
    /// At most this many events (1 to `MAX_LOG_LIMIT`).
    pub limit: u32,
}

impl LogSearch {
    /// Every event of these streams, a first page of `limit`.
    pub fn new(streams: StreamSelector, limit: u32) -> LogSearch {
        LogSearch {
            streams,
            pattern: None,
            start: None,
            end: None,
            token: None,
            limit,
        }
    }

    /// What AWS would refuse before searching anything, worded as a person can act on it.
    pub fn problem(&self) -> Option<String> {
        match &self.streams {
            StreamSelector::Names(names) if names.is_empty() => {
                Some("a search needs at least one log stream name".into())
            }
            StreamSelector::Names(names) if names.len() > MAX_FILTER_STREAMS => Some(format!(
                "FilterLogEvents searches at most {MAX_FILTER_STREAMS} log streams by name ({} asked): search by prefix instead",
                names.len()
            )),
            _ => match (self.start, self.end) {
                (Some(s), Some(e)) if e < s => {
                    Some("the search's end time is before its start time".into())
                }
                _ => None,
            },
        }
    }
}

/// A page size the APIs accept.
pub fn log_limit(limit: u32) -> u32 {
    limit.clamp(1, MAX_LOG_LIMIT)
}

/// The awslogs log group of a task definition family in the sandbox: `/ecs/<family>`.
pub fn sandbox_log_group(family: &str) -> String {
    format!("/ecs/{family}")
}

/// The awslogs stream of a container of a task, with stream prefix `ecs`: `ecs/<container>/<task id>`.
pub fn sandbox_log_stream(container: &str, task_id: &str) -> String {
    format!("ecs/{container}/{task_id}")
}

/// `ecs/<container>/<task id>` -> (container, task id).
pub fn parse_sandbox_log_stream(stream: &str) -> Option<(&str, &str)> {
    let rest = stream.strip_prefix("ecs/")?;
    let (container, task) = rest.rsplit_once('/')?;
    (!container.is_empty() && !task.is_empty() && !container.contains('/'))
        .then_some((container, task))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_log_names_round_trip() {
        let s = sandbox_log_stream("web", "0123abcd");
        assert_eq!(s, "ecs/web/0123abcd");
        assert_eq!(parse_sandbox_log_stream(&s), Some(("web", "0123abcd")));
        assert_eq!(parse_sandbox_log_stream("web/0123"), None);
        assert_eq!(parse_sandbox_log_stream("ecs/a/b/c"), None);
        assert_eq!(sandbox_log_group("api"), "/ecs/api");
    }

    #[test]
    fn a_search_aws_would_refuse_says_why() {
        let many = (0..101).map(|i| format!("s{i}")).collect();
        let search = LogSearch::new(StreamSelector::Names(many), 10);
        assert!(search.problem().unwrap().contains("at most 100"));
        let mut ok = LogSearch::new(StreamSelector::All, 10);
        assert_eq!(ok.problem(), None);
        ok.start = Some(Timestamp(10));
        ok.end = Some(Timestamp(5));
        assert!(ok.problem().unwrap().contains("before its start"));
        assert_eq!(log_limit(0), 1);
        assert_eq!(log_limit(50_000), MAX_LOG_LIMIT);
    }
}
