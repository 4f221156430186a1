//! The load balancer side of a traffic-shifting deployment: the listener rules that carry a service's production
//! traffic forward to blue, to both target groups while production traffic is split, then to green; the rules
//! that carry its test traffic forward to green from TEST_TRAFFIC_SHIFT on. A rollback sends both back to blue.
//!
//! ELBv2 weights each target group of a forward action; wharf's model lists the groups without their weights,
//! which are in the service deployment record.

use std::collections::BTreeSet;

use super::world::{SimService, World};

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
                let to = match test_rules.contains(&x.arn) {
                    true => forwards(test),
                    false => forwards(production),
                };
                if x.target_groups != to {
                    x.target_groups.clone_from(&to);
                    changed.push((x.listener_arn.clone(), x.is_default, to));
                }
            }
            for (listener, is_default, to) in changed {
                let Some(l) = self.listeners.get_mut(&listener) else {
                    continue;
                };
                if is_default {
                    l.default_target_groups.clone_from(&to);
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
