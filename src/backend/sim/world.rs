//! The world's state and its clock. Everything that affects results lives in ordered maps so that the same seed
//! and the same steps give the same world, bit for bit.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use fastrand::Rng;

use super::alarms::SimAlarm;
use super::autoscaling::SimScalable;
use super::behavior::Behavior;
use super::events::EventBatch;
use super::load::SimLoad;
use super::service_deployments::DeploymentRecord;
use super::stages::PauseHook;
use crate::model::{
    CapacityProvider, CapacityProviderStrategyItem, Cluster, DeploymentConfiguration,
    DeploymentStatus, LaunchType, Listener, ListenerRule, LoadBalancer, LoadBalancerBinding,
    RolloutState, ServiceEvent, ServiceStatus, TargetGroup, TargetState, Task, TaskDefinition,
    Timestamp,
};

/// The scheduler runs once per virtual second.
pub const STEP_MS: i64 = 1_000;
/// Stopped tasks stay describable for an hour, then are gone.
pub const STOPPED_RETENTION_MS: i64 = 3_600_000;

/// One simulated ECS + ELB region.
pub struct World {
    pub(crate) start: Timestamp,
    pub(crate) now: Timestamp,
    pub(crate) next_step: Timestamp,
    pub(crate) rng: Rng,
    pub(crate) next_key: u64,
    pub(crate) ip_counter: [u32; 3],
    /// By cluster name.
    pub(crate) clusters: BTreeMap<String, SimCluster>,
    /// By task definition ARN.
    pub(crate) task_definitions: BTreeMap<String, TaskDefinition>,
    /// Latest revision per family.
    pub(crate) families: BTreeMap<String, u32>,
    /// By ARN.
    pub(crate) load_balancers: BTreeMap<String, LoadBalancer>,
    /// By ARN.
    pub(crate) target_groups: BTreeMap<String, SimTargetGroup>,
    /// By ARN.
    pub(crate) listeners: BTreeMap<String, Listener>,
    /// Every rule of every listener, the default ones included, by ARN.
    pub(crate) rules: BTreeMap<String, ListenerRule>,
    /// Capacity providers other than FARGATE and FARGATE_SPOT (which always exist), by name.
    pub(crate) capacity_providers: BTreeMap<String, CapacityProvider>,
    /// Deleted clusters as DescribeClusters still shows them (INACTIVE), by name.
    pub(crate) inactive_clusters: BTreeMap<String, Cluster>,
    /// Task definition ARNs in DELETE_IN_PROGRESS: gone once nothing uses them.
    pub(crate) deleting: BTreeSet<String>,
    pub(crate) services: BTreeMap<u64, SimService>,
    pub(crate) tasks: BTreeMap<u64, SimTask>,
    /// Task ARN -> key.
    pub(crate) task_index: BTreeMap<String, u64>,
    /// Each service's load and what it ran, by service key (`load`).
    pub(crate) load: BTreeMap<u64, SimLoad>,
    /// The last virtual minute whose load was recorded and whose alarms were evaluated.
    pub(crate) minute: i64,
    /// CloudWatch alarms, by name (`alarms`).
    pub(crate) alarms: BTreeMap<String, SimAlarm>,
    /// Application Auto Scaling's scalable targets, by resource id (`autoscaling`).
    pub(crate) scaling: BTreeMap<String, SimScalable>,
    /// Capacity provider managed scaling's launches and the instances it added (`managed_scaling`).
    pub(crate) managed: super::managed_scaling::ManagedScaling,
    /// Appended to every string answered but identifiers, for tests of untrusted text (see `hostile`).
    pub(crate) hostile_text: Option<String>,
}

pub(crate) struct SimCluster {
    pub arn: String,
    pub name: String,
    pub capacity_providers: Vec<String>,
    pub default_strategy: Vec<CapacityProviderStrategyItem>,
    /// Service name -> key (the latest service of that name).
    pub services: BTreeMap<String, u64>,
    /// By container instance ARN.
    pub instances: BTreeMap<String, SimInstance>,
    /// Every task of the cluster that still exists (stopped ones until they expire).
    pub tasks: BTreeSet<u64>,
}

