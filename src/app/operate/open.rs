//! Opening a change's dialog from a key or a command, for what is on screen.

use super::gate::refuse_read_only;
use crate::app::cleanup::Scope;
use crate::app::dialog::{self, Dialog, Form};
use crate::app::mutation::MutationKind;
use crate::app::user::{self, Outcome};
use crate::app::{Effect, Flash, FlashLevel, Overlay, Resource, Screen, State};

/// How many of a family's newest ACTIVE revisions the deploy and rollback dialogs read.
pub const REVISIONS_SHOWN: usize = 25;

/// A key or command asks for a change of this kind: open its dialog for what is on screen, or say why not.
/// `prefill` is what a command typed (`:scale 6`).
pub fn open(
    state: &mut State,
    kind: MutationKind,
    form: Option<Form>,
    prefill: Option<&str>,
) -> Outcome {
    if state.read_only {
        let targets = form.as_ref().map(Form::targets).unwrap_or_default();
        return refuse_read_only(state, kind, targets);
    }
    let Some(form) = form else {
        let what = match kind {
            MutationKind::StopTasks => "a task: select one in a service's or a cluster's tasks",
            MutationKind::SetInstancesState => "a container instance: select one in :instances",
            _ => "a service: select one in a cluster's services, or open it",
        };
        state.flash = Some(Flash::new(
            FlashLevel::Info,
            format!("{} works on {what}", capitalised(kind.activity())),
        ));
        return Outcome::default();
    };
    // A task already stopped is said at once, not after the dialog.
    if let Form::StopTasks { task_arns, .. } = &form {
        if let Err(why) = dialog::checks::stoppable(state, task_arns) {
            state.flash = Some(Flash::new(FlashLevel::Info, why));
            return Outcome::default();
        }
    }
    let mut effects = Vec::new();
    // A service's dialog works from a fresh read of it: a list row may be up to a refresh old.
    if let (Some(service_arn), cluster_arn) = (form_service_arn(&form), form_cluster(&form)) {
        let read = Resource::Service {
            cluster_arn: cluster_arn.to_string(),
            service_arn: service_arn.to_string(),
        };
        effects.extend(crate::app::polling::request(state, read));
        // Releasing a pause hook acts on the deployment the history names: read it afresh too.
        if let Form::Hook { .. } = form {
            let history = Resource::Deployments(crate::app::ServiceKey {
                cluster_arn: cluster_arn.to_string(),
                service_name: crate::model::arn_name(service_arn).to_string(),
            });
            effects.extend(crate::app::polling::request(state, history));
        }
    }
    let field = match &form {
        // Empty: the dialog shows the desired count now beside it, and a count is typed, not edited.
        Form::Scale { .. } => Some(prefill.unwrap_or_default().to_string()),
        Form::StopTasks { .. } => Some(prefill.unwrap_or_default().to_string()),
        Form::DeployImage { .. } => {
            let service = dialog::find_service(state, form_cluster(&form), form_service(&form));
            let td = service
                .map(|s| s.task_definition.clone())
                .unwrap_or_default();
            if !td.is_empty() && dialog::containers(state, &td).is_none() {
                let read = Resource::TaskDefinition { arn: td.clone() };
                effects.extend(crate::app::polling::request(state, read));
            }
            let first = dialog::containers(state, &td)
                .and_then(|c| c.into_iter().next())
                .map(|(name, image)| format!("{name}={image}"));
            Some(prefill.map(str::to_string).or(first).unwrap_or_default())
        }
        Form::DeployRevision { .. }
        | Form::DeployForce { .. }
        | Form::Rollback { .. }
        | Form::Hook { .. }
        | Form::Instances { .. } => None,
        Form::Cleanup { scope, .. } => {
            effects.push(Effect::PlanCleanup {
                scope: scope.clone(),
            });
            None
        }
    };
    // The row the change is about stays under the cursor afterwards, even if the rows move (a sort by what
    // the change alters): a second key press must not act on another row.
    if let Some(cursor) = state.screen_mut().cursor_mut() {
        cursor.moved = true;
    }
    let dialog = Dialog::new(form, field.as_deref());
    if let Some(family) = dialog.family(state) {
        let read = Resource::Revisions {
            family: family.to_string(),
        };
        effects.extend(crate::app::polling::request(state, read));
    }
    state.overlay = Overlay::Dialog(Box::new(dialog));
    Outcome {
        effects,
        refresh: false,
    }
}

