//! What a cleanup deletes, one call each: a service (force), a container instance, the cluster, and the
//! regional load balancing and task definitions it opted into. None has a dialog of its own: the cleanup's
//! dialog confirms them all, by name.

use futures::future::BoxFuture;

use super::common::{plural, service_reads};
use super::settle::{fresh_service, gone_since};
use super::{Change, Danger, Delta, Description, Input, Mutation};
use crate::app::{Resource, State};
use crate::backend::{Backend, BackendError, Result};
use crate::model::{arn_name, elb_name, family_revision, ServiceStatus, Timestamp};

/// Never in a dialog of its own: complete as it is.
macro_rules! complete_as_is {
    () => {
        fn complete(&self, _: &State, _: &Input) -> std::result::Result<Mutation, String> {
            Ok(self.clone().into())
        }
    };
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeleteService {
    pub cluster_arn: String,
    pub service_arn: String,
}

impl Change for DeleteService {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        Some(&self.service_arn)
    }

    fn describe(&self) -> Description {
        Description::deleted(
            format!("Delete service {} (force)", arn_name(&self.service_arn)),
            &self.service_arn,
            "DeleteService with force: it drains, then turns INACTIVE",
        )
    }

    fn danger(&self) -> Danger {
        Danger::named(&self.service_arn)
    }

    /// The service, its tasks and history, and the list it leaves.
    fn invalidates(&self, _: &State) -> Vec<Resource> {
        let mut reads = service_reads(Some(&self.cluster_arn), Some(&self.service_arn));
        reads.push(Resource::ServiceList {
            cluster_arn: self.cluster_arn.clone(),
        });
        reads
    }

    fn checkable(&self) -> bool {
        true
    }

    fn applied(&self, state: &State, _: Option<&str>, since: Timestamp) -> Option<bool> {
        let (cluster_arn, service_arn) = (&self.cluster_arn, &self.service_arn);
        fresh_service(state, cluster_arn, service_arn, since)
            .map(|s| s.status != ServiceStatus::Active)
            .or_else(|| gone_since(state, cluster_arn, service_arn, since).then_some(true))
    }

    fn step(&self) -> String {
        format!("delete service {} (force)", arn_name(&self.service_arn))
    }

    complete_as_is!();

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let s = backend
                .delete_service(&self.cluster_arn, &self.service_arn, true)
                .await?;
            Ok(format!("{} is {}", s.name, s.status.as_str()))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeregisterContainerInstance {
    pub cluster_arn: String,
    pub instance_arn: String,
}

impl Change for DeregisterContainerInstance {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn describe(&self) -> Description {
        Description::deleted(
            format!(
                "Deregister container instance {}",
                arn_name(&self.instance_arn)
            ),
            &self.instance_arn,
            "DeregisterContainerInstance with force",
        )
    }

    fn danger(&self) -> Danger {
        Danger::named(&self.instance_arn)
    }

    fn invalidates(&self, _: &State) -> Vec<Resource> {
        vec![Resource::Clusters]
    }

    fn step(&self) -> String {
        format!(
            "deregister container instance {}",
            arn_name(&self.instance_arn)
        )
    }

    complete_as_is!();

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let ci = backend
                .deregister_container_instance(&self.cluster_arn, &self.instance_arn, true)
                .await?;
            Ok(format!("{} deregistered", ci.ec2_instance_id))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeleteCluster {
    pub cluster_arn: String,
}

impl Change for DeleteCluster {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn describe(&self) -> Description {
        Description::deleted(
            format!("Delete cluster {}", arn_name(&self.cluster_arn)),
            &self.cluster_arn,
            "DeleteCluster",
        )
    }

    fn danger(&self) -> Danger {
        Danger::named(&self.cluster_arn)
    }

    fn invalidates(&self, _: &State) -> Vec<Resource> {
        vec![Resource::Clusters]
    }

    fn step(&self) -> String {
        format!("delete cluster {}", arn_name(&self.cluster_arn))
    }

    complete_as_is!();

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let c = backend.delete_cluster(&self.cluster_arn).await?;
            Ok(format!("cluster {} is {}", c.name, c.status))
        })
    }
}