pub(crate) struct SimInstance {
    pub arn: String,
    pub ec2_instance_id: String,
    pub instance_type: String,
    /// `None` on an ECS Managed Instance, which reports no agent version.
    pub agent_version: Option<String>,
    pub capacity_provider: Option<String>,
    pub registered_at: Timestamp,
    pub az: usize,
    /// ACTIVE or DRAINING.
    pub status: String,
    pub cpu: u32,
    pub memory: u32,
    /// Tasks holding resources here: every task placed here that is not STOPPED yet.
    pub tasks: BTreeSet<u64>,
    pub next_port: u16,
}

pub(crate) struct SimTargetGroup {
    pub group: TargetGroup,
    pub interval_ms: i64,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
    pub deregistration_delay_ms: i64,
    /// Tasks with a target registered (or draining) in this group.
    pub members: BTreeSet<u64>,
}

pub(crate) struct SimService {
    pub key: u64,
    pub arn: String,
    pub name: String,
    pub cluster: String,
    pub status: ServiceStatus,
    pub desired_count: u32,
    pub launch_type: LaunchType,
    pub config: DeploymentConfiguration,
    pub load_balancers: Vec<LoadBalancerBinding>,
    pub health_check_grace_ms: i64,
    /// The PRIMARY deployment first.
    pub deployments: Vec<SimDeployment>,
    /// Newest first, at most 100.
    pub events: VecDeque<ServiceEvent>,
    pub batch: EventBatch,
    /// Tasks of this service that are not STOPPED yet.
    pub tasks: BTreeSet<u64>,
    pub created_at: Timestamp,
    pub steady: bool,
    /// Consecutive tasks that failed to reach RUNNING (the throttle logic).
    pub start_failures: u32,
    pub next_launch_at: Timestamp,
    pub throttle_event_at: Option<Timestamp>,
    pub placement_event: Option<(String, Timestamp)>,
    /// The last deployment that completed: where a circuit breaker rolls back to.
    pub last_completed: Option<Completed>,
    /// The pause hooks configured for its deployments (`deploymentConfiguration.lifecycleHooks`).
    pub hooks: Vec<PauseHook>,
    /// ECS Exec on for the tasks it starts.
    pub enable_execute_command: bool,
    /// Every service revision it deployed: ARN -> task definition (DescribeServiceRevisions).
    pub revisions: BTreeMap<String, String>,
    /// Traffic-shifting strategies: the listener rules that carry test traffic (the others that forward to
    /// its target groups carry production traffic). Found at its first such deployment.
    pub test_rules: Option<BTreeSet<String>>,
    /// ListServiceDeployments: every service deployment, newest first.
    pub history: VecDeque<DeploymentRecord>,
    /// How many protected tasks the last "unable to scale in" event named: said again only when it changes.
    pub protection_event: Option<usize>,
}

/// A deployment that completed: its id, task definition and service revision.
#[derive(Debug, Clone)]
pub(crate) struct Completed {
    pub id: String,
    pub task_definition: String,
    pub revision: String,
}

