//! CloudWatch Logs reads: GetLogEvents for one stream, FilterLogEvents for several, one page per call.

use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata;
use aws_sdk_cloudwatchlogs::types::{FilteredLogEvent, OutputLogEvent};

use super::errors::{map_sdk_error, AwsError, Call, Failed, Sent};
use super::Aws;
use crate::backend::{BackendError, Result};
use crate::model::{log_limit, LogEvent, LogFrom, LogPage, LogSearch, StreamSelector, Timestamp};

impl Aws {
    pub(crate) async fn log_events(
        &self,
        group: &str,
        stream: &str,
        from: &LogFrom,
        limit: u32,
    ) -> Result<LogPage> {
        let mut req = self
            .logs
            .get_log_events()
            .log_group_name(group)
            .log_stream_name(stream)
            .limit(log_limit(limit) as i32);
        req = match from {
            LogFrom::Head => req.start_from_head(true),
            LogFrom::Tail => req.start_from_head(false),
            LogFrom::Time(at) => req.start_time(at.millis()).start_from_head(true),
            // AWS wants startFromHead with a forward token (`f/…`) and without a backward one (`b/…`).
            LogFrom::Token(token) => req
                .next_token(token)
                .start_from_head(!token.starts_with("b/")),
        };
        let out = req
            .send()
            .await
            .map_err(|e| self.logs_err("GetLogEvents", group, Some(stream), e))?;
        Ok(LogPage {
            events: out
                .events()
                .iter()
                .map(|e| output_event(e, stream))
                .collect(),
            next_token: out.next_forward_token().map(str::to_string),
            previous_token: out.next_backward_token().map(str::to_string),
        })
    }

    pub(crate) async fn search_log_events(
        &self,
        group: &str,
        search: &LogSearch,
    ) -> Result<LogPage> {
        if let Some(problem) = search.problem() {
            return Err(BackendError::Api {
                code: "InvalidParameterException".into(),
                message: problem,
            });
        }
        let mut req = self
            .logs
            .filter_log_events()
            .log_group_name(group)
            .limit(log_limit(search.limit) as i32)
            .set_filter_pattern(search.pattern.clone())
            .set_start_time(search.start.map(Timestamp::millis))
            .set_end_time(search.end.map(Timestamp::millis))
            .set_next_token(search.token.clone());
        req = match &search.streams {
            StreamSelector::All => req,
            StreamSelector::Names(names) => req.set_log_stream_names(Some(names.clone())),
            StreamSelector::Prefix(prefix) => req.log_stream_name_prefix(prefix),
        };
        let out = req
            .send()
            .await
            .map_err(|e| self.logs_err("FilterLogEvents", group, None, e))?;
        let mut events: Vec<LogEvent> = out.events().iter().map(filtered_event).collect();
        // AWS interleaves the streams by time; an emulator may not (moto without `interleaved`, which the
        // SDK marks deprecated). A stable sort keeps each stream's order.
        events.sort_by_key(|e| e.at);
        Ok(LogPage {
            events,
            next_token: out.next_token().map(str::to_string),
            previous_token: None,
        })
    }
}

impl Aws {
    /// A CloudWatch Logs read's error. ResourceNotFoundException says which is missing, the group or the
    /// stream (`stream` is the one read, if any), as AWS's message does.
    fn logs_err(
        &self,
        action: &'static str,
        group: &str,
        stream: Option<&str>,
        e: Failed<impl AwsError>,
    ) -> BackendError {
        if e.code() == Some("ResourceNotFoundException") {
            let said = e.message().unwrap_or_default().to_lowercase();
            return match stream {
                Some(stream) if !said.contains("log group") => {
                    BackendError::log_stream_not_found(group, stream)
                }
                _ => BackendError::log_group_not_found(group),
            };
        }
        let resource = match stream {
            Some(stream) => format!("{group} {stream}"),
            None => group.to_string(),
        };
        let call = Call {
            action,
            resource: &resource,
            endpoint: &self.ctx.logs_endpoint,
            sent: Sent::Read,
        };
        map_sdk_error(&self.ctx, &call, e)
    }
}

fn output_event(e: &OutputLogEvent, stream: &str) -> LogEvent {
    LogEvent {
        at: Timestamp(e.timestamp().unwrap_or_default()),
        ingested: e.ingestion_time().map(Timestamp),
        message: e.message().unwrap_or_default().to_string(),
        stream: stream.to_string(),
        id: None,
    }
}

fn filtered_event(e: &FilteredLogEvent) -> LogEvent {
    LogEvent {
        at: Timestamp(e.timestamp().unwrap_or_default()),
        ingested: e.ingestion_time().map(Timestamp),
        message: e.message().unwrap_or_default().to_string(),
        stream: e.log_stream_name().unwrap_or_default().to_string(),
        id: e.event_id().map(str::to_string),
    }
}
