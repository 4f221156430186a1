//! ELBv2 deletes, called by the `Backend` impl through the write client (sent once). Teardown order: listeners
//! (or the whole load balancer, which takes its listeners) before the target groups they forward to.

use super::Aws;
use crate::backend::Result;
use crate::model::elb_name;

/// Deletes a listener (its rules go with it).
pub(super) async fn delete_listener(aws: &Aws, listener_arn: &str) -> Result<()> {
    aws.elb_write
        .delete_listener()
        .listener_arn(listener_arn)
        .send()
        .await
        .map_err(|e| aws.elb_write_err("DeleteListener", elb_name(listener_arn), e))?;
    Ok(())
}

/// Deletes a load balancer and its listeners. Deletion protection answers OperationNotPermitted.
pub(super) async fn delete_load_balancer(aws: &Aws, load_balancer_arn: &str) -> Result<()> {
    aws.elb_write
        .delete_load_balancer()
        .load_balancer_arn(load_balancer_arn)
        .send()
        .await
        .map_err(|e| aws.elb_write_err("DeleteLoadBalancer", elb_name(load_balancer_arn), e))?;
    Ok(())
}

/// Deletes a target group no listener or rule forwards to (else ResourceInUse).
pub(super) async fn delete_target_group(aws: &Aws, target_group_arn: &str) -> Result<()> {
    aws.elb_write
        .delete_target_group()
        .target_group_arn(target_group_arn)
        .send()
        .await
        .map_err(|e| aws.elb_write_err("DeleteTargetGroup", elb_name(target_group_arn), e))?;
    Ok(())
}
