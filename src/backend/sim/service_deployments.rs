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
use super::shifting;
use super::stages::{Stage, STAGE_MS};
use super::world::{SimService, World};
use crate::backend::Result;
use crate::model::{
    BreakerStatus, CircuitBreaker, LifecycleHook, RevisionSide, RolloutState,
    ServiceDeploymentBrief, Strategy, Timestamp,
};

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
    pub fn is_ongoing(self) -> bool {
        matches!(
            self,
            RecordStatus::InProgress
                | RecordStatus::RollbackRequested
                | RecordStatus::RollbackInProgress
        )
    }
}

/// One service deployment: what DescribeServiceDeployments reports of it.
#[derive(Debug, Clone)]
pub(crate) struct DeploymentRecord {
    pub arn: String,
    pub status: RecordStatus,
    pub status_reason: String,
    pub target: RevisionSide,
    /// The revisions it moves away from.
    pub sources: Vec<RevisionSide>,
    pub strategy: Strategy,
    pub bake_time_minutes: Option<u32>,
    /// Traffic-shifting strategies only: the stage it is in, and when that stage ends by itself.
    pub stage: Option<Stage>,
    pub stage_until: Option<Timestamp>,
    /// The new revision registers in the alternate target groups (traffic-shifting strategies alternate).
    pub green_alternate: bool,
    /// The pause hooks raised so far, with the stage each holds.
    pub hooks: Vec<(Stage, LifecycleHook)>,
    pub rollback_reason: Option<String>,
    /// ROLLING only.
    pub breaker: Option<BreakerStatus>,
    pub created_at: Timestamp,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub stopped_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

/// One side of a deployment before any task has started.
pub(crate) fn side(revision: &str, task_definition: &str) -> RevisionSide {
    RevisionSide {
        service_revision_arn: revision.to_string(),
        task_definition: task_definition.to_string(),
        ..RevisionSide::default()
    }
}

impl DeploymentRecord {
    /// Sets the production and test traffic weights of the new revision; the sources get the rest.
    pub fn set_weights(&mut self, production: f64, test: f64) {
        self.target.production_weight = Some(production);
        self.target.test_weight = Some(test);
        for s in &mut self.sources {
            s.production_weight = Some(100.0 - production);
            s.test_weight = Some(100.0 - test);
        }
    }

    /// Moves to `status`, stamping when it finished or stopped.
    pub fn set_status(&mut self, status: RecordStatus, now: Timestamp) {
        self.status = status;
        self.updated_at = now;
        // A deployment that is no longer going forward holds nobody's attention: its waiting hooks fail.
        if status != RecordStatus::InProgress {
            for (_, h) in self.hooks.iter_mut().filter(|(_, h)| h.awaits_action()) {
                h.status = "FAILED".into();
            }
        }
        match status {
            RecordStatus::Successful
            | RecordStatus::RollbackSuccessful
            | RecordStatus::RollbackFailed => self.finished_at = Some(now),
            RecordStatus::Stopped => self.stopped_at = Some(now),
            _ => {}
        }
        if let Some(b) = &mut self.breaker {
            if status == RecordStatus::Successful && b.status == "MONITORING" {
                b.status = "MONITORING_COMPLETE".into();
            }
        }
    }
}

impl SimService {
    pub(crate) fn record_status(&self, arn: &str) -> Option<RecordStatus> {
        self.history.iter().find(|r| r.arn == arn).map(|r| r.status)
    }

    pub(crate) fn record_mut(&mut self, arn: &str) -> Option<&mut DeploymentRecord> {
        self.history.iter_mut().find(|r| r.arn == arn)
    }

    pub(crate) fn set_record(&mut self, arn: &str, status: RecordStatus, now: Timestamp) {
        if let Some(r) = self.record_mut(arn) {
            r.set_status(status, now);
        }
    }

