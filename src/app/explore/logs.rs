//! `L` and `:logs`: a task's containers' logs, or a service's running tasks' logs merged by time, each line
//! marked with where it comes from. The streams are the ones the task definition's awslogs options name
//! (`model::logs_target`), never a guess. Read only while the view is open, on the logs budget.

use super::log_lines::{is_trouble, keyed, previous};
use super::read::{got, log_events, log_lines, Got, LogLines, Read};
use super::row::{fill, fit, fixed, Cell, Tone, ViewColumn, ViewRow};
use super::{Empty, Listing, Open, Table, ViewSpec};
use crate::app::needs::Need;
use crate::app::table::SortColumn;
use crate::app::{RefreshPolicy, Resource, ServiceKey, State, TaskSource, TextView};
use crate::backend::BackendError;
use crate::model::{arn_name, family_revision, logs_target, short_id, LogsTarget, Task, Timestamp};

/// How many tasks of a service are read at once (one stream each per container), live ones first.
const SERVICE_TASKS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logs {
    pub cluster_arn: String,
    pub scope: LogScope,
    /// Only this container's lines.
    pub container: Option<String>,
    /// A CloudWatch Logs filter pattern, searched on the server (`:search`).
    pub pattern: Option<String>,
    /// Lines from this moment on (`:since`), instead of the newest.
    pub since: Option<Timestamp>,
    /// Follow: read often, and keep the cursor on the newest line.
    pub follow: bool,
    /// Show a long line whole, over as many rows as it takes.
    pub wrap: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogScope {
    Task { task_arn: String, from: TaskSource },
    Service { service_name: String },
}

/// One stream to read: its group, its name, and how its lines are marked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LogSource {
    pub group: String,
    pub stream: String,
    pub label: String,
}

const COLUMNS: &[ViewColumn] = &[fixed("TIME", 8), fit("FROM", 24), fill("MESSAGE")];

/// Log lines keep the order they were written in.
const SORT: &[SortColumn] = &[];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

impl Logs {
    fn tasks<'a>(&self, state: &'a State) -> Vec<&'a Task> {
        match &self.scope {
            LogScope::Task { task_arn, from } => {
                let own = state
                    .session
                    .cache
                    .task
                    .get(task_arn)
                    .and_then(|l| l.data.as_ref());
                let listed = || {
                    state
                        .task_list(&self.cluster_arn, from)?
                        .data
                        .as_ref()?
                        .iter()
                        .find(|t| t.arn == *task_arn)
                };
                own.or_else(listed).into_iter().collect()
            }
            LogScope::Service { service_name } => state
                .tasks_of(&self.cluster_arn, service_name)
                .and_then(|l| l.data.as_ref())
                // Live tasks first, then the most recently stopped: why a task crashed is in its last
                // lines.
                .map(|tasks| tasks.iter().take(SERVICE_TASKS).collect())
                .unwrap_or_default(),
        }
    }

    /// The streams to read, and what is known of the containers that write none.
    fn sources(&self, state: &State) -> (Vec<LogSource>, Vec<String>) {
        let region = &state.session.info.region;
        let service = matches!(self.scope, LogScope::Service { .. });
        let (mut sources, mut notes) = (Vec::new(), Vec::new());
        for task in self.tasks(state) {
            let Some(td) = state
                .session
                .cache
                .task_definitions
                .get(&task.task_definition_arn)
                .and_then(|l| l.data.as_ref())
            else {
                continue;
            };
            let task_id = arn_name(&task.arn);
            if let Some(wanted) = &self.container {
                if td.container(wanted).is_none() {
                    let names: Vec<&str> = td.containers.iter().map(|c| c.name.as_str()).collect();
                    notes.push(format!(
                        "{} has no container named {wanted}; its containers: {}.",
                        family_revision(&td.arn),
                        names.join(", ")
                    ));
                    continue;
                }
            }
            for def in &td.containers {
                if self.container.as_ref().is_some_and(|c| *c != def.name) {
                    continue;
                }
                let runtime = task
                    .containers
                    .iter()
                    .find(|c| c.name == def.name)
                    .and_then(|c| c.runtime_id.as_deref());
                // A service's lines say which task; a container's name only when there are several.
                let label = match (service, td.containers.len() > 1) {
                    (true, true) => format!("{}/{}", short_id(task_id), def.name),
                    (true, false) => short_id(task_id).to_string(),
                    (false, _) => def.name.clone(),
                };
                match logs_target(def, task_id, runtime, region) {
                    LogsTarget::Awslogs {
                        group,
                        stream: Some(stream),
                        ..
                    } => sources.push(LogSource {
                        group,
                        stream,
                        label,
                    }),
                    LogsTarget::Awslogs { stream: None, .. } => notes.push(format!(
                        "{label}: its stream is named by its Docker container id, which ECS reports once \
                         the container has started"
                    )),
                    LogsTarget::Elsewhere {
                        driver,
                        destination,
                    } => notes.push(format!("{label}: log driver {driver}, logs go to {destination}")),
                    LogsTarget::NoLogConfiguration => notes.push(format!(
                        "{label}: {} sets no log configuration, so its logs are not kept",
                        family_revision(&td.arn)
                    )),
                }
            }
        }
        sources.sort();
        (sources, notes)
    }

    fn read(&self, state: &State) -> Option<Read> {
        let (sources, _) = self.sources(state);
        (!sources.is_empty()).then(|| Read::Logs {
            sources,
            pattern: self.pattern.clone(),
            since: self.since,
        })
    }

    fn what(&self) -> String {
        match &self.scope {
            LogScope::Task { task_arn, .. } => format!("task {}", short_id(arn_name(task_arn))),
            LogScope::Service { service_name } => format!("service {service_name}"),
        }
    }
}

