//! Every task of a cluster, whoever started it: a service's tasks, tasks started on their own (RunTask) and
//! those that stopped in the last hour or so. Where a clean-up or a search for a stray task starts.

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::app::{State, TableKind, TasksScreen};
use crate::model::arn_name;
use crate::ui::task_table;
use crate::ui::widgets::{message, panel, Shown};
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, screen: &TasksScreen, theme: &Theme) {
    let (cluster_arn, cursor) = (screen.cluster_arn.as_str(), &screen.cursor);
    let cluster = arn_name(cluster_arn);
    let title = format!("Tasks of {cluster}");
    let what = format!("tasks of {cluster}");
    match task_table::shown(state.cluster_tasks_of(cluster_arn)) {
        Shown::Loading => {
            let inner = panel::boxed(frame, area, theme, &title, "");
            message::draw(frame, inner, message::loading(&what, theme));
        }
        Shown::Failed(e) => {
            let inner = panel::boxed(frame, area, theme, &title, "");
            message::draw(frame, inner, message::failed(&what, e, theme));
        }
        Shown::Data(tasks) if tasks.rows().is_empty() => {
            let inner = panel::boxed(frame, area, theme, &format!("{title} (0)"), "");
            let meaning =
                "Nothing runs in this cluster, and nothing stopped in it within the last hour \
                           or so (ECS forgets stopped tasks after that).";
            message::draw(
                frame,
                inner,
                message::empty(format!("No tasks in {cluster}."), meaning, theme),
            );
        }
        Shown::Data(tasks) => {
            let title = format!("{title} ({})", task_table::counts(tasks));
            let note = task_table::note(tasks, cursor, TableKind::ClusterTasks);
            let inner = panel::boxed(frame, area, theme, &title, &note);
            let laid = screen.columns(state, tasks, inner.width);
            let view = (cursor, TableKind::ClusterTasks);
            task_table::draw(frame, inner, tasks, view, &laid, state, theme);
        }
    }
}
