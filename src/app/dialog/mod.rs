//! The one confirmation dialog: what a change needs typed or chosen (a count, a reason, a revision, an image),
//! and the checks that refuse a bad input with a message that says what to do. The mutation it would make is
//! worked out from the state on every key, so the dialog always shows from -> to as it stands.

use super::cleanup::{Plan, Scope};
use super::mutation::{Danger, DeployTo, Mutation};
use super::{Field, FlashLevel, State};
use crate::model::{arn_name, family_of, family_revision, Service, ServiceStatus};

pub mod checks;
mod hook;
mod rollback;

pub use checks::{check_image, MAX_DESIRED_COUNT, MAX_REASON_CHARS};

/// What the dialog is for, with what it needs to know from when it opened.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    Scale {
        cluster_arn: String,
        service_arn: String,
    },
    /// The selected task, or every marked one (`hidden` of them hidden by the filter).
    StopTasks {
        cluster_arn: String,
        task_arns: Vec<String>,
        hidden: usize,
    },
    /// Choose one of the family's ACTIVE revisions (loaded when the dialog opens).
    DeployRevision {
        cluster_arn: String,
        service_arn: String,
    },
    /// `CONTAINER=IMAGE` in the field.
    DeployImage {
        cluster_arn: String,
        service_arn: String,
    },
    DeployForce {
        cluster_arn: String,
        service_arn: String,
    },
    /// Stop the deployment in progress, or deploy the revision before (loaded when the dialog opens).
    Rollback {
        cluster_arn: String,
        service_arn: String,
    },
    /// Release the pause hook the service's deployment waits on (found when Enter is pressed).
    Hook {
        cluster_arn: String,
        service_arn: String,
        action: crate::model::HookAction,
    },
    /// Drain container instances, or make draining ones ACTIVE again.
    Instances {
        cluster_arn: String,
        instance_arns: Vec<String>,
        to: crate::model::ContainerInstanceStatus,
    },
    /// Force-delete a service or a cluster: the plan from fresh reads, two opt-in groups.
    Cleanup {
        scope: Scope,
        /// The whole plan (every group), made once from fresh reads; `None` while they are read.
        plan: Option<Result<Box<Plan>, String>>,
        load_balancing: bool,
        task_definitions: bool,
    },
}

/// A message in the dialog: why Enter was refused, or a warning the next Enter accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: FlashLevel,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub form: Form,
    /// What is typed: the count, the reason or the image. `None` for forms without one.
    pub field: Option<Field>,
    /// The name typed to confirm a destructive change.
    pub confirm: Option<Field>,
    /// The row chosen in a list (revisions).
    pub selected: usize,
    /// The first step of a cleanup's plan shown, when it does not fit (PageUp/PageDown).
    pub scroll: usize,
    pub notice: Option<Notice>,
    /// The change a warning was shown for: Enter again with the same change confirms it.
    pub warned: Option<Mutation>,
}

impl Form {
    /// The ARNs it is about, for the audit line of a refusal.
    pub fn targets(&self) -> Vec<String> {
        match self {
            Form::StopTasks { task_arns, .. } => task_arns.clone(),
            Form::Instances { instance_arns, .. } => instance_arns.clone(),
            Form::Cleanup { scope, .. } => vec![match scope {
                Scope::Cluster { cluster_arn } => cluster_arn.clone(),
                Scope::Service { service_arn, .. } => service_arn.clone(),
            }],
            Form::Scale { service_arn, .. }
            | Form::DeployRevision { service_arn, .. }
            | Form::DeployImage { service_arn, .. }
            | Form::DeployForce { service_arn, .. }
            | Form::Rollback { service_arn, .. }
            | Form::Hook { service_arn, .. } => vec![service_arn.clone()],
        }
    }
}

impl Dialog {
    pub fn new(form: Form, field: Option<&str>) -> Self {
        Dialog {
            form,
            field: field.map(Field::new),
            confirm: None,
            selected: 0,
            scroll: 0,
            notice: None,
            warned: None,
        }
    }

    /// The field that takes typed characters now, if any.
    pub fn typing(&mut self) -> Option<&mut Field> {
        self.confirm.as_mut().or(self.field.as_mut())
    }

