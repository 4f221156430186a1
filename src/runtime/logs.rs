//! The log view's read: the newest lines of each stream (GetLogEvents), or a search over them all
//! (FilterLogEvents), merged by time.

use crate::app::explore::{LogLines, LogSource};
use crate::backend::{Backend, BackendError, Result};
use crate::model::{LogEvent, LogFrom, LogSearch, StreamSelector, Timestamp, MAX_FILTER_STREAMS};

/// Lines kept for the view (the newest).
pub const LINES_KEPT: usize = 1_000;
/// Lines asked of each stream.
const PER_STREAM: u32 = 300;
// A search reads at most `SEARCH_PAGES` pages (of 500) of the last hour, oldest first; when it stops there,
// the view says how far it got. (On AWS a page may come back empty with more to read, while it scans.)
use crate::app::explore::logs::SEARCH_PAGES;
const SEARCH_WINDOW_MS: i64 = 3_600_000;

pub async fn read(
    backend: &dyn Backend,
    sources: &[LogSource],
    pattern: Option<&str>,
    since: Option<Timestamp>,
    calls: &mut u32,
) -> Result<LogLines> {
    let mut events: Vec<LogEvent> = Vec::new();
    let mut search_cut: Option<Timestamp> = None;
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
                let mut reached = start;
                for page_number in 1..=SEARCH_PAGES {
                    *calls += 1;
                    let page = backend.filter_log_events(group, &search).await?;
                    reached = page.events.last().map_or(reached, |e| e.at);
                    events.extend(page.events);
                    match page.next_token {
                        Some(_) if page_number == SEARCH_PAGES => {
                            search_cut = Some(search_cut.map_or(reached, |t| t.min(reached)));
                        }
                        Some(token) => search.token = Some(token),
                        None => break,
                    }
                }
            }
        }
    }
    events.sort_by(|a, b| (a.at, &a.stream).cmp(&(b.at, &b.stream)));
    // Of a search cut short, the lines up to where every group got to: past it, one group's lines would
    // show and another's would be missing.
    if let Some(cut) = search_cut {
        events.retain(|e| e.at <= cut);
    }
    let extra = events.len().saturating_sub(LINES_KEPT);
    events.drain(..extra);
    Ok(LogLines { events, search_cut })
}
