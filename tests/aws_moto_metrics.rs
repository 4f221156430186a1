//! The AWS backend's Application Auto Scaling calls against moto (issue 23): a service's scalable target
//! registered, read, suspended, and a service without one. Policies are put straight through the SDK (not
//! counted by the backend under test).
//!
//! moto 5.2.5 is shallow here: DescribeScalingActivities answers 500 for an ECS service, so the whole read
//! of a service's scaling (target, policies, scheduled actions, activities) is tested against the stub
//! (`aws_stub_scaling.rs`). CloudWatch is tested against a stub of its own (`aws_stub_cloudwatch.rs`): the
//! SDK speaks the RPC v2 CBOR protocol to CloudWatch, which moto 5.2.5 does not route (every call 404).

mod support;

use aws_sdk_applicationautoscaling::types::{
    MetricType, PolicyType, PredefinedMetricSpecification, ScalableDimension, ServiceNamespace,
    TargetTrackingScalingPolicyConfiguration,
};
use support::moto;
use support::world::Fixture;
use wharf::backend::aws::loopback_sdk_config;
use wharf::backend::MetricsScaling;
use wharf::model::*;

fn config() -> aws_config::SdkConfig {
    loopback_sdk_config(&moto::shared().endpoint, "us-east-1")
}

fn fixture() -> Fixture {
    Fixture::new(&moto::shared().endpoint)
}

#[tokio::test]
async fn a_services_auto_scaling_is_registered_read_and_suspended() {
    let fx = fixture();
    let cluster = fx.cluster("mx-scaling").await;
    let td = fx.task_definition("mx-scaling", "nginx:1").await;
    let service = fx.service(&cluster, "web", &td, 2).await;
    let other = fx.service(&cluster, "worker", &td, 1).await;
    let aws = fx.aws();

    let none = aws
        .describe_service_scaling(&cluster, "worker")
        .await
        .expect("not registered");
    assert_eq!(none.target, None);
    let _ = other;

    let range = TargetChange {
        min: Some(2),
        max: Some(10),
        suspended: None,
    };
    let t = aws
        .register_scalable_target(&cluster, &service, &range)
        .await
        .expect("RegisterScalableTarget")
        .expect("read back");
    assert_eq!((t.min, t.max), (2, 10));
    assert_eq!(t.resource_id, "service/mx-scaling/web");

    let config = TargetTrackingScalingPolicyConfiguration::builder()
        .target_value(50.0)
        .predefined_metric_specification(
            PredefinedMetricSpecification::builder()
                .predefined_metric_type(MetricType::EcsServiceAverageCpuUtilization)
                .build()
                .expect("metric"),
        )
        .scale_out_cooldown(60)
        .scale_in_cooldown(300)
        .build()
        .expect("config");
    aws_sdk_applicationautoscaling::Client::new(&self::config())
        .put_scaling_policy()
        .policy_name("cpu50")
        .service_namespace(ServiceNamespace::Ecs)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .resource_id("service/mx-scaling/web")
        .policy_type(PolicyType::TargetTrackingScaling)
        .target_tracking_scaling_policy_configuration(config)
        .send()
        .await
        .expect("PutScalingPolicy");

    let policies = aws_sdk_applicationautoscaling::Client::new(&self::config())
        .describe_scaling_policies()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/mx-scaling/web")
        .send()
        .await
        .expect("DescribeScalingPolicies");
    assert_eq!(policies.scaling_policies().len(), 1);

    let suspend = TargetChange {
        min: None,
        max: None,
        suspended: Some(Suspended::DYNAMIC),
    };
    let t = aws
        .register_scalable_target(&cluster, &service, &suspend)
        .await
        .expect("suspend")
        .expect("read back");
    assert_eq!(t.suspended, Suspended::DYNAMIC);
    assert_eq!((t.min, t.max), (2, 10), "the range stays");
    let all = aws.describe_scalable_targets(&[]).await.expect("all");
    let ours = all
        .iter()
        .find(|t| t.resource_id == "service/mx-scaling/web")
        .expect("listed");
    assert_eq!(ours.short_text(), "auto 2–10 off");
    let calls = aws.call_counts();
    assert_eq!(calls.get("RegisterScalableTarget"), Some(&2), "{calls:?}");
}
