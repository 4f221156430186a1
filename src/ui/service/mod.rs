//! One service in detail: summary, deployments, target health, events and its tasks (where the cursor moves).

mod deployments;
mod events;
mod summary;
mod targets;
mod tasks;

use crate::app::ServiceScreen;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use crate::app::layout::service_wants;
use crate::app::{Pane, Resource, Screen, ServicePanes, State, TableView};
use crate::backend::BackendError;
use crate::model::arn_name;
use crate::ui::widgets::{message, panel};
use crate::ui::Theme;

pub use crate::geometry::service::{service_areas as areas, ServiceAreas, Wants};

/// Draw the service screen on top of the navigation stack (nothing if another screen is on top).
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Screen::Service(screen) = state.screen() else {
        return;
    };
    let ServiceScreen {
        cluster_arn,
        service_arn,
        service_name,
        panes,
        ..
    } = screen;
    let title = format!("Service {service_name}");
    let what = format!("service {service_name}");
    let Some(service) = state.service(cluster_arn, service_arn) else {
        let inner = panel::boxed(frame, area, theme, &title, "");
        let row = state.status(&Resource::Service {
            cluster_arn: cluster_arn.clone(),
            service_arn: service_arn.clone(),
        });
        return match row.and_then(|r| r.error.as_ref()) {
            Some(BackendError::NotFound { .. }) => {
                message::draw(frame, inner, gone(cluster_arn, service_name, theme))
            }
            Some(e) => message::draw(frame, inner, message::failed(&what, e, theme)),
            // Read, and neither described nor failed: ECS said nothing of it.
            None if row.is_some_and(|r| r.fetched_at.is_some() && !r.in_flight) => {
                message::draw(frame, inner, gone(cluster_arn, service_name, theme))
            }
            None => message::draw(frame, inner, message::loading(&what, theme)),
        };
    };
    let a = areas(area, &service_wants(state, screen));
    let tasks = state
        .tasks_of(cluster_arn, service_name)
        .and_then(|l| l.data.as_deref())
        .unwrap_or_default();
    let resources = summary::resources(state, service, theme);
    summary::draw(frame, a.summary, service, tasks, resources, theme);
    deployments::draw(frame, a.deployments, state, service, panes, theme);
    targets::draw(frame, a.targets, state, service, panes, theme);
    events::draw(frame, a.events, state, service, panes, theme);
    tasks::draw(
        frame,
        a.tasks,
        state,
        service,
        panes.focus == Pane::Tasks,
        theme,
    );
}

/// A pane's cursor as the table widget draws one, while the pane has the focus.
fn pane_view(panes: &ServicePanes, pane: Pane) -> Option<TableView> {
    let cursor = panes.cursor(pane).filter(|_| panes.focus == pane)?;
    Some(TableView {
        selected: cursor.selected,
        offset: cursor.offset,
        ..TableView::default()
    })
}

fn gone(cluster_arn: &str, service_name: &str, theme: &Theme) -> Vec<Line<'static>> {
    let headline = format!(
        "{service_name} is not in {} any more.",
        arn_name(cluster_arn)
    );
    let meaning = "It was deleted, or it became INACTIVE. Press esc to go back to the services.";
    message::empty(headline, meaning, theme)
}
