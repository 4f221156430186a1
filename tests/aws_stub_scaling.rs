//! A service's whole auto scaling read against a hand-written stub (moto 5.2.5 answers
//! DescribeScalingActivities with a 500 for an ECS service): the scalable target with what is suspended, a
//! target tracking and a step policy, a scheduled action, and the activities in AWS's words, newest first;
//! the four calls as Application Auto Scaling takes them; and an error on the way said with its call.

mod support;

use support::stub::{backend as aws, Reply, Stub};
use wharf::backend::MetricsScaling;
use wharf::model::*;

const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

fn target() -> Reply {
    Reply::ecs_ok(
        r#"{"ScalableTargets":[{"ServiceNamespace":"ecs","ResourceId":"service/prod/web",
        "ScalableDimension":"ecs:service:DesiredCount","MinCapacity":2,"MaxCapacity":10,
        "RoleARN":"arn:aws:iam::123456789012:role/aas","CreationTime":1767225600,
        "SuspendedState":{"DynamicScalingInSuspended":true,"DynamicScalingOutSuspended":false,
        "ScheduledScalingSuspended":false}}]}"#,
    )
}

fn policies() -> Reply {
    Reply::ecs_ok(
        r#"{"ScalingPolicies":[
        {"PolicyARN":"arn:p1","PolicyName":"cpu50","ServiceNamespace":"ecs","ResourceId":"service/prod/web",
         "ScalableDimension":"ecs:service:DesiredCount","PolicyType":"TargetTrackingScaling",
         "TargetTrackingScalingPolicyConfiguration":{"TargetValue":50.0,
           "PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"},
           "ScaleOutCooldown":60,"ScaleInCooldown":300},
         "CreationTime":1767225600},
        {"PolicyARN":"arn:p2","PolicyName":"queue-depth","ServiceNamespace":"ecs","ResourceId":"service/prod/web",
         "ScalableDimension":"ecs:service:DesiredCount","PolicyType":"StepScaling",
         "StepScalingPolicyConfiguration":{"AdjustmentType":"ChangeInCapacity","Cooldown":120,
           "StepAdjustments":[{"MetricIntervalLowerBound":0,"MetricIntervalUpperBound":100,"ScalingAdjustment":1},
                              {"MetricIntervalLowerBound":100,"ScalingAdjustment":3}]},
         "CreationTime":1767225600}]}"#,
    )
}

fn scheduled() -> Reply {
    Reply::ecs_ok(
        r#"{"ScheduledActions":[{"ScheduledActionName":"morning","ScheduledActionARN":"arn:s1",
        "ServiceNamespace":"ecs","Schedule":"cron(0 8 * * ? *)","ResourceId":"service/prod/web",
        "ScalableDimension":"ecs:service:DesiredCount","ScalableTargetAction":{"MinCapacity":4},
        "CreationTime":1767225600}]}"#,
    )
}

fn activities() -> Reply {
    Reply::ecs_ok(
        r#"{"ScalingActivities":[
        {"ActivityId":"a1","ServiceNamespace":"ecs","ResourceId":"service/prod/web",
         "ScalableDimension":"ecs:service:DesiredCount","Description":"Setting desired count to 3.",
         "Cause":"monitor alarm TargetTracking-service/prod/web-AlarmLow-1 in state ALARM triggered policy cpu50",
         "StartTime":1767229200,"EndTime":1767229260,"StatusCode":"Successful",
         "StatusMessage":"Successfully set desired count to 3. Change successfully fulfilled by ecs."},
        {"ActivityId":"a2","ServiceNamespace":"ecs","ResourceId":"service/prod/web",
         "ScalableDimension":"ecs:service:DesiredCount","Description":"Setting desired count to 4.",
         "Cause":"monitor alarm TargetTracking-service/prod/web-AlarmHigh-1 in state ALARM triggered policy cpu50",
         "StartTime":1767232800,"StatusCode":"InProgress"}]}"#,
    )
}

#[tokio::test]
async fn a_services_scaling_is_read_whole_in_four_calls() {
    let stub = Stub::start(vec![target(), policies(), scheduled(), activities()]).await;
    let scaling = aws(&stub.endpoint)
        .describe_service_scaling(CLUSTER, "web")
        .await
        .expect("four calls");
    let t = scaling.target.clone().expect("registered");
    assert_eq!((t.min, t.max), (2, 10));
    assert_eq!(t.suspended.text(), "scale-in suspended");
    assert_eq!(t.short_text(), "auto 2–10 off");
    let texts: Vec<String> = scaling.policies.iter().map(ScalingPolicy::text).collect();
    assert_eq!(
        texts,
        [
            "cpu50: target tracking, ECSServiceAverageCPUUtilization at 50, cooldown out 60s, in 300s",
            "queue-depth: step scaling (ChangeInCapacity), +1 at 0 to 100, +3 at 100 to …, cooldown 120s"
        ]
    );
    assert_eq!(
        scaling.scheduled[0].text(),
        "morning: cron(0 8 * * ? *) sets min 4"
    );
    let described: Vec<&str> = scaling
        .activities
        .iter()
        .map(|a| a.description.as_str())
        .collect();
    assert_eq!(
        described,
        ["Setting desired count to 4.", "Setting desired count to 3."],
        "newest first"
    );
    assert_eq!(scaling.activities[0].status, "InProgress");
    assert_eq!(
        scaling.activities[1].ended_at,
        Some(Timestamp::from_secs(1767229260))
    );

    let requests = stub.requests();
    let operations: Vec<&str> = requests.iter().map(|r| r.operation()).collect();
    assert_eq!(
        operations,
        [
            "DescribeScalableTargets",
            "DescribeScalingPolicies",
            "DescribeScheduledActions",
            "DescribeScalingActivities"
        ]
    );
    for r in &requests {
        assert!(r.body.contains(r#""ServiceNamespace":"ecs""#), "{}", r.body);
        assert!(r.body.contains("ecs:service:DesiredCount"), "{}", r.body);
    }
    assert!(requests[0]
        .body
        .contains(r#""ResourceIds":["service/prod/web"]"#));
    assert!(requests[3]
        .body
        .contains(r#""ResourceId":"service/prod/web""#));
}

#[tokio::test]
async fn a_service_without_a_target_is_one_call_and_a_refusal_names_its_call() {
    let stub = Stub::start(vec![Reply::ecs_ok(r#"{"ScalableTargets":[]}"#)]).await;
    let scaling = aws(&stub.endpoint)
        .describe_service_scaling(CLUSTER, "worker")
        .await
        .expect("one call");
    assert_eq!(scaling, ServiceScaling::default());
    assert_eq!(stub.requests().len(), 1);

    let denied = Reply::ecs_error(
        400,
        "AccessDeniedException",
        "User is not authorized to perform: application-autoscaling:DescribeScalingPolicies",
    );
    let stub = Stub::start(vec![target(), denied]).await;
    let err = aws(&stub.endpoint)
        .describe_service_scaling(CLUSTER, "web")
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("DescribeScalingPolicies"), "{text}");
}
