//! Scale a service: UpdateService with a new desired count, typed in the dialog. Where auto scaling would
//! undo the count (outside its range, or a target tracking policy at its next alarm), the dialog says so and
//! offers to suspend dynamic scaling first (RegisterScalableTarget, then UpdateService).

use futures::future::BoxFuture;

use super::common::{active_service, service_in_sight};
use super::{Change, Delta, Description, Input, Mutation, MutationKind, Note};
use crate::app::dialog::checks;
use crate::app::explore::read::{self, got, Got};
use crate::app::explore::Read;
use crate::app::{service_metrics, Resource, State};
use crate::backend::{Backend, BackendError, Result, ServiceUpdate};
use crate::model::{arn_name, ScalableTarget, Suspended, TargetChange, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scale {
    pub cluster_arn: String,
    pub service_arn: String,
    pub from: u32,
    pub to: u32,
    /// The service's scalable target, as wharf saw it, and its target tracking policy's name, if it has one.
    pub auto: Option<ScalableTarget>,
    pub tracking: Option<String>,
    /// Suspend dynamic scaling before scaling (Tab in the dialog).
    pub suspend_first: bool,
}

impl Scale {
    fn scaling_read(&self) -> Read {
        Read::Scaling {
            cluster_arn: self.cluster_arn.clone(),
            service: arn_name(&self.service_arn).to_string(),
        }
    }

    /// The scaling that would undo a count set by hand: a scale-in undoes a larger count, a scale-out a
    /// smaller one; `None` when there is no target or that direction is suspended.
    fn undoing(&self) -> Option<&ScalableTarget> {
        let t = self.auto.as_ref()?;
        let blocked = if self.to > self.from {
            t.suspended.dynamic_in
        } else {
            t.suspended.dynamic_out
        };
        (!blocked).then_some(t)
    }

    /// What auto scaling will do to the count typed, in words; `None` when it leaves it alone.
    fn undone(&self) -> Option<String> {
        let t = self.undoing()?;
        let name = arn_name(&self.service_arn);
        if self.to > t.max {
            return Some(format!(
                "{} is above {name}'s auto scaling range {}–{}: its next scale-in brings it back to {} or fewer",
                self.to, t.min, t.max, t.max
            ));
        }
        if self.to < t.min {
            return Some(format!(
                "{} is below {name}'s auto scaling range {}–{}: its next scale-out brings it back to {} or more",
                self.to, t.min, t.max, t.min
            ));
        }
        self.tracking.as_ref().map(|policy| {
            format!("target tracking policy {policy} sets the count again at its next alarm")
        })
    }
}

impl Scale {
    /// The dialog for the service in sight.
    pub fn draft(state: &State) -> std::result::Result<Mutation, String> {
        let (cluster_arn, service_arn) = service_in_sight(state, MutationKind::Scale.activity())?;
        Ok(Scale {
            cluster_arn,
            service_arn,
            from: 0,
            to: 0,
            auto: None,
            tracking: None,
            suspend_first: false,
        }
        .into())
    }
}

impl Change for Scale {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        Some(&self.service_arn)
    }

    fn describe(&self) -> Description {
        let mut changes = vec![Delta::new(
            "desired count",
            self.from.to_string(),
            self.to.to_string(),
        )];
        let mut how =
            "UpdateService: ECS starts or stops tasks until the count is reached".to_string();
        if self.suspend_first {
            changes.push(Delta::new("dynamic scaling", "on", "suspended"));
            how = format!(
                "RegisterScalableTarget suspends dynamic scaling (until :autoscale resume), then {how}"
            );
        }
        Description {
            title: format!("Scale service {}", arn_name(&self.service_arn)),
            changes,
            targets: vec![self.service_arn.clone()],
            how,
        }
    }

    fn warning(&self) -> Option<String> {
        if let Some(undone) = self.undone().filter(|_| !self.suspend_first) {
            return Some(format!(
                "{undone}. Tab suspends dynamic scaling first; Enter again scales anyway"
            ));
        }
        let (from, to) = (self.from, self.to);
        if to == 0 {
            Some(format!(
                "0 stops every task of {}: it will serve nothing",
                arn_name(&self.service_arn)
            ))
        } else if from > 0 && to > from * 2 {
            Some(format!("{to} is more than twice the {from} wanted now"))
        } else if from > 0 && to * 2 < from {
            Some(format!("{to} is less than half the {from} wanted now"))
        } else {
            None
        }
    }

    /// A scale-out starts the tasks it adds.
    fn own_starts(&self, _: &State) -> Vec<(String, u32)> {
        vec![(self.service_arn.clone(), self.to.saturating_sub(self.from))]
    }

    fn checkable(&self) -> bool {
        true
    }

    fn applied(&self, state: &State, _: Option<&str>, since: Timestamp) -> Option<bool> {
        super::settle::fresh_service(state, &self.cluster_arn, &self.service_arn, since)
            .map(|s| s.desired_count == self.to)
    }

    // Empty when opened: the dialog shows the desired count now beside it, and a count is typed, not edited.
    fn label(&self) -> Option<&'static str> {
        Some("Desired count")
    }

    fn invalidates(&self, _: &State) -> Vec<Resource> {
        let mut reads =
            super::common::service_reads(Some(&self.cluster_arn), Some(&self.service_arn));
        if self.suspend_first {
            reads.push(Resource::Explore(Read::ScalableTargets));
            reads.push(Resource::Explore(self.scaling_read()));
        }
        reads
    }

    /// The service afresh, and its auto scaling (what the warning is about).
    fn opening_reads(&self, _: &State) -> Vec<Resource> {
        vec![
            Resource::Service {
                cluster_arn: self.cluster_arn.clone(),
                service_arn: self.service_arn.clone(),
            },
            Resource::Explore(self.scaling_read()),
        ]
    }

    /// One choice, where auto scaling acts in either direction: suspend it first.
    fn choices(&self, state: &State) -> usize {
        let name = arn_name(&self.service_arn);
        let auto = service_metrics::target_of(state, &self.cluster_arn, name);
        usize::from(auto.is_some_and(|t| !(t.suspended.dynamic_in && t.suspended.dynamic_out)))
    }

    /// The draft does not know the target yet (`complete` does): the choice is kept only where it acts.
    fn toggle(&mut self, _: usize) {
        self.suspend_first = !self.suspend_first;
    }

    fn complete(&self, state: &State, input: &Input) -> std::result::Result<Mutation, String> {
        let service = active_service(state, &self.cluster_arn, &self.service_arn)?;
        let to = checks::desired_count(input.text, service)?;
        // The service's own read says most (policies too); the region's list of targets else.
        let (auto, tracking) = match got(state, &self.scaling_read(), read::scaling) {
            Got::Data(s) => (
                s.target.clone(),
                s.policies
                    .iter()
                    .find(|p| p.is_target_tracking())
                    .map(|p| p.name.clone()),
            ),
            _ => (
                service_metrics::target_of(state, &self.cluster_arn, &service.name).cloned(),
                None,
            ),
        };
        let suspend_first =
            self.suspend_first && auto.as_ref().is_some_and(|t| !t.suspended.dynamic());
        Ok(Scale {
            from: service.desired_count,
            to,
            auto,
            tracking,
            suspend_first,
            ..self.clone()
        }
        .into())
    }

    fn draft_title(&self, _: &State) -> String {
        format!("Scale service {}", arn_name(&self.service_arn))
    }

    fn context(&self, state: &State) -> Vec<Note> {
        let mut notes: Vec<Note> = state
            .service(&self.cluster_arn, &self.service_arn)
            .map(|s| {
                Note::text(format!(
                    "now: desired {} · running {} · pending {}",
                    s.desired_count, s.running_count, s.pending_count
                ))
            })
            .into_iter()
            .collect();
        let name = arn_name(&self.service_arn);
        let auto = self
            .auto
            .clone()
            .or_else(|| service_metrics::target_of(state, &self.cluster_arn, name).cloned());
        if let Some(t) = auto {
            notes.push(Note::text(format!(
                "auto scaling: range {}–{}, {}",
                t.min,
                t.max,
                t.suspended.text()
            )));
            if !(t.suspended.dynamic_in && t.suspended.dynamic_out) {
                let mark = if self.suspend_first { "[x]" } else { "[ ]" };
                notes.push(Note::text(format!(
                    "{mark} suspend dynamic scaling first, so that the count stays (Tab)"
                )));
            }
        }
        notes
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let suspended = match (&self.auto, self.suspend_first) {
                (Some(t), true) => {
                    let change = TargetChange {
                        min: None,
                        max: None,
                        suspended: Some(Suspended {
                            scheduled: t.suspended.scheduled,
                            ..Suspended::DYNAMIC
                        }),
                    };
                    backend
                        .register_scalable_target(&self.cluster_arn, &self.service_arn, &change)
                        .await?;
                    true
                }
                _ => false,
            };
            let update = ServiceUpdate {
                desired_count: Some(self.to),
                ..Default::default()
            };
            let s = match backend
                .update_service(&self.cluster_arn, &self.service_arn, &update)
                .await
            {
                Ok(s) => s,
                // The first step went through: say so, whatever the second did.
                Err(e) if suspended => return Err(after_suspending(e, &self.service_arn)),
                Err(e) => return Err(e),
            };
            let also = if suspended {
                " (dynamic scaling suspended: :autoscale resume gives it back)"
            } else {
                ""
            };
            Ok(format!(
                "{} now wants {} tasks{also}",
                s.name, s.desired_count
            ))
        })
    }
}

/// UpdateService's error after dynamic scaling was suspended: the error as it was, its words telling that
/// the first step went through.
fn after_suspending(e: BackendError, service_arn: &str) -> BackendError {
    let done = format!(
        "dynamic scaling of {} is suspended (RegisterScalableTarget went through; :autoscale resume gives it back), then scaling failed",
        arn_name(service_arn)
    );
    match e {
        BackendError::AnswerLost { action, detail } => BackendError::AnswerLost {
            action,
            detail: format!("{done}: {detail}"),
        },
        other => BackendError::Api {
            code: "PartlyDone".into(),
            message: format!("{done}: {other}"),
        },
    }
}
