//! wharf's own picture of an ECS region. No SDK type crosses this line: the backends convert into these.

mod capacity;
mod cluster;
mod container_definition;
mod elb;
mod elb_rules;
mod event_text;
mod exec;
mod forward;
mod logs;
mod logs_target;
mod metrics;
mod protection;
mod rollout;
mod scaling;
pub mod secrets;
mod service;
mod task;
mod task_definition;
mod task_definition_diff;
mod task_definition_json;
mod task_definition_secrets;
mod task_target;
#[cfg(test)]
pub(crate) mod test_definitions;
pub mod text;
mod text_fields;
mod time;
mod trouble;
pub mod wrap;

pub use capacity::*;
pub use cluster::*;
pub use container_definition::*;
pub use elb::*;
pub use elb_rules::*;
pub use event_text::*;
pub use exec::*;
pub use forward::*;
pub use logs::*;
pub use logs_target::*;
pub use metrics::*;
pub use protection::*;
pub use rollout::*;
pub use scaling::*;
pub use secrets::{Hidden, SecretReason};
pub use service::*;
pub use task::*;
pub use task_definition::*;
pub use task_definition_diff::*;
pub use task_definition_json::*;
pub use task_definition_secrets::shown_json;
pub use task_target::*;
pub use text::{as_prose, Shape, Texts};
pub use time::*;
pub use trouble::*;

/// Fargate or EC2: how a task's capacity is provided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LaunchType {
    #[default]
    Fargate,
    Ec2,
}

impl LaunchType {
    pub fn as_str(self) -> &'static str {
        match self {
            LaunchType::Fargate => "FARGATE",
            LaunchType::Ec2 => "EC2",
        }
    }
}

/// The last path segment of an ARN (`arn:aws:ecs:r:a:service/cluster/web` -> `web`).
pub fn arn_name(arn: &str) -> &str {
    arn.rsplit(['/', ':']).next().unwrap_or(arn)
}

/// `family:revision` from a task definition ARN (`…:task-definition/web:42` -> `web:42`).
pub fn family_revision(task_definition_arn: &str) -> &str {
    task_definition_arn
        .rsplit('/')
        .next()
        .unwrap_or(task_definition_arn)
}

/// The revision number alone (`…/web:42` -> `42`).
pub fn revision(task_definition_arn: &str) -> &str {
    let fr = family_revision(task_definition_arn);
    fr.rsplit_once(':').map_or(fr, |(_, rev)| rev)
}

/// The family of a task definition ARN or `family:revision` (`…/web:42` -> `web`).
pub fn family_of(task_definition: &str) -> &str {
    let fr = family_revision(task_definition);
    fr.rsplit_once(':').map_or(fr, |(family, _)| family)
}

/// How people know an ELB resource: a target group or load balancer by its name (`targetgroup/web/0123` ->
/// `web`, `loadbalancer/app/front/0123` -> `front`); a listener or rule by its whole ARN, which has no name.
pub fn elb_name(arn: &str) -> &str {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    let mut parts = resource.split('/');
    match parts.next() {
        Some("targetgroup") => parts.next(),
        Some("loadbalancer") => parts.nth(1),
        _ => None,
    }
    .unwrap_or(arn)
}

/// The account id of an ARN, if it has one.
pub fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_helpers() {
        let arn = "arn:aws:ecs:eu-west-1:123456789012:service/prod/web";
        assert_eq!(arn_name(arn), "web");
        assert_eq!(arn_account(arn), Some("123456789012"));
        assert_eq!(arn_name("arn:aws:ecs:r:1:task-definition/web:7"), "7");
        assert_eq!(arn_name("plain"), "plain");
    }
}
