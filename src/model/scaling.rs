//! Application Auto Scaling of an ECS service's desired count (../shared/notes/metrics-scaling.md).

use super::{arn_name, Timestamp};

/// `service/CLUSTER/SERVICE`: how Application Auto Scaling names an ECS service (each given by name or
/// ARN).
pub fn scaling_resource_id(cluster: &str, service: &str) -> String {
    format!("service/{}/{}", arn_name(cluster), arn_name(service))
}

/// What is suspended of a scalable target's scaling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Suspended {
    pub dynamic_in: bool,
    pub dynamic_out: bool,
    pub scheduled: bool,
}

impl Suspended {
    pub const NOTHING: Suspended = Suspended {
        dynamic_in: false,
        dynamic_out: false,
        scheduled: false,
    };
    /// What an operator suspends before scaling by hand: the policies that follow alarms.
    pub const DYNAMIC: Suspended = Suspended {
        dynamic_in: true,
        dynamic_out: true,
        scheduled: false,
    };

    pub fn any(self) -> bool {
        self.dynamic_in || self.dynamic_out || self.scheduled
    }

    pub fn dynamic(self) -> bool {
        self.dynamic_in || self.dynamic_out
    }

    /// `scale-in and scale-out suspended`, or `nothing suspended`.
    pub fn text(self) -> String {
        let parts: Vec<&str> = [
            (self.dynamic_in, "scale-in"),
            (self.dynamic_out, "scale-out"),
            (self.scheduled, "scheduled scaling"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        match parts.as_slice() {
            [] => "nothing suspended".into(),
            [one] => format!("{one} suspended"),
            [first @ .., last] => format!("{} and {last} suspended", first.join(", ")),
        }
    }
}

/// A service registered with Application Auto Scaling: the range its desired count is kept in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScalableTarget {
    /// `service/CLUSTER/SERVICE`.
    pub resource_id: String,
    pub min: u32,
    pub max: u32,
    pub suspended: Suspended,
}

impl ScalableTarget {
    /// The services list's words: `auto 2–10`, or `auto off` when dynamic scaling is suspended.
    pub fn short_text(&self) -> String {
        if self.suspended.dynamic() {
            format!("auto {}–{} off", self.min, self.max)
        } else {
            format!("auto {}–{}", self.min, self.max)
        }
    }

    /// Where Application Auto Scaling moves a desired count set by hand: back into [min, max].
    pub fn clamp(&self, desired: u32) -> u32 {
        desired.clamp(self.min, self.max.max(self.min))
    }
}

/// A scaling policy of a scalable target.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingPolicy {
    pub name: String,
    pub kind: PolicyKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PolicyKind {
    /// Keeps a metric near `target`: out fast, in slowly.
    TargetTracking {
        /// `ECSServiceAverageCPUUtilization`, `ALBRequestCountPerTarget`, or a custom metric's name.
        metric: String,
        target: f64,
        scale_out_cooldown_secs: Option<u32>,
        scale_in_cooldown_secs: Option<u32>,
        scale_in_disabled: bool,
    },
    /// Steps of adjustment by how far an alarm's metric is past its threshold.
    Step {
        adjustment_type: String,
        /// `+1 at 0 to 10 above`, ... as AWS gives them.
        steps: Vec<String>,
        cooldown_secs: Option<u32>,
    },
    /// A kind wharf does not describe (AWS may add some): its name.
    Other(String),
}

impl ScalingPolicy {
    /// `cpu50: target tracking, ECSServiceAverageCPUUtilization at 50, out cooldown 300s, in 300s`.
    pub fn text(&self) -> String {
        match &self.kind {
            PolicyKind::TargetTracking {
                metric,
                target,
                scale_out_cooldown_secs,
                scale_in_cooldown_secs,
                scale_in_disabled,
            } => {
                let secs = |s: &Option<u32>| s.map_or("300s".into(), |s| format!("{s}s"));
                let mut text = format!(
                    "{}: target tracking, {metric} at {target}, cooldown out {}, in {}",
                    self.name,
                    secs(scale_out_cooldown_secs),
                    secs(scale_in_cooldown_secs)
                );
                if *scale_in_disabled {
                    text.push_str(", never scales in");
                }
                text
            }
            PolicyKind::Step {
                adjustment_type,
                steps,
                cooldown_secs,
            } => {
                let mut text = format!("{}: step scaling ({adjustment_type})", self.name);
                if !steps.is_empty() {
                    text.push_str(&format!(", {}", steps.join(", ")));
                }
                if let Some(c) = cooldown_secs {
                    text.push_str(&format!(", cooldown {c}s"));
                }
                text
            }
            PolicyKind::Other(kind) => format!("{}: {kind}", self.name),
        }
    }