impl Logs {
    /// A row per line, marked with where it comes from; and after them, where a search cut short stopped.
    fn lines(&self, lines: &LogLines, labels: &[LogSource]) -> Vec<ViewRow> {
        let mut rows: Vec<ViewRow> = keyed(&lines.events)
            .into_iter()
            .map(|(key, e)| {
                let label = labels
                    .iter()
                    .find(|s| s.stream == e.stream)
                    .map_or(e.stream.as_str(), |s| s.label.as_str());
                let tone = match is_trouble(&e.message) {
                    true => Tone::Warn,
                    false => Tone::Plain,
                };
                ViewRow::new(
                    key,
                    vec![
                        Cell::muted(e.at.clock()),
                        Cell::muted(label),
                        Cell::toned(e.message.clone(), tone),
                    ],
                )
            })
            .collect();
        if let Some(cut) = lines.search_cut {
            let message = match lines.events.is_empty() {
                // CloudWatch Logs scans a range in steps, and may answer pages with nothing yet.
                true => format!(
                    "The search read {SEARCH_PAGES} pages without reaching a match: CloudWatch Logs \
                     scans in steps. Narrow it: a shorter :since, or a more precise pattern."
                ),
                false => format!(
                    "The search stopped here, after {SEARCH_PAGES} pages: later lines may match too. \
                     :since {} searches on from here.",
                    cut.clock()
                ),
            };
            rows.push(ViewRow::new(
                SEARCH_CUT_KEY.to_string(),
                vec![
                    Cell::muted(cut.clock()),
                    Cell::muted("wharf"),
                    Cell::toned(message, Tone::Busy),
                ],
            ));
        }
        rows
    }
}

/// The key of the row that says where a search stopped (not a log line: no stream has a `#` in its name
/// followed by nothing).
const SEARCH_CUT_KEY: &str = "#search-cut";

/// How many pages a search reads; the runtime's limit, said in the note of a search cut short.
pub const SEARCH_PAGES: usize = 8;

impl ViewSpec for Logs {
    /// The same logs: another container of them replaces this view.
    fn logs(&self, _state: &State, _selected: Option<&str>) -> Option<(String, LogScope)> {
        Some((self.cluster_arn.clone(), self.scope.clone()))
    }

    fn title(&self) -> String {
        let mut title = format!("Logs of {}", self.what());
        if let Some(c) = &self.container {
            title.push_str(&format!(", container {c}"));
        }
        if let Some(p) = &self.pattern {
            title.push_str(&format!(" matching {p}"));
        }
        if let Some(t) = self.since {
            title.push_str(&format!(" since {}", t.clock()));
        }
        if self.follow {
            title.push_str(" · following");
        }
        if self.wrap {
            title.push_str(" · wrapped");
        }
        title
    }

