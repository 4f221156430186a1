//! Service deployments, the 2024 API: one record for each deployment a user (or CreateService) started, with the
//! statuses ListServiceDeployments reports, and StopServiceDeployment's rollback.
//!
//! A record is IN_PROGRESS while its deployment rolls out and SUCCESSFUL once the service is steady on it. A
//! newer deployment STOPs a record still under way. When the circuit breaker trips, the record is STOPPED (no
//! rollback asked) or ROLLBACK_IN_PROGRESS while a new deployment of the last completed revision runs under the
//! same record, then ROLLBACK_SUCCESSFUL (or ROLLBACK_FAILED if that rollback fails too, or there is nothing to
//! roll back to). StopServiceDeployment does the same rollback by hand; with no completed deployment to go back
//! to, the record stays ROLLBACK_REQUESTED and the deployment stalls.

use fastrand::Rng;

use super::deployment;
use super::errors;
use super::events;
use super::ids;
use super::world::{SimService, World};
use crate::backend::Result;
use crate::model::{RolloutState, ServiceDeploymentBrief, Timestamp};

/// The sandbox keeps this many service deployments per service (ECS keeps 90 days).
pub const MAX_HISTORY: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordStatus {
    InProgress,
    Successful,
    Stopped,
    RollbackRequested,
    RollbackInProgress,
    RollbackSuccessful,
    RollbackFailed,
}

impl RecordStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordStatus::InProgress => "IN_PROGRESS",
            RecordStatus::Successful => "SUCCESSFUL",
            RecordStatus::Stopped => "STOPPED",
            RecordStatus::RollbackRequested => "ROLLBACK_REQUESTED",
            RecordStatus::RollbackInProgress => "ROLLBACK_IN_PROGRESS",
            RecordStatus::RollbackSuccessful => "ROLLBACK_SUCCESSFUL",
            RecordStatus::RollbackFailed => "ROLLBACK_FAILED",
        }
    }

    /// Not finished yet (the "ongoing" stage of the developer guide).
    fn is_ongoing(self) -> bool {
        matches!(
            self,
            RecordStatus::InProgress
                | RecordStatus::RollbackRequested
                | RecordStatus::RollbackInProgress
        )
    }
}

/// One service deployment.
#[derive(Debug, Clone)]
pub(crate) struct DeploymentRecord {
    pub arn: String,
    pub status: RecordStatus,
    pub created_at: Timestamp,
}

impl SimService {
    pub(crate) fn record_status(&self, arn: &str) -> Option<RecordStatus> {
        self.history.iter().find(|r| r.arn == arn).map(|r| r.status)
    }

    pub(crate) fn set_record(&mut self, arn: &str, status: RecordStatus) {
        if let Some(r) = self.history.iter_mut().find(|r| r.arn == arn) {
            r.status = status;
        }
    }

    /// A new service deployment for deployment `id`: the ones still under way stop. Returns its ARN.
    pub(crate) fn open_record(&mut self, id: &str, now: Timestamp) -> String {
        for r in self.history.iter_mut().filter(|r| r.status.is_ongoing()) {
            r.status = RecordStatus::Stopped;
        }
        let arn =
            ids::service_deployment_arn(&self.cluster, &self.name, &ids::service_deployment_id(id));
        self.history.push_front(DeploymentRecord {
            arn: arn.clone(),
            status: RecordStatus::InProgress,
            created_at: now,
        });
        self.history.truncate(MAX_HISTORY);
        arn
    }

    /// The service became steady on the deployment that carries out `arn`.
    pub(crate) fn close_record(&mut self, arn: &str) {
        let done = match self.record_status(arn) {
            Some(RecordStatus::InProgress) => RecordStatus::Successful,
            Some(RecordStatus::RollbackInProgress) => RecordStatus::RollbackSuccessful,
            _ => return,
        };
        self.set_record(arn, done);
    }
}

