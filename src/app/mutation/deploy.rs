//! Deploy a service: another revision (chosen from the family's), one container's new image (a new revision
//! registered first), or the same revision again with every task replaced.

use futures::future::BoxFuture;

use super::common::{
    active_service, containers, revisions, service_and_revisions, service_in_sight,
};
use super::{Change, Delta, Description, Input, Mutation, MutationKind, Note, Section};
use crate::app::dialog::checks;
use crate::app::{Resource, State};
use crate::backend::{Backend, Result, ServiceUpdate};
use crate::model::{arn_name, family_of, family_revision, TaskDefinition, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Deploy {
    pub cluster_arn: String,
    pub service_arn: String,
    /// The task definition ARN running now.
    pub from: String,
    pub to: DeployTo,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DeployTo {
    /// Another revision, by ARN.
    Revision(String),
    /// A new revision copied from `from` with this container's image changed (RegisterTaskDefinition first).
    Image {
        container: String,
        image: String,
        /// The container's image now.
        previous: String,
    },
    /// forceNewDeployment: every task replaced, same revision.
    Force,
}

impl Deploy {
    /// The dialog for the service in sight: `to` says which of the three (its values are filled in the dialog).
    pub fn draft(state: &State, to: DeployTo) -> std::result::Result<Mutation, String> {
        let (cluster_arn, service_arn) = service_in_sight(state, MutationKind::Deploy.activity())?;
        Ok(Deploy {
            cluster_arn,
            service_arn,
            from: String::new(),
            to,
        }
        .into())
    }

    pub fn image() -> DeployTo {
        DeployTo::Image {
            container: String::new(),
            image: String::new(),
            previous: String::new(),
        }
    }

    /// The task definition the service runs now, as last read.
    fn running(&self, state: &State) -> Option<String> {
        state
            .service(&self.cluster_arn, &self.service_arn)
            .map(|s| s.task_definition.clone())
    }
}

impl Change for Deploy {
    fn cluster_arn(&self) -> Option<&str> {
        Some(&self.cluster_arn)
    }

    fn service_arn(&self) -> Option<&str> {
        Some(&self.service_arn)
    }

    fn describe(&self) -> Description {
        let name = arn_name(&self.service_arn);
        let from = &self.from;
        let strategy = "a new deployment, rolled out by the service's deployment strategy";
        let (title, changes, how) = match &self.to {
            DeployTo::Revision(arn) => (
                format!("Deploy {} to service {name}", family_revision(arn)),
                vec![Delta::new(
                    "task definition",
                    family_revision(from),
                    family_revision(arn),
                )],
                format!("UpdateService: {strategy}"),
            ),
            DeployTo::Image {
                container,
                image,
                previous,
            } => (
                format!("Change the image of {container} in service {name}"),
                vec![
                    Delta::new(&format!("image of {container}"), previous.clone(), image.clone()),
                    Delta::new("task definition", family_revision(from), "a new revision"),
                ],
                format!(
                    "RegisterTaskDefinition (a copy with only this image changed), then UpdateService: {strategy}"
                ),
            ),
            DeployTo::Force => (
                format!("Force a new deployment of service {name}"),
                vec![Delta::new(
                    "tasks",
                    family_revision(from),
                    format!("{} (every task replaced)", family_revision(from)),
                )],
                "UpdateService with forceNewDeployment".to_string(),
            ),
        };
        Description {
            title,
            changes,
            targets: vec![self.service_arn.clone()],
            how,
        }
    }

    // A typo in the repository would deploy someone else's image, or one that does not exist.
    fn warning(&self) -> Option<String> {
        let DeployTo::Image {
            image, previous, ..
        } = &self.to
        else {
            return None;
        };
        (repository(image) != repository(previous)).then(|| {
            format!(
                "the repository changes from {} to {}",
                repository(previous),
                repository(image)
            )
        })
    }

    fn checkable(&self) -> bool {
        true
    }

    fn applied(
        &self,
        state: &State,
        primary_before: Option<&str>,
        since: Timestamp,
    ) -> Option<bool> {
        let s = super::settle::fresh_service(state, &self.cluster_arn, &self.service_arn, since)?;
        Some(match &self.to {
            DeployTo::Revision(arn) => s.task_definition == *arn,
            DeployTo::Image { .. } => {
                s.task_definition != self.from
                    && family_of(&s.task_definition) == family_of(&self.from)
            }
            // Another primary deployment than the one when the request left.
            DeployTo::Force => s
                .primary_deployment()
                .is_some_and(|d| Some(d.id.as_str()) != primary_before),
        })
    }

    fn label(&self) -> Option<&'static str> {
        matches!(self.to, DeployTo::Image { .. }).then_some("CONTAINER=IMAGE")
    }

    /// The image dialog starts from the running revision's first container and its image, to edit.
    fn initial_text(&self, state: &State, typed: Option<&str>) -> String {
        if let Some(typed) = typed {
            return typed.to_string();
        }
        let first = self
            .running(state)
            .and_then(|td| containers(state, &td))
            .and_then(|c| c.into_iter().next());
        match (&self.to, first) {
            (DeployTo::Image { .. }, Some((name, image))) => format!("{name}={image}"),
            _ => String::new(),
        }
    }

    fn opening_reads(&self, state: &State) -> Vec<Resource> {
        match &self.to {
            DeployTo::Revision(_) => {
                service_and_revisions(state, &self.cluster_arn, &self.service_arn)
            }
            DeployTo::Image { .. } => {
                let mut reads = vec![Resource::Service {
                    cluster_arn: self.cluster_arn.clone(),
                    service_arn: self.service_arn.clone(),
                }];
                if let Some(td) = self.running(state) {
                    if containers(state, &td).is_none() {
                        reads.push(Resource::TaskDefinition { arn: td });
                    }
                }
                reads
            }
            DeployTo::Force => vec![Resource::Service {
                cluster_arn: self.cluster_arn.clone(),
                service_arn: self.service_arn.clone(),
            }],
        }
    }

    fn section(&self) -> Section {
        match self.to {
            DeployTo::Revision(_) => Section::Revisions,
            _ => Section::None,
        }
    }

    fn choices(&self, state: &State) -> usize {
        match self.to {
            DeployTo::Revision(_) => {
                revisions(state, &self.cluster_arn, &self.service_arn).map_or(0, <[String]>::len)
            }
            _ => 0,
        }
    }

    fn complete(&self, state: &State, input: &Input) -> std::result::Result<Mutation, String> {
        let service = active_service(state, &self.cluster_arn, &self.service_arn)?;
        let from = service.task_definition.clone();
        let to = match &self.to {
            DeployTo::Revision(_) => {
                let revisions = revisions(state, &self.cluster_arn, &self.service_arn)?;
                let chosen = revisions
                    .get(input.selected)
                    .ok_or("no ACTIVE revision to choose")?;
                if *chosen == from {
                    return Err(format!(
                        "{} is the revision running now: choose another (j/k)",
                        family_revision(&from)
                    ));
                }
                DeployTo::Revision(chosen.clone())
            }
            DeployTo::Image { .. } => {
                let containers =
                    containers(state, &from).ok_or("reading the task definition's containers…")?;
                let (container, image) = checks::container_image(input.text, &containers)?;
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
                DeployTo::Image {
                    container,
                    image,
                    previous,
                }
            }
            DeployTo::Force => DeployTo::Force,
        };
        Ok(Deploy {
            from,
            to,
            ..self.clone()
        }
        .into())
    }

    fn draft_title(&self, _: &State) -> String {
        let name = arn_name(&self.service_arn);
        match self.to {
            DeployTo::Revision(_) => format!("Deploy a revision to service {name}"),
            DeployTo::Image { .. } => format!("Change an image of service {name}"),
            DeployTo::Force => format!("Force a new deployment of service {name}"),
        }
    }

    fn context(&self, state: &State) -> Vec<Note> {
        let Some(s) = state.service(&self.cluster_arn, &self.service_arn) else {
            return Vec::new();
        };
        let td = &s.task_definition;
        match self.to {
            DeployTo::Revision(_) => Vec::new(),
            DeployTo::Image { .. } => {
                let mut notes = vec![Note::text(format!("running {}", family_revision(td)))];
                for (name, image) in containers(state, td).unwrap_or_default() {
                    notes.push(Note::aside(format!("  {name} = {image}")));
                }
                if state.session.info.simulated {
                    notes.push(
                        Note::aside(
                            "In the sandbox a tag ending in broken, crash, oom or missing misbehaves on purpose.",
                        )
                        .wrapped(),
                    );
                }
                notes
            }
            DeployTo::Force => vec![super::rollback::running_note(s)],
        }
    }

    fn carry_out<'a>(&'a self, backend: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let task_definition = match &self.to {
                DeployTo::Revision(arn) => arn.clone(),
                DeployTo::Force => self.from.clone(),
                DeployTo::Image {
                    container, image, ..
                } => {
                    new_revision(backend, &self.from, container, image)
                        .await?
                        .arn
                }
            };
            let force = matches!(self.to, DeployTo::Force);
            let update = ServiceUpdate {
                task_definition: (!force).then(|| task_definition.clone()),
                force_new_deployment: force,
                ..Default::default()
            };
            let s = backend
                .update_service(&self.cluster_arn, &self.service_arn, &update)
                .await?;
            Ok(format!(
                "{} is deploying {}",
                s.name,
                family_revision(&s.task_definition)
            ))
        })
    }
}

/// RegisterTaskDefinition is not idempotent: when the family's newest revision already is `base` with this
/// image in every field RegisterTaskDefinition takes (a register whose answer was lost, say), it is used
/// instead of registering another. Only the backend knows every field, so it decides; when it cannot tell
/// (a read failed), a new revision is registered: an extra revision is harmless, one nobody confirmed is not.
async fn new_revision(
    backend: &dyn Backend,
    base: &str,
    container: &str,
    image: &str,
) -> Result<TaskDefinition> {
    let images = [(container.to_string(), image.to_string())];
    if let Ok(Some(copy)) = backend.registered_copy(base, &images).await {
        return Ok(copy);
    }
    backend.register_task_definition(base, &images).await
}

/// An image reference without its tag or digest: `registry:5000/team/app:1.2` -> `registry:5000/team/app`.
fn repository(image: &str) -> &str {
    let name = image.split('@').next().unwrap_or(image);
    match name.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => repo,
        _ => name,
    }
}
