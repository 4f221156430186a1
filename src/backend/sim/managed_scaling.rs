//! Capacity provider managed scaling, as ECS does it for an Auto Scaling group with managed scaling on (the
//! demo's `prod-ec2-asg`): when a service's task cannot be placed for want of room, the group launches an
//! instance of the smallest of its types that holds the task; it registers once the launch has taken. With
//! a target capacity of 100% no instance is kept spare: one the scaling added that has held no task for a
//! while is terminated (managed termination protection keeps every instance that runs a task).

use std::collections::BTreeMap;

use super::capacity::InstanceSpec;
use super::ids::AZS;
use super::placement;
use super::world::World;
use crate::model::{CapacityProviderKind, LaunchType, Timestamp};

/// From the launch to the instance registered with the cluster.
pub const LAUNCH_MS: i64 = 90_000;
/// An added instance with no task for this long is terminated.
pub const IDLE_MS: i64 = 10 * 60_000;
/// A placement failure this recent says a task waits for room.
const WAITING_MS: i64 = 2 * 60_000;
/// What the demo's group can launch (a mixed-instances policy): type, CPU units, MiB.
const TYPES: [(&str, u32, u32); 2] = [("m5.large", 2048, 7680), ("m5.xlarge", 4096, 15_360)];

/// Launches under way and the instances the scaling added, by cluster name.
#[derive(Default)]
pub(crate) struct ManagedScaling {
    /// (registers at, cluster, provider, what).
    pub launching: Vec<(Timestamp, String, String, InstanceSpec)>,
    /// Instance ARN -> since when it has held no task (`None`: it holds one).
    pub added: BTreeMap<String, Option<Timestamp>>,
}

impl World {
    /// The cluster's default capacity provider that is an Auto Scaling group with managed scaling on.
    fn scaling_provider(&self, cluster: &str) -> Option<String> {
        let c = self.clusters.get(cluster)?;
        c.default_strategy.iter().find_map(|item| {
            let provider = self.capacity_providers.get(&item.capacity_provider)?;
            match &provider.kind {
                CapacityProviderKind::AutoScalingGroup(g) if g.managed_scaling => {
                    Some(item.capacity_provider.clone())
                }
                _ => None,
            }
        })
    }

    /// Once a virtual minute: launches that have taken register, a task waiting for room starts a launch,
    /// idle added instances go.
    pub(crate) fn managed_scaling(&mut self) {
        let now = self.now;
        let (ready, pending): (Vec<_>, Vec<_>) = std::mem::take(&mut self.managed.launching)
            .into_iter()
            .partition(|(at, ..)| *at <= now);
        self.managed.launching = pending;
        for (_, cluster, _, spec) in ready {
            // The instance's ids come from a source of their own: the world's other random choices stay
            // as they were without managed scaling (the demo's stories keep their timing).
            let seed = now.millis() as u64 ^ self.managed.added.len() as u64;
            let own = fastrand::Rng::with_seed(seed);
            let world = std::mem::replace(&mut self.rng, own);
            let added = self.add_instance(&cluster, spec);
            self.rng = world;
            if let Ok(arn) = added {
                self.managed.added.insert(arn, Some(now));
            }
        }
        self.launch_for_waiting(now);
        self.retire_idle(now);
    }

    /// A launch for each cluster where a service waits for room and none is under way.
    fn launch_for_waiting(&mut self, now: Timestamp) {
        let mut wanted: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for svc in self.services.values() {
            let waiting = svc.launch_type == LaunchType::Ec2
                && svc
                    .placement_event
                    .as_ref()
                    .is_some_and(|(_, at)| now.since(*at) < WAITING_MS);
            let short = (svc.tasks.len() as u32) < svc.desired_count;
            if !(waiting && short) {
                continue;
            }
            let need = svc
                .deployments
                .first()
                .and_then(|d| self.task_definitions.get(&d.task_definition))
                .map(placement::needs);
            if let Some(need) = need {
                let most = wanted.entry(svc.cluster.clone()).or_default();
                *most = (most.0.max(need.0), most.1.max(need.1));
            }
        }
        for (cluster, need) in wanted {
            let under_way = self
                .managed
                .launching
                .iter()
                .any(|(_, c, ..)| *c == cluster);
            let Some(provider) = self.scaling_provider(&cluster).filter(|_| !under_way) else {
                continue;
            };
            // The smallest type that holds the task; none does: ECS leaves the task waiting.
            let Some((kind, cpu, memory)) =
                TYPES.iter().find(|(_, c, m)| *c >= need.0 && *m >= need.1)
            else {
                continue;
            };
            let az = self.least_used_az(&cluster);
            let spec = InstanceSpec::new(AZS[az], *cpu, *memory)
                .instance_type(kind)
                .provider(&provider);
            let at = now.plus_millis(LAUNCH_MS);
            self.managed.launching.push((at, cluster, provider, spec));
        }
    }

    fn least_used_az(&self, cluster: &str) -> usize {
        let mut count = [0usize; 3];
        if let Some(c) = self.clusters.get(cluster) {
            for i in c.instances.values() {
                count[i.az.min(2)] += 1;
            }
        }
        (0..3).min_by_key(|&a| count[a]).unwrap_or(0)
    }

    /// Added instances idle for `IDLE_MS` are terminated (deregistered from the cluster).
    fn retire_idle(&mut self, now: Timestamp) {
        let mut gone = Vec::new();
        for (arn, idle_since) in self.managed.added.iter_mut() {
            let instance = self.clusters.values().find_map(|c| {
                c.instances
                    .get(arn)
                    .map(|i| (c.name.clone(), i.tasks.is_empty()))
            });
            match instance {
                None => gone.push((None, arn.clone())),
                Some((_, false)) => *idle_since = None,
                Some((cluster, true)) => match idle_since {
                    None => *idle_since = Some(now),
                    Some(at) if now.since(*at) >= IDLE_MS => {
                        gone.push((Some(cluster), arn.clone()))
                    }
                    Some(_) => {}
                },
            }
        }
        for (cluster, arn) in gone {
            if let Some(cluster) = cluster {
                let _ = self.deregister_container_instance(&cluster, &arn, false);
            }
            self.managed.added.remove(&arn);
        }
    }
}
