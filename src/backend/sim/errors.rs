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