/// Rolls the PRIMARY deployment (which carries out `arn`) back to the last deployment that completed, under the
/// same service deployment. Returns the deployment rolled back to, or `None` when there is none.
pub(crate) fn roll_back(
    svc: &mut SimService,
    arn: &str,
    reason: impl FnOnce(&str) -> String,
    now: Timestamp,
    rng: &mut Rng,
) -> Option<String> {
    let (good_id, td) = svc.last_completed.clone()?;
    svc.set_record(arn, RecordStatus::RollbackInProgress);
    deployment::start_rollback(svc, &td, reason(&good_id), arn, now, rng);
    Some(good_id)
}

fn not_found() -> crate::backend::BackendError {
    errors::service_deployment_not_found()
}

impl World {
    /// ListServiceDeployments for a service: newest first.
    pub fn list_service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> Result<Vec<ServiceDeploymentBrief>> {
        let key = self.service_key(cluster, service)?;
        let svc = self
            .services
            .get(&key)
            .ok_or_else(errors::service_not_found)?;
        Ok(svc
            .history
            .iter()
            .map(|r| ServiceDeploymentBrief {
                arn: r.arn.clone(),
                status: r.status.as_str().to_string(),
                created_at: Some(r.created_at),
            })
            .collect())
    }

    /// StopServiceDeployment with stopType ROLLBACK: for a deployment that is still rolling out. A rollback
    /// already requested or under way simply continues.
    pub fn stop_service_deployment(&mut self, arn: &str) -> Result<()> {
        let (cluster, service) = ids::service_deployment_parts(arn).ok_or_else(not_found)?;
        let key = self
            .clusters
            .get(cluster)
            .and_then(|c| c.services.get(service))
            .copied()
            .ok_or_else(not_found)?;
        let World {
            services, rng, now, ..
        } = self;
        let svc = services.get_mut(&key).ok_or_else(not_found)?;
        match svc.record_status(arn).ok_or_else(not_found)? {
            RecordStatus::InProgress => {}
            RecordStatus::RollbackRequested | RecordStatus::RollbackInProgress => return Ok(()),
            done => return Err(errors::deployment_not_stoppable(done.as_str())),
        }
        // A service deployment in progress is carried out by the PRIMARY deployment.
        let Some(p) = svc
            .deployments
            .first_mut()
            .filter(|d| d.service_deployment == arn)
        else {
            return Err(errors::deployment_not_stoppable("IN_PROGRESS"));
        };
        p.rollout_state = RolloutState::Failed;
        p.rollout_state_reason = "ECS deployment stopped: rollback requested.".into();
        p.updated_at = *now;
        let id = p.id.clone();
        let reason = |good: &str| {
            format!("Service deployment stopped: rolling back to deploymentId {good}.")
        };
        let message = match roll_back(svc, arn, reason, *now, rng) {
            Some(good) => events::deployment_stopped(&svc.name, &id, Some(&good)),
            None => {
                svc.set_record(arn, RecordStatus::RollbackRequested);
                events::deployment_stopped(&svc.name, &id, None)
            }
        };
        svc.batch.message(message);
        Ok(())
    }
}

// Placeholders while the sandbox's history is written (issue #10, in progress).
impl World {
    pub fn describe_service_deployments(
        &self,
        arns: &[String],
    ) -> crate::backend::Described<crate::model::ServiceDeployment> {
        crate::backend::Described {
            items: Vec::new(),
            failures: arns
                .iter()
                .map(|a| crate::backend::DescribeFailure {
                    arn: a.clone(),
                    reason: "MISSING".into(),
                })
                .collect(),
        }
    }

    pub fn describe_service_revisions(
        &self,
        arns: &[String],
    ) -> crate::backend::Described<crate::model::ServiceRevision> {
        let _ = arns;
        crate::backend::Described::default()
    }

    pub fn continue_service_deployment(
        &mut self,
        arn: &str,
        hook_id: &str,
        action: crate::model::HookAction,
    ) -> Result<()> {
        let _ = (arn, hook_id, action);
        Err(not_found())
    }
}
