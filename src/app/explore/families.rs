//! `:td`: every task-definition family with an ACTIVE revision, with what wharf already knows of each.

use std::collections::HashMap;

use super::read::{families, got, Read};
use super::revisions::Revisions;
use super::row::{fill, fit, number, Cell, ViewColumn, ViewRow};
use super::{Empty, Listing, Open, Table, View, ViewSpec};
use crate::app::needs::Need;
use crate::app::table::{col, SortColumn};
use crate::app::{Resource, State};
use crate::model::{family_of, TaskDefinition};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Families;

const COLUMNS: &[ViewColumn] = &[
    fit("FAMILY", 48),
    number("NEWEST", 6),
    number("SERVICES", 8),
    fill("IMAGES").optional(),
];

const SORT: &[SortColumn] = &[col("FAMILY", false), col("SERVICES", true)];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

impl ViewSpec for Families {
    fn title(&self) -> String {
        "Task definition families".into()
    }

    fn crumb(&self) -> String {
        "task definitions".into()
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    /// The list, and the newest revision of each family on screen, described once (DescribeTaskDefinition
    /// takes a family for its newest ACTIVE revision): NEWEST and IMAGES fill in without opening each.
    fn source(&self) -> Resource {
        Resource::Explore(Read::Families)
    }

    fn needs(&self, state: &State, on_screen: &[&str]) -> Vec<Need> {
        let mut needs = vec![self.source_need(state)];
        needs.extend(on_screen.iter().map(|family| {
            Need::Once(Resource::TaskDefinition {
                arn: family.to_string(),
            })
        }));
        needs
    }

    fn rows(&self, state: &State) -> Listing {
        Listing::of(got(state, &Read::Families, families), |names| {
            let newest = newest_known(state);
            let users = services_by_family(state);
            Listing::Rows(
                names
                    .iter()
                    .map(|f| row(f, newest.get(f.as_str()), users.get(f.as_str())))
                    .collect(),
            )
        })
    }

    fn empty(&self, state: &State) -> Empty {
        Empty {
            headline: format!("No task definitions in {}.", state.session.info.region),
            meaning:
                "A task definition describes a task's containers; every service and task runs one. \
                      None is registered here (or none is ACTIVE)."
                    .into(),
        }
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(
            View::Revisions(Revisions {
                family: key.to_string(),
            })
            .open(),
        )
    }
}

/// The newest revision of each family among those already described (no read for this).
fn newest_known(state: &State) -> HashMap<&str, &TaskDefinition> {
    let mut newest: HashMap<&str, &TaskDefinition> = HashMap::new();
    for td in state
        .session
        .cache
        .task_definitions
        .values()
        .filter_map(|l| l.data.as_ref())
    {
        let entry = newest.entry(td.family.as_str()).or_insert(td);
        if td.revision > entry.revision {
            *entry = td;
        }
    }
    newest
}

/// How many services already read run each family.
fn services_by_family(state: &State) -> HashMap<&str, usize> {
    let mut users = HashMap::new();
    for table in state.session.cache.services.values() {
        for s in table.data.iter().flat_map(|t| t.rows()) {
            *users.entry(family_of(&s.task_definition)).or_default() += 1;
        }
    }
    users
}

fn row(family: &str, newest: Option<&&TaskDefinition>, users: Option<&usize>) -> ViewRow {
    let (revision, images) = match newest {
        Some(td) => (
            Cell::count(td.revision),
            Cell::muted(
                td.containers
                    .iter()
                    .map(|c| c.image.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
        None => (Cell::muted(""), Cell::muted("")),
    };
    let users = match users {
        Some(n) => Cell::count(*n as i64),
        None => Cell::muted(""),
    };
    ViewRow::new(family, vec![Cell::text(family), revision, users, images])
}
