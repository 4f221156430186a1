//! Unit tests of the wording: codes and messages as AWS sends them.

use super::*;

/// Profile `prod` in eu-west-1, AWS's own endpoints; also for `credentials`' tests.
pub(super) fn ctx() -> ErrorContext {
    ErrorContext {
        profile: Some("prod".into()),
        ecs_endpoint: "https://ecs.eu-west-1.amazonaws.com".into(),
        elb_endpoint: "https://elasticloadbalancing.eu-west-1.amazonaws.com".into(),
        logs_endpoint: "https://logs.eu-west-1.amazonaws.com".into(),
        ssm_endpoint: "https://ssm.eu-west-1.amazonaws.com".into(),
        monitoring_endpoint: "https://monitoring.eu-west-1.amazonaws.com".into(),
        autoscaling_endpoint: "https://application-autoscaling.eu-west-1.amazonaws.com".into(),
    }
}

fn call() -> Call<'static> {
    Call {
        action: "ListServices",
        resource: "cluster prod",
        endpoint: "https://ecs.eu-west-1.amazonaws.com",
        sent: Sent::Read,
    }
}

fn write(action: &'static str, resource: &'static str) -> Call<'static> {
    Call {
        action,
        resource,
        endpoint: "https://ecs.eu-west-1.amazonaws.com",
        sent: Sent::Write,
    }
}

#[test]
fn access_denied_names_the_action_and_resource() {
    let e = from_code(
        &ctx(),
        &call(),
        "AccessDeniedException",
        "User: arn:aws:iam::1:user/a is not authorized to perform: ecs:ListServices on resource: arn:aws:ecs:eu-west-1:1:cluster/prod because no identity-based policy allows it",
    );
    assert_eq!(
        e,
        BackendError::AccessDenied {
            action: "ecs:ListServices".into(),
            resource: "arn:aws:ecs:eu-west-1:1:cluster/prod".into()
        }
    );
    let e = from_code(&ctx(), &call(), "AccessDeniedException", "denied");
    assert_eq!(
        e,
        BackendError::AccessDenied {
            action: "ecs:ListServices".into(),
            resource: "cluster prod".into()
        }
    );
}

#[test]
fn expired_token_says_how_to_log_in() {
    let e = from_code(&ctx(), &call(), "ExpiredTokenException", "expired");
    assert!(
        e.to_string().contains("aws sso login --profile prod"),
        "{e}"
    );
}

#[test]
fn not_found_names_the_kind() {
    let e = from_code(&ctx(), &call(), "ClusterNotFoundException", "x");
    assert_eq!(
        e,
        BackendError::NotFound {
            what: "cluster cluster prod".into()
        }
    );
    let e = from_code(&ctx(), &call(), "TargetGroupNotFound", "x");
    assert!(e.to_string().starts_with("target group"), "{e}");
}

#[test]
fn other_codes_keep_code_and_message() {
    let e = from_code(
        &ctx(),
        &call(),
        "ClientException",
        "Unable to assume the service linked role.",
    );
    assert_eq!(
        e.to_string(),
        "ClientException: Unable to assume the service linked role."
    );
    let e = from_code(&ctx(), &call(), "ClientException", "");
    assert_eq!(
        e.to_string(),
        "ClientException: ListServices failed on cluster prod"
    );
}

