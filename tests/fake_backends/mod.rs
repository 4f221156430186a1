//! Backends that misbehave on purpose, for the runtime's tests.

use async_trait::async_trait;
use wharf::backend::{Backend, BackendInfo, Described, MetricsScaling, Result, ServiceUpdate};
use wharf::model::*;

/// What every call of a `Misbehaving` backend does.
#[derive(Debug, Clone, Copy)]
pub enum Misbehaviour {
    /// Never answers, like an endpoint that accepts connections and never replies.
    Hang,
    /// Panics, like a bug in a backend.
    Panic,
    /// Answers "not found" after this long, making a call every second meanwhile, like a read of thousands
    /// of tasks; except ListClusters, which hangs without a call.
    Busy(std::time::Duration),
}

pub struct Misbehaving(pub Misbehaviour);

#[allow(dead_code)] // each test binary uses the one it needs
pub const HANGING: Misbehaving = Misbehaving(Misbehaviour::Hang);
#[allow(dead_code)]
pub const PANICKING: Misbehaving = Misbehaving(Misbehaviour::Panic);
#[allow(dead_code)]
pub const BUSY_150_S: Misbehaving =
    Misbehaving(Misbehaviour::Busy(std::time::Duration::from_secs(150)));

impl Misbehaving {
    async fn call<T>(&self) -> Result<T> {
        match self.0 {
            Misbehaviour::Hang => std::future::pending().await,
            Misbehaviour::Panic => panic!("the backend broke (a deliberate panic in a test)"),
            Misbehaviour::Busy(d) => {
                for _ in 0..d.as_secs() {
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    wharf::backend::progress::record_call();
                }
                Err(wharf::backend::BackendError::NotFound {
                    what: "what the busy backend was asked for".into(),
                })
            }
        }
    }
}

/// No metrics or auto scaling: every such call answers UnsupportedOperation.
impl MetricsScaling for Misbehaving {}

#[async_trait]
impl Backend for Misbehaving {
    fn info(&self) -> BackendInfo {
        BackendInfo {
            profile: "fake".into(),
            region: "nowhere-1".into(),
            ..Default::default()
        }
    }
    fn now(&self) -> Timestamp {
        Timestamp(0)
    }
    async fn list_clusters(&self) -> Result<Vec<String>> {
        if let Misbehaviour::Busy(_) = self.0 {
            return std::future::pending().await;
        }
        self.call().await
    }
    async fn describe_clusters(&self, _: &[String]) -> Result<Described<Cluster>> {
        self.call().await
    }
    async fn list_services(&self, _: &str) -> Result<Vec<String>> {
        self.call().await
    }
    async fn describe_services(&self, _: &str, _: &[String]) -> Result<Described<Service>> {
        self.call().await
    }
    async fn list_tasks(&self, _: &str, _: &TaskFilter) -> Result<Vec<String>> {
        self.call().await
    }
    async fn describe_tasks(&self, _: &str, _: &[String]) -> Result<Described<Task>> {
        self.call().await
    }
    async fn describe_task_definition(&self, _: &str) -> Result<TaskDefinition> {
        self.call().await
    }
    async fn list_container_instances(&self, _: &str) -> Result<Vec<String>> {
        self.call().await
    }
    async fn describe_container_instances(
        &self,
        _: &str,
        _: &[String],
    ) -> Result<Described<ContainerInstance>> {
        self.call().await
    }
    async fn describe_load_balancers(&self, _: &[String]) -> Result<Vec<LoadBalancer>> {
        self.call().await
    }
    async fn describe_target_groups(&self, _: &[String]) -> Result<Vec<TargetGroup>> {
        self.call().await
    }
    async fn describe_target_health(&self, _: &str) -> Result<Vec<TargetHealth>> {
        self.call().await
    }
    async fn list_task_definitions(&self, _: &str, _: RevisionStatus) -> Result<Vec<String>> {
        self.call().await
    }
    async fn list_task_definition_families(
        &self,
        _: Option<RevisionStatus>,
    ) -> Result<Vec<String>> {
        self.call().await
    }
    async fn list_service_deployments(
        &self,
        _: &str,
        _: &str,
    ) -> Result<Vec<ServiceDeploymentBrief>> {
        self.call().await
    }
    async fn describe_service_deployments(
        &self,
        _: &[String],
    ) -> Result<Described<ServiceDeployment>> {
        self.call().await
    }
    async fn describe_service_revisions(&self, _: &[String]) -> Result<Described<ServiceRevision>> {
        self.call().await
    }
    async fn continue_service_deployment(&self, _: &str, _: &str, _: HookAction) -> Result<()> {
        self.call().await
    }
    async fn describe_listeners(&self, _: &str) -> Result<Vec<Listener>> {
        self.call().await
    }
    async fn describe_rules(&self, _: &str) -> Result<Vec<ListenerRule>> {
        self.call().await
    }
    async fn update_service(&self, _: &str, _: &str, _: &ServiceUpdate) -> Result<Service> {
        self.call().await
    }
    async fn stop_task(&self, _: &str, _: &str, _: &str) -> Result<Task> {
        self.call().await
    }
    async fn register_task_definition(
        &self,
        _: &str,
        _: &[(String, String)],
    ) -> Result<TaskDefinition> {
        self.call().await
    }
    async fn stop_service_deployment(&self, _: &str) -> Result<()> {
        self.call().await
    }
    async fn delete_service(&self, _: &str, _: &str, _: bool) -> Result<Service> {
        self.call().await
    }
    async fn delete_cluster(&self, _: &str) -> Result<Cluster> {
        self.call().await
    }
    async fn deregister_container_instance(
        &self,
        _: &str,
        _: &str,
        _: bool,
    ) -> Result<ContainerInstance> {
        self.call().await
    }
    async fn deregister_task_definition(&self, _: &str) -> Result<TaskDefinition> {
        self.call().await
    }
    async fn delete_task_definitions(&self, _: &[String]) -> Result<Described<TaskDefinition>> {
        self.call().await
    }
    async fn delete_listener(&self, _: &str) -> Result<()> {
        self.call().await
    }
    async fn delete_load_balancer(&self, _: &str) -> Result<()> {
        self.call().await
    }
    async fn delete_target_group(&self, _: &str) -> Result<()> {
        self.call().await
    }
    async fn describe_capacity_providers(&self, _: &[String]) -> Result<Vec<CapacityProvider>> {
        self.call().await
    }
    async fn update_container_instances_state(
        &self,
        _: &str,
        _: &[String],
        _: ContainerInstanceStatus,
    ) -> Result<Described<ContainerInstance>> {
        self.call().await
    }
    async fn get_task_protection(
        &self,
        _: &str,
        _: &[String],
    ) -> Result<Described<wharf::model::TaskProtection>> {
        self.call().await
    }
    async fn update_task_protection(
        &self,
        _: &str,
        _: &[String],
        _: Option<u32>,
    ) -> Result<Described<wharf::model::TaskProtection>> {
        self.call().await
    }
}
