//! The names of everything a key can ask for. Keymap files bind keys to these names and `app::update` handles
//! them, so the list sits in `config`, below `app`: the keymap reader checks names without knowing what they do,
//! and `app` re-exports it as `app::UserAction`.

use strum::{EnumIter, EnumString, IntoStaticStr};

/// Everything a user can ask for with a key. Keymap files name these in kebab-case (`page-down`), so adding
/// an action is one variant here, its handling in `update`, and one line in each keymap.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumString, IntoStaticStr,
)]
#[strum(serialize_all = "kebab-case")]
pub enum UserAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Drill into the selected row.
    Open,
    /// Go back up one level (or clear the filter, or close help).
    Back,
    /// The service screen: focus the next pane (deployments, targets, events, tasks) or the previous one.
    NextPane,
    PreviousPane,
    /// Zoom the focused pane to the whole screen, or back.
    Zoom,
    /// Fetch what is on screen now, whatever its age.
    Refresh,
    /// Stop polling (only what the user asks for is read), or start it again.
    PausePolling,
    Help,
    Quit,
    /// Open the command line (`:`).
    Command,
    /// Open the filter line (`/`).
    Filter,
    /// Sort by the next (or previous) column; sorting by none restores the natural order.
    SortNext,
    SortPrevious,
    SortReverse,
    /// Mark or unmark the selected row and move down.
    Mark,
    ClearMarks,
    /// Copy the ARNs (or ids) of the marked rows, or of the selected one, to the clipboard.
    CopyArn,
    CopyId,
    /// Show (and copy) the AWS console address of the selection.
    Console,
    /// In a revision's JSON: show its secret values, on purpose, or hide them again.
    Reveal,
    /// In a text over the screen: copy it, secret values hidden (also when shown).
    CopyText,
    // Changes to the account: each opens the confirmation dialog.
    /// Set a service's desired count.
    Scale,
    /// Stop the selected task, or the marked ones.
    StopTask,
    /// Deploy another ACTIVE revision of the service's family.
    Deploy,
    /// Change one container's image: a new revision, deployed.
    DeployImage,
    /// A new deployment of the same revision (every task replaced).
    ForceDeploy,
    /// Stop the deployment in progress with rollback, or deploy the revision before.
    Rollback,
    /// Approve a deployment held by a pause hook (ContinueServiceDeployment CONTINUE).
    ContinueDeployment,
    /// Protect the selected (or marked) tasks from scale-in, or end their protection when they all have it.
    Protect,
    /// A shell in a container of the selected task (ECS Exec); on a service, in one of its running tasks.
    Exec,
    // Jumps to the exploring views.
    /// A cluster's container instances.
    Instances,
    /// A service's or a load balancer's target groups.
    TargetGroups,
    /// The task definition of what is selected, as JSON.
    TaskDefinition,
    /// What changed in that task definition since the revision before (or between two marked revisions).
    Diff,
    /// The logs of the selected task, or of a service's tasks.
    Logs,
    /// In a log view: follow the newest lines, or stop.
    Follow,
    /// In a log view: show long lines whole over several rows, or cut at the screen's edge.
    Wrap,
    /// Drain the selected (or marked) container instances, or make draining ones ACTIVE again.
    Drain,
    /// A service's CPU, memory and requests over time, its alarms and its auto scaling.
    Metrics,
    /// On the metrics: the next time range (1 h, 6 h, 24 h, 7 d).
    MetricsRange,
    /// Force-delete a service, or a cluster with everything in it: a plan first, then step by step.
    Cleanup,
    /// In a stopped cleanup: forget its plan (twice; nothing in the account changes).
    DiscardCleanup,
    // In the command and filter lines.
    Submit,
    Cancel,
    Complete,
    HistoryPrevious,
    HistoryNext,
}

impl UserAction {
    /// Whether it opens a change's dialog (refused in read-only mode).
    pub fn changes_the_account(self) -> bool {
        use UserAction::*;
        matches!(
            self,
            Scale
                | StopTask
                | Deploy
                | DeployImage
                | ForceDeploy
                | Rollback
                | ContinueDeployment
                | Protect
                | Exec
                | Drain
                | Cleanup
        )
    }

    /// The name keymap files use.
    pub fn name(self) -> &'static str {
        self.into()
    }
}
