//! Task definition revisions are immutable: each ARN is described once, even when several refreshes ask for
//! it at the same time, and kept while it is among the `TASK_DEFINITIONS_KEPT` most recently used (`memo`).
//! Writes that change a revision's status refresh the entry. Also the list of families, and whether a
//! family's newest revision is a copy wharf may reuse.

use std::sync::Arc;

use aws_sdk_ecs::types::{
    TaskDefinition as SdkTaskDefinition, TaskDefinitionFamilyStatus, TaskDefinitionField,
};
use tokio::sync::OnceCell;

use super::ecs::LIST_PAGE;
use super::memo::{Memo, TASK_DEFINITIONS_KEPT};
use super::{convert, revision_name, writes, Aws};
use crate::backend::{BackendError, Result};
use crate::model::{RevisionStatus, TaskDefinition};

type Slot = Arc<OnceCell<Arc<SdkTaskDefinition>>>;

#[derive(Debug)]
pub(crate) struct TaskDefCache {
    slots: Memo<Slot>,
}

impl Default for TaskDefCache {
    fn default() -> Self {
        TaskDefCache {
            slots: Memo::new(TASK_DEFINITIONS_KEPT),
        }
    }
}

impl TaskDefCache {
    /// The slot for `arn`, created empty on first use; initialise it with `get_or_try_init`. A slot dropped
    /// from the memo while a describe fills it still serves those waiting on it.
    pub(crate) fn slot(&self, arn: &str) -> Slot {
        self.slots.get_or_insert_with(arn, Slot::default)
    }

    /// Replaces what is known of a revision (after a deregistration, say), under its ARN.
    pub(crate) fn put(&self, td: SdkTaskDefinition) {
        let Some(arn) = td.task_definition_arn().map(str::to_string) else {
            return;
        };
        let cell = OnceCell::new_with(Some(Arc::new(td)));
        self.slots.insert(arn, Arc::new(cell));
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }
}

impl Aws {
    /// ListTaskDefinitionFamilies, every page.
    pub(crate) async fn list_family_names(
        &self,
        status: Option<RevisionStatus>,
    ) -> Result<Vec<String>> {
        let status = match status {
            None => TaskDefinitionFamilyStatus::All,
            Some(RevisionStatus::Active) => TaskDefinitionFamilyStatus::Active,
            Some(RevisionStatus::Inactive) => TaskDefinitionFamilyStatus::Inactive,
            Some(RevisionStatus::DeleteInProgress) => return Err(not_a_family_status()),
        };
        let mut pages = self
            .ecs_retried
            .list_task_definition_families()
            .status(status)
            .max_results(LIST_PAGE)
            .into_paginator()
            .send();
        let mut families = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                self.ecs_err("ListTaskDefinitionFamilies", "task definition families", e)
            })?;
            families.extend(page.families().iter().cloned());
        }
        Ok(families)
    }
}

impl Aws {
    /// The family's newest ACTIVE revision when it is newer than `base` and is `base` with `images` in every
    /// field RegisterTaskDefinition takes, tags included (a copy registered before, whose answer may have
    /// been lost); else `None`. Compared as DescribeTaskDefinition answers both, so a field wharf's model
    /// does not carry (privileged, linuxParameters, a field the SDK adds later) still counts.
    pub(crate) async fn find_registered_copy(
        &self,
        base: &str,
        images: &[(String, String)],
    ) -> Result<Option<TaskDefinition>> {
        let base_td = self.task_definition_cached(base).await?;
        let mut expected = (*base_td).clone();
        expected.container_definitions = Some(writes::with_images(&base_td, base, images)?);
        let newest = self
            .list_task_definition_arns(base_td.family().unwrap_or_default(), RevisionStatus::Active)
            .await?;
        let Some(arn) = newest
            .first()
            .filter(|arn| Some(arn.as_str()) != base_td.task_definition_arn())
        else {
            return Ok(None);
        };
        // Described afresh for its tags, which are not part of a revision and may change.
        let out = self
            .ecs_retried
            .describe_task_definition()
            .task_definition(arn)
            .include(TaskDefinitionField::Tags)
            .send()
            .await
            .map_err(|e| self.ecs_err("DescribeTaskDefinition", revision_name(arn), e))?;
        let Some(candidate) = out.task_definition else {
            return Ok(None);
        };
        // wharf's copy carries no tags (see `writes::register_copy`).
        let same = candidate.revision > base_td.revision
            && out.tags.as_ref().is_none_or(Vec::is_empty)
            && register_view(&candidate) == register_view(&expected);
        let model = same.then(|| convert::task_definition(&candidate));
        self.taskdefs.put(candidate);
        Ok(model)
    }
}

/// What RegisterTaskDefinition took to make `td`: `td` without what ECS sets itself. An empty list registers
/// as an absent one. A field the SDK adds later stays in, so an unknown difference means "register anew".
fn register_view(td: &SdkTaskDefinition) -> SdkTaskDefinition {
    fn none_if_empty<T>(list: &mut Option<Vec<T>>) {
        if list.as_ref().is_some_and(Vec::is_empty) {
            *list = None;
        }
    }
    let mut td = td.clone();
    td.task_definition_arn = None;
    td.revision = 0;
    td.status = None;
    td.requires_attributes = None;
    td.compatibilities = None;
    td.registered_at = None;
    td.registered_by = None;
    td.deregistered_at = None;
    td.delete_requested_at = None;
    none_if_empty(&mut td.volumes);
    none_if_empty(&mut td.placement_constraints);
    none_if_empty(&mut td.requires_compatibilities);
    none_if_empty(&mut td.inference_accelerators);
    td
}

/// What ECS answers a family status it does not know, before any call.
pub(crate) fn not_a_family_status() -> BackendError {
    BackendError::Api {
        code: "InvalidParameterException".into(),
        message: "A family's status is ACTIVE or INACTIVE.".into(),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_ecs::types::{ContainerDefinition, TaskDefinitionStatus};

    use super::*;

    fn revision(n: i32, privileged: bool) -> SdkTaskDefinition {
        SdkTaskDefinition::builder()
            .family("web")
            .revision(n)
            .task_definition_arn(format!("arn:aws:ecs:us-east-1:1:task-definition/web:{n}"))
            .status(TaskDefinitionStatus::Active)
            .registered_by(format!("arn:aws:iam::1:user/{n}"))
            .container_definitions(
                ContainerDefinition::builder()
                    .name("app")
                    .image("app:1")
                    .privileged(privileged)
                    .build(),
            )
            .build()
    }

    #[test]
    fn what_ecs_sets_itself_is_no_difference_and_any_other_field_is() {
        let mut with_empty_volumes = revision(2, false);
        with_empty_volumes.volumes = Some(Vec::new());
        assert_eq!(
            register_view(&revision(1, false)),
            register_view(&with_empty_volumes)
        );
        assert_ne!(
            register_view(&revision(1, false)),
            register_view(&revision(2, true))
        );
    }
}
