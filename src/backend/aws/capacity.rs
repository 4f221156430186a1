//! Capacity: DescribeCapacityProviders (a read, every page) and UpdateContainerInstancesState (a write, 10
//! instances a call, each batch sent once).

use std::collections::HashMap;

use super::{convert, Aws};
use crate::backend::{BackendError, DescribeFailure, Described, Result};
use crate::model::{arn_name, CapacityProvider, ContainerInstance, ContainerInstanceStatus};

/// DescribeCapacityProviders takes at most 100 names a call...
pub const DESCRIBE_CAPACITY_PROVIDERS_BATCH: usize = 100;
/// ... and answers at most 10 a page.
pub const CAPACITY_PROVIDERS_PAGE: i32 = 10;
/// UpdateContainerInstancesState takes at most 10 instances a call.
pub const UPDATE_INSTANCES_STATE_BATCH: usize = 10;

impl Aws {
    /// The EC2 instances of container instances, each described once: the pairing lasts as long as the
    /// registration (a re-registered instance gets a new container instance ARN), and one ECS no longer
    /// knows (deregistered, while its stopped tasks stay listed) never comes back. The memo keeps the most
    /// recently used pairs (`INSTANCE_IDS_KEPT`); the answer never depends on it keeping them all. Returns the
    /// calls made.
    pub(crate) async fn ec2_instance_ids_kept(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<(HashMap<String, String>, u32)> {
        let mut ids = HashMap::new();
        let mut unknown: Vec<String> = Vec::new();
        let mut asked = std::collections::HashSet::new();
        for arn in arns.iter().filter(|a| asked.insert(a.as_str())) {
            match self.instance_ids.get(arn) {
                Some(Some(id)) => {
                    ids.insert(arn.clone(), id);
                }
                Some(None) => {}
                None => unknown.push(arn.clone()),
            }
        }
        let calls = unknown
            .len()
            .div_ceil(super::ecs::DESCRIBE_CONTAINER_INSTANCES_BATCH) as u32;
        if !unknown.is_empty() {
            let described = self
                .describe_container_instance_batches(cluster, &unknown)
                .await?;
            let found: Vec<(String, Option<String>)> = unknown
                .into_iter()
                .map(|arn| {
                    let id = described
                        .items
                        .iter()
                        .find(|i| i.arn == arn)
                        .map(|i| i.ec2_instance_id.clone())
                        .filter(|id| !id.is_empty());
                    (arn, id)
                })
                .collect();
            for (arn, id) in &found {
                if let Some(id) = id {
                    ids.insert(arn.clone(), id.clone());
                }
            }
            self.instance_ids.insert_all(found);
        }
        Ok((ids, calls))
    }

    pub(crate) async fn capacity_providers(
        &self,
        names: &[String],
    ) -> Result<Vec<CapacityProvider>> {
        let mut all = Vec::new();
        for batch in names.chunks(DESCRIBE_CAPACITY_PROVIDERS_BATCH) {
            let mut token = None;
            loop {
                let out = self
                    .ecs
                    .describe_capacity_providers()
                    .set_capacity_providers(Some(batch.to_vec()))
                    .max_results(CAPACITY_PROVIDERS_PAGE)
                    .set_next_token(token)
                    .send()
                    .await
                    .map_err(|e| {
                        self.ecs_err("DescribeCapacityProviders", "capacity providers", e)
                    })?;
                all.extend(
                    out.capacity_providers()
                        .iter()
                        .map(convert::capacity_provider),
                );
                token = out
                    .next_token()
                    .filter(|t| !t.is_empty())
                    .map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
        }
        Ok(all)
    }
}

/// Batches go one after another. A batch that fails after others succeeded does not undo them: its
/// instances, and those never sent, come back as failures carrying the error.
pub(super) async fn update_container_instances_state(
    aws: &Aws,
    cluster: &str,
    arns: &[String],
    status: ContainerInstanceStatus,
) -> Result<Described<ContainerInstance>> {
    let mut all = Described::default();
    for (i, batch) in arns.chunks(UPDATE_INSTANCES_STATE_BATCH).enumerate() {
        let sent = aws
            .ecs_write
            .update_container_instances_state()
            .cluster(cluster)
            .set_container_instances(Some(batch.to_vec()))
            .status(aws_sdk_ecs::types::ContainerInstanceStatus::from(
                status.as_str(),
            ))
            .send()
            .await
            .map_err(|e| aws.ecs_write_err("UpdateContainerInstancesState", arn_name(cluster), e));
        match sent {
            Ok(out) => {
                all.items.extend(
                    out.container_instances()
                        .iter()
                        .map(convert::container_instance),
                );
                all.failures
                    .extend(out.failures().iter().map(convert::failure));
            }
            Err(e) if i == 0 => return Err(e),
            Err(e) => {
                let unsent = arns.iter().skip(i * UPDATE_INSTANCES_STATE_BATCH);
                all.failures.extend(unsent.map(|arn| not_done(arn, &e)));
                break;
            }
        }
    }
    Ok(all)
}

/// A batched write's item that was not changed, with why.
pub(super) fn not_done(arn: &str, e: &BackendError) -> DescribeFailure {
    DescribeFailure {
        arn: arn.to_string(),
        reason: format!("not changed: {e}"),
    }
}
