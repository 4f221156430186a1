//! Every command wharf knows, with its aliases, argument and help text, and the regions it completes.

use super::ArgKind;
use crate::app::command_line as cl;
use crate::app::explore::{log_jumps, View};
use crate::app::mutation::MutationKind;
use crate::app::user::{self, Outcome};
use crate::app::{operate, sorting, AuditView, Effect, Overlay, Pane, State};

/// A command about a cluster: the one named, else the one in sight (or a message that says which to name).
fn in_cluster(
    state: &mut State,
    arg: &str,
    command: &str,
    show: fn(&mut State, String),
) -> Outcome {
    if let Some(cluster_arn) = cl::cluster_for(state, arg, command) {
        show(state, cluster_arn);
    }
    Outcome::default()
}

pub struct CommandSpec {
    /// What it does with its argument (empty when none was typed).
    pub run: fn(&mut State, &str) -> Outcome,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub arg: ArgKind,
    /// What follows the name, as the help shows it (`N`, `[CLUSTER]`); empty for none.
    pub usage: &'static str,
    pub about: &'static str,
}

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        run: |s, _| {
            s.screens.truncate(1);
            Outcome::default()
        },
        name: "clusters",
        aliases: &["cl", "cluster", "ecs"],
        arg: ArgKind::None,
        usage: "",
        about: "every cluster in the region",
    },
    CommandSpec {
        run: |s, a| in_cluster(s, a, "services", cl::show_services),
        name: "services",
        aliases: &["svc", "service", "s"],
        arg: ArgKind::Cluster,
        usage: "[CLUSTER]",
        about: "a cluster's services (:svc CLUSTER)",
    },
    CommandSpec {
        run: |s, a| in_cluster(s, a, "tasks", cl::show_tasks),
        name: "tasks",
        aliases: &["task", "t"],
        arg: ArgKind::Cluster,
        usage: "[CLUSTER]",
        about: "a cluster's tasks, standalone ones too (:tasks CLUSTER)",
    },
    CommandSpec {
        run: |s, a| in_cluster(s, a, "instances", |s, c| cl::explore(s, View::instances(&c))),
        name: "instances",
        aliases: &["ci", "ec2", "nodes"],
        arg: ArgKind::Cluster,
        usage: "[CLUSTER]",
        about: "an EC2 cluster's container instances and what they have left (:instances CLUSTER)",
    },
    CommandSpec {
        run: |s, a| {
            cl::task_definitions(s, a);
            Outcome::default()
        },
        name: "td",
        aliases: &["taskdef", "taskdefs", "task-definitions", "revisions"],
        arg: ArgKind::Text,
        usage: "[FAMILY]",
        about: "task definition families, or one family's revisions (:td web)",
    },
    CommandSpec {
        run: |s, a| {
            log_jumps::logs(s, (!a.is_empty()).then(|| a.to_string()));
            Outcome::default()
        },
        name: "logs",
        aliases: &["log"],
        arg: ArgKind::Text,
        usage: "[CONTAINER]",
        about: "the logs of the task or service on screen, or of one of its containers",
    },
    CommandSpec {
        run: |s, a| {
            log_jumps::search(s, a);
            Outcome::default()
        },
        name: "search",
        aliases: &["grep"],
        arg: ArgKind::Text,
        usage: "[PATTERN]",
        about: "in a log view: search the last hour on the server (a CloudWatch filter pattern)",
    },
    CommandSpec {
        run: |s, a| {
            log_jumps::since(s, a);
            Outcome::default()
        },
        name: "since",
        aliases: &[],
        arg: ArgKind::Text,
        usage: "[10m | 14:30]",
        about: "in a log view: lines from that moment (UTC); nothing goes back to the newest",
    },
    CommandSpec {
        run: |s, _| {
            cl::explore(s, View::load_balancers());
            Outcome::default()
        },
        name: "lb",
        aliases: &["elb", "alb", "loadbalancers", "load-balancers"],
        arg: ArgKind::None,
        usage: "",
        about: "load balancers, then their listeners, rules, target groups and targets",
    },
    CommandSpec {
        run: |s, a| cl::switch(s, Some(a.to_string()), None),
        name: "profile",
        aliases: &["ctx", "context"],
        arg: ArgKind::Profile,
        usage: "NAME",
        about: "switch to another AWS profile (:profile NAME)",
    },
    CommandSpec {
        run: |s, a| cl::switch(s, None, Some(a.to_string())),
        name: "region",
        aliases: &["reg"],
        arg: ArgKind::Region,
        usage: "NAME",
        about: "switch to another region (:region eu-west-1)",
    },
    CommandSpec {
        run: |s, a| {
            sorting::sort_by_name(s, a);
            Outcome::default()
        },
        name: "sort",
        aliases: &[],
        arg: ArgKind::SortColumn,
        usage: "COLUMN",
        about: "sort the table by a column (:sort running; again to reverse)",
    },
    CommandSpec {
        run: |s, a| user::act(s, MutationKind::Scale, (!a.is_empty()).then_some(a)),
        name: "scale",
        aliases: &[],
        arg: ArgKind::Text,
        usage: "N",
        about: "set a service's desired count (:scale 6; a dialog confirms)",
    },
    CommandSpec {
        run: |s, a| user::act(s, MutationKind::Autoscale, (!a.is_empty()).then_some(a)),
        name: "autoscale",
        aliases: &["autoscaling", "as"],
        arg: ArgKind::Text,
        usage: "MIN MAX|suspend|resume",
        about: "a service's auto scaling range, or its dynamic scaling suspended or resumed (a dialog confirms)",
    },
    CommandSpec {
        run: |s, _| user::apply(s, crate::app::UserAction::Metrics),
        name: "metrics",
        aliases: &["cpu", "alarms", "scaling"],
        arg: ArgKind::None,
        usage: "",
        about: "a service's CPU, memory and requests over time, its alarms and auto scaling",
    },
    CommandSpec {
        run: crate::app::sandbox_load::command,
        name: "load",
        aliases: &[],
        arg: ArgKind::Text,
        usage: "SERVICE xN",
        about: "the sandbox only: a service's request load times N (x1 puts it back)",
    },
    CommandSpec {
        run: |s, a| user::act(s, MutationKind::StopTasks, (!a.is_empty()).then_some(a)),
        name: "stop",
        aliases: &["kill"],
        arg: ArgKind::Text,
        usage: "[REASON]",
        about: "stop the selected or marked tasks (:stop [REASON])",
    },
    CommandSpec {
        run: user::exec_command,
        name: "exec",
        aliases: &["shell", "sh"],
        arg: ArgKind::Text,
        usage: "[CONTAINER] [-- COMMAND]",
        about: "a shell (or one command) in a container of the selected task, through ECS Exec",
    },
    CommandSpec {
        run: user::forward,
        name: "forward",
        aliases: &["pf"],
        arg: ArgKind::Text,
        usage: "LOCAL:PORT | LOCAL:HOST:PORT",
        about: "forward a local port to the selected task's port, or through it to a host (SSM)",
    },
    CommandSpec {
        run: |s, _| user::forwards(s),
        name: "forwards",
        aliases: &[],
        arg: ArgKind::None,
        usage: "",
        about: "the port forwards open; Enter closes one",
    },
    CommandSpec {
        run: cl::deploy,
        name: "deploy",
        aliases: &["rollout"],
        arg: ArgKind::DeployOption,
        usage: "[--image C=I | --force]",
        about: "deploy another revision; --image CONTAINER=IMAGE; --force",
    },
    CommandSpec {
        run: |s, a| user::protect(s, Some(true), (!a.is_empty()).then_some(a)),
        name: "protect",
        aliases: &[],
        arg: ArgKind::Text,
        usage: "[MINUTES]",
        about: "protect the selected or marked tasks from scale-in (1 to 2880 minutes, 120 unless given)",
    },
    CommandSpec {
        run: |s, _| user::protect(s, Some(false), None),
        name: "unprotect",
        aliases: &[],
        arg: ArgKind::None,
        usage: "",
        about: "end the scale-in protection of the selected or marked tasks",
    },
    CommandSpec {
        run: |s, _| user::rollback(s),
        name: "rollback",
        aliases: &["undo"],
        arg: ArgKind::None,
        usage: "",
        about: "roll a service back to what ran before",
    },
    CommandSpec {
        run: |s, _| user::open_cleanup(s),
        name: "cleanup",
        aliases: &["delete", "teardown"],
        arg: ArgKind::None,
        usage: "",
        about: "force-delete a service, or a cluster and everything in it (a plan first)",
    },
    CommandSpec {
        run: |s, _| {
            s.overlay = Overlay::Audit(AuditView::default());
            Outcome::effect(Effect::ReadAudit)
        },
        name: "audit",
        aliases: &["log"],
        arg: ArgKind::None,
        usage: "",
        about: "the latest lines of the audit log",
    },
    CommandSpec {
        run: |s, _| {
            s.overlay = Overlay::Budget { scroll: 0 };
            Outcome::default()
        },
        name: "budget",
        aliases: &["api", "calls"],
        arg: ArgKind::None,
        usage: "",
        about: "the API budget: each throttling bucket's rate, what is left, what was spent",
    },
    CommandSpec {
        run: |s, _| {
            s.overlay = Overlay::Messages { scroll: 0 };
            Outcome::default()
        },
        name: "messages",
        aliases: &["errors", "msg"],
        arg: ArgKind::None,
        usage: "",
        about: "every message and error of this run, whole",
    },
    CommandSpec {
        run: |s, _| {
            cl::zoom_pane(s, Pane::Events, "events");
            Outcome::default()
        },
        name: "events",
        aliases: &["ev"],
        arg: ArgKind::None,
        usage: "",
        about: "the service's events, whole, newest first; / filters them, esc goes back",
    },
    CommandSpec {
        run: |s, _| {
            cl::zoom_pane(s, Pane::Deployments, "deployments");
            Outcome::default()
        },
        name: "deployments",
        aliases: &["deploys", "history"],
        arg: ArgKind::None,
        usage: "",
        about: "the service's deployments, live and past, with their stages and reasons",
    },
    CommandSpec {
        run: |s, _| {
            user::set_paused(s, true);
            Outcome::default()
        },
        name: "pause",
        aliases: &[],
        arg: ArgKind::None,
        usage: "",
        about: "pause polling: only what you ask for is read",
    },
    CommandSpec {
        run: |s, _| {
            user::set_paused(s, false);
            Outcome::default()
        },
        name: "resume",
        aliases: &[],
        arg: ArgKind::None,
        usage: "",
        about: "resume polling",
    },
    CommandSpec {
        run: |s, _| {
            s.overlay = Overlay::Help { scroll: 0 };
            Outcome::default()
        },
        name: "help",
        aliases: &["h", "?"],
        arg: ArgKind::None,
        usage: "",
        about: "every key and command",
    },
    CommandSpec {
        run: |s, _| Outcome::effects(operate::quit(s)),
        name: "quit",
        aliases: &["q", "q!", "exit"],
        arg: ArgKind::None,
        usage: "",
        about: "leave wharf",
    },
];

/// The regions wharf offers to complete (any name is accepted).
pub const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];
