//! The reads of the exploring views, as one `Resource` variant (`Resource::Explore`) with one cache map, so
//! that a new read is a variant here, its payload and one arm in the runtime's fetch.

use crate::backend::BackendError;
use crate::model::{
    Alarm, CapacityProvider, ContainerInstance, Listener, ListenerRule, LoadBalancer, LogEvent,
    MetricId, MetricRange, MetricSeries, RevisionRef, ScalableTarget, ServiceScaling, TargetGroup,
    TaskProtection, Timestamp,
};

use super::super::budget::Category;
use super::super::{Loadable, State};
use super::logs::LogSource;

/// One thing an exploring view reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// An EC2 cluster's container instances, described.
    ContainerInstances {
        cluster_arn: String,
    },
    /// One container instance, described once (a task screen names its type: it does not change).
    ContainerInstance {
        cluster_arn: String,
        arn: String,
    },
    /// Every load balancer of the region.
    LoadBalancers,
    Listeners {
        load_balancer_arn: String,
    },
    /// A listener's rules, the default one included.
    Rules {
        listener_arn: String,
    },
    /// Target groups: a load balancer's, or those named (a rule's, a service's).
    TargetGroups(TargetGroupScope),
    /// Every task-definition family with an ACTIVE revision.
    Families,
    /// A family's revisions of every status, newest first.
    FamilyRevisions {
        family: String,
    },
    /// A cluster's capacity providers, described (what kind each is).
    CapacityProviders {
        names: Vec<String>,
    },
    /// The scale-in protection of these tasks (a screen's live service tasks), 10 a call.
    TaskProtection {
        cluster_arn: String,
        task_arns: Vec<String>,
    },
    /// Log lines of these streams: the newest, or those from `since`, or those matching `pattern`.
    Logs {
        sources: Vec<LogSource>,
        pattern: Option<String>,
        since: Option<Timestamp>,
    },
    /// Metrics over a range (GetMetricData): a service's screen's charts.
    Metrics {
        metrics: Vec<MetricId>,
        range: MetricRange,
    },
    /// The alarms on these metrics (DescribeAlarmsForMetric, a call each).
    AlarmsFor {
        metrics: Vec<MetricId>,
    },
    /// Every alarm of the region in ALARM (DescribeAlarms): the services list's ALERTS.
    FiringAlarms,
    /// A service's scalable target, policies, scheduled actions and activities.
    Scaling {
        cluster_arn: String,
        service: String,
    },
    /// Every ECS scalable target of the region: the services list's `auto 2–10`.
    ScalableTargets,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetGroupScope {
    LoadBalancer(String),
    Arns(Vec<String>),
}

/// What a read brought back.
#[derive(Debug, Clone, PartialEq)]
pub enum Explored {
    ContainerInstances(Vec<ContainerInstance>),
    LoadBalancers(Vec<LoadBalancer>),
    Listeners(Vec<Listener>),
    Rules(Vec<ListenerRule>),
    TargetGroups(Vec<TargetGroup>),
    Families(Vec<String>),
    Revisions(Vec<RevisionRef>),
    CapacityProviders(Vec<CapacityProvider>),
    TaskProtection(Vec<TaskProtection>),
    Logs(LogLines),
    /// In the order the read asked for them.
    Metrics(Vec<MetricSeries>),
    Alarms(Vec<Alarm>),
    /// Boxed: policies and activities make it several times the size of the other payloads.
    Scaling(Box<ServiceScaling>),
    ScalableTargets(Vec<ScalableTarget>),
}

impl Read {
    pub fn category(&self) -> Category {
        match self {
            Read::ContainerInstances { .. }
            | Read::ContainerInstance { .. }
            | Read::TaskProtection { .. } => Category::ClusterResourceRead,
            Read::CapacityProviders { .. } => Category::ClusterRead,
            Read::Logs { .. } => Category::Logs,
            Read::LoadBalancers
            | Read::Listeners { .. }
            | Read::Rules { .. }
            | Read::TargetGroups(_) => Category::ElbRead,
            Read::Families | Read::FamilyRevisions { .. } => Category::TaskDefinitionRead,
            Read::Metrics { .. } => Category::Metrics,
            Read::AlarmsFor { .. } | Read::FiringAlarms => Category::Alarms,
            Read::Scaling { .. } | Read::ScalableTargets => Category::AutoScaling,
        }
    }

