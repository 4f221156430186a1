//! Task definition revisions are immutable: each ARN is described once, even when several refreshes ask for
//! it at the same time, and kept for the session. Writes that change a revision's status refresh the entry.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_ecs::types::TaskDefinition as SdkTaskDefinition;
use tokio::sync::OnceCell;

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
