//! A cluster's services: the list an on-call engineer scans for the one that is failing.

use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

use crate::app::{State, TableCursor};
use crate::model::{arn_name, RolloutState, Service};
use crate::ui::text::{family_revision, width, Trunc};
use crate::ui::widgets::{message, panel, status, table, Column, Label, Shown, TableRow};
use crate::ui::Theme;

/// Below this inner width the launch type goes and the counts share a column.
const WIDE: u16 = 110;

const NARROW: [Column; 6] = [
    Column::new("NAME", Constraint::Fill(1)),
    Column::new("STATUS", Constraint::Length(10)),
    Column::right("RUN/DES", Constraint::Length(7)),
    Column::right("PEND", Constraint::Length(4)),
    Column::new("TASK DEF", Constraint::Length(16)),
    Column::new("ROLLOUT", Constraint::Length(13)),
];

const WIDE_COLUMNS: [Column; 8] = [
    Column::new("NAME", Constraint::Fill(1)),
    Column::new("STATUS", Constraint::Length(10)),
    Column::right("DESIRED", Constraint::Length(7)),
    Column::right("RUNNING", Constraint::Length(7)),
    Column::right("PENDING", Constraint::Length(7)),
    Column::new("TASK DEFINITION", Constraint::Length(28)),
    Column::new("LAUNCH", Constraint::Length(7)),
    Column::new("ROLLOUT", Constraint::Length(13)),
];

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    cluster_arn: &str,
    cursor: &TableCursor,
    theme: &Theme,
) {
    let cluster = arn_name(cluster_arn);
    match Shown::of(state.services_of(cluster_arn)) {
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
        Shown::Data(services) if services.is_empty() => {
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
        Shown::Data(services) => {
            let title = format!("Services of {cluster} ({})", services.len());
            let note = format!(
                "{}{}",
                attention(services),
                table::position(cursor, services.len())
            );
            let inner = panel::boxed(frame, area, theme, &title, &note);
            let wide = inner.width >= WIDE;
            let mut columns: Vec<Column> = if wide {
                WIDE_COLUMNS.to_vec()
            } else {
                NARROW.to_vec()
            };
            let longest = services.iter().map(|s| width(&s.name)).max().unwrap_or(0);
            columns[0].width = Constraint::Length(table::first_column_width(
                longest,
                &columns[1..],
                inner.width,
                true,
                16,
            ));
            table::draw_table(
                frame,
                inner,
                theme,
                &columns,
                services.len(),
                Some(cursor),
                |i| row(&services[i], wide, theme),
            );
        }
    }
}

/// What needs a look, counted over every service (cheap: no rows are built): `✗1 failed  ⟳2 deploying
/// 3 short · ` (short: fewer running than desired), empty when all is well.
fn attention(services: &[Service]) -> String {
    let (mut deploying, mut failed, mut short) = (0, 0, 0);
    for s in services {
        match s.primary_deployment().map(|d| d.rollout_state) {
            Some(RolloutState::InProgress) => deploying += 1,
            Some(RolloutState::Failed) => failed += 1,
            _ => {}
        }
        short += usize::from(s.running_count < s.desired_count);
    }
    let mut parts = Vec::new();
    if failed > 0 {
        parts.push(format!("✗{failed} failed"));
    }
    if deploying > 0 {
        parts.push(format!("⟳{deploying} deploying"));
    }
    if short > 0 {
        parts.push(format!("{short} short"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{} · ", parts.join("  "))
    }
}

fn row(s: &Service, wide: bool, theme: &Theme) -> TableRow {
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
    let mut cells = vec![
        Label::new(s.name.clone(), theme.text),
        status::service_status(s.status, theme),
    ];
    if wide {
        cells.push(Label::new(s.desired_count.to_string(), theme.text));
        cells.push(Label::new(s.running_count.to_string(), running_style));
        cells.push(Label::new(s.pending_count.to_string(), pending_style));
        cells.push(
            Label::new(family_revision(&s.task_definition), theme.text).trunc(Trunc::Revision),
        );
        cells.push(Label::new(s.launch_type.as_str(), theme.muted));
    } else {
        cells.push(Label::new(
            format!("{}/{}", s.running_count, s.desired_count),
            running_style,
        ));
        cells.push(Label::new(s.pending_count.to_string(), pending_style));
        cells.push(
            Label::new(family_revision(&s.task_definition), theme.text).trunc(Trunc::Revision),
        );
    }
    cells.push(rollout);
    TableRow::new(cells)
}
