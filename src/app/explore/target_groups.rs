//! Target groups (a load balancer's, a rule's or a service's), with how their targets are faring.

use super::read::{got, target_groups, Got, Read, TargetGroupScope};
use super::row::{fill, fit, fixed, number, Cell, Tone, ViewColumn, ViewRow};
use super::{targets::Targets, Empty, Listing, Open, Table, View, ViewSpec};
use crate::app::needs::Need;
use crate::app::table::{col, SortColumn};
use crate::app::{Resource, State};
use crate::model::{TargetGroup, TargetState};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetGroups {
    pub scope: TargetGroupScope,
    /// Whose groups they are, for the title: `web-alb`, `rule 10`, `service web`.
    pub of: String,
}

/// Target health is read for at most this many groups at once (the first ones listed).
const HEALTH_READS: usize = 50;

const COLUMNS: &[ViewColumn] = &[
    fit("NAME", 32),
    fixed("PROTOCOL", 12),
    fixed("TYPE", 8).optional(),
    fill("HEALTH CHECK"),
    number("HEALTHY", 7),
    number("TARGETS", 7),
];

const SORT: &[SortColumn] = &[
    col("NAME", false),
    col("PROTOCOL", false),
    col("TYPE", false),
    col("HEALTHY", true),
    col("TARGETS", true),
];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

impl TargetGroups {
    fn read(&self) -> Read {
        Read::TargetGroups(self.scope.clone())
    }
}

impl ViewSpec for TargetGroups {
    fn title(&self) -> String {
        format!("Target groups of {}", self.of)
    }

    fn crumb(&self) -> String {
        "target groups".into()
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    fn source(&self) -> Resource {
        Resource::Explore(self.read())
    }

    fn needs(&self, state: &State, _on_screen: &[&str]) -> Vec<Need> {
        let interval_ms = state.refresh.list_ms;
        let mut needs = vec![self.source_need(state)];
        if let Got::Data(groups) = got(state, &self.read(), target_groups) {
            needs.extend(groups.iter().take(HEALTH_READS).map(|g| Need::Whole {
                resource: Resource::TargetHealth {
                    target_group_arn: g.arn.clone(),
                },
                interval_ms,
            }));
        }
        needs
    }

    fn rows(&self, state: &State) -> Listing {
        Listing::of(got(state, &self.read(), target_groups), |groups| {
            let mut groups: Vec<&TargetGroup> = groups.iter().collect();
            groups.sort_by(|a, b| a.name.cmp(&b.name));
            Listing::Rows(groups.into_iter().map(|g| row(state, g)).collect())
        })
    }

    fn empty(&self, _state: &State) -> Empty {
        Empty {
            headline: format!("No target groups for {}.", self.of),
            meaning: "Its listeners forward nowhere, or to groups that were deleted.".into(),
        }
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(
            View::Targets(Targets {
                target_group_arn: key.to_string(),
            })
            .open(),
        )
    }
}

fn row(state: &State, g: &TargetGroup) -> ViewRow {
    let health = state
        .session
        .cache
        .target_health
        .get(&g.arn)
        .and_then(|l| l.data.as_ref());
    let (healthy, total) = match health {
        Some(targets) => {
            let healthy = targets
                .iter()
                .filter(|t| t.state == TargetState::Healthy)
                .count();
            (
                Cell::Number(
                    healthy as i64,
                    if healthy < targets.len() {
                        Tone::Warn
                    } else {
                        Tone::Good
                    },
                ),
                Cell::count(targets.len() as i64),
            )
        }
        None => (Cell::muted("…"), Cell::muted("…")),
    };
    let check = g.health_check.text();
    ViewRow::new(
        g.arn.clone(),
        vec![
            Cell::text(g.name.clone()),
            Cell::text(format!("{} {}", g.protocol, g.port)),
            Cell::text(g.target_type.clone()),
            Cell::text(check),
            healthy,
            total,
        ],
    )
}
