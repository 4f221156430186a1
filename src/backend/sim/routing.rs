//! The load balancer side of a traffic-shifting deployment: the listener rules that carry a service's production
//! traffic forward to blue, to both target groups while production traffic is split, then to green; the rules
//! that carry its test traffic forward to green from TEST_TRAFFIC_SHIFT on. A rollback sends both back to blue.
//!
//! Each such rule's forward action names both target groups with their live weights (100/0 before the shift,
//! 0/100 after), as ECS keeps the production and test rules of a blue/green service; `target_groups` lists the
//! groups that get traffic.

use std::collections::BTreeSet;

use super::world::{SimService, World};
use crate::model::{RuleAction, WeightedTargetGroup};

/// A forward of `weight` percent to `green` and the rest to `blue`, listed in the binding's own order
/// (`first`, then `second`), as a rule keeps its groups while ECS changes their weights.
fn weighted(first: &str, second: &str, green: &str, weight: f64) -> RuleAction {
    let green_weight = weight.clamp(0.0, 100.0).round() as u32;
    let of = |arn: &str| WeightedTargetGroup {
        arn: arn.to_string(),
        weight: Some(if arn == green {
            green_weight
        } else {
            100 - green_weight
        }),
    };
    RuleAction::Forward {
        groups: vec![of(first), of(second)],
        stickiness_seconds: None,
    }
}

impl World {
    /// Points the rules of the service's traffic-shifting deployment under way (or just finished) where its
    /// traffic weights say.
    pub(crate) fn route_traffic(&mut self, svc: &mut SimService) {
        if !svc.config.strategy.shifts_traffic() {
            return;
        }
        let now = self.now;
        let Some(r) = svc
            .history
            .iter()
            .find(|r| r.stage.is_some() && (r.status.is_ongoing() || r.updated_at == now))
        else {
            return;
        };
        let production = r.target.production_weight.unwrap_or(0.0);
        let test = r.target.test_weight.unwrap_or(0.0);
        for b in &svc.load_balancers {
            let Some(alt) = &b.alternate_target_group_arn else {
                continue;
            };
            let (blue, green) = match r.green_alternate {
                true => (&b.target_group_arn, alt),
                false => (alt, &b.target_group_arn),
            };
            let test_rules = svc.test_rules.get_or_insert_with(|| {
                // At the first deployment, the rules that forward to the alternate group carry test traffic.
                self.rules
                    .values()
                    .filter(|x| x.target_groups.contains(alt))
                    .map(|x| x.arn.clone())
                    .collect::<BTreeSet<String>>()
            });
            let forwards = |w: f64| match w {
                w if w >= 100.0 => vec![green.clone()],
                w if w <= 0.0 => vec![blue.clone()],
                _ => vec![blue.clone(), green.clone()],
            };
            let mut changed = Vec::new();
            for x in self.rules.values_mut() {
                let ours = x.target_groups.iter().any(|g| g == blue || g == green);
                if !ours {
                    continue;
                }
                let weight = match test_rules.contains(&x.arn) {
                    true => test,
                    false => production,
                };
                let to = forwards(weight);
                let actions = vec![weighted(&b.target_group_arn, alt, green, weight)];
                if x.target_groups != to || x.actions != actions {
                    x.target_groups.clone_from(&to);
                    x.actions.clone_from(&actions);
                    changed.push((x.listener_arn.clone(), x.is_default, to, actions));
                }
            }
            for (listener, is_default, to, actions) in changed {
                let Some(l) = self.listeners.get_mut(&listener) else {
                    continue;
                };
                if is_default {
                    l.default_target_groups.clone_from(&to);
                    l.default_actions = actions;
                }
                let lb = l.load_balancer_arn.clone();
                for g in &to {
                    if let Some(g) = self.target_groups.get_mut(g) {
                        if !g.group.load_balancer_arns.contains(&lb) {
                            g.group.load_balancer_arns.push(lb.clone());
                        }
                    }
                }
            }
        }
    }
}
