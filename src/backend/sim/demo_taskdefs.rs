//! The demo's task definitions dressed as real ones: roles, environment, a secret or two (ARNs only), health
//! checks and awslogs. Logs go to group `/ecs/<family>`, prefix `ecs`: the sandbox's log streams are
//! `ecs/<container>/<task-id>`. Each family's revisions differ beyond the image, so a diff shows something.

use std::collections::BTreeMap;

use super::ids::{ACCOUNT, REGION};
use super::setup::TaskDefinitionSpec;
use crate::model::{
    ContainerDefinition, EnvVar, HealthCheck, LogConfiguration, RuntimePlatform, Secret,
};

fn role(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

fn secret_arn(family: &str, name: &str) -> String {
    format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{family}/{name}")
}

fn parameter_arn(family: &str, name: &str) -> String {
    format!("arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/{family}/{name}")
}

/// The awslogs configuration every demo container has.
fn awslogs(family: &str) -> LogConfiguration {
    LogConfiguration {
        driver: "awslogs".into(),
        options: BTreeMap::from([
            ("awslogs-group".to_string(), format!("/ecs/{family}")),
            ("awslogs-region".to_string(), REGION.to_string()),
            ("awslogs-stream-prefix".to_string(), "ecs".to_string()),
        ]),
        secret_options: Vec::new(),
    }
}

/// `spec` with what a real team's definition carries; what differs between revisions follows the image tag.
pub(crate) fn dressed(mut spec: TaskDefinitionSpec) -> TaskDefinitionSpec {
    let family = spec.family.clone();
    spec.task_role_arn = Some(role(&format!("{family}-task")));
    spec.execution_role_arn = Some(role("ecsTaskExecutionRole"));
    if spec.requires_compatibilities.iter().any(|c| c == "FARGATE") {
        spec.runtime_platform = Some(RuntimePlatform {
            cpu_architecture: Some("X86_64".into()),
            operating_system_family: Some("LINUX".into()),
        });
    }
    for c in &mut spec.containers {
        dress(&family, c);
    }
    spec
}

fn dress(family: &str, c: &mut ContainerDefinition) {
    let tag = c
        .image
        .rsplit_once(':')
        .map_or("latest", |(_, t)| t)
        .to_string();
    let staging = tag.contains("-rc");
    c.environment = vec![
        EnvVar::new("APP_ENV", if staging { "staging" } else { "production" }),
        EnvVar::new("LOG_LEVEL", if staging { "debug" } else { "info" }),
        EnvVar::new("APP_VERSION", &tag),
    ];
    c.secrets = vec![Secret::new(
        "DATABASE_URL",
        &secret_arn(family, "database-url"),
    )];
    if let Some(port) = c.port_mappings.first_mut() {
        c.environment
            .push(EnvVar::new("PORT", &port.container_port.to_string()));
        port.name = Some(format!("{family}-http"));
        port.app_protocol = Some("http".into());
        c.health_check = Some(HealthCheck {
            command: vec![
                "CMD-SHELL".into(),
                format!(
                    "curl -fsS http://localhost:{}/health || exit 1",
                    port.container_port
                ),
            ],
            interval: Some(30),
            timeout: Some(5),
            retries: Some(3),
            start_period: Some(15),
        });
    }
    c.log_configuration = Some(awslogs(family));
    c.readonly_root_filesystem = Some(true);
    c.stop_timeout = Some(30);
    revision_story(family, &tag, c);
}

/// What each family changed in its newer revision, beyond the image.
fn revision_story(family: &str, tag: &str, c: &mut ContainerDefinition) {
    let set_env = |c: &mut ContainerDefinition, name: &str, value: &str| {
        c.environment.retain(|e| e.name != name);
        c.environment.push(EnvVar::new(name, value));
    };
    match (family, tag) {
        ("web", t) if t.contains("-rc") => set_env(c, "FEATURE_FLAGS", "new-checkout,dark-mode"),
        ("search", "4.1.0") => set_env(c, "SEARCH_SHARDS", "4"),
        ("search", _) => {
            set_env(c, "SEARCH_SHARDS", "8");
            c.secrets.push(Secret::new(
                "OPENSEARCH_PASSWORD",
                &secret_arn(family, "opensearch"),
            ));
            if let Some(h) = &mut c.health_check {
                h.interval = Some(10);
                h.retries = Some(2);
            }
        }
        ("payments", "5.3.0") => set_env(c, "PAYMENTS_TIMEOUT_MS", "3000"),
        ("payments", _) => {
            set_env(c, "PAYMENTS_TIMEOUT_MS", "5000");
            c.secrets.push(Secret::new(
                "STRIPE_WEBHOOK_SECRET",
                &parameter_arn(family, "stripe-webhook-secret"),
            ));
            c.stop_timeout = Some(60);
        }
        // A legacy service that keeps credentials in plain environment values, as some do: wharf hides them
        // (with why), `v` shows them on purpose. The lesson: use `secrets` (valueFrom) instead.
        ("orders", _) => {
            set_env(c, "ORDERS_DB_PASSWORD", "hunter2-sandbox");
            set_env(
                c,
                "LEDGER_URL",
                "http://orders:letmein@ledger.internal:8080/api",
            );
        }
        ("storefront", "2.0.3") => set_env(c, "CDN_URL", "https://cdn.example.com/v1"),
        ("storefront", _) => {
            set_env(c, "CDN_URL", "https://cdn.example.com/v2");
            if let Some(p) = c.port_mappings.first_mut() {
                p.app_protocol = Some("http2".into());
            }
        }
        ("db-migrate", t) => {
            c.working_directory = Some("/app".into());
            c.command = vec!["./migrate".into(), "up".into()];
            if t.contains("-rc") {
                c.command.push("--lock-timeout=60s".into());
            }
        }
        _ => {}
    }
}
