//! The AWS backend's writes and the reads they need, against a hand-written stub on loopback: the deployments
//! API (moto 5.2.5 has none of ListServiceDeployments, StopServiceDeployment, ContinueServiceDeployment), paging moto does not do
//! (ListTaskDefinitions with a family prefix, DescribeListeners, DescribeRules), deletion protection (moto
//! deletes a protected load balancer), the error replies of a teardown in the wrong order, and retries: a
//! write is sent exactly once, a read is retried.

mod support;

use std::future::Future;
use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use support::stub::{assert_pages, Recorded, Reply, Stub, TASK_DEFINITION};
use wharf::backend::aws::{loopback_sdk_config, Aws, ServiceUpdate};
use wharf::backend::{Backend, BackendError};
use wharf::model::{ContainerInstanceStatus, HookAction, RevisionStatus};

const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
const SERVICE: &str = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";
const TG: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123abcd";
const LB: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/front/50dc6c49";
const LISTENER: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/front/50dc6c49/f2f7dc8e";

use support::stub::backend as aws;

fn deployment_arn(id: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/{id}")
}

fn deployments_page(items: &[(&str, &str, f64)], next: Option<&str>) -> Reply {
    let items: Vec<String> = items
        .iter()
        .map(|(id, status, created)| {
            format!(
                r#"{{"serviceDeploymentArn":"{}","serviceArn":"{SERVICE}","clusterArn":"{CLUSTER}","status":"{status}","createdAt":{created}}}"#,
                deployment_arn(id)
            )
        })
        .collect();
    Reply::ecs_page("serviceDeployments", &items, next)
}

