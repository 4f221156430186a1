//! ECS reads: every list follows all pages at 100 a page; describes are batched to their limits.

use std::sync::Arc;

use aws_sdk_ecs::types::TaskDefinition as SdkTaskDefinition;
use aws_sdk_ecs::types::{
    ClusterField, DesiredStatus as SdkDesiredStatus, SortOrder, TaskDefinitionStatus,
};

use super::{batched, convert, merge, revision_name, Aws};
use crate::backend::{Described, Page, Result};
use crate::model::{
    arn_name, Cluster, ContainerInstance, DesiredStatus, RevisionStatus, Service, Task, TaskFilter,
};

/// ECS list calls: the most a page may hold (ListServices defaults to 10).
pub const LIST_PAGE: i32 = 100;
pub const DESCRIBE_SERVICES_BATCH: usize = 10;
pub const DESCRIBE_TASKS_BATCH: usize = 100;
pub const DESCRIBE_CLUSTERS_BATCH: usize = 100;
pub const DESCRIBE_CONTAINER_INSTANCES_BATCH: usize = 100;

impl Aws {
    pub(crate) async fn list_cluster_arns(&self) -> Result<Vec<String>> {
        let mut pages = self
            .ecs
            .list_clusters()
            .max_results(LIST_PAGE)
            .into_paginator()
            .send();
        let mut arns = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| self.ecs_err("ListClusters", "the account's clusters", e))?;
            arns.extend(page.cluster_arns().iter().cloned());
        }
        Ok(arns)
    }

    pub(crate) async fn describe_cluster_batches(
        &self,
        arns: &[String],
    ) -> Result<Described<Cluster>> {
        let parts = batched(arns, DESCRIBE_CLUSTERS_BATCH, |batch| async move {
            let out = self
                .ecs
                .describe_clusters()
                .set_clusters(Some(batch))
                .include(ClusterField::Statistics)
                .send()
                .await
                .map_err(|e| self.ecs_err("DescribeClusters", "clusters", e))?;
            Ok(Described {
                items: out.clusters().iter().map(convert::cluster).collect(),
                failures: out.failures().iter().map(convert::failure).collect(),
            })
        })
        .await?;
        Ok(merge(parts))
    }

    /// One ListServices call: a page of up to 100 and the token of the next.
    pub(crate) async fn list_service_page(
        &self,
        cluster: &str,
        token: Option<&str>,
    ) -> Result<Page> {
        let out = self
            .ecs
            .list_services()
            .cluster(cluster)
            .max_results(LIST_PAGE)
            .set_next_token(token.map(str::to_string))
            .send()
            .await
            .map_err(|e| self.ecs_err("ListServices", arn_name(cluster), e))?;
        Ok(Page {
            arns: out.service_arns().to_vec(),
            next: out.next_token().map(str::to_string),
        })
    }

    pub(crate) async fn list_service_arns(&self, cluster: &str) -> Result<Vec<String>> {
        let mut pages = self
            .ecs
            .list_services()
            .cluster(cluster)
            .max_results(LIST_PAGE)
            .into_paginator()
            .send();
        let mut arns = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.ecs_err("ListServices", arn_name(cluster), e))?;
            arns.extend(page.service_arns().iter().cloned());
        }
        Ok(arns)
    }

    pub(crate) async fn describe_service_batches(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<Service>> {
        let parts = batched(arns, DESCRIBE_SERVICES_BATCH, |batch| async move {
            let out = self
                .ecs
                .describe_services()
                .cluster(cluster)
                .set_services(Some(batch))
                .send()
                .await
                .map_err(|e| self.ecs_err("DescribeServices", arn_name(cluster), e))?;
            Ok(Described {
                items: out.services().iter().map(convert::service).collect(),
                failures: out.failures().iter().map(convert::failure).collect(),
            })
        })
        .await?;
        Ok(merge(parts))
    }

    pub(crate) async fn list_task_page(
        &self,
        cluster: &str,
        filter: &TaskFilter,
        token: Option<&str>,
    ) -> Result<Page> {
        let out = self
            .ecs
            .list_tasks()
            .cluster(cluster)
            .set_service_name(filter.service_name.clone())
            .desired_status(sdk_desired(filter.desired_status))
            .max_results(LIST_PAGE)
            .set_next_token(token.map(str::to_string))
            .send()
            .await
            .map_err(|e| self.ecs_err("ListTasks", arn_name(cluster), e))?;
        Ok(Page {
            arns: out.task_arns().to_vec(),
            next: out.next_token().map(str::to_string),
        })
    }

    pub(crate) async fn list_task_arns(
        &self,
        cluster: &str,
        filter: &TaskFilter,
    ) -> Result<Vec<String>> {
        let desired = sdk_desired(filter.desired_status);
        let mut pages = self
            .ecs
            .list_tasks()
            .cluster(cluster)
            .set_service_name(filter.service_name.clone())
            .desired_status(desired)
            .max_results(LIST_PAGE)
            .into_paginator()
            .send();
        let mut arns = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.ecs_err("ListTasks", arn_name(cluster), e))?;
            arns.extend(page.task_arns().iter().cloned());
        }
        Ok(arns)
    }

    pub(crate) async fn describe_task_batches(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<Task>> {
        let parts = batched(arns, DESCRIBE_TASKS_BATCH, |batch| async move {
            let out = self
                .ecs
                .describe_tasks()
                .cluster(cluster)
                .set_tasks(Some(batch))
                .send()
                .await
                .map_err(|e| self.ecs_err("DescribeTasks", arn_name(cluster), e))?;
            Ok(Described {
                items: out.tasks().iter().map(convert::task).collect(),
                failures: out.failures().iter().map(convert::failure).collect(),
            })
        })
        .await?;
        Ok(merge(parts))
    }

    /// The SDK's own task definition, described at most once per ARN for the life of this backend.
    pub(crate) async fn task_definition_cached(&self, arn: &str) -> Result<Arc<SdkTaskDefinition>> {
        let slot = self.taskdefs.slot(arn);
        let td = slot
            .get_or_try_init(|| async {
                let out = self
                    .ecs_retried
                    .describe_task_definition()
                    .task_definition(arn)
                    .send()
                    .await
                    .map_err(|e| self.ecs_err("DescribeTaskDefinition", revision_name(arn), e))?;
                match out.task_definition {
                    Some(td) => Ok(Arc::new(td)),
                    None => Err(crate::backend::BackendError::NotFound {
                        what: format!("task definition {}", revision_name(arn)),
                    }),
                }
            })
            .await?;
        Ok(td.clone())
    }

    /// A family's revisions with `status`, newest first. `familyPrefix` matches every family that starts with
    /// it (`web` also finds `web-admin`), so only the exact family's ARNs are kept.
    pub(crate) async fn list_task_definition_arns(
        &self,
        family: &str,
        status: RevisionStatus,
    ) -> Result<Vec<String>> {
        let status = match status {
            RevisionStatus::Active => TaskDefinitionStatus::Active,
            RevisionStatus::Inactive => TaskDefinitionStatus::Inactive,
            RevisionStatus::DeleteInProgress => TaskDefinitionStatus::DeleteInProgress,
        };
        let mut pages = self
            .ecs_retried
            .list_task_definitions()
            .family_prefix(family)
            .status(status)
            .sort(SortOrder::Desc)
            .max_results(LIST_PAGE)
            .into_paginator()
            .send();
        let mut revisions = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.ecs_err("ListTaskDefinitions", family, e))?;
            revisions.extend(
                page.task_definition_arns()
                    .iter()
                    .filter_map(|arn| Some((family_revision(arn)?, arn)))
                    .filter(|((f, _), _)| *f == family)
                    .map(|((_, revision), arn)| (revision, arn.clone())),
            );
        }
        // ECS sorts DESC already; emulators may not, and pages are sorted each on their own.
        revisions.sort_by_key(|&(revision, _)| std::cmp::Reverse(revision));
        Ok(revisions.into_iter().map(|(_, arn)| arn).collect())
    }

    pub(crate) async fn list_container_instance_arns(&self, cluster: &str) -> Result<Vec<String>> {
        let mut pages = self
            .ecs_retried
            .list_container_instances()
            .cluster(cluster)
            .max_results(LIST_PAGE)
            .into_paginator()
            .send();
        let mut arns = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| self.ecs_err("ListContainerInstances", arn_name(cluster), e))?;
            arns.extend(page.container_instance_arns().iter().cloned());
        }
        Ok(arns)
    }

    pub(crate) async fn describe_container_instance_batches(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Described<ContainerInstance>> {
        let parts = batched(
            arns,
            DESCRIBE_CONTAINER_INSTANCES_BATCH,
            |batch| async move {
                let out = self
                    .ecs_retried
                    .describe_container_instances()
                    .cluster(cluster)
                    .set_container_instances(Some(batch))
                    .send()
                    .await
                    .map_err(|e| {
                        self.ecs_err("DescribeContainerInstances", arn_name(cluster), e)
                    })?;
                Ok(Described {
                    items: out
                        .container_instances()
                        .iter()
                        .map(convert::container_instance)
                        .collect(),
                    failures: out.failures().iter().map(convert::failure).collect(),
                })
            },
        )
        .await?;
        Ok(merge(parts))
    }
}

/// `arn:...:task-definition/web-admin:7` -> (`web-admin`, 7).
fn family_revision(arn: &str) -> Option<(&str, u32)> {
    let (family, revision) = revision_name(arn).rsplit_once(':')?;
    Some((family, revision.parse().ok()?))
}

fn sdk_desired(status: DesiredStatus) -> SdkDesiredStatus {
    match status {
        DesiredStatus::Running => SdkDesiredStatus::Running,
        DesiredStatus::Stopped => SdkDesiredStatus::Stopped,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn family_and_revision_of_an_arn() {
        let f = super::family_revision;
        assert_eq!(
            f("arn:aws:ecs:us-east-1:1:task-definition/web-admin:12"),
            Some(("web-admin", 12))
        );
        assert_eq!(f("web:3"), Some(("web", 3)));
        assert_eq!(f("arn:aws:ecs:us-east-1:1:task-definition/web"), None);
    }
}
