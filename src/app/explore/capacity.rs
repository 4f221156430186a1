//! A cluster's capacity in words, for the clusters screen: where it comes from (its providers and default
//! strategy) and, for EC2, how much of its instances' CPU and memory is in use.

use super::read::{capacity_providers, container_instances, got, Got, Read};
use crate::app::needs::Need;
use crate::app::{Resource, State};
use crate::model::{CapacityProvider, CapacityProviderKind, Cluster};

/// What the clusters screen reads for the selected cluster: its instances (EC2) and its providers.
pub fn needs(state: &State, cluster: &Cluster) -> Vec<Need> {
    let interval_ms = state.refresh.list_ms;
    let mut needs = Vec::new();
    if cluster.registered_container_instances > 0 {
        needs.push(Need::Whole {
            resource: Resource::Explore(Read::ContainerInstances {
                cluster_arn: cluster.arn.clone(),
            }),
            interval_ms,
        });
    }
    if !cluster.capacity_providers.is_empty() {
        needs.push(Need::Whole {
            resource: Resource::Explore(providers_read(cluster)),
            interval_ms,
        });
    }
    needs
}

fn providers_read(cluster: &Cluster) -> Read {
    Read::CapacityProviders {
        names: cluster.capacity_providers.clone(),
    }
}

/// `FARGATE base 1 · FARGATE_SPOT ×4`: how ECS splits new tasks when a service names no provider.
pub fn strategy(cluster: &Cluster) -> Option<String> {
    let items = &cluster.default_capacity_provider_strategy;
    if items.is_empty() {
        return None;
    }
    let text = items
        .iter()
        .map(|i| {
            let mut s = i.capacity_provider.clone();
            if i.base > 0 {
                s.push_str(&format!(" base {}", i.base));
            }
            if items.len() > 1 {
                s.push_str(&format!(" ×{}", i.weight));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" · ");
    Some(text)
}

/// Each provider with what it is: `prod-ec2-asg (Auto Scaling group, scales to 100%)`. Names alone until
/// the providers are read.
pub fn providers(state: &State, cluster: &Cluster) -> String {
    if cluster.capacity_providers.is_empty() {
        return "none".into();
    }
    let known = match got(state, &providers_read(cluster), capacity_providers) {
        Got::Data(p) => p,
        _ => &[],
    };
    cluster
        .capacity_providers
        .iter()
        .map(|name| match known.iter().find(|p| &p.name == name) {
            // FARGATE needs no "(Fargate)" after it.
            Some(p) if !kind(p).eq_ignore_ascii_case(name) => format!("{name} ({})", kind(p)),
            _ => name.clone(),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn kind(p: &CapacityProvider) -> String {
    match &p.kind {
        CapacityProviderKind::Fargate => "Fargate".into(),
        CapacityProviderKind::FargateSpot => "Fargate Spot: cheaper, may be interrupted".into(),
        CapacityProviderKind::AutoScalingGroup(asg) => {
            match (asg.managed_scaling, asg.target_capacity) {
                (true, Some(target)) => {
                    format!("Auto Scaling group, scaled by ECS to {target}% use")
                }
                (true, None) => "Auto Scaling group, scaled by ECS".into(),
                (false, _) => "Auto Scaling group, scaled by hand".into(),
            }
        }
        CapacityProviderKind::ManagedInstances => "ECS Managed Instances".into(),
        CapacityProviderKind::Other(kind) => kind.clone(),
    }
}

/// `CPU 7.5 of 12 vCPU in use (62%) · memory 9.5 of 45 GiB (21%)`, once the instances are read.
pub fn in_use(state: &State, cluster: &Cluster) -> Option<String> {
    let read = Read::ContainerInstances {
        cluster_arn: cluster.arn.clone(),
    };
    let Got::Data(instances) = got(state, &read, container_instances) else {
        return None;
    };
    let sum = |f: fn(&crate::model::ContainerInstance) -> u32| -> u64 {
        instances.iter().map(|i| u64::from(f(i))).sum()
    };
    let (cpu, cpu_left) = (sum(|i| i.registered_cpu), sum(|i| i.remaining_cpu));
    let (mem, mem_left) = (sum(|i| i.registered_memory), sum(|i| i.remaining_memory));
    if cpu == 0 {
        return None;
    }
    let percent = |used: u64, total: u64| (used * 100).checked_div(total).unwrap_or(0);
    let vcpu = |units: u64| format!("{:.1}", units as f64 / 1024.0);
    let gib = |mib: u64| format!("{:.1}", mib as f64 / 1024.0);
    let cpu_used = cpu.saturating_sub(cpu_left);
    let mem_used = mem.saturating_sub(mem_left);
    Some(format!(
        "CPU {} of {} vCPU in use ({}%) · memory {} of {} GiB ({}%)",
        vcpu(cpu_used),
        vcpu(cpu),
        percent(cpu_used, cpu),
        gib(mem_used),
        gib(mem),
        percent(mem_used, mem)
    ))
}
