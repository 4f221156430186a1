//! A whole cleanup, confirmed as one by typing the name: the plan made from fresh reads, with its two
//! opt-in groups (load balancing, task definitions). It runs as its steps, each through the same gate
//! (`app::cleanup`), never as one call.

use futures::future::BoxFuture;

use super::{Change, Danger, Delta, Description, Effect, Input, Mutation, Section};
use crate::app::cleanup::{Plan, Scope};
use crate::app::{Resource, State, TableKind};
use crate::backend::{Backend, BackendError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cleanup {
    /// The steps that run: those of `found` in the groups chosen.
    pub plan: Box<Plan>,
    /// The whole plan (every group), made once from fresh reads while the dialog is open; `None` while
    /// they are read.
    pub found: Option<std::result::Result<Box<Plan>, String>>,
    pub load_balancing: bool,
    pub task_definitions: bool,
}

impl Cleanup {
    /// A cleanup of this plan, as confirmed.
    pub fn of(plan: Plan) -> Cleanup {
        Cleanup {
            plan: Box::new(plan),
            found: None,
            load_balancing: false,
            task_definitions: false,
        }
    }

    /// The cluster under the cursor on the clusters screen, the service under the cursor or on screen,
    /// else the cluster on screen.
    pub fn draft(state: &State) -> std::result::Result<Mutation, String> {
        let none = || "Cleaning up works on a cluster or a service: select one".to_string();
        // A service's cleanup on a service or a services list, else the cluster's.
        let screen = state.screen().spec();
        let cluster_arn = screen.cluster_arn().ok_or_else(none)?.to_string();
        let scope = match (screen.service_arn(), screen.table_kind()) {
            (Some(service_arn), _) => Scope::Service {
                cluster_arn,
                service_arn: service_arn.to_string(),
            },
            (None, Some(TableKind::Services)) => return Err(none()),
            (None, _) => Scope::Cluster { cluster_arn },
        };
        Ok(Cleanup::of(Plan {
            scope,
            steps: Vec::new(),
            kept: Vec::new(),
        })
        .into())
    }

    pub fn scope(&self) -> &Scope {
        &self.plan.scope
    }

    /// The plan read for this dialog arrives (made once, not on every key or frame: a big cluster's plan
    /// takes milliseconds).
    pub fn found(&mut self, scope: &Scope, made: std::result::Result<Box<Plan>, String>) {
        if self.plan.scope == *scope {
            self.found = Some(made);
        }
    }
}

impl Change for Cleanup {
    fn cluster_arn(&self) -> Option<&str> {
        Some(self.plan.scope.cluster_arn())
    }

    fn describe(&self) -> Description {
        let what = match &self.plan.scope {
            Scope::Cluster { .. } => "cluster",
            Scope::Service { .. } => "service",
        };
        Description {
            title: format!("Clean up {what} {}", self.plan.scope.name()),
            changes: vec![Delta::new(
                "resources",
                "in use",
                format!("deleted in {} steps", self.plan.steps.len()),
            )],
            targets: self
                .plan
                .steps
                .iter()
                .filter(|s| !s.is_wait())
                .flat_map(|s| s.targets())
                .collect(),
            how: "step by step, each through the same audit; Esc stops after the current step"
                .into(),
        }
    }

    fn danger(&self) -> Danger {
        Danger::Destructive {
            confirm_name: self.plan.scope.name().to_string(),
        }
    }

    /// Each step reads again what it changed.
    fn invalidates(&self, _: &State) -> Vec<Resource> {
        Vec::new()
    }

    fn opening_reads(&self, _: &State) -> Vec<Resource> {
        Vec::new()
    }

    fn opening_effects(&self) -> Vec<Effect> {
        vec![Effect::PlanCleanup {
            scope: self.plan.scope.clone(),
        }]
    }

    fn section(&self) -> Section {
        Section::Plan
    }

    /// The two opt-in groups.
    fn choices(&self, _: &State) -> usize {
        2
    }

    fn toggle(&mut self, selected: usize) {
        let group = match selected {
            0 => &mut self.load_balancing,
            _ => &mut self.task_definitions,
        };
        *group = !*group;
    }

    fn complete(&self, _: &State, _: &Input) -> std::result::Result<Mutation, String> {
        let scope = self.plan.scope.name();
        let full = match &self.found {
            None => return Err(format!("reading what cleaning up {scope} would touch…")),
            Some(Err(e)) => {
                return Err(format!("could not read what the cleanup would touch: {e}"))
            }
            Some(Ok(full)) => full,
        };
        let plan = full.chosen(self.load_balancing, self.task_definitions);
        if plan.steps.is_empty() {
            return Err(format!("nothing left to clean up in {scope}"));
        }
        Ok(Cleanup {
            plan: Box::new(plan),
            found: None,
            ..self.clone()
        }
        .into())
    }

    fn draft_title(&self, _: &State) -> String {
        format!("Clean up {}", self.plan.scope.name())
    }

    /// Before the plan is read, what it is about.
    fn targets(&self) -> Vec<String> {
        if self.plan.steps.is_empty() {
            return vec![match &self.plan.scope {
                Scope::Cluster { cluster_arn } => cluster_arn.clone(),
                Scope::Service { service_arn, .. } => service_arn.clone(),
            }];
        }
        self.describe().targets
    }

    // Confirmed as one, run as its steps by `update`: never sent as such.
    fn carry_out<'a>(&'a self, _: &'a dyn Backend) -> BoxFuture<'a, Result<String>> {
        Box::pin(async {
            Err(BackendError::Api {
                code: "NotAStep".into(),
                message: "a cleanup runs one step at a time".into(),
            })
        })
    }
}
