//! The clusters list: where every session starts.

use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

use crate::app::{State, TableKind, TableView};
use crate::model::Cluster;
use crate::ui::text::width;
use crate::ui::widgets::{message, panel, status, table, Column, Label, Shown, TableRow};
use crate::ui::Theme;

const COLUMNS: [Column; 6] = [
    Column::new("NAME", Constraint::Fill(1)),
    Column::new("STATUS", Constraint::Length(16)),
    Column::new("CAPACITY", Constraint::Length(16)),
    Column::right("SERVICES", Constraint::Length(8)),
    Column::right("RUNNING", Constraint::Length(7)),
    Column::right("PENDING", Constraint::Length(7)),
];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, cursor: &TableView, theme: &Theme) {
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
            let inner = panel::boxed(frame, area, theme, &title, &note);
            if let (true, Some(filter)) = (cursor.rows.is_empty(), &cursor.filter) {
                message::draw(frame, inner, message::no_match("clusters", filter, theme));
                return;
            }
            let longest = clusters.iter().map(|c| width(&c.name)).max().unwrap_or(0);
            let mut columns = COLUMNS;
            columns[0].width = Constraint::Length(table::first_column_width(
                longest,
                &COLUMNS[1..],
                inner.width,
                true,
                12,
            ));
            table::draw_view(
                frame,
                inner,
                theme,
                &columns,
                clusters,
                (cursor, TableKind::Clusters),
                |c| row(c, theme),
            );
        }
    }
}

fn row(c: &Cluster, theme: &Theme) -> TableRow {
    let count = |n: u32, style| Label::new(n.to_string(), style);
    TableRow::new(vec![
        Label::new(c.name.clone(), theme.text),
        status::cluster_status(&c.status, theme),
        Label::new(c.capacity_summary(), theme.text),
        count(c.active_services, theme.text),
        count(
            c.running_tasks,
            if c.running_tasks > 0 {
                theme.running
            } else {
                theme.muted
            },
        ),
        count(
            c.pending_tasks,
            if c.pending_tasks > 0 {
                theme.pending
            } else {
                theme.muted
            },
        ),
    ])
}
