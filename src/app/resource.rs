//! What wharf reads, as data: a `Resource` names one thing in the cache, a `Fetch` is one request for it (a
//! whole resource, a page of a list, or a batch of rows), and a `Payload` is what the answer carries.

use crate::backend::{BackendError, Described};
use crate::model::{
    Cluster, MetricSeries, Service, ServiceDeployment, TargetHealth, Task, TaskDefinition,
};

use super::budget::Category;
use super::explore::{Explored, Read};
use super::ServiceKey;

/// One thing wharf reads and caches, with its own age, error and request in flight.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    /// Every cluster, described with its counts.
    Clusters,
    /// A cluster's service ARNs (ListServices, a page at a time).
    ServiceList {
        cluster_arn: String,
    },
    /// One service: a row of its cluster's table (DescribeServices, 10 to a call).
    Service {
        cluster_arn: String,
        service_arn: String,
    },
    /// A service's running and recently stopped tasks.
    ServiceTasks(ServiceKey),
    /// Every running and recently stopped task of a cluster, standalone ones too.
    ClusterTasks {
        cluster_arn: String,
    },
    /// One task, described on its own (a task opened from a cluster's tasks).
    Task {
        cluster_arn: String,
        task_arn: String,
    },
    TargetHealth {
        target_group_arn: String,
    },
    /// Revisions are immutable: described once.
    TaskDefinition {
        arn: String,
    },
    /// A family's newest ACTIVE revisions, described.
    Revisions {
        family: String,
    },
    /// A service's newest deployments, described with their revisions' task definitions.
    Deployments(ServiceKey),
    /// What the exploring views read (instances, load balancers...).
    Explore(Read),
    /// A service's CPU and memory over the last hour: a row of its cluster's table (GetMetricData, many
    /// services to a call).
    ServiceLoad(ServiceKey),
}

/// One request: what the runtime sends to the backend for an `Effect::Fetch`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fetch {
    /// A resource read whole (every page, every batch).
    One(Resource),
    /// One page of a cluster's service list, from `token` (`None`: the first page).
    ServicePage {
        cluster_arn: String,
        token: Option<String>,
    },
    /// Up to 10 of a cluster's services, in one DescribeServices call.
    Services {
        cluster_arn: String,
        arns: Vec<String>,
    },
    /// The CPU and memory of some of a cluster's services (by name), in one GetMetricData call.
    ServiceLoads {
        cluster_arn: String,
        names: Vec<String>,
    },
}

/// What a fetch brought back.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Clusters(Vec<Cluster>),
    ServicePage {
        arns: Vec<String>,
        next: Option<String>,
    },
    Services(Described<Service>),
    Tasks(Vec<Task>),
    /// Some DescribeTasks batches failed: the tasks of the others, and the ARNs that are still unknown.
    TasksPartly {
        tasks: Vec<Task>,
        failed: Vec<String>,
        error: BackendError,
    },
    /// Boxed: a task with its containers is several times the size of the other payloads.
    Task(Box<Task>),
    TargetHealth(Vec<TargetHealth>),
    /// Boxed: a whole revision is several times the size of any other payload.
    TaskDefinition(Box<TaskDefinition>),
    Revisions(Vec<TaskDefinition>),
    Deployments(Vec<ServiceDeployment>),
    Explored(Explored),
    /// Each service's CPU then memory, in the order asked.
    ServiceLoads(Vec<MetricSeries>),
}

/// Part of a task list's read, sent as it comes (`Action::FetchedPart`), so that a big list shows its first
/// rows after one page and one batch. The read's own answer (`Action::Fetched`) then carries only what the
/// parts did not, and ends it.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskPart {
    /// Tasks a ListTasks page listed that no earlier page did, sent as their describe batch goes out: they
    /// wait, as placeholders, to be described.
    Listed(Vec<String>),
    /// A DescribeTasks batch: the tasks it asked for and those it described (of the list's service).
    Described {
        asked: Vec<String>,
        tasks: Vec<Task>,
    },
}

/// DescribeServices takes at most this many services.
pub const SERVICES_PER_CALL: usize = 10;

impl Resource {
    /// The ECS or ELB throttling bucket its reads draw from.
    pub fn category(&self) -> Category {
        match self {
            Resource::Clusters => Category::ClusterRead,
            Resource::ServiceList { .. } | Resource::Service { .. } => Category::ServiceRead,
            Resource::ServiceTasks(_) | Resource::ClusterTasks { .. } | Resource::Task { .. } => {
                Category::ClusterResourceRead
            }
            Resource::TargetHealth { .. } => Category::ElbRead,
            Resource::TaskDefinition { .. } | Resource::Revisions { .. } => {
                Category::TaskDefinitionRead
            }
            Resource::Deployments(_) => Category::ServiceDeploymentRead,
            Resource::Explore(read) => read.category(),
            Resource::ServiceLoad(_) => Category::Metrics,
        }
    }

