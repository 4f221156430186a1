//! What a load balancer explorer reads beyond the basics: rules with conditions and any actions, and the target
//! groups of one load balancer.
//!
//! Rules made here take ids derived from their listener and priority (unique among a listener's rules) rather
//! than drawn from the world's random source, so that adding one to a world leaves every later id and timing of
//! that world as it was.

use super::errors;
use super::ids;
use super::world::World;
use crate::backend::Result;
use crate::model::{forwarded_target_groups, ListenerRule, RuleAction, RuleCondition, TargetGroup};

impl World {
    /// CreateRule with conditions and actions (forward, fixed-response, redirect, ...) at `priority`.
    pub fn create_rule_with(
        &mut self,
        listener_arn: &str,
        priority: u32,
        conditions: Vec<RuleCondition>,
        actions: Vec<RuleAction>,
    ) -> Result<String> {
        if !self.listeners.contains_key(listener_arn) {
            return Err(errors::listener_not_found());
        }
        if conditions.is_empty() || actions.is_empty() {
            return Err(errors::invalid_parameter(
                "A rule needs at least one condition and one action.",
            ));
        }
        if forwarded_target_groups(&actions)
            .iter()
            .any(|g| !self.target_groups.contains_key(g))
        {
            return Err(errors::target_group_not_found());
        }
        let taken = priority.to_string();
        if self
            .rules
            .values()
            .any(|r| r.listener_arn == listener_arn && r.priority == taken)
        {
            return Err(errors::priority_in_use(priority));
        }
        let id = ids::derived_hex(&format!("{listener_arn}/{priority}"), 16);
        let arn = ids::rule_arn(listener_arn, &id);
        let rule = ListenerRule {
            arn: arn.clone(),
            listener_arn: listener_arn.into(),
            priority: taken,
            is_default: false,
            conditions,
            ..ListenerRule::default()
        };
        self.insert_rule(rule.with_actions(actions));
        Ok(arn)
    }

    /// ModifyRule's conditions: what requests the rule matches (the default rule has none).
    pub fn set_rule_conditions(
        &mut self,
        rule_arn: &str,
        conditions: Vec<RuleCondition>,
    ) -> Result<()> {
        let rule = self
            .rules
            .get_mut(rule_arn)
            .ok_or_else(errors::rule_not_found)?;
        if rule.is_default {
            return Err(errors::invalid_parameter(
                "The default rule of a listener cannot have conditions.",
            ));
        }
        rule.conditions = conditions;
        Ok(())
    }

    /// DescribeTargetGroups with LoadBalancerArn: the groups the load balancer's listeners and rules forward
    /// to (or that were created on it).
    pub fn describe_target_groups_of_load_balancer(
        &self,
        load_balancer_arn: &str,
    ) -> Result<Vec<TargetGroup>> {
        if !self.load_balancers.contains_key(load_balancer_arn) {
            return Err(errors::load_balancer_not_found());
        }
        Ok(self
            .target_groups
            .values()
            .filter(|g| {
                g.group
                    .load_balancer_arns
                    .iter()
                    .any(|a| a == load_balancer_arn)
            })
            .map(|g| g.group.clone())
            .collect())
    }
}
