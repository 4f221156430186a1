//! A cluster's services: the list an on-call engineer scans for the one that is failing.

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::app::service_summary::RowSummary;
use crate::app::service_table::ServiceTable;
use crate::app::table::columns::Laid;
use crate::app::{service_metrics, Loadable, ServiceColumn, ServicesScreen, State, TableKind};
use crate::backend::BackendError;
use crate::model::{
    arn_name, Alarm, ScalableTarget, Service, ServiceLoad, Timestamp, Trouble, TROUBLE_WINDOW_MS,
};
use crate::ui::metric_cells;
use crate::ui::text::{family_revision, partial, thousands, Trunc};
use crate::ui::widgets::{message, panel, status, table, Label, Shown, TableRow};
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, screen: &ServicesScreen, theme: &Theme) {
    let (cluster_arn, cursor) = (screen.cluster_arn.as_str(), &screen.cursor);
    let cluster = arn_name(cluster_arn);
    let shown = match Shown::of(state.services_of(cluster_arn)) {
        // Rows come a batch at a time: until the first page, it is loading (or failed); until the first
        // row is described, the placeholders show, unless the describes failed for good (access denied).
        Shown::Data(t)
            if (t.is_loading() && t.rows().is_empty()) || lasting_failure(t).is_some() =>
        {
            let listing = state
                .services_of(cluster_arn)
                .and_then(|l| l.status.error.as_ref());
            match listing.or(lasting_failure(t)) {
                Some(e) => Shown::Failed(e),
                None => Shown::Loading,
            }
        }
        other => other,
    };
    match shown {
        Shown::Loading => {
            let inner = panel::boxed(frame, area, theme, &format!("Services of {cluster}"), "");
            message::draw(
                frame,
                inner,
                message::loading(&format!("services of {cluster}"), theme),
            );
        }
        Shown::Failed(e) => {
            let inner = panel::boxed(frame, area, theme, &format!("Services of {cluster}"), "");
            message::draw(
                frame,
                inner,
                message::failed(&format!("services of {cluster}"), e, theme),
            );
        }
        Shown::Data(table) if table.rows().is_empty() => {
            let inner = panel::boxed(
                frame,
                area,
                theme,
                &format!("Services of {cluster} (0)"),
                "",
            );
            let meaning = "The cluster runs no services. Tasks started on their own (RunTask) are not listed here.";
            message::draw(
                frame,
                inner,
                message::empty(format!("No services in {cluster}."), meaning, theme),
            );
        }
        Shown::Data(table) => {
            let services = table.rows();
            let title = format!("Services of {cluster} ({})", count(table));
            // The filter, marks and position first: when the title is short of room, what the user set
            // must not be the part that is cut.
            let note = [
                table::view_note(cursor, TableKind::Services, services.len()),
                partial(table.progress(), cursor),
                attention(table.summary(), state.now),
                undescribed(table),
            ]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
            let inner = panel::boxed(frame, area, theme, &title, &note);
            if let (true, Some(filter)) = (cursor.rows.is_empty(), &cursor.filter) {
                message::draw(frame, inner, message::no_match("services", filter, theme));
                return;
            }
            let laid = screen.columns(state, inner.width);
            let columns = table::laid_columns(&laid, inner.width);
            table::draw_view(
                frame,
                inner,
                theme,
                &columns,
                services,
                (cursor, TableKind::Services),
                |s| {
                    // The history is read again only while the service deploys: once it has stopped, an
                    // old answer no longer says anything.
                    if table.is_placeholder(&s.arn) {
                        return placeholder_row(s, &laid, table, theme);
                    }
                    let waiting = s.is_deploying()
                        && crate::app::service_items::ongoing_deployment(state, s)
                            .is_some_and(|sd| sd.awaiting_hook().is_some());
                    let extras = Extras {
                        load: service_metrics::load_of(state, cluster_arn, &s.name),
                        target: service_metrics::target_of(state, cluster_arn, &s.name),
                        alarms: service_metrics::firing_alarms(state, s),
                    };
                    row(s, &laid, waiting, &extras, state.now, theme)
                },
            );
        }
    }
}

