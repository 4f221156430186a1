//! The service's tasks: live ones first, then the recently stopped, dimmed, with their stop code.

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::app::{Screen, State, TableKind};
use crate::model::Service;
use crate::ui::task_table;
use crate::ui::widgets::{message, panel, Shown};
use crate::ui::Theme;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    s: &Service,
    focused: bool,
    theme: &Theme,
) {
    if area.is_empty() {
        return;
    }
    let Screen::Service(screen) = state.screen() else {
        return;
    };
    let cursor = &screen.cursor;
    let what = format!("tasks of {}", s.name);
    match task_table::shown(state.tasks_of(&s.cluster_arn, &s.name)) {
        Shown::Loading => {
            let inner = panel::pane(frame, area, theme, "Tasks", "", focused);
            message::draw(frame, inner, message::loading(&what, theme));
        }
        Shown::Failed(e) => {
            let inner = panel::pane(frame, area, theme, "Tasks", "", focused);
            message::draw(frame, inner, message::failed(&what, e, theme));
        }
        Shown::Data(tasks) if tasks.rows().is_empty() => {
            let inner = panel::pane(frame, area, theme, "Tasks (0)", "", focused);
            let (headline, meaning) = if s.desired_count == 0 {
                (
                    "No tasks.",
                    "The desired count is 0: the service is scaled to zero.",
                )
            } else {
                (
                    "No tasks yet.",
                    "ECS has not started this service's tasks. If it cannot place them, the events above say why.",
                )
            };
            message::draw(
                frame,
                inner,
                message::empty(headline.into(), meaning, theme),
            );
        }
        Shown::Data(tasks) => {
            let title = format!("Tasks ({})", task_table::counts(tasks));
            let note = task_table::note(tasks, cursor, TableKind::Tasks);
            let inner = panel::pane(frame, area, theme, &title, &note, focused);
            let laid = screen.task_columns(state, tasks, inner.width);
            task_table::draw(
                frame,
                inner,
                tasks,
                (cursor, TableKind::Tasks),
                &laid,
                state,
                theme,
            );
        }
    }
}