#[tokio::test]
async fn service_deployments_follow_next_token_and_come_newest_first() {
    let stub = Stub::start(vec![
        deployments_page(
            &[
                ("old", "SUCCESSFUL", 1_767_000_000.0),
                ("newest", "IN_PROGRESS", 1_767_300_000.0),
            ],
            Some("page-2"),
        ),
        deployments_page(&[("middle", "ROLLBACK_SUCCESSFUL", 1_767_200_000.0)], None),
    ])
    .await;
    let aws = aws(&stub.endpoint);

    let deployments = aws
        .list_service_deployments(CLUSTER, SERVICE)
        .await
        .expect("two pages");

    let ids: Vec<&str> = deployments
        .iter()
        .map(|d| d.arn.rsplit('/').next().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["newest", "middle", "old"]);
    assert_eq!(deployments[0].status, "IN_PROGRESS");
    assert!(deployments[0].is_stoppable());
    assert_eq!(deployments[0].arn, deployment_arn("newest"));
    assert_eq!(
        deployments[0].created_at.map(|t| t.0),
        Some(1_767_300_000_000)
    );
    assert_eq!(aws.call_counts().get("ListServiceDeployments"), Some(&2));
    let cluster = format!(r#""cluster":"{CLUSTER}""#);
    let service = format!(r#""service":"{SERVICE}""#);
    assert_pages(
        &stub.requests(),
        "ListServiceDeployments",
        &[r#""maxResults":100"#, &cluster, &service],
        "nextToken",
        &[r#""nextToken":"page-2""#],
    );
}

#[tokio::test]
async fn stop_service_deployment_asks_to_roll_that_deployment_back() {
    let arn = deployment_arn("newest");
    let stub = Stub::start(vec![Reply::ecs_ok(&format!(
        r#"{{"serviceDeploymentArn":"{arn}"}}"#
    ))])
    .await;
    let aws = aws(&stub.endpoint);

    aws.stop_service_deployment(&arn)
        .await
        .expect("StopServiceDeployment");

    let requests = stub.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].operation(), "StopServiceDeployment");
    assert!(
        requests[0].body.contains(r#""stopType":"ROLLBACK""#),
        "{}",
        requests[0].body
    );
    assert!(
        requests[0]
            .body
            .contains(&format!(r#""serviceDeploymentArn":"{arn}""#)),
        "{}",
        requests[0].body
    );
}

fn revisions_page(names: &[&str], next: Option<&str>) -> Reply {
    let arns: Vec<String> = names
        .iter()
        .map(|n| format!(r#""arn:aws:ecs:us-east-1:123456789012:task-definition/{n}""#))
        .collect();
    Reply::ecs_page("taskDefinitionArns", &arns, next)
}

#[tokio::test]
async fn task_definitions_of_the_exact_family_come_newest_first_across_pages() {
    // familyPrefix is a prefix: ECS answers `web-admin` revisions too when asked for `web`.
    let stub = Stub::start(vec![
        revisions_page(&["web-admin:4", "web:10", "web:9"], Some("more")),
        revisions_page(&["web-admin:1", "web:2", "webapp:7"], None),
    ])
    .await;
    let aws = aws(&stub.endpoint);

    let arns = aws
        .list_task_definitions("web", RevisionStatus::Inactive)
        .await
        .expect("two pages");

    let names: Vec<&str> = arns
        .iter()
        .map(|a| a.rsplit('/').next().unwrap_or_default())
        .collect();
    assert_eq!(names, ["web:10", "web:9", "web:2"]);
    assert_pages(
        &stub.requests(),
        "ListTaskDefinitions",
        &[
            r#""familyPrefix":"web""#,
            r#""status":"INACTIVE""#,
            r#""sort":"DESC""#,
            r#""maxResults":100"#,
        ],
        "nextToken",
        &[r#""nextToken":"more""#],
    );
}

fn tg(name: &str) -> String {
    format!("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/0123")
}

/// A forward action: `single` in TargetGroupArn, `weighted` in ForwardConfig.
fn forward(single: Option<&str>, weighted: &[&str]) -> String {
    let single = single
        .map(|t| format!("<TargetGroupArn>{t}</TargetGroupArn>"))
        .unwrap_or_default();
    let members: String = weighted
        .iter()
        .map(|t| format!("<member><TargetGroupArn>{t}</TargetGroupArn><Weight>1</Weight></member>"))
        .collect();
    format!(
        "<member><Type>forward</Type>{single}<ForwardConfig><TargetGroups>{members}</TargetGroups></ForwardConfig></member>"
    )
}

fn listener_xml(id: &str, port: u16, actions: &str) -> String {
    format!(
        "<member><ListenerArn>{LB}/{id}</ListenerArn><LoadBalancerArn>{LB}</LoadBalancerArn><Port>{port}</Port>\
         <Protocol>HTTP</Protocol><DefaultActions>{actions}</DefaultActions></member>"
    )
}

#[tokio::test]
async fn listeners_follow_markers_and_forward_from_both_fields() {
    let (a, b, c) = (tg("a"), tg("b"), tg("c"));
    let stub = Stub::start(vec![
        Reply::elb_ok(
            "DescribeListeners",
            &format!(
                "<Listeners>{}</Listeners><NextMarker>m-1</NextMarker>",
                listener_xml("l1", 80, &forward(Some(&a), &[&a]))
            ),
        ),
        Reply::elb_ok(
            "DescribeListeners",
            &format!(
                "<Listeners>{}</Listeners>",
                listener_xml("l2", 443, &forward(None, &[&b, &c]))
            ),
        ),
    ])
    .await;
    let aws = aws(&stub.endpoint);

    let listeners = aws.describe_listeners(LB).await.expect("two pages");

    assert_eq!(listeners.len(), 2);
    assert_eq!(listeners[0].arn, format!("{LB}/l1"));
    assert_eq!(listeners[0].load_balancer_arn, LB);
    assert_eq!(listeners[0].port, 80);
    assert_eq!(listeners[0].protocol, "HTTP");
    assert_eq!(listeners[0].default_target_groups, vec![a.clone()]);
    assert_eq!(listeners[1].default_target_groups, vec![b, c]);
    assert_pages(
        &stub.requests(),
        "DescribeListeners",
        &["PageSize=400"],
        "Marker=",
        &["Marker=m-1"],
    );
}

#[tokio::test]
async fn rules_follow_markers_default_rule_included() {
    let (b, c) = (tg("b"), tg("c"));
    let rule = |id: &str, priority: &str, default: bool, actions: &str| {
        format!(
            "<member><RuleArn>{LISTENER}/{id}</RuleArn><Priority>{priority}</Priority>\
             <IsDefault>{default}</IsDefault><Actions>{actions}</Actions><Conditions/></member>"
        )
    };
    let fixed = "<member><Type>fixed-response</Type><FixedResponseConfig><StatusCode>404</StatusCode></FixedResponseConfig></member>";
    let stub = Stub::start(vec![
        Reply::elb_ok(
            "DescribeRules",
            &format!(
                "<Rules>{}</Rules><NextMarker>r-1</NextMarker>",
                rule("r10", "10", false, &forward(None, &[&b, &c]))
            ),
        ),
        Reply::elb_ok(
            "DescribeRules",
            &format!("<Rules>{}</Rules>", rule("default", "default", true, fixed)),
        ),
    ])
    .await;
    let aws = aws(&stub.endpoint);

    let rules = aws.describe_rules(LISTENER).await.expect("two pages");

    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].priority, "10");
    assert!(!rules[0].is_default);
    assert_eq!(rules[0].listener_arn, LISTENER);
    assert_eq!(rules[0].target_groups, vec![b, c]);
    assert!(rules[1].is_default);
    assert_eq!(rules[1].priority, "default");
    assert!(rules[1].target_groups.is_empty(), "{:?}", rules[1]);
    assert_pages(
        &stub.requests(),
        "DescribeRules",
        &["PageSize=400"],
        "Marker=",
        &["Marker=r-1"],
    );
}

/// Runs one call against a stub that answers `replies` and answers its error and what the stub saw.
async fn failing<T, F, Fut>(replies: Vec<Reply>, call: F) -> (BackendError, Vec<Recorded>)
where
    T: std::fmt::Debug,
    F: FnOnce(Aws) -> Fut,
    Fut: Future<Output = Result<T, BackendError>>,
{
    let stub = Stub::start(replies).await;
    let err = call(aws(&stub.endpoint)).await.expect_err("an error reply");
    (err, stub.requests())
}

#[tokio::test]
async fn a_teardown_in_the_wrong_order_says_what_to_delete_first() {
    let cases = [
        (
            "ClusterContainsServicesException",
            "The Cluster cannot be deleted while Services are active.",
            "Delete the cluster's services first (force, or scale them to 0) and wait until they are INACTIVE.",
        ),
        (
            "ClusterContainsTasksException",
            "The Cluster cannot be deleted while Tasks are active.",
            "Stop the cluster's tasks first (standalone tasks too), then delete the cluster.",
        ),
        (
            "ClusterContainsContainerInstancesException",
            "The Cluster cannot be deleted while Container Instances are active or draining.",
            "Deregister the cluster's container instances first (force deregisters those still running tasks).",
        ),
    ];
    for (code, message, hint) in cases {
        let (err, requests) = failing(
            vec![Reply::ecs_error(400, code, message)],
            |aws| async move { aws.delete_cluster(CLUSTER).await },
        )
        .await;
        assert_eq!(err.to_string(), format!("{code}: {message} {hint}"));
        assert_eq!(requests.len(), 1, "{code}");
        assert_eq!(requests[0].operation(), "DeleteCluster");
    }

    let (err, _) = failing(
        vec![Reply::ecs_error(
            400,
            "InvalidParameterException",
            "The service cannot be stopped while it is scaled above 0.",
        )],
        |aws| async move { aws.delete_service(CLUSTER, "web", false).await },
    )
    .await;
    assert_eq!(
        err.to_string(),
        "InvalidParameterException: The service cannot be stopped while it is scaled above 0. \
         Scale the service to 0 first, or delete it with force."
    );

    let in_use = format!("Target group '{TG}' is currently in use by a listener or a rule");
    let (err, requests) = failing(
        vec![Reply::elb_error(400, "ResourceInUse", &in_use)],
        |aws| async move { aws.delete_target_group(TG).await },
    )
    .await;
    assert_eq!(
        err.to_string(),
        format!(
            "ResourceInUse: {in_use}. Delete the listener or rule that forwards to it first (or its load balancer), \
             then delete the target group."
        )
    );
    assert_eq!(requests[0].operation(), "DeleteTargetGroup");

    // moto deletes a load balancer whatever its deletion protection says; ELBv2 answers this.
    let protected =
        format!("Load balancer '{LB}' cannot be deleted because deletion protection is enabled");
    let (err, requests) = failing(
        vec![Reply::elb_error(400, "OperationNotPermitted", &protected)],
        |aws| async move { aws.delete_load_balancer(LB).await },
    )
    .await;
    assert_eq!(
        err.to_string(),
        format!(
            "OperationNotPermitted: {protected}. Turn off the load balancer's deletion protection first \
             (attribute deletion_protection.enabled=false), then delete it."
        )
    );
    assert_eq!(requests[0].operation(), "DeleteLoadBalancer");
}

#[tokio::test]
async fn a_stale_action_says_the_service_is_gone_or_going() {
    let (err, _) = failing(
        vec![Reply::ecs_error(
            400,
            "ServiceNotActiveException",
            "Service was not ACTIVE.",
        )],
        |aws| async move {
            let update = ServiceUpdate {
                desired_count: Some(2),
                ..Default::default()
            };
            aws.update_service(CLUSTER, SERVICE, &update).await
        },
    )
    .await;
    assert_eq!(
        err.to_string(),
        "ServiceNotActiveException: Service was not ACTIVE. \
         The service is being deleted or is already gone: refresh to see its state."
    );

    let (err, _) = failing(
        vec![Reply::ecs_error(
            400,
            "ServiceNotFoundException",
            "Service not found.",
        )],
        |aws| async move { aws.delete_service(CLUSTER, SERVICE, true).await },
    )
    .await;
    assert_eq!(
        err,
        BackendError::NotFound {
            what: "service web".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "service web was not found (deleted, or in another region or account)."
    );

    let (err, _) = failing(
        vec![Reply::ecs_error(
            400,
            "InvalidParameterException",
            "TaskDefinition not found.",
        )],
        |aws| async move {
            let update = ServiceUpdate {
                task_definition: Some("web:99".into()),
                ..Default::default()
            };
            aws.update_service(CLUSTER, SERVICE, &update).await
        },
    )
    .await;
    assert_eq!(
        err.to_string(),
        "InvalidParameterException: TaskDefinition not found."
    );
}

#[tokio::test]
async fn a_denied_write_names_the_permission_it_needs() {
    let (err, _) = failing(
        vec![Reply::elb_error(
            403,
            "AccessDenied",
            &format!(
                "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: \
                 elasticloadbalancing:DeleteListener on resource: {LISTENER}"
            ),
        )],
        |aws| async move { aws.delete_listener(LISTENER).await },
    )
    .await;
    assert_eq!(
        err,
        BackendError::AccessDenied {
            action: "elasticloadbalancing:DeleteListener".into(),
            resource: LISTENER.into()
        }
    );

    let (err, requests) = failing(
        vec![Reply::ecs_error(400, "AccessDeniedException", "")],
        |aws| async move { aws.stop_task(CLUSTER, "0123abcd", "by test").await },
    )
    .await;
    assert_eq!(
        err.to_string(),
        "access denied: not allowed to call ecs:StopTask on 0123abcd. Ask for the permission, or switch profile."
    );
    assert_eq!(requests.len(), 1, "a denial is not retried");
}

/// Every write, its operation name, and a stub reply for it to fail with (the first) or succeed with.
async fn each_write(
    fail_ecs: &Reply,
    fail_elb: &Reply,
) -> Vec<(&'static str, BackendError, Vec<Recorded>)> {
    let ecs_ok = Reply::ecs_ok("{}");
    let ecs = || vec![fail_ecs.clone(), ecs_ok.clone()];
    let elb = |action: &str| vec![fail_elb.clone(), Reply::elb_ok(action, "")];
    let mut out = Vec::new();
    macro_rules! write {
        ($op:literal, $replies:expr, |$aws:ident| $call:expr) => {{
            let (err, requests) = failing($replies, |$aws| async move { $call.await }).await;
            out.push(($op, err, requests));
        }};
    }
    write!("UpdateService", ecs(), |aws| aws.update_service(
        CLUSTER,
        "web",
        &ServiceUpdate {
            force_new_deployment: true,
            ..Default::default()
        }
    ));
    write!("StopTask", ecs(), |aws| aws
        .stop_task(CLUSTER, "0123", "test"));
    write!(
        "RegisterTaskDefinition",
        vec![
            Reply::ecs_ok(TASK_DEFINITION),
            fail_ecs.clone(),
            ecs_ok.clone()
        ],
        |aws| aws.register_task_definition("web:3", &[("app".into(), "nginx:2".into())])
    );
    write!("StopServiceDeployment", ecs(), |aws| aws
        .stop_service_deployment(&deployment_arn("d1")));
    write!("ContinueServiceDeployment", ecs(), |aws| aws
        .continue_service_deployment(
            &deployment_arn("d1"),
            "hook-1",
            HookAction::Rollback
        ));
    write!("DeleteService", ecs(), |aws| aws
        .delete_service(CLUSTER, "web", true));
    write!("DeleteCluster", ecs(), |aws| aws.delete_cluster(CLUSTER));
    write!("DeregisterContainerInstance", ecs(), |aws| aws
        .deregister_container_instance(CLUSTER, "ci-1", true));
    write!("UpdateContainerInstancesState", ecs(), |aws| aws
        .update_container_instances_state(
            CLUSTER,
            &["ci-1".to_string()],
            ContainerInstanceStatus::Draining
        ));
    write!("DeregisterTaskDefinition", ecs(), |aws| aws
        .deregister_task_definition("web:3"));
    write!("DeleteTaskDefinitions", ecs(), |aws| aws
        .delete_task_definitions(&["web:1".to_string()]));
    write!("DeleteListener", elb("DeleteListener"), |aws| aws
        .delete_listener(LISTENER));
    write!("DeleteLoadBalancer", elb("DeleteLoadBalancer"), |aws| aws
        .delete_load_balancer(LB));
    write!("DeleteTargetGroup", elb("DeleteTargetGroup"), |aws| aws
        .delete_target_group(TG));
    out
}

#[tokio::test]
async fn every_write_that_gets_a_5xx_is_sent_once_and_says_it_may_have_been_made() {
    let writes = each_write(
        &Reply::ecs_error(500, "ServerException", "Internal error."),
        &Reply::elb_error(503, "ServiceUnavailable", "Service is unavailable."),
    )
    .await;
    assert_eq!(writes.len(), 14, "every write of the Backend trait");
    for (op, err, requests) in writes {
        let sent: Vec<&str> = requests.iter().map(Recorded::operation).collect();
        assert_eq!(
            sent.iter().filter(|s| **s == op).count(),
            1,
            "{op} sent once although a second attempt would have succeeded: {sent:?}"
        );
        // The answer is lost, not a refusal: the app settles it with a fresh read.
        let BackendError::AnswerLost { action, detail } = &err else {
            panic!("{op}: {err:?}");
        };
        assert_eq!(action, op);
        assert!(
            detail.starts_with("ServerException") || detail.starts_with("ServiceUnavailable"),
            "{op}: {detail}"
        );
        assert!(
            err.to_string().ends_with(&format!(
                "{op} was sent once and may have been carried out: a fresh read will tell"
            )),
            "{op}: {err}"
        );
    }
}

#[tokio::test]
async fn every_throttled_write_is_sent_once_and_says_to_try_again() {
    let writes = each_write(
        &Reply::ecs_error(400, "ThrottlingException", "Rate exceeded"),
        &Reply::elb_error(400, "Throttling", "Rate exceeded"),
    )
    .await;
    for (op, err, requests) in writes {
        let sent = requests.iter().filter(|r| r.operation() == op).count();
        assert_eq!(sent, 1, "{op}");
        assert!(
            !err.is_transient(),
            "{op}: wharf does not send it again by itself"
        );
        assert!(
            err.to_string().ends_with(&format!(
                "Rate exceeded. {op} was not carried out (AWS is limiting the account's request rate): \
                 try it again in a few seconds."
            )),
            "{op}: {err}"
        );
    }
}

#[tokio::test]
async fn a_read_a_change_needs_is_retried_after_a_5xx_or_a_throttle_and_a_polled_one_is_not() {
    let stub = Stub::start(vec![
        Reply::ecs_error(500, "ServerException", "Internal error."),
        Reply::ecs_error(400, "ThrottlingException", "Rate exceeded"),
        Reply::ecs_ok(TASK_DEFINITION),
    ])
    .await;
    let retried = aws(&stub.endpoint);
    let td = retried
        .describe_task_definition("web:3")
        .await
        .expect("the third attempt works");
    assert_eq!(td.revision, 3);
    assert_eq!(
        retried.call_counts().get("DescribeTaskDefinition"),
        Some(&3)
    );

    // A polled read is sent once: the poller tries again within its budget, and slows down on throttling.
    let stub = Stub::start(vec![
        Reply::ecs_error(500, "ServerException", "Internal error."),
        Reply::ecs_ok(r#"{"clusterArns":[]}"#),
    ])
    .await;
    let polled = aws(&stub.endpoint);
    let err = polled.list_clusters().await.expect_err("sent once");
    assert!(err.is_transient(), "{err:?}");
    assert_eq!(polled.call_counts().get("ListClusters"), Some(&1));
}

#[tokio::test]
async fn the_read_a_write_needs_is_retried_and_the_write_sent_once() {
    let stub = Stub::start(vec![
        Reply::ecs_error(500, "ServerException", "Internal error."),
        Reply::ecs_ok(TASK_DEFINITION),
        Reply::ecs_ok(
            &TASK_DEFINITION
                .replace("web:3", "web:4")
                .replace(r#""revision":3"#, r#""revision":4"#),
        ),
    ])
    .await;
    let aws = aws(&stub.endpoint);
    let new = aws
        .register_task_definition("web:3", &[("app".into(), "nginx:2".into())])
        .await
        .expect("registered");
    assert_eq!(new.revision, 4);
    let counts = aws.call_counts();
    assert_eq!(counts.get("DescribeTaskDefinition"), Some(&2), "{counts:?}");
    assert_eq!(counts.get("RegisterTaskDefinition"), Some(&1), "{counts:?}");
    let register = stub
        .requests()
        .into_iter()
        .find(|r| r.operation() == "RegisterTaskDefinition")
        .expect("sent");
    assert!(
        register.body.contains(r#""image":"nginx:2""#),
        "{}",
        register.body
    );
}

/// A backend whose every attempt gives up after `attempt`.
fn impatient(endpoint: &str, attempt: Duration) -> Aws {
    let sdk = loopback_sdk_config(endpoint, "us-east-1")
        .to_builder()
        .timeout_config(
            TimeoutConfig::builder()
                .operation_attempt_timeout(attempt)
                .build(),
        )
        .build();
    Aws::from_sdk_config(&sdk, Some("stub".into())).expect("backend")
}

#[tokio::test]
async fn a_write_that_times_out_is_sent_once_and_so_is_a_polled_read() {
    let stub = Stub::start(vec![Reply::silence(), Reply::ecs_ok("{}")]).await;
    let aws = impatient(&stub.endpoint, Duration::from_millis(300));

    let err = aws
        .delete_cluster(CLUSTER)
        .await
        .expect_err("no answer in time");

    assert_eq!(stub.requests().len(), 1, "{:?}", stub.requests());
    assert_eq!(aws.call_counts().get("DeleteCluster"), Some(&1));
    let BackendError::AnswerLost { action, detail } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(action, "DeleteCluster");
    assert!(detail.contains("no answer in time (timed out)"), "{detail}");

    // A read that hangs ends in an error the screen shows (the poller asks again later).
    let clusters = Reply::ecs_ok(r#"{"clusterArns":[]}"#);
    let stub = Stub::start(vec![Reply::silence(), clusters]).await;
    let aws = impatient(&stub.endpoint, Duration::from_millis(300));
    let err = aws.list_clusters().await.expect_err("no answer in time");
    assert!(
        matches!(&err, BackendError::Unreachable { detail, .. } if detail.contains("timed out")),
        "{err:?}"
    );
    assert_eq!(aws.call_counts().get("ListClusters"), Some(&1));
}
