//! The clusters list: where every session starts. Below it, the selected cluster's capacity.

use super::{ScreenSpec, ServicesScreen, TableView};
use crate::app::console::url;
use crate::app::explore::Open;
use crate::app::needs::Need;
use crate::app::table::{Rows, TableKind};
use crate::app::{Resource, State};
use crate::config::keymap::Context;
use crate::model::arn_name;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClustersScreen {
    pub cursor: TableView,
}

impl ScreenSpec for ClustersScreen {
    fn title(&self) -> &'static str {
        "clusters"
    }

    fn crumb(&self) -> String {
        "clusters".to_string()
    }

    fn context(&self) -> Context {
        Context::Clusters
    }

    table_cursor!();

    fn cluster_arn(&self) -> Option<&str> {
        self.cursor.selected_key.as_deref()
    }

    fn needs(&self, state: &State) -> Vec<Need> {
        let mut needs = vec![Need::Whole {
            resource: Resource::Clusters,
            interval_ms: state.refresh.list_ms,
        }];
        // The selected cluster's capacity, spelled out below the list, once the cursor rests on it.
        let selected = self
            .cursor
            .selected_key
            .as_deref()
            .filter(|arn| state.resting_on.as_deref() == Some(*arn))
            .and_then(|arn| state.cluster(arn));
        if let Some(cluster) = selected {
            needs.extend(crate::app::explore::capacity::needs(state, cluster));
        }
        needs
    }

    fn table_kind(&self) -> Option<TableKind> {
        Some(TableKind::Clusters)
    }

    fn rows<'a>(&'a self, state: &'a State) -> Option<Rows<'a>> {
        let clusters = &state.session.cache.clusters;
        Some(Rows::Clusters(clusters.data.as_deref().unwrap_or_default()))
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(Open::Screen(
            ServicesScreen {
                cluster_arn: key.to_string(),
                cursor: TableView::default(),
            }
            .into(),
        ))
    }

    fn console_url(&self, region: &str, selected: Option<&str>) -> Option<String> {
        selected.map(|c| url(region, arn_name(c), None))
    }
}