    /// A new service deployment for deployment `id`, moving the service to `target` from the revisions its
    /// deployments run now: the ones still under way stop. Returns its ARN.
    pub(crate) fn open_record(&mut self, id: &str, target: RevisionSide, now: Timestamp) -> String {
        for r in self.history.iter_mut().filter(|r| r.status.is_ongoing()) {
            r.status_reason =
                "Service deployment stopped: a newer service deployment started.".into();
            r.set_status(RecordStatus::Stopped, now);
        }
        let arn =
            ids::service_deployment_arn(&self.cluster, &self.name, &ids::service_deployment_id(id));
        let mut sources: Vec<RevisionSide> = Vec::new();
        for d in &self.deployments {
            if !sources.iter().any(|s| s.service_revision_arn == d.revision) {
                sources.push(side(&d.revision, &d.task_definition));
            }
        }
        let strategy = self.config.strategy;
        let breaker = (!strategy.shifts_traffic()).then(|| BreakerStatus {
            status: match self.config.circuit_breaker {
                Some(cb) if cb.enable => "MONITORING".into(),
                _ => "DISABLED".into(),
            },
            failure_count: 0,
            threshold: CircuitBreaker::threshold(self.desired_count),
        });
        // A traffic-shifting deployment walks its stages only when there is a revision to shift from.
        let shifting = strategy.shifts_traffic() && !sources.is_empty();
        let mut record = DeploymentRecord {
            arn: arn.clone(),
            status: RecordStatus::InProgress,
            status_reason: String::new(),
            target,
            sources,
            strategy,
            bake_time_minutes: self
                .config
                .bake_time_minutes
                .filter(|_| strategy.shifts_traffic()),
            stage: shifting.then_some(Stage::ReconcileService),
            stage_until: shifting.then(|| now.plus_millis(STAGE_MS)),
            green_alternate: false,
            hooks: Vec::new(),
            rollback_reason: None,
            breaker,
            created_at: now,
            started_at: now,
            finished_at: None,
            stopped_at: None,
            updated_at: now,
        };
        if shifting {
            record.set_weights(0.0, 0.0);
        }
        self.history.push_front(record);
        self.history.truncate(MAX_HISTORY);
        arn
    }

    /// The service became steady on the deployment that carries out `arn`.
    pub(crate) fn close_record(&mut self, arn: &str, now: Timestamp) {
        let done = match self.record_status(arn) {
            Some(RecordStatus::InProgress) => RecordStatus::Successful,
            Some(RecordStatus::RollbackInProgress) => RecordStatus::RollbackSuccessful,
            _ => return,
        };
        self.set_record(arn, done, now);
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
    let good = svc.last_completed.clone()?;
    let why = reason(&good.id);
    if let Some(r) = svc.record_mut(arn) {
        r.rollback_reason = Some(why.clone());
        r.status_reason.clone_from(&why);
        r.set_status(RecordStatus::RollbackInProgress, now);
    }
    deployment::start_rollback(svc, &good, why, arn, now, rng);
    Some(good.id)
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

    /// The service a service deployment's ARN names (ServiceDeploymentNotFoundException if none).
    pub(crate) fn service_of_deployment(&self, arn: &str) -> Result<u64> {
        let (cluster, service) = ids::service_deployment_parts(arn).ok_or_else(not_found)?;
        self.clusters
            .get(cluster)
            .and_then(|c| c.services.get(service))
            .copied()
            .ok_or_else(not_found)
    }

    /// StopServiceDeployment with stopType ROLLBACK: for a deployment that is still rolling out. A rollback
    /// already requested or under way simply continues.
    pub fn stop_service_deployment(&mut self, arn: &str) -> Result<()> {
        let key = self.service_of_deployment(arn)?;
        let World {
            services, rng, now, ..
        } = self;
        let svc = services.get_mut(&key).ok_or_else(not_found)?;
        match svc.record_status(arn).ok_or_else(not_found)? {
            RecordStatus::InProgress => {}
            RecordStatus::RollbackRequested | RecordStatus::RollbackInProgress => return Ok(()),
            done => return Err(errors::deployment_not_stoppable(done.as_str())),
        }
        if svc
            .history
            .iter()
            .any(|r| r.arn == arn && r.stage.is_some())
        {
            let why = "Service deployment stopped: rollback requested.";
            return match shifting::roll_back(svc, arn, why, *now) {
                true => Ok(()),
                false => Err(errors::deployment_not_stoppable("IN_PROGRESS")),
            };
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
                svc.set_record(arn, RecordStatus::RollbackRequested, *now);
                events::deployment_stopped(&svc.name, &id, None)
            }
        };
        svc.batch.message(message);
        Ok(())
    }
}
