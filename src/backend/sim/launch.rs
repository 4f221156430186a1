//! A new task: its id, address, host port and the behaviour its image carries, for a service or for RunTask.

use super::behavior::Behavior;
use super::ids;
use super::placement::{self, Spot};
use super::world::{SimTask, World};
use crate::model::{
    Container, ContainerDefinition, DesiredStatus, HealthStatus, LaunchType, NetworkBinding,
    NetworkMode, Task, TaskDefinition, TaskStatus,
};

/// What a new task belongs to: its cluster, its service (none for RunTask), its group and `startedBy`.
pub(crate) struct Launch {
    pub cluster: String,
    pub launch_type: LaunchType,
    pub service: Option<u64>,
    /// `service:NAME` or `family:FAMILY`.
    pub group: String,
    /// The deployment id for a service's task; empty or what RunTask was given for a standalone one.
    pub started_by: String,
    /// ECS Exec on: its containers get an exec agent.
    pub enable_execute_command: bool,
}

impl World {
    /// Creates a task in PROVISIONING at `spot`.
    pub(crate) fn launch_task(&mut self, launch: &Launch, td_arn: &str, spot: Spot) -> Option<u64> {
        let td = self.task_definitions.get(td_arn)?.clone();
        let key = self.key();
        let id = ids::hex(&mut self.rng, 32);
        let arn = ids::task_arn(&launch.cluster, &id);
        let (cpu, memory) = placement::needs(&td);
        let private_ip = (td.network_mode == NetworkMode::Awsvpc).then(|| {
            let n = self.ip_counter[spot.az];
            self.ip_counter[spot.az] += 1;
            ids::private_ip(spot.az, n)
        });
        let mut host_port = None;
        let mut ec2_instance_id = None;
        if let Some(arn) = &spot.instance {
            let cluster = self.clusters.get_mut(&launch.cluster)?;
            let instance = cluster.instances.get_mut(arn)?;
            instance.tasks.insert(key);
            ec2_instance_id = Some(instance.ec2_instance_id.clone());
            if td.network_mode == NetworkMode::Bridge {
                let p = instance.next_port;
                instance.next_port = if p >= 60_999 { 32_768 } else { p + 1 };
                host_port = Some(p);
            }
        }
        // The first essential container whose image carries a behaviour decides the task's fate.
        let (culprit, behavior) = td
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.essential)
            .map(|(i, c)| (i, Behavior::from_image(&c.image)))
            .find(|(_, b)| *b != Behavior::Healthy)
            .unwrap_or((0, Behavior::Healthy));
        let containers = td
            .containers
            .iter()
            .map(|c| Container {
                network_bindings: bindings(&td, c, host_port),
                name: c.name.clone(),
                image: c.image.clone(),
                last_status: "PENDING".into(),
                exit_code: None,
                reason: None,
                health_status: HealthStatus::Unknown,
                runtime_id: Some(ids::runtime_id(launch.launch_type, &id, &c.name)),
                exec_agent: launch
                    .enable_execute_command
                    .then(|| crate::model::ExecAgent {
                        status: "PENDING".into(),
                        reason: None,
                    }),
            })
            .collect();
        let task = Task {
            arn: arn.clone(),
            cluster_arn: ids::cluster_arn(&launch.cluster),
            task_definition_arn: td.arn.clone(),
            group: launch.group.clone(),
            started_by: launch.started_by.clone(),
            last_status: TaskStatus::Provisioning,
            desired_status: DesiredStatus::Running,
            health_status: HealthStatus::Unknown,
            availability_zone: ids::AZS[spot.az].to_string(),
            launch_type: launch.launch_type,
            cpu,
            memory,
            container_instance_arn: spot.instance,
            ec2_instance_id,
            private_ip,
            created_at: self.now,
            containers,
            enable_execute_command: launch.enable_execute_command,
            ..Task::default()
        };
        let first = self.rng.i64(6_000..=12_000);
        let next_at = match launch.launch_type {
            LaunchType::Fargate => self.now.plus_millis(first),
            LaunchType::Ec2 => self.now.plus_millis(first / 4),
        };
        let sim = SimTask {
            key,
            task,
            cluster: launch.cluster.clone(),
            service: launch.service,
            behavior,
            culprit,
            az: spot.az,
            host_port,
            next_at: Some(next_at),
            exit_at: None,
            health_at: None,
            elb_fail_at: None,
            healthy_since: None,
            targets: Vec::new(),
            protected_until: None,
        };
        self.tasks.insert(key, sim);
        self.task_index.insert(arn, key);
        if let Some(c) = self.clusters.get_mut(&launch.cluster) {
            c.tasks.insert(key);
        }
        Some(key)
    }
}

/// The host ports container `c` of a task is bound to: in bridge mode its static ones, and `dynamic` (the one
/// port the sandbox picks a task) for its first dynamic one; in host mode its own ports. None in awsvpc mode.
fn bindings(
    td: &TaskDefinition,
    c: &ContainerDefinition,
    dynamic: Option<u16>,
) -> Vec<NetworkBinding> {
    let first_dynamic = td
        .containers
        .iter()
        .flat_map(|c| &c.port_mappings)
        .position(|p| p.host_port == 0);
    let before: usize = td
        .containers
        .iter()
        .take_while(|other| other.name != c.name)
        .map(|other| other.port_mappings.len())
        .sum();
    c.port_mappings
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let host_port = match td.network_mode {
                NetworkMode::Host => p.container_port,
                NetworkMode::Bridge if p.host_port != 0 => p.host_port,
                NetworkMode::Bridge if first_dynamic == Some(before + i) => dynamic?,
                _ => return None,
            };
            Some(NetworkBinding {
                container_port: p.container_port,
                host_port,
            })
        })
        .collect()
}
