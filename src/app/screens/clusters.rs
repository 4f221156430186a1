//! The clusters list: where every session starts. Below it, the selected cluster's capacity.

use super::{ScreenSpec, ServicesScreen, TableView};
use crate::app::console::url;
use crate::app::explore::Open;
use crate::app::needs::Need;
use crate::app::table::columns::{fixed, name, number, Laid, ViewColumn};
use crate::app::table::{Rows, TableKind};
use crate::app::{Resource, State};
use crate::config::keymap::Context;
use crate::model::arn_name;
use crate::model::wrap::width;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClustersScreen {
    pub cursor: TableView,
}

/// The clusters table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterColumn {
    Name,
    Status,
    Capacity,
    Services,
    Running,
    Pending,
}

const COLUMNS: [(ClusterColumn, ViewColumn); 6] = [
    (ClusterColumn::Name, name("NAME", 12, u16::MAX)),
    (ClusterColumn::Status, fixed("STATUS", 16)),
    (ClusterColumn::Capacity, fixed("CAPACITY", 16)),
    (ClusterColumn::Services, number("SERVICES", 8)),
    (ClusterColumn::Running, number("RUNNING", 7)),
    (ClusterColumn::Pending, number("PENDING", 7)),
];

impl ClustersScreen {
    /// The table's columns, the names as wide as the longest cluster's.
    pub fn columns(&self, state: &State) -> Vec<Laid<ClusterColumn>> {
        let clusters = state.session.cache.clusters.data.as_deref();
        let longest = clusters
            .unwrap_or_default()
            .iter()
            .map(|c| width(&c.name))
            .max()
            .unwrap_or(0);
        COLUMNS
            .iter()
            .map(|&(id, column)| Laid::new(id, column.measured(longest)))
            .collect()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::table::Listed;
    use crate::model::Cluster;

    #[test]
    fn every_sort_column_has_its_header() {
        for by in Cluster::SORT_COLUMNS {
            assert!(
                COLUMNS.iter().any(|(_, c)| by.is_shown_by(c.title)),
                "{} has no column",
                by.label
            );
        }
    }
}
