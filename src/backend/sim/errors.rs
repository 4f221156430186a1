//! Errors worded as ECS and ELBv2 word them.

use crate::backend::BackendError;

fn api(code: &str, message: impl Into<String>) -> BackendError {
    BackendError::Api {
        code: code.into(),
        message: message.into(),
    }
}

pub fn cluster_not_found() -> BackendError {
    api("ClusterNotFoundException", "Cluster not found.")
}

pub fn service_not_found() -> BackendError {
    api("ServiceNotFoundException", "Service not found.")
}

pub fn service_not_active() -> BackendError {
    api("ServiceNotActiveException", "Service was not ACTIVE.")
}

/// SSM's word for a session target whose agent is not there.
pub fn target_not_connected(target: &str) -> BackendError {
    api("TargetNotConnected", format!("{target} is not connected."))
}

pub fn invalid_parameter(message: impl Into<String>) -> BackendError {
    api("InvalidParameterException", message)
}

pub fn client(message: impl Into<String>) -> BackendError {
    api("ClientException", message)
}

pub fn load_balancer_not_found() -> BackendError {
    api(
        "LoadBalancerNotFound",
        "One or more load balancers not found",
    )
}

pub fn target_group_not_found() -> BackendError {
    api("TargetGroupNotFound", "One or more target groups not found")
}

pub fn task_definition_not_found() -> BackendError {
    invalid_parameter("TaskDefinition not found.")
}

pub fn task_definition_inactive() -> BackendError {
    invalid_parameter("TaskDefinition is inactive")
}

/// ListTaskDefinitionFamilies with DELETE_IN_PROGRESS.
pub fn not_a_family_status() -> BackendError {
    invalid_parameter("A family's status is ACTIVE or INACTIVE.")
}

pub fn unable_to_describe_task_definition() -> BackendError {
    client("Unable to describe task definition.")
}

pub fn service_deployment_not_found() -> BackendError {
    api(
        "ServiceDeploymentNotFoundException",
        "The service deployment does not exist.",
    )
}

/// StopServiceDeployment on a deployment that has finished (`status` is its service deployment status).
pub fn deployment_not_stoppable(status: &str) -> BackendError {
    api(
        "ConflictException",
        format!("The service deployment is {status} and cannot be stopped."),
    )
}

pub fn cluster_contains_services() -> BackendError {
    api(
        "ClusterContainsServicesException",
        "The Cluster cannot be deleted while Services are active.",
    )
}

pub fn cluster_contains_tasks() -> BackendError {
    api(
        "ClusterContainsTasksException",
        "The Cluster cannot be deleted while Tasks are active.",
    )
}

pub fn cluster_contains_instances() -> BackendError {
    api(
        "ClusterContainsContainerInstancesException",
        "The Cluster cannot be deleted while Container Instances are active or draining.",
    )
}

pub fn listener_not_found() -> BackendError {
    api("ListenerNotFound", "One or more listeners not found")
}

pub fn rule_not_found() -> BackendError {
    api("RuleNotFound", "One or more rules not found")
}

pub fn target_group_in_use(arn: &str) -> BackendError {
    api(
        "ResourceInUse",
        format!("Target group '{arn}' is currently in use by a listener or a rule"),
    )
}

pub fn duplicate_listener() -> BackendError {
    api(
        "DuplicateListener",
        "A listener already exists on this port for this load balancer",
    )
}

pub fn priority_in_use(priority: u32) -> BackendError {
    api(
        "PriorityInUse",
        format!("Priority '{priority}' is currently in use"),
    )
}

/// ContinueServiceDeployment on a deployment that has finished (`status` is its service deployment status).
pub fn deployment_not_continuable(status: &str) -> BackendError {
    api(
        "ConflictException",
        format!("The service deployment is {status} and cannot be continued."),
    )
}

/// ContinueServiceDeployment naming a hook the deployment does not have.
pub fn hook_not_found(hook_id: &str, deployment_arn: &str) -> BackendError {
    invalid_parameter(format!(
        "The lifecycle hook {hook_id} does not exist in service deployment {deployment_arn}."
    ))
}

/// ContinueServiceDeployment naming a hook that is not holding the deployment (already answered, or timed out).
pub fn hook_not_awaiting(hook_id: &str, status: &str) -> BackendError {
    invalid_parameter(format!(
        "The lifecycle hook {hook_id} is not awaiting action: its status is {status}."
    ))
}
