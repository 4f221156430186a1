//! The one gate every change passes: refused in read-only mode, otherwise recorded and sent.

use crate::app::cleanup::{self};
use crate::app::mutation::{Mutation, MutationKind};
use crate::app::user::Outcome;
use crate::app::{AuditEntry, AuditOutcome, Effect, Flash, FlashLevel, InFlight, Overlay, State};

/// The one gate every change passes: refused in read-only mode, otherwise recorded and sent. This is the only
/// place that makes an `Effect::Mutate`. A cleanup is recorded here as one, then runs its steps through here.
pub fn request(state: &mut State, mutation: Mutation) -> Vec<Effect> {
    if state.read_only {
        let why = read_only_message(state, mutation.kind());
        state.flash = Some(Flash::new(FlashLevel::Warn, why.clone()));
        let entry = AuditEntry::of(state, None, &mutation, AuditOutcome::Refused, Some(why));
        return vec![Effect::Audit(entry)];
    }
    if let Some(opening) = state.connecting.clone() {
        // Its answer would come from the account being left, and would not be heard.
        let why = format!(
            "{} was not sent: wharf is opening {opening}; try again once it is open",
            crate::app::mutation::capitalised(mutation.kind().activity())
        );
        state.flash = Some(Flash::new(FlashLevel::Warn, why.clone()));
        let entry = AuditEntry::of(state, None, &mutation, AuditOutcome::Refused, Some(why));
        return vec![Effect::Audit(entry)];
    }
    // The one change that is not sent as one: it runs as its steps, each through here.
    if let Mutation::Cleanup(cleanup) = &mutation {
        let id = state.next_mutation_id;
        state.next_mutation_id += 1;
        let plan = (*cleanup.plan).clone();
        let entry = AuditEntry::of(
            state,
            Some(id),
            &mutation,
            AuditOutcome::Attempt,
            Some(format!("{} steps", plan.steps.len())),
        );
        cleanup::starting(state, plan.scope.cluster_arn());
        state.cleanup = Some(cleanup::CleanupRun::new(plan, state.now, id));
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
    let primary_before = mutation
        .service(state)
        .and_then(|s| Some(s.primary_deployment()?.id.clone()));
    state.in_flight.push(InFlight {
        id,
        mutation,
        primary_before,
        unknown_since: None,
    });
    effects
}

fn read_only_message(state: &State, kind: MutationKind) -> String {
    format!(
        "read-only (profile {}): {} is off",
        state.session.info.profile,
        kind.activity()
    )
}

pub(crate) fn refuse_read_only(
    state: &mut State,
    kind: MutationKind,
    targets: Vec<String>,
) -> Outcome {
    let why = read_only_message(state, kind);
    state.flash = Some(Flash::new(FlashLevel::Warn, why.clone()));
    Outcome {
        effects: vec![Effect::Audit(
            AuditEntry::bare(state, None, kind, AuditOutcome::Refused, Some(why))
                .with_targets(targets),
        )],
        refresh: false,
    }
}
