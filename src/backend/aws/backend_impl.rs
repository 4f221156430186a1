//! `Backend` for `Aws`: each trait method is one read of `ecs.rs`/`elb.rs` or one write of `writes.rs`,
//! `elb_writes.rs` or `deployments.rs`.

use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;

use super::{capacity, convert, deployments, elb_writes, protection, writes, Aws, ServiceUpdate};
use crate::backend::clean::cleaned;
use crate::backend::{Backend, BackendInfo, Described, Page, Result};
use crate::model::text::clean_all;
use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, ContainerInstanceStatus, ExecSession, HookAction,
    Listener, ListenerRule, LoadBalancer, RevisionStatus, Service, ServiceDeployment,
    ServiceDeploymentBrief, ServiceRevision, TargetGroup, TargetHealth, Task, TaskDefinition,
    TaskFilter, TaskProtection, Timestamp,
};
use crate::model::{LogFrom, LogPage, LogSearch};

#[async_trait]
impl Backend for Aws {
    fn info(&self) -> BackendInfo {
        // The profile comes from the environment or a config file, the account from STS: text like any other.
        let mut info = BackendInfo {
            profile: self.profile.clone(),
            region: self.region.clone(),
            account_id: self
                .account_id
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
            endpoint: self.endpoint.clone(),
            clock_speed: None,
            simulated: false,
        };
        clean_all(&mut info);
        info
    }

    fn now(&self) -> Timestamp {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Timestamp(ms)
    }

    async fn list_clusters(&self) -> Result<Vec<String>> {
        cleaned(
            async {
                let arns = match self.take_first_list() {
                    Some(arns) => arns,
                    None => self.list_cluster_arns().await?,
                };
                self.learn_account(&arns);
                Ok(arns)
            }
            .await,
        )
    }

    async fn describe_clusters(&self, arns: &[String]) -> Result<Described<Cluster>> {
        cleaned(self.describe_cluster_batches(arns).await)
    }

    async fn list_services(&self, cluster: &str) -> Result<Vec<String>> {
        cleaned(self.list_service_arns(cluster).await)
    }

    async fn list_services_page(&self, cluster: &str, token: Option<&str>) -> Result<Page> {
        cleaned(self.list_service_page(cluster, token).await)
    }

