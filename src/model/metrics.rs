//! CloudWatch metrics and alarms, as wharf charts and shows them (../shared/notes/metrics-scaling.md).

use super::{arn_name, Timestamp};

/// A metric wharf charts: a service's CPU and memory (AWS/ECS), and what its target groups saw of the
/// requests (AWS/ApplicationELB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MetricKind {
    Cpu,
    Memory,
    Requests,
    ResponseTime,
    Errors5xx,
    HealthyHosts,
}

/// How a metric's datapoints are summed up over a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistic {
    Average,
    Sum,
}

impl Statistic {
    pub fn as_str(self) -> &'static str {
        match self {
            Statistic::Average => "Average",
            Statistic::Sum => "Sum",
        }
    }
}

impl MetricKind {
    pub const SERVICE: [MetricKind; 2] = [MetricKind::Cpu, MetricKind::Memory];
    pub const TARGET_GROUP: [MetricKind; 4] = [
        MetricKind::Requests,
        MetricKind::ResponseTime,
        MetricKind::Errors5xx,
        MetricKind::HealthyHosts,
    ];

    pub fn namespace(self) -> &'static str {
        match self {
            MetricKind::Cpu | MetricKind::Memory => "AWS/ECS",
            _ => "AWS/ApplicationELB",
        }
    }

    pub fn metric_name(self) -> &'static str {
        match self {
            MetricKind::Cpu => "CPUUtilization",
            MetricKind::Memory => "MemoryUtilization",
            MetricKind::Requests => "RequestCount",
            MetricKind::ResponseTime => "TargetResponseTime",
            MetricKind::Errors5xx => "HTTPCode_Target_5XX_Count",
            MetricKind::HealthyHosts => "HealthyHostCount",
        }
    }

    /// The kind of a metric AWS names `name` in `namespace`.
    pub fn from_names(namespace: &str, name: &str) -> Option<MetricKind> {
        [MetricKind::SERVICE.as_slice(), &MetricKind::TARGET_GROUP]
            .concat()
            .into_iter()
            .find(|k| k.namespace() == namespace && k.metric_name() == name)
    }

    /// Counts are summed over a period; the rest averaged.
    pub fn statistic(self) -> Statistic {
        match self {
            MetricKind::Requests | MetricKind::Errors5xx => Statistic::Sum,
            _ => Statistic::Average,
        }
    }

    /// As a chart's title names it.
    pub fn label(self) -> &'static str {
        match self {
            MetricKind::Cpu => "CPU",
            MetricKind::Memory => "memory",
            MetricKind::Requests => "requests",
            MetricKind::ResponseTime => "response time",
            MetricKind::Errors5xx => "5xx",
            MetricKind::HealthyHosts => "healthy",
        }
    }

    /// A value as it reads: `43%`, `1,204`, `182 ms`.
    pub fn value_text(self, value: f64) -> String {
        match self {
            MetricKind::Cpu | MetricKind::Memory => format!("{value:.0}%"),
            MetricKind::ResponseTime if value < 1.0 => format!("{:.0} ms", value * 1000.0),
            MetricKind::ResponseTime => format!("{value:.2} s"),
            _ => format!("{value:.0}"),
        }
    }
}

/// Whose metric it is: a service, or a target group behind a load balancer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MetricOwner {
    Service {
        cluster: String,
        service: String,
    },
    /// CloudWatch's dimensions, the tails of the ARNs: `targetgroup/NAME/ID` and `app/NAME/ID`.
    TargetGroup {
        target_group: String,
        load_balancer: String,
    },
}

/// The tail of an ELB ARN that CloudWatch uses as its dimension (`…:targetgroup/web/73e2` ->
/// `targetgroup/web/73e2`, `…:loadbalancer/app/prod/50dc` -> `app/prod/50dc`).
pub fn elb_dimension(arn: &str) -> &str {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    resource.strip_prefix("loadbalancer/").unwrap_or(resource)
}

impl MetricOwner {
    pub fn service(cluster_arn: &str, service: &str) -> MetricOwner {
        MetricOwner::Service {
            cluster: arn_name(cluster_arn).to_string(),
            service: service.to_string(),
        }
    }

    pub fn target_group(target_group_arn: &str, load_balancer_arn: &str) -> MetricOwner {
        MetricOwner::TargetGroup {
            target_group: elb_dimension(target_group_arn).to_string(),
            load_balancer: elb_dimension(load_balancer_arn).to_string(),
        }
    }

    /// CloudWatch's dimensions, in the order AWS documents them.
    pub fn dimensions(&self) -> Vec<(&'static str, &str)> {
        match self {
            MetricOwner::Service { cluster, service } => {
                vec![("ClusterName", cluster), ("ServiceName", service)]
            }
            MetricOwner::TargetGroup {
                target_group,
                load_balancer,
            } => vec![
                ("TargetGroup", target_group),
                ("LoadBalancer", load_balancer),
            ],
        }
    }

    /// The owner named by a metric's dimensions, if they are a service's or a target group's.
    pub fn from_dimensions(dimensions: &[(String, String)]) -> Option<MetricOwner> {
        let get = |name: &str| {
            dimensions
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        match (get("ClusterName"), get("ServiceName")) {
            (Some(cluster), Some(service)) => Some(MetricOwner::Service { cluster, service }),
            _ => Some(MetricOwner::TargetGroup {
                target_group: get("TargetGroup")?,
                load_balancer: get("LoadBalancer").unwrap_or_default(),
            }),
        }
    }
}

/// One metric of one owner.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetricId {
    pub owner: MetricOwner,
    pub kind: MetricKind,
}

/// A metric's datapoints over a range, oldest first, one per period that had data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetricSeries {
    pub points: Vec<(Timestamp, f64)>,
}