    fn crumb(&self) -> String {
        format!("logs of {}", self.what())
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    /// The task, or the service's tasks: which log streams there are comes from their containers.
    fn source(&self) -> Resource {
        match &self.scope {
            LogScope::Task { task_arn, .. } => Resource::Task {
                cluster_arn: self.cluster_arn.clone(),
                task_arn: task_arn.clone(),
            },
            LogScope::Service { service_name } => Resource::ServiceTasks(ServiceKey {
                cluster_arn: self.cluster_arn.clone(),
                service_name: service_name.clone(),
            }),
        }
    }

    fn pace(&self, policy: &RefreshPolicy) -> i64 {
        policy.detail_ms
    }

    fn needs(&self, state: &State, _on_screen: &[&str]) -> Vec<Need> {
        let policy = state.refresh;
        let mut needs = vec![self.source_need(state)];
        let mut definitions: Vec<&str> = self
            .tasks(state)
            .iter()
            .map(|t| t.task_definition_arn.as_str())
            .collect();
        definitions.sort();
        definitions.dedup();
        needs.extend(definitions.into_iter().map(|arn| {
            Need::Once(Resource::TaskDefinition {
                arn: arn.to_string(),
            })
        }));
        if let Some(read) = self.read(state) {
            // A search cut short at its page limit would read the same pages again: once is enough.
            let cut =
                matches!(got(state, &read, log_lines), Got::Data(l) if l.search_cut.is_some());
            let interval_ms = match (self.follow, &self.pattern) {
                (true, _) => policy.deploying_ms,
                // A search costs up to 8 calls on a 5-a-second quota: as often as a list.
                (false, Some(_)) => policy.list_ms,
                (false, None) => policy.detail_ms,
            };
            needs.push(match cut && !self.follow {
                true => Need::Once(Resource::Explore(read)),
                false => Need::Whole {
                    resource: Resource::Explore(read),
                    interval_ms,
                },
            });
        }
        needs
    }

    fn rows(&self, state: &State) -> Listing {
        let Some(read) = self.read(state) else {
            // Nothing to read: the empty view says why.
            return match self.tasks(state).is_empty() {
                true => Listing::Loading,
                false => Listing::Rows(Vec::new()),
            };
        };
        let labels = match &read {
            Read::Logs { sources, .. } => sources.clone(),
            _ => Vec::new(),
        };
        let got = match got(state, &read, log_lines) {
            // The streams changed (a task replaced): the lines read before stay until the new read answers.
            Got::Loading => previous(state, &read).map_or(Got::Loading, Got::Data),
            other => other,
        };
        match got {
            Got::Loading => Listing::Loading,
            // A stream that does not exist: the container never started. The empty view explains.
            Got::Failed(BackendError::NotFound { .. }) => Listing::Rows(Vec::new()),
            Got::Failed(e) => Listing::Failed(e.clone()),
            Got::Data(lines) => Listing::Rows(self.lines(lines, &labels)),
        }
    }

    fn empty(&self, state: &State) -> Empty {
        let (_, mut notes) = self.sources(state);
        // One line per kind of note, not one per task of a service.
        notes.sort();
        notes.dedup();
        let stopped: Vec<String> = self
            .tasks(state)
            .iter()
            .filter_map(|t| t.stopped_reason.clone())
            .collect();
        let mut meaning = notes;
        // A search or a start time that finds nothing says so: a stopped task is not why.
        let narrowed = match (&self.pattern, self.since) {
            (Some(p), _) => Some(format!(
                "Nothing matches {p} in the last hour. :search with nothing clears it."
            )),
            (None, Some(_)) => {
                Some("Nothing written since then. :since with nothing clears it.".into())
            }
            (None, None) => None,
        };
        if let Some(why) = narrowed {
            meaning.push(why);
        } else if let Some(reason) = stopped.first() {
            meaning.push(format!(
                "The task stopped: {reason}. A container that never started wrote no logs."
            ));
        }
        if meaning.is_empty() {
            meaning.push("Nothing written yet.".into());
        }
        Empty {
            headline: format!("No log lines for {}.", self.what()),
            meaning: meaning.join(" "),
        }
    }

    /// Enter: the line whole, wrapped.
    fn enter(&self, state: &State, key: &str) -> Option<Open> {
        let read = self.read(state)?;
        let Got::Data(events) = got(state, &read, log_events) else {
            return None;
        };
        let (_, event) = keyed(events).into_iter().find(|(k, _)| k == key)?;
        Some(Open::Text(TextView {
            title: format!("{} {}", event.at.clock(), event.stream),
            lines: vec![event.message.clone()],
            ..TextView::default()
        }))
    }

    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn follows(&self) -> bool {
        self.follow
    }

    fn wraps(&self) -> bool {
        self.wrap
    }

    fn starts_at_end(&self) -> bool {
        true
    }
}