pub(crate) struct SimDeployment {
    pub id: String,
    /// The service revision it deploys (a rollback deploys the revision it goes back to).
    pub revision: String,
    /// Traffic-shifting strategies: its tasks register in the alternate target groups.
    pub alternate: bool,
    /// The service deployment (2024 API) this deployment carries out; a rollback shares the ARN of the
    /// service deployment it rolls back.
    pub service_deployment: String,
    pub status: DeploymentStatus,
    pub task_definition: String,
    pub rollout_state: RolloutState,
    pub rollout_state_reason: String,
    pub failed_tasks: u32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub(crate) struct SimTask {
    pub key: u64,
    pub task: Task,
    pub cluster: String,
    pub service: Option<u64>,
    pub behavior: Behavior,
    /// Index of the container whose image carries `behavior`: the one that exits or cannot be pulled.
    pub culprit: usize,
    pub az: usize,
    pub host_port: Option<u16>,
    /// When the current lifecycle state ends.
    pub next_at: Option<Timestamp>,
    /// When the essential container exits by itself (`:crash`, `:oom`).
    pub exit_at: Option<Timestamp>,
    /// When container health checks start passing.
    pub health_at: Option<Timestamp>,
    /// When ECS acts on an unhealthy target.
    pub elb_fail_at: Option<Timestamp>,
    /// Since when the task has counted as healthy (running, containers and targets healthy).
    pub healthy_since: Option<Timestamp>,
    pub targets: Vec<SimTarget>,
    /// Scale-in protection (UpdateTaskProtection): scale-in and deployments leave it running until then.
    pub protected_until: Option<Timestamp>,
}

pub(crate) struct SimTarget {
    pub target_group: String,
    pub id: String,
    pub port: u16,
    pub state: TargetState,
    pub reason: Option<&'static str>,
    pub next_at: Option<Timestamp>,
    /// False once deregistration has finished.
    pub registered: bool,
}

impl SimTask {
    pub fn is_live(&self) -> bool {
        self.task.desired_status == crate::model::DesiredStatus::Running
    }
}

impl World {
    /// An empty region whose clock starts at `start`.
    pub fn new(seed: u64, start: Timestamp) -> World {
        World {
            start,
            now: start,
            next_step: start.plus_millis(STEP_MS),
            rng: Rng::with_seed(seed),
            next_key: 1,
            ip_counter: [0; 3],
            clusters: BTreeMap::new(),
            task_definitions: BTreeMap::new(),
            families: BTreeMap::new(),
            load_balancers: BTreeMap::new(),
            target_groups: BTreeMap::new(),
            listeners: BTreeMap::new(),
            rules: BTreeMap::new(),
            capacity_providers: BTreeMap::new(),
            inactive_clusters: BTreeMap::new(),
            deleting: BTreeSet::new(),
            services: BTreeMap::new(),
            tasks: BTreeMap::new(),
            task_index: BTreeMap::new(),
            load: BTreeMap::new(),
            minute: start.millis().div_euclid(super::load::MINUTE_MS),
            alarms: BTreeMap::new(),
            scaling: BTreeMap::new(),
            managed: Default::default(),
            hostile_text: None,
        }
    }

    /// The virtual clock.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Moves virtual time forward by `ms`, running the scheduler once per virtual second on the way.
    pub fn advance(&mut self, ms: i64) {
        let target = self.now.plus_millis(ms.max(0));
        while self.next_step <= target {
            self.now = self.next_step;
            self.step();
            self.next_step = self.next_step.plus_millis(STEP_MS);
        }
        self.now = target;
    }

    pub(crate) fn key(&mut self) -> u64 {
        self.next_key += 1;
        self.next_key
    }

    /// One scheduler step: tasks and targets move on, then every service is reconciled, then events are written,
    /// then task definitions being deleted that nothing uses any more are gone.
    fn step(&mut self) {
        self.tick_tasks();
        let mut services = std::mem::take(&mut self.services);
        for svc in services.values_mut() {
            self.reconcile(svc);
        }
        for svc in services.values_mut() {
            if !svc.batch.is_empty() {
                let batch = std::mem::take(&mut svc.batch);
                batch.flush(svc, self.now, &mut self.rng);
            }
        }
        self.services = services;
        self.purge_deleted_task_definitions();
        // Once a minute: what ran is recorded, alarms look at the minute that ended, scaling follows them.
        let minute = self.now.millis().div_euclid(super::load::MINUTE_MS);
        if minute != self.minute {
            self.minute = minute;
            self.record_load();
            self.evaluate_alarms();
            self.auto_scale();
            self.managed_scaling();
        }
    }
}
