//! A hostile account: the answers of a local stub to every ECS, ELBv2 and CloudWatch Logs call wharf makes,
//! with hostile text appended to every string but the identifiers (as another client of the account, an
//! application's log lines or an endpoint's error body could write it). For `hostile_aws` and `pty_hostile`.

use serde_json::{json, Value};

use super::stub::{Recorded, Reply};

pub const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
pub const SERVICE: &str = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";
pub const TASK: &str =
    "arn:aws:ecs:us-east-1:123456789012:task/prod/0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5";
pub const STOPPED: &str =
    "arn:aws:ecs:us-east-1:123456789012:task/prod/5e4d3c2b1a0947f8e7d6c5b4a3928170";
pub const TD: &str = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
pub const TG: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/6d0ecf831eec9f09";
pub const LB: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/front/50dc6c495c0c9188";
pub const LISTENER: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/front/50dc6c495c0c9188/f2f7dc8efc522ab2";
pub const RULE: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/front/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";
pub const DEPLOYMENT: &str =
    "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/Kz9Xq1";
pub const REVISION: &str =
    "arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/4980306466373577095";
pub const INSTANCE: &str =
    "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/7c1c7a5e0e4c4b2f9f1b5d3a2c1e0f9a";

/// The ECS and Logs answers (JSON): `h` is appended to every string that is not an identifier.
pub fn ecs(operation: &str, request: &str, h: &str, names: bool) -> Option<Value> {
    let t = |s: &str| format!("{s}{h}");
    // Names are hostile too where nothing is sent back by them (the reads called one by one).
    let n = |s: &str| if names { t(s) } else { s.to_string() };
    let event = |i: u32| json!({"id": format!("e{i}"), "createdAt": 1_767_258_000 - i, "message": t("(service web) has started 1 tasks: (task 0c1d2e3f).")});
    let container = |reason: Option<&str>| {
        json!({
            "name": n("web"), "image": t("web:1.8"), "lastStatus": t("STOPPED"), "exitCode": 1,
            "reason": reason.map(t), "healthStatus": "UNHEALTHY", "runtimeId": t("abc"),
            "networkBindings": []
        })
    };
    let task = |arn: &str, stopped: bool| {
        json!({
            "taskArn": arn, "clusterArn": CLUSTER, "taskDefinitionArn": TD, "group": n("service:web"),
            "startedBy": n("ecs-svc/1"), "lastStatus": if stopped { "STOPPED" } else { "RUNNING" },
            "desiredStatus": if stopped { "STOPPED" } else { "RUNNING" }, "healthStatus": "UNKNOWN",
            "availabilityZone": t("us-east-1a"), "launchType": "FARGATE", "cpu": "256", "memory": "512",
            "createdAt": 1_767_257_000, "startedAt": 1_767_257_010,
            "stoppedAt": if stopped { Some(1_767_257_900) } else { None },
            "stopCode": if stopped { Some("EssentialContainerExited") } else { None },
            "stoppedReason": if stopped { Some(t("Essential container in task exited")) } else { None },
            "containers": [container(stopped.then_some("Error: OOMKilled"))],
            "attachments": [{"type": "ElasticNetworkInterface", "details": [{"name": "privateIPv4Address", "value": "10.0.1.7"}]}]
        })
    };
    let revision_side = json!({"arn": REVISION, "requestedTaskCount": 2, "runningTaskCount": 1, "pendingTaskCount": 1});
    Some(match operation {
        "ListClusters" => json!({"clusterArns": [CLUSTER]}),
        "DescribeClusters" => json!({"clusters": [{
            "clusterArn": CLUSTER, "clusterName": n("prod"), "status": t("ACTIVE"),
            "registeredContainerInstancesCount": 1, "runningTasksCount": 1, "pendingTasksCount": 0,
            "activeServicesCount": 1, "capacityProviders": ["FARGATE", t("asg-provider")],
            "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1, "base": 0}]
        }], "failures": [{"arn": t("arn:aws:ecs:us-east-1:1:cluster/gone"), "reason": t("MISSING"), "detail": t("gone")}]}),
        "ListServices" => json!({"serviceArns": [SERVICE]}),
        "DescribeServices" => json!({"services": [{
            "serviceArn": SERVICE, "serviceName": n("web"), "clusterArn": CLUSTER, "status": "ACTIVE",
            "desiredCount": 2, "runningCount": 1, "pendingCount": 1, "launchType": "FARGATE",
            "taskDefinition": TD,
            "deployments": [{"id": n("ecs-svc/1"), "status": "PRIMARY", "taskDefinition": TD, "desiredCount": 2,
                "pendingCount": 1, "runningCount": 1, "failedTasks": 1, "createdAt": 1_767_257_000,
                "updatedAt": 1_767_257_500, "rolloutState": "IN_PROGRESS",
                "rolloutStateReason": t("ECS deployment ecs-svc/1 in progress.")}],
            "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 200,
                "deploymentCircuitBreaker": {"enable": true, "rollback": true}},
            "loadBalancers": [{"targetGroupArn": TG, "containerName": n("web"), "containerPort": 8080}],
            "events": (0..5).map(event).collect::<Vec<_>>(),
            "createdAt": 1_767_250_000
        }], "failures": []}),
        // As ECS answers: ListTasks by desired status, DescribeTasks the tasks asked for.
        "ListTasks" if request.contains("STOPPED") => json!({"taskArns": [STOPPED]}),
        "ListTasks" => json!({"taskArns": [TASK]}),
        "DescribeTasks" => {
            let tasks: Vec<Value> = [(TASK, false), (STOPPED, true)]
                .into_iter()
                .filter(|(arn, _)| request.contains(arn))
                .map(|(arn, stopped)| task(arn, stopped))
                .collect();
            json!({"tasks": tasks, "failures": []})
        }
        "DescribeTaskDefinition" => json!({"taskDefinition": {
            "taskDefinitionArn": TD, "family": n("web"), "revision": 7, "status": t("ACTIVE"),
            "taskRoleArn": t("arn:aws:iam::1:role/web"), "executionRoleArn": t("arn:aws:iam::1:role/exec"),
            "networkMode": "awsvpc", "cpu": "256", "memory": "512", "requiresCompatibilities": [t("FARGATE")],
            "containerDefinitions": [{
                "name": n("web"), "image": t("web:1.8"), "cpu": 256, "memory": 512, "essential": true,
                "command": [t("serve"), t("--port 8080")], "entryPoint": [t("/entry.sh")],
                "environment": [{"name": t("LOG_LEVEL"), "value": t("info")}],
                "dockerLabels": {t("team"): t("payments")},
                "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp", "name": t("http")}],
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}}
            }],
            "volumes": [{"name": t("data"), "host": {"sourcePath": t("/data")}}],
            "registeredBy": t("arn:aws:sts::1:assumed-role/ci")
        }}),
        "ListTaskDefinitionFamilies" => json!({"families": ["web"]}),
        "ListTaskDefinitions" => json!({"taskDefinitionArns": [TD]}),
        "ListServiceDeployments" => json!({"serviceDeployments": [{
            "serviceDeploymentArn": DEPLOYMENT, "serviceArn": SERVICE, "clusterArn": CLUSTER,
            "status": "IN_PROGRESS", "createdAt": 1_767_257_000, "targetServiceRevisionArn": REVISION
        }]}),
        "DescribeServiceDeployments" => json!({"serviceDeployments": [{
            "serviceDeploymentArn": DEPLOYMENT, "serviceArn": SERVICE, "clusterArn": CLUSTER,
            "status": "IN_PROGRESS", "statusReason": t("the deployment is in progress"),
            "targetServiceRevision": revision_side, "sourceServiceRevisions": [revision_side],
            "lifecycleStage": t("BAKE_TIME"), "rollback": {"reason": t("alarm fired")},
            "deploymentCircuitBreaker": {"status": t("MONITORING"), "failureCount": 1, "threshold": 3},
            "createdAt": 1_767_257_000, "startedAt": 1_767_257_001
        }], "failures": []}),
        "DescribeServiceRevisions" => json!({"serviceRevisions": [{
            "serviceRevisionArn": REVISION, "taskDefinition": TD
        }], "failures": []}),
        // ListContainerInstances is refused: its error message is the endpoint's, hostile too.
        "DescribeContainerInstances" => json!({"containerInstances": [{
            "containerInstanceArn": INSTANCE, "ec2InstanceId": n("i-0abc"), "status": t("ACTIVE"),
            "agentConnected": true, "versionInfo": {"agentVersion": t("1.80")},
            "capacityProviderName": t("asg-provider"),
            "attributes": [{"name": "ecs.instance-type", "value": t("m5.large")},
                           {"name": "ecs.availability-zone", "value": t("us-east-1a")}],
            "registeredResources": [], "remainingResources": [], "runningTasksCount": 1, "pendingTasksCount": 0
        }], "failures": []}),
        "DescribeCapacityProviders" => json!({"capacityProviders": [{
            "capacityProviderArn": t("arn:aws:ecs:us-east-1:1:capacity-provider/asg"), "name": t("asg-provider"),
            "status": t("ACTIVE"), "autoScalingGroupProvider": {"autoScalingGroupArn": t("arn:asg"),
                "managedScaling": {"status": "ENABLED", "targetCapacity": 100}}
        }]}),
        "GetLogEvents" => json!({"events": (0..5).map(|i| json!({
            "timestamp": 1_767_257_100_000_i64 + i, "ingestionTime": 1_767_257_100_500_i64 + i,
            "message": t(&format!("GET /health 200 line {i}"))})).collect::<Vec<_>>(),
            "nextForwardToken": t("f/5"), "nextBackwardToken": t("b/0")}),
        "FilterLogEvents" => json!({"events": (0..5).map(|i| json!({
            "logStreamName": "ecs/web/5e4d3c2b1a0947f8e7d6c5b4a3928170", "eventId": t(&format!("id{i}")),
            "timestamp": 1_767_257_100_000_i64 + i, "ingestionTime": 1_767_257_100_500_i64 + i,
            "message": t(&format!("Exception in thread main {i}"))})).collect::<Vec<_>>()}),
        _ => return None,
    })
}

