//! A cluster's services: a table of thousands of rows, its rows on screen read first.

use super::{ScreenSpec, ServiceScreen, TableView};
use crate::app::console::{url, ConsoleItem};
use crate::app::explore::{LogScope, Open, Read};
use crate::app::needs::Need;
use crate::app::table::columns::{
    at_least, fixed, give_way, name, number, Laid, ViewColumn, Width,
};
use crate::app::table::{Rows, TableKind};
use crate::app::{Resource, ServiceKey, State};
use crate::config::keymap::Context;
use crate::geometry::{self, MainTable};
use crate::model::arn_name;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicesScreen {
    pub cluster_arn: String,
    pub cursor: TableView,
}

/// The services table's columns. RUN/DES is RUNNING and DESIRED in one, where room is short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceColumn {
    Name,
    Status,
    Desired,
    Running,
    RunningOfDesired,
    Pending,
    Alerts,
    Rollout,
    Launch,
    TaskDefinition,
    /// The last minute's CPU and a sparkline of the hour, where `[metrics]` is on.
    Cpu,
    /// The last minute's CPU alone, where room is short.
    CpuNow,
    Memory,
    /// `auto 2–10`: Application Auto Scaling's range, where any service of the cluster has one.
    Scaling,
}

/// From this inner width on, the launch type shows and the counts have a column each.
const WIDE: u16 = 110;

/// At 80 columns what an on-call engineer scans for comes first; STATUS (nearly always ACTIVE, and a
/// draining service shows in ALERTS too) is the column that gives way.
const NARROW: [(ServiceColumn, ViewColumn); 8] = [
    (ServiceColumn::Name, name("NAME", 16, u16::MAX)),
    (ServiceColumn::RunningOfDesired, number("RUN/DES", 7)),
    (ServiceColumn::Pending, number("PEND", 4)),
    (ServiceColumn::Alerts, at_least("ALERTS (10m)", 14)),
    (ServiceColumn::TaskDefinition, fixed("TASK DEF", 14)),
    (ServiceColumn::Rollout, fixed("ROLLOUT", 13)),
    (ServiceColumn::CpuNow, number("CPU", 4)),
    (ServiceColumn::Status, fixed("STATUS", 10).optional()),
];

/// `43% ▂▃▅▇▆`: the last value and the hour in five steps.
const CPU_WIDTH: u16 = 10;

const WIDE_COLUMNS: [(ServiceColumn, ViewColumn); 12] = [
    (ServiceColumn::Name, name("NAME", 16, 40)),
    (ServiceColumn::Status, fixed("STATUS", 10)),
    (ServiceColumn::Desired, number("DESIRED", 7)),
    (ServiceColumn::Running, number("RUNNING", 7)),
    (ServiceColumn::Pending, number("PENDING", 7)),
    (ServiceColumn::Cpu, fixed("CPU", CPU_WIDTH).optional()),
    // Memory moves more slowly than CPU: its last value says enough here (the metrics screen charts it).
    (ServiceColumn::Memory, number("MEM", 4).optional()),
    // Takes the room that is left, from 38 columns up: what went wrong, and the span of a lifetime count
    // (the optional columns give way first).
    (ServiceColumn::Alerts, at_least("ALERTS (last 10 min)", 38)),
    (ServiceColumn::Rollout, fixed("ROLLOUT", 13)),
    (ServiceColumn::Scaling, fixed("AUTO SCALING", 13).optional()),
    (ServiceColumn::TaskDefinition, fixed("TASK DEFINITION", 16)),
    // The first to give way: the service's screen says it.
    (ServiceColumn::Launch, fixed("LAUNCH", 7).optional()),
];

impl ServicesScreen {
    /// The table's columns for an inner `width`: the names as wide as the longest (a very long one gives
    /// way before the alerts do) and, when wide, TASK DEFINITION as wide as the longest `family:revision`
    /// (up to 18, past which the family is cut), so that the alerts take the room left over.
    pub fn columns(&self, state: &State, width: u16) -> Vec<Laid<ServiceColumn>> {
        let table = state
            .services_of(&self.cluster_arn)
            .and_then(|l| l.data.as_ref());
        let summary = table.map(|t| t.summary());
        let longest = summary.map_or(0, |s| s.longest_name);
        let wide = width >= WIDE;
        let declared: &[(ServiceColumn, ViewColumn)] = if wide { &WIDE_COLUMNS } else { &NARROW };
        let metrics = state.refresh.metrics.enabled;
        let scaled = crate::app::service_metrics::cluster_scales(state, &self.cluster_arn);
        let laid = declared
            .iter()
            .filter(|(id, _)| match id {
                ServiceColumn::Cpu | ServiceColumn::CpuNow | ServiceColumn::Memory => metrics,
                ServiceColumn::Scaling => scaled,
                _ => true,
            })
            .map(|&(id, column)| {
                let column = match id {
                    ServiceColumn::TaskDefinition if wide => {
                        let td = summary.map_or(0, |s| s.longest_task_definition);
                        ViewColumn {
                            width: Width::Fixed(td.clamp(16, 18) as u16),
                            ..column
                        }
                    }
                    _ => column.measured(longest),
                };
                Laid::new(id, column)
            })
            .collect();
        give_way(laid, width)
    }