#[test]
fn teardown_errors_keep_aws_words_and_say_what_to_do() {
    let cases = [
        (
            "DeleteCluster",
            "ClusterContainsServicesException",
            "The Cluster cannot be deleted while Services are active.",
            "The Cluster cannot be deleted while Services are active. Delete the cluster's services first",
        ),
        (
            "DeleteCluster",
            "ClusterContainsTasksException",
            "The Cluster cannot be deleted while Tasks are active.",
            "The Cluster cannot be deleted while Tasks are active. Stop the cluster's tasks first",
        ),
        (
            "DeleteCluster",
            "ClusterContainsContainerInstancesException",
            "The Cluster cannot be deleted while Container Instances are active or draining.",
            "or draining. Deregister the cluster's container instances first",
        ),
        (
            "UpdateService",
            "ServiceNotActiveException",
            "Service was not ACTIVE.",
            "Service was not ACTIVE. The service is being deleted or is already gone: refresh",
        ),
        (
            "DeleteService",
            "InvalidParameterException",
            "The service cannot be stopped while it is scaled above 0.",
            "scaled above 0. Scale the service to 0 first, or delete it with force.",
        ),
        (
            "DeleteTargetGroup",
            "ResourceInUse",
            "Target group 'arn:tg' is currently in use by a listener or a rule",
            "in use by a listener or a rule. Delete the listener or rule that forwards to it first",
        ),
        (
            "DeleteLoadBalancer",
            "OperationNotPermitted",
            "Load balancer 'arn:lb' cannot be deleted because deletion protection is enabled",
            "is enabled. Turn off the load balancer's deletion protection first",
        ),
    ];
    for (action, code, message, expected) in cases {
        let e = from_code(&ctx(), &write(action, "x"), code, message);
        let BackendError::Api {
            code: c,
            message: m,
        } = &e
        else {
            panic!("{code}: {e:?}");
        };
        assert_eq!(c, code);
        assert!(m.contains(expected), "{code}: {m}");
        assert!(
            e.to_string().starts_with(&format!("{code}: {message}")),
            "{e}"
        );
    }
}

#[test]
fn an_invalid_parameter_elsewhere_is_left_as_aws_worded_it() {
    let e = from_code(
        &ctx(),
        &write("UpdateService", "web"),
        "InvalidParameterException",
        "Task definition does not exist.",
    );
    assert_eq!(
        e.to_string(),
        "InvalidParameterException: Task definition does not exist."
    );
}

#[test]
fn a_throttled_write_was_not_made_and_says_to_try_again() {
    let e = from_code(
        &ctx(),
        &write("RegisterTaskDefinition", "web:3"),
        "ThrottlingException",
        "Rate exceeded",
    );
    assert_eq!(
        e.to_string(),
        "ThrottlingException: Rate exceeded. RegisterTaskDefinition was not carried out (AWS is limiting the account's request rate): try it again in a few seconds."
    );
    assert!(
        !e.is_transient(),
        "wharf does not send a write again by itself"
    );
    let read = from_code(&ctx(), &call(), "ThrottlingException", "Rate exceeded");
    assert!(read.is_transient(), "{read:?}");
}

#[test]
fn a_denied_write_names_the_write() {
    let e = from_code(
        &ctx(),
        &write("DeleteCluster", "prod"),
        "AccessDeniedException",
        "",
    );
    assert_eq!(
        e,
        BackendError::AccessDenied {
            action: "ecs:DeleteCluster".into(),
            resource: "prod".into()
        }
    );
}

#[test]
fn a_hook_that_is_no_longer_waiting_says_to_refresh() {
    let e = from_code(
        &ctx(),
        &write("ContinueServiceDeployment", "d1"),
        "InvalidParameterException",
        "The lifecycle hook is not awaiting action.",
    );
    assert_eq!(
        e.to_string(),
        "InvalidParameterException: The lifecycle hook is not awaiting action. The deployment may no longer be \
         waiting on that hook (continued, rolled back or timed out since the screen was read): refresh to see its state."
    );
    let e = from_code(
        &ctx(),
        &write("ContinueServiceDeployment", "d1"),
        "UnsupportedFeatureException",
        "",
    );
    assert_eq!(
        e.to_string(),
        "UnsupportedFeatureException: ContinueServiceDeployment failed on d1. Pause hooks are not available here: \
         roll the deployment back instead, or continue it from the console."
    );
}

#[test]
fn an_unknown_service_deployment_is_named_as_one() {
    let e = from_code(
        &ctx(),
        &write("ContinueServiceDeployment", "Xq3VmR"),
        "ServiceDeploymentNotFoundException",
        "The service deployment does not exist.",
    );
    assert_eq!(
        e.to_string(),
        "service deployment Xq3VmR was not found (deleted, or in another region or account)."
    );
}