/// XML 1.0 cannot carry C0 controls (ESC included) even as character references, so what AWS's XML
/// services can send is the rest: C1 controls, DEL-free bidi overrides, tabs and line breaks.
pub fn xml_safe(h: &str) -> String {
    h.chars()
        .filter(|c| !matches!(*c as u32, 0..=8 | 0x0B | 0x0C | 0x0E..=0x1F))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c if c.is_control() => format!("&#x{:x};", c as u32),
            c => c.to_string(),
        })
        .collect()
}

pub fn elb(operation: &str, h: &str, names: bool) -> Option<Reply> {
    let h = xml_safe(h);
    let t = |s: &str| format!("{s}{h}");
    let n = |s: &str| if names { t(s) } else { s.to_string() };
    let result = match operation {
        "DescribeLoadBalancers" => format!(
            "<LoadBalancers><member><LoadBalancerArn>{LB}</LoadBalancerArn><LoadBalancerName>{}</LoadBalancerName>\
             <Type>application</Type><Scheme>{}</Scheme><DNSName>{}</DNSName><State><Code>{}</Code></State>\
             <VpcId>{}</VpcId><IpAddressType>{}</IpAddressType><AvailabilityZones><member><ZoneName>{}</ZoneName>\
             </member></AvailabilityZones></member></LoadBalancers>",
            n("front"), t("internet-facing"), t("front.example.com"), t("active"), t("vpc-1"), t("ipv4"), t("us-east-1a")
        ),
        "DescribeTargetGroups" => format!(
            "<TargetGroups><member><TargetGroupArn>{TG}</TargetGroupArn><TargetGroupName>{}</TargetGroupName>\
             <Protocol>{}</Protocol><Port>8080</Port><TargetType>{}</TargetType><VpcId>{}</VpcId>\
             <LoadBalancerArns><member>{LB}</member></LoadBalancerArns><HealthCheckEnabled>true</HealthCheckEnabled>\
             <HealthCheckProtocol>{}</HealthCheckProtocol><HealthCheckPort>{}</HealthCheckPort>\
             <HealthCheckPath>{}</HealthCheckPath><Matcher><HttpCode>{}</HttpCode></Matcher></member></TargetGroups>",
            n("web"), t("HTTP"), t("ip"), t("vpc-1"), t("HTTP"), t("traffic-port"), t("/health"), t("200")
        ),
        "DescribeTargetHealth" => format!(
            "<TargetHealthDescriptions><member><Target><Id>10.0.1.7</Id><Port>8080</Port>\
             <AvailabilityZone>{}</AvailabilityZone></Target><TargetHealth><State>unhealthy</State>\
             <Reason>Target.ResponseCodeMismatch</Reason><Description>{}</Description></TargetHealth>\
             </member></TargetHealthDescriptions>",
            t("us-east-1a"), t("Health checks failed with these codes: [502]")
        ),
        "DescribeListeners" => format!(
            "<Listeners><member><ListenerArn>{LISTENER}</ListenerArn><LoadBalancerArn>{LB}</LoadBalancerArn>\
             <Port>80</Port><Protocol>{}</Protocol><DefaultActions><member><Type>forward</Type>\
             <TargetGroupArn>{TG}</TargetGroupArn></member></DefaultActions></member></Listeners>",
            t("HTTP")
        ),
        "DescribeRules" => format!(
            "<Rules><member><RuleArn>{RULE}</RuleArn><Priority>{}</Priority><IsDefault>false</IsDefault>\
             <Conditions><member><Field>path-pattern</Field><PathPatternConfig><Values><member>{}</member>\
             </Values></PathPatternConfig></member></Conditions><Actions><member><Type>fixed-response</Type>\
             <FixedResponseConfig><StatusCode>{}</StatusCode><ContentType>{}</ContentType></FixedResponseConfig>\
             </member></Actions></member></Rules>",
            t("10"), t("/api/*"), t("503"), t("text/plain")
        ),
        _ => return None,
    };
    Some(Reply::elb_ok(operation, &result))
}

/// The stub's answer to any request: an ECS, Logs or ELBv2 answer, else an error whose message is hostile.
pub fn answer(request: &Recorded, h: &str) -> Reply {
    answer_with(request, h, false)
}

/// `answer`, with hostile names too (`names`) for reads that send nothing back by name.
pub fn answer_with(request: &Recorded, h: &str, names: bool) -> Reply {
    let operation = request.operation().to_string();
    if request.target.is_empty() {
        return elb(&operation, h, names).unwrap_or_else(|| {
            Reply::elb_error(
                400,
                "ValidationError",
                &format!("no {operation}{}", xml_safe(h)),
            )
        });
    }
    match ecs(&operation, &request.body, h, names) {
        Some(body) => Reply::ecs_ok(&body.to_string()),
        None => {
            let message = serde_json::to_string(&format!("{operation} is not allowed{h}"))
                .expect("a JSON string");
            Reply::ecs_error(400, "InvalidParameterException", message.trim_matches('"'))
        }
    }
}
