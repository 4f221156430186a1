//! A service's resources: CPU and memory, what its target groups saw of the requests (count, response
//! time, 5xx, healthy targets) over 1 h, 6 h, 24 h or 7 d with each deployment's start marked, the alarms
//! on those metrics, and its auto scaling (range, policies, scheduled actions, activities). No table: the
//! cursor scrolls the text below the charts.

use super::ScreenSpec;
use crate::app::console::{url, ConsoleItem};
use crate::app::explore::read::{self, got, Got};
use crate::app::explore::{Read, TargetGroupScope};
use crate::app::needs::Need;
use crate::app::{service_metrics, Resource, ServiceKey, State};
use crate::config::keymap::Context;
use crate::model::{arn_name, MetricId, MetricRange, Service};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsScreen {
    pub cluster_arn: String,
    pub service_arn: String,
    pub range: MetricRange,
    /// The first line of the text below the charts that is drawn.
    pub scroll: usize,
}

impl MetricsScreen {
    pub fn new(cluster_arn: String, service_arn: String) -> MetricsScreen {
        MetricsScreen {
            cluster_arn,
            service_arn,
            range: MetricRange::default(),
            scroll: 0,
        }
    }

    pub fn service<'a>(&self, state: &'a State) -> Option<&'a Service> {
        state.service(&self.cluster_arn, &self.service_arn)
    }

    pub fn service_name(&self) -> &str {
        arn_name(&self.service_arn)
    }

    fn key(&self) -> ServiceKey {
        ServiceKey {
            cluster_arn: self.cluster_arn.clone(),
            service_name: self.service_name().to_string(),
        }
    }

    /// The service's target groups' read (for their load balancers: CloudWatch names a target group's
    /// metrics by both).
    pub fn groups_read(service: &Service) -> Option<Read> {
        let arns: Vec<String> = service.target_groups().map(str::to_string).collect();
        (!arns.is_empty()).then_some(Read::TargetGroups(TargetGroupScope::Arns(arns)))
    }

    /// The metrics its charts show, once the target groups' load balancers are known (or could not be:
    /// then the service's own); `None` while they are read.
    pub fn metric_ids(&self, state: &State) -> Option<Vec<MetricId>> {
        let service = self.service(state)?;
        let groups = match Self::groups_read(service) {
            None => Vec::new(),
            Some(read) => match got(state, &read, read::target_groups) {
                Got::Loading => return None,
                Got::Failed(_) => Vec::new(),
                Got::Data(groups) => groups
                    .iter()
                    .filter_map(|g| Some((g.arn.clone(), g.load_balancer_arns.first()?.clone())))
                    .collect(),
            },
        };
        Some(service_metric_ids(service, &groups))
    }

    pub fn metrics_read(&self, state: &State) -> Option<Read> {
        Some(Read::Metrics {
            metrics: self.metric_ids(state)?,
            range: self.range,
        })
    }

    pub fn alarms_read(&self, state: &State) -> Option<Read> {
        Some(Read::AlarmsFor {
            metrics: self.metric_ids(state)?,
        })
    }

    /// At most how many lines the text below the charts takes (each long text wrapped at a narrow 40
    /// columns): how far j/PageDown may scroll, so that k comes straight back from the end.
    pub fn text_bound(&self, state: &State) -> usize {
        let wrapped = |text: &str| text.chars().count() / 40 + 1;
        let alarms = self
            .alarms_read(state)
            .and_then(|r| match got(state, &r, read::alarms) {
                Got::Data(a) => Some(a.iter().map(|a| 1 + wrapped(&a.reason)).sum::<usize>()),
                _ => None,
            })
            .unwrap_or(1);
        let scaling = match got(state, &self.scaling_read(), read::scaling) {
            Got::Data(s) => {
                let policies: usize = s.policies.iter().map(|p| wrapped(&p.text())).sum();
                let activities: usize = (s.activities.iter())
                    .map(|a| 1 + wrapped(&a.cause) + a.status_message.as_deref().map_or(0, wrapped))
                    .sum();
                policies + s.scheduled.len() * 2 + activities
            }
            _ => 2,
        };
        // Headings, blank lines, the range.
        8 + alarms + scaling
    }

    pub fn scaling_read(&self) -> Read {
        Read::Scaling {
            cluster_arn: self.cluster_arn.clone(),
            service: self.service_name().to_string(),
        }
    }
}

use service_metrics::service_metric_ids;

impl ScreenSpec for MetricsScreen {
    fn title(&self) -> &'static str {
        "metrics"
    }

    fn crumb(&self) -> String {
        format!("{} metrics {}", self.service_name(), self.range.label())
    }

    fn context(&self) -> Context {
        Context::Metrics
    }

    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        Some(&self.service_arn)
    }

    fn needs(&self, state: &State) -> Vec<Need> {
        let policy = state.refresh;
        let mut needs = vec![
            Need::Services {
                cluster_arn: self.cluster_arn.clone(),
                on_screen: vec![self.service_arn.clone()],
                interval_ms: policy.detail_ms,
                all_rows: false,
                listing: false,
            },
            // Each deployment's start is marked on the charts; the screen also says what scaling does.
            Need::Whole {
                resource: Resource::Deployments(self.key()),
                interval_ms: policy.list_ms,
            },
            Need::Whole {
                resource: Resource::Explore(self.scaling_read()),
                interval_ms: policy.list_ms,
            },
        ];
        let Some(service) = self.service(state) else {
            return needs;
        };
        if let Some(read) = Self::groups_read(service) {
            needs.push(Need::Once(Resource::Explore(read)));
        }
        if !policy.metrics.enabled {
            return needs;
        }
        // A longer range has longer periods: its newest point changes no faster than a period.
        let period_ms = self.range.period_secs() * 1000;
        let interval_ms = policy.metrics.interval_ms.max(period_ms);
        needs.extend(self.metrics_read(state).map(|read| Need::Whole {
            resource: Resource::Explore(read),
            interval_ms,
        }));
        needs.extend(self.alarms_read(state).map(|read| Need::Whole {
            resource: Resource::Explore(read),
            interval_ms: policy.metrics.interval_ms,
        }));
        needs
    }

    fn console_url(&self, region: &str, _selected: Option<&str>) -> Option<String> {
        let item = ConsoleItem::Service(self.service_name());
        Some(url(region, arn_name(&self.cluster_arn), Some(item)))
    }
}
