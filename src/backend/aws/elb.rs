//! ELBv2 reads. Describe* share one throttling bucket (10/s), so wharf asks only for what it needs, at 400 a
//! page.

use super::{batched, convert, Aws};
use crate::backend::Result;
use crate::model::{elb_name, Listener, ListenerRule, LoadBalancer, TargetGroup, TargetHealth};

/// DescribeLoadBalancers, DescribeTargetGroups, DescribeListeners and DescribeRules: the most a page may hold.
pub const ELB_PAGE: i32 = 400;
/// DescribeLoadBalancers takes at most 20 ARNs per call.
pub const LOAD_BALANCER_ARNS: usize = 20;
/// DescribeTargetGroups documents no limit on `TargetGroupArns`: wharf asks for at most a page's worth at a
/// time, so that each batch is one call unless ELBv2 pages it anyway (its markers are followed).
pub const TARGET_GROUP_ARNS: usize = ELB_PAGE as usize;

impl Aws {
    pub(crate) async fn load_balancers(&self, arns: &[String]) -> Result<Vec<LoadBalancer>> {
        if arns.is_empty() {
            let mut pages = self
                .elb_retried
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
                .elb_retried
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

    /// Every target group when `arns` is empty, else those named, in batches of [`TARGET_GROUP_ARNS`].
    pub(crate) async fn target_groups(&self, arns: &[String]) -> Result<Vec<TargetGroup>> {
        if arns.is_empty() {
            return self.target_group_pages(None, None).await;
        }
        let parts = batched(arns, TARGET_GROUP_ARNS, |batch| {
            self.target_group_pages(Some(batch), None)
        })
        .await?;
        Ok(parts.into_iter().flatten().collect())
    }

    /// The target groups a load balancer's listeners and rules forward to, every page.
    pub(crate) async fn target_groups_of_load_balancer(
        &self,
        load_balancer_arn: &str,
    ) -> Result<Vec<TargetGroup>> {
        self.target_group_pages(None, Some(load_balancer_arn)).await
    }

    /// DescribeTargetGroups by ARNs, by load balancer or (neither) all, following every marker.
    async fn target_group_pages(
        &self,
        arns: Option<Vec<String>>,
        load_balancer_arn: Option<&str>,
    ) -> Result<Vec<TargetGroup>> {
        let what = load_balancer_arn.map_or("target groups", elb_name);
        let mut pages = self
            .elb_retried
            .describe_target_groups()
            .set_target_group_arns(arns)
            .set_load_balancer_arn(load_balancer_arn.map(str::to_string))
            .page_size(ELB_PAGE)
            .into_paginator()
            .send();
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.elb_err("DescribeTargetGroups", what, e))?;
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
            .map_err(|e| self.elb_err("DescribeTargetHealth", elb_name(target_group_arn), e))?;
        Ok(out
            .target_health_descriptions()
            .iter()
            .map(convert::target_health)
            .collect())
    }

    /// Every listener of a load balancer, every page.
    pub(crate) async fn listeners(&self, load_balancer_arn: &str) -> Result<Vec<Listener>> {
        let mut pages = self
            .elb_retried
            .describe_listeners()
            .load_balancer_arn(load_balancer_arn)
            .page_size(ELB_PAGE)
            .into_paginator()
            .send();
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page
                .map_err(|e| self.elb_err("DescribeListeners", elb_name(load_balancer_arn), e))?;
            all.extend(page.listeners().iter().map(convert::listener));
        }
        Ok(all)
    }

    /// Every rule of a listener, the default one included, every page.
    pub(crate) async fn rules(&self, listener_arn: &str) -> Result<Vec<ListenerRule>> {
        let mut pages = self
            .elb_retried
            .describe_rules()
            .listener_arn(listener_arn)
            .page_size(ELB_PAGE)
            .into_paginator()
            .send();
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| self.elb_err("DescribeRules", elb_name(listener_arn), e))?;
            all.extend(page.rules().iter().map(|r| convert::rule(listener_arn, r)));
        }
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn elb_resources_are_named_as_people_know_them() {
        let f = super::elb_name;
        assert_eq!(
            f("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web-tg/0123abcd"),
            "web-tg"
        );
        assert_eq!(
            f("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/front/50dc6c49"),
            "front"
        );
        let listener =
            "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/front/50dc6c49/f2f7dc8e";
        assert_eq!(f(listener), listener);
        assert_eq!(f("web-tg"), "web-tg");
    }
}
