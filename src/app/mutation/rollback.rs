//! Roll a service back: stop the deployment in progress with ROLLBACK, else deploy the revision the service
//! ran before (as seen this session), else the newest ACTIVE revision older than the one running.

use futures::future::BoxFuture;

use super::common::{
    active_service, containers, revisions, service_and_revisions, service_in_sight,
};
use super::{Change, Delta, Description, Input, Mutation, MutationKind, Note};
use crate::app::{Resource, State};
use crate::backend::{Backend, BackendError, Result, ServiceUpdate};
use crate::model::{arn_name, family_of, family_revision, revision, Service, Timestamp};

/// How much later than the confirmed deployment ListServiceDeployments may date it (the two APIs stamp it
/// separately) before it counts as another, newer deployment.
const NEWER_DEPLOYMENT_MS: i64 = 60_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rollback {
    pub cluster_arn: String,
    pub service_arn: String,
    /// The task definition ARN running now (or being rolled out).
    pub from: String,
    pub how: RollbackHow,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RollbackHow {
    /// StopServiceDeployment (ROLLBACK) of the deployment in progress; ECS returns to `to`, the revision of
    /// the last deployment that completed.
    StopDeployment {
        deployment_id: String,
        to: String,
        /// When the confirmed deployment began: a newer one found when it is sent is not stopped.
        started: Timestamp,
    },
    /// UpdateService to this earlier revision.
    ToRevision(String),
}

impl RollbackHow {
    /// The revision it goes back to.
    pub fn to(&self) -> &str {
        match self {
            RollbackHow::StopDeployment { to, .. } | RollbackHow::ToRevision(to) => to,
        }
    }
}

impl Rollback {
    pub fn draft(state: &State) -> std::result::Result<Mutation, String> {
        let (cluster_arn, service_arn) =
            service_in_sight(state, MutationKind::Rollback.activity())?;
        Ok(Rollback {
            cluster_arn,
            service_arn,
            from: String::new(),
            how: RollbackHow::ToRevision(String::new()),
        }
        .into())
    }

    /// While a deployment is in progress: stop it with ROLLBACK. Otherwise the revision before.
    fn how(&self, state: &State, service: &Service) -> std::result::Result<RollbackHow, String> {
        if service.is_deploying() {
            if let Some(primary) = service.primary_deployment() {
                let previous = service
                    .deployments
                    .iter()
                    .find(|d| {
                        d.id != primary.id && d.status != crate::model::DeploymentStatus::Inactive
                    })
                    .map(|d| d.task_definition.clone());
                if let Some(to) = previous {
                    return Ok(RollbackHow::StopDeployment {
                        deployment_id: primary.id.clone(),
                        to,
                        started: primary.created_at,
                    });
                }
            }
        }
        let current: u32 = revision(&service.task_definition).parse().unwrap_or(0);
        let revisions = revisions(state, &self.cluster_arn, &self.service_arn)?;
        // The revision this service was seen running before, while it is still ACTIVE.
        let before = state
            .session
            .seen_revisions
            .get(&service.arn)
            .and_then(|seen| {
                seen.iter()
                    .rev()
                    .find(|td| **td != service.task_definition && revisions.contains(td))
            });
        if let Some(td) = before {
            return Ok(RollbackHow::ToRevision(td.clone()));
        }
        revisions
            .iter()
            .find(|arn| revision(arn).parse::<u32>().is_ok_and(|r| r < current))
            .map(|arn| RollbackHow::ToRevision(arn.clone()))
            .ok_or_else(|| {
                format!(
                    "no ACTIVE revision of {} older than {} to roll back to",
                    family_of(&service.task_definition),
                    family_revision(&service.task_definition)
                )
            })
    }
}

impl Change for Rollback {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        Some(&self.service_arn)
    }

    fn describe(&self) -> Description {
        let (to, how) = match &self.how {
            RollbackHow::StopDeployment {
                deployment_id, to, ..
            } => (
                to,
                format!(
                    "StopServiceDeployment (ROLLBACK) of the deployment in progress \
                     ({deployment_id}); ECS returns to the last deployment that completed"
                ),
            ),
            RollbackHow::ToRevision(to) => (
                to,
                "UpdateService to the revision before: a new deployment, rolled out by the service's deployment strategy".to_string(),
            ),
        };
        Description {
            title: format!("Roll back service {}", arn_name(&self.service_arn)),
            changes: vec![Delta::new(
                "task definition",
                family_revision(&self.from),
                family_revision(to),
            )],
            targets: vec![self.service_arn.clone()],
            how,
        }
    }

    fn checkable(&self) -> bool {
        true
    }

    fn applied(&self, state: &State, _: Option<&str>, since: Timestamp) -> Option<bool> {
        let s = super::settle::fresh_service(state, &self.cluster_arn, &self.service_arn, since)?;
        Some(s.task_definition == self.how.to())
    }

    fn opening_reads(&self, state: &State) -> Vec<Resource> {
        service_and_revisions(state, &self.cluster_arn, &self.service_arn)
    }

    fn complete(&self, state: &State, _: &Input) -> std::result::Result<Mutation, String> {
        let service = active_service(state, &self.cluster_arn, &self.service_arn)?;
        Ok(Rollback {
            from: service.task_definition.clone(),
            how: self.how(state, service)?,
            ..self.clone()
        }
        .into())
    }

    /// What each revision runs, so that "web:3 → web:2" says which images come back.
    fn context(&self, state: &State) -> Vec<Note> {
        let mut notes = Vec::new();
        if let Ok(Mutation::Rollback(done)) = self.complete(state, &Input::default()) {
            let to = done.how.to().to_string();
            let both = if done.from == to {
                vec![done.from]
            } else {
                vec![done.from, to]
            };
            for td in both {
                let images: Vec<String> = containers(state, &td)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(name, image)| format!("{name} = {image}"))
                    .collect();
                if !images.is_empty() {
                    notes.push(Note::aside(format!(
                        "{}: {}",
                        family_revision(&td),
                        images.join(", ")
                    )));
                }
            }
        }
        if let Some(s) = state.service(&self.cluster_arn, &self.service_arn) {
            notes.push(running_note(s));
        }
        notes
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let (cluster_arn, service_arn) = (&self.cluster_arn, &self.service_arn);
            match &self.how {
                RollbackHow::StopDeployment { to, started, .. } => {
                    let deployments = backend
                        .list_service_deployments(cluster_arn, service_arn)
                        .await?;
                    let Some(running) = deployments.iter().find(|d| d.is_stoppable()) else {
                        return Err(BackendError::Api {
                            code: "NoDeploymentInProgress".into(),
                            message: format!(
                                "{} has no deployment in progress any more (it finished or was rolled back); \
                                 r refreshes, then roll back again",
                                arn_name(service_arn)
                            ),
                        });
                    };
                    // ListServiceDeployments names deployments by another id than DescribeServices: the one
                    // in progress is the one confirmed unless it began later (another deploy since the dialog).
                    if running
                        .created_at
                        .is_some_and(|at| at > started.plus_millis(NEWER_DEPLOYMENT_MS))
                    {
                        return Err(BackendError::Api {
                            code: "NewerDeployment".into(),
                            message: format!(
                                "a newer deployment of {} began after the one you confirmed; nothing was stopped: r refreshes, then roll back again",
                                arn_name(service_arn)
                            ),
                        });
                    }
                    backend.stop_service_deployment(&running.arn).await?;
                    Ok(format!(
                        "rolling back {}: ECS returns to {}",
                        arn_name(service_arn),
                        family_revision(to)
                    ))
                }
                RollbackHow::ToRevision(arn) => {
                    let update = ServiceUpdate {
                        task_definition: Some(arn.clone()),
                        ..Default::default()
                    };
                    let s = backend
                        .update_service(cluster_arn, service_arn, &update)
                        .await?;
                    Ok(format!(
                        "{} is rolling back to {}",
                        s.name,
                        family_revision(arn)
                    ))
                }
            }
        })
    }
}

/// "running web:3 · 4 tasks · a deployment is in progress".
pub(super) fn running_note(s: &Service) -> Note {
    let deploying = if s.is_deploying() {
        " · a deployment is in progress"
    } else {
        ""
    };
    Note::text(format!(
        "running {} · {} tasks{deploying}",
        family_revision(&s.task_definition),
        s.running_count
    ))
}
