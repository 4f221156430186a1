//! The only layer that knows where data comes from. Everything above speaks `model` types through `Backend`.
//!
//! The trait follows the shapes of the AWS APIs so that the SDK implementation is a thin mapping: list calls
//! return every ARN (the implementation follows every page), describe calls take any number of ARNs (the
//! implementation batches them to the API's limit) and report per-ARN failures beside the items found.

pub mod aws;
mod clean;
mod error;
mod metrics;
pub mod progress;
pub mod sim;

pub use error::BackendError;
pub use metrics::{MetricsScaling, METRICS_PER_CALL, TARGETS_PER_CALL};

use async_trait::async_trait;

use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, ContainerInstanceStatus, HookAction, Listener,
    ListenerRule, LoadBalancer, RevisionRef, RevisionStatus, Service, ServiceDeployment,
    ServiceDeploymentBrief, ServiceRevision, TargetGroup, TargetHealth, Task, TaskDefinition,
    TaskFilter, TaskProtection, Timestamp,
};
use crate::model::{ExecSession, LogFrom, LogPage, LogSearch};

pub type Result<T> = std::result::Result<T, BackendError>;

/// Where wharf is looking: shown in the header.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BackendInfo {
    /// `sandbox` for the simulation, else the AWS profile name (or `default`).
    pub profile: String,
    pub region: String,
    pub account_id: Option<String>,
    /// Set when an endpoint other than AWS's own is used (an emulator).
    pub endpoint: Option<String>,
    /// The sandbox's virtual clock runs this many times as fast as real time (`--speed`); `None` for AWS and
    /// for a clock moved by hand (tests).
    pub clock_speed: Option<f64>,
    /// The sandbox (the simulation), whatever its profile is called: an AWS profile may be named
    /// `sandbox` too.
    pub simulated: bool,
}

/// An endpoint fit to show and record: no `user:password@` (with a scheme or without one), and a query's
/// values replaced by `…` (a presigned URL carries its token there; the names stay, to tell URLs apart). A
/// fragment is dropped the same way. Total: any text gives an answer.
///
/// The user info is found first, so that a password holding `/`, `?` or `#` is not cut at that character:
/// it ends at the last `@`, even past a `/` (an AWS secret key may hold '/'; a path with '@' in it is rarer
/// than a password with '/'). When a `?` or `#` comes before that `@`, the text cannot tell a password
/// holding it from a query or fragment holding an `@` (`u:p#ss@host` against `host/?mail=a@b`): what either
/// reading calls secret could be anywhere, so nothing past the scheme is shown, only `…`.
pub fn redact_endpoint(endpoint: &str) -> String {
    let (scheme, rest) = match endpoint.split_once("://") {
        Some((scheme, rest)) if is_scheme(scheme) => (Some(scheme), rest),
        _ => (None, endpoint),
    };
    let mut out = String::with_capacity(endpoint.len());
    if let Some(scheme) = scheme {
        out.push_str(scheme);
        out.push_str("://");
    }
    let query_at = rest.find(['?', '#']);
    // Indices of ASCII characters: every slice below starts or ends at a char boundary.
    let located = match rest.rfind('@') {
        None => rest,
        Some(at) if query_at.is_none_or(|q| q >= at) => &rest[at + 1..],
        Some(_) => {
            out.push('…');
            return out;
        }
    };
    let (host, tail) = located.split_at(located.find(['?', '#']).unwrap_or(located.len()));
    let (query, fragment) = tail.split_once('#').unwrap_or((tail, ""));
    out.push_str(host);
    if let Some(query) = query.strip_prefix('?') {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) => format!("{name}=…"),
                None if pair.is_empty() => String::new(),
                // A bare word could be the secret itself: it goes too.
                None => "…".to_string(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    if !fragment.is_empty() {
        out.push_str("#…");
    }
    out
}

/// RFC 3986's scheme: a letter, then letters, digits, `+`, `-` or `.` (so `user:pass@host/?u=http://x` has
/// none).
fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Items a describe call found, and the ARNs it could not (DescribeServices' `failures[]`, e.g. MISSING).
#[derive(Debug, Clone, PartialEq)]
pub struct Described<T> {
    pub items: Vec<T>,
    pub failures: Vec<DescribeFailure>,
}

impl<T> Default for Described<T> {
    fn default() -> Self {
        Described {
            items: Vec::new(),
            failures: Vec::new(),
        }
    }
}

/// One page of a list call, and the token of the next (`None`: it was the last).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub arns: Vec<String>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeFailure {
    pub arn: String,
    pub reason: String,
}

/// What UpdateService changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceUpdate {
    pub desired_count: Option<u32>,
    /// `family:revision` or a full ARN.
    pub task_definition: Option<String>,
    pub force_new_deployment: bool,
    /// ECS Exec on or off for the tasks it starts from now on.
    pub enable_execute_command: Option<bool>,
}

