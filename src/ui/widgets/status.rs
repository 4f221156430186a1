//! Status cells: every state is a glyph, a word and a colour, so it reads without colour too.

use ratatui::style::Style;

use crate::model::{
    DeploymentStatus, HealthStatus, RolloutState, ServiceStatus, TargetState, TaskStatus,
};
use crate::ui::text::Trunc;
use crate::ui::Theme;

/// A piece of styled text for a table cell or a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    pub style: Style,
    /// How it gives way in a narrow column.
    pub trunc: Trunc,
    /// Words shown highlighted wherever they occur (case aside): what a log search or filter looks for.
    pub marks: Vec<String>,
}

impl Label {
    pub fn new(text: impl Into<String>, style: Style) -> Self {
        Label {
            text: text.into(),
            style,
            trunc: Trunc::End,
            marks: Vec::new(),
        }
    }

    pub fn marking(mut self, marks: Vec<String>) -> Self {
        self.marks = marks;
        self
    }

    pub fn trunc(mut self, trunc: Trunc) -> Self {
        self.trunc = trunc;
        self
    }
}

fn label(glyph: &str, word: &str, style: Style) -> Label {
    Label::new(format!("{glyph} {word}"), style)
}

pub fn task_status(s: TaskStatus, theme: &Theme) -> Label {
    use TaskStatus::*;
    match s {
        Provisioning | Pending | Activating => label("◐", s.as_str(), theme.pending),
        Running => label("●", s.as_str(), theme.running),
        Deactivating | Stopping | Deprovisioning => label("↓", s.as_str(), theme.draining),
        Stopped | Deleted => label("○", s.as_str(), theme.stopped),
    }
}

pub fn service_status(s: ServiceStatus, theme: &Theme) -> Label {
    match s {
        ServiceStatus::Active => label("●", s.as_str(), theme.running),
        ServiceStatus::Draining => label("↓", s.as_str(), theme.draining),
        ServiceStatus::Inactive => label("○", s.as_str(), theme.stopped),
    }
}

/// Cluster statuses are strings in the API: ACTIVE, PROVISIONING, DEPROVISIONING, FAILED, INACTIVE.
pub fn cluster_status(s: &str, theme: &Theme) -> Label {
    match s {
        "ACTIVE" => label("●", s, theme.running),
        "PROVISIONING" => label("◐", s, theme.pending),
        "DEPROVISIONING" => label("↓", s, theme.draining),
        "FAILED" => label("✗", s, theme.error),
        _ => label("○", s, theme.stopped),
    }
}

pub fn health(h: HealthStatus, theme: &Theme) -> Label {
    match h {
        HealthStatus::Healthy => label("✓", h.as_str(), theme.healthy),
        HealthStatus::Unhealthy => label("✗", h.as_str(), theme.unhealthy),
        HealthStatus::Unknown => label("·", h.as_str(), theme.muted),
    }
}

pub fn target_glyph(t: TargetState) -> &'static str {
    match t {
        TargetState::Healthy => "✓",
        TargetState::Unhealthy => "✗",
        TargetState::Initial => "…",
        TargetState::Draining => "↓",
        TargetState::Unused => "○",
        TargetState::Unavailable => "?",
    }
}

pub fn target_state(t: TargetState, theme: &Theme) -> Label {
    let style = match t {
        TargetState::Healthy => theme.healthy,
        TargetState::Unhealthy => theme.unhealthy,
        TargetState::Initial => theme.initial,
        TargetState::Draining => theme.draining,
        TargetState::Unused => theme.stopped,
        TargetState::Unavailable => theme.warn,
    };
    label(target_glyph(t), t.as_str(), style)
}

pub fn rollout(r: RolloutState, theme: &Theme) -> Label {
    match r {
        RolloutState::InProgress => label("⟳", r.as_str(), theme.pending),
        RolloutState::Completed => label("✓", r.as_str(), theme.ok),
        RolloutState::Failed => label("✗", r.as_str(), theme.error),
    }
}

pub fn deployment_status(d: DeploymentStatus, theme: &Theme) -> Label {
    match d {
        DeploymentStatus::Primary => Label::new(d.as_str(), theme.focus),
        DeploymentStatus::Active => Label::new(d.as_str(), theme.draining),
        DeploymentStatus::Inactive => Label::new(d.as_str(), theme.muted),
    }
}

/// A text progress bar: `██████░░░░ 3/5`, `width` cells for the bar itself.
pub fn progress_bar(done: u32, total: u32, width: usize) -> String {
    let filled = if total == 0 {
        0
    } else {
        let rounded = ((done.min(total) as usize * width) + total as usize / 2) / total as usize;
        // An unfinished bar never looks finished.
        if done < total {
            rounded.min(width.saturating_sub(1))
        } else {
            rounded
        }
    };
    format!(
        "{}{} {done}/{total}",
        "█".repeat(filled),
        "░".repeat(width - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_a_glyph_and_a_word() {
        let t = Theme::monochrome();
        for s in TaskStatus::ALL {
            let l = task_status(s, &t);
            assert!(l.text.ends_with(s.as_str()) && l.text.chars().count() > s.as_str().len() + 1);
        }
        assert_eq!(target_state(TargetState::Unhealthy, &t).text, "✗ unhealthy");
        assert_eq!(rollout(RolloutState::InProgress, &t).text, "⟳ IN_PROGRESS");
    }

    #[test]
    fn progress_bar_rounds_and_clamps() {
        assert_eq!(progress_bar(3, 5, 5), "███░░ 3/5");
        assert_eq!(progress_bar(9, 5, 4), "████ 9/5");
        assert_eq!(progress_bar(0, 0, 3), "░░░ 0/0");
        assert_eq!(progress_bar(0, 4, 4), "░░░░ 0/4");
        assert_eq!(progress_bar(15, 16, 5), "████░ 15/16");
    }
}
