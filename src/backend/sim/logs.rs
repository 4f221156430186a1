//! CloudWatch Logs in the sandbox: every container of every task that started writes to group
//! `/ecs/<task definition family>`, stream `ecs/<container name>/<task id>` (the awslogs driver with stream
//! prefix `ecs`). Streams are computed on read (`log_script`), so they cost the scheduler nothing; each keeps
//! its newest `MAX_STREAM_EVENTS` events, and a task's streams go when the task does (an hour after it
//! stops), like a group with a short retention.
//!
//! GetLogEvents and FilterLogEvents answer as AWS's do: oldest first, `limit` per page, tokens that read on
//! (`f/N`, the same token again at the end of a stream) or back (`b/N`), a search merged by time across
//! streams with a token only while more remains, ResourceNotFoundException for a group or stream that does
//! not exist. Filter patterns: see `log_filter`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::errors;
use super::log_filter::Pattern;
use super::log_script::{family_of_task, script, Script};
use super::world::World;
use crate::backend::{BackendError, Result};
use crate::model::{
    log_limit, parse_sandbox_log_stream, LogEvent, LogFrom, LogPage, LogSearch, StreamSelector,
    Timestamp,
};

impl World {
    /// GetLogEvents.
    pub fn get_log_events(
        &self,
        group: &str,
        stream: &str,
        from: &LogFrom,
        limit: u32,
    ) -> Result<LogPage> {
        let script = self.stream(group, stream)?;
        let limit = u64::from(log_limit(limit));
        let (first, total) = (script.first_kept(), script.total());
        let (start, end) = match from {
            LogFrom::Head => (first, (first + limit).min(total)),
            LogFrom::Tail => (total.saturating_sub(limit).max(first), total),
            LogFrom::Time(at) => {
                let start = script.first_at_or_after(*at);
                (start, (start + limit).min(total))
            }
            LogFrom::Token(token) => match parse_token(token)? {
                (true, n) => {
                    let start = n.clamp(first, total);
                    (start, (start + limit).min(total))
                }
                (false, n) => {
                    let end = n.clamp(first, total);
                    (end.saturating_sub(limit).max(first), end)
                }
            },
        };
        Ok(LogPage {
            events: (start..end).map(|i| event(&script, i, false)).collect(),
            next_token: Some(format!("f/{end}")),
            previous_token: Some(format!("b/{start}")),
        })
    }

    /// FilterLogEvents.
    pub fn filter_log_events(&self, group: &str, search: &LogSearch) -> Result<LogPage> {
        if let Some(problem) = search.problem() {
            return Err(errors::invalid_parameter(problem));
        }
        let family = self.log_family(group)?;
        let pattern = Pattern::parse(search.pattern.as_deref().unwrap_or(""))?;
        let after = search.token.as_deref().map(parse_cursor).transpose()?;
        let scripts = self.streams_of(family, &search.streams);
        let lower = search.start.unwrap_or(Timestamp(i64::MIN));
        let lower = after.as_ref().map_or(lower, |(at, ..)| lower.max(*at));
        let upper = search.end.unwrap_or(self.now).min(self.now);
        let limit = log_limit(search.limit) as usize;
        // A merge of the streams by (time, stream, index), each read lazily from its first candidate.
        let matching = |s: &Script, from: u64| {
            (from..s.total())
                .take_while(|&i| s.at(i) <= upper)
                .find(|&i| {
                    let key = (s.at(i), s.name.as_str(), i);
                    after
                        .as_ref()
                        .is_none_or(|(at, name, n)| key > (*at, name.as_str(), *n))
                        && pattern.matches(&s.message(i))
                })
        };
        let mut heap = BinaryHeap::new();
        for (n, s) in scripts.iter().enumerate() {
            if let Some(i) = matching(s, s.first_at_or_after(lower)) {
                heap.push(Reverse((s.at(i), s.name.clone(), i, n)));
            }
        }
        let mut events = Vec::new();
        let mut more = false;
        while let Some(Reverse((_, _, i, n))) = heap.pop() {
            if events.len() == limit {
                more = true;
                break;
            }
            let s = &scripts[n];
            events.push(event(s, i, true));
            if let Some(next) = matching(s, i + 1) {
                heap.push(Reverse((s.at(next), s.name.clone(), next, n)));
            }
        }
        let next_token = more
            .then(|| events.last())
            .flatten()
            .map(|e: &LogEvent| cursor(e));
        Ok(LogPage {
            events,
            next_token,
            previous_token: None,
        })
    }

