//! Task definition revisions are immutable: each ARN is described once, even when several refreshes ask for
//! it at the same time, and kept for the session. Writes that change a revision's status refresh the entry.
//! Also the list of families.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_ecs::types::{TaskDefinition as SdkTaskDefinition, TaskDefinitionFamilyStatus};
use tokio::sync::OnceCell;

use super::ecs::LIST_PAGE;
use super::Aws;
use crate::backend::{BackendError, Result};
use crate::model::RevisionStatus;

type Slot = Arc<OnceCell<Arc<SdkTaskDefinition>>>;

#[derive(Debug, Default)]
pub(crate) struct TaskDefCache {
    slots: Mutex<HashMap<String, Slot>>,
}

impl TaskDefCache {
    /// The slot for `arn`, created empty on first use; initialise it with `get_or_try_init`.
    pub(crate) fn slot(&self, arn: &str) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.entry(arn.to_string()).or_default().clone()
    }

    /// Replaces what is known of a revision (after a deregistration, say), under its ARN.
    pub(crate) fn put(&self, td: SdkTaskDefinition) {
        let Some(arn) = td.task_definition_arn().map(str::to_string) else {
            return;
        };
        let cell = OnceCell::new_with(Some(Arc::new(td)));
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.insert(arn, Arc::new(cell));
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.lock().unwrap_or_else(|e| e.into_inner()).len()
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

/// What ECS answers a family status it does not know, before any call.
pub(crate) fn not_a_family_status() -> BackendError {
    BackendError::Api {
        code: "InvalidParameterException".into(),
        message: "A family's status is ACTIVE or INACTIVE.".into(),
    }
}
