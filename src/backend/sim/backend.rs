//! `Sim`: the sandbox region behind wharf's `Backend` trait.

use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;

use super::clock::{Pacer, SimClock};
use super::draining::UPDATE_STATE_BATCH;
use super::errors;
use super::ids;
use super::protection::PROTECTION_BATCH;
use super::scenarios;
use super::taskdef_ops::DELETE_BATCH;
use super::world::World;
use crate::backend::clean::cleaned;
use crate::backend::{Backend, BackendInfo, Described, Page, Result, ServiceUpdate};
use crate::model::Texts;

/// ListServices' largest page, as on AWS.
const LIST_PAGE: usize = 100;
use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, ContainerInstanceStatus, ExecSession, HookAction,
    Listener, ListenerRule, LoadBalancer, RevisionStatus, Service, ServiceDeployment,
    ServiceDeploymentBrief, ServiceRevision, TargetGroup, TargetHealth, Task, TaskDefinition,
    TaskFilter, TaskProtection, Timestamp,
};
use crate::model::{LogFrom, LogPage, LogSearch};

/// The sandbox region. Cheap to clone: clones share one world.
#[derive(Clone)]
pub struct Sim {
    world: Arc<Mutex<World>>,
    clock: SimClock,
    pacer: Arc<Mutex<Pacer>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Sim {
    pub fn new(world: World, clock: SimClock) -> Sim {
        Sim {
            world: Arc::new(Mutex::new(world)),
            clock,
            pacer: Arc::new(Mutex::new(Pacer::new())),
        }
    }

    /// The demo region (see `scenarios`), already warmed up.
    pub fn demo(seed: u64, clock: SimClock) -> Sim {
        Sim::new(scenarios::demo_world(seed, clock), clock)
    }

    pub fn clock(&self) -> SimClock {
        self.clock
    }

    /// Moves virtual time forward by `ms` (any clock).
    pub fn advance(&self, ms: i64) {
        lock(&self.world).advance(ms);
    }

    /// Runs `f` on the world under the lock: for tests, scenarios and sandbox-only actions.
    pub fn with_world<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        self.sync();
        f(&mut lock(&self.world))
    }

    /// Realtime clocks catch up with real time here.
    fn sync(&self) {
        if let SimClock::Realtime { speed } = self.clock {
            let due = lock(&self.pacer).take(speed);
            if due > 0 {
                lock(&self.world).advance(due);
            }
        }
    }

    /// Every answer leaves the sandbox here: with the hostile text appended when a test asked for it, then
    /// cleaned like any backend's.
    pub(super) fn answer<T: Texts>(&self, mut result: Result<T>) -> Result<T> {
        let world = lock(&self.world);
        match &mut result {
            Ok(value) => world.poison(value),
            Err(error) => world.poison(error),
        }
        drop(world);
        cleaned(result)
    }

    pub(super) fn read<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        self.sync();
        f(&lock(&self.world))
    }
}

#[async_trait]
impl Backend for Sim {
    fn info(&self) -> BackendInfo {
        BackendInfo {
            profile: "sandbox".into(),
            region: ids::REGION.into(),
            account_id: Some(ids::ACCOUNT.into()),
            endpoint: None,
            clock_speed: match self.clock {
                SimClock::Realtime { speed } => Some(speed),
                SimClock::Manual => None,
            },
            simulated: true,
        }
    }

    fn now(&self) -> Timestamp {
        self.read(|w| w.now())
    }

    async fn list_clusters(&self) -> Result<Vec<String>> {
        self.answer(Ok(self.read(|w| w.cluster_arns())))
    }

    async fn describe_clusters(&self, arns: &[String]) -> Result<Described<Cluster>> {
        self.answer(Ok(self.read(|w| w.describe_clusters(arns))))
    }

    async fn list_services(&self, cluster: &str) -> Result<Vec<String>> {
        self.answer(self.read(|w| {
            w.service_arns(cluster)
                .ok_or_else(errors::cluster_not_found)
        }))
    }

    async fn list_services_page(&self, cluster: &str, token: Option<&str>) -> Result<Page> {
        self.answer(
            async {
                let all = self.list_services(cluster).await?;
                page_of(all, token)
            }
            .await,
        )
    }

