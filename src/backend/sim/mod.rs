//! The sandbox region: an in-process simulation of ECS and ELB with a virtual clock.
//!
//! A [`World`] holds clusters, container instances, task definitions, services, tasks, load balancers and
//! target groups. [`World::advance`] moves its virtual clock; once per virtual second the scheduler runs as
//! the ECS developer guide describes it: services keep `desiredCount` tasks, tasks walk PROVISIONING ->
//! PENDING -> ACTIVATING -> RUNNING and DEACTIVATING -> STOPPING -> DEPROVISIONING -> STOPPED, tasks that
//! exit are replaced, tasks behind target groups are registered and health-checked, rolling deployments honour
//! minimumHealthyPercent / maximumPercent, the circuit breaker counts failed tasks and rolls back, and tasks
//! that never reach RUNNING are throttled. Every event is worded as ECS words it. Randomness comes from one
//! seeded source and all state lives in ordered maps: the same seed and the same calls give the same world.
//!
//! Every write of the `Backend` trait has ECS's (and ELBv2's) semantics and errors, each in a file of its
//! concern: UpdateService (`service_ops`), StopTask and RunTask for standalone tasks (`task_ops`), revisions
//! (`taskdef_ops`: ACTIVE -> INACTIVE -> DELETE_IN_PROGRESS -> gone once unused), service deployments and
//! StopServiceDeployment's rollback (`service_deployments`), their history as DescribeServiceDeployments and
//! DescribeServiceRevisions report it (`history`), ContinueServiceDeployment (`hooks`), DeleteService,
//! DeregisterContainerInstance and DeleteCluster (`teardown`), listeners, rules and ELB deletions (`elb_ops`),
//! rules with conditions and any actions and the target groups of a load balancer (`elb_config`).
//! Container instances carry a type, an agent version (none on ECS Managed Instances) and the capacity
//! provider that launched them; capacity providers and default strategies live in `capacity`.
//! UpdateContainerInstancesState (`draining`) follows "Container instance draining": nothing new is placed on
//! a DRAINING instance, its service tasks that are not RUNNING yet stop at once, its RUNNING service tasks
//! are replaced elsewhere within minimumHealthyPercent / maximumPercent, standalone tasks stay.
//!
//! Services whose `deploymentConfiguration.strategy` is BLUE_GREEN, LINEAR or CANARY deploy as ECS's own
//! traffic-shifting deployments (`shifting`): the new revision scales up beside the old one in the alternate
//! target groups, and the deployment walks the lifecycle stages of `stages` (RECONCILE_SERVICE ... CLEAN_UP),
//! moving test then production traffic (the weights are in its service deployment record), baking, then
//! stopping the old tasks. A PAUSE lifecycle hook ([`PauseHook`]) holds it at the end of a stage until
//! ContinueServiceDeployment or its time-out. New tasks that keep failing roll it back (the sandbox's stand-in
//! for the alarms ECS would watch: the circuit breaker stays a ROLLING thing). Build such a service with
//! `ServiceSpec::strategy`, `bake_time`, `alternate_target_group` and `pause_hook`.
//!
//! [`Sim`] wraps a world behind wharf's `Backend` trait, with a [`SimClock`] that is either manual (tests) or
//! follows real time at some speed (the sandbox UI). [`Sim::demo`] builds the demo region of `scenarios`.
//!
//! # Image tags carry behaviour
//!
//! The tag of an essential container's image (the whole tag, or its last `-` part: `web:1.2-crash`) decides
//! what the task does:
//!
//! | tag | behaviour |
//! |---|---|
//! | `crash` | runs 20-60 s, then the essential container exits with code 1: stopCode EssentialContainerExited, stoppedReason "Essential container in task exited"; the service starts a replacement |
//! | `oom` | the same after 20-60 s, but exit code 137 and container reason "OutOfMemoryError: Container killed due to memory usage" |
//! | `broken` | runs, but never passes load balancer health checks: its target goes initial -> unhealthy (Target.FailedHealthChecks, "Health checks failed"), then ECS stops the task (ServiceSchedulerInitiated, "Task failed ELB health checks in (target-group ARN)") and replaces it |
//! | `missing` | the image cannot be pulled: the task stops from PENDING with stopCode TaskFailedToStart and a CannotPullContainerError; repeated failures throttle the service ("is unable to consistently start tasks successfully.") |
//! | anything else | healthy: containers turn HEALTHY 5-15 s after RUNNING and targets healthy after two health-check intervals |
//!
//! Only tasks that never reach RUNNING trigger the throttle, as in ECS; every failed task of a deployment in
//! progress counts towards its circuit breaker, and a task that stays healthy for two minutes resets that count.
//!
//! # Logs
//!
//! Every container that started writes CloudWatch Logs (`logs`): group `/ecs/<family>`, stream
//! `ecs/<container>/<task id>`. A `crash` container's last lines are a stack trace, an `oom` one's an
//! allocation failure, a `broken` one answers health checks with 503s and time-outs, and a `missing` one has
//! no stream at all (it never started).

mod alarms;
mod autoscaling;
mod backend;
mod behavior;
mod capacity;
mod clock;
mod demo_scaling;
mod demo_taskdefs;
mod deployment;
mod describe;
mod draining;
mod elb;
mod elb_config;
mod elb_ops;
mod errors;
mod events;
mod exec;
mod history;
mod hooks;
mod hostile;
mod ids;
mod launch;
mod lifecycle;
mod load;
mod log_filter;
mod log_script;
mod log_text;
mod logs;
mod managed_scaling;
mod metrics_impl;
mod placement;
mod protection;
mod routing;
pub mod scenarios;
mod scheduler;
mod service_deployments;
mod service_ops;
mod setup;
mod shifting;
mod stages;
mod stopping;
mod task_ops;
mod taskdef_ops;
mod teardown;
mod views;
mod world;

pub use backend::Sim;
pub use behavior::Behavior;
pub use capacity::{InstanceSpec, AGENT_VERSION};
pub use clock::{SimClock, MANUAL_START, MAX_CATCH_UP_MS};
pub use deployment::limits;
pub use draining::UPDATE_STATE_BATCH;
pub use events::MAX_EVENTS;
pub use ids::{ACCOUNT, AZS, REGION};
pub use log_script::MAX_STREAM_EVENTS;
pub use managed_scaling::{IDLE_MS, LAUNCH_MS};
pub use scheduler::{throttle_delay, PROVEN_MS, THROTTLE_AFTER, THROTTLE_MAX_MS};
pub use service_deployments::MAX_HISTORY;
pub use service_ops::ServiceSpec;
pub use setup::{TargetGroupSpec, TaskDefinitionSpec};
pub use stages::{
    PauseHook, Stage, DEFAULT_HOOK_TIMEOUT_MINUTES, MAX_HOOK_TIMEOUT_MINUTES, STAGE_MS,
};
pub use task_ops::{RunTaskSpec, MAX_RUN_COUNT};
pub use taskdef_ops::{ACTIVE, DELETE_BATCH, DELETE_IN_PROGRESS, INACTIVE};
pub use world::{World, STEP_MS, STOPPED_RETENTION_MS};
