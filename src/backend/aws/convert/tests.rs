//! Unit tests of the conversions that the stub tests do not reach: ECS's defaults for what a
//! configuration leaves out, and values this wharf does not know yet.

use aws_sdk_ecs::types as ecs;

use super::*;
use crate::model::ServiceDeploymentStatus;

fn config(strategy: &str) -> ecs::builders::DeploymentConfigurationBuilder {
    ecs::DeploymentConfiguration::builder().strategy(ecs::DeploymentStrategy::from(strategy))
}

#[test]
fn a_strategy_without_its_settings_takes_ecs_defaults() {
    assert_eq!(
        strategy(&config("LINEAR").build()),
        Strategy::Linear {
            step_percent: 10.0,
            step_bake_minutes: 6
        }
    );
    assert_eq!(
        strategy(&config("CANARY").build()),
        Strategy::Canary {
            percent: 5.0,
            bake_minutes: 10
        }
    );
    let partial = config("CANARY")
        .canary_configuration(
            ecs::CanaryConfiguration::builder()
                .canary_percent(20.0)
                .build(),
        )
        .build();
    assert_eq!(
        strategy(&partial),
        Strategy::Canary {
            percent: 20.0,
            bake_minutes: 10
        }
    );
    assert_eq!(
        strategy(&ecs::DeploymentConfiguration::builder().build()),
        Strategy::Rolling
    );
    assert_eq!(strategy(&config("BLUE_GREEN").build()), Strategy::BlueGreen);
}

#[test]
fn canary_settings_and_pause_hooks_reach_the_service() {
    let hook = |target: &str| {
        ecs::DeploymentLifecycleHook::builder()
            .target_type(ecs::DeploymentLifecycleHookTargetType::from(target))
            .build()
    };
    let c = config("CANARY")
        .canary_configuration(
            ecs::CanaryConfiguration::builder()
                .canary_percent(12.5)
                .canary_bake_time_in_minutes(0)
                .build(),
        )
        .bake_time_in_minutes(15)
        .lifecycle_hooks(hook("PAUSE"))
        .lifecycle_hooks(hook("AWS_LAMBDA"))
        .lifecycle_hooks(hook("PAUSE"))
        .build();
    let svc = service(&ecs::Service::builder().deployment_configuration(c).build());
    let dc = svc.deployment_configuration;
    assert_eq!(
        dc.strategy,
        Strategy::Canary {
            percent: 12.5,
            bake_minutes: 0
        }
    );
    assert_eq!(dc.bake_time_minutes, Some(15));
    assert_eq!(dc.pause_hooks, 2, "the Lambda hook is not a pause");
}

#[test]
fn a_deployment_keeps_a_status_wharf_does_not_know_and_shows_none_it_was_not_given() {
    let d = ecs::ServiceDeployment::builder()
        .status(ecs::ServiceDeploymentStatus::from(
            "PAUSED_BY_SOMETHING_NEW",
        ))
        .build();
    let converted = service_deployment(&d);
    assert_eq!(
        converted.status,
        ServiceDeploymentStatus::Other("PAUSED_BY_SOMETHING_NEW".into())
    );
    assert_eq!(converted.status.as_str(), "PAUSED_BY_SOMETHING_NEW");
    assert_eq!(converted.strategy, Strategy::Rolling);
    assert_eq!(converted.breaker, None);
    assert_eq!(converted.rollback_reason, None);

    let bare = service_deployment(&ecs::ServiceDeployment::builder().build());
    assert_eq!(bare.status, ServiceDeploymentStatus::Other(String::new()));
    assert!(!bare.status.is_ongoing());
    assert_eq!(bare.target, Default::default());
}
