//! The command line's vocabulary: `:clusters`, `:svc prod`, `:profile staging`, ... Each view that exists has
//! a command; each command has aliases, completion for its argument, and a suggestion when it is mistyped.

use super::table::TableKind;
use super::State;

/// What a command's argument names, which is also what completes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    None,
    /// A cluster name; optional: without it, the cluster on screen or under the cursor.
    Cluster,
    Profile,
    Region,
    /// A column of the table on screen.
    SortColumn,
    /// Free text or a number, nothing to complete (`:scale 6`, `:stop REASON`).
    Text,
    /// `--image` or `--force` (`:deploy`).
    DeployOption,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandName {
    Clusters,
    Services,
    Tasks,
    Profile,
    Region,
    Sort,
    Help,
    Quit,
    Scale,
    Stop,
    Deploy,
    Rollback,
    Cleanup,
    Audit,
    Budget,
    Messages,
    Events,
    Deployments,
    Pause,
    Resume,
    Instances,
    LoadBalancers,
    TaskDefinitions,
    Logs,
    Search,
    Since,
}

pub struct CommandSpec {
    pub command: CommandName,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub arg: ArgKind,
    /// What follows the name, as the help shows it (`N`, `[CLUSTER]`); empty for none.
    pub usage: &'static str,
    pub about: &'static str,
}

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        command: CommandName::Clusters,
        name: "clusters",
        aliases: &["cl", "cluster", "ecs"],
        arg: ArgKind::None,
        usage: "",
        about: "every cluster in the region",
    },
    CommandSpec {
        command: CommandName::Services,
        name: "services",
        aliases: &["svc", "service", "s"],
        arg: ArgKind::Cluster,
        usage: "[CLUSTER]",
        about: "a cluster's services (:svc CLUSTER)",
    },
    CommandSpec {
        command: CommandName::Tasks,
        name: "tasks",
        aliases: &["task", "t"],
        arg: ArgKind::Cluster,
        usage: "[CLUSTER]",
        about: "a cluster's tasks, standalone ones too (:tasks CLUSTER)",
    },
    CommandSpec {
        command: CommandName::Instances,
        name: "instances",
        aliases: &["ci", "ec2", "nodes"],
        arg: ArgKind::Cluster,
        usage: "[CLUSTER]",
        about: "an EC2 cluster's container instances and what they have left (:instances CLUSTER)",
    },
    CommandSpec {
        command: CommandName::TaskDefinitions,
        name: "td",
        aliases: &["taskdef", "taskdefs", "task-definitions", "revisions"],
        arg: ArgKind::Text,
        usage: "[FAMILY]",
        about: "task definition families, or one family's revisions (:td web)",
    },
    CommandSpec {
        command: CommandName::Logs,
        name: "logs",
        aliases: &["log"],
        arg: ArgKind::Text,
        usage: "[CONTAINER]",
        about: "the logs of the task or service on screen, or of one of its containers",
    },
    CommandSpec {
        command: CommandName::Search,
        name: "search",
        aliases: &["grep"],
        arg: ArgKind::Text,
        usage: "[PATTERN]",
        about: "in a log view: search the last hour on the server (a CloudWatch filter pattern)",
    },
    CommandSpec {
        command: CommandName::Since,
        name: "since",
        aliases: &[],
        arg: ArgKind::Text,
        usage: "[10m | 14:30]",
        about: "in a log view: lines from that moment (UTC); nothing goes back to the newest",
    },
    CommandSpec {
        command: CommandName::LoadBalancers,
        name: "lb",
        aliases: &["elb", "alb", "loadbalancers", "load-balancers"],
        arg: ArgKind::None,
        usage: "",
        about: "load balancers, then their listeners, rules, target groups and targets",
    },
    CommandSpec {
        command: CommandName::Profile,
        name: "profile",
        aliases: &["ctx", "context"],
        arg: ArgKind::Profile,
        usage: "NAME",
        about: "switch to another AWS profile (:profile NAME)",
    },
    CommandSpec {
        command: CommandName::Region,
        name: "region",
        aliases: &["reg"],
        arg: ArgKind::Region,
        usage: "NAME",
        about: "switch to another region (:region eu-west-1)",
    },
    CommandSpec {
        command: CommandName::Sort,
        name: "sort",
        aliases: &[],
        arg: ArgKind::SortColumn,
        usage: "COLUMN",
        about: "sort the table by a column (:sort running; again to reverse)",
    },
    CommandSpec {
        command: CommandName::Scale,
        name: "scale",
        aliases: &[],
        arg: ArgKind::Text,
        usage: "N",
        about: "set a service's desired count (:scale 6; a dialog confirms)",
    },
    CommandSpec {
        command: CommandName::Stop,
        name: "stop",
        aliases: &["kill"],
        arg: ArgKind::Text,
        usage: "[REASON]",
        about: "stop the selected or marked tasks (:stop [REASON])",
    },
    CommandSpec {
        command: CommandName::Deploy,
        name: "deploy",
        aliases: &["rollout"],
        arg: ArgKind::DeployOption,
        usage: "[--image C=I | --force]",
        about: "deploy another revision; --image CONTAINER=IMAGE; --force",
    },
    CommandSpec {
        command: CommandName::Rollback,
        name: "rollback",
        aliases: &["undo"],
        arg: ArgKind::None,
        usage: "",
        about: "roll a service back to what ran before",
    },
    CommandSpec {
        command: CommandName::Cleanup,
        name: "cleanup",
        aliases: &["delete", "teardown"],
        arg: ArgKind::None,
        usage: "",
        about: "force-delete a service, or a cluster and everything in it (a plan first)",
    },
    CommandSpec {
        command: CommandName::Audit,
        name: "audit",
        aliases: &["log"],
        arg: ArgKind::None,
        usage: "",
        about: "the latest lines of the audit log",
    },
    CommandSpec {
        command: CommandName::Budget,
        name: "budget",
        aliases: &["api", "calls"],
        arg: ArgKind::None,
        usage: "",
        about: "the API budget: each throttling bucket's rate, what is left, what was spent",
    },
    CommandSpec {
        command: CommandName::Messages,
        name: "messages",
        aliases: &["errors", "msg"],
        arg: ArgKind::None,
        usage: "",
        about: "every message and error of this run, whole",
    },
    CommandSpec {
        command: CommandName::Events,
        name: "events",
        aliases: &["ev"],
        arg: ArgKind::None,
        usage: "",
        about: "the service's events, whole, newest first; / filters them, esc goes back",
    },
    CommandSpec {
        command: CommandName::Deployments,
        name: "deployments",
        aliases: &["deploys", "history"],
        arg: ArgKind::None,
        usage: "",
        about: "the service's deployments, live and past, with their stages and reasons",
    },
    CommandSpec {
        command: CommandName::Pause,
        name: "pause",
        aliases: &[],
        arg: ArgKind::None,
        usage: "",
        about: "pause polling: only what you ask for is read",
    },
    CommandSpec {
        command: CommandName::Resume,
        name: "resume",
        aliases: &[],
        arg: ArgKind::None,
        usage: "",
        about: "resume polling",
    },
    CommandSpec {
        command: CommandName::Help,
        name: "help",
        aliases: &["h", "?"],
        arg: ArgKind::None,
        usage: "",
        about: "every key and command",
    },
    CommandSpec {
        command: CommandName::Quit,
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

/// The command a word names, by name or alias (case-insensitive).
pub fn find(word: &str) -> Option<&'static CommandSpec> {
    let word = word.to_ascii_lowercase();
    COMMANDS
        .iter()
        .find(|c| c.name == word || c.aliases.contains(&word.as_str()))
}