    async fn describe_services(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<Service>> {
        cleaned(self.describe_service_batches(cluster, arns).await)
    }

    async fn list_tasks(&self, cluster: &str, filter: &TaskFilter) -> Result<Vec<String>> {
        cleaned(self.list_task_arns(cluster, filter).await)
    }

    async fn list_tasks_page(
        &self,
        cluster: &str,
        filter: &TaskFilter,
        token: Option<&str>,
    ) -> Result<Page> {
        cleaned(self.list_task_page(cluster, filter, token).await)
    }

    async fn describe_tasks(&self, cluster: &str, arns: &[String]) -> Result<Described<Task>> {
        cleaned(self.describe_task_batches(cluster, arns).await)
    }

    async fn describe_task_definition(&self, arn: &str) -> Result<TaskDefinition> {
        cleaned(
            async {
                let td = self.task_definition_cached(arn).await?;
                Ok(convert::task_definition(&td))
            }
            .await,
        )
    }

    async fn list_container_instances(&self, cluster: &str) -> Result<Vec<String>> {
        cleaned(self.list_container_instance_arns(cluster).await)
    }

    async fn describe_container_instances(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<ContainerInstance>> {
        cleaned(
            self.describe_container_instance_batches(cluster, arns)
                .await,
        )
    }

    async fn ec2_instance_ids(
        &self,
        cluster: &str,
        container_instance_arns: &[String],
    ) -> Result<(std::collections::HashMap<String, String>, u32)> {
        cleaned(
            self.ec2_instance_ids_kept(cluster, container_instance_arns)
                .await,
        )
    }

    async fn describe_load_balancers(&self, arns: &[String]) -> Result<Vec<LoadBalancer>> {
        cleaned(self.load_balancers(arns).await)
    }

    async fn describe_target_groups(&self, arns: &[String]) -> Result<Vec<TargetGroup>> {
        cleaned(self.target_groups(arns).await)
    }

    async fn describe_target_health(&self, target_group_arn: &str) -> Result<Vec<TargetHealth>> {
        cleaned(self.target_health(target_group_arn).await)
    }

    async fn list_task_definitions(
        &self,
        family: &str,
        status: RevisionStatus,
    ) -> Result<Vec<String>> {
        cleaned(self.list_task_definition_arns(family, status).await)
    }

    async fn list_task_definition_families(
        &self,
        status: Option<RevisionStatus>,
    ) -> Result<Vec<String>> {
        cleaned(self.list_family_names(status).await)
    }

    async fn list_service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> Result<Vec<ServiceDeploymentBrief>> {
        cleaned(deployments::list(self, cluster, service).await)
    }

    async fn describe_service_deployments(
        &self,
        arns: &[String],
    ) -> Result<Described<ServiceDeployment>> {
        cleaned(deployments::describe(self, arns).await)
    }

    async fn describe_service_revisions(
        &self,
        arns: &[String],
    ) -> Result<Described<ServiceRevision>> {
        cleaned(deployments::revisions(self, arns).await)
    }

    async fn describe_listeners(&self, load_balancer_arn: &str) -> Result<Vec<Listener>> {
        cleaned(self.listeners(load_balancer_arn).await)
    }

    async fn describe_rules(&self, listener_arn: &str) -> Result<Vec<ListenerRule>> {
        cleaned(self.rules(listener_arn).await)
    }

    async fn describe_target_groups_of_load_balancer(
        &self,
        load_balancer_arn: &str,
    ) -> Result<Vec<TargetGroup>> {
        cleaned(self.target_groups_of_load_balancer(load_balancer_arn).await)
    }

    // Logs

    async fn get_log_events(
        &self,
        group: &str,
        stream: &str,
        from: &LogFrom,
        limit: u32,
    ) -> Result<LogPage> {
        cleaned(self.log_events(group, stream, from, limit).await)
    }

    async fn filter_log_events(&self, group: &str, search: &LogSearch) -> Result<LogPage> {
        cleaned(self.search_log_events(group, search).await)
    }

    // Writes: each goes through a client that sends it once (see `ecs_write`).

    async fn update_service(
        &self,
        cluster: &str,
        service: &str,
        update: &ServiceUpdate,
    ) -> Result<Service> {
        cleaned(writes::update_service(self, cluster, service, update).await)
    }

    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> Result<Task> {
        cleaned(writes::stop_task(self, cluster, task, reason).await)
    }

    async fn start_session(
        &self,
        target: &str,
        document: &str,
        parameters: &[(String, String)],
    ) -> Result<ExecSession> {
        cleaned(super::exec::start_session(self, target, document, parameters).await)
    }

    async fn terminate_session(&self, session_id: &str) -> Result<()> {
        cleaned(super::exec::terminate_session(self, session_id).await)
    }

    async fn execute_command(
        &self,
        cluster: &str,
        task: &str,
        container: &str,
        command: &str,
    ) -> Result<ExecSession> {
        cleaned(super::exec::execute_command(self, cluster, task, container, command).await)
    }

    async fn register_task_definition(
        &self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<TaskDefinition> {
        cleaned(writes::register_task_definition(self, base, images).await)
    }

    async fn stop_service_deployment(&self, deployment_arn: &str) -> Result<()> {
        cleaned(deployments::roll_back(self, deployment_arn).await)
    }

    async fn continue_service_deployment(
        &self,
        deployment_arn: &str,
        hook_id: &str,
        action: HookAction,
    ) -> Result<()> {
        cleaned(deployments::continue_hook(self, deployment_arn, hook_id, action).await)
    }

    async fn delete_service(&self, cluster: &str, service: &str, force: bool) -> Result<Service> {
        cleaned(writes::delete_service(self, cluster, service, force).await)
    }

    async fn delete_cluster(&self, cluster: &str) -> Result<Cluster> {
        cleaned(writes::delete_cluster(self, cluster).await)
    }

    async fn deregister_container_instance(
        &self,
        cluster: &str,
        container_instance: &str,
        force: bool,
    ) -> Result<ContainerInstance> {
        cleaned(
            writes::deregister_container_instance(self, cluster, container_instance, force).await,
        )
    }

    async fn deregister_task_definition(&self, arn: &str) -> Result<TaskDefinition> {
        cleaned(writes::deregister_task_definition(self, arn).await)
    }

    async fn delete_task_definitions(&self, arns: &[String]) -> Result<Described<TaskDefinition>> {
        cleaned(writes::delete_task_definitions(self, arns).await)
    }

    async fn delete_listener(&self, arn: &str) -> Result<()> {
        cleaned(elb_writes::delete_listener(self, arn).await)
    }

    async fn delete_load_balancer(&self, arn: &str) -> Result<()> {
        cleaned(elb_writes::delete_load_balancer(self, arn).await)
    }

    async fn delete_target_group(&self, arn: &str) -> Result<()> {
        cleaned(elb_writes::delete_target_group(self, arn).await)
    }

    // Capacity

    async fn describe_capacity_providers(&self, names: &[String]) -> Result<Vec<CapacityProvider>> {
        cleaned(self.capacity_providers(names).await)
    }

    async fn update_container_instances_state(
        &self,
        cluster: &str,
        arns: &[String],
        status: ContainerInstanceStatus,
    ) -> Result<Described<ContainerInstance>> {
        cleaned(capacity::update_container_instances_state(self, cluster, arns, status).await)
    }

    async fn get_task_protection(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> Result<Described<TaskProtection>> {
        cleaned(protection::get_task_protection(self, cluster, tasks).await)
    }

    async fn update_task_protection(
        &self,
        cluster: &str,
        tasks: &[String],
        minutes: Option<u32>,
    ) -> Result<Described<TaskProtection>> {
        cleaned(protection::update_task_protection(self, cluster, tasks, minutes).await)
    }

    async fn registered_copy(
        &self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<Option<TaskDefinition>> {
        cleaned(self.find_registered_copy(base, images).await)
    }
}
