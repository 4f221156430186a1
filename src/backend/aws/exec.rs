//! ECS Exec: ExecuteCommand opens a session the session-manager-plugin then carries.

use super::Aws;
use crate::backend::{BackendError, Result};
use crate::model::{arn_name, ExecSession};

/// ExecuteCommand, interactive, through the write client: sent once, never retried (a second call would
/// open a second session).
pub(super) async fn execute_command(
    aws: &Aws,
    cluster: &str,
    task: &str,
    container: &str,
    command: &str,
) -> Result<ExecSession> {
    let out = aws
        .ecs_write
        .execute_command()
        .cluster(cluster)
        .task(task)
        .container(container)
        .command(command)
        .interactive(true)
        .send()
        .await
        .map_err(|e| aws.ecs_write_err("ExecuteCommand", arn_name(task), e))?;
    let session = out.session().ok_or_else(|| BackendError::Api {
        code: "MissingSession".into(),
        message: "ExecuteCommand answered without a session".into(),
    })?;
    let field = |v: Option<&str>| v.unwrap_or_default().to_string();
    Ok(ExecSession {
        session_id: field(session.session_id()),
        stream_url: field(session.stream_url()),
        token_value: field(session.token_value()),
        simulated: None,
    })
}

/// StartSession with a port-forwarding document, through the SSM client that sends once.
pub(super) async fn start_session(
    aws: &Aws,
    target: &str,
    document: &str,
    parameters: &[(String, String)],
) -> Result<ExecSession> {
    let mut call = aws
        .ssm
        .start_session()
        .target(target)
        .document_name(document);
    for (name, value) in parameters {
        call = call.parameters(name, vec![value.clone()]);
    }
    let out = call
        .send()
        .await
        .map_err(|e| aws.ssm_err("StartSession", target, e))?;
    let field = |v: Option<&str>| v.unwrap_or_default().to_string();
    Ok(ExecSession {
        session_id: field(out.session_id()),
        stream_url: field(out.stream_url()),
        token_value: field(out.token_value()),
        simulated: None,
    })
}

/// TerminateSession: the session ends on AWS's side too (the plugin's end alone leaves it open a while).
pub(super) async fn terminate_session(aws: &Aws, session_id: &str) -> Result<()> {
    aws.ssm
        .terminate_session()
        .session_id(session_id)
        .send()
        .await
        .map_err(|e| aws.ssm_err("TerminateSession", session_id, e))?;
    Ok(())
}
