//! Listeners and the rules that forward their traffic to target groups; deleting listeners, load balancers and
//! target groups, refused as ELBv2 refuses it.
//!
//! A target group lists the load balancers whose listeners forward to it (or that it was created `on`). A load
//! balancer's listeners and rules go with it; its target groups stay.

use std::collections::BTreeSet;

use super::errors;
use super::ids;
use super::world::World;
use crate::backend::Result;
use crate::model::{forwarded_target_groups, Listener, ListenerRule, RuleAction};

/// The numeric order of rules, the default rule last (as DescribeRules lists them).
fn rule_order(r: &ListenerRule) -> (bool, u32) {
    (r.is_default, r.priority.parse().unwrap_or(u32::MAX))
}

/// Whether a rule's actions name target group `tg`, a weight of 0 included (ELBv2 counts it as in use).
pub(crate) fn names_group(r: &ListenerRule, tg: &str) -> bool {
    r.target_groups.iter().any(|g| g == tg) || r.actions.iter().any(|a| a.share(tg).is_some())
}

impl World {
    /// CreateListener whose default action forwards to `target_group`; its default rule comes with it.
    pub fn create_listener(
        &mut self,
        load_balancer_arn: &str,
        protocol: &str,
        port: u16,
        target_group: &str,
    ) -> Result<String> {
        if !self.load_balancers.contains_key(load_balancer_arn) {
            return Err(errors::load_balancer_not_found());
        }
        if !self.target_groups.contains_key(target_group) {
            return Err(errors::target_group_not_found());
        }
        if self
            .listeners
            .values()
            .any(|l| l.load_balancer_arn == load_balancer_arn && l.port == port)
        {
            return Err(errors::duplicate_listener());
        }
        let arn = ids::listener_arn(load_balancer_arn, &ids::hex(&mut self.rng, 16));
        self.listeners.insert(
            arn.clone(),
            Listener {
                arn: arn.clone(),
                load_balancer_arn: load_balancer_arn.into(),
                port,
                protocol: protocol.into(),
                ..Listener::default()
            }
            .with_default_actions(vec![RuleAction::forward_to(target_group)]),
        );
        self.add_rule(&arn, "default".into(), target_group);
        Ok(arn)
    }

    /// CreateRule: forwards to `target_group` at `priority` (which no other rule of the listener has).
    pub fn create_rule(
        &mut self,
        listener_arn: &str,
        priority: u32,
        target_group: &str,
    ) -> Result<String> {
        if !self.listeners.contains_key(listener_arn) {
            return Err(errors::listener_not_found());
        }
        if !self.target_groups.contains_key(target_group) {
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
        Ok(self.add_rule(listener_arn, taken, target_group))
    }

    fn add_rule(&mut self, listener_arn: &str, priority: String, target_group: &str) -> String {
        let arn = ids::rule_arn(listener_arn, &ids::hex(&mut self.rng, 16));
        let rule = ListenerRule {
            arn: arn.clone(),
            listener_arn: listener_arn.into(),
            is_default: priority == "default",
            priority,
            ..ListenerRule::default()
        };
        self.insert_rule(rule.with_actions(vec![RuleAction::forward_to(target_group)]));
        arn
    }

    /// Adds a rule; the load balancer of its listener joins each target group it forwards to.
    pub(crate) fn insert_rule(&mut self, rule: ListenerRule) {
        let lb = self
            .listeners
            .get(&rule.listener_arn)
            .map(|l| l.load_balancer_arn.clone());
        for tg in forwarded_target_groups(&rule.actions) {
            if let (Some(lb), Some(g)) = (&lb, self.target_groups.get_mut(&tg)) {
                if !g.group.load_balancer_arns.contains(lb) {
                    g.group.load_balancer_arns.push(lb.clone());
                }
            }
        }
        self.rules.insert(rule.arn.clone(), rule);
    }

    /// DescribeListeners for a load balancer, by port.
    pub fn describe_listeners(&self, load_balancer_arn: &str) -> Result<Vec<Listener>> {
        if !self.load_balancers.contains_key(load_balancer_arn) {
            return Err(errors::load_balancer_not_found());
        }
        let mut out: Vec<Listener> = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == load_balancer_arn)
            .cloned()
            .collect();
        out.sort_by_key(|l| l.port);
        Ok(out)
    }

    /// DescribeRules for a listener: by priority, the default rule last.
    pub fn describe_rules(&self, listener_arn: &str) -> Result<Vec<ListenerRule>> {
        if !self.listeners.contains_key(listener_arn) {
            return Err(errors::listener_not_found());
        }
        let mut out: Vec<ListenerRule> = self
            .rules
            .values()
            .filter(|r| r.listener_arn == listener_arn)
            .cloned()
            .collect();
        out.sort_by_key(rule_order);
        Ok(out)
    }

    /// DeleteListener: its rules go with it.
    pub fn delete_listener(&mut self, arn: &str) -> Result<()> {
        let listener = self
            .listeners
            .remove(arn)
            .ok_or_else(errors::listener_not_found)?;
        let mut forwarded = BTreeSet::new();
        self.rules.retain(|_, r| {
            let mine = r.listener_arn == arn;
            if mine {
                forwarded.extend(r.target_groups.iter().cloned());
                forwarded.extend(forwarded_target_groups(&r.actions));
            }
            !mine
        });
        // A target group no other listener of the load balancer forwards to leaves it.
        let lb = listener.load_balancer_arn;
        for tg in forwarded {
            if !self.forwards(&lb, &tg) {
                if let Some(g) = self.target_groups.get_mut(&tg) {
                    g.group.load_balancer_arns.retain(|a| *a != lb);
                }
            }
        }
        Ok(())
    }

    /// Whether a listener or rule of load balancer `lb` forwards to target group `tg`.
    fn forwards(&self, lb: &str, tg: &str) -> bool {
        self.rules.values().any(|r| {
            names_group(r, tg)
                && self
                    .listeners
                    .get(&r.listener_arn)
                    .is_some_and(|l| l.load_balancer_arn == lb)
        })
    }

    /// DeleteLoadBalancer: its listeners and rules go with it, its target groups stay (without it). Deleting a
    /// load balancer that does not exist succeeds, as in ELBv2.
    pub fn delete_load_balancer(&mut self, arn: &str) -> Result<()> {
        if self.load_balancers.remove(arn).is_none() {
            return Ok(());
        }
        let listeners: BTreeSet<String> = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == arn)
            .map(|l| l.arn.clone())
            .collect();
        self.listeners.retain(|a, _| !listeners.contains(a));
        self.rules
            .retain(|_, r| !listeners.contains(&r.listener_arn));
        for g in self.target_groups.values_mut() {
            g.group.load_balancer_arns.retain(|a| a != arn);
        }
        Ok(())
    }

    /// DeleteTargetGroup: refused while a listener or rule forwards to it (ResourceInUse). Its targets are
    /// gone with it. Deleting one that does not exist succeeds, as in ELBv2.
    pub fn delete_target_group(&mut self, arn: &str) -> Result<()> {
        if self.rules.values().any(|r| names_group(r, arn)) {
            return Err(errors::target_group_in_use(arn));
        }
        let Some(group) = self.target_groups.remove(arn) else {
            return Ok(());
        };
        for key in group.members {
            if let Some(t) = self.tasks.get_mut(&key) {
                t.targets.retain(|x| x.target_group != arn);
            }
        }
        Ok(())
    }
}