/// The closest command to a mistyped word, if any is close enough to be what was meant.
pub fn closest(word: &str) -> Option<&'static str> {
    let word = word.to_ascii_lowercase();
    COMMANDS
        .iter()
        .flat_map(|c| {
            std::iter::once(c.name)
                .chain(c.aliases.iter().copied())
                .map(move |n| (c, n))
        })
        .map(|(c, n)| (c.name, strsim::damerau_levenshtein(&word, n)))
        .filter(|&(name, d)| d <= 2.max(name.len() / 3) && d < word.len().max(2))
        .min_by_key(|&(_, d)| d)
        .map(|(name, _)| name)
}

/// What can follow the text typed so far: whole command names, or whole arguments. Sorted, no repeats.
pub fn candidates(state: &State, text: &str) -> Vec<String> {
    let text = text.trim_start();
    match text.split_once(char::is_whitespace) {
        None => {
            let word = text.to_ascii_lowercase();
            let mut names: Vec<String> = COMMANDS
                .iter()
                .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
                .filter(|n| n.len() > 1 && n.starts_with(&word))
                .map(str::to_string)
                .collect();
            names.sort();
            names.dedup();
            names
        }
        Some((command, arg)) => {
            let Some(spec) = find(command) else {
                return Vec::new();
            };
            let arg = arg.trim_start();
            let mut values = arg_values(state, spec.arg);
            values.retain(|v| {
                v.to_ascii_lowercase()
                    .starts_with(&arg.to_ascii_lowercase())
            });
            values.sort();
            values.dedup();
            values
        }
    }
}

