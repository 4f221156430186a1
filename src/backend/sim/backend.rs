//! `Sim`: the sandbox region behind wharf's `Backend` trait.

use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;

use super::clock::{Pacer, SimClock};
use super::errors;
use super::ids;
use super::scenarios;
use super::world::World;
use crate::backend::{Backend, BackendInfo, Described, Result, ServiceUpdate};
use crate::model::{
    Cluster, ContainerInstance, Listener, ListenerRule, LoadBalancer, RevisionStatus, Service,
    ServiceDeploymentBrief, TargetGroup, TargetHealth, Task, TaskDefinition, TaskFilter, Timestamp,
};

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

    fn read<R>(&self, f: impl FnOnce(&World) -> R) -> R {
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
        }
    }

    fn now(&self) -> Timestamp {
        self.read(|w| w.now())
    }

    async fn list_clusters(&self) -> Result<Vec<String>> {
        Ok(self.read(|w| w.cluster_arns()))
    }

    async fn describe_clusters(&self, arns: &[String]) -> Result<Described<Cluster>> {
        Ok(self.read(|w| w.describe_clusters(arns)))
    }

    async fn list_services(&self, cluster: &str) -> Result<Vec<String>> {
        self.read(|w| {
            w.service_arns(cluster)
                .ok_or_else(errors::cluster_not_found)
        })
    }

    async fn describe_services(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<Service>> {
        self.read(|w| w.describe_services(cluster, arns))
    }

    async fn list_tasks(&self, cluster: &str, filter: &TaskFilter) -> Result<Vec<String>> {
        self.read(|w| w.list_tasks(cluster, filter))
    }

    async fn describe_tasks(&self, cluster: &str, arns: &[String]) -> Result<Described<Task>> {
        self.read(|w| w.describe_tasks(cluster, arns))
    }

    async fn describe_task_definition(&self, arn: &str) -> Result<TaskDefinition> {
        self.read(|w| {
            w.task_definition(arn)
                .ok_or_else(|| errors::client("Unable to describe task definition."))
        })
    }

    async fn list_container_instances(&self, cluster: &str) -> Result<Vec<String>> {
        self.read(|w| w.list_container_instances(cluster))
    }

    async fn describe_container_instances(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<ContainerInstance>> {
        self.read(|w| w.describe_container_instances(cluster, arns))
    }

    async fn describe_load_balancers(&self, arns: &[String]) -> Result<Vec<LoadBalancer>> {
        self.read(|w| w.describe_load_balancers(arns))
    }

    async fn describe_target_groups(&self, arns: &[String]) -> Result<Vec<TargetGroup>> {
        self.read(|w| w.describe_target_groups(arns))
    }

    async fn describe_target_health(&self, target_group_arn: &str) -> Result<Vec<TargetHealth>> {
        self.read(|w| {
            w.target_health(target_group_arn)
                .ok_or_else(errors::target_group_not_found)
        })
    }

    // TEMPORARY while the sandbox's writes are being built (replaced before commit).
    async fn list_task_definitions(&self, _: &str, _: RevisionStatus) -> Result<Vec<String>> {
        Err(errors::client("not built yet"))
    }
    async fn list_service_deployments(
        &self,
        _: &str,
        _: &str,
    ) -> Result<Vec<ServiceDeploymentBrief>> {
        Err(errors::client("not built yet"))
    }
    async fn describe_listeners(&self, _: &str) -> Result<Vec<Listener>> {
        Err(errors::client("not built yet"))
    }
    async fn describe_rules(&self, _: &str) -> Result<Vec<ListenerRule>> {
        Err(errors::client("not built yet"))
    }
    async fn update_service(&self, _: &str, _: &str, _: &ServiceUpdate) -> Result<Service> {
        Err(errors::client("not built yet"))
    }
    async fn stop_task(&self, _: &str, _: &str, _: &str) -> Result<Task> {
        Err(errors::client("not built yet"))
    }
    async fn register_task_definition(
        &self,
        _: &str,
        _: &[(String, String)],
    ) -> Result<TaskDefinition> {
        Err(errors::client("not built yet"))
    }
    async fn stop_service_deployment(&self, _: &str) -> Result<()> {
        Err(errors::client("not built yet"))
    }
    async fn delete_service(&self, _: &str, _: &str, _: bool) -> Result<Service> {
        Err(errors::client("not built yet"))
    }
    async fn delete_cluster(&self, _: &str) -> Result<Cluster> {
        Err(errors::client("not built yet"))
    }
    async fn deregister_container_instance(
        &self,
        _: &str,
        _: &str,
        _: bool,
    ) -> Result<ContainerInstance> {
        Err(errors::client("not built yet"))
    }
    async fn deregister_task_definition(&self, _: &str) -> Result<TaskDefinition> {
        Err(errors::client("not built yet"))
    }
    async fn delete_task_definitions(&self, _: &[String]) -> Result<Described<TaskDefinition>> {
        Err(errors::client("not built yet"))
    }
    async fn delete_listener(&self, _: &str) -> Result<()> {
        Err(errors::client("not built yet"))
    }
    async fn delete_load_balancer(&self, _: &str) -> Result<()> {
        Err(errors::client("not built yet"))
    }
    async fn delete_target_group(&self, _: &str) -> Result<()> {
        Err(errors::client("not built yet"))
    }
}
