//! The log view's read: the newest lines of each stream (GetLogEvents), or a search over them all
//! (FilterLogEvents), merged by time.

use crate::app::explore::LogSource;
use crate::backend::{Backend, BackendError, Result};
use crate::model::{LogEvent, LogFrom, LogSearch, StreamSelector, Timestamp, MAX_FILTER_STREAMS};

/// Lines kept for the view (the newest).
pub const LINES_KEPT: usize = 1_000;
/// Lines asked of each stream.
const PER_STREAM: u32 = 300;
/// A search reads at most this many pages (of 500) of the last hour.
const SEARCH_PAGES: usize = 4;
const SEARCH_WINDOW_MS: i64 = 3_600_000;

pub async fn read(
    backend: &dyn Backend,
    sources: &[LogSource],
    pattern: Option<&str>,
    since: Option<Timestamp>,
    calls: &mut u32,
) -> Result<Vec<LogEvent>> {
    let mut events = Vec::new();
    match pattern {
        None => {
            let from = since.map_or(LogFrom::Tail, LogFrom::Time);
            for s in sources {
                *calls += 1;
                match backend
                    .get_log_events(&s.group, &s.stream, &from, PER_STREAM)
                    .await
                {
                    Ok(page) => events.extend(page.events),
                    // One of several streams not written yet (a container still starting): the others
                    // still show. Alone, the view says why there is nothing.
                    Err(BackendError::NotFound { .. }) if sources.len() > 1 => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Some(pattern) => {
            let mut groups: Vec<&str> = sources.iter().map(|s| s.group.as_str()).collect();
            groups.dedup();
            let start = since.unwrap_or_else(|| backend.now().plus_millis(-SEARCH_WINDOW_MS));
            for group in groups {
                let streams: Vec<String> = sources
                    .iter()
                    .filter(|s| s.group == group)
                    .map(|s| s.stream.clone())
                    .take(MAX_FILTER_STREAMS)
                    .collect();
                let mut search = LogSearch::new(StreamSelector::Names(streams), 500);
                search.pattern = Some(pattern.to_string());
                search.start = Some(start);
                for _ in 0..SEARCH_PAGES {
                    *calls += 1;
                    let page = backend.filter_log_events(group, &search).await?;
                    events.extend(page.events);
                    match page.next_token {
                        Some(token) => search.token = Some(token),
                        None => break,
                    }
                }
            }
        }
    }
    events.sort_by(|a, b| (a.at, &a.stream).cmp(&(b.at, &b.stream)));
    let extra = events.len().saturating_sub(LINES_KEPT);
    events.drain(..extra);
    Ok(events)
}