    /// The ARNs of the rows on screen, top to bottom.
    fn rows_on_screen(&self, state: &State) -> Vec<String> {
        let rows = state.service_rows(&self.cluster_arn);
        let height = geometry::body_rows(state.size, &MainTable::Boxed).max(1);
        self.cursor
            .rows
            .iter()
            .skip(self.cursor.offset)
            .take(height)
            .filter_map(|&i| rows.get(i).map(|s| s.arn.clone()))
            .collect()
    }
}

impl ScreenSpec for ServicesScreen {
    fn title(&self) -> &'static str {
        "services"
    }

    fn crumb(&self) -> String {
        arn_name(&self.cluster_arn).to_string()
    }

    fn context(&self) -> Context {
        Context::Services
    }

    table_cursor!();

    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        self.cursor.selected_key.as_deref()
    }

    fn needs(&self, state: &State) -> Vec<Need> {
        let interval_ms = state.refresh.list_ms;
        let on_screen = self.rows_on_screen(state);
        // A deployment that pause hooks may hold: its history says whether one waits for approval.
        let held: Vec<Need> = on_screen
            .iter()
            .filter_map(|arn| state.service(&self.cluster_arn, arn))
            .filter(|s| s.deployment_configuration.pause_hooks > 0 && s.is_deploying())
            .map(|s| Need::Whole {
                resource: Resource::Deployments(ServiceKey {
                    cluster_arn: self.cluster_arn.clone(),
                    service_name: s.name.clone(),
                }),
                interval_ms,
            })
            .collect();
        let metrics = state.refresh.metrics;
        let loads = metrics.enabled.then(|| Need::Loads {
            cluster_arn: self.cluster_arn.clone(),
            names: on_screen
                .iter()
                .map(|arn| arn_name(arn).to_string())
                .collect(),
            interval_ms: metrics.interval_ms,
        });
        let mut needs = vec![Need::Services {
            cluster_arn: self.cluster_arn.clone(),
            on_screen,
            interval_ms,
            all_rows: true,
            listing: true,
        }];
        needs.extend(held);
        needs.extend(loads);
        // What auto scaling does (`auto 2–10`) and which alarms fire (ALERTS), for the whole region.
        needs.push(Need::Whole {
            resource: Resource::Explore(Read::ScalableTargets),
            interval_ms: state.refresh.listing_ms,
        });
        if metrics.enabled {
            needs.push(Need::Whole {
                resource: Resource::Explore(Read::FiringAlarms),
                interval_ms: metrics.interval_ms,
            });
        }
        needs
    }

    fn table_kind(&self) -> Option<TableKind> {
        Some(TableKind::Services)
    }

    fn rows<'a>(&'a self, state: &'a State) -> Option<Rows<'a>> {
        Some(Rows::Services(state.service_rows(&self.cluster_arn)))
    }

    fn enter(&self, _state: &State, key: &str) -> Option<Open> {
        Some(Open::Screen(
            ServiceScreen::new(self.cluster_arn.clone(), key.to_string()).into(),
        ))
    }

    fn task_definition(&self, state: &State) -> Option<String> {
        let service = state.service(&self.cluster_arn, self.service_arn()?)?;
        Some(service.task_definition.clone())
    }

    fn logs(&self, state: &State) -> Option<(String, LogScope)> {
        let service = state.service(&self.cluster_arn, self.service_arn()?)?;
        let service_name = service.name.clone();
        Some((self.cluster_arn.clone(), LogScope::Service { service_name }))
    }

    fn console_url(&self, region: &str, selected: Option<&str>) -> Option<String> {
        selected.map(|s| {
            let item = ConsoleItem::Service(arn_name(s));
            url(region, arn_name(&self.cluster_arn), Some(item))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::table::Listed;
    use crate::model::Service;

    #[test]
    fn every_sort_column_has_its_header_in_both_layouts() {
        for by in Service::SORT_COLUMNS {
            assert!(
                WIDE_COLUMNS.iter().any(|(_, c)| by.is_shown_by(c.title)),
                "{} has no wide column",
                by.label
            );
        }
        // The narrow layout leaves out DESIRED (in RUN/DES) and LAUNCH, and shows the rest.
        let narrow: Vec<&str> = Service::SORT_COLUMNS
            .iter()
            .filter(|by| NARROW.iter().any(|(_, c)| by.is_shown_by(c.title)))
            .map(|by| by.label)
            .collect();
        assert_eq!(
            narrow,
            [
                "NAME",
                "STATUS",
                "RUNNING",
                "PENDING",
                "ALERTS",
                "ROLLOUT",
                "TASK DEFINITION"
            ]
        );
    }
}