    /// The API calls it makes, for messages.
    pub fn operation(&self) -> &'static str {
        match self {
            Read::ContainerInstances { .. } => "ListContainerInstances/DescribeContainerInstances",
            Read::ContainerInstance { .. } => "DescribeContainerInstances",
            Read::LoadBalancers => "DescribeLoadBalancers",
            Read::Listeners { .. } => "DescribeListeners",
            Read::Rules { .. } => "DescribeRules",
            Read::TargetGroups(_) => "DescribeTargetGroups",
            Read::Families => "ListTaskDefinitionFamilies",
            Read::FamilyRevisions { .. } => "ListTaskDefinitions",
            Read::CapacityProviders { .. } => "DescribeCapacityProviders",
            Read::TaskProtection { .. } => "GetTaskProtection",
            Read::Logs { pattern: None, .. } => "GetLogEvents",
            Read::Logs { .. } => "FilterLogEvents",
            Read::Metrics { .. } => "GetMetricData",
            Read::AlarmsFor { .. } => "DescribeAlarmsForMetric",
            Read::FiringAlarms => "DescribeAlarms",
            Read::Scaling { .. } => "DescribeScalableTargets/DescribeScalingPolicies",
            Read::ScalableTargets => "DescribeScalableTargets",
        }
    }

    /// The calls a first read makes, before any answer says.
    pub fn first_guess_calls(&self) -> u32 {
        match self {
            Read::ContainerInstances { .. } => 2,
            Read::TaskProtection { task_arns, .. } => task_arns.len().div_ceil(10).max(1) as u32,
            // One list per status.
            Read::FamilyRevisions { .. } => 3,
            Read::Logs {
                sources,
                pattern: None,
                ..
            } => sources.len().max(1) as u32,
            Read::Metrics { metrics, .. } => metrics
                .len()
                .div_ceil(crate::backend::METRICS_PER_CALL)
                .max(1) as u32,
            Read::AlarmsFor { metrics } => metrics.len().max(1) as u32,
            // The target, then its policies, scheduled actions and activities.
            Read::Scaling { .. } => 4,
            _ => 1,
        }
    }

    pub fn cluster_arn(&self) -> Option<&str> {
        match self {
            Read::ContainerInstances { cluster_arn }
            | Read::ContainerInstance { cluster_arn, .. }
            | Read::TaskProtection { cluster_arn, .. }
            | Read::Scaling { cluster_arn, .. } => Some(cluster_arn),
            _ => None,
        }
    }
}

/// Log lines read, oldest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogLines {
    pub events: Vec<LogEvent>,
    /// A search that stopped at its page limit before the end of its range: how far it got. Later lines
    /// may match too.
    pub search_cut: Option<Timestamp>,
}

/// What a view can show of a read: its data, or why there is none yet.
pub enum Got<'a, T: ?Sized> {
    Loading,
    Failed(&'a BackendError),
    Data(&'a T),
}

impl<'a, T: ?Sized> Got<'a, T> {
    pub fn map<U: ?Sized>(self, f: impl FnOnce(&'a T) -> &'a U) -> Got<'a, U> {
        match self {
            Got::Loading => Got::Loading,
            Got::Failed(e) => Got::Failed(e),
            Got::Data(d) => Got::Data(f(d)),
        }
    }
}

/// The data of `read`, picked out of its payload by `pick`.
pub fn got<'a, T: ?Sized>(
    state: &'a State,
    read: &Read,
    pick: impl FnOnce(&'a Explored) -> Option<&'a T>,
) -> Got<'a, T> {
    let Some(loadable) = state.session.cache.explored.get(read) else {
        return Got::Loading;
    };
    match (&loadable.data, &loadable.status.error) {
        (Some(data), _) => pick(data).map_or(Got::Loading, Got::Data),
        (None, Some(e)) => Got::Failed(e),
        (None, None) => Got::Loading,
    }
}

pub type ExploredCache = std::collections::HashMap<Read, Loadable<Explored>>;

macro_rules! picker {
    ($name:ident, $variant:ident, $t:ty) => {
        pub fn $name(e: &Explored) -> Option<&[$t]> {
            match e {
                Explored::$variant(v) => Some(v),
                _ => None,
            }
        }
    };
}

picker!(container_instances, ContainerInstances, ContainerInstance);
picker!(load_balancers, LoadBalancers, LoadBalancer);
picker!(listeners, Listeners, Listener);
picker!(rules, Rules, ListenerRule);
picker!(target_groups, TargetGroups, TargetGroup);
picker!(families, Families, String);
picker!(family_revisions, Revisions, RevisionRef);
picker!(capacity_providers, CapacityProviders, CapacityProvider);
picker!(task_protection, TaskProtection, TaskProtection);
picker!(metric_series, Metrics, MetricSeries);
picker!(alarms, Alarms, Alarm);
picker!(scalable_targets, ScalableTargets, ScalableTarget);
pub fn scaling(e: &Explored) -> Option<&ServiceScaling> {
    match e {
        Explored::Scaling(s) => Some(s),
        _ => None,
    }
}
pub fn log_lines(e: &Explored) -> Option<&LogLines> {
    match e {
        Explored::Logs(lines) => Some(lines),
        _ => None,
    }
}

pub fn log_events(e: &Explored) -> Option<&[LogEvent]> {
    log_lines(e).map(|l| l.events.as_slice())
}
