//! Fixtures built straight through the SDK (their calls are not counted by the backend under test).

use aws_sdk_ecs::types::{ContainerDefinition, LaunchType, NetworkMode, PortMapping};
use wharf::backend::aws::{loopback_sdk_config, Aws};

pub struct Fixture {
    pub ecs: aws_sdk_ecs::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub endpoint: String,
}

impl Fixture {
    /// A revision as the SDK reads it, every field.
    pub async fn sdk_task_definition(&self, arn: &str) -> aws_sdk_ecs::types::TaskDefinition {
        self.ecs
            .describe_task_definition()
            .task_definition(arn)
            .send()
            .await
            .expect("DescribeTaskDefinition")
            .task_definition
            .expect("task definition")
    }

    pub fn new(endpoint: &str) -> Fixture {
        let sdk = loopback_sdk_config(endpoint, "us-east-1");
        Fixture {
            ecs: aws_sdk_ecs::Client::new(&sdk),
            elb: aws_sdk_elasticloadbalancingv2::Client::new(&sdk),
            endpoint: endpoint.to_string(),
        }
    }

    /// A fresh backend (its own counters and task definition cache).
    pub fn aws(&self) -> Aws {
        Aws::from_sdk_config(
            &loopback_sdk_config(&self.endpoint, "us-east-1"),
            Some("moto".into()),
        )
        .expect("backend")
    }

    pub async fn cluster(&self, name: &str) -> String {
        let out = self
            .ecs
            .create_cluster()
            .cluster_name(name)
            .send()
            .await
            .expect("CreateCluster");
        out.cluster()
            .and_then(|c| c.cluster_arn())
            .expect("cluster ARN")
            .to_string()
    }

    /// A bridge-mode revision of `family` with one container (moto needs container-level memory).
    pub async fn task_definition(&self, family: &str, image: &str) -> String {
        let container = ContainerDefinition::builder()
            .name("app")
            .image(image)
            .memory(128)
            .cpu(64)
            .essential(true)
            .port_mappings(
                PortMapping::builder()
                    .container_port(80)
                    .host_port(0)
                    .build(),
            )
            .build();
        let out = self
            .ecs
            .register_task_definition()
            .family(family)
            .network_mode(NetworkMode::Bridge)
            .container_definitions(container)
            .send()
            .await
            .expect("RegisterTaskDefinition");
        out.task_definition()
            .and_then(|t| t.task_definition_arn())
            .expect("task definition ARN")
            .to_string()
    }

    pub async fn service(
        &self,
        cluster: &str,
        name: &str,
        task_definition: &str,
        desired: i32,
    ) -> String {
        let out = self
            .ecs
            .create_service()
            .cluster(cluster)
            .service_name(name)
            .task_definition(task_definition)
            .desired_count(desired)
            .launch_type(LaunchType::Ec2)
            .send()
            .await
            .expect("CreateService");
        out.service()
            .and_then(|s| s.service_arn())
            .expect("service ARN")
            .to_string()
    }

    /// Starts `count` Fargate tasks (10 per RunTask call), `started_by` as a service's deployment would.
    pub async fn tasks(
        &self,
        cluster: &str,
        task_definition: &str,
        count: i32,
        started_by: &str,
    ) -> Vec<String> {
        let mut arns = Vec::new();
        let mut left = count;
        while left > 0 {
            let n = left.min(10);
            let out = self
                .ecs
                .run_task()
                .cluster(cluster)
                .task_definition(task_definition)
                .count(n)
                .launch_type(LaunchType::Fargate)
                .started_by(started_by)
                .send()
                .await
                .expect("RunTask");
            arns.extend(
                out.tasks()
                    .iter()
                    .filter_map(|t| t.task_arn())
                    .map(str::to_string),
            );
            left -= n;
        }
        arns
    }
}