fn arg_values(state: &State, kind: ArgKind) -> Vec<String> {
    match kind {
        ArgKind::None | ArgKind::Text => Vec::new(),
        ArgKind::DeployOption => vec!["--image".into(), "--force".into()],
        ArgKind::Cluster => state
            .session
            .cache
            .clusters
            .data
            .iter()
            .flatten()
            .map(|c| c.name.clone())
            .collect(),
        ArgKind::Profile => state.profiles.clone(),
        ArgKind::Region => REGIONS.iter().map(|r| r.to_string()).collect(),
        ArgKind::SortColumn => state
            .screen()
            .table_kind()
            .map(TableKind::sort_columns)
            .unwrap_or_default()
            .iter()
            .map(|c| sort_word(c.label))
            .collect(),
    }
}

/// How `:sort` spells a column: `task-definition` for TASK DEFINITION.
pub fn sort_word(label: &str) -> String {
    label.to_ascii_lowercase().replace(' ', "-")
}

/// Tab: the text after completing as far as the candidates agree. A single candidate is taken whole (with a
/// space after a command that takes an argument).
pub fn complete(state: &State, text: &str) -> Option<String> {
    let found = candidates(state, text);
    let first = found.first()?;
    let common = found.iter().fold(first.clone(), |common, c| {
        common
            .chars()
            .zip(c.chars())
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .map(|(a, _)| a)
            .collect()
    });
    let trimmed = text.trim_start();
    let completed = match trimmed.split_once(char::is_whitespace) {
        None => {
            let takes_arg =
                found.len() == 1 && find(&common).is_some_and(|c| c.arg != ArgKind::None);
            format!("{common}{}", if takes_arg { " " } else { "" })
        }
        Some((command, _)) => format!("{command} {common}"),
    };
    (completed != trimmed).then_some(completed)
}

/// The grey text shown after the cursor: what Tab would add, or the rest of the first candidate.
pub fn suggestion(state: &State, text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    let found = candidates(state, text);
    let first = found.first()?;
    let typed = match trimmed.split_once(char::is_whitespace) {
        None => trimmed,
        Some((_, arg)) => arg.trim_start(),
    };
    let rest = first.get(typed.len()..)?;
    (!rest.is_empty()).then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_mistakes() {
        assert_eq!(find("svc").unwrap().name, "services");
        assert_eq!(find("Q").unwrap().name, "quit");
        assert!(find("servces").is_none());
        assert_eq!(closest("servces"), Some("services"));
        assert_eq!(closest("clustr"), Some("clusters"));
        assert_eq!(closest("taks"), Some("tasks"));
        assert_eq!(closest("xyzzy"), None);
    }
}
