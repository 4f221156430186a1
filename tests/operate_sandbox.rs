//! Each change end to end on the sandbox, through `update` and the effect runner as the runtime runs them:
//! the state afterwards read from the sandbox, the events a learner sees, the audit lines. The cleanup's
//! are in `operate_cleanup`.

mod faulty;

use faulty::driver::Driver;
use wharf::app::AuditOutcome;
use wharf::backend::Backend;
use wharf::model::*;

fn has_event(s: &Service, needle: &str) -> bool {
    s.events.iter().any(|e| e.message.contains(needle))
}

#[tokio::test]
async fn scale_a_service_and_watch_the_tasks_start() {
    // checkout: web and api scale automatically (a count set by hand is moved back).
    let mut d = Driver::new(3).await;
    d.open_service("prod-fargate", "checkout").await;
    let before = d.service("prod-fargate", "checkout").await.desired_count;
    d.keys(&format!("+{}\n", before + 2)).await;
    assert!(
        d.flash()
            .contains(&format!("checkout now wants {} tasks", before + 2)),
        "{}",
        d.flash()
    );
    assert_eq!(
        d.outcomes("scale"),
        vec![AuditOutcome::Attempt, AuditOutcome::Ok]
    );
    d.seconds(60).await;
    let checkout = d.service("prod-fargate", "checkout").await;
    assert_eq!(
        (checkout.desired_count, checkout.running_count),
        (before + 2, before + 2)
    );
    assert!(
        has_event(&checkout, "has started 2 tasks"),
        "{:?}",
        checkout.events
    );
    // The screen shows it too.
    let shown =
        wharf::app::dialog::find_service(&d.state, &checkout.cluster_arn, &checkout.arn).unwrap();
    assert_eq!(shown.running_count, before + 2);
}

#[tokio::test]
async fn stop_a_task_and_watch_it_heal() {
    let mut d = Driver::new(3).await;
    d.open_service("prod-fargate", "api").await;
    let running_before = d.service("prod-fargate", "api").await.running_count;
    let victim = d
        .state
        .screen()
        .cursor()
        .unwrap()
        .selected_key
        .clone()
        .unwrap();
    d.keys("xbad host\n").await;
    d.seconds(90).await;
    let tasks = d
        .backend
        .sim
        .describe_tasks("prod-fargate", std::slice::from_ref(&victim))
        .await
        .unwrap()
        .items;
    assert_eq!(tasks[0].last_status, TaskStatus::Stopped);
    assert_eq!(tasks[0].stopped_reason.as_deref(), Some("bad host"));
    assert_eq!(tasks[0].stop_code, Some(StopCode::UserInitiated));
    let api = d.service("prod-fargate", "api").await;
    assert_eq!(api.running_count, running_before, "a replacement runs");
    assert!(has_event(&api, "has started 1 tasks"), "{:?}", api.events);
    assert_eq!(
        d.outcomes("stop-tasks"),
        vec![AuditOutcome::Attempt, AuditOutcome::Ok]
    );
}

#[tokio::test]
async fn a_broken_image_trips_the_circuit_breaker_and_rolls_back() {
    let mut d = Driver::new(3).await;
    // Let the demo's own broken search rollout finish first.
    d.seconds(600).await;
    d.open_service("prod-fargate", "search").await;
    let before = d.service("prod-fargate", "search").await.task_definition;
    d.command("deploy --image search=public.ecr.aws/wharf-demo/search:9.9-broken")
        .await;
    d.keys("\n").await;
    let after = d.service("prod-fargate", "search").await;
    assert_ne!(
        after.task_definition, before,
        "a new revision is rolling out"
    );
    d.seconds(900).await;
    let search = d.service("prod-fargate", "search").await;
    assert_eq!(
        search.task_definition, before,
        "rolled back to the revision before"
    );
    assert!(
        has_event(&search, "deployment failed"),
        "{:?}",
        search.events
    );
    assert_eq!(
        d.outcomes("deploy"),
        vec![AuditOutcome::Attempt, AuditOutcome::Ok]
    );
}

#[tokio::test]
async fn roll_back_a_deployment_in_progress_and_to_the_revision_before() {
    let mut d = Driver::new(3).await;
    d.open_service("prod-fargate", "api").await;
    let first = d.service("prod-fargate", "api").await.task_definition;
    d.command("deploy --image api=public.ecr.aws/wharf-demo/api:2.15.0")
        .await;
    d.keys("\n").await;
    d.seconds(3).await;
    assert!(d.service("prod-fargate", "api").await.is_deploying());
    // In progress: StopServiceDeployment with ROLLBACK.
    d.keys("R\n").await;
    assert!(d.flash().contains("ECS returns to"), "{}", d.flash());
    d.seconds(300).await;
    let api = d.service("prod-fargate", "api").await;
    assert_eq!(api.task_definition, first);
    let deployments = d
        .backend
        .sim
        .list_service_deployments("prod-fargate", &api.arn)
        .await
        .unwrap();
    assert!(
        deployments.iter().any(|x| x.status.starts_with("ROLLBACK")),
        "{deployments:?}"
    );
    // Steady: a rollback deploys the ACTIVE revision before the one running.
    d.command("deploy --image api=public.ecr.aws/wharf-demo/api:2.16.0")
        .await;
    d.keys("\n").await;
    d.seconds(300).await;
    let newest = d.service("prod-fargate", "api").await.task_definition;
    assert_ne!(newest, first);
    d.keys("R").await;
    d.seconds(1).await;
    d.keys("\n").await;
    d.seconds(300).await;
    let api = d.service("prod-fargate", "api").await;
    let rev = |arn: &str| family_revision(arn).to_string();
    assert!(
        rev(&api.task_definition) < rev(&newest),
        "{} after {}",
        rev(&api.task_definition),
        rev(&newest)
    );
}

#[tokio::test]
async fn read_only_changes_nothing_in_the_sandbox() {
    let mut d = Driver::new(3).await;
    d.state.read_only = true;
    d.open_service("prod-fargate", "api").await;
    for key in ["+", "x", "d", "i", "F", "R", "D"] {
        d.keys(key).await;
        assert!(d.state.overlay.is_none(), "{key} opened nothing");
        assert!(
            d.flash().starts_with("read-only (profile sandbox): "),
            "{key}: {}",
            d.flash()
        );
    }
    for line in ["scale 9", "stop", "deploy --force", "rollback", "cleanup"] {
        d.command(line).await;
        assert!(d.state.overlay.is_none(), ":{line} opened nothing");
    }
    assert_eq!(d.backend.writes(), 0, "no write reached the sandbox");
    assert_eq!(d.audit.len(), 12, "{:?}", d.audit);
    assert!(d.audit.iter().all(|a| a.outcome == AuditOutcome::Refused));
}
