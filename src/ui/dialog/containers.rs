//! The exec dialog's containers: each with its ECS Exec agent, the chosen one marked.

use ratatui::text::Line;

use crate::app::mutation::Mutation;
use crate::app::Dialog;
use crate::ui::text::fit;
use crate::ui::Theme;

pub fn lines(dialog: &Dialog, theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let Mutation::Exec(exec) = &dialog.draft else {
        return Vec::new();
    };
    let mut out = vec![
        Line::default(),
        Line::styled("Containers (↑/↓ to choose):", theme.header),
    ];
    for (i, c) in exec.containers.iter().enumerate() {
        let chosen = i == dialog.selected;
        let agent = match &c.agent {
            Some(a) if a.is_running() => "ECS Exec agent RUNNING".to_string(),
            Some(a) => format!(
                "ECS Exec agent {}{}",
                if a.status.is_empty() {
                    "not reported"
                } else {
                    &a.status
                },
                a.reason
                    .as_deref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ),
            None => "no ECS Exec agent".to_string(),
        };
        let text = format!("{} {:<20} {agent}", if chosen { "›" } else { " " }, c.name);
        let style = match (chosen, c.agent.as_ref().is_some_and(|a| a.is_running())) {
            (true, _) => theme.selection,
            (false, true) => theme.text,
            (false, false) => theme.muted,
        };
        out.push(Line::styled(fit(&text, cols).into_owned(), style));
    }
    out
}