    /// The family of a log group that exists: `/ecs/<family>` for every registered family.
    fn log_family<'a>(&self, group: &'a str) -> Result<&'a str> {
        group
            .strip_prefix("/ecs/")
            .filter(|f| self.families.contains_key(*f))
            .ok_or_else(|| BackendError::log_group_not_found(group))
    }

    fn stream(&self, group: &str, stream: &str) -> Result<Script> {
        let family = self.log_family(group)?;
        let missing = || BackendError::log_stream_not_found(group, stream);
        let (container, task_id) = parse_sandbox_log_stream(stream).ok_or_else(missing)?;
        let t = self
            .tasks
            .values()
            .find(|t| t.task.id() == task_id && family_of_task(t) == family)
            .ok_or_else(missing)?;
        let index = t
            .task
            .containers
            .iter()
            .position(|c| c.name == container)
            .ok_or_else(missing)?;
        script(self, t, index).ok_or_else(missing)
    }

    /// The streams of a family's group that a search selects, by name. Names that do not exist are no
    /// match.
    fn streams_of(&self, family: &str, selector: &StreamSelector) -> Vec<Script> {
        let wanted = |name: &str| match selector {
            StreamSelector::All => true,
            StreamSelector::Names(names) => names.iter().any(|n| n == name),
            StreamSelector::Prefix(prefix) => name.starts_with(prefix.as_str()),
        };
        let mut all: Vec<Script> = self
            .tasks
            .values()
            .filter(|t| family_of_task(t) == family && t.task.started_at.is_some())
            .flat_map(|t| (0..t.task.containers.len()).filter_map(|i| script(self, t, i)))
            .filter(|s| wanted(&s.name))
            .collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }
}

fn event(s: &Script, i: u64, with_id: bool) -> LogEvent {
    LogEvent {
        at: s.at(i),
        ingested: Some(s.at(i)),
        message: s.message(i),
        stream: s.name.clone(),
        id: with_id.then(|| format!("{}/{i}", s.name)),
    }
}

/// `f/N` reads on from event N, `b/N` back from before it.
fn parse_token(token: &str) -> Result<(bool, u64)> {
    let invalid = || errors::invalid_parameter("The specified nextToken is invalid.");
    let (forward, n) = match token.split_once('/') {
        Some(("f", n)) => (true, n),
        Some(("b", n)) => (false, n),
        _ => return Err(invalid()),
    };
    Ok((forward, n.parse().map_err(|_| invalid())?))
}

/// A search's token: the last event returned, as `<time>:<index>:<stream>` (event ids hold the index).
fn cursor(e: &LogEvent) -> String {
    let index =
        e.id.as_deref()
            .and_then(|id| id.rsplit('/').next())
            .unwrap_or("0");
    format!("{}:{index}:{}", e.at.millis(), e.stream)
}

fn parse_cursor(token: &str) -> Result<(Timestamp, String, u64)> {
    let invalid = || errors::invalid_parameter("The specified nextToken is invalid.");
    let mut parts = token.splitn(3, ':');
    let at = parts
        .next()
        .and_then(|a| a.parse().ok())
        .ok_or_else(invalid)?;
    let index = parts
        .next()
        .and_then(|i| i.parse().ok())
        .ok_or_else(invalid)?;
    let stream = parts.next().ok_or_else(invalid)?;
    Ok((Timestamp(at), stream.to_string(), index))
}
