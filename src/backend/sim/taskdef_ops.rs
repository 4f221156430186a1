//! Task definition revisions: a new revision from an old one, listing a family, deregistering and deleting.
//!
//! A revision is ACTIVE when registered, INACTIVE once deregistered (tasks and services keep running it and
//! DescribeTaskDefinition still answers), DELETE_IN_PROGRESS once deleted, and gone (DescribeTaskDefinition
//! fails) as soon as no task that is not STOPPED and no deployment of a service that is not INACTIVE uses it.

use std::collections::BTreeSet;

use super::errors;
use super::ids;
use super::setup::TaskDefinitionSpec;
use super::world::World;
use crate::backend::{DescribeFailure, Described, Result};
use crate::model::{RevisionStatus, ServiceStatus, TaskDefinition, TaskStatus};

pub const ACTIVE: &str = "ACTIVE";
pub const INACTIVE: &str = "INACTIVE";
pub const DELETE_IN_PROGRESS: &str = "DELETE_IN_PROGRESS";
/// DeleteTaskDefinitions takes at most this many revisions per call.
pub const DELETE_BATCH: usize = 10;

const INVALID_ID: &str =
    "The specified task definition identifier is invalid. Specify a valid name or ARN and try again.";
const NO_SUCH_REVISION: &str =
    "The specified task definition does not exist. Specify a valid account, family, revision and try again.";
const STILL_ACTIVE: &str =
    "The specified task definition is still in ACTIVE status. Please deregister the target and try again.";

/// The ARN a revision reference (`family:revision` or an ARN) names; `None` without a revision.
fn revision_arn(name: &str) -> Option<String> {
    let short = name.rsplit('/').next().unwrap_or(name);
    let (family, revision) = short.split_once(':')?;
    let revision: u32 = revision.parse().ok()?;
    (!family.is_empty()).then(|| ids::task_definition_arn(family, revision))
}

