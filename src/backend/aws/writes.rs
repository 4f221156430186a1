//! ECS writes. Inherent methods for now: the `Backend` trait gains mutations in a later issue. Each answers
//! with the object as ECS returns it after the change.

use aws_sdk_ecs::types::TaskDefinition as SdkTaskDefinition;

use super::{batched, convert, merge, Aws};
use crate::backend::{BackendError, Described, Result, ServiceUpdate};
use crate::model::{arn_name, Cluster, ContainerInstance, Service, Task, TaskDefinition};

/// DeleteTaskDefinitions takes at most 10 ARNs per call.
pub const DELETE_TASK_DEFINITIONS_BATCH: usize = 10;

fn non_empty<T: Clone>(v: &[T]) -> Option<Vec<T>> {
    (!v.is_empty()).then(|| v.to_vec())
}

fn missing(what: String) -> BackendError {
    BackendError::NotFound { what }
}

impl Aws {
    pub async fn update_service(
        &self,
        cluster: &str,
        service: &str,
        update: &ServiceUpdate,
    ) -> Result<Service> {
        let desired = match update.desired_count {
            Some(n) => Some(i32::try_from(n).map_err(|_| BackendError::Api {
                code: "InvalidParameterException".into(),
                message: format!("desired count {n} is too large"),
            })?),
            None => None,
        };
        let out = self
            .ecs
            .update_service()
            .cluster(cluster)
            .service(service)
            .set_desired_count(desired)
            .set_task_definition(update.task_definition.clone())
            .force_new_deployment(update.force_new_deployment)
            .send()
            .await
            .map_err(|e| self.ecs_err("UpdateService", arn_name(service), e))?;
        out.service()
            .map(convert::service)
            .ok_or_else(|| missing(format!("service {}", arn_name(service))))
    }

    pub async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> Result<Task> {
        let out = self
            .ecs
            .stop_task()
            .cluster(cluster)
            .task(task)
            .reason(reason)
            .send()
            .await
            .map_err(|e| self.ecs_err("StopTask", arn_name(task), e))?;
        out.task()
            .map(convert::task)
            .ok_or_else(|| missing(format!("task {}", arn_name(task))))
    }

    /// Registers a new revision of `base` (ARN or `family:revision`) with every field kept as it is, except
    /// the images of the containers named in `images` (container name, new image).
    pub async fn register_task_definition(
        &self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<TaskDefinition> {
        let td = self.task_definition_cached(base).await?;
        for (name, _) in images {
            if !td
                .container_definitions()
                .iter()
                .any(|c| c.name() == Some(name.as_str()))
            {
                return Err(missing(format!(
                    "container {name} in task definition {}",
                    arn_name(base)
                )));
            }
        }
        let containers = td
            .container_definitions()
            .iter()
            .map(|c| {
                let mut c = c.clone();
                if let Some((_, image)) = images.iter().find(|(n, _)| c.name() == Some(n.as_str()))
                {
                    c.image = Some(image.clone());
                }
                c
            })
            .collect();
        let out = self
            .register_copy(&td, containers)
            .send()
            .await
            .map_err(|e| self.ecs_err("RegisterTaskDefinition", td.family().unwrap_or(base), e))?;
        let new = out
            .task_definition
            .ok_or_else(|| missing(format!("new revision of {}", arn_name(base))))?;
        let model = convert::task_definition(&new);
        self.taskdefs.put(new);
        Ok(model)
    }

    fn register_copy(
        &self,
        td: &SdkTaskDefinition,
        containers: Vec<aws_sdk_ecs::types::ContainerDefinition>,
    ) -> aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionFluentBuilder
    {
        self.ecs
            .register_task_definition()
            .set_family(td.family.clone())
            .set_task_role_arn(td.task_role_arn.clone())
            .set_execution_role_arn(td.execution_role_arn.clone())
            .set_network_mode(td.network_mode.clone())
            .set_container_definitions(Some(containers))
            .set_volumes(non_empty(td.volumes()))
            .set_placement_constraints(non_empty(td.placement_constraints()))
            .set_requires_compatibilities(non_empty(td.requires_compatibilities()))
            .set_cpu(td.cpu.clone())
            .set_memory(td.memory.clone())
            .set_pid_mode(td.pid_mode.clone())
            .set_ipc_mode(td.ipc_mode.clone())
            .set_proxy_configuration(td.proxy_configuration.clone())
            .set_ephemeral_storage(td.ephemeral_storage.clone())
            .set_runtime_platform(td.runtime_platform.clone())
    }

    /// Deletes a service; `force` deletes it without scaling it to 0 first.
    pub async fn delete_service(
        &self,
        cluster: &str,
        service: &str,
        force: bool,
    ) -> Result<Service> {
        let out = self
            .ecs
            .delete_service()
            .cluster(cluster)
            .service(service)
            .force(force)
            .send()
            .await
            .map_err(|e| self.ecs_err("DeleteService", arn_name(service), e))?;
        out.service()
            .map(convert::service)
            .ok_or_else(|| missing(format!("service {}", arn_name(service))))
    }

    pub async fn delete_cluster(&self, cluster: &str) -> Result<Cluster> {
        let out = self
            .ecs
            .delete_cluster()
            .cluster(cluster)
            .send()
            .await
            .map_err(|e| self.ecs_err("DeleteCluster", arn_name(cluster), e))?;
        out.cluster()
            .map(convert::cluster)
            .ok_or_else(|| missing(format!("cluster {}", arn_name(cluster))))
    }

    /// Marks a revision INACTIVE (running tasks keep it).
    pub async fn deregister_task_definition(&self, arn: &str) -> Result<TaskDefinition> {
        let out = self
            .ecs
            .deregister_task_definition()
            .task_definition(arn)
            .send()
            .await
            .map_err(|e| self.ecs_err("DeregisterTaskDefinition", arn_name(arn), e))?;
        let td = out
            .task_definition
            .ok_or_else(|| missing(format!("task definition {}", arn_name(arn))))?;
        let model = convert::task_definition(&td);
        self.taskdefs.put(td);
        Ok(model)
    }

    /// Deletes INACTIVE revisions, 10 per call.
    pub async fn delete_task_definitions(
        &self,
        arns: &[String],
    ) -> Result<Described<TaskDefinition>> {
        let parts = batched(arns, DELETE_TASK_DEFINITIONS_BATCH, |batch| async move {
            let out = self
                .ecs
                .delete_task_definitions()
                .set_task_definitions(Some(batch))
                .send()
                .await
                .map_err(|e| self.ecs_err("DeleteTaskDefinitions", "task definitions", e))?;
            let items = out
                .task_definitions()
                .iter()
                .map(|td| {
                    self.taskdefs.put(td.clone());
                    convert::task_definition(td)
                })
                .collect();
            Ok(Described {
                items,
                failures: out.failures().iter().map(convert::failure).collect(),
            })
        })
        .await?;
        Ok(merge(parts))
    }

    pub async fn deregister_container_instance(
        &self,
        cluster: &str,
        container_instance: &str,
        force: bool,
    ) -> Result<ContainerInstance> {
        let out = self
            .ecs
            .deregister_container_instance()
            .cluster(cluster)
            .container_instance(container_instance)
            .force(force)
            .send()
            .await
            .map_err(|e| {
                self.ecs_err(
                    "DeregisterContainerInstance",
                    arn_name(container_instance),
                    e,
                )
            })?;
        out.container_instance()
            .map(convert::container_instance)
            .ok_or_else(|| {
                missing(format!(
                    "container instance {}",
                    arn_name(container_instance)
                ))
            })
    }
}
