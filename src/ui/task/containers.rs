//! The task's containers as ECS last saw them: status, exit code and the reason it gave.

use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

use crate::model::{Container, Task, TaskStatus};
use crate::ui::text::Trunc;
use crate::ui::widgets::{message, panel, status, table, Column, Label, TableRow};
use crate::ui::Theme;

const WIDE: u16 = 120;

const NARROW: [Column; 6] = [
    Column::new("NAME", Constraint::Length(12)),
    Column::new("IMAGE", Constraint::Fill(1)),
    Column::new("STATUS", Constraint::Length(10)),
    Column::right("EXIT", Constraint::Length(4)),
    Column::new("HEALTH", Constraint::Length(11)),
    Column::new("REASON", Constraint::Fill(1)),
];

const WIDE_COLUMNS: [Column; 6] = [
    Column::new("NAME", Constraint::Length(20)),
    Column::new("IMAGE", Constraint::Fill(2)),
    Column::new("STATUS", Constraint::Length(14)),
    Column::right("EXIT", Constraint::Length(4)),
    Column::new("HEALTH", Constraint::Length(11)),
    Column::new("REASON", Constraint::Fill(3)),
];

/// A bridge or host mode task's containers also show their host ports: its targets are named by them.
const WIDE_BOUND: [Column; 7] = [
    Column::new("NAME", Constraint::Length(20)),
    Column::new("IMAGE", Constraint::Fill(2)),
    Column::new("STATUS", Constraint::Length(14)),
    Column::right("EXIT", Constraint::Length(4)),
    Column::new("HEALTH", Constraint::Length(11)),
    Column::new("HOST PORTS", Constraint::Length(16)),
    Column::new("REASON", Constraint::Fill(3)),
];

pub fn draw(frame: &mut Frame, area: Rect, task: &Task, theme: &Theme) {
    let title = format!("Containers ({})", task.containers.len());
    let inner = panel::section(frame, area, theme, &title, "");
    if task.containers.is_empty() {
        let line = ratatui::text::Line::styled("No containers reported yet.", theme.muted);
        return message::draw(frame, inner, vec![line]);
    }
    let bound = task
        .containers
        .iter()
        .any(|c| !c.network_bindings.is_empty());
    let columns: &[Column] = match (inner.width >= WIDE, bound) {
        (true, true) => &WIDE_BOUND,
        (true, false) => &WIDE_COLUMNS,
        (false, _) => &NARROW,
    };
    let ports = columns.len() == WIDE_BOUND.len();
    table::draw_table(
        frame,
        inner,
        theme,
        columns,
        task.containers.len(),
        None,
        |i| row(&task.containers[i], ports, theme),
    );
}

fn row(c: &Container, ports: bool, theme: &Theme) -> TableRow {
    let st = match TaskStatus::parse(&c.last_status) {
        Some(s) => status::task_status(s, theme),
        None => Label::new(c.last_status.clone(), theme.text),
    };
    let exit = match c.exit_code {
        Some(0) => Label::new("0", theme.ok),
        Some(code) => Label::new(code.to_string(), theme.error),
        None => Label::new("—", theme.muted),
    };
    let reason_style = if c.exit_code.is_some_and(|e| e != 0) {
        theme.error
    } else {
        theme.text
    };
    let mut cells = vec![
        Label::new(c.name.clone(), theme.text),
        Label::new(c.image.clone(), theme.muted).trunc(Trunc::Path),
        st,
        exit,
        status::health(c.health_status, theme),
    ];
    if ports {
        // `8080→32771`: the container's port, bound to this port of its instance.
        let bound: Vec<String> = c
            .network_bindings
            .iter()
            .map(|b| format!("{}→{}", b.container_port, b.host_port))
            .collect();
        cells.push(match bound.is_empty() {
            true => Label::new("—", theme.muted),
            false => Label::new(bound.join(" "), theme.text),
        });
    }
    cells.push(Label::new(
        c.reason.clone().unwrap_or_default(),
        reason_style,
    ));
    TableRow::new(cells)
}
