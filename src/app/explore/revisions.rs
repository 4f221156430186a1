//! A family's revisions, newest first, of every status. Each revision on screen is described once (they
//! never change); Enter shows one as JSON, `d` what changed from the one before or between two marked ones.

use super::definition_text;
use super::read::{family_revisions, got, Read};
use super::row::{fill, fixed, number, Cell, Tone, ViewColumn, ViewRow};
use super::{Empty, Listing, Open, Table, ViewSpec};
use crate::app::needs::Need;
use crate::app::table::{col, SortColumn};
use crate::app::{Resource, State};
use crate::model::{RevisionRef, RevisionStatus, TaskDefinition};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revisions {
    pub family: String,
}

const COLUMNS: &[ViewColumn] = &[
    number("REV", 5),
    fixed("STATUS", 18),
    fixed("REGISTERED", 12).optional(),
    number("CPU", 5),
    number("MEMORY", 6),
    fill("IMAGES"),
];

const SORT: &[SortColumn] = &[col("REV", true), col("STATUS", false)];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

impl Revisions {
    fn read(&self) -> Read {
        Read::FamilyRevisions {
            family: self.family.clone(),
        }
    }
}

impl ViewSpec for Revisions {
    fn task_definition(&self, _state: &State, selected: Option<&str>) -> Option<String> {
        selected.map(str::to_string)
    }

    fn title(&self) -> String {
        format!("Revisions of {}", self.family)
    }

    fn crumb(&self) -> String {
        self.family.clone()
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    /// The list, and each revision on screen described once.
    fn source(&self) -> Resource {
        Resource::Explore(self.read())
    }

    fn needs(&self, state: &State, on_screen: &[&str]) -> Vec<Need> {
        let mut needs = vec![self.source_need(state)];
        needs.extend(on_screen.iter().map(|arn| {
            Need::Once(Resource::TaskDefinition {
                arn: arn.to_string(),
            })
        }));
        needs
    }

    fn rows(&self, state: &State) -> Listing {
        Listing::of(got(state, &self.read(), family_revisions), |revisions| {
            Listing::Rows(
                revisions
                    .iter()
                    .map(|r| {
                        let td = state
                            .session
                            .cache
                            .task_definitions
                            .get(&r.arn)
                            .and_then(|l| l.data.as_ref());
                        row(r, td)
                    })
                    .collect(),
            )
        })
    }

    fn empty(&self, _state: &State) -> Empty {
        Empty {
            headline: format!("{} has no revisions.", self.family),
            meaning:
                "No family of that name is registered in this region, or every revision of it was \
                      deleted. :td lists the families."
                    .into(),
        }
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(Open::Text(definition_text::revision(key)))
    }
}

fn status_cell(status: RevisionStatus) -> Cell {
    let tone = match status {
        RevisionStatus::Active => Tone::Good,
        RevisionStatus::Inactive => Tone::Muted,
        RevisionStatus::DeleteInProgress => Tone::Warn,
    };
    Cell::toned(status.as_str(), tone)
}

fn row(r: &RevisionRef, td: Option<&TaskDefinition>) -> ViewRow {
    let mut cells = vec![Cell::count(r.revision), status_cell(r.status)];
    match td {
        Some(td) => {
            cells.push(Cell::When(td.registered_at));
            cells.push(td.cpu.map_or(Cell::muted("—"), Cell::count));
            cells.push(td.memory.map_or(Cell::muted("—"), Cell::count));
            cells.push(Cell::text(
                td.containers
                    .iter()
                    .map(|c| c.image.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
        }
        None => {
            cells.push(Cell::When(None));
            cells.extend([Cell::muted("…"), Cell::muted("…"), Cell::muted("…")]);
        }
    }
    ViewRow::new(r.arn.clone(), cells)
}
