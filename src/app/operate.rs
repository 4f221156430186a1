//! Acting on the account: opening a change's dialog from a key or a command, the one read-only gate, the
//! audit lines, and what happens when the answer comes (or never does).

use super::cleanup::Scope;
use super::dialog::{self, Dialog, Form, Notice};
use super::mutation::{Danger, Mutation, MutationKind};
use super::user::{self, Outcome};
use super::{
    cleanup, Action, AuditEntry, AuditOutcome, Effect, Flash, FlashLevel, MutationResult, Overlay,
    Running, Screen, State, UserAction,
};
use crate::model::{family_of, Timestamp};

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
        return refuse_read_only(state, kind);
    }
    let Some(form) = form else {
        let what = match kind {
            MutationKind::StopTasks => "a task: select one in a service's or a cluster's tasks",
            _ => "a service: select one in a cluster's services, or open it",
        };
        state.flash = Some(Flash::new(
            FlashLevel::Info,
            format!("{} works on {what}", capitalised(kind.activity())),
        ));
        return Outcome::default();
    };
    let mut effects = Vec::new();
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
                effects.push(Effect::LoadTaskDefinition { arn: td.clone() });
            }
            let first = dialog::containers(state, &td)
                .and_then(|c| c.into_iter().next())
                .map(|(name, image)| format!("{name}={image}"));
            Some(prefill.map(str::to_string).or(first).unwrap_or_default())
        }
        Form::DeployRevision { .. } | Form::DeployForce { .. } | Form::Rollback { .. } => None,
        Form::Cleanup { scope, .. } => {
            effects.push(Effect::PlanCleanup {
                scope: scope.clone(),
            });
            None
        }
    };
    let dialog = Dialog::new(form, field.as_deref());
    if let Some(family) = dialog.family(state) {
        effects.push(Effect::LoadRevisions {
            family: family.to_string(),
        });
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
        | Form::Rollback { cluster_arn, .. } => cluster_arn,
    }
}

fn form_service(form: &Form) -> &str {
    match form {
        Form::StopTasks { .. } | Form::Cleanup { .. } => "",
        Form::Scale { service_arn, .. }
        | Form::DeployRevision { service_arn, .. }
        | Form::DeployImage { service_arn, .. }
        | Form::DeployForce { service_arn, .. }
        | Form::Rollback { service_arn, .. } => service_arn,
    }
}