impl MetricSeries {
    pub fn last(&self) -> Option<f64> {
        self.points.last().map(|(_, v)| *v)
    }

    pub fn max(&self) -> Option<f64> {
        self.points.iter().map(|(_, v)| *v).reduce(f64::max)
    }
}

/// A service's CPU and memory over the last hour: a services list row's figures and sparklines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceLoad {
    pub cpu: MetricSeries,
    pub memory: MetricSeries,
}

/// How far back a chart looks, and at what period (CloudWatch keeps 1-minute points for 15 days, 5-minute
/// ones for 63, hourly ones for 455).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum MetricRange {
    #[default]
    Hour,
    SixHours,
    Day,
    Week,
}

impl MetricRange {
    pub fn millis(self) -> i64 {
        const HOUR: i64 = 3_600_000;
        match self {
            MetricRange::Hour => HOUR,
            MetricRange::SixHours => 6 * HOUR,
            MetricRange::Day => 24 * HOUR,
            MetricRange::Week => 7 * 24 * HOUR,
        }
    }

    pub fn period_secs(self) -> i64 {
        match self {
            MetricRange::Hour => 60,
            MetricRange::SixHours | MetricRange::Day => 300,
            MetricRange::Week => 3600,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MetricRange::Hour => "1h",
            MetricRange::SixHours => "6h",
            MetricRange::Day => "24h",
            MetricRange::Week => "7d",
        }
    }

    /// The next one, as the range key steps through them.
    pub fn next(self) -> MetricRange {
        match self {
            MetricRange::Hour => MetricRange::SixHours,
            MetricRange::SixHours => MetricRange::Day,
            MetricRange::Day => MetricRange::Week,
            MetricRange::Week => MetricRange::Hour,
        }
    }

    /// The window it covers up to `now`, on whole periods (CloudWatch answers faster for aligned times).
    pub fn window(self, now: Timestamp) -> (Timestamp, Timestamp) {
        let period = self.period_secs() * 1000;
        let end = Timestamp(now.millis().div_euclid(period) * period + period);
        (end.plus_millis(-self.millis()), end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlarmState {
    Ok,
    Alarm,
    InsufficientData,
}

impl AlarmState {
    pub fn parse(text: &str) -> AlarmState {
        match text {
            "OK" => AlarmState::Ok,
            "ALARM" => AlarmState::Alarm,
            _ => AlarmState::InsufficientData,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

/// A CloudWatch metric alarm.
#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    pub name: String,
    pub state: AlarmState,
    /// AWS's words for the state (`Threshold Crossed: 3 datapoints [...] were greater than ...`).
    pub reason: String,
    pub changed_at: Option<Timestamp>,
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<(String, String)>,
    /// `CPUUtilization > 75 for 3 datapoints within 3 minutes`, as far as the alarm says.
    pub condition: String,
}

impl Alarm {
    /// Whose metric it watches, if a service's or a target group's.
    pub fn owner(&self) -> Option<MetricOwner> {
        MetricOwner::from_dimensions(&self.dimensions)
    }

    /// Does it watch a metric of this service (named in its cluster) or of one of its target groups?
    pub fn concerns(&self, cluster: &str, service: &str, target_group_arns: &[String]) -> bool {
        match self.owner() {
            Some(MetricOwner::Service {
                cluster: c,
                service: s,
            }) => c == cluster && s == service,
            Some(MetricOwner::TargetGroup { target_group, .. }) => target_group_arns
                .iter()
                .any(|arn| elb_dimension(arn) == target_group),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_are_the_tails_of_the_arns() {
        let tg = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/73e2d6bc24d8a067";
        let lb = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/prod/50dc6c495c0c9188";
        let owner = MetricOwner::target_group(tg, lb);
        assert_eq!(
            owner.dimensions(),
            vec![
                ("TargetGroup", "targetgroup/web/73e2d6bc24d8a067"),
                ("LoadBalancer", "app/prod/50dc6c495c0c9188")
            ]
        );
        let named: Vec<(String, String)> = owner
            .dimensions()
            .into_iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(MetricOwner::from_dimensions(&named), Some(owner));
    }

    #[test]
    fn an_alarm_concerns_its_service_or_its_target_groups() {
        let alarm = |dims: &[(&str, &str)]| Alarm {
            name: "a".into(),
            state: AlarmState::Alarm,
            reason: String::new(),
            changed_at: None,
            namespace: "AWS/ECS".into(),
            metric_name: "CPUUtilization".into(),
            dimensions: dims
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            condition: String::new(),
        };
        let tgs = vec!["arn:aws:elasticloadbalancing:r:1:targetgroup/web/1".to_string()];
        let cpu = alarm(&[("ClusterName", "prod"), ("ServiceName", "web")]);
        assert!(cpu.concerns("prod", "web", &[]));
        assert!(!cpu.concerns("prod", "api", &[]));
        assert!(!cpu.concerns("staging", "web", &[]));
        let tg = alarm(&[
            ("TargetGroup", "targetgroup/web/1"),
            ("LoadBalancer", "app/p/2"),
        ]);
        assert!(tg.concerns("prod", "api", &tgs));
        assert!(!tg.concerns("prod", "api", &[]));
        assert!(!alarm(&[("QueueName", "q")]).concerns("prod", "web", &tgs));
    }

    #[test]
    fn a_window_ends_on_a_whole_period_after_now() {
        let now = Timestamp::from_secs(3_600 * 10 + 90);
        let (start, end) = MetricRange::Hour.window(now);
        assert_eq!(end, Timestamp::from_secs(3_600 * 10 + 120));
        assert_eq!(end.since(start), 3_600_000);
        assert_eq!(MetricRange::Week.next(), MetricRange::Hour);
    }
}