    /// The service this dialog is about, as last read.
    pub fn service<'a>(&self, state: &'a State) -> Option<&'a Service> {
        match &self.form {
            Form::StopTasks { .. } | Form::Cleanup { .. } | Form::Instances { .. } => None,
            Form::Scale {
                cluster_arn,
                service_arn,
            }
            | Form::DeployRevision {
                cluster_arn,
                service_arn,
            }
            | Form::DeployImage {
                cluster_arn,
                service_arn,
            }
            | Form::DeployForce {
                cluster_arn,
                service_arn,
            }
            | Form::Rollback {
                cluster_arn,
                service_arn,
            }
            | Form::Hook {
                cluster_arn,
                service_arn,
                ..
            } => find_service(state, cluster_arn, service_arn),
        }
    }

    /// The revisions a form lists or looks through, newest first: `None` while they load.
    pub fn family<'a>(&self, state: &'a State) -> Option<&'a str> {
        match self.form {
            Form::DeployRevision { .. } | Form::Rollback { .. } => {
                self.service(state).map(|s| family_of(&s.task_definition))
            }
            _ => None,
        }
    }

    /// The change as it stands, or why there is none yet (what to type or choose).
    pub fn mutation(&self, state: &State) -> Result<Mutation, String> {
        if let Form::StopTasks {
            cluster_arn,
            task_arns,
            ..
        } = &self.form
        {
            let reason = self.text().trim().to_string();
            checks::stoppable(state, task_arns)?;
            if reason.chars().count() > MAX_REASON_CHARS {
                return Err(format!(
                    "the reason is {} characters; ECS keeps at most {MAX_REASON_CHARS}: shorten it",
                    reason.chars().count()
                ));
            }
            return Ok(Mutation::StopTasks {
                cluster_arn: cluster_arn.clone(),
                task_arns: task_arns.clone(),
                reason,
            });
        }
        if let Form::Instances {
            cluster_arn,
            instance_arns,
            to,
        } = &self.form
        {
            return Ok(Mutation::SetInstancesState {
                cluster_arn: cluster_arn.clone(),
                instance_arns: instance_arns.clone(),
                to: *to,
            });
        }
        if let Form::Cleanup {
            scope,
            plan,
            load_balancing,
            task_definitions,
        } = &self.form
        {
            let full = match plan {
                None => {
                    return Err(format!(
                        "reading what cleaning up {} would touch…",
                        scope.name()
                    ))
                }
                Some(Err(e)) => {
                    return Err(format!("could not read what the cleanup would touch: {e}"))
                }
                Some(Ok(full)) => full,
            };
            let plan = full.chosen(*load_balancing, *task_definitions);
            if plan.steps.is_empty() {
                return Err(format!("nothing left to clean up in {}", scope.name()));
            }
            return Ok(Mutation::Cleanup(Box::new(plan)));
        }
        let service = self
            .service(state)
            .ok_or("the service is no longer listed: r refreshes, Esc closes")?;
        if service.status != ServiceStatus::Active {
            return Err(format!(
                "{} is {}: it is being deleted, so it cannot be changed",
                service.name,
                service.status.as_str()
            ));
        }
        let (cluster_arn, service_arn) = (service.cluster_arn.clone(), service.arn.clone());
        let from = service.task_definition.clone();
        match &self.form {
            Form::StopTasks { .. } | Form::Cleanup { .. } | Form::Instances { .. } => {
                unreachable!("handled above")
            }
            Form::Scale { .. } => {
                let to = checks::desired_count(self.text(), service)?;
                Ok(Mutation::Scale {
                    cluster_arn,
                    service_arn,
                    from: service.desired_count,
                    to,
                })
            }
            Form::DeployRevision { .. } => {
                let revisions = self.revisions(state)?;
                let chosen = revisions
                    .get(self.selected)
                    .ok_or("no ACTIVE revision to choose")?;
                if *chosen == from {
                    return Err(format!(
                        "{} is the revision running now: choose another (j/k)",
                        family_revision(&from)
                    ));
                }
                Ok(Mutation::Deploy {
                    cluster_arn,
                    service_arn,
                    from,
                    to: DeployTo::Revision(chosen.clone()),
                })
            }
            Form::DeployImage { .. } => {
                let containers =
                    containers(state, &from).ok_or("reading the task definition's containers…")?;
                let (container, image) = checks::container_image(self.text(), &containers)?;
                let previous = containers
                    .iter()
                    .find(|(n, _)| *n == container)
                    .map(|(_, i)| i.clone())
                    .unwrap_or_default();
                if previous == image {
                    return Err(format!(
                        "{container} already runs {image}: type another image"
                    ));
                }
                Ok(Mutation::Deploy {
                    cluster_arn,
                    service_arn,
                    from,
                    to: DeployTo::Image {
                        container,
                        image,
                        previous,
                    },
                })
            }
            Form::DeployForce { .. } => Ok(Mutation::Deploy {
                cluster_arn,
                service_arn,
                from,
                to: DeployTo::Force,
            }),
            Form::Hook { action, .. } => hook::release(state, service, *action),
            Form::Rollback { .. } => {
                let how = self.rollback_how(state, service)?;
                Ok(Mutation::Rollback {
                    cluster_arn,
                    service_arn,
                    from,
                    how,
                })
            }
        }
    }

    /// The family's ACTIVE revisions, newest first.
    pub fn revisions<'a>(&self, state: &'a State) -> Result<&'a [String], String> {
        let family = self.family(state).ok_or("the service is not loaded yet")?;
        let loadable = state
            .session
            .cache
            .revisions
            .get(family)
            .ok_or_else(|| format!("reading the revisions of {family}…"))?;
        match (&loadable.data, &loadable.status.error) {
            (Some(rows), _) => Ok(rows),
            (None, Some(e)) => Err(format!("could not list the revisions of {family}: {e}")),
            (None, None) => Err(format!("reading the revisions of {family}…")),
        }
    }

    /// What the field holds (empty without one).
    pub fn text(&self) -> &str {
        self.field.as_ref().map_or("", Field::text)
    }

    /// A warning worth a second Enter, for a change that is valid but may be a slip.
    pub fn warning(mutation: &Mutation) -> Option<String> {
        match mutation {
            Mutation::Scale {
                service_arn,
                from,
                to,
                ..
            } => {
                let name = arn_name(service_arn);
                if *to == 0 {
                    Some(format!(
                        "0 stops every task of {name}: it will serve nothing"
                    ))
                } else if *from > 0 && *to > from * 2 {
                    Some(format!("{to} is more than twice the {from} wanted now"))
                } else if *from > 0 && to * 2 < *from {
                    Some(format!("{to} is less than half the {from} wanted now"))
                } else {
                    None
                }
            }
            // A typo in the repository would deploy someone else's image, or one that does not exist.
            Mutation::Deploy {
                to: DeployTo::Image {
                    image, previous, ..
                },
                ..
            } if repository(image) != repository(previous) => Some(format!(
                "the repository changes from {} to {}",
                repository(previous),
                repository(image)
            )),
            _ => None,
        }
    }

    /// The name that must be typed to confirm, for a destructive change.
    pub fn confirm_name(mutation: &Mutation) -> Option<String> {
        match mutation.danger() {
            Danger::Plain => None,
            Danger::Destructive { confirm_name } => Some(confirm_name),
        }
    }
}

/// An image reference without its tag or digest: `registry:5000/team/app:1.2` -> `registry:5000/team/app`.
fn repository(image: &str) -> &str {
    let name = image.split('@').next().unwrap_or(image);
    match name.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => repo,
        _ => name,
    }
}

/// A service as last read.
pub fn find_service<'a>(
    state: &'a State,
    cluster_arn: &str,
    service_arn: &str,
) -> Option<&'a Service> {
    state.service(cluster_arn, service_arn)
}

/// A task definition's containers (name, image), once it is described.
pub fn containers(state: &State, task_definition: &str) -> Option<Vec<(String, String)>> {
    let td = state
        .session
        .cache
        .task_definitions
        .get(task_definition)?
        .data
        .as_ref()?;
    Some(
        td.containers
            .iter()
            .map(|c| (c.name.clone(), c.image.clone()))
            .collect(),
    )
}
