//! DescribeServiceDeployments and DescribeServiceRevisions: the service deployment records as ECS reports
//! them, with the task counts of each side kept up to date while a deployment is under way.

use std::collections::BTreeMap;

use super::ids;
use super::service_deployments::{DeploymentRecord, RecordStatus};
use super::world::{SimService, World};
use crate::backend::{DescribeFailure, Described};
use crate::model::{
    RevisionSide, ServiceDeployment, ServiceDeploymentStatus, ServiceRevision, TaskStatus,
};

fn missing(arn: &str) -> DescribeFailure {
    DescribeFailure {
        arn: arn.to_string(),
        reason: "MISSING".into(),
    }
}

/// Tasks of one service revision: (should be running, running, starting).
type Counts = (u32, u32, u32);

impl DeploymentRecord {
    fn view(&self) -> ServiceDeployment {
        ServiceDeployment {
            arn: self.arn.clone(),
            status: ServiceDeploymentStatus::parse(self.status.as_str()),
            status_reason: self.status_reason.clone(),
            sources: self.sources.clone(),
            target: self.target.clone(),
            strategy: self.strategy,
            lifecycle_stage: self
                .stage
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            hooks: self.hooks.iter().map(|(_, h)| h.clone()).collect(),
            rollback_reason: self.rollback_reason.clone(),
            breaker: self.breaker.clone(),
            bake_time_minutes: self.bake_time_minutes,
            created_at: Some(self.created_at),
            started_at: Some(self.started_at),
            finished_at: self.finished_at,
            stopped_at: self.stopped_at,
            updated_at: Some(self.updated_at),
        }
    }
}

fn fill(side: &mut RevisionSide, counts: &BTreeMap<String, Counts>) {
    let (live, running, pending) = counts
        .get(&side.service_revision_arn)
        .copied()
        .unwrap_or_default();
    side.requested_tasks = live;
    side.running_tasks = running;
    side.pending_tasks = pending;
}

impl World {
    /// Brings the task counts (and the circuit breaker's failure count) of the service's records under way, or
    /// just finished, up to date.
    pub(crate) fn refresh_records(&self, svc: &mut SimService) {
        let now = self.now;
        let fresh = |r: &DeploymentRecord| r.status.is_ongoing() || r.updated_at == now;
        if !svc.history.iter().any(fresh) {
            return;
        }
        let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
        for t in svc.tasks.iter().filter_map(|k| self.tasks.get(k)) {
            let Some(d) = svc.deployments.iter().find(|d| d.id == t.task.started_by) else {
                continue;
            };
            let c = counts.entry(d.revision.clone()).or_default();
            c.0 += u32::from(t.is_live());
            c.1 += u32::from(t.task.last_status == TaskStatus::Running);
            c.2 += u32::from(t.task.last_status.is_starting());
        }
        let primary = svc.deployments.first();
        let desired = svc.desired_count;
        for r in svc.history.iter_mut().filter(|r| fresh(r)) {
            fill(&mut r.target, &counts);
            for s in &mut r.sources {
                fill(s, &counts);
            }
            let carried = primary.filter(|p| {
                p.service_deployment == r.arn && p.revision == r.target.service_revision_arn
            });
            if let Some(p) = carried {
                if r.status == RecordStatus::InProgress {
                    r.target.requested_tasks = desired;
                }
                if let Some(b) = r.breaker.as_mut().filter(|b| b.status == "MONITORING") {
                    b.failure_count = p.failed_tasks;
                }
            }
        }
    }

    fn record(&self, arn: &str) -> Option<&DeploymentRecord> {
        let (cluster, service) = ids::service_deployment_parts(arn)?;
        let key = self.clusters.get(cluster)?.services.get(service)?;
        self.services
            .get(key)?
            .history
            .iter()
            .find(|r| r.arn == arn)
    }

    /// DescribeServiceDeployments: unknown ARNs are MISSING, as in ECS.
    pub fn describe_service_deployments(&self, arns: &[String]) -> Described<ServiceDeployment> {
        let mut d = Described::default();
        for a in arns {
            match self.record(a) {
                Some(r) => d.items.push(r.view()),
                None => d.failures.push(missing(a)),
            }
        }
        d
    }

    /// DescribeServiceRevisions: the task definition each service revision deployed; unknown ARNs are MISSING.
    pub fn describe_service_revisions(&self, arns: &[String]) -> Described<ServiceRevision> {
        let mut d = Described::default();
        for a in arns {
            let td = ids::service_revision_parts(a).and_then(|(cluster, service)| {
                let key = self.clusters.get(cluster)?.services.get(service)?;
                self.services.get(key)?.revisions.get(a)
            });
            match td {
                Some(td) => d.items.push(ServiceRevision {
                    arn: a.clone(),
                    task_definition: td.clone(),
                }),
                None => d.failures.push(missing(a)),
            }
        }
        d
    }
}
