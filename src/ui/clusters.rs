//! The clusters list: where every session starts.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::explore::capacity;
use crate::app::table::columns::Laid;
use crate::app::{ClusterColumn, ClustersScreen, State, TableKind};
use crate::model::{Cluster, TaskStatus};
use crate::ui::layout::fit_spans;
use crate::ui::widgets::{message, panel, status, table, Label, Shown, TableRow};
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, screen: &ClustersScreen, theme: &Theme) {
    let cursor = &screen.cursor;
    match Shown::of(Some(&state.session.cache.clusters)) {
        Shown::Loading => {
            let inner = panel::boxed(frame, area, theme, "Clusters", "");
            message::draw(frame, inner, message::loading("clusters", theme));
        }
        Shown::Failed(e) => {
            let inner = panel::boxed(frame, area, theme, "Clusters", "");
            message::draw(frame, inner, message::failed("clusters", e, theme));
        }
        Shown::Data(clusters) if clusters.is_empty() => {
            let inner = panel::boxed(frame, area, theme, "Clusters (0)", "");
            let headline = format!("No clusters in {}.", state.session.info.region);
            let meaning = "This account has no ECS clusters in this region. \
                           Check the region and profile, or create a cluster.";
            message::draw(frame, inner, message::empty(headline, meaning, theme));
        }
        Shown::Data(clusters) => {
            let title = format!("Clusters ({})", clusters.len());
            let note = table::view_note(cursor, TableKind::Clusters, clusters.len());
            let selected = cursor
                .rows
                .get(cursor.selected)
                .and_then(|&i| clusters.get(i));
            let (area, below) = split(area, cursor.rows.len().max(1));
            if let (Some(below), Some(cluster)) = (below, selected) {
                draw_selected(frame, below, state, cluster, theme);
            }
            let inner = panel::boxed(frame, area, theme, &title, &note);
            if let (true, Some(filter)) = (cursor.rows.is_empty(), &cursor.filter) {
                message::draw(frame, inner, message::no_match("clusters", filter, theme));
                return;
            }
            let laid = screen.columns(state);
            let columns = table::laid_columns(&laid, inner.width);
            table::draw_view(
                frame,
                inner,
                theme,
                &columns,
                clusters,
                (cursor, TableKind::Clusters),
                |c| row(c, &laid, state, theme),
            );
        }
    }
}

fn row(c: &Cluster, laid: &[Laid<ClusterColumn>], state: &State, theme: &Theme) -> TableRow {
    let count = |n: u32, style| Label::new(n.to_string(), style);
    // A count above zero in its colour, zero receding.
    let some = |n: u32, style| count(n, if n > 0 { style } else { theme.muted });
    let cells = laid
        .iter()
        .map(|l| match l.id {
            ClusterColumn::Name => Label::new(c.name.clone(), theme.text),
            ClusterColumn::Status => cleanup_status(state, &c.arn, theme)
                .unwrap_or_else(|| status::cluster_status(&c.status, theme)),
            ClusterColumn::Capacity => Label::new(c.capacity_summary(), theme.text),
            ClusterColumn::Services => count(c.active_services, theme.text),
            ClusterColumn::Running => some(c.running_tasks, theme.running),
            ClusterColumn::Pending => some(c.pending_tasks, theme.pending),
        })
        .collect();
    TableRow::new(cells)
}

/// A cleanup of this cluster (or of a service in it) that runs, or that stopped halfway: what the STATUS cell
/// says instead of the cluster's status, so that a half-cleaned cluster stands out in the list.
fn cleanup_status(state: &State, cluster_arn: &str, theme: &Theme) -> Option<Label> {
    // This run's, or one an earlier run left (kept on disk).
    let run = crate::app::cleanup::on_cluster(state, cluster_arn)?;
    let (done, of) = (run.done(), run.plan.steps.len());
    Some(match run.is_running() {
        true => Label::new(format!("cleaning {done}/{of}"), theme.warn),
        false => Label::new(format!("half-cleaned {done}/{of}"), theme.error),
    })
}

/// Lines of the selected cluster's section, its rule included.
const DETAIL_ROWS: u16 = 8;

