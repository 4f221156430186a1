//! The deploy dialog's list of revisions: newest first, the running one marked, what each changes.

use ratatui::text::{Line, Span};

use crate::app::{Dialog, State};
use crate::model::{family_revision, TaskDefinition};
use crate::ui::text::fit;
use crate::ui::Theme;

pub fn lines(
    state: &State,
    dialog: &Dialog,
    theme: &Theme,
    cols: usize,
    room: usize,
) -> Vec<Line<'static>> {
    let mut out = vec![Line::default()];
    let Ok(arns) = dialog.revisions(state) else {
        return out;
    };
    let running = dialog.service(state).map(|s| s.task_definition.clone());
    let running_td = running
        .as_ref()
        .and_then(|arn| state.session.cache.task_definitions.get(arn))
        .and_then(|l| l.data.as_ref());
    out.push(Line::styled(
        format!("ACTIVE revisions, newest first ({}):", arns.len()),
        theme.header,
    ));
    // Keep the chosen row in view.
    let first = dialog.selected.saturating_sub(room.saturating_sub(1));
    for (i, arn) in arns.iter().enumerate().skip(first).take(room) {
        let chosen = i == dialog.selected;
        let td = state
            .session
            .cache
            .task_definitions
            .get(arn)
            .and_then(|l| l.data.as_ref());
        let mut text = format!(
            "{} {:<18}",
            if chosen { "›" } else { " " },
            family_revision(arn)
        );
        if Some(arn) == running.as_ref() {
            text.push_str(" running now");
        } else if let (Some(td), Some(now)) = (td, running_td) {
            let differs = differences(now, td);
            if differs.is_empty() {
                text.push_str(" same as running");
            } else {
                text.push_str(&format!(" differs in {}", differs.join(", ")));
            }
        }
        if let Some(td) = td {
            let images: Vec<String> = td.containers.iter().map(|c| c.image.clone()).collect();
            text.push_str(&format!(
                " · cpu {} mem {} · {}",
                td.cpu.map_or("-".into(), |c| c.to_string()),
                td.memory.map_or("-".into(), |m| m.to_string()),
                images.join(", ")
            ));
        }
        let style = if chosen { theme.selection } else { theme.text };
        out.push(Line::from(Span::styled(
            fit(&text, cols).into_owned(),
            style,
        )));
    }
    out
}

/// What differs between two revisions, in words: images, cpu, memory, ports, environment names.
pub fn differences(running: &TaskDefinition, other: &TaskDefinition) -> Vec<&'static str> {
    let mut out = Vec::new();
    let images = |td: &TaskDefinition| {
        td.containers
            .iter()
            .map(|c| (c.name.clone(), c.image.clone()))
            .collect::<Vec<_>>()
    };
    if images(running) != images(other) {
        out.push("image");
    }
    if running.cpu != other.cpu {
        out.push("cpu");
    }
    if running.memory != other.memory {
        out.push("memory");
    }
    let ports = |td: &TaskDefinition| {
        td.containers
            .iter()
            .map(|c| c.port_mappings.clone())
            .collect::<Vec<_>>()
    };
    if ports(running) != ports(other) {
        out.push("ports");
    }
    let environment = |td: &TaskDefinition| {
        td.containers
            .iter()
            .map(|c| {
                c.environment
                    .iter()
                    .map(|e| e.name.clone())
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    if environment(running) != environment(other) {
        out.push("environment");
    }
    out
}
