//! ELBv2 reads and deletes. Describe* share one throttling bucket (10/s), so wharf asks only for what it needs.

use super::{batched, convert, Aws};
use crate::backend::Result;
use crate::model::{arn_name, LoadBalancer, TargetGroup, TargetHealth};

/// DescribeLoadBalancers and DescribeTargetGroups: the most a page may hold.
pub const ELB_PAGE: i32 = 400;
/// DescribeLoadBalancers takes at most 20 ARNs per call.
pub const LOAD_BALANCER_ARNS: usize = 20;

impl Aws {
    pub(crate) async fn load_balancers(&self, arns: &[String]) -> Result<Vec<LoadBalancer>> {
        if arns.is_empty() {
            let mut pages = self
                .elb
                .describe_load_balancers()
                .page_size(ELB_PAGE)
                .into_paginator()
                .send();
            let mut all = Vec::new();
            while let Some(page) = pages.next().await {
                let page =
                    page.map_err(|e| self.elb_err("DescribeLoadBalancers", "load balancers", e))?;
                all.extend(page.load_balancers().iter().map(convert::load_balancer));
            }
            return Ok(all);
        }
        let parts = batched(arns, LOAD_BALANCER_ARNS, |batch| async move {
            let out = self
                .elb
                .describe_load_balancers()
                .set_load_balancer_arns(Some(batch))
                .send()
                .await
                .map_err(|e| self.elb_err("DescribeLoadBalancers", "load balancers", e))?;
            Ok(out
                .load_balancers()
                .iter()
                .map(convert::load_balancer)
                .collect::<Vec<_>>())
        })
        .await?;
        Ok(parts.into_iter().flatten().collect())
    }

    pub(crate) async fn target_groups(&self, arns: &[String]) -> Result<Vec<TargetGroup>> {
        let arns = (!arns.is_empty()).then(|| arns.to_vec());
        let mut pages = self
            .elb
            .describe_target_groups()
            .set_target_group_arns(arns)
            .page_size(ELB_PAGE)
            .into_paginator()
            .send();
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| self.elb_err("DescribeTargetGroups", "target groups", e))?;
            all.extend(page.target_groups().iter().map(convert::target_group));
        }
        Ok(all)
    }

    pub(crate) async fn target_health(&self, target_group_arn: &str) -> Result<Vec<TargetHealth>> {
        let out = self
            .elb
            .describe_target_health()
            .target_group_arn(target_group_arn)
            .send()
            .await
            .map_err(|e| self.elb_err("DescribeTargetHealth", arn_name_tg(target_group_arn), e))?;
        Ok(out
            .target_health_descriptions()
            .iter()
            .map(convert::target_health)
            .collect())
    }

    /// Deletes a listener (its rules go with it).
    pub async fn delete_listener(&self, listener_arn: &str) -> Result<()> {
        self.elb
            .delete_listener()
            .listener_arn(listener_arn)
            .send()
            .await
            .map_err(|e| self.elb_err("DeleteListener", listener_arn, e))?;
        Ok(())
    }

    /// Deletes a load balancer and its listeners. Deletion protection answers OperationNotPermitted.
    pub async fn delete_load_balancer(&self, load_balancer_arn: &str) -> Result<()> {
        self.elb
            .delete_load_balancer()
            .load_balancer_arn(load_balancer_arn)
            .send()
            .await
            .map_err(|e| self.elb_err("DeleteLoadBalancer", load_balancer_arn, e))?;
        Ok(())
    }

    /// Deletes a target group no listener or rule uses (else ResourceInUse).
    pub async fn delete_target_group(&self, target_group_arn: &str) -> Result<()> {
        self.elb
            .delete_target_group()
            .target_group_arn(target_group_arn)
            .send()
            .await
            .map_err(|e| self.elb_err("DeleteTargetGroup", arn_name_tg(target_group_arn), e))?;
        Ok(())
    }
}

/// `arn:...:targetgroup/web/0123abcd` -> `web`, the name people know a target group by.
fn arn_name_tg(arn: &str) -> &str {
    arn.split('/').nth(1).unwrap_or_else(|| arn_name(arn))
}
