//! What the services list says of all its rows at once (how many alert, deploy, run short of tasks; the
//! longest name), worked out when the rows change rather than over every row on every frame: a frame of
//! 5,000 services costs what a frame of 100 does.

use unicode_width::UnicodeWidthStr;

use crate::model::{RolloutState, Service, Timestamp, TROUBLE_WINDOW_MS};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowSummary {
    /// In terminal cells.
    pub longest_name: usize,
    /// The longest `family:revision` of the rows' task definitions, in terminal cells.
    pub longest_task_definition: usize,
    /// Rows whose primary deployment is rolling out.
    pub deploying: usize,
    /// Rows running fewer tasks than they want.
    pub short: usize,
    /// When each troubled row stops alerting (`Service::alert_end`), earliest first.
    alert_ends: Vec<Timestamp>,
}

impl RowSummary {
    pub fn of(rows: &[Service]) -> RowSummary {
        let mut summary = RowSummary::default();
        for s in rows {
            summary.longest_name = summary.longest_name.max(s.name.width());
            let td = crate::model::family_revision(&s.task_definition).width();
            summary.longest_task_definition = summary.longest_task_definition.max(td);
            let rolling = s.primary_deployment().map(|d| d.rollout_state);
            summary.deploying += usize::from(rolling == Some(RolloutState::InProgress));
            summary.short += usize::from(s.running_count < s.desired_count);
            summary.alert_ends.extend(s.alert_end(TROUBLE_WINDOW_MS));
        }
        summary.alert_ends.sort_unstable();
        summary
    }

    /// Rows with trouble in the window before `now` (`Service::recent_trouble`).
    pub fn alerting(&self, now: Timestamp) -> usize {
        let over = self.alert_ends.partition_point(|end| *end < now);
        self.alert_ends.len() - over
    }
}