impl World {
    /// RegisterTaskDefinition from `base` (an ARN, `family:revision` or `family`): the next revision of its
    /// family, a copy of `base` with the images of the containers named in `images` replaced.
    pub fn register_revision(
        &mut self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<TaskDefinition> {
        let td = self
            .resolve_task_definition(base)
            .cloned()
            .ok_or_else(errors::unable_to_describe_task_definition)?;
        let arn =
            self.register_task_definition(TaskDefinitionSpec::from(with_images(td, images)?))?;
        self.task_definition(&arn)
            .ok_or_else(errors::unable_to_describe_task_definition)
    }

    /// The family's newest ACTIVE revision when it is newer than `base` and equal to `base` with `images` in
    /// everything RegisterTaskDefinition takes; else `None`.
    pub fn registered_copy(
        &self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<Option<TaskDefinition>> {
        let td = self
            .resolve_task_definition(base)
            .cloned()
            .ok_or_else(errors::unable_to_describe_task_definition)?;
        let newest = self.list_task_definitions(&td.family, RevisionStatus::Active);
        let Some(candidate) = newest.first().and_then(|arn| self.task_definition(arn)) else {
            return Ok(None);
        };
        let revision = td.revision;
        let expected = register_view(&with_images(td, images)?);
        let same = candidate.revision > revision && register_view(&candidate) == expected;
        Ok(same.then_some(candidate))
    }

    /// ListTaskDefinitions for one family and status: revision ARNs, newest first.
    pub fn list_task_definitions(&self, family: &str, status: RevisionStatus) -> Vec<String> {
        let latest = self.families.get(family).copied().unwrap_or(0);
        (1..=latest)
            .rev()
            .filter_map(|r| {
                self.task_definitions
                    .get(&ids::task_definition_arn(family, r))
            })
            .filter(|td| td.status == status.as_str())
            .map(|td| td.arn.clone())
            .collect()
    }

    /// ListTaskDefinitionFamilies: every family with a revision left, or those with (`Active`) or without
    /// (`Inactive`) an ACTIVE revision.
    pub fn list_task_definition_families(
        &self,
        status: Option<RevisionStatus>,
    ) -> Result<Vec<String>> {
        let wanted = match status {
            None => None,
            Some(RevisionStatus::Active) => Some(true),
            Some(RevisionStatus::Inactive) => Some(false),
            Some(RevisionStatus::DeleteInProgress) => return Err(errors::not_a_family_status()),
        };
        Ok(self
            .families
            .iter()
            .filter_map(|(family, &latest)| {
                let statuses: Vec<&str> = (1..=latest)
                    .filter_map(|r| {
                        self.task_definitions
                            .get(&ids::task_definition_arn(family, r))
                    })
                    .map(|td| td.status.as_str())
                    .collect();
                let active = statuses.contains(&ACTIVE);
                let keep = !statuses.is_empty() && wanted.is_none_or(|w| w == active);
                keep.then(|| family.clone())
            })
            .collect())
    }

    /// DeregisterTaskDefinition: ACTIVE -> INACTIVE. Deregistering again changes nothing.
    pub fn deregister_task_definition(&mut self, name: &str) -> Result<TaskDefinition> {
        let arn = revision_arn(name).ok_or_else(|| errors::client(INVALID_ID))?;
        let td = self
            .task_definitions
            .get_mut(&arn)
            .ok_or_else(errors::unable_to_describe_task_definition)?;
        if td.status == ACTIVE {
            td.status = INACTIVE.into();
            td.deregistered_at = Some(self.now);
        }
        Ok(td.clone())
    }

    /// DeleteTaskDefinitions, one call: at most [`DELETE_BATCH`] revisions. INACTIVE ones go DELETE_IN_PROGRESS
    /// (and come back as items); the others come back as failures with ECS's reason.
    pub fn delete_task_definitions(
        &mut self,
        names: &[String],
    ) -> Result<Described<TaskDefinition>> {
        if names.is_empty() {
            return Err(errors::invalid_parameter(
                "size of TaskDefinition references list must be greater than 0",
            ));
        }
        if names.len() > DELETE_BATCH {
            return Err(errors::invalid_parameter(format!(
                "Size of TaskDefinition references list cannot exceed {DELETE_BATCH}"
            )));
        }
        let mut out = Described::default();
        for name in names {
            let fail = |reason: &str| DescribeFailure {
                arn: name.clone(),
                reason: reason.into(),
            };
            let Some(arn) = revision_arn(name) else {
                out.failures.push(fail(INVALID_ID));
                continue;
            };
            let Some(td) = self.task_definitions.get_mut(&arn) else {
                out.failures.push(fail(NO_SUCH_REVISION));
                continue;
            };
            if td.status == ACTIVE {
                out.failures.push(fail(STILL_ACTIVE));
                continue;
            }
            td.status = DELETE_IN_PROGRESS.into();
            out.items.push(td.clone());
            self.deleting.insert(arn);
        }
        Ok(out)
    }

    /// Revisions being deleted that nothing uses any more are gone.
    pub(crate) fn purge_deleted_task_definitions(&mut self) {
        if self.deleting.is_empty() {
            return;
        }
        let mut used = BTreeSet::new();
        for t in self.tasks.values() {
            if t.task.last_status != TaskStatus::Stopped {
                used.insert(t.task.task_definition_arn.as_str());
            }
        }
        for s in self.services.values() {
            if s.status != ServiceStatus::Inactive {
                used.extend(s.deployments.iter().map(|d| d.task_definition.as_str()));
            }
        }
        let gone: Vec<String> = self
            .deleting
            .iter()
            .filter(|a| !used.contains(a.as_str()))
            .cloned()
            .collect();
        for arn in gone {
            self.deleting.remove(&arn);
            self.task_definitions.remove(&arn);
        }
    }

    /// A revision new tasks may run: known (else InvalidParameterException "TaskDefinition not found.") and
    /// ACTIVE (else "TaskDefinition is inactive", as for INACTIVE and DELETE_IN_PROGRESS revisions).
    pub(crate) fn deployable_task_definition(&self, name: &str) -> Result<String> {
        let td = self
            .resolve_task_definition(name)
            .ok_or_else(errors::task_definition_not_found)?;
        if td.status != ACTIVE {
            return Err(errors::task_definition_inactive());
        }
        Ok(td.arn.clone())
    }
}

/// `td` with the images of the containers named in `images` replaced; each must be one of its containers.
fn with_images(mut td: TaskDefinition, images: &[(String, String)]) -> Result<TaskDefinition> {
    if let Some((name, _)) = images
        .iter()
        .find(|(name, _)| !td.containers.iter().any(|c| c.name == *name))
    {
        return Err(errors::client(format!(
            "The container {name} does not exist in the task definition."
        )));
    }
    for c in &mut td.containers {
        if let Some((_, image)) = images.iter().find(|(name, _)| *name == c.name) {
            c.image.clone_from(image);
        }
    }
    Ok(td)
}

/// What RegisterTaskDefinition took to make `td`: every field but those the sandbox sets itself. The fields
/// are named in full, so that a field added to the model must be placed on one side or the other here.
fn register_view(td: &TaskDefinition) -> TaskDefinition {
    let TaskDefinition {
        arn: _,
        revision: _,
        status: _,
        registered_at: _,
        registered_by: _,
        deregistered_at: _,
        family: _,
        task_role_arn: _,
        execution_role_arn: _,
        cpu: _,
        memory: _,
        network_mode: _,
        requires_compatibilities: _,
        runtime_platform: _,
        ephemeral_storage_gib: _,
        pid_mode: _,
        ipc_mode: _,
        volumes: _,
        placement_constraints: _,
        containers: _,
    } = td;
    TaskDefinition {
        arn: String::new(),
        revision: 0,
        status: String::new(),
        registered_at: None,
        registered_by: None,
        deregistered_at: None,
        ..td.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_references_need_a_revision() {
        assert_eq!(
            revision_arn("web:3"),
            Some(ids::task_definition_arn("web", 3))
        );
        assert_eq!(
            revision_arn(&ids::task_definition_arn("web", 3)),
            Some(ids::task_definition_arn("web", 3))
        );
        assert_eq!(revision_arn("web"), None);
        assert_eq!(revision_arn("web:x"), None);
        assert_eq!(revision_arn(":3"), None);
    }
}
