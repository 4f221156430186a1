//! A service's auto scaling: its range (`:autoscale MIN MAX`), or its dynamic scaling suspended or resumed
//! (`:autoscale suspend`, `:autoscale resume`), with RegisterScalableTarget.

use futures::future::BoxFuture;

use super::common::{active_service, service_in_sight};
use super::{Change, Delta, Description, Input, Mutation, MutationKind, Note};
use crate::app::explore::Read;
use crate::app::{service_metrics, Resource, State};
use crate::backend::{Backend, Result};
use crate::model::{arn_name, ScalableTarget, Suspended, TargetChange};

/// ECS's most tasks a service may want: a range above it cannot be reached.
const MOST: u32 = crate::app::dialog::checks::MAX_DESIRED_COUNT;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Autoscale {
    pub cluster_arn: String,
    pub service_arn: String,
    /// The target as wharf saw it when the dialog opened (`None`: not registered).
    pub from: Option<ScalableTarget>,
    pub change: TargetChange,
    /// The service's desired count then, for what a new range does to it.
    pub desired: u32,
}

impl Autoscale {
    pub fn draft(state: &State) -> std::result::Result<Mutation, String> {
        let (cluster_arn, service_arn) =
            service_in_sight(state, MutationKind::Autoscale.activity())?;
        Ok(Autoscale {
            cluster_arn,
            service_arn,
            from: None,
            change: TargetChange {
                min: None,
                max: None,
                suspended: None,
            },
            desired: 0,
        }
        .into())
    }

    fn range_text(min: u32, max: u32) -> String {
        format!("{min}–{max}")
    }
}

/// What `:autoscale` was given: `MIN MAX`, `suspend` or `resume`.
fn parse(text: &str, from: Option<&ScalableTarget>) -> std::result::Result<TargetChange, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let keep_scheduled = from.is_some_and(|t| t.suspended.scheduled);
    match words.as_slice() {
        [] => Err("type MIN MAX (the range auto scaling keeps the count in), suspend or resume".into()),
        ["suspend"] | ["resume"] if from.is_none() => Err(
            "the service has no scalable target: nothing to suspend or resume; type MIN MAX to register one"
                .into(),
        ),
        ["suspend"] => Ok(TargetChange {
            min: None,
            max: None,
            suspended: Some(Suspended {
                scheduled: keep_scheduled,
                ..Suspended::DYNAMIC
            }),
        }),
        // Dynamic scaling only: scheduled scaling stays as it was, as with suspend.
        ["resume"] => Ok(TargetChange {
            min: None,
            max: None,
            suspended: Some(Suspended {
                scheduled: keep_scheduled,
                ..Suspended::NOTHING
            }),
        }),
        [word @ ("suspend" | "resume"), _] => Err(format!(
            "{word} takes nothing after it: type :autoscale {word}"
        )),
        [min, max] => {
            let number = |s: &str, which: &str| {
                s.parse::<u32>().ok().filter(|n| *n <= MOST).ok_or_else(|| {
                    format!("\"{s}\" is not a {which} count: type two whole numbers from 0 to {MOST}, e.g. 2 10")
                })
            };
            let (min, max) = (number(min, "minimum")?, number(max, "maximum")?);
            if min > max {
                return Err(format!(
                    "the minimum {min} is above the maximum {max}: type the smaller first, e.g. {max} {min}"
                ));
            }
            Ok(TargetChange {
                min: Some(min),
                max: Some(max),
                suspended: None,
            })
        }
        _ => Err(format!(
            "\"{text}\" is not understood: type MIN MAX (e.g. 2 10), suspend or resume"
        )),
    }
}

