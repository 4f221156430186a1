//! ECS writes, called by the `Backend` impl. Each goes through the write client (sent once, never retried by
//! the SDK) and answers with the object as ECS returns it after the change.

use aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionFluentBuilder;
use aws_sdk_ecs::types::{ContainerDefinition, TaskDefinition as SdkTaskDefinition};

use super::{batched, convert, merge, revision_name, Aws};
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

pub(super) async fn update_service(
    aws: &Aws,
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
    let out = aws
        .ecs_write
        .update_service()
        .cluster(cluster)
        .service(service)
        .set_desired_count(desired)
        .set_task_definition(update.task_definition.clone())
        .force_new_deployment(update.force_new_deployment)
        .set_enable_execute_command(update.enable_execute_command)
        .send()
        .await
        .map_err(|e| aws.ecs_write_err("UpdateService", arn_name(service), e))?;
    out.service()
        .map(convert::service)
        .ok_or_else(|| missing(format!("service {}", arn_name(service))))
}

pub(super) async fn stop_task(aws: &Aws, cluster: &str, task: &str, reason: &str) -> Result<Task> {
    let out = aws
        .ecs_write
        .stop_task()
        .cluster(cluster)
        .task(task)
        .reason(reason)
        .send()
        .await
        .map_err(|e| aws.ecs_write_err("StopTask", arn_name(task), e))?;
    out.task()
        .map(convert::task)
        .ok_or_else(|| missing(format!("task {}", arn_name(task))))
}

/// Registers a new revision of `base` (ARN or `family:revision`) with every field kept as it is, except the
/// images of the containers named in `images` (container name, new image).
pub(super) async fn register_task_definition(
    aws: &Aws,
    base: &str,
    images: &[(String, String)],
) -> Result<TaskDefinition> {
    let td = aws.task_definition_cached(base).await?;
    let containers = with_images(&td, base, images)?;
    let out = register_copy(aws, &td, containers)
        .send()
        .await
        .map_err(|e| {
            aws.ecs_write_err(
                "RegisterTaskDefinition",
                td.family().unwrap_or(revision_name(base)),
                e,
            )
        })?;
    let new = out
        .task_definition
        .ok_or_else(|| missing(format!("new revision of {}", revision_name(base))))?;
    let model = convert::task_definition(&new);
    aws.taskdefs.put(new);
    Ok(model)
}

/// `td`'s containers with the images in `images` (container name, new image); every name must be one of
/// them (`base` names `td` in the error).
pub(super) fn with_images(
    td: &SdkTaskDefinition,
    base: &str,
    images: &[(String, String)],
) -> Result<Vec<ContainerDefinition>> {
    for (name, _) in images {
        if !td
            .container_definitions()
            .iter()
            .any(|c| c.name() == Some(name.as_str()))
        {
            return Err(missing(format!(
                "container {name} in task definition {}",
                revision_name(base)
            )));
        }
    }
    Ok(td
        .container_definitions()
        .iter()
        .map(|c| {
            let mut c = c.clone();
            if let Some((_, image)) = images.iter().find(|(n, _)| c.name() == Some(n.as_str())) {
                c.image = Some(image.clone());
            }
            c
        })
        .collect())
}

/// Every field of `td` RegisterTaskDefinition takes, but its tags (which would need ecs:TagResource too;
/// `taskdefs::find_registered_copy` expects a copy to carry none) and inferenceAccelerators (Elastic
/// Inference is gone: the SDK marks the field deprecated and ECS no longer takes it).
fn register_copy(
    aws: &Aws,
    td: &SdkTaskDefinition,
    containers: Vec<ContainerDefinition>,
) -> RegisterTaskDefinitionFluentBuilder {
    aws.ecs_write
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
        .set_enable_fault_injection(td.enable_fault_injection)
}

/// Deletes a service; `force` deletes it without scaling it to 0 first.
pub(super) async fn delete_service(
    aws: &Aws,
    cluster: &str,
    service: &str,
    force: bool,
) -> Result<Service> {
    let out = aws
        .ecs_write
        .delete_service()
        .cluster(cluster)
        .service(service)
        .force(force)
        .send()
        .await
        .map_err(|e| aws.ecs_write_err("DeleteService", arn_name(service), e))?;
    out.service()
        .map(convert::service)
        .ok_or_else(|| missing(format!("service {}", arn_name(service))))
}

pub(super) async fn delete_cluster(aws: &Aws, cluster: &str) -> Result<Cluster> {
    let out = aws
        .ecs_write
        .delete_cluster()
        .cluster(cluster)
        .send()
        .await
        .map_err(|e| aws.ecs_write_err("DeleteCluster", arn_name(cluster), e))?;
    out.cluster()
        .map(convert::cluster)
        .ok_or_else(|| missing(format!("cluster {}", arn_name(cluster))))
}

pub(super) async fn deregister_container_instance(
    aws: &Aws,
    cluster: &str,
    container_instance: &str,
    force: bool,
) -> Result<ContainerInstance> {
    let name = arn_name(container_instance);
    let out = aws
        .ecs_write
        .deregister_container_instance()
        .cluster(cluster)
        .container_instance(container_instance)
        .force(force)
        .send()
        .await
        .map_err(|e| aws.ecs_write_err("DeregisterContainerInstance", name, e))?;
    out.container_instance()
        .map(convert::container_instance)
        .ok_or_else(|| missing(format!("container instance {name}")))
}

/// Marks a revision INACTIVE (running tasks keep it).
pub(super) async fn deregister_task_definition(aws: &Aws, arn: &str) -> Result<TaskDefinition> {
    let out = aws
        .ecs_write
        .deregister_task_definition()
        .task_definition(arn)
        .send()
        .await
        .map_err(|e| aws.ecs_write_err("DeregisterTaskDefinition", revision_name(arn), e))?;
    let td = out
        .task_definition
        .ok_or_else(|| missing(format!("task definition {}", revision_name(arn))))?;
    let model = convert::task_definition(&td);
    aws.taskdefs.put(td);
    Ok(model)
}

/// Deletes INACTIVE revisions, 10 per call.
pub(super) async fn delete_task_definitions(
    aws: &Aws,
    arns: &[String],
) -> Result<Described<TaskDefinition>> {
    let parts = batched(arns, DELETE_TASK_DEFINITIONS_BATCH, |batch| async move {
        let out = aws
            .ecs_write
            .delete_task_definitions()
            .set_task_definitions(Some(batch))
            .send()
            .await
            .map_err(|e| aws.ecs_write_err("DeleteTaskDefinitions", "task definitions", e))?;
        let items = out
            .task_definitions()
            .iter()
            .map(|td| {
                aws.taskdefs.put(td.clone());
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