fn capitalised(text: &str) -> String {
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
        let shown: std::collections::BTreeSet<&str> = super::table::current_rows(state)
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

/// A key in an open dialog.
pub fn in_dialog(state: &mut State, action: UserAction) -> Outcome {
    let Some(dialog) = state.overlay.dialog_mut() else {
        return Outcome::default();
    };
    match action {
        UserAction::Submit | UserAction::Open => return submit(state),
        UserAction::Cancel | UserAction::Back | UserAction::Quit => {
            state.overlay = Overlay::None;
            state.flash = Some(Flash::new(FlashLevel::Info, "cancelled: nothing changed"));
        }
        UserAction::Mark => toggle_group(dialog),
        UserAction::Up | UserAction::Down | UserAction::Top | UserAction::Bottom => {
            let step = match action {
                UserAction::Up => -1,
                UserAction::Down => 1,
                UserAction::Top => isize::MIN / 2,
                _ => isize::MAX / 2,
            };
            dialog.selected = dialog.selected.saturating_add_signed(step);
            dialog.notice = None;
            dialog.warned = None;
            let rows = {
                let d = state.overlay.dialog().expect("open");
                match d.form {
                    // The two opt-in groups.
                    Form::Cleanup { .. } => 2,
                    _ => d.revisions(state).map_or(0, <[String]>::len),
                }
            };
            if let Some(d) = state.overlay.dialog_mut() {
                d.selected = d.selected.min(rows.saturating_sub(1));
            }
        }
        _ => {}
    }
    Outcome::default()
}

/// Space in the cleanup dialog: include or leave out the group under the cursor.
fn toggle_group(dialog: &mut Dialog) {
    if let Form::Cleanup {
        load_balancing,
        task_definitions,
        ..
    } = &mut dialog.form
    {
        let group = if dialog.selected == 0 {
            load_balancing
        } else {
            task_definitions
        };
        *group = !*group;
        dialog.notice = None;
        dialog.warned = None;
    }
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
    };
    Some(Form::Cleanup {
        scope,
        inputs: None,
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

/// After a key typed into the dialog's field: an old refusal or warning no longer applies.
pub fn dialog_edited(state: &mut State) {
    if let Some(d) = state.overlay.dialog_mut() {
        d.notice = None;
        d.warned = None;
    }
}

/// Enter: check the input, warn once if the change may be a slip, ask for the name of a destructive one,
/// then hand the change to the gate.
fn submit(state: &mut State) -> Outcome {
    let Some(dialog) = state.overlay.dialog() else {
        return Outcome::default();
    };
    let mutation = match dialog.mutation(state) {
        Ok(m) => m,
        Err(why) => {
            let kind = form_kind(&dialog.form);
            let entry =
                AuditEntry::bare(state, None, kind, AuditOutcome::Refused, Some(why.clone()));
            set_notice(state, FlashLevel::Error, why);
            return Outcome {
                effects: vec![Effect::Audit(entry)],
                refresh: false,
            };
        }
    };
    if let Some(warning) = Dialog::warning(&mutation) {
        if dialog.warned.as_ref() != Some(&mutation) {
            set_notice(
                state,
                FlashLevel::Warn,
                format!("{warning}. Enter again to confirm, Esc to cancel"),
            );
            if let Some(d) = state.overlay.dialog_mut() {
                d.warned = Some(mutation);
            }
            return Outcome::default();
        }
    }
    if let Danger::Destructive { confirm_name } = mutation.danger() {
        let typed = dialog.confirm.as_ref().map(|f| f.text().trim().to_string());
        match typed {
            None => {
                if let Some(d) = state.overlay.dialog_mut() {
                    d.confirm = Some(super::Field::default());
                }
                set_notice(
                    state,
                    FlashLevel::Warn,
                    format!("type {confirm_name} to confirm"),
                );
                return Outcome::default();
            }
            Some(typed) if typed != confirm_name => {
                let why = if typed.is_empty() {
                    format!("type {confirm_name} to confirm, or Esc to cancel")
                } else {
                    format!("\"{typed}\" is not {confirm_name}: type the name exactly, or Esc to cancel")
                };
                let entry = AuditEntry::of(
                    state,
                    None,
                    &mutation,
                    AuditOutcome::Refused,
                    Some(why.clone()),
                );
                set_notice(state, FlashLevel::Error, why);
                return Outcome {
                    effects: vec![Effect::Audit(entry)],
                    refresh: false,
                };
            }
            Some(_) => {}
        }
    }
    state.overlay = Overlay::None;
    Outcome {
        effects: request(state, mutation),
        refresh: false,
    }
}

fn set_notice(state: &mut State, level: FlashLevel, text: String) {
    if let Some(d) = state.overlay.dialog_mut() {
        d.notice = Some(Notice { level, text });
    }
}

fn form_kind(form: &Form) -> MutationKind {
    match form {
        Form::Scale { .. } => MutationKind::Scale,
        Form::StopTasks { .. } => MutationKind::StopTasks,
        Form::DeployRevision { .. } | Form::DeployImage { .. } | Form::DeployForce { .. } => {
            MutationKind::Deploy
        }
        Form::Rollback { .. } => MutationKind::Rollback,
        Form::Cleanup { .. } => MutationKind::Cleanup,
    }
}

/// The one gate every change passes: refused in read-only mode, otherwise recorded and sent. This is the only
/// place that makes an `Effect::Mutate`. A cleanup is recorded here as one, then runs its steps through here.
pub fn request(state: &mut State, mutation: Mutation) -> Vec<Effect> {
    if state.read_only {
        let why = read_only_message(state, mutation.kind());
        state.flash = Some(Flash::new(FlashLevel::Warn, why.clone()));
        let entry = AuditEntry::of(state, None, &mutation, AuditOutcome::Refused, Some(why));
        return vec![Effect::Audit(entry)];
    }
    if let Mutation::Cleanup(plan) = mutation {
        let entry = AuditEntry::of(
            state,
            None,
            &Mutation::Cleanup(plan.clone()),
            AuditOutcome::Attempt,
            Some(format!("{} steps", plan.steps.len())),
        );
        state.cleanup = Some(cleanup::CleanupRun::new(*plan, state.now));
        state.overlay = Overlay::Cleanup;
        let mut effects = vec![Effect::Audit(entry)];
        effects.extend(cleanup::advance(state));
        return effects;
    }
    let id = state.next_mutation_id;
    state.next_mutation_id += 1;
    state.flash = Some(Flash::new(
        FlashLevel::Info,
        format!("{}…", mutation.summary()),
    ));
    let effects = vec![
        Effect::Audit(AuditEntry::of(
            state,
            Some(id),
            &mutation,
            AuditOutcome::Attempt,
            None,
        )),
        Effect::Mutate {
            id,
            mutation: mutation.clone(),
        },
    ];
    state.mutations.push(Running {
        id,
        mutation,
        sent_at: state.now,
        unknown_since: None,
    });
    effects
}

fn read_only_message(state: &State, kind: MutationKind) -> String {
    format!(
        "read-only (profile {}): {} is off",
        state.info.profile,
        kind.activity()
    )
}

fn refuse_read_only(state: &mut State, kind: MutationKind) -> Outcome {
    let why = read_only_message(state, kind);
    state.flash = Some(Flash::new(FlashLevel::Warn, why.clone()));
    Outcome {
        effects: vec![Effect::Audit(AuditEntry::bare(
            state,
            None,
            kind,
            AuditOutcome::Refused,
            Some(why),
        ))],
        refresh: false,
    }
}

/// The answer to a change: say how it went, record it, and read again what it changed.
pub fn mutated(state: &mut State, id: u64, result: MutationResult, at: Timestamp) -> Vec<Effect> {
    let Some(index) = state.mutations.iter().position(|r| r.id == id) else {
        return Vec::new();
    };
    let mutation = state.mutations[index].mutation.clone();
    let summary = mutation.summary();
    let step_result = result.clone();
    let (outcome, message, flash) = match result {
        MutationResult::Done(said) => {
            state.mutations.remove(index);
            (
                AuditOutcome::Ok,
                Some(said.clone()),
                Flash::new(FlashLevel::Info, format!("done: {said}")),
            )
        }
        MutationResult::Failed(e) => {
            state.mutations.remove(index);
            let text = format!("{summary} failed: {e}{}", advice(&e));
            (
                AuditOutcome::Error,
                Some(e.to_string()),
                Flash::new(FlashLevel::Error, text),
            )
        }
        MutationResult::Unknown(e) if !mutation.checkable() => {
            state.mutations.remove(index);
            (
                AuditOutcome::Unknown,
                Some(e.to_string()),
                Flash::new(
                    FlashLevel::Warn,
                    format!("unknown: {summary} may or may not have happened ({e}); r refreshes"),
                ),
            )
        }
        MutationResult::Unknown(e) => {
            state.mutations[index].unknown_since = Some(at);
            (
                AuditOutcome::Unknown,
                Some(format!("{e} (checking with a fresh read)")),
                Flash::new(
                    FlashLevel::Warn,
                    format!("unknown, checking: {summary} ({e})"),
                ),
            )
        }
    };
    state.flash = Some(flash);
    let mut effects = vec![Effect::Audit(AuditEntry::of(
        state,
        Some(id),
        &mutation,
        outcome,
        message,
    ))];
    effects.extend(mutation.invalidates());
    if let Some(family) = mutation.service_arn().and_then(|s| {
        dialog::find_service(state, mutation.cluster_arn().unwrap_or_default(), s)
            .map(|s| family_of(&s.task_definition).to_string())
    }) {
        // A deploy or rollback may have registered or chosen another revision.
        state.revisions.remove(&family);
    }
    effects.extend(cleanup::on_mutated(state, id, &step_result));
    effects
}

/// After fresh data: settle the changes whose answer was lost, from what the reads show.
pub fn settle_unknown(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut i = 0;
    while i < state.mutations.len() {
        let running = &state.mutations[i];
        let Some(since) = running.unknown_since else {
            i += 1;
            continue;
        };
        match running.mutation.applied(state, running.sent_at, since) {
            None => i += 1,
            Some(applied) => {
                let running = state.mutations.remove(i);
                let summary = running.mutation.summary();
                let (outcome, text, level) = if applied {
                    (
                        AuditOutcome::Ok,
                        format!("done (checked by a fresh read): {summary}"),
                        FlashLevel::Info,
                    )
                } else {
                    (
                        AuditOutcome::Error,
                        format!("not done (checked by a fresh read): {summary}; nothing changed, try again"),
                        FlashLevel::Error,
                    )
                };
                state.flash = Some(Flash::new(level, text.clone()));
                effects.push(Effect::Audit(AuditEntry::of(
                    state,
                    Some(running.id),
                    &running.mutation,
                    outcome,
                    Some(text),
                )));
            }
        }
    }
    effects
}

/// What to do about an error, when there is something to say.
fn advice(e: &crate::backend::BackendError) -> &'static str {
    use crate::backend::BackendError::*;
    match e {
        Api { code, .. } if code == "ServiceNotActiveException" => {
            " (the service was deleted meanwhile: r refreshes)"
        }
        Api { code, .. } if code == "ServiceNotFoundException" => " (r refreshes the list)",
        Throttled { .. } => " (nothing changed; wait a few seconds and try again)",
        _ => "",
    }
}

/// Whether an action is a data answer after which unknown changes may be settled.
pub fn is_read_answer(action: &Action) -> bool {
    matches!(
        action,
        Action::ServicesLoaded { .. }
            | Action::ServiceLoaded { .. }
            | Action::TasksLoaded { .. }
            | Action::ClusterTasksLoaded { .. }
    )
}
