//! The task definition revision behind the task: network mode, sizes and each container's ports.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::State;
use crate::model::{ContainerDefinition, PortMapping};
use crate::ui::layout::fit_spans;
use crate::ui::text::{family_revision, Trunc};
use crate::ui::widgets::{message, panel, table, Column, Label, Shown, TableRow};
use crate::ui::Theme;

const COLUMNS: [Column; 6] = [
    Column::new("CONTAINER", Constraint::Length(16)),
    Column::new("IMAGE", Constraint::Fill(2)),
    Column::right("CPU", Constraint::Length(5)),
    Column::right("MEMORY", Constraint::Length(6)),
    Column::new("ESSENTIAL", Constraint::Length(9)),
    Column::new("PORTS", Constraint::Fill(1)),
];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, arn: &str, theme: &Theme) {
    if area.height < 2 {
        return;
    }
    let name = family_revision(arn);
    let inner = panel::section(frame, area, theme, &format!("Task definition {name}"), "");
    let td = match Shown::of(state.session.cache.task_definitions.get(arn)) {
        Shown::Loading => {
            return message::draw(
                frame,
                inner,
                message::loading(&format!("task definition {name}"), theme),
            )
        }
        Shown::Failed(e) => {
            return message::draw(
                frame,
                inner,
                message::failed(&format!("task definition {name}"), e, theme),
            )
        }
        Shown::Data(td) => td,
    };
    let size = match (td.cpu, td.memory) {
        (Some(cpu), Some(mem)) => format!("{cpu} CPU units / {mem} MiB"),
        (Some(cpu), None) => format!("{cpu} CPU units"),
        (None, Some(mem)) => format!("{mem} MiB"),
        (None, None) => "sized per container".into(),
    };
    let summary = vec![
        Span::styled(" network mode ", theme.muted),
        Span::styled(td.network_mode.as_str(), theme.text),
        Span::styled("   task size ", theme.muted),
        Span::styled(size, theme.text),
        Span::styled("   requires ", theme.muted),
        Span::styled(td.requires_compatibilities.join(", "), theme.text),
        Span::styled("   status ", theme.muted),
        Span::styled(td.status.clone(), theme.text),
    ];
    let line = fit_spans(summary, usize::from(inner.width));
    frame.render_widget(
        Paragraph::new(line),
        Rect {
            height: 1.min(inner.height),
            ..inner
        },
    );
    let table_area = Rect {
        y: inner.y + 1.min(inner.height),
        height: inner.height.saturating_sub(1),
        ..inner
    };
    table::draw_table(
        frame,
        table_area,
        theme,
        &COLUMNS,
        td.containers.len(),
        None,
        |i| row(&td.containers[i], theme),
    );
}

fn row(c: &ContainerDefinition, theme: &Theme) -> TableRow {
    let ports: Vec<String> = c.port_mappings.iter().map(port).collect();
    TableRow::new(vec![
        Label::new(c.name.clone(), theme.text),
        Label::new(c.image.clone(), theme.muted).trunc(Trunc::Path),
        Label::new(c.cpu.to_string(), theme.text),
        Label::new(
            c.memory_or_reservation()
                .map_or_else(|| "—".into(), |m| m.to_string()),
            theme.text,
        ),
        Label::new(if c.essential { "yes" } else { "no" }, theme.text),
        Label::new(
            if ports.is_empty() {
                "—".into()
            } else {
                ports.join(", ")
            },
            theme.text,
        ),
    ])
}

/// `8080/tcp`, or `host 32768 → 8080/tcp` in bridge mode (`dynamic` when the host port is 0).
fn port(p: &PortMapping) -> String {
    match p.host_port {
        h if h == p.container_port => format!("{}/{}", p.container_port, p.protocol),
        0 => format!("dynamic → {}/{}", p.container_port, p.protocol),
        h => format!("{h} → {}/{}", p.container_port, p.protocol),
    }
}