#[async_trait]
pub trait Backend: MetricsScaling + Send + Sync {
    fn info(&self) -> BackendInfo;

    /// The backend's clock: real time for AWS, the virtual clock for the sandbox.
    fn now(&self) -> Timestamp;

    async fn list_clusters(&self) -> Result<Vec<String>>;
    async fn describe_clusters(&self, arns: &[String]) -> Result<Described<Cluster>>;

    async fn list_services(&self, cluster: &str) -> Result<Vec<String>>;
    /// One page of ListServices (up to 100), from `token` (`None`: the first page). By default the whole
    /// list as one page.
    async fn list_services_page(&self, cluster: &str, token: Option<&str>) -> Result<Page> {
        let _ = token;
        Ok(Page {
            arns: self.list_services(cluster).await?,
            next: None,
        })
    }
    async fn describe_services(&self, cluster: &str, arns: &[String])
        -> Result<Described<Service>>;

    async fn list_tasks(&self, cluster: &str, filter: &TaskFilter) -> Result<Vec<String>>;
    /// One page of ListTasks (up to 100), from `token` (`None`: the first page). By default the whole list
    /// as one page.
    async fn list_tasks_page(
        &self,
        cluster: &str,
        filter: &TaskFilter,
        token: Option<&str>,
    ) -> Result<Page> {
        let _ = token;
        Ok(Page {
            arns: self.list_tasks(cluster, filter).await?,
            next: None,
        })
    }
    async fn describe_tasks(&self, cluster: &str, arns: &[String]) -> Result<Described<Task>>;

    /// Revisions are immutable: callers may cache the answer forever.
    async fn describe_task_definition(&self, arn: &str) -> Result<TaskDefinition>;

