//! A revision as the JSON RegisterTaskDefinition takes (`aws ecs register-task-definition --cli-input-json`):
//! camelCase keys in the API reference's order, task-level cpu and memory as strings, absent and empty fields
//! left out. What ECS adds on describe (ARN, revision, status, registration) is not part of it.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{
    ContainerDefinition, HealthCheck, LogConfiguration, PortMapping, Secret, TaskDefinition,
    Volume, VolumeKind,
};

/// An object that only takes the fields that are there.
#[derive(Default)]
struct Obj(Map<String, Value>);

impl Obj {
    fn put(mut self, key: &str, v: impl Into<Value>) -> Self {
        self.0.insert(key.into(), v.into());
        self
    }

    fn opt<T: Into<Value>>(self, key: &str, v: Option<T>) -> Self {
        match v {
            Some(v) => self.put(key, v),
            None => self,
        }
    }

    fn str(self, key: &str, v: &Option<String>) -> Self {
        self.opt(key, v.as_deref().filter(|s| !s.is_empty()))
    }

    /// An array, unless empty.
    fn list(self, key: &str, items: Vec<Value>) -> Self {
        if items.is_empty() {
            self
        } else {
            self.put(key, Value::Array(items))
        }
    }

    fn strings(self, key: &str, items: &[String]) -> Self {
        self.list(key, items.iter().map(|s| json!(s)).collect())
    }

    fn map(self, key: &str, m: &BTreeMap<String, String>) -> Self {
        if m.is_empty() {
            return self;
        }
        let m: Map<String, Value> = m.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        self.put(key, Value::Object(m))
    }

    /// An object, unless it has no fields.
    fn obj(self, key: &str, o: Obj) -> Self {
        if o.0.is_empty() {
            self
        } else {
            self.put(key, o)
        }
    }
}

impl From<Obj> for Value {
    fn from(o: Obj) -> Value {
        Value::Object(o.0)
    }
}

/// `td` in the shape of RegisterTaskDefinition's input.
pub fn register_json(td: &TaskDefinition) -> Value {
    let platform = td.runtime_platform.clone().unwrap_or_default();
    Obj::default()
        .put("family", td.family.as_str())
        .str("taskRoleArn", &td.task_role_arn)
        .str("executionRoleArn", &td.execution_role_arn)
        .put("networkMode", td.network_mode.as_str())
        .list(
            "containerDefinitions",
            td.containers.iter().map(container).collect(),
        )
        .list("volumes", td.volumes.iter().map(volume).collect())
        .list(
            "placementConstraints",
            td.placement_constraints
                .iter()
                .map(|p| {
                    Obj::default()
                        .put("type", p.kind.as_str())
                        .str("expression", &p.expression)
                        .into()
                })
                .collect(),
        )
        .strings("requiresCompatibilities", &td.requires_compatibilities)
        .opt("cpu", td.cpu.map(|c| c.to_string()))
        .opt("memory", td.memory.map(|m| m.to_string()))
        .str("pidMode", &td.pid_mode)
        .str("ipcMode", &td.ipc_mode)
        .obj(
            "runtimePlatform",
            Obj::default()
                .str("cpuArchitecture", &platform.cpu_architecture)
                .str("operatingSystemFamily", &platform.operating_system_family),
        )
        .opt(
            "ephemeralStorage",
            td.ephemeral_storage_gib.map(|g| json!({ "sizeInGiB": g })),
        )
        .into()
}

