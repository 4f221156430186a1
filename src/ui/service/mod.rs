//! One service in detail: summary, deployments, target health, events and its tasks (where the cursor moves).

mod deployments;
mod events;
mod summary;
mod targets;
mod tasks;

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use crate::app::{Screen, State};
use crate::backend::BackendError;
use crate::model::arn_name;
use crate::ui::widgets::{message, panel};
use crate::ui::Theme;

pub use crate::geometry::{service_areas as areas, tasks_table_area, ServiceAreas};

/// Draw the service screen on top of the navigation stack (nothing if another screen is on top).
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Screen::Service {
        cluster_arn,
        service_arn,
        service_name,
        ..
    } = state.screen()
    else {
        return;
    };
    let title = format!("Service {service_name}");
    let what = format!("service {service_name}");
    // The freshest copy: the service's own describe while on this screen, else its row in the list.
    let Some(service) = state.service(cluster_arn, service_arn) else {
        let inner = panel::boxed(frame, area, theme, &title, "");
        let detail = state.service_details.get(service_arn.as_str());
        let listed = state.services_of(cluster_arn);
        let error = detail
            .and_then(|d| d.error.as_ref())
            .or(listed.and_then(|l| l.error.as_ref()));
        let listed_without_it = listed.is_some_and(|l| l.data.is_some());
        return match error {
            Some(BackendError::NotFound { .. }) => {
                message::draw(frame, inner, gone(cluster_arn, service_name, theme))
            }
            Some(e) => message::draw(frame, inner, message::failed(&what, e, theme)),
            None if listed_without_it && detail.is_none_or(|d| !d.in_flight) => {
                message::draw(frame, inner, gone(cluster_arn, service_name, theme))
            }
            None => message::draw(frame, inner, message::loading(&what, theme)),
        };
    };
    let a = areas(area);
    summary::draw(frame, a.summary, service, theme);
    deployments::draw(frame, a.deployments, service, state.now, theme);
    targets::draw(frame, a.targets, state, service, theme);
    events::draw(frame, a.events, service, theme);
    tasks::draw(frame, a.tasks, state, service, theme);
}

fn gone(cluster_arn: &str, service_name: &str, theme: &Theme) -> Vec<Line<'static>> {
    let headline = format!(
        "{service_name} is not in {} any more.",
        arn_name(cluster_arn)
    );
    let meaning = "It was deleted, or it became INACTIVE. Press esc to go back to the services.";
    message::empty(headline, meaning, theme)
}