/// A regional resource deleted by one call that answers nothing worth saying: its struct (one `arn`), its
/// title, how it is done, its step, the call and what to say when it is done.
macro_rules! regional_delete {
    ($name:ident, $title:literal, $how:literal, $step:expr, $call:ident, $done:literal) => {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name {
            pub arn: String,
        }

        impl Change for $name {
            fn cluster_arn(&self) -> Option<&str> {
                None
            }

            fn describe(&self) -> Description {
                Description::deleted($title.into(), &self.arn, $how)
            }

            fn danger(&self) -> Danger {
                Danger::named(&self.arn)
            }

            fn step(&self) -> String {
                let step: fn(&str) -> String = $step;
                step(&self.arn)
            }

            complete_as_is!();

            fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
                Box::pin(async move {
                    backend.$call(&self.arn).await?;
                    Ok($done.into())
                })
            }
        }
    };
}

regional_delete!(
    DeleteListener,
    "Delete a listener",
    "DeleteListener (its rules go too)",
    |arn| format!("delete listener {}", listener_name(arn)),
    delete_listener,
    "listener deleted"
);
regional_delete!(
    DeleteLoadBalancer,
    "Delete a load balancer",
    "DeleteLoadBalancer",
    |arn| format!("delete load balancer {}", elb_name(arn)),
    delete_load_balancer,
    "load balancer deleted"
);
regional_delete!(
    DeleteTargetGroup,
    "Delete a target group",
    "DeleteTargetGroup",
    |arn| format!("delete target group {}", elb_name(arn)),
    delete_target_group,
    "target group deleted"
);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeregisterTaskDefinition {
    pub arn: String,
}

impl Change for DeregisterTaskDefinition {
    fn cluster_arn(&self) -> Option<&str> {
        None
    }

    fn describe(&self) -> Description {
        Description {
            title: format!("Deregister {}", family_revision(&self.arn)),
            changes: vec![Delta::new("status", "ACTIVE", "INACTIVE")],
            targets: vec![self.arn.clone()],
            how: "DeregisterTaskDefinition (running tasks keep it)".into(),
        }
    }

    fn danger(&self) -> Danger {
        Danger::named(&self.arn)
    }

    fn step(&self) -> String {
        format!("deregister {}", family_revision(&self.arn))
    }

    complete_as_is!();

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let td = backend.deregister_task_definition(&self.arn).await?;
            Ok(format!("{} is {}", td.family_revision(), td.status))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeleteTaskDefinitions {
    /// At most 10 revisions (one call).
    pub arns: Vec<String>,
}

impl Change for DeleteTaskDefinitions {
    fn cluster_arn(&self) -> Option<&str> {
        None
    }

    fn describe(&self) -> Description {
        Description {
            title: format!("Delete {} task definition revisions", self.arns.len()),
            changes: vec![Delta::new("status", "INACTIVE", "DELETE_IN_PROGRESS")],
            targets: self.arns.clone(),
            how: "DeleteTaskDefinitions".into(),
        }
    }

    fn danger(&self) -> Danger {
        Danger::named(self.arns.first().map_or("", String::as_str))
    }

    fn step(&self) -> String {
        let shown: Vec<&str> = self.arns.iter().map(|a| family_revision(a)).collect();
        format!(
            "delete {} revision{}: {}",
            self.arns.len(),
            plural(self.arns.len()),
            shown.join(", ")
        )
    }

    complete_as_is!();

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let arns = &self.arns;
            let out = backend.delete_task_definitions(arns).await?;
            // Deleted before (a cleanup resumed after a lost answer): nothing left to do for those.
            let (gone, failures): (Vec<_>, Vec<_>) = out
                .failures
                .iter()
                .partition(|f| f.reason.contains("does not exist"));
            match failures.first() {
                None if gone.is_empty() => Ok(format!("{} revisions deleted", out.items.len())),
                None => Ok(format!(
                    "{} revisions deleted, {} already gone",
                    out.items.len(),
                    gone.len()
                )),
                Some(f) => Err(BackendError::Api {
                    code: "DeleteTaskDefinitionsFailure".into(),
                    message: format!(
                        "{} of {} revisions were not deleted; {}: {}",
                        failures.len(),
                        arns.len(),
                        family_revision(&f.arn),
                        f.reason
                    ),
                }),
            }
        })
    }
}

/// `…:listener/app/web-alb/50dc…/f2f7…` -> `web-alb:f2f7…` (the load balancer and the listener's id).
fn listener_name(arn: &str) -> String {
    let parts: Vec<&str> = arn.rsplit('/').take(3).collect();
    match parts.as_slice() {
        [id, _, lb] => format!("{lb}:{}", id.chars().take(8).collect::<String>()),
        _ => arn.to_string(),
    }
}