/// Why no row could be described, when it will not pass by itself (access denied, not a throttle).
fn lasting_failure(table: &ServiceTable) -> Option<&BackendError> {
    let error = table.failed_row()?.error.as_ref()?;
    (!error.is_transient()).then_some(error)
}

/// How many services: `2,000`; while they fill in, what is listed, described and still waiting (and
/// why): `2,000 listed · 1,899 described · 101 waiting: throttled`. `+`: the listing is not complete.
fn count(table: &ServiceTable) -> String {
    let (listed, described) = table.progress();
    let more = if table.listed_once { "" } else { "+" };
    let (waiting, throttled) = table.waiting();
    if !table.is_loading() && described == listed {
        return thousands(listed);
    }
    let mut parts = vec![
        format!("{}{more} listed", thousands(listed)),
        format!("{} described", thousands(described)),
    ];
    if waiting > 0 {
        let why = if throttled > 0 { ": throttled" } else { "" };
        parts.push(format!("{} waiting{why}", thousands(waiting)));
    }
    parts.join(" · ")
}

/// A listed service not described yet: its name, and why it is not described, short enough for the ALERTS
/// column at 80 columns.
fn placeholder_row(
    s: &Service,
    laid: &[Laid<ServiceColumn>],
    table: &ServiceTable,
    theme: &Theme,
) -> TableRow {
    let status = table.status(&s.arn);
    let why = match status.and_then(|st| st.error.as_ref()) {
        Some(BackendError::Throttled { .. }) => "throttled: waits".to_string(),
        Some(e) => format!("not described: {e}"),
        None if status.is_some_and(|st| st.in_flight) => "reading…".to_string(),
        None => "not read yet".to_string(),
    };
    let cells = laid
        .iter()
        .map(|l| match l.id {
            ServiceColumn::Name => Label::new(s.name.clone(), theme.muted),
            ServiceColumn::Alerts => Label::new(why.clone(), theme.muted),
            _ => Label::new("·", theme.muted),
        })
        .collect();
    TableRow::new(cells)
}

/// Services DescribeServices could not describe: shown, not dropped.
fn undescribed(table: &ServiceTable) -> String {
    match table.failures.as_slice() {
        [] => String::new(),
        [one] => format!("✗ {} {}", arn_name(&one.arn), one.reason),
        many => format!("✗ {} not described ({})", many.len(), many[0].reason),
    }
}

/// What needs a look, counted over every service when the rows changed (`RowSummary`): `✗2 alerting  ⟳1 deploying
/// 3 short` (short: fewer running than desired), empty when all is well.
pub(super) fn attention(summary: &RowSummary, now: Timestamp) -> String {
    let (alerting, deploying, short) = (summary.alerting(now), summary.deploying, summary.short);
    let parts: Vec<String> = [
        (alerting, "✗", "alerting"),
        (deploying, "⟳", "deploying"),
        (short, "", "short"),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, glyph, what)| format!("{glyph}{n} {what}"))
    .collect();
    parts.join("  ")
}

/// What a row shows beside the service itself: its metrics, its scaling and the alarms firing on it.
struct Extras<'a> {
    load: Option<&'a Loadable<ServiceLoad>>,
    target: Option<&'a ScalableTarget>,
    alarms: Vec<&'a Alarm>,
}

