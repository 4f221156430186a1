//! A cluster's services: a table of thousands of rows, its rows on screen read first.

use super::{ScreenSpec, ServiceScreen, TableView};
use crate::app::console::{url, ConsoleItem};
use crate::app::explore::{LogScope, Open};
use crate::app::needs::Need;
use crate::app::table::{Rows, TableKind};
use crate::app::{Resource, ServiceKey, State};
use crate::config::keymap::Context;
use crate::geometry::{self, MainTable};
use crate::model::arn_name;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicesScreen {
    pub cluster_arn: String,
    pub cursor: TableView,
}

impl ServicesScreen {
    /// The ARNs of the rows on screen, top to bottom.
    fn rows_on_screen(&self, state: &State) -> Vec<String> {
        let rows = state.service_rows(&self.cluster_arn);
        let height = geometry::body_rows(state.size, &MainTable::Boxed).max(1);
        self.cursor
            .rows
            .iter()
            .skip(self.cursor.offset)
            .take(height)
            .filter_map(|&i| rows.get(i).map(|s| s.arn.clone()))
            .collect()
    }
}

impl ScreenSpec for ServicesScreen {
    fn title(&self) -> &'static str {
        "services"
    }

    fn crumb(&self) -> String {
        arn_name(&self.cluster_arn).to_string()
    }

    fn context(&self) -> Context {
        Context::Services
    }

    table_cursor!();

    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        self.cursor.selected_key.as_deref()
    }

    fn needs(&self, state: &State) -> Vec<Need> {
        let interval_ms = state.refresh.list_ms;
        let on_screen = self.rows_on_screen(state);
        // A deployment that pause hooks may hold: its history says whether one waits for approval.
        let held: Vec<Need> = on_screen
            .iter()
            .filter_map(|arn| state.service(&self.cluster_arn, arn))
            .filter(|s| s.deployment_configuration.pause_hooks > 0 && s.is_deploying())
            .map(|s| Need::Whole {
                resource: Resource::Deployments(ServiceKey {
                    cluster_arn: self.cluster_arn.clone(),
                    service_name: s.name.clone(),
                }),
                interval_ms,
            })
            .collect();
        let mut needs = vec![Need::Services {
            cluster_arn: self.cluster_arn.clone(),
            on_screen,
            interval_ms,
            all_rows: true,
            listing: true,
        }];
        needs.extend(held);
        needs
    }

    fn table_kind(&self) -> Option<TableKind> {
        Some(TableKind::Services)
    }

    fn rows<'a>(&'a self, state: &'a State) -> Option<Rows<'a>> {
        Some(Rows::Services(state.service_rows(&self.cluster_arn)))
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(Open::Screen(
            ServiceScreen::new(self.cluster_arn.clone(), key.to_string()).into(),
        ))
    }

    fn task_definition(&self, state: &State) -> Option<String> {
        let service = state.service(&self.cluster_arn, self.service_arn()?)?;
        Some(service.task_definition.clone())
    }

    fn logs(&self, state: &State) -> Option<(String, LogScope)> {
        let service = state.service(&self.cluster_arn, self.service_arn()?)?;
        let service_name = service.name.clone();
        Some((self.cluster_arn.clone(), LogScope::Service { service_name }))
    }

    fn console_url(&self, region: &str, selected: Option<&str>) -> Option<String> {
        selected.map(|s| {
            let item = ConsoleItem::Service(arn_name(s));
            url(region, arn_name(&self.cluster_arn), Some(item))
        })
    }
}
