//! `:instances`: an EC2 cluster's container instances, with what each has left to give.

use super::instance_tasks::InstanceTasks;
use super::read::{container_instances, got, Got, Read};
use super::row::{fit, fixed, number, Cell, Tone, ViewColumn, ViewRow};
use super::{Empty, Listing, Open, Table, View, ViewSpec};
use crate::app::table::{col, SortColumn};
use crate::app::{Resource, State};
use crate::model::{arn_name, ContainerInstance};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instances {
    pub cluster_arn: String,
}

const COLUMNS: &[ViewColumn] = &[
    fit("INSTANCE", 36),
    fit("TYPE", 12).optional(),
    fixed("AZ", 11).optional(),
    fixed("STATUS", 12),
    fixed("AGENT", 20).optional(),
    fixed("CPU", 17),
    fixed("MEMORY", 17),
    number("TASKS", 5),
];

const SORT: &[SortColumn] = &[
    col("INSTANCE", false),
    col("TYPE", false),
    col("AZ", false),
    col("STATUS", false),
    col("CPU", true),
    col("MEMORY", true),
    col("TASKS", true),
];

const TABLE: Table = Table {
    columns: COLUMNS,
    sort: SORT,
};

impl Instances {
    fn read(&self) -> Read {
        Read::ContainerInstances {
            cluster_arn: self.cluster_arn.clone(),
        }
    }
}

impl ViewSpec for Instances {
    fn title(&self) -> String {
        format!("Container instances of {}", arn_name(&self.cluster_arn))
    }

    fn crumb(&self) -> String {
        format!("{} instances", arn_name(&self.cluster_arn))
    }

    fn table(&self) -> &'static Table {
        &TABLE
    }

    fn source(&self) -> Resource {
        Resource::Explore(self.read())
    }

    fn rows(&self, state: &State) -> Listing {
        Listing::of(got(state, &self.read(), container_instances), |instances| {
            Listing::Rows(instances.iter().map(row).collect())
        })
    }

    fn empty(&self, state: &State) -> Empty {
        let fargate = state.cluster(&self.cluster_arn).is_some_and(|c| {
            c.capacity_providers
                .iter()
                .any(|p| p.starts_with("FARGATE"))
        });
        Empty {
            headline: format!("No container instances in {}.", arn_name(&self.cluster_arn)),
            meaning: if fargate {
                "Its tasks run on Fargate, which has no instances to show: AWS runs them.".into()
            } else {
                "No EC2 instance has joined this cluster. An instance joins when its ECS agent starts \
                 with ECS_CLUSTER set to the cluster's name."
                    .into()
            },
        }
    }

    fn enter(&self, state: &State, key: &str) -> Option<Open> {
        let Got::Data(instances) = got(state, &self.read(), container_instances) else {
            return None;
        };
        let instance = instances.iter().find(|i| i.arn == key)?;
        Some(
            View::InstanceTasks(InstanceTasks {
                cluster_arn: self.cluster_arn.clone(),
                instance_arn: instance.arn.clone(),
                instance_id: name(instance),
            })
            .open(),
        )
    }

    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }
}

/// The EC2 instance id, or the container instance's id where there is none.
fn name(i: &ContainerInstance) -> String {
    if i.ec2_instance_id.is_empty() {
        arn_name(&i.arn).to_string()
    } else {
        i.ec2_instance_id.clone()
    }
}

fn row(i: &ContainerInstance) -> ViewRow {
    let status_tone = match i.status.as_str() {
        "ACTIVE" => Tone::Good,
        "DRAINING" | "REGISTERING" | "DEREGISTERING" => Tone::Busy,
        _ => Tone::Warn,
    };
    // ECS Managed Instances report no agent version: AWS runs their agent.
    let version = i
        .agent_version
        .as_deref()
        .map_or(String::new(), |v| format!(" {v}"));
    let agent = if i.agent_connected {
        Cell::toned(format!("connected{version}"), Tone::Good)
    } else {
        Cell::toned(format!("disconnected{version}"), Tone::Bad)
    };
    ViewRow::new(
        i.arn.clone(),
        vec![
            Cell::text(name(i)),
            Cell::text(i.instance_type.clone().unwrap_or_default()),
            Cell::text(i.availability_zone.clone()),
            Cell::toned(i.status.clone(), status_tone),
            agent,
            Cell::Bar {
                used: u64::from(i.registered_cpu.saturating_sub(i.remaining_cpu)),
                total: u64::from(i.registered_cpu),
            },
            Cell::Bar {
                used: u64::from(i.registered_memory.saturating_sub(i.remaining_memory)),
                total: u64::from(i.registered_memory),
            },
            Cell::count(i.running_tasks),
        ],
    )
}

/// The instance an EC2 task runs on, as the user knows it: its EC2 id once the cluster's instances are read,
/// the container instance's id until then. `None` for a Fargate task.
pub fn instance_of(state: &State, task: &crate::model::Task) -> Option<String> {
    let arn = task.container_instance_arn.as_deref()?;
    // Its own read, or the cluster's instances if they were read (the instances view).
    let reads = [
        Read::ContainerInstance {
            cluster_arn: task.cluster_arn.clone(),
            arn: arn.to_string(),
        },
        Read::ContainerInstances {
            cluster_arn: task.cluster_arn.clone(),
        },
    ];
    let known = reads
        .iter()
        .find_map(|read| match got(state, read, container_instances) {
            Got::Data(instances) => instances.iter().find(|i| i.arn == arn),
            _ => None,
        });
    Some(match (known, &task.ec2_instance_id) {
        (Some(i), _) => match &i.instance_type {
            Some(kind) => format!("{} ({kind})", name(i)),
            None => name(i),
        },
        (None, Some(ec2)) => ec2.clone(),
        (None, None) => arn_name(arn).to_string(),
    })
}