    async fn describe_services(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<Service>> {
        self.answer(self.read(|w| w.describe_services(cluster, arns)))
    }

    async fn list_tasks(&self, cluster: &str, filter: &TaskFilter) -> Result<Vec<String>> {
        self.answer(self.read(|w| w.list_tasks(cluster, filter)))
    }

    async fn list_tasks_page(
        &self,
        cluster: &str,
        filter: &TaskFilter,
        token: Option<&str>,
    ) -> Result<Page> {
        // Pages by ARN, each starting after the last one handed out: a task that stops or goes between
        // two pages shifts nothing, so none is skipped.
        let mut all = self.list_tasks(cluster, filter).await?;
        all.sort();
        let from = token.map_or(0, |after| all.partition_point(|a| a.as_str() <= after));
        let to = (from + LIST_PAGE).min(all.len());
        let arns = all.get(from..to).unwrap_or_default().to_vec();
        let next = (to < all.len()).then(|| arns.last().cloned()).flatten();
        self.answer(Ok(Page { arns, next }))
    }

    async fn describe_tasks(&self, cluster: &str, arns: &[String]) -> Result<Described<Task>> {
        self.answer(self.read(|w| w.describe_tasks(cluster, arns)))
    }

    async fn describe_task_definition(&self, arn: &str) -> Result<TaskDefinition> {
        self.answer(self.read(|w| {
            w.task_definition(arn)
                .ok_or_else(errors::unable_to_describe_task_definition)
        }))
    }

    async fn list_container_instances(&self, cluster: &str) -> Result<Vec<String>> {
        self.answer(self.read(|w| w.list_container_instances(cluster)))
    }

    async fn describe_container_instances(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<ContainerInstance>> {
        self.answer(self.read(|w| w.describe_container_instances(cluster, arns)))
    }

    async fn describe_load_balancers(&self, arns: &[String]) -> Result<Vec<LoadBalancer>> {
        self.answer(self.read(|w| w.describe_load_balancers(arns)))
    }

    async fn describe_target_groups(&self, arns: &[String]) -> Result<Vec<TargetGroup>> {
        self.answer(self.read(|w| w.describe_target_groups(arns)))
    }

    async fn describe_target_health(&self, target_group_arn: &str) -> Result<Vec<TargetHealth>> {
        self.answer(self.read(|w| {
            w.target_health(target_group_arn)
                .ok_or_else(errors::target_group_not_found)
        }))
    }

    async fn list_task_definitions(
        &self,
        family: &str,
        status: RevisionStatus,
    ) -> Result<Vec<String>> {
        self.answer(Ok(self.read(|w| w.list_task_definitions(family, status))))
    }

    async fn list_task_definition_families(
        &self,
        status: Option<RevisionStatus>,
    ) -> Result<Vec<String>> {
        self.answer(self.read(|w| w.list_task_definition_families(status)))
    }

    async fn list_service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> Result<Vec<ServiceDeploymentBrief>> {
        self.answer(self.read(|w| w.list_service_deployments(cluster, service)))
    }

    async fn describe_service_deployments(
        &self,
        arns: &[String],
    ) -> Result<Described<ServiceDeployment>> {
        self.answer(self.read(|w| Ok(w.describe_service_deployments(arns))))
    }

    async fn describe_service_revisions(
        &self,
        arns: &[String],
    ) -> Result<Described<ServiceRevision>> {
        self.answer(self.read(|w| Ok(w.describe_service_revisions(arns))))
    }

    async fn describe_listeners(&self, load_balancer_arn: &str) -> Result<Vec<Listener>> {
        self.answer(self.read(|w| w.describe_listeners(load_balancer_arn)))
    }

    async fn describe_rules(&self, listener_arn: &str) -> Result<Vec<ListenerRule>> {
        self.answer(self.read(|w| w.describe_rules(listener_arn)))
    }

    async fn describe_target_groups_of_load_balancer(
        &self,
        load_balancer_arn: &str,
    ) -> Result<Vec<TargetGroup>> {
        self.answer(self.read(|w| w.describe_target_groups_of_load_balancer(load_balancer_arn)))
    }

    // Logs

    async fn get_log_events(
        &self,
        group: &str,
        stream: &str,
        from: &LogFrom,
        limit: u32,
    ) -> Result<LogPage> {
        self.answer(self.read(|w| w.get_log_events(group, stream, from, limit)))
    }

    async fn filter_log_events(&self, group: &str, search: &LogSearch) -> Result<LogPage> {
        self.answer(self.read(|w| w.filter_log_events(group, search)))
    }

    async fn update_service(
        &self,
        cluster: &str,
        service: &str,
        update: &ServiceUpdate,
    ) -> Result<Service> {
        self.answer(self.with_world(|w| w.update_service(cluster, service, update)))
    }

    async fn start_session(
        &self,
        target: &str,
        _document: &str,
        parameters: &[(String, String)],
    ) -> Result<ExecSession> {
        self.answer(self.read(|w| w.start_session(target, parameters)))
    }

    async fn terminate_session(&self, _session_id: &str) -> Result<()> {
        self.answer(Ok(()))
    }

    async fn execute_command(
        &self,
        cluster: &str,
        task: &str,
        container: &str,
        command: &str,
    ) -> Result<ExecSession> {
        self.answer(self.read(|w| w.execute_command(cluster, task, container, command)))
    }

    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> Result<Task> {
        self.answer(self.with_world(|w| w.stop_task(cluster, task, reason)))
    }

    async fn register_task_definition(
        &self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<TaskDefinition> {
        self.answer(self.with_world(|w| w.register_revision(base, images)))
    }

    async fn stop_service_deployment(&self, deployment_arn: &str) -> Result<()> {
        self.answer(self.with_world(|w| w.stop_service_deployment(deployment_arn)))
    }

    async fn continue_service_deployment(
        &self,
        deployment_arn: &str,
        hook_id: &str,
        action: HookAction,
    ) -> Result<()> {
        self.answer(
            self.with_world(|w| w.continue_service_deployment(deployment_arn, hook_id, action)),
        )
    }

    async fn delete_service(&self, cluster: &str, service: &str, force: bool) -> Result<Service> {
        self.answer(self.with_world(|w| w.delete_service(cluster, service, force)))
    }

    async fn delete_cluster(&self, cluster: &str) -> Result<Cluster> {
        self.answer(self.with_world(|w| w.delete_cluster(cluster)))
    }

    async fn deregister_container_instance(
        &self,
        cluster: &str,
        container_instance: &str,
        force: bool,
    ) -> Result<ContainerInstance> {
        self.answer(
            self.with_world(|w| {
                w.deregister_container_instance(cluster, container_instance, force)
            }),
        )
    }

    async fn deregister_task_definition(&self, arn: &str) -> Result<TaskDefinition> {
        self.answer(self.with_world(|w| w.deregister_task_definition(arn)))
    }

    /// One DeleteTaskDefinitions call per 10 revisions, as the AWS backend batches them.
    async fn delete_task_definitions(&self, arns: &[String]) -> Result<Described<TaskDefinition>> {
        self.answer(
            async {
                self.with_world(|w| {
                    let mut all = Described::default();
                    for batch in arns.chunks(DELETE_BATCH) {
                        let d = w.delete_task_definitions(batch)?;
                        all.items.extend(d.items);
                        all.failures.extend(d.failures);
                    }
                    Ok(all)
                })
            }
            .await,
        )
    }

    async fn delete_listener(&self, arn: &str) -> Result<()> {
        self.answer(self.with_world(|w| w.delete_listener(arn)))
    }

    async fn delete_load_balancer(&self, arn: &str) -> Result<()> {
        self.answer(self.with_world(|w| w.delete_load_balancer(arn)))
    }

    async fn delete_target_group(&self, arn: &str) -> Result<()> {
        self.answer(self.with_world(|w| w.delete_target_group(arn)))
    }

    // Capacity

    async fn describe_capacity_providers(&self, names: &[String]) -> Result<Vec<CapacityProvider>> {
        self.answer(Ok(self.read(|w| w.describe_capacity_providers(names))))
    }

    /// One UpdateContainerInstancesState call per 10 instances, as the AWS backend batches them.
    async fn update_container_instances_state(
        &self,
        cluster: &str,
        arns: &[String],
        status: ContainerInstanceStatus,
    ) -> Result<Described<ContainerInstance>> {
        self.answer(
            async {
                self.with_world(|w| {
                    let mut all = Described::default();
                    for batch in arns.chunks(UPDATE_STATE_BATCH) {
                        let d =
                            w.update_container_instances_state(cluster, batch, status.as_str())?;
                        all.items.extend(d.items);
                        all.failures.extend(d.failures);
                    }
                    Ok(all)
                })
            }
            .await,
        )
    }

    /// One call per 10 tasks, as the AWS backend batches them.
    async fn get_task_protection(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> Result<Described<TaskProtection>> {
        self.answer(self.read(|w| {
            let mut all = Described::default();
            for batch in tasks.chunks(PROTECTION_BATCH) {
                let d = w.get_task_protection(cluster, batch)?;
                all.items.extend(d.items);
                all.failures.extend(d.failures);
            }
            Ok(all)
        }))
    }

    async fn update_task_protection(
        &self,
        cluster: &str,
        tasks: &[String],
        minutes: Option<u32>,
    ) -> Result<Described<TaskProtection>> {
        self.answer(
            async {
                self.with_world(|w| {
                    let mut all = Described::default();
                    for batch in tasks.chunks(PROTECTION_BATCH) {
                        let d = w.update_task_protection(cluster, batch, minutes)?;
                        all.items.extend(d.items);
                        all.failures.extend(d.failures);
                    }
                    Ok(all)
                })
            }
            .await,
        )
    }

    async fn registered_copy(
        &self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<Option<TaskDefinition>> {
        self.answer(self.read(|w| w.registered_copy(base, images)))
    }
}

/// The page of `all` that `token` (an index, as this backend hands them out) starts, ECS's size.
fn page_of(all: Vec<String>, token: Option<&str>) -> Result<Page> {
    let from = match token {
        None => 0,
        Some(t) => t
            .parse::<usize>()
            .map_err(|_| errors::invalid_parameter("The nextToken is not valid."))?,
    };
    let to = (from + LIST_PAGE).min(all.len());
    Ok(Page {
        arns: all.get(from..to).unwrap_or_default().to_vec(),
        next: (to < all.len()).then(|| to.to_string()),
    })
}
