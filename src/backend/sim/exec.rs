//! ECS Exec in the sandbox. There are no containers to open a shell in, so ExecuteCommand checks what AWS
//! checks, with AWS's words, and answers what wharf's simulated shell shows: the container's environment,
//! its ports and what its health endpoint says, as its image tag behaves.

use super::behavior::Behavior;
use super::errors;
use super::ids;
use super::world::World;
use crate::backend::Result;
use crate::model::{arn_name, ExecSession, SimulatedShell, TaskStatus};

/// AWS's words when the task was started without ECS Exec, or its agent does not run.
const NOT_ENABLED: &str = "The execute command failed because execute command was not enabled when the \
    task was run or the execute command agent isn't running. Wait and try again or run a new task with \
    execute command enabled and try again.";

impl World {
    pub fn execute_command(
        &self,
        cluster: &str,
        task: &str,
        container: &str,
        command: &str,
    ) -> Result<ExecSession> {
        let name = ids::cluster_name(cluster).to_string();
        if !self.clusters.contains_key(&name) {
            return Err(errors::cluster_not_found());
        }
        let arn = match task.starts_with("arn:") {
            true => task.to_string(),
            false => ids::task_arn(&name, task),
        };
        let sim = (self.task_index.get(&arn))
            .and_then(|k| self.tasks.get(k))
            .filter(|t| t.cluster == name)
            .ok_or_else(|| errors::invalid_parameter("The referenced task was not found."))?;
        let t = &sim.task;
        let agent_runs =
            |c: &crate::model::Container| c.exec_agent.as_ref().is_some_and(|a| a.is_running());
        let chosen = (t.containers.iter())
            .find(|c| c.name == container)
            .ok_or_else(|| {
                errors::invalid_parameter("The container name provided was not found in the task.")
            })?;
        if t.last_status != TaskStatus::Running || !t.enable_execute_command || !agent_runs(chosen)
        {
            return Err(errors::invalid_parameter(NOT_ENABLED));
        }
        let definition = (self.task_definitions.get(&t.task_definition_arn))
            .and_then(|td| td.containers.iter().find(|c| c.name == container));
        let env = definition.map_or_else(Vec::new, |d| {
            (d.environment.iter())
                .map(|e| (e.name.clone(), e.value.clone()))
                .collect()
        });
        let secrets = definition.map_or_else(Vec::new, |d| {
            d.secrets.iter().map(|s| s.name.clone()).collect()
        });
        let ports: Vec<u16> = definition.map_or_else(Vec::new, |d| {
            d.port_mappings.iter().map(|p| p.container_port).collect()
        });
        let id = arn_name(&t.arn).to_string();
        let health = match Behavior::from_image(&chosen.image) {
            Behavior::Broken => "HTTP/1.1 503 Service Unavailable\n{\"status\":\"failing\",\"check\":\"database: connection refused\"}".to_string(),
            _ => format!("HTTP/1.1 200 OK\n{{\"status\":\"ok\",\"task\":\"{id}\"}}"),
        };
        Ok(ExecSession {
            session_id: format!("sandbox-{}", &id[..id.len().min(8)]),
            stream_url: "sandbox://exec".into(),
            token_value: String::new(),
            simulated: Some(SimulatedShell {
                task_id: id,
                container: container.to_string(),
                image: chosen.image.clone(),
                task_definition: crate::model::family_revision(&t.task_definition_arn).to_string(),
                env,
                secrets,
                ports,
                health,
                command: command.to_string(),
            }),
        })
    }

    /// StartSession for a port forward on `target` (`ecs:<cluster>_<task id>_<runtime id>`): AWS's checks,
    /// and in place of a session what the sandbox's local responder names.
    pub fn start_session(
        &self,
        target: &str,
        parameters: &[(String, String)],
    ) -> Result<ExecSession> {
        let invalid =
            || errors::invalid_parameter(format!("Target {target} is not a valid ECS target."));
        let rest = target.strip_prefix("ecs:").ok_or_else(invalid)?;
        let mut parts = rest.splitn(3, '_');
        let (Some(cluster), Some(task), Some(runtime_id)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let container = (self.task_index.get(&ids::task_arn(cluster, task)))
            .and_then(|k| self.tasks.get(k))
            .and_then(|t| {
                (t.task.containers.iter()).find(|c| c.runtime_id.as_deref() == Some(runtime_id))
            })
            .map(|c| c.name.clone())
            .ok_or_else(|| errors::target_not_connected(target))?;
        let mut session = self.execute_command(cluster, task, &container, "")?;
        let port = (parameters.iter())
            .find(|(k, _)| k == "portNumber")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(80);
        if let Some(shell) = &mut session.simulated {
            shell.ports = vec![port];
            shell.command = format!("forward {port}");
        }
        Ok(session)
    }
}
