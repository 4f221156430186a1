//! A cleanup's step as it is kept on disk: what it does and to what, by name, so that the file reads without
//! wharf's own types and a change to them does not silently change the format.

use serde::{Deserialize, Serialize};

use super::Step;
use crate::app::mutation::{
    DeleteCluster, DeleteListener, DeleteLoadBalancer, DeleteService, DeleteTargetGroup,
    DeleteTaskDefinitions, DeregisterContainerInstance, DeregisterTaskDefinition, Mutation,
    StopTasks,
};

/// A step, by what it does and to what.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum StepData {
    DeleteService {
        cluster_arn: String,
        service_arn: String,
    },
    WaitInactive {
        cluster_arn: String,
        service_arns: Vec<String>,
    },
    StopTasks {
        cluster_arn: String,
        task_arns: Vec<String>,
        reason: String,
    },
    WaitStopped {
        cluster_arn: String,
        task_arns: Vec<String>,
    },
    DeregisterContainerInstance {
        cluster_arn: String,
        instance_arn: String,
    },
    DeleteCluster {
        cluster_arn: String,
    },
    DeleteListener {
        arn: String,
    },
    DeleteLoadBalancer {
        arn: String,
    },
    DeleteTargetGroup {
        arn: String,
    },
    DeregisterTaskDefinition {
        arn: String,
    },
    DeleteTaskDefinitions {
        arns: Vec<String>,
    },
}

impl StepData {
    /// `None` for a change a cleanup never plans.
    pub(super) fn of(step: &Step) -> Option<StepData> {
        Some(match step.clone() {
            Step::WaitInactive {
                cluster_arn,
                service_arns,
            } => StepData::WaitInactive {
                cluster_arn,
                service_arns,
            },
            Step::WaitStopped {
                cluster_arn,
                task_arns,
            } => StepData::WaitStopped {
                cluster_arn,
                task_arns,
            },
            Step::Write(m) => match m {
                Mutation::DeleteService(DeleteService {
                    cluster_arn,
                    service_arn,
                }) => StepData::DeleteService {
                    cluster_arn,
                    service_arn,
                },
                Mutation::StopTasks(s) => StepData::StopTasks {
                    cluster_arn: s.cluster_arn,
                    task_arns: s.task_arns,
                    reason: s.reason,
                },
                Mutation::DeregisterContainerInstance(DeregisterContainerInstance {
                    cluster_arn,
                    instance_arn,
                }) => StepData::DeregisterContainerInstance {
                    cluster_arn,
                    instance_arn,
                },
                Mutation::DeleteCluster(DeleteCluster { cluster_arn }) => {
                    StepData::DeleteCluster { cluster_arn }
                }
                Mutation::DeleteListener(DeleteListener { arn }) => {
                    StepData::DeleteListener { arn }
                }
                Mutation::DeleteLoadBalancer(DeleteLoadBalancer { arn }) => {
                    StepData::DeleteLoadBalancer { arn }
                }
                Mutation::DeleteTargetGroup(DeleteTargetGroup { arn }) => {
                    StepData::DeleteTargetGroup { arn }
                }
                Mutation::DeregisterTaskDefinition(DeregisterTaskDefinition { arn }) => {
                    StepData::DeregisterTaskDefinition { arn }
                }
                Mutation::DeleteTaskDefinitions(DeleteTaskDefinitions { arns }) => {
                    StepData::DeleteTaskDefinitions { arns }
                }
                _ => return None,
            },
        })
    }

    pub(super) fn into_step(self) -> Step {
        let write = |m: Mutation| Step::Write(m);
        match self {
            StepData::WaitInactive {
                cluster_arn,
                service_arns,
            } => Step::WaitInactive {
                cluster_arn,
                service_arns,
            },
            StepData::WaitStopped {
                cluster_arn,
                task_arns,
            } => Step::WaitStopped {
                cluster_arn,
                task_arns,
            },
            StepData::DeleteService {
                cluster_arn,
                service_arn,
            } => write(Mutation::DeleteService(DeleteService {
                cluster_arn,
                service_arn,
            })),
            StepData::StopTasks {
                cluster_arn,
                task_arns,
                reason,
            } => write(Mutation::StopTasks(StopTasks::new(
                cluster_arn,
                task_arns,
                reason,
            ))),
            StepData::DeregisterContainerInstance {
                cluster_arn,
                instance_arn,
            } => write(Mutation::DeregisterContainerInstance(
                DeregisterContainerInstance {
                    cluster_arn,
                    instance_arn,
                },
            )),
            StepData::DeleteCluster { cluster_arn } => {
                write(Mutation::DeleteCluster(DeleteCluster { cluster_arn }))
            }
            StepData::DeleteListener { arn } => {
                write(Mutation::DeleteListener(DeleteListener { arn }))
            }
            StepData::DeleteLoadBalancer { arn } => {
                write(Mutation::DeleteLoadBalancer(DeleteLoadBalancer { arn }))
            }
            StepData::DeleteTargetGroup { arn } => {
                write(Mutation::DeleteTargetGroup(DeleteTargetGroup { arn }))
            }
            StepData::DeregisterTaskDefinition { arn } => write(
                Mutation::DeregisterTaskDefinition(DeregisterTaskDefinition { arn }),
            ),
            StepData::DeleteTaskDefinitions { arns } => {
                write(Mutation::DeleteTaskDefinitions(DeleteTaskDefinitions {
                    arns,
                }))
            }
        }
    }

    /// Every ARN it names.
    pub(super) fn arns(&self) -> Vec<&String> {
        match self {
            StepData::DeleteService {
                cluster_arn,
                service_arn,
            } => vec![cluster_arn, service_arn],
            StepData::WaitInactive {
                cluster_arn,
                service_arns: arns,
            }
            | StepData::StopTasks {
                cluster_arn,
                task_arns: arns,
                ..
            }
            | StepData::WaitStopped {
                cluster_arn,
                task_arns: arns,
            } => std::iter::once(cluster_arn).chain(arns).collect(),
            StepData::DeregisterContainerInstance {
                cluster_arn,
                instance_arn,
            } => vec![cluster_arn, instance_arn],
            StepData::DeleteCluster { cluster_arn: arn }
            | StepData::DeleteListener { arn }
            | StepData::DeleteLoadBalancer { arn }
            | StepData::DeleteTargetGroup { arn }
            | StepData::DeregisterTaskDefinition { arn } => vec![arn],
            StepData::DeleteTaskDefinitions { arns } => arns.iter().collect(),
        }
    }
}
