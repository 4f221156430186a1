//! `:lb`: every load balancer of the region.

use super::read::{got, load_balancers, Read};
use super::row::{fill, fit, fixed, Cell, Tone, ViewColumn, ViewRow};
use super::{listeners::Listeners, Empty, Listing, Open, Table, View, ViewSpec};
use crate::app::table::{col, SortColumn};
use crate::app::{Resource, State};
use crate::model::{short_zone, LoadBalancer, LoadBalancerType};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadBalancers;

const COLUMNS: &[ViewColumn] = &[
    fit("NAME", 32),
    fixed("TYPE", 11).optional(),
    fixed("SCHEME", 15),
    fixed("STATE", 15),
    fixed("ZONES", 12).optional(),
    fill("DNS NAME"),
];

const SORT: &[SortColumn] = &[
    col("NAME", false),
    col("TYPE", false),
    col("SCHEME", false),
    col("STATE", false),
];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

impl ViewSpec for LoadBalancers {
    fn title(&self) -> String {
        "Load balancers".into()
    }

    fn crumb(&self) -> String {
        "load balancers".into()
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    fn source(&self) -> Resource {
        Resource::Explore(Read::LoadBalancers)
    }

    fn rows(&self, state: &State) -> Listing {
        Listing::of(got(state, &Read::LoadBalancers, load_balancers), |lbs| {
            let mut rows: Vec<ViewRow> = lbs.iter().map(row).collect();
            rows.sort_by(|a, b| a.cells[0].cmp_text(&b.cells[0]));
            Listing::Rows(rows)
        })
    }

    fn empty(&self, state: &State) -> Empty {
        Empty {
            headline: format!("No load balancers in {}.", state.session.info.region),
            meaning:
                "Services without a load balancer are reached some other way (Service Connect, \
                      service discovery) or not at all."
                    .into(),
        }
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(
            View::Listeners(Listeners {
                load_balancer_arn: key.to_string(),
            })
            .open(),
        )
    }
}

pub fn state_tone(state: &str) -> Tone {
    match state {
        "active" => Tone::Good,
        "provisioning" => Tone::Busy,
        "active_impaired" => Tone::Warn,
        _ => Tone::Bad,
    }
}

fn row(lb: &LoadBalancer) -> ViewRow {
    let kind = match lb.kind {
        LoadBalancerType::Application => "application",
        LoadBalancerType::Network => "network",
    };
    ViewRow::new(
        lb.arn.clone(),
        vec![
            Cell::text(lb.name.clone()),
            Cell::text(kind),
            Cell::text(lb.scheme.clone()),
            Cell::toned(lb.state.clone(), state_tone(&lb.state)),
            Cell::text(
                lb.availability_zones
                    .iter()
                    .map(|z| short_zone(z))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Cell::muted(lb.dns_name.clone()),
        ],
    )
}