    /// The calls a read of it makes when nothing is known yet (two ListTasks and a DescribeTasks, ...).
    pub fn first_guess_calls(&self) -> u32 {
        match self {
            Resource::Clusters => 2,
            Resource::ServiceTasks(_) | Resource::ClusterTasks { .. } => 3,
            Resource::Revisions { .. } => 6,
            Resource::Deployments(_) => 3,
            Resource::Explore(read) => read.first_guess_calls(),
            _ => 1,
        }
    }

    /// Its cluster, when it belongs to one.
    pub fn cluster_arn(&self) -> Option<&str> {
        match self {
            Resource::ServiceList { cluster_arn }
            | Resource::Service { cluster_arn, .. }
            | Resource::ClusterTasks { cluster_arn }
            | Resource::Task { cluster_arn, .. } => Some(cluster_arn),
            Resource::ServiceTasks(key)
            | Resource::Deployments(key)
            | Resource::ServiceLoad(key) => Some(&key.cluster_arn),
            Resource::Explore(read) => read.cluster_arn(),
            _ => None,
        }
    }
}

impl Fetch {
    /// The request that reads `resource` again. A service row is a batch of one.
    pub fn of(resource: Resource) -> Fetch {
        match resource {
            Resource::ServiceList { cluster_arn } => Fetch::ServicePage {
                cluster_arn,
                token: None,
            },
            Resource::Service {
                cluster_arn,
                service_arn,
            } => Fetch::Services {
                cluster_arn,
                arns: vec![service_arn],
            },
            Resource::ServiceLoad(key) => Fetch::ServiceLoads {
                cluster_arn: key.cluster_arn,
                names: vec![key.service_name],
            },
            other => Fetch::One(other),
        }
    }

    /// The resources its answer settles.
    pub fn resources(&self) -> Vec<Resource> {
        match self {
            Fetch::One(r) => vec![r.clone()],
            Fetch::ServicePage { cluster_arn, .. } => vec![Resource::ServiceList {
                cluster_arn: cluster_arn.clone(),
            }],
            Fetch::Services { cluster_arn, arns } => arns
                .iter()
                .map(|arn| Resource::Service {
                    cluster_arn: cluster_arn.clone(),
                    service_arn: arn.clone(),
                })
                .collect(),
            Fetch::ServiceLoads { cluster_arn, names } => names
                .iter()
                .map(|name| {
                    Resource::ServiceLoad(ServiceKey {
                        cluster_arn: cluster_arn.clone(),
                        service_name: name.clone(),
                    })
                })
                .collect(),
        }
    }

    pub fn category(&self) -> Category {
        match self {
            Fetch::One(r) => r.category(),
            Fetch::ServicePage { .. } | Fetch::Services { .. } => Category::ServiceRead,
            Fetch::ServiceLoads { .. } => Category::Metrics,
        }
    }

    /// The CloudWatch metrics it asks for: what GetMetricData bills.
    pub fn metrics_asked(&self) -> u32 {
        match self {
            Fetch::ServiceLoads { names, .. } => 2 * names.len() as u32,
            Fetch::One(Resource::Explore(Read::Metrics { metrics, .. })) => metrics.len() as u32,
            _ => 0,
        }
    }

    /// The API calls it makes, for messages.
    pub fn operation(&self) -> &'static str {
        match self {
            Fetch::One(Resource::Clusters) => "ListClusters/DescribeClusters",
            Fetch::ServicePage { .. } | Fetch::One(Resource::ServiceList { .. }) => "ListServices",
            Fetch::Services { .. } | Fetch::One(Resource::Service { .. }) => "DescribeServices",
            Fetch::One(Resource::ServiceTasks(_) | Resource::ClusterTasks { .. }) => {
                "ListTasks/DescribeTasks"
            }
            Fetch::One(Resource::Task { .. }) => "DescribeTasks",
            Fetch::One(Resource::TargetHealth { .. }) => "DescribeTargetHealth",
            Fetch::One(Resource::TaskDefinition { .. }) => "DescribeTaskDefinition",
            Fetch::One(Resource::Revisions { .. }) => "ListTaskDefinitions/DescribeTaskDefinition",
            Fetch::One(Resource::Deployments(_)) => {
                "ListServiceDeployments/DescribeServiceDeployments"
            }
            Fetch::One(Resource::Explore(read)) => read.operation(),
            Fetch::ServiceLoads { .. } | Fetch::One(Resource::ServiceLoad(_)) => "GetMetricData",
        }
    }
}
