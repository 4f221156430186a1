//! An exploring view on the stack: container instances, load balancers and what hangs off them, task
//! definitions, logs. The view (`explore::ViewSpec`) says what it reads and shows; this screen holds its
//! cursor and the rows built from the cache.

use super::{ScreenSpec, TableView};
use crate::app::console::url;
use crate::app::explore::{self, LogScope, Open, View, ViewRow};
use crate::app::needs::Need;
use crate::app::table::{Rows, TableKind};
use crate::app::State;
use crate::config::keymap::Context;
use crate::model::arn_name;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExploreScreen {
    /// Boxed: the views differ in size.
    pub view: Box<View>,
    pub cursor: TableView,
    /// The view's rows, built by `update` after every change (`explore::rebuild`).
    pub rows: Vec<ViewRow>,
}

impl ScreenSpec for ExploreScreen {
    fn title(&self) -> &'static str {
        "explore"
    }

    fn crumb(&self) -> String {
        self.view.spec().crumb()
    }

    fn context(&self) -> Context {
        Context::Explore
    }

    table_cursor!();

    fn cluster_arn(&self) -> Option<&str> {
        self.view.spec().cluster_arn()
    }

    fn needs(&self, state: &State) -> Vec<Need> {
        explore::needs(state, &self.view, &self.cursor, &self.rows)
    }

    fn table_kind(&self) -> Option<TableKind> {
        Some(TableKind::View(self.view.spec().sort_columns()))
    }

    fn rows<'a>(&'a self, _state: &'a State) -> Option<Rows<'a>> {
        Some(Rows::View(&self.rows, &self.view))
    }

    fn enter(&self, state: &State, key: &str) -> Option<Open> {
        self.view.spec().enter(state, key)
    }

    fn task_definition(&self, state: &State) -> Option<String> {
        let selected = self.cursor.selected_key.as_deref();
        self.view.spec().task_definition(state, selected)
    }

    fn logs(&self, state: &State) -> Option<(String, LogScope)> {
        self.view
            .spec()
            .logs(state, self.cursor.selected_key.as_deref())
    }

    fn console_url(&self, region: &str, _selected: Option<&str>) -> Option<String> {
        let cluster = self.view.spec().cluster_arn()?;
        Some(url(region, arn_name(cluster), None))
    }
}