    async fn list_container_instances(&self, cluster: &str) -> Result<Vec<String>>;
    async fn describe_container_instances(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<ContainerInstance>>;

    /// The EC2 instance id behind each of these container instances, by container instance ARN, and the
    /// API calls it took. DescribeTasks names a task's container instance, never its EC2 instance, which
    /// bridge and host mode targets are named by. The pairing lasts as long as the registration, so a
    /// backend may keep it and answer again with no call; by default it describes them (100 a call).
    async fn ec2_instance_ids(
        &self,
        cluster: &str,
        container_instance_arns: &[String],
    ) -> Result<(std::collections::HashMap<String, String>, u32)> {
        let described = self
            .describe_container_instances(cluster, container_instance_arns)
            .await?;
        // DescribeContainerInstances takes 100 a call.
        let calls = container_instance_arns.len().div_ceil(100) as u32;
        let ids = described
            .items
            .into_iter()
            .filter(|i| !i.ec2_instance_id.is_empty())
            .map(|i| (i.arn, i.ec2_instance_id))
            .collect();
        Ok((ids, calls))
    }

    /// Every load balancer when `arns` is empty, else those named.
    async fn describe_load_balancers(&self, arns: &[String]) -> Result<Vec<LoadBalancer>>;
    /// Every target group when `arns` is empty, else those named.
    async fn describe_target_groups(&self, arns: &[String]) -> Result<Vec<TargetGroup>>;
    /// One target group per call, as in ELBv2.
    async fn describe_target_health(&self, target_group_arn: &str) -> Result<Vec<TargetHealth>>;

    /// A family's revisions with that status, newest first (every page).
    async fn list_task_definitions(
        &self,
        family: &str,
        status: RevisionStatus,
    ) -> Result<Vec<String>>;
    /// A service's deployments, newest first (ListServiceDeployments, every page).
    async fn list_service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> Result<Vec<ServiceDeploymentBrief>>;
    /// DescribeServiceDeployments (at most 20 ARNs a call; the implementation batches).
    async fn describe_service_deployments(
        &self,
        arns: &[String],
    ) -> Result<Described<ServiceDeployment>>;
    /// DescribeServiceRevisions (at most 20 ARNs a call): which task definition each revision deployed.
    /// Revisions are immutable: callers may cache the answer forever.
    async fn describe_service_revisions(
        &self,
        arns: &[String],
    ) -> Result<Described<ServiceRevision>>;
    // Load balancers: every list follows NextMarker at 400 a page; ARNs are batched to ELBv2's limits.

    /// Every listener of a load balancer (every page).
    async fn describe_listeners(&self, load_balancer_arn: &str) -> Result<Vec<Listener>>;
    /// Every rule of a listener, the default one included (every page).
    async fn describe_rules(&self, listener_arn: &str) -> Result<Vec<ListenerRule>>;
    /// The target groups of one load balancer (DescribeTargetGroups with LoadBalancerArn, every page). By
    /// default every target group, kept if it names the load balancer.
    async fn describe_target_groups_of_load_balancer(
        &self,
        load_balancer_arn: &str,
    ) -> Result<Vec<TargetGroup>> {
        let mut all = self.describe_target_groups(&[]).await?;
        all.retain(|g| g.load_balancer_arns.iter().any(|a| a == load_balancer_arn));
        Ok(all)
    }

    // Task definitions

    /// ListTaskDefinitionFamilies, every page (up to 100 a page). `None` lists every family, `Some(Active)`
    /// those with an ACTIVE revision, `Some(Inactive)` those without one. DELETE_IN_PROGRESS is no family
    /// status: asking for it is an InvalidParameterException.
    async fn list_task_definition_families(
        &self,
        status: Option<RevisionStatus>,
    ) -> Result<Vec<String>>;
    /// A family's revisions of every status (ACTIVE, INACTIVE, DELETE_IN_PROGRESS), newest first: one
    /// ListTaskDefinitions per status, every page.
    async fn list_task_definition_revisions(&self, family: &str) -> Result<Vec<RevisionRef>> {
        let mut found = std::collections::BTreeMap::new();
        // Statuses only move forward in this order: a revision that moved between two calls keeps the later.
        for status in RevisionStatus::ALL {
            for arn in self.list_task_definitions(family, status).await? {
                let r = RevisionRef::new(arn, status);
                found.insert((r.revision, r.arn.clone()), r);
            }
        }
        Ok(found.into_values().rev().collect())
    }

    // Logs: CloudWatch Logs reads, one page per call, made only while a logs view is open (their own
    // budget category). A missing group or stream is `BackendError::NotFound` naming which one. By default
    // a backend has no logs: both answer `BackendError::Api` with code `UnsupportedOperation`.

    /// GetLogEvents: one page (at most `limit`, 1 to 10,000) of one stream, oldest first, from `from`.
    async fn get_log_events(
        &self,
        group: &str,
        stream: &str,
        from: &LogFrom,
        limit: u32,
    ) -> Result<LogPage> {
        let _ = (group, stream, from, limit);
        Err(BackendError::no_logs("GetLogEvents"))
    }
    /// FilterLogEvents: one page of the events of the selected streams of `group` that match the search's
    /// pattern in its time range, merged by time.
    async fn filter_log_events(&self, group: &str, search: &LogSearch) -> Result<LogPage> {
        let _ = (group, search);
        Err(BackendError::no_logs("FilterLogEvents"))
    }

    // Writes. Each is one API call (or one batch), never retried by wharf when it is not idempotent, and
    // answers with the object as AWS returns it after the change.

    async fn update_service(
        &self,
        cluster: &str,
        service: &str,
        update: &ServiceUpdate,
    ) -> Result<Service>;
    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> Result<Task>;
    /// SSM StartSession with `document` (a port-forwarding one) on `target` (`ecs:cluster_task_runtime`):
    /// a session for the plugin. A backend without sessions answers `UnsupportedOperation`.
    async fn start_session(
        &self,
        target: &str,
        document: &str,
        parameters: &[(String, String)],
    ) -> Result<ExecSession> {
        let _ = (target, document, parameters);
        Err(BackendError::Api {
            code: "UnsupportedOperation".into(),
            message: "StartSession: this backend has no sessions".into(),
        })
    }
    /// SSM TerminateSession.
    async fn terminate_session(&self, session_id: &str) -> Result<()> {
        let _ = session_id;
        Err(BackendError::Api {
            code: "UnsupportedOperation".into(),
            message: "TerminateSession: this backend has no sessions".into(),
        })
    }
    /// ExecuteCommand, interactive: a session in `container` of `task` running `command`, for the
    /// session-manager-plugin. A backend without ECS Exec answers `UnsupportedOperation`.
    async fn execute_command(
        &self,
        cluster: &str,
        task: &str,
        container: &str,
        command: &str,
    ) -> Result<ExecSession> {
        let _ = (cluster, task, container, command);
        Err(BackendError::Api {
            code: "UnsupportedOperation".into(),
            message: "ExecuteCommand: this backend has no ECS Exec".into(),
        })
    }
    /// RegisterTaskDefinition: a new revision of `base` (ARN or `family:revision`) with every field kept as
    /// it is except the images of the containers named in `images` (container name, new image).
    async fn register_task_definition(
        &self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<TaskDefinition>;
    /// StopServiceDeployment with stopType ROLLBACK.
    async fn stop_service_deployment(&self, deployment_arn: &str) -> Result<()>;
    /// ContinueServiceDeployment: releases the pause hook `hook_id` of a deployment with CONTINUE or
    /// ROLLBACK.
    async fn continue_service_deployment(
        &self,
        deployment_arn: &str,
        hook_id: &str,
        action: HookAction,
    ) -> Result<()>;
    /// DeleteService; `force` deletes it without scaling it to 0 first.
    async fn delete_service(&self, cluster: &str, service: &str, force: bool) -> Result<Service>;
    async fn delete_cluster(&self, cluster: &str) -> Result<Cluster>;
    async fn deregister_container_instance(
        &self,
        cluster: &str,
        container_instance: &str,
        force: bool,
    ) -> Result<ContainerInstance>;
    /// Marks a revision INACTIVE (running tasks keep it).
    async fn deregister_task_definition(&self, arn: &str) -> Result<TaskDefinition>;
    /// DeleteTaskDefinitions for INACTIVE revisions, batched 10 per call.
    async fn delete_task_definitions(&self, arns: &[String]) -> Result<Described<TaskDefinition>>;
    async fn delete_listener(&self, arn: &str) -> Result<()>;
    async fn delete_load_balancer(&self, arn: &str) -> Result<()>;
    async fn delete_target_group(&self, arn: &str) -> Result<()>;

    // Capacity

    /// DescribeCapacityProviders for these names or ARNs (FARGATE and FARGATE_SPOT included), every page;
    /// names ECS does not know are left out. No names: no call, nothing.
    async fn describe_capacity_providers(&self, names: &[String]) -> Result<Vec<CapacityProvider>>;
    /// UpdateContainerInstancesState: sets instances (ARNs or ids) ACTIVE or DRAINING, at most 10 a call
    /// (the implementation batches). A write: each batch is sent once. Unknown instances come back as
    /// failures (MISSING).
    async fn update_container_instances_state(
        &self,
        cluster: &str,
        arns: &[String],
        status: ContainerInstanceStatus,
    ) -> Result<Described<ContainerInstance>>;

    /// GetTaskProtection: the scale-in protection of these tasks (ARNs), at most 10 a call (the
    /// implementation batches). Unknown tasks come back as failures.
    async fn get_task_protection(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> Result<Described<TaskProtection>>;

    /// UpdateTaskProtection: protect these tasks from scale-in for `minutes` (1 to 2880), or (`None`) end
    /// their protection. At most 10 a call (the implementation batches); a write: each batch is sent once.
    /// Tasks ECS did not change come back as failures.
    async fn update_task_protection(
        &self,
        cluster: &str,
        tasks: &[String],
        minutes: Option<u32>,
    ) -> Result<Described<TaskProtection>>;

    /// The family's newest ACTIVE revision when it is newer than `base` and is `base` with `images` in every
    /// field RegisterTaskDefinition takes: a copy registered before (its answer lost, say) that a deploy may
    /// use instead of registering another. Only a backend knows every field, so it decides. `None` when
    /// there is none or the backend cannot tell, as by default: a new revision is harmless, reusing one
    /// nobody confirmed is not.
    async fn registered_copy(
        &self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<Option<TaskDefinition>> {
        let _ = (base, images);
        Ok(None)
    }
}
