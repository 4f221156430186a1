//! The exploring views: capacity, load balancers and (later) task definitions, each a table of rows the view
//! builds from the cache. One `Screen::Explore` holds any of them; each view is one file that says what it
//! reads, its columns, its rows and what Enter opens (`ViewSpec`), and one arm in `View::spec`.

mod balancers;
pub mod capacity;
pub mod definition_text;
mod families;
mod instance_tasks;
mod instances;
pub mod jumps;
mod listeners;
pub mod log_jumps;
mod log_lines;
pub mod logs;
pub mod read;
mod revisions;
pub mod row;
mod rules;
mod target_groups;
mod targets;

pub use instances::instance_of;
pub use logs::{LogScope, LogSource, Logs};
pub use read::{Explored, LogLines, Read, TargetGroupScope};
pub use row::{Cell, Tone, ViewColumn, ViewRow, Width};

use super::needs::Need;
use super::table::SortColumn;
use super::{RefreshPolicy, Resource, Screen, State, TableView, TextView};
use crate::app::ExploreScreen;
use crate::backend::BackendError;

/// Which exploring view a screen shows, with what it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Instances(instances::Instances),
    InstanceTasks(instance_tasks::InstanceTasks),
    LoadBalancers(balancers::LoadBalancers),
    Listeners(listeners::Listeners),
    Rules(rules::Rules),
    TargetGroups(target_groups::TargetGroups),
    Targets(targets::Targets),
    Families(families::Families),
    Revisions(revisions::Revisions),
    Logs(logs::Logs),
}

/// What Enter opens: a screen over this one, or a text over it (a revision's JSON).
pub enum Open {
    Screen(Screen),
    Text(TextView),
}

/// The rows a view has to show, or why it has none.
pub enum Listing {
    Loading,
    Failed(BackendError),
    Rows(Vec<ViewRow>),
}

impl Listing {
    /// The listing of a read: loading and failing as they are, the data made into rows by `rows`.
    pub fn of<'a, T: ?Sized>(
        got: read::Got<'a, T>,
        rows: impl FnOnce(&'a T) -> Listing,
    ) -> Listing {
        match got {
            read::Got::Loading => Listing::Loading,
            read::Got::Failed(e) => Listing::Failed(e.clone()),
            read::Got::Data(data) => rows(data),
        }
    }
}

/// A view's table, declared once as a `const` in its module: its columns, and the ones it sorts by (a
/// subset of them, by title).
pub struct Table {
    pub columns: &'static [ViewColumn],
    pub sort: &'static [SortColumn],
}

/// What an empty table says: a headline and what it means.
pub struct Empty {
    pub headline: String,
    pub meaning: String,
}

/// One exploring view.
pub trait ViewSpec {
    /// The table's title, without its count: `Load balancers`, `Listeners of web-alb`.
    fn title(&self) -> String;
    /// Its step in the breadcrumb.
    fn crumb(&self) -> String;
    /// Its columns and the ones it sorts by, declared once in its module.
    fn table(&self) -> &'static Table;
    fn columns(&self) -> &'static [ViewColumn] {
        self.table().columns
    }
    fn sort_columns(&self) -> &'static [SortColumn] {
        self.table().sort
    }
    /// The resource its rows come from.
    fn source(&self) -> Resource;
    /// How often that is read: a list's pace unless it says otherwise.
    fn pace(&self, policy: &RefreshPolicy) -> i64 {
        policy.list_ms
    }
    /// Its source, read at its pace: what it reads first.
    fn source_need(&self, state: &State) -> Need {
        Need::Whole {
            resource: self.source(),
            interval_ms: self.pace(&state.refresh),
        }
    }
    /// What it reads and how often, most important first; `on_screen`: the keys of the rows on screen, top
    /// to bottom. Its source alone unless it reads more.
    fn needs(&self, state: &State, _on_screen: &[&str]) -> Vec<Need> {
        vec![self.source_need(state)]
    }
    fn rows(&self, state: &State) -> Listing;
    fn empty(&self, state: &State) -> Empty;
    /// What Enter opens on the row with `key`, if anything.
    fn enter(&self, state: &State, key: &str) -> Option<Open>;
    /// The task definition of the row with key `selected` (`:json`, `:diff`), if its rows have one.
    fn task_definition(&self, _state: &State, _selected: Option<&str>) -> Option<String> {
        None
    }
    /// The logs `L` opens on the row with key `selected`, and their cluster, if its rows have logs.
    fn logs(&self, _state: &State, _selected: Option<&str>) -> Option<(String, LogScope)> {
        None
    }
    /// The cluster it belongs to, if one: `:services` and the cleanup then mean that cluster.
    fn cluster_arn(&self) -> Option<&str> {
        None
    }
    /// Keep the cursor on the last row as rows arrive (logs being followed).
    fn follows(&self) -> bool {
        false
    }
    /// Show its fill column's long texts whole, over several rows (logs, when asked).
    fn wraps(&self) -> bool {
        false
    }
    /// Open with the cursor on the last row (logs: the newest line), until the user moves it.
    fn starts_at_end(&self) -> bool {
        false
    }
}

