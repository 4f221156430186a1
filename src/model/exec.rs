//! ECS Exec: a container's exec agent as DescribeTasks reports it, the session ExecuteCommand opens, and the
//! target the session-manager-plugin is given.

use super::arn_name;

/// A container's `ExecuteCommandAgent` (DescribeTasks' `containers[].managedAgents[]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ExecAgent {
    /// `RUNNING`, `PENDING`, `STOPPED`, as ECS says it.
    pub status: String,
    pub reason: Option<String>,
}

impl ExecAgent {
    pub fn is_running(&self) -> bool {
        self.status == "RUNNING"
    }
}

/// What the sandbox's simulated shell knows of its container: the sandbox has no containers, so its
/// ExecuteCommand answers this in place of a session, and wharf runs its own small shell on it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct SimulatedShell {
    pub task_id: String,
    pub container: String,
    pub image: String,
    pub task_definition: String,
    /// The container's environment as its task definition sets it; secrets by name only.
    pub env: Vec<(String, String)>,
    pub secrets: Vec<String>,
    /// The container's ports, and what its health endpoint answers on them (the image tag's behaviour).
    pub ports: Vec<u16>,
    pub health: String,
    /// One command to run and leave, or the shell (empty, or a shell's path).
    pub command: String,
}

/// The session ExecuteCommand (or StartSession) opened, for the plugin. The token is a credential: it is
/// never shown, logged or put on a command line, and `Debug` leaves it out.
#[derive(Clone, PartialEq, Eq)]
pub struct ExecSession {
    pub session_id: String,
    pub stream_url: String,
    pub token_value: String,
    /// The sandbox's answer: no plugin, wharf's simulated shell.
    pub simulated: Option<SimulatedShell>,
}

impl std::fmt::Debug for ExecSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExecSession")
            .field("session_id", &self.session_id)
            .field("stream_url", &self.stream_url)
            .field("token_value", &"(hidden)")
            .field("simulated", &self.simulated)
            .finish()
    }
}

/// The AWS session-manager-plugin as found on PATH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPlugin {
    pub path: String,
    /// What `session-manager-plugin --version` printed (`1.2.650.0`).
    pub version: String,
}

impl SessionPlugin {
    /// Whether it reads the session from `AWS_SSM_START_SESSION_RESPONSE` rather than from its argv, where
    /// any user's `ps` would show the token. The AWS CLI's rule: versions after 1.2.497.0.
    pub fn reads_session_from_env(&self) -> bool {
        const LAST_WITHOUT: [u64; 4] = [1, 2, 497, 0];
        let parts: Option<Vec<u64>> = self
            .version
            .trim()
            .split('.')
            .map(|p| p.parse().ok())
            .collect();
        match parts {
            Some(mut v) if (1..=4).contains(&v.len()) => {
                v.resize(4, 0);
                v.as_slice() > LAST_WITHOUT.as_slice()
            }
            _ => false,
        }
    }
}

/// Whether `command` is a shell (`/bin/bash`, `sh`): a session that stays until the user leaves it, rather
/// than one command whose output is read after it ends.
pub fn is_shell(command: &str) -> bool {
    let command = command.trim();
    ["sh", "bash", "ash", "zsh", "dash"]
        .iter()
        .any(|s| command == *s || command.ends_with(&format!("/{s}")))
}

/// The plugin's target for a container: `ecs:<cluster name>_<task id>_<container runtime id>`.
pub fn exec_target(cluster_arn: &str, task_arn: &str, runtime_id: &str) -> String {
    format!(
        "ecs:{}_{}_{}",
        arn_name(cluster_arn),
        arn_name(task_arn),
        runtime_id
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_names_the_cluster_the_task_and_the_containers_runtime_id() {
        let target = exec_target(
            "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
            "arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef-1234567890",
        );
        assert_eq!(
            target,
            "ecs:prod_0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef-1234567890"
        );
    }

    #[test]
    fn the_session_goes_through_the_environment_after_plugin_1_2_497_0() {
        let plugin = |version: &str| SessionPlugin {
            path: "/usr/local/bin/session-manager-plugin".into(),
            version: version.into(),
        };
        assert!(plugin("1.2.650.0\n").reads_session_from_env());
        assert!(plugin("1.2.497.1").reads_session_from_env());
        assert!(plugin("1.3").reads_session_from_env());
        assert!(!plugin("1.2.497.0").reads_session_from_env());
        assert!(!plugin("1.2.463.0").reads_session_from_env());
        assert!(!plugin("unknown").reads_session_from_env());
        assert!(!plugin("").reads_session_from_env());
    }

    #[test]
    fn a_sessions_debug_text_holds_no_token() {
        let session = ExecSession {
            session_id: "ecs-execute-command-0abc".into(),
            stream_url: "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/x".into(),
            token_value: "SECRET-TOKEN".into(),
            simulated: None,
        };
        let shown = format!("{session:?}");
        assert!(!shown.contains("SECRET-TOKEN"), "{shown}");
        assert!(shown.contains("ecs-execute-command-0abc"));
    }
}