fn form_cluster(form: &Form) -> &str {
    match form {
        Form::Cleanup { scope, .. } => scope.cluster_arn(),
        Form::Scale { cluster_arn, .. }
        | Form::StopTasks { cluster_arn, .. }
        | Form::DeployRevision { cluster_arn, .. }
        | Form::DeployImage { cluster_arn, .. }
        | Form::DeployForce { cluster_arn, .. }
        | Form::Rollback { cluster_arn, .. }
        | Form::Hook { cluster_arn, .. }
        | Form::Instances { cluster_arn, .. } => cluster_arn,
    }
}

fn form_service_arn(form: &Form) -> Option<&str> {
    Some(form_service(form)).filter(|s| !s.is_empty())
}

fn form_service(form: &Form) -> &str {
    match form {
        Form::StopTasks { .. } | Form::Cleanup { .. } | Form::Instances { .. } => "",
        Form::Scale { service_arn, .. }
        | Form::DeployRevision { service_arn, .. }
        | Form::DeployImage { service_arn, .. }
        | Form::DeployForce { service_arn, .. }
        | Form::Rollback { service_arn, .. }
        | Form::Hook { service_arn, .. } => service_arn,
    }
}

pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The service a service action means: the one on screen, or the one under the cursor in a services list.
pub fn service_form(state: &State, make: fn(String, String) -> Form) -> Option<Form> {
    match state.screen() {
        Screen::Service {
            cluster_arn,
            service_arn,
            ..
        } => Some(make(cluster_arn.clone(), service_arn.clone())),
        Screen::Services {
            cluster_arn,
            cursor,
        } => cursor
            .selected_key
            .clone()
            .map(|service_arn| make(cluster_arn.clone(), service_arn)),
        _ => None,
    }
}

/// The tasks a stop means: the marked ones, else the selected one, else the task on screen.
pub fn stop_form(state: &State) -> Option<Form> {
    let cluster_arn = match state.screen() {
        Screen::Service { cluster_arn, .. }
        | Screen::Tasks { cluster_arn, .. }
        | Screen::Task { cluster_arn, .. } => cluster_arn.clone(),
        _ => return None,
    };
    let task_arns = user::selection(state);
    if task_arns.is_empty() {
        return None;
    }
    let hidden = state.screen().cursor().map_or(0, |view| {
        let shown: std::collections::BTreeSet<&str> = crate::app::table::current_rows(state)
            .map(|rows| view.rows.iter().filter_map(|&i| rows.key(i)).collect())
            .unwrap_or_default();
        view.marks
            .iter()
            .filter(|k| !shown.contains(k.as_str()))
            .count()
    });
    Some(Form::StopTasks {
        cluster_arn,
        task_arns,
        hidden,
    })
}

/// The scope a cleanup means: the cluster under the cursor on the clusters screen, the service under the
/// cursor or on screen, else the cluster on screen.
pub fn cleanup_form(state: &State) -> Option<Form> {
    let scope = match state.screen() {
        Screen::Clusters { cursor } => Scope::Cluster {
            cluster_arn: cursor.selected_key.clone()?,
        },
        Screen::Services {
            cluster_arn,
            cursor,
        } => Scope::Service {
            cluster_arn: cluster_arn.clone(),
            service_arn: cursor.selected_key.clone()?,
        },
        Screen::Service {
            cluster_arn,
            service_arn,
            ..
        } => Scope::Service {
            cluster_arn: cluster_arn.clone(),
            service_arn: service_arn.clone(),
        },
        Screen::Tasks { cluster_arn, .. } | Screen::Task { cluster_arn, .. } => Scope::Cluster {
            cluster_arn: cluster_arn.clone(),
        },
        Screen::Explore { view, .. } => Scope::Cluster {
            cluster_arn: view.spec().cluster_arn()?.to_string(),
        },
    };
    Some(Form::Cleanup {
        scope,
        plan: None,
        load_balancing: false,
        task_definitions: false,
    })
}

/// The image dialog's field, once the running revision is described: its first container and image, to edit.
pub fn prefill_image(state: &mut State) {
    let Some(dialog) = state.overlay.dialog() else {
        return;
    };
    if !matches!(dialog.form, Form::DeployImage { .. }) || !dialog.text().is_empty() {
        return;
    }
    let first = dialog
        .service(state)
        .and_then(|s| dialog::containers(state, &s.task_definition))
        .and_then(|c| c.into_iter().next());
    if let (Some((name, image)), Some(d)) = (first, state.overlay.dialog_mut()) {
        if let Some(field) = d.field.as_mut() {
            field.set_text(&format!("{name}={image}"));
        }
    }
}