fn container(c: &ContainerDefinition) -> Value {
    Obj::default()
        .put("name", c.name.as_str())
        .put("image", c.image.as_str())
        .opt("cpu", (c.cpu > 0).then_some(c.cpu))
        .opt("memory", c.memory)
        .opt("memoryReservation", c.memory_reservation)
        .list("portMappings", c.port_mappings.iter().map(port).collect())
        .put("essential", c.essential)
        .strings("entryPoint", &c.entry_point)
        .strings("command", &c.command)
        .list(
            "environment",
            c.environment
                .iter()
                .map(|e| json!({ "name": e.name, "value": e.value }))
                .collect(),
        )
        .list(
            "environmentFiles",
            c.environment_files
                .iter()
                .map(|f| json!({ "value": f.value, "type": f.kind }))
                .collect(),
        )
        .list(
            "mountPoints",
            c.mount_points
                .iter()
                .map(|m| {
                    json!({
                        "sourceVolume": m.source_volume,
                        "containerPath": m.container_path,
                        "readOnly": m.read_only,
                    })
                })
                .collect(),
        )
        .list("secrets", secrets(&c.secrets))
        .list(
            "dependsOn",
            c.depends_on
                .iter()
                .map(|d| json!({ "containerName": d.container, "condition": d.condition }))
                .collect(),
        )
        .opt("startTimeout", c.start_timeout)
        .opt("stopTimeout", c.stop_timeout)
        .str("user", &c.user)
        .str("workingDirectory", &c.working_directory)
        .opt("readonlyRootFilesystem", c.readonly_root_filesystem)
        .map("dockerLabels", &c.docker_labels)
        .list(
            "ulimits",
            c.ulimits
                .iter()
                .map(|u| {
                    json!({ "name": u.name, "softLimit": u.soft_limit, "hardLimit": u.hard_limit })
                })
                .collect(),
        )
        .opt("logConfiguration", c.log_configuration.as_ref().map(logs))
        .opt("healthCheck", c.health_check.as_ref().map(health_check))
        .opt(
            "firelensConfiguration",
            c.firelens.as_ref().map(|f| {
                Obj::default()
                    .put("type", f.kind.as_str())
                    .map("options", &f.options)
            }),
        )
        .into()
}

fn port(p: &PortMapping) -> Value {
    Obj::default()
        .put("containerPort", p.container_port)
        .opt("hostPort", (p.host_port > 0).then_some(p.host_port))
        .put("protocol", p.protocol)
        .str("name", &p.name)
        .str("appProtocol", &p.app_protocol)
        .into()
}

fn secrets(list: &[Secret]) -> Vec<Value> {
    list.iter()
        .map(|s| json!({ "name": s.name, "valueFrom": s.value_from }))
        .collect()
}

fn logs(l: &LogConfiguration) -> Obj {
    Obj::default()
        .put("logDriver", l.driver.as_str())
        .map("options", &l.options)
        .list("secretOptions", secrets(&l.secret_options))
}

fn health_check(h: &HealthCheck) -> Obj {
    Obj::default()
        .strings("command", &h.command)
        .opt("interval", h.interval)
        .opt("timeout", h.timeout)
        .opt("retries", h.retries)
        .opt("startPeriod", h.start_period)
}

fn volume(v: &Volume) -> Value {
    let o = Obj::default().put("name", v.name.as_str());
    let o = match &v.kind {
        VolumeKind::Host { source_path } => {
            o.obj("host", Obj::default().str("sourcePath", source_path))
        }
        VolumeKind::Docker {
            scope,
            driver,
            autoprovision,
            driver_opts,
        } => o.put(
            "dockerVolumeConfiguration",
            Obj::default()
                .str("scope", scope)
                .opt("autoprovision", *autoprovision)
                .str("driver", driver)
                .map("driverOpts", driver_opts),
        ),
        VolumeKind::Efs {
            file_system_id,
            root_directory,
            transit_encryption,
            access_point_id,
            iam,
        } => o.put(
            "efsVolumeConfiguration",
            Obj::default()
                .put("fileSystemId", file_system_id.as_str())
                .str("rootDirectory", root_directory)
                .str("transitEncryption", transit_encryption)
                .obj(
                    "authorizationConfig",
                    Obj::default()
                        .str("accessPointId", access_point_id)
                        .str("iam", iam),
                ),
        ),
        VolumeKind::FsxWindows {
            file_system_id,
            root_directory,
        } => o.put(
            "fsxWindowsFileServerVolumeConfiguration",
            json!({ "fileSystemId": file_system_id, "rootDirectory": root_directory }),
        ),
        VolumeKind::ConfiguredAtLaunch => o.put("configuredAtLaunch", true),
    };
    o.into()
}

#[cfg(test)]
#[path = "task_definition_json_tests.rs"]
mod tests;