    pub fn is_target_tracking(&self) -> bool {
        matches!(self.kind, PolicyKind::TargetTracking { .. })
    }
}

/// A scheduled change of the range (`cron(0 8 * * ? *)` to min 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledAction {
    pub name: String,
    pub schedule: String,
    pub min: Option<u32>,
    pub max: Option<u32>,
}

impl ScheduledAction {
    pub fn text(&self) -> String {
        let bound = |name: &str, v: Option<u32>| v.map(|v| format!("{name} {v}"));
        let range: Vec<String> = [bound("min", self.min), bound("max", self.max)]
            .into_iter()
            .flatten()
            .collect();
        format!("{}: {} sets {}", self.name, self.schedule, range.join(", "))
    }
}

/// A scaling activity in AWS's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalingActivity {
    /// `Setting desired count to 4.`
    pub description: String,
    /// `monitor alarm TargetTracking-…-AlarmHigh-… in state ALARM triggered policy cpu50`
    pub cause: String,
    /// `Successful`, `InProgress`, `Failed`, ...
    pub status: String,
    pub status_message: Option<String>,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
}

/// Everything Application Auto Scaling says of one service. No target: it is not scaled automatically.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceScaling {
    pub target: Option<ScalableTarget>,
    pub policies: Vec<ScalingPolicy>,
    pub scheduled: Vec<ScheduledAction>,
    /// Newest first.
    pub activities: Vec<ScalingActivity>,
}

/// A change of a scalable target (RegisterScalableTarget): what is named changes, the rest stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TargetChange {
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub suspended: Option<Suspended>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(min: u32, max: u32, suspended: Suspended) -> ScalableTarget {
        ScalableTarget {
            resource_id: "service/prod/web".into(),
            min,
            max,
            suspended,
        }
    }

    fn tracking() -> ScalingPolicy {
        ScalingPolicy {
            name: "cpu50".into(),
            kind: PolicyKind::TargetTracking {
                metric: "ECSServiceAverageCPUUtilization".into(),
                target: 50.0,
                scale_out_cooldown_secs: Some(60),
                scale_in_cooldown_secs: None,
                scale_in_disabled: false,
            },
        }
    }

    #[test]
    fn a_count_is_clamped_into_the_range() {
        let t = target(2, 10, Suspended::NOTHING);
        assert_eq!((t.clamp(14), t.clamp(1), t.clamp(5)), (10, 2, 5));
        assert!(tracking().is_target_tracking());
    }

    #[test]
    fn texts_read_as_aws_names_things() {
        assert_eq!(
            scaling_resource_id("arn:aws:ecs:r:1:cluster/prod", "web"),
            "service/prod/web"
        );
        let service = "arn:aws:ecs:r:1:service/prod/web";
        assert_eq!(scaling_resource_id("prod", service), "service/prod/web");
        assert_eq!(
            Suspended::DYNAMIC.text(),
            "scale-in and scale-out suspended"
        );
        assert_eq!(Suspended::NOTHING.text(), "nothing suspended");
        assert_eq!(target(2, 10, Suspended::NOTHING).short_text(), "auto 2–10");
        assert_eq!(
            target(2, 10, Suspended::DYNAMIC).short_text(),
            "auto 2–10 off"
        );
        assert_eq!(
            tracking().text(),
            "cpu50: target tracking, ECSServiceAverageCPUUtilization at 50, cooldown out 60s, in 300s"
        );
    }
}
