//! Where a new task goes: balanced across availability zones (ECS's "AZ balanced spread"), and on EC2 only on an
//! ACTIVE container instance with enough CPU and memory left.

use super::ids::AZS;
use super::world::World;
use crate::model::{arn_name, LaunchType, TaskDefinition};

/// CPU units and MiB a task reserves: task-level sizes, else the sum of its containers'.
pub fn needs(td: &TaskDefinition) -> (u32, u32) {
    let cpu = td
        .cpu
        .unwrap_or_else(|| td.containers.iter().map(|c| c.cpu).sum());
    let memory = td.memory.unwrap_or_else(|| {
        td.containers
            .iter()
            .map(|c| c.memory_or_reservation().unwrap_or(0))
            .sum::<u32>()
            .max(128)
    });
    (cpu, memory)
}

/// What a task is placed for: a service's task, or a standalone one (RunTask).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placing<'a> {
    pub cluster: &'a str,
    pub launch_type: LaunchType,
    pub service: Option<u64>,
}

/// Why no container instance could take a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NoSpot {
    NoInstances,
    /// The closest instance lacks CPU (`cpu`) or else memory.
    Insufficient {
        instance: String,
        cpu: bool,
    },
}

impl NoSpot {
    /// The detail sentence of ECS's "unable to place a task" event.
    pub fn detail(&self) -> String {
        match self {
            NoSpot::NoInstances => {
                "Reason: No Container Instances were found in your cluster.".into()
            }
            NoSpot::Insufficient { instance, cpu } => format!(
                "The closest matching (container-instance {}) has insufficient {} available.",
                arn_name(instance),
                if *cpu { "CPU units" } else { "memory" }
            ),
        }
    }
}

/// Where a task was placed: an AZ and, on EC2, a container instance.
pub(crate) struct Spot {
    pub az: usize,
    pub instance: Option<String>,
}

/// Reserved CPU and memory, and how many of `service`'s tasks, on one container instance.
pub(crate) struct Usage {
    pub cpu: u32,
    pub memory: u32,
    pub tasks: u32,
    pub of_service: u32,
}

impl World {
    /// What the tasks that hold resources on an instance add up to.
    pub(crate) fn instance_usage(
        &self,
        cluster: &str,
        instance: &str,
        service: Option<u64>,
    ) -> Usage {
        let mut u = Usage {
            cpu: 0,
            memory: 0,
            tasks: 0,
            of_service: 0,
        };
        let Some(i) = self
            .clusters
            .get(cluster)
            .and_then(|c| c.instances.get(instance))
        else {
            return u;
        };
        for t in i.tasks.iter().filter_map(|k| self.tasks.get(k)) {
            u.cpu += t.task.cpu;
            u.memory += t.task.memory;
            u.tasks += 1;
            if service.is_some() && t.service == service {
                u.of_service += 1;
            }
        }
        u
    }

    /// Picks a spot for one task, given how many of its service's live tasks each AZ already has.
    pub(crate) fn place(
        &mut self,
        who: Placing,
        need: (u32, u32),
        per_az: &[u32; 3],
    ) -> Result<Spot, NoSpot> {
        if who.launch_type == LaunchType::Fargate {
            let min = per_az.iter().copied().min().unwrap_or(0);
            let zones: Vec<usize> = (0..AZS.len()).filter(|&a| per_az[a] == min).collect();
            let az = zones[self.rng.usize(..zones.len())];
            return Ok(Spot { az, instance: None });
        }
        let Some(cluster) = self.clusters.get(who.cluster) else {
            return Err(NoSpot::NoInstances);
        };
        // (rank, instance ARN, AZ) of the best fit so far; rank = AZ load, service tasks, all tasks, order.
        type Fit = ((u32, u32, u32, usize), String, usize);
        let mut best: Option<Fit> = None;
        let mut closest: Option<(u64, String, bool)> = None;
        let mut any = false;
        for (n, (arn, i)) in cluster.instances.iter().enumerate() {
            if i.status != "ACTIVE" {
                continue;
            }
            any = true;
            let u = self.instance_usage(who.cluster, arn, who.service);
            let cpu_left = i.cpu.saturating_sub(u.cpu);
            let mem_left = i.memory.saturating_sub(u.memory);
            if cpu_left >= need.0 && mem_left >= need.1 {
                let rank = (per_az[i.az], u.of_service, u.tasks, n);
                if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
                    best = Some((rank, arn.clone(), i.az));
                }
            } else {
                let short = cpu_left < need.0;
                let score = u64::from(cpu_left) * 1_000_000 / u64::from(need.0.max(1))
                    + u64::from(mem_left) * 1_000_000 / u64::from(need.1.max(1));
                if closest.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    closest = Some((score, arn.clone(), short));
                }
            }
        }
        match (best, closest) {
            (Some((_, arn, az)), _) => Ok(Spot {
                az,
                instance: Some(arn),
            }),
            (None, Some((_, instance, cpu))) if any => Err(NoSpot::Insufficient { instance, cpu }),
            _ => Err(NoSpot::NoInstances),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContainerDefinition;

    #[test]
    fn task_size_comes_from_the_task_or_its_containers() {
        let c = |cpu, memory| ContainerDefinition {
            cpu,
            memory,
            ..ContainerDefinition::default()
        };
        let mut td = TaskDefinition {
            containers: vec![c(256, Some(512)), c(128, None)],
            ..TaskDefinition::default()
        };
        assert_eq!(needs(&td), (384, 512));
        td.cpu = Some(1024);
        td.memory = Some(2048);
        assert_eq!(needs(&td), (1024, 2048));
    }
}
