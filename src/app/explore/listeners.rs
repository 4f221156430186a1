//! A load balancer's listeners: where it takes traffic, and where its default action sends it.

use super::read::{got, listeners, Read};
use super::row::{fill, fixed, number, Cell, ViewColumn, ViewRow};
use super::{rules::Rules, Empty, Listing, Open, Table, View, ViewSpec};
use crate::app::table::{col, SortColumn};
use crate::app::{Resource, State};
use crate::model::{elb_name, Listener, RuleAction};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listeners {
    pub load_balancer_arn: String,
}

const COLUMNS: &[ViewColumn] = &[
    number("PORT", 6),
    fixed("PROTOCOL", 9),
    fill("DEFAULT ACTION"),
];

const SORT: &[SortColumn] = &[col("PORT", false), col("PROTOCOL", false)];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

impl Listeners {
    fn read(&self) -> Read {
        Read::Listeners {
            load_balancer_arn: self.load_balancer_arn.clone(),
        }
    }
}

impl ViewSpec for Listeners {
    fn title(&self) -> String {
        format!("Listeners of {}", elb_name(&self.load_balancer_arn))
    }

    fn crumb(&self) -> String {
        elb_name(&self.load_balancer_arn).to_string()
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    fn source(&self) -> Resource {
        Resource::Explore(self.read())
    }

    fn rows(&self, state: &State) -> Listing {
        Listing::of(got(state, &self.read(), listeners), |listeners| {
            let mut rows: Vec<&Listener> = listeners.iter().collect();
            rows.sort_by_key(|l| l.port);
            Listing::Rows(rows.into_iter().map(row).collect())
        })
    }

    fn empty(&self, _state: &State) -> Empty {
        Empty {
            headline: format!("{} has no listeners.", elb_name(&self.load_balancer_arn)),
            meaning: "A load balancer without a listener takes no traffic.".into(),
        }
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(
            View::Rules(Rules {
                listener_arn: key.to_string(),
                load_balancer_arn: self.load_balancer_arn.clone(),
            })
            .open(),
        )
    }
}

/// What a listener's or a rule's actions do, in order: `forward blue 90% green 10%`, `fixed 404`. Without
/// actions (an older answer), the groups it forwards to.
pub fn actions(actions: &[RuleAction], groups: &[String]) -> String {
    if actions.is_empty() {
        return forwards(groups);
    }
    actions
        .iter()
        .map(RuleAction::text)
        .collect::<Vec<_>>()
        .join(", then ")
}

/// `forward to web-tg`, `forward to blue, green`.
fn forwards(groups: &[String]) -> String {
    match groups {
        [] => "(no target group)".into(),
        groups => {
            let names: Vec<&str> = groups.iter().map(|g| elb_name(g)).collect();
            format!("forward to {}", names.join(", "))
        }
    }
}

fn row(l: &Listener) -> ViewRow {
    ViewRow::new(
        l.arn.clone(),
        vec![
            Cell::count(l.port),
            Cell::text(l.protocol.clone()),
            Cell::text(actions(&l.default_actions, &l.default_target_groups)),
        ],
    )
}