/// The table's box, and below it the room for the selected cluster when all `rows` fit with that room to
/// spare. Else the table keeps the whole area (and the cursor's rows stay where a click expects them).
fn split(area: Rect, rows: usize) -> (Rect, Option<Rect>) {
    let table = (rows.min(usize::from(u16::MAX)) as u16).saturating_add(3);
    if table.saturating_add(DETAIL_ROWS + 1) > area.height {
        return (area, None);
    }
    let below = Rect {
        y: area.y + table + 1,
        height: area.height - table - 1,
        ..area
    };
    (
        Rect {
            height: table,
            ..area
        },
        Some(below),
    )
}

/// The selected cluster: its capacity spelled out (its providers and, for EC2, how much of its instances is
/// in use: the two reads the clusters screen makes for it), its services and tasks, and what the state
/// already knows of them (the services that need a look, the stopped tasks).
fn draw_selected(frame: &mut Frame, area: Rect, state: &State, c: &Cluster, theme: &Theme) {
    let inner = panel::section(frame, area, theme, &format!("Cluster {}", c.name), "");
    let cols = usize::from(inner.width);
    let key = |k: &str| Span::styled(format!("{k:>10}  "), theme.muted);
    let text = |t: String| Span::styled(t, theme.text);
    let providers = capacity::providers(state, c);
    let strategy = capacity::strategy(c).map_or(String::new(), |s| format!(" · strategy {s}"));
    // The key that lists them, as the active keymap names it.
    let list = crate::app::panes::key(state, crate::app::UserAction::Instances).map_or_else(
        || ":instances lists them".to_string(),
        |k| format!("{k} lists them"),
    );
    let instances = match (c.registered_container_instances, capacity::in_use(state, c)) {
        (0, _) => "none (Fargate tasks need none)".to_string(),
        (n, Some(in_use)) => format!("{n} registered · {in_use} · {list}"),
        (n, None) => format!("{n} EC2 container instances registered · {list}"),
    };
    let mut services = vec![
        key("services"),
        text(format!("{} active", c.active_services)),
    ];
    let table = state.services_of(&c.arn).and_then(|l| l.data.as_ref());
    if let Some(table) = table.filter(|t| !t.rows().is_empty()) {
        let attention = super::services::attention(table.summary(), state.now);
        let note = if attention.is_empty() {
            "all well".to_string()
        } else {
            attention
        };
        services.push(Span::styled(format!(" · {note}"), theme.warn));
    }
    let mut tasks = vec![
        key("tasks"),
        text(format!(
            "{} running · {} pending",
            c.running_tasks, c.pending_tasks
        )),
    ];
    if let Some(listed) = state.cluster_tasks_of(&c.arn).and_then(|l| l.data.as_ref()) {
        let stopped = listed
            .iter()
            .filter(|t| t.last_status == TaskStatus::Stopped)
            .count();
        tasks.push(Span::styled(
            format!(" · {stopped} stopped in the last hour or so"),
            theme.muted,
        ));
    }
    let mut lines = vec![Line::from(vec![key("status"), {
        let l = status::cluster_status(&c.status, theme);
        Span::styled(l.text, l.style)
    }])];
    if let Some(l) = cleanup_status(state, &c.arn, theme) {
        let run = crate::app::cleanup::on_cluster(state, &c.arn);
        let what = match run.map(|r| &r.plan.scope) {
            Some(crate::app::cleanup::Scope::Service { service_arn, .. }) => {
                format!(
                    "the cleanup of service {}",
                    crate::model::arn_name(service_arn)
                )
            }
            _ => "its cleanup".to_string(),
        };
        let earlier = run
            .and_then(|r| r.kept.earlier.as_ref())
            .map(|at| format!(", left by an earlier run (saved {at})"))
            .unwrap_or_default();
        let then = if l.text.starts_with("half") {
            format!("{earlier}: D shows where it stopped, Enter there resumes it")
        } else {
            ": D shows its progress".to_string()
        };
        lines.push(Line::from(vec![
            key("cleanup"),
            Span::styled(format!("{what} {}{then}", l.text), l.style),
        ]));
    }
    lines.extend([
        Line::from(vec![
            key("capacity"),
            text(format!("{}{strategy}", c.capacity_summary())),
        ]),
        Line::from(vec![key("providers"), text(providers)]),
        Line::from(vec![key("instances"), text(instances)]),
        Line::from(services),
        Line::from(tasks),
        Line::from(vec![key("arn"), Span::styled(c.arn.clone(), theme.muted)]),
    ]);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| fit_spans(l.spans, cols))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
