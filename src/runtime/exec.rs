//! ECS Exec in the terminal: ExecuteCommand through the backend, then the AWS session-manager-plugin with
//! the terminal handed over, and the terminal taken back when it ends, however it ends. wharf cannot speak
//! the plugin's data-channel protocol itself (it is not documented); every peer runs the plugin.

use std::process::Stdio;
use std::time::Duration;

use crate::app::mutation::Exec;
use crate::app::MutationResult;
use crate::backend::{Backend, BackendError, BackendInfo};
use crate::model::{arn_name, exec_target, short_id, ExecSession, SessionPlugin};

/// The plugin's name on PATH.
pub const PLUGIN: &str = "session-manager-plugin";
/// The variable a recent plugin reads the session from (never argv, where `ps` shows it).
const SESSION_VARIABLE: &str = "AWS_SSM_START_SESSION_RESPONSE";
/// How long `--version` may take before the plugin is called broken.
const VERSION_TIME_LIMIT: Duration = Duration::from_secs(5);
/// How long ExecuteCommand may take: the screen waits meanwhile.
const OPEN_TIME_LIMIT: Duration = Duration::from_secs(30);

/// The plugin on PATH and its version, or why it cannot be used.
pub async fn find_plugin() -> Result<SessionPlugin, String> {
    let path =
        which::which(PLUGIN).map_err(|_| format!("{PLUGIN} is not installed (not on PATH)"))?;
    let run = tokio::process::Command::new(&path)
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .output();
    let out = match tokio::time::timeout(VERSION_TIME_LIMIT, run).await {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => return Err(format!("{} cannot be run: {e}", path.display())),
        Err(_) => return Err(format!("{} --version did not answer", path.display())),
    };
    let version = crate::model::text::clean(
        String::from_utf8_lossy(&out.stdout).trim(),
        crate::model::Shape::Line,
    )
    .into_owned();
    if !out.status.success() || version.is_empty() {
        return Err(format!(
            "{} --version failed ({})",
            path.display(),
            out.status
        ));
    }
    Ok(SessionPlugin {
        path: path.display().to_string(),
        version,
    })
}

/// The plugin's command line and environment for `session`: the session in the environment when the plugin
/// reads it there (argv otherwise), and wharf's own profile, region and endpoint, so that the child never
/// talks to another account.
pub fn plugin_command(
    plugin: &SessionPlugin,
    session: &ExecSession,
    exec: &Exec,
    info: &BackendInfo,
) -> (Vec<String>, Vec<(String, String)>) {
    if let Some(shell) = &session.simulated {
        // The sandbox: no plugin, wharf's own simulated shell, carried the same way.
        let me = std::env::current_exe()
            .map_or_else(|_| "wharf".to_string(), |p| p.display().to_string());
        let spec = serde_json::to_string(shell).unwrap_or_default();
        let env = vec![(crate::sandbox_shell::SPEC_VARIABLE.to_string(), spec)];
        return (vec![me, "--sandbox-shell".to_string()], env);
    }
    let request = serde_json::json!({
        "Target": exec_target(&exec.cluster_arn, &exec.task_arn, &exec.runtime_id),
    });
    plugin_argv(plugin, session, &request, "ecs", info)
}

/// The plugin's command line and environment for a session made by `service` (`ecs` for ExecuteCommand,
/// `ssm` for StartSession) with the request `request`.
pub fn plugin_argv(
    plugin: &SessionPlugin,
    session: &ExecSession,
    request: &serde_json::Value,
    service: &str,
    info: &BackendInfo,
) -> (Vec<String>, Vec<(String, String)>) {
    let response = serde_json::json!({
        "SessionId": session.session_id,
        "StreamUrl": session.stream_url,
        "TokenValue": session.token_value,
    })
    .to_string();
    // Shown by `ps` like every argument: a password in an emulator's address is not passed on.
    let endpoint = info.endpoint.as_deref().map_or_else(
        || format!("https://{service}.{}.amazonaws.com", info.region),
        crate::backend::redact_endpoint,
    );
    let mut env = vec![
        ("AWS_REGION".to_string(), info.region.clone()),
        ("AWS_DEFAULT_REGION".to_string(), info.region.clone()),
        ("AWS_PROFILE".to_string(), info.profile.clone()),
    ];
    let first = if plugin.reads_session_from_env() {
        env.push((SESSION_VARIABLE.to_string(), response));
        SESSION_VARIABLE.to_string()
    } else {
        response
    };
    let argv = vec![
        plugin.path.clone(),
        first,
        info.region.clone(),
        "StartSession".to_string(),
        info.profile.clone(),
        request.to_string(),
        endpoint,
    ];
    (argv, env)
}

