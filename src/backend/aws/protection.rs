//! Task scale-in protection: GetTaskProtection (a read) and UpdateTaskProtection (a write, each batch sent
//! once), 10 tasks a call.

use super::capacity::not_done;
use super::{convert, Aws};
use crate::backend::{Described, Result};
use crate::model::{arn_name, TaskProtection};

/// GetTaskProtection and UpdateTaskProtection take at most 10 tasks a call.
pub const PROTECTION_BATCH: usize = 10;

pub(super) async fn get_task_protection(
    aws: &Aws,
    cluster: &str,
    tasks: &[String],
) -> Result<Described<TaskProtection>> {
    let mut all = Described::default();
    for batch in tasks.chunks(PROTECTION_BATCH) {
        let out = aws
            .ecs
            .get_task_protection()
            .cluster(cluster)
            .set_tasks(Some(batch.to_vec()))
            .send()
            .await
            .map_err(|e| aws.ecs_err("GetTaskProtection", arn_name(cluster), e))?;
        all.items
            .extend(out.protected_tasks().iter().map(protection));
        all.failures
            .extend(out.failures().iter().map(convert::failure));
    }
    Ok(all)
}

/// Batches go one after another. A batch that fails after others succeeded does not undo them: its tasks,
/// and those never sent, come back as failures carrying the error.
pub(super) async fn update_task_protection(
    aws: &Aws,
    cluster: &str,
    tasks: &[String],
    minutes: Option<u32>,
) -> Result<Described<TaskProtection>> {
    let mut all = Described::default();
    for (i, batch) in tasks.chunks(PROTECTION_BATCH).enumerate() {
        let sent = aws
            .ecs_write
            .update_task_protection()
            .cluster(cluster)
            .set_tasks(Some(batch.to_vec()))
            .protection_enabled(minutes.is_some())
            .set_expires_in_minutes(minutes.map(|m| m as i32))
            .send()
            .await
            .map_err(|e| aws.ecs_write_err("UpdateTaskProtection", arn_name(cluster), e));
        match sent {
            Ok(out) => {
                all.items
                    .extend(out.protected_tasks().iter().map(protection));
                all.failures
                    .extend(out.failures().iter().map(convert::failure));
            }
            Err(e) if i == 0 => return Err(e),
            Err(e) => {
                let unsent = tasks.iter().skip(i * PROTECTION_BATCH);
                all.failures.extend(unsent.map(|arn| not_done(arn, &e)));
                break;
            }
        }
    }
    Ok(all)
}

fn protection(p: &aws_sdk_ecs::types::ProtectedTask) -> TaskProtection {
    TaskProtection {
        task_arn: p.task_arn().unwrap_or_default().to_string(),
        enabled: p.protection_enabled(),
        expires_at: convert::opt_ts(p.expiration_date()),
    }
}