impl Change for Autoscale {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        Some(&self.service_arn)
    }

    fn describe(&self) -> Description {
        let mut changes = Vec::new();
        if let (Some(min), Some(max)) = (self.change.min, self.change.max) {
            let from = self
                .from
                .as_ref()
                .map_or("not scaled automatically".into(), |t| {
                    Autoscale::range_text(t.min, t.max)
                });
            changes.push(Delta::new("range", from, Autoscale::range_text(min, max)));
        }
        if let Some(s) = self.change.suspended {
            let from = self
                .from
                .as_ref()
                .map_or(Suspended::NOTHING, |t| t.suspended);
            changes.push(Delta::new("suspended", from.text(), s.text()));
        }
        Description {
            title: format!("Auto scaling of service {}", arn_name(&self.service_arn)),
            changes,
            targets: vec![self.service_arn.clone()],
            how: "RegisterScalableTarget: Application Auto Scaling keeps the desired count in the range \
                  and its policies move it within; suspended, they leave a count set by hand alone"
                .into(),
        }
    }

    fn warning(&self) -> Option<String> {
        // The range and the suspension as they will be: a resume moves a count set by hand too.
        let from = self.from.as_ref();
        let min = self.change.min.or(from.map(|t| t.min))?;
        let max = self.change.max.or(from.map(|t| t.max))?;
        let suspended = self.change.suspended.or(from.map(|t| t.suspended));
        if suspended.is_some_and(Suspended::dynamic) {
            return None;
        }
        if self.desired < min {
            Some(format!(
                "the count is {} now: it goes up to {min} at once",
                self.desired
            ))
        } else if self.desired > max {
            Some(format!(
                "the count is {} now: it goes down to {max} at once, and tasks stop",
                self.desired
            ))
        } else {
            None
        }
    }

    fn invalidates(&self, _: &State) -> Vec<Resource> {
        let mut reads =
            super::common::service_reads(Some(&self.cluster_arn), Some(&self.service_arn));
        reads.push(Resource::Explore(Read::ScalableTargets));
        reads.push(Resource::Explore(Read::Scaling {
            cluster_arn: self.cluster_arn.clone(),
            service: arn_name(&self.service_arn).to_string(),
        }));
        reads
    }

    fn opening_reads(&self, _: &State) -> Vec<Resource> {
        vec![
            Resource::Service {
                cluster_arn: self.cluster_arn.clone(),
                service_arn: self.service_arn.clone(),
            },
            Resource::Explore(Read::ScalableTargets),
        ]
    }

    fn label(&self) -> Option<&'static str> {
        Some("MIN MAX, suspend or resume")
    }

    fn complete(&self, state: &State, input: &Input) -> std::result::Result<Mutation, String> {
        let service = active_service(state, &self.cluster_arn, &self.service_arn)?;
        let from = service_metrics::target_of(state, &self.cluster_arn, &service.name).cloned();
        let change = parse(input.text, from.as_ref())?;
        let same_range = from.as_ref().is_some_and(|t| {
            change.min.is_none_or(|m| m == t.min) && change.max.is_none_or(|m| m == t.max)
        });
        let same_state = change
            .suspended
            .is_none_or(|s| from.as_ref().is_some_and(|t| t.suspended == s));
        if same_range && same_state {
            return Err(format!(
                "{} is that way already: type another range, or Esc",
                service.name
            ));
        }
        Ok(Autoscale {
            from,
            change,
            desired: service.desired_count,
            ..self.clone()
        }
        .into())
    }

    fn draft_title(&self, _: &State) -> String {
        format!("Auto scaling of service {}", arn_name(&self.service_arn))
    }

    fn context(&self, state: &State) -> Vec<Note> {
        let name = arn_name(&self.service_arn);
        let now = match service_metrics::target_of(state, &self.cluster_arn, name) {
            Some(t) => format!("now: range {}–{}, {}", t.min, t.max, t.suspended.text()),
            None => "now: not scaled automatically (no scalable target)".into(),
        };
        vec![Note::text(now)]
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let name = arn_name(&self.service_arn);
            let t = backend
                .register_scalable_target(&self.cluster_arn, &self.service_arn, &self.change)
                .await?;
            Ok(match t {
                Some(t) => format!(
                    "{name}: auto scaling {}–{}, {}",
                    t.min,
                    t.max,
                    t.suspended.text()
                ),
                None => {
                    format!("{name}: auto scaling changed (reading it back failed: r refreshes)")
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_autoscale_takes() {
        let t = ScalableTarget {
            resource_id: "service/prod/web".into(),
            min: 2,
            max: 10,
            suspended: Suspended {
                scheduled: true,
                ..Suspended::NOTHING
            },
        };
        let c = parse("2 10", None).unwrap();
        assert_eq!((c.min, c.max, c.suspended), (Some(2), Some(10), None));
        let s = parse("suspend", Some(&t)).unwrap().suspended.unwrap();
        assert!(
            s.dynamic_in && s.dynamic_out && s.scheduled,
            "scheduled stays as it was"
        );
        let resumed = parse("resume", Some(&t)).unwrap().suspended.unwrap();
        assert!(
            !resumed.dynamic() && resumed.scheduled,
            "scheduled stays suspended"
        );
        for bad in [
            "",
            "5 2",
            "two 10",
            "2",
            "2 10 12",
            "suspend now",
            "-1 3",
            "2 99999",
        ] {
            assert!(parse(bad, Some(&t)).is_err(), "{bad:?}");
        }
        assert!(parse("suspend", None)
            .unwrap_err()
            .contains("no scalable target"));
    }
}