/// ExecuteCommand, with AWS's refusals in the user's words.
pub async fn open(backend: &dyn Backend, exec: &Exec) -> Result<ExecSession, BackendError> {
    let command = exec.sent_command();
    let call =
        backend.execute_command(&exec.cluster_arn, &exec.task_arn, &exec.container, &command);
    match tokio::time::timeout(OPEN_TIME_LIMIT, call).await {
        Ok(result) => result.map_err(in_words),
        Err(_) => Err(BackendError::TimedOut {
            action: "ExecuteCommand".into(),
            seconds: OPEN_TIME_LIMIT.as_secs(),
        }),
    }
}

/// AWS's ECS Exec refusals, said with what to do.
fn in_words(error: BackendError) -> BackendError {
    let BackendError::Api { code, message } = &error else {
        return error;
    };
    let said = match code.as_str() {
        "TargetNotConnectedException" => {
            "the task's ECS Exec agent is not connected: its task role needs ssmmessages:CreateControlChannel, \
             CreateDataChannel, OpenControlChannel and OpenDataChannel, and the task must reach SSM's endpoints"
        }
        "AccessDeniedException" => {
            "your identity may not call ecs:ExecuteCommand on this task: ask for that permission"
        }
        "InvalidParameterException" if message.contains("execute command") => {
            "ECS Exec was not enabled when the task was started, or its agent is not running: turn it on for \
             the service (e on the service) and use a task started after that"
        }
        _ => return error,
    };
    BackendError::Api {
        code: code.clone(),
        message: format!("{said} (AWS: {message})"),
    }
}

/// A session opened and ready for the terminal: what ExecuteCommand answered and who carries it.
pub struct Opened {
    pub session: ExecSession,
    pub plugin: SessionPlugin,
}

/// The first half of a session, run beside the loop (the screen and the keys stay wharf's meanwhile): the
/// plugin checked again, then ExecuteCommand. Nothing is sent while the plugin is missing: a session nobody
/// carries stays open on AWS's side. The sandbox needs none: its shell is wharf's own.
pub async fn open_session(
    backend: &dyn Backend,
    info: &BackendInfo,
    exec: &Exec,
) -> Result<Opened, MutationResult> {
    let plugin = match find_plugin().await {
        Ok(plugin) => plugin,
        Err(_) if info.simulated => SessionPlugin {
            path: String::new(),
            version: String::new(),
        },
        Err(why) => {
            let message = format!(
                "{why}: install the AWS Session Manager plugin ({})",
                crate::app::mutation::PLUGIN_HELP
            );
            return Err(MutationResult::Failed(BackendError::Api {
                code: "PluginMissing".into(),
                message,
            }));
        }
    };
    match open(backend, exec).await {
        Ok(session) => Ok(Opened { session, plugin }),
        Err(e) => Err(super::mutate::classify(Err(e))),
    }
}

/// The second half: the terminal handed to the plugin until it ends. Answers the change's result, and
/// whether wharf was told to end meanwhile.
pub async fn hand_over(
    terminal: &mut ratatui::DefaultTerminal,
    mouse: bool,
    info: &BackendInfo,
    exec: &Exec,
    opened: &Opened,
) -> (MutationResult, bool) {
    let (argv, env) = plugin_command(&opened.plugin, &opened.session, exec, info);
    // One command's output is read before wharf's screen covers it; a shell is left by its user.
    let pause = !exec.fallback && !crate::model::is_shell(&exec.command);
    let leave = match pause {
        true => "its output stays until Enter",
        false => "the session ends with exit or Ctrl-D, then wharf comes back",
    };
    let banner = format!(
        "wharf: {} in container {} of task {} (profile {}, {}); {leave}.",
        exec.command,
        exec.container,
        short_id(arn_name(&exec.task_arn)),
        info.profile,
        info.region
    );
    let returned =
        super::handover::run_in_terminal(terminal, mouse, &argv, &env, &banner, pause).await;
    (ended(exec, returned.status), returned.terminate)
}

