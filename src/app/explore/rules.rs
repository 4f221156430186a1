//! A listener's rules, in the order the load balancer tries them, the default one last.

use super::listeners::actions;
use super::read::{got, rules, Got, Read};
use super::row::{fill, fixed, Cell, ViewColumn, ViewRow};
use super::{Empty, Listing, Open, Table, View, ViewSpec};
use crate::app::table::SortColumn;
use crate::app::{Resource, State};
use crate::model::{elb_name, ListenerRule};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub listener_arn: String,
    pub load_balancer_arn: String,
}

const COLUMNS: &[ViewColumn] = &[fixed("PRIORITY", 8), fill("CONDITIONS"), fill("ACTIONS")];

/// Rules are read in priority order: sorting them otherwise would misread them.
const SORT: &[SortColumn] = &[];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

impl Rules {
    fn read(&self) -> Read {
        Read::Rules {
            listener_arn: self.listener_arn.clone(),
        }
    }
}

impl ViewSpec for Rules {
    fn title(&self) -> String {
        format!(
            "Rules of a listener of {}",
            elb_name(&self.load_balancer_arn)
        )
    }

    fn crumb(&self) -> String {
        "rules".into()
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    fn source(&self) -> Resource {
        Resource::Explore(self.read())
    }

    fn rows(&self, state: &State) -> Listing {
        Listing::of(got(state, &self.read(), rules), |rules| {
            let mut rules: Vec<&ListenerRule> = rules.iter().collect();
            rules.sort_by_key(|r| (r.is_default, r.priority.parse::<u32>().unwrap_or(u32::MAX)));
            Listing::Rows(rules.into_iter().map(row).collect())
        })
    }

    fn empty(&self, _state: &State) -> Empty {
        Empty {
            headline: "This listener has no rules.".into(),
            meaning: "Every listener has a default rule; none came back. Refresh with r.".into(),
        }
    }

    fn enter(&self, state: &State, key: &str) -> Option<Open> {
        let Got::Data(rules) = got(state, &self.read(), rules) else {
            return None;
        };
        let rule = rules.iter().find(|r| r.arn == key)?;
        if rule.target_groups.is_empty() {
            // Nothing to open: say what the rule does instead, whole.
            return Some(Open::Text(crate::app::TextView {
                title: format!("rule {}", rule.priority),
                lines: vec![
                    format!("When: {}", rule.conditions_text()),
                    format!("Then: {}", actions(&rule.actions, &rule.target_groups)),
                    "It forwards to no target group, so there are no targets behind it.".into(),
                ],
                ..Default::default()
            }));
        }
        let of = format!("rule {}", rule.priority);
        Some(View::target_groups(rule.target_groups.clone(), of).open())
    }
}

fn row(r: &ListenerRule) -> ViewRow {
    ViewRow::new(
        r.arn.clone(),
        vec![
            Cell::text(r.priority.clone()),
            Cell::text(r.conditions_text()),
            Cell::text(actions(&r.actions, &r.target_groups)),
        ],
    )
}
