//! The demo's stories start when wharf starts (the end of the warm-up), so a newcomer at `--speed 1` watches
//! them from the beginning: search's broken rollout rolls back, storefront's blue/green deployment waits at its
//! pause hook for someone to approve it.

use wharf::backend::sim::*;
use wharf::backend::Backend;
use wharf::model::*;

const F: &str = "prod-fargate";

async fn latest(sim: &Sim, service: &str) -> ServiceDeployment {
    let list = sim
        .list_service_deployments(F, service)
        .await
        .expect("list");
    let d = sim
        .describe_service_deployments(&[list[0].arn.clone()])
        .await
        .expect("describe");
    d.items.into_iter().next().expect("the newest deployment")
}

#[tokio::test]
async fn the_demo_stories_start_when_wharf_starts() {
    let sim = Sim::demo(1, SimClock::Manual);
    let t0 = sim.now();
    assert_eq!(t0, MANUAL_START.plus_millis(scenarios::DEMO_WARMUP_MS));
    for name in ["search", "payments", "storefront"] {
        let d = latest(&sim, name).await;
        assert_eq!(
            (d.status.clone(), d.created_at),
            (ServiceDeploymentStatus::InProgress, Some(t0)),
            "{name}"
        );
    }
    let storefront = sim
        .with_world(|w| w.service(F, "storefront"))
        .expect("storefront");
    let c = storefront.deployment_configuration;
    assert_eq!(
        (c.strategy, c.bake_time_minutes, c.pause_hooks),
        (Strategy::BlueGreen, Some(2), 1)
    );
    assert!(storefront.load_balancers[0]
        .alternate_target_group_arn
        .is_some());

    let (mut search_rolling_back, mut held) = (None, None);
    for _ in 0..120 {
        sim.advance(1_000);
        let search = latest(&sim, "search").await;
        if search.status != ServiceDeploymentStatus::InProgress && search_rolling_back.is_none() {
            search_rolling_back = Some((search.status, sim.now().since(t0)));
        }
        let store = latest(&sim, "storefront").await;
        if held.is_none() {
            held = store.awaiting_hook().map(|h| {
                (
                    h.hook_id.clone(),
                    store.lifecycle_stage.clone(),
                    store.arn.clone(),
                )
            });
        }
    }
    let (status, after) =
        search_rolling_back.expect("search's broken rollout fails within two minutes");
    assert_eq!(
        status,
        ServiceDeploymentStatus::RollbackInProgress,
        "after {after} ms"
    );
    let (hook, stage, arn) = held.expect("storefront waits at its pause hook within two minutes");
    assert_eq!(stage, "POST_TEST_TRAFFIC_SHIFT");

    sim.advance(2 * 60_000);
    assert_eq!(
        latest(&sim, "search").await.status,
        ServiceDeploymentStatus::RollbackSuccessful
    );
    sim.continue_service_deployment(&arn, &hook, HookAction::Continue)
        .await
        .expect("approve");
    sim.advance(5 * 60_000);
    let store = latest(&sim, "storefront").await;
    assert_eq!(
        (store.status, store.target.production_weight),
        (ServiceDeploymentStatus::Successful, Some(100.0))
    );
}