/// What a session that ran says: its exit code, in the audit log's words.
pub fn ended(exec: &Exec, status: std::io::Result<std::process::ExitStatus>) -> MutationResult {
    let task = short_id(arn_name(&exec.task_arn)).to_string();
    match status {
        Ok(status) => MutationResult::Done(match status.code() {
            Some(0) => format!(
                "session in {} of task {task} ended (exit code 0)",
                exec.container
            ),
            Some(code) => format!(
                "session in {} of task {task} ended with exit code {code}",
                exec.container
            ),
            None => format!(
                "session in {} of task {task} ended by a signal ({status})",
                exec.container
            ),
        }),
        Err(e) => MutationResult::Failed(BackendError::Api {
            code: "PluginFailed".into(),
            message: format!("{PLUGIN} could not be run: {e}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exec() -> Exec {
        Exec {
            cluster_arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".into(),
            task_arn:
                "arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef"
                    .into(),
            containers: Vec::new(),
            container: "web".into(),
            runtime_id: "0123456789abcdef0123456789abcdef-1234".into(),
            command: "/bin/sh".into(),
            fallback: false,
            picked: None,
        }
    }

    fn info(endpoint: Option<&str>) -> BackendInfo {
        BackendInfo {
            profile: "prod-admin".into(),
            region: "eu-west-1".into(),
            endpoint: endpoint.map(str::to_string),
            ..BackendInfo::default()
        }
    }

    fn session() -> ExecSession {
        ExecSession {
            session_id: "ecs-execute-command-0abc".into(),
            stream_url: "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/x".into(),
            token_value: "SECRET-TOKEN".into(),
            simulated: None,
        }
    }

    fn plugin(version: &str) -> SessionPlugin {
        SessionPlugin {
            path: "/usr/local/bin/session-manager-plugin".into(),
            version: version.into(),
        }
    }

    #[test]
    fn a_recent_plugin_gets_the_session_in_its_environment_never_on_its_command_line() {
        let (argv, env) = plugin_command(&plugin("1.2.650.0"), &session(), &exec(), &info(None));
        assert!(argv.iter().all(|a| !a.contains("SECRET-TOKEN")), "{argv:?}");
        assert_eq!(argv[1], SESSION_VARIABLE);
        let response = env.iter().find(|(k, _)| k == SESSION_VARIABLE).unwrap();
        let json: serde_json::Value = serde_json::from_str(&response.1).unwrap();
        assert_eq!(json["TokenValue"], "SECRET-TOKEN");
        assert_eq!(json["SessionId"], "ecs-execute-command-0abc");
        assert_eq!(
            &argv[2..5],
            &[
                "eu-west-1".to_string(),
                "StartSession".into(),
                "prod-admin".into()
            ]
        );
        let target: serde_json::Value = serde_json::from_str(&argv[5]).unwrap();
        assert_eq!(
            target["Target"],
            "ecs:prod_0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef-1234"
        );
        assert_eq!(argv[6], "https://ecs.eu-west-1.amazonaws.com");
    }

    #[test]
    fn the_child_is_given_wharfs_profile_region_and_endpoint() {
        let (argv, env) = plugin_command(
            &plugin("1.2.650.0"),
            &session(),
            &exec(),
            &info(Some("http://127.0.0.1:5000")),
        );
        assert_eq!(argv[6], "http://127.0.0.1:5000");
        for (key, value) in [
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_PROFILE", "prod-admin"),
        ] {
            assert!(
                env.contains(&(key.into(), value.into())),
                "{key} in {env:?}"
            );
        }
    }

    #[test]
    fn an_old_plugin_gets_the_session_on_its_command_line() {
        let (argv, env) = plugin_command(&plugin("1.2.463.0"), &session(), &exec(), &info(None));
        assert!(argv[1].contains("SECRET-TOKEN"));
        assert!(env.iter().all(|(k, _)| k != SESSION_VARIABLE));
    }

    #[test]
    fn awss_refusals_say_what_to_do() {
        let refused = |code: &str, message: &str| {
            in_words(BackendError::Api {
                code: code.into(),
                message: message.into(),
            })
            .to_string()
        };
        assert!(refused("TargetNotConnectedException", "x")
            .contains("ssmmessages:CreateControlChannel"));
        assert!(refused("AccessDeniedException", "x").contains("ecs:ExecuteCommand"));
        let not_enabled = refused(
            "InvalidParameterException",
            "The execute command failed because execute command was not enabled when the task was run",
        );
        assert!(
            not_enabled.contains("turn it on for the service"),
            "{not_enabled}"
        );
        assert!(not_enabled.contains("was not enabled when the task was run"));
        assert_eq!(
            refused("ClusterNotFoundException", "gone"),
            BackendError::Api {
                code: "ClusterNotFoundException".into(),
                message: "gone".into()
            }
            .to_string()
        );
    }
}