/// `waiting`: a pause hook holds its deployment (known once its history is read).
fn row(
    s: &Service,
    laid: &[Laid<ServiceColumn>],
    waiting: bool,
    extras: &Extras,
    now: Timestamp,
    theme: &Theme,
) -> TableRow {
    let short = s.running_count < s.desired_count;
    let running_style = if short { theme.warn } else { theme.text };
    let pending_style = if s.pending_count > 0 {
        theme.pending
    } else {
        theme.muted
    };
    let rollout = match s.primary_deployment() {
        Some(d) => status::rollout(d.rollout_state, theme),
        None => Label::new("—", theme.muted),
    };
    let mut alerts = alerts(&s.recent_trouble(now, TROUBLE_WINDOW_MS), theme);
    if waiting {
        let rest = alerts.text.trim_start_matches('—').trim();
        let text = format!("⏸ awaits approval {rest}");
        alerts = Label::new(text.trim_end(), theme.warn);
    }
    if let Some(first) = extras.alarms.first() {
        // An alarm in ALARM is what the team said must wake someone: first, whatever else there is.
        let rest = alerts.text.trim_start_matches('—').trim();
        let more = match extras.alarms.len() {
            1 => String::new(),
            n => format!(" +{}", n - 1),
        };
        let text = format!("✗ alarm {}{more} {rest}", first.name);
        alerts = Label::new(text.trim_end(), theme.error);
    }
    let cells = laid
        .iter()
        .map(|l| match l.id {
            ServiceColumn::Name => Label::new(s.name.clone(), theme.text),
            ServiceColumn::Status => status::service_status(s.status, theme),
            ServiceColumn::Desired => Label::new(s.desired_count.to_string(), theme.text),
            ServiceColumn::Running => Label::new(s.running_count.to_string(), running_style),
            ServiceColumn::RunningOfDesired => Label::new(
                format!("{}/{}", s.running_count, s.desired_count),
                running_style,
            ),
            ServiceColumn::Pending => Label::new(s.pending_count.to_string(), pending_style),
            ServiceColumn::Alerts => alerts.clone(),
            ServiceColumn::Rollout => rollout.clone(),
            ServiceColumn::Launch => Label::new(s.launch_type.as_str(), theme.muted),
            ServiceColumn::TaskDefinition => {
                Label::new(family_revision(&s.task_definition), theme.text).trunc(Trunc::Revision)
            }
            ServiceColumn::Cpu => metric_cells::load_cell(extras.load, |l| &l.cpu, theme),
            ServiceColumn::CpuNow => metric_cells::value_cell(extras.load, |l| &l.cpu, theme),
            ServiceColumn::Memory => metric_cells::value_cell(extras.load, |l| &l.memory, theme),
            ServiceColumn::Scaling => metric_cells::scaling_cell(extras.target, theme),
        })
        .collect();
    TableRow::new(cells)
}

/// The worst things first, as many as fit: `✗ can't place`, `✗ 3 unhealthy ↻ 5`, `↻ 2 restarts`. All in the
/// last ten minutes (the header says so) but the deployment's failed tasks, which say their own span.
fn alerts(t: &Trouble, theme: &Theme) -> Label {
    let mut bad = Vec::new();
    if t.cannot_place {
        bad.push("✗ can't place".to_string());
    }
    if t.cannot_start {
        bad.push("✗ can't start".to_string());
    }
    if t.deployment_failed {
        bad.push("✗ deploy failed".to_string());
    }
    if t.unhealthy_targets > 0 {
        bad.push(format!("✗ {} unhealthy", t.unhealthy_targets));
    }
    let mut mild = Vec::new();
    // Three or more in ten minutes, outside a rollout, is a crash loop.
    match t.restarts {
        0 => {}
        n @ 1..=2 => mild.push(format!("↻ {n} restarts")),
        n => bad.push(format!("✗ {n} restarts")),
    }
    if t.draining {
        mild.push("↓ draining".to_string());
    }
    // Not a count of the window: ECS counts them from the deployment's start. Last, after what the last ten
    // minutes saw.
    let lifetime =
        (t.failed_tasks > 0).then(|| format!("✗ {} failed since deploy", t.failed_tasks));
    let style = match (bad.is_empty() && lifetime.is_none(), mild.is_empty()) {
        (false, _) => theme.error,
        (true, false) => theme.warn,
        (true, true) => return Label::new("—", theme.muted),
    };
    Label::new(
        bad.into_iter()
            .chain(mild)
            .chain(lifetime)
            .collect::<Vec<_>>()
            .join(" "),
        style,
    )
}
