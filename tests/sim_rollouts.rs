//! Service deployment history over virtual time: DescribeServiceDeployments and DescribeServiceRevisions, the
//! record a failed deployment keeps after its rollback, and what CreateService asks of a strategy.

#[path = "sim_rollouts/world.rs"]
mod world;

use wharf::backend::sim::*;
use wharf::model::*;
use world::*;

#[test]
fn a_failed_rolling_deployment_keeps_its_record_after_rolling_back() {
    let (mut w, blue, _) = region(1);
    service(&mut w, &blue, |s| s.circuit_breaker(true));
    let first = latest(&w);
    assert_eq!(first.status, ServiceDeploymentStatus::Successful);
    assert_eq!(
        first.target.task_definition,
        w.task_definition("search:1").unwrap().arn
    );
    assert!(first.sources.is_empty(), "CreateService moves from nothing");

    w.update_service_task_definition("prod", "search", "search:3")
        .expect("deploy");
    let mut statuses = vec![latest(&w).status];
    for _ in 0..20 * 60 {
        w.advance(1_000);
        let s = latest(&w).status;
        if statuses.last() != Some(&s) {
            statuses.push(s);
        }
    }
    use ServiceDeploymentStatus::*;
    assert_eq!(
        statuses,
        [InProgress, RollbackInProgress, RollbackSuccessful]
    );
    let list = w.list_service_deployments("prod", "search").expect("list");
    let listed: Vec<&str> = list.iter().map(|d| d.status.as_str()).collect();
    assert_eq!(
        listed,
        ["ROLLBACK_SUCCESSFUL", "SUCCESSFUL"],
        "newest first"
    );

    let failed = latest(&w);
    let td = |r: &str| w.task_definition(r).unwrap().arn;
    assert_eq!(failed.strategy, Strategy::Rolling);
    assert_eq!(failed.target.task_definition, td("search:3"));
    assert_eq!(failed.sources.len(), 1);
    assert_eq!(failed.sources[0].task_definition, td("search:1"));
    assert_eq!(
        failed.sources[0].service_revision_arn,
        first.target.service_revision_arn
    );
    assert_eq!(
        (failed.target.running_tasks, failed.sources[0].running_tasks),
        (0, 4)
    );
    let reason = failed.rollback_reason.clone().expect("a rollback reason");
    assert!(
        reason.starts_with("ECS deployment circuit breaker: rolling back"),
        "{reason}"
    );
    let breaker = failed
        .breaker
        .clone()
        .expect("ROLLING has a circuit breaker");
    assert_eq!(
        (breaker.status.as_str(), breaker.threshold),
        ("TRIGGERED", 3)
    );
    assert!(breaker.failure_count >= 3, "{breaker:?}");
    assert!(failed.finished_at.is_some() && failed.stopped_at.is_none());
    assert!(failed.lifecycle_stage.is_empty() && failed.hooks.is_empty());

    let revisions = [
        failed.target.service_revision_arn.clone(),
        failed.sources[0].service_revision_arn.clone(),
    ];
    let r = w.describe_service_revisions(&revisions);
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    let tds: Vec<String> = r.items.iter().map(|r| r.task_definition.clone()).collect();
    assert_eq!(tds, [td("search:3"), td("search:1")]);
}

#[test]
fn unknown_service_deployments_and_revisions_are_missing() {
    let (mut w, blue, _) = region(2);
    service(&mut w, &blue, |s| s);
    let known = latest(&w).arn;
    let unknown = known.replace("/search/", "/nope/");
    let garbage = "not-an-arn".to_string();
    let d = w.describe_service_deployments(&[known.clone(), unknown.clone(), garbage.clone()]);
    assert_eq!(d.items.len(), 1);
    let failed: Vec<(&str, &str)> = d
        .failures
        .iter()
        .map(|f| (f.arn.as_str(), f.reason.as_str()))
        .collect();
    assert_eq!(
        failed,
        [(unknown.as_str(), "MISSING"), (garbage.as_str(), "MISSING")]
    );
    let r = w.describe_service_revisions(&[known]);
    assert_eq!(
        (r.items.len(), r.failures[0].reason.as_str()),
        (0, "MISSING")
    );
}

#[test]
fn a_traffic_shifting_strategy_needs_an_alternate_target_group() {
    let (mut w, blue, _) = region(7);
    let spec = ServiceSpec::new("prod", "search", "search:1", 2)
        .load_balancer(&blue, "search", 8080)
        .strategy(Strategy::BlueGreen);
    match w.create_service(spec) {
        Err(wharf::backend::BackendError::Api { code, message }) => {
            assert_eq!(code, "InvalidParameterException");
            assert!(message.contains("alternateTargetGroupArn"), "{message}");
        }
        other => panic!("expected InvalidParameterException, got {other:?}"),
    }
}

#[test]
fn pause_hooks_are_checked_when_the_service_is_created() {
    let (mut w, blue, green) = region(9);
    let base = || {
        ServiceSpec::new("prod", "search", "search:1", 2)
            .load_balancer(&blue, "search", 8080)
            .alternate_target_group(&green)
    };
    let refused = |w: &mut World, spec: ServiceSpec| match w.create_service(spec) {
        Err(wharf::backend::BackendError::Api { code, message }) => {
            assert_eq!(code, "InvalidParameterException", "{message}");
            message
        }
        other => panic!("expected InvalidParameterException, got {other:?}"),
    };
    let m = refused(&mut w, base().pause_hook(PauseHook::default()));
    assert!(m.contains("BLUE_GREEN"), "ROLLING has no hooks: {m}");
    let bg = || base().strategy(Strategy::BlueGreen);
    let m = refused(&mut w, bg().pause_hook(PauseHook::at(Stage::CleanUp)));
    assert!(m.contains("CLEAN_UP"), "{m}");
    let too_long = PauseHook::default().timeout(15 * 24 * 60, HookAction::Continue);
    let m = refused(&mut w, bg().pause_hook(too_long));
    assert!(m.contains("20160"), "{m}");
    w.create_service(bg().pause_hook(PauseHook::at(Stage::PreScaleUp)))
        .expect("a hook before scale-up");
}