impl View {
    pub fn spec(&self) -> &dyn ViewSpec {
        match self {
            View::Instances(v) => v,
            View::InstanceTasks(v) => v,
            View::LoadBalancers(v) => v,
            View::Listeners(v) => v,
            View::Rules(v) => v,
            View::TargetGroups(v) => v,
            View::Targets(v) => v,
            View::Families(v) => v,
            View::Revisions(v) => v,
            View::Logs(v) => v,
        }
    }

    /// Enter's answer: a screen showing this view.
    pub fn open(self) -> Open {
        Open::Screen(self.screen())
    }

    /// A screen showing this view, its cursor at the top.
    pub fn screen(self) -> Screen {
        Screen::Explore(ExploreScreen {
            view: Box::new(self),
            cursor: TableView::default(),
            rows: Vec::new(),
        })
    }

    pub fn instances(cluster_arn: &str) -> View {
        View::Instances(instances::Instances {
            cluster_arn: cluster_arn.to_string(),
        })
    }

    pub fn families() -> View {
        View::Families(families::Families)
    }

    pub fn revisions(family: &str) -> View {
        View::Revisions(revisions::Revisions {
            family: family.to_string(),
        })
    }

    pub fn load_balancers() -> View {
        View::LoadBalancers(balancers::LoadBalancers)
    }

    /// A load balancer's target groups.
    pub fn load_balancer_groups(lb_arn: &str) -> View {
        View::TargetGroups(target_groups::TargetGroups {
            scope: TargetGroupScope::LoadBalancer(lb_arn.to_string()),
            of: crate::model::elb_name(lb_arn).to_string(),
        })
    }

    /// A set of target groups, named by ARN (a service's, a rule's).
    pub fn target_groups(arns: Vec<String>, of: String) -> View {
        View::TargetGroups(target_groups::TargetGroups {
            scope: TargetGroupScope::Arns(arns),
            of,
        })
    }
}

/// What an exploring screen reads (on top, or lower on the stack): its view's needs, given the rows on it.
pub fn needs(state: &State, view: &View, cursor: &TableView, rows: &[ViewRow]) -> Vec<Need> {
    // Its own height, wherever it is on the stack: exploring views are boxed tables.
    let height = crate::geometry::body_rows(state.size, &crate::geometry::MainTable::Boxed).max(1);
    let on_screen: Vec<&str> = cursor
        .rows
        .iter()
        .skip(cursor.offset)
        .take(height)
        .filter_map(|&i| rows.get(i).map(|r| r.key.as_str()))
        .collect();
    view.spec().needs(state, &on_screen)
}

/// Rebuild the rows of the exploring view on top, if one is: after every change, before its rows are
/// filtered and sorted, so that drawing and moving never build them.
pub fn rebuild(state: &mut State) {
    let Screen::Explore(ExploreScreen { view, .. }) = state.screen() else {
        return;
    };
    let fresh = match view.spec().rows(state) {
        Listing::Rows(rows) => rows,
        Listing::Loading | Listing::Failed(_) => Vec::new(),
    };
    let (follows, at_end) = (view.spec().follows(), view.spec().starts_at_end());
    if let Screen::Explore(ExploreScreen { rows, cursor, .. }) = state.screen_mut() {
        if follows || (at_end && !cursor.moved && !fresh.is_empty()) {
            // The newest line is the last: `reanchor` then keeps the cursor on it.
            cursor.selected_key = fresh.last().map(|r| r.key.clone());
            cursor.moved = true;
        }
        if *rows != fresh {
            *rows = fresh;
        }
    }
}
