//! Every string field of every model type is visited by `Texts`, with the shape it is shown in.

use super::super::text::{clean_all, Shape, Texts};
use super::super::*;
use super::fixtures::*;
use super::fixtures_elb::*;

/// Every quoted string in a value's `Debug` text (a `String` prints quoted, with `"` escaped).
fn quoted(debug: &str) -> Vec<String> {
    let pattern = regex::Regex::new(r#""((?:[^"\\]|\\.)*)""#).expect("pattern");
    pattern
        .captures_iter(debug)
        .map(|c| c[1].to_string())
        .collect()
}

/// Sets every string `texts` visits to `§`; whatever text is left in the `Debug` output was not visited.
fn unvisited<T: Texts + std::fmt::Debug>(mut value: T) -> Vec<String> {
    let before = quoted(&format!("{value:?}"));
    assert!(!before.is_empty(), "the fixture holds text");
    value.texts(&mut |s, _| *s = "§".into());
    quoted(&format!("{value:?}"))
        .into_iter()
        // A port's protocol is a `&'static str` wharf chooses, not text that came in.
        .filter(|s| s != "§" && s != "tcp")
        .collect()
}

#[test]
fn every_string_field_is_visited() {
    let missed: Vec<(&str, Vec<String>)> = vec![
        ("Cluster", unvisited(clusters())),
        ("ContainerInstance", unvisited(container_instances())),
        (
            "TaskProtection",
            unvisited(vec![TaskProtection {
                task_arn: s(),
                enabled: true,
                expires_at: Some(AT),
            }]),
        ),
        ("CapacityProvider", unvisited(capacity_providers())),
        ("Service", unvisited(services())),
        (
            "ServiceDeploymentBrief",
            unvisited(vec![ServiceDeploymentBrief {
                arn: s(),
                status: s(),
                created_at: Some(AT),
            }]),
        ),
        ("Task", unvisited(tasks())),
        ("TaskDefinition", unvisited(task_definitions())),
        (
            "RevisionRef",
            unvisited(vec![RevisionRef::new(s(), RevisionStatus::Active)]),
        ),
        ("LoadBalancer", unvisited(load_balancers())),
        ("TargetGroup", unvisited(target_groups())),
        ("TargetHealth", unvisited(targets())),
        ("Listener", unvisited(listeners())),
        ("ListenerRule", unvisited(rules())),
        ("ServiceDeployment", unvisited(service_deployments())),
        (
            "ServiceRevision",
            unvisited(vec![ServiceRevision {
                arn: s(),
                task_definition: s(),
            }]),
        ),
        ("LogPage", unvisited(logs())),
        ("Alarm", unvisited(vec![alarm()])),
        ("ServiceScaling", unvisited(service_scaling())),
    ];
    for (name, left) in &missed {
        assert!(left.is_empty(), "{name}: fields not visited hold {left:?}");
    }
}

#[test]
fn messages_are_prose_and_names_are_lines() {
    let mut shapes = Vec::new();
    let mut service = services().remove(0);
    service.texts(&mut |s, shape| shapes.push((s.clone(), shape)));
    assert_eq!(
        shapes
            .iter()
            .filter(|(_, shape)| *shape == Shape::Prose)
            .count(),
        2,
        "the event's message and the rollout reason: {shapes:?}"
    );
    let mut task = tasks().remove(0);
    task.stopped_reason = Some("line one\nline two\x1b]0;x\x07".into());
    task.containers[0].name = "web\nname".into();
    clean_all(&mut task);
    assert_eq!(
        task.stopped_reason.as_deref(),
        Some("line one\nline two\u{FFFD}]0;x\u{FFFD}")
    );
    assert_eq!(task.containers[0].name, "web name");
}

fn alarm() -> Alarm {
    Alarm {
        name: s(),
        state: AlarmState::Alarm,
        reason: s(),
        changed_at: Some(AT),
        namespace: s(),
        metric_name: s(),
        dimensions: vec![(s(), s())],
        condition: s(),
    }
}

fn service_scaling() -> ServiceScaling {
    let tracking = PolicyKind::TargetTracking {
        metric: s(),
        target: 50.0,
        scale_out_cooldown_secs: None,
        scale_in_cooldown_secs: None,
        scale_in_disabled: false,
    };
    let step = PolicyKind::Step {
        adjustment_type: s(),
        steps: vec![s()],
        cooldown_secs: None,
    };
    ServiceScaling {
        target: Some(ScalableTarget {
            resource_id: s(),
            min: 1,
            max: 2,
            suspended: Suspended::NOTHING,
        }),
        policies: [tracking, step, PolicyKind::Other(s())]
            .into_iter()
            .map(|kind| ScalingPolicy { name: s(), kind })
            .collect(),
        scheduled: vec![ScheduledAction {
            name: s(),
            schedule: s(),
            min: Some(1),
            max: None,
        }],
        activities: vec![ScalingActivity {
            description: s(),
            cause: s(),
            status: s(),
            status_message: Some(s()),
            started_at: AT,
            ended_at: None,
        }],
    }
}
