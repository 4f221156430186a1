//! The binary in a pseudo-terminal against moto, driven by real keystrokes through a whole on-call journey:
//! scale a service, stop one of its tasks, roll a new revision out, roll it back, clean the cluster up. After
//! each change the account is read by a separate client (the AWS backend on its own SDK configuration), never
//! through wharf: what the screen says was done must be what moto holds.

mod pty_session;
mod support;

use pty_session::Session;
use support::moto::Moto;
use support::world::Fixture;
use wharf::backend::aws::Aws;
use wharf::backend::Backend;
use wharf::model::{family_revision, DesiredStatus, Service, ServiceStatus, TaskFilter};

const CLUSTER: &str = "journey";

struct Account {
    fixture: Fixture,
    cluster: String,
    service: String,
}

impl Account {
    /// The account as a separate client sees it: its own backend, its own SDK configuration.
    fn reader(&self) -> Aws {
        self.fixture.aws()
    }

    async fn service(&self) -> Service {
        let read = self
            .reader()
            .describe_services(&self.cluster, std::slice::from_ref(&self.service))
            .await
            .expect("DescribeServices");
        read.items.into_iter().next().expect("the service")
    }
}

/// A cluster `journey` with a service `web` on web:1 (web:2 registered, not deployed) and two of its tasks
/// running.
async fn seed(moto: &Moto) -> Account {
    let fixture = Fixture::new(&moto.endpoint);
    let cluster = fixture.cluster(CLUSTER).await;
    let first = fixture.task_definition("web", "nginx:1.26").await;
    fixture.task_definition("web", "nginx:1.27").await;
    let service = fixture.service(&cluster, "web", &first, 2).await;
    moto.keep_tasks_running();
    moto.run_instance();
    fixture
        .ecs
        .run_task()
        .cluster(&cluster)
        .task_definition(&first)
        .count(2)
        .group("service:web")
        .launch_type(aws_sdk_ecs::types::LaunchType::Fargate)
        .send()
        .await
        .expect("RunTask");
    Account {
        fixture,
        cluster,
        service,
    }
}

/// wharf on moto, isolated from any real AWS configuration: no profile files, no instance metadata.
fn wharf_on(moto: &Moto, audit: &str) -> Session {
    Session::start(
        &[
            "--endpoint-url",
            &moto.endpoint,
            "--region",
            "us-east-1",
            "--audit-log",
            audit,
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_PROFILE", ""),
            ("AWS_CONFIG_FILE", "/nonexistent/wharf-test-config"),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/wharf-test-credentials",
            ),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ],
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn scale_stop_roll_out_roll_back_and_clean_up_on_moto() {
    let moto = Moto::start();
    let account = seed(&moto).await;
    let audit = std::env::temp_dir().join(format!("wharf-pty-moto-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&audit);
    let mut s = wharf_on(&moto, &audit.display().to_string());

    s.wait_for(CLUSTER);
    s.send(":svc journey\r");
    s.wait_for("Services of journey");
    s.send("/^web\r\r");
    s.wait_for("task def web:1");

    // Scale to 3: the dialog, the count, enter; moto holds 3.
    s.send("+");
    s.wait_for("Scale service web");
    s.send("3\r");
    s.wait_for("web now wants 3 tasks");
    assert_eq!(account.service().await.desired_count, 3);

    // Stop the selected task: moto has it stopping or stopped, with wharf's reason.
    s.wait_for("RUNNING");
    s.send("x");
    s.wait_for("Reason (optional)");
    s.send("on-call journey\r");
    s.wait_for("is stopping");
    let reader = account.reader();
    let stopped_filter = TaskFilter {
        service_name: None,
        desired_status: DesiredStatus::Stopped,
    };
    let stopped = reader
        .list_tasks(&account.cluster, &stopped_filter)
        .await
        .expect("ListTasks");
    let described = reader
        .describe_tasks(&account.cluster, &stopped)
        .await
        .expect("DescribeTasks")
        .items;
    assert_eq!(described.len(), 1, "{described:?}");
    assert!(
        described[0]
            .stopped_reason
            .as_deref()
            .is_some_and(|r| r.contains("on-call journey")),
        "{described:?}"
    );

    // Roll web:2 out: moto's service runs web:2.
    s.send("d");
    s.wait_for("Deploy web:2 to service web");
    s.send("\r");
    s.wait_for("task def web:2");
    let service = account.service().await;
    assert_eq!(family_revision(&service.task_definition), "web:2");

    // Roll back: web:1 again.
    s.send("R");
    s.wait_for("Roll back service web");
    s.send("\r");
    s.wait_for("task def web:1");
    let service = account.service().await;
    assert_eq!(family_revision(&service.task_definition), "web:1");

    // Clean the cluster up: the plan, the name typed, every step; moto has neither the service nor the
    // cluster left.
    s.send(":clusters\r");
    s.wait_for("Clusters (");
    s.send("/journey\r");
    s.send("D");
    s.wait_for("The plan, in order");
    s.send("\r");
    s.wait_for("type journey to confirm");
    s.send("journey\r");
    // The cleanup waits for the service's tasks to stop. ECS stops them after DeleteService; moto has no
    // scheduler, so the test does what ECS would.
    s.wait_for("tasks to stop");
    let running = TaskFilter {
        service_name: None,
        desired_status: DesiredStatus::Running,
    };
    for task in reader
        .list_tasks(&account.cluster, &running)
        .await
        .expect("ListTasks")
    {
        account
            .fixture
            .ecs
            .stop_task()
            .cluster(&account.cluster)
            .task(task)
            .reason("ECS: the service was deleted")
            .send()
            .await
            .expect("StopTask");
    }
    s.wait_for("cleaned up journey");
    assert_ne!(account.service().await.status, ServiceStatus::Active);
    let clusters = reader
        .describe_clusters(std::slice::from_ref(&account.cluster))
        .await
        .expect("DescribeClusters");
    assert!(
        clusters.items.iter().all(|c| c.status != "ACTIVE"),
        "{clusters:?}"
    );

    s.send("\x1b");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.assert_terminal_restored();

    // Every change is in the audit log with its outcome, none failed.
    let lines = std::fs::read_to_string(&audit).expect("the audit log was written");
    for action in [
        "scale",
        "stop-tasks",
        "deploy",
        "rollback",
        "delete-cluster",
    ] {
        assert!(
            lines
                .lines()
                .any(|l| l.contains(&format!("\"action\":\"{action}\"")) && l.contains("\"ok\"")),
            "{action} done, in:\n{lines}"
        );
    }
    assert!(!lines.contains("\"outcome\":\"error\""), "{lines}");
    let _ = std::fs::remove_file(&audit);
}
