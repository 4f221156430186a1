//! Scale a service: UpdateService with a new desired count, typed in the dialog.

use futures::future::BoxFuture;

use super::common::{active_service, service_in_sight};
use super::{Change, Delta, Description, Input, Mutation, MutationKind, Note};
use crate::app::dialog::checks;
use crate::app::State;
use crate::backend::{Backend, Result, ServiceUpdate};
use crate::model::{arn_name, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scale {
    pub cluster_arn: String,
    pub service_arn: String,
    pub from: u32,
    pub to: u32,
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
        Description {
            title: format!("Scale service {}", arn_name(&self.service_arn)),
            changes: vec![Delta::new(
                "desired count",
                self.from.to_string(),
                self.to.to_string(),
            )],
            targets: vec![self.service_arn.clone()],
            how: "UpdateService: ECS starts or stops tasks until the count is reached".into(),
        }
    }

    fn warning(&self) -> Option<String> {
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

    fn complete(&self, state: &State, input: &Input) -> std::result::Result<Mutation, String> {
        let service = active_service(state, &self.cluster_arn, &self.service_arn)?;
        let to = checks::desired_count(input.text, service)?;
        Ok(Scale {
            from: service.desired_count,
            to,
            ..self.clone()
        }
        .into())
    }

    fn draft_title(&self, _: &State) -> String {
        format!("Scale service {}", arn_name(&self.service_arn))
    }

    fn context(&self, state: &State) -> Vec<Note> {
        state
            .service(&self.cluster_arn, &self.service_arn)
            .map(|s| {
                Note::text(format!(
                    "now: desired {} · running {} · pending {}",
                    s.desired_count, s.running_count, s.pending_count
                ))
            })
            .into_iter()
            .collect()
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let update = ServiceUpdate {
                desired_count: Some(self.to),
                ..Default::default()
            };
            let s = backend
                .update_service(&self.cluster_arn, &self.service_arn, &update)
                .await?;
            Ok(format!("{} now wants {} tasks", s.name, s.desired_count))
        })
    }
}
