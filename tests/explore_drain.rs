//! Draining a container instance from `:instances` (`x`), through the one mutation path: its dialog, the
//! read-only gate, one audit line, one UpdateContainerInstancesState; then the sandbox moves the service tasks
//! off the instance, and `x` again makes it ACTIVE.

mod walk;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use walk::Walk;
use wharf::app::ExploreScreen;
use wharf::app::{update, Action, Effect, Mutation, Overlay, UserAction};
use wharf::backend::Backend;
use wharf::model::ContainerInstanceStatus;
use wharf::runtime::settle;

/// The first instance of prod-ec2 with service tasks on it, selected.
async fn on_busy_instance(w: &mut Walk) -> String {
    w.keys(":instances prod-ec2\n").await;
    w.keys(":sort tasks\n").await;
    let wharf::app::Screen::Explore(ExploreScreen { cursor, .. }) = w.state.screen() else {
        panic!()
    };
    cursor.selected_key.clone().expect("an instance selected")
}

async fn enter(w: &mut Walk) -> Vec<Effect> {
    let fx = update(
        &mut w.state,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let kept = fx.clone();
    settle(&mut w.state, &w.sim, fx).await;
    kept
}

#[tokio::test]
async fn x_drains_an_instance_and_the_scheduler_moves_its_service_tasks() {
    let mut w = Walk::new(4, 120_000).await;
    let instance = on_busy_instance(&mut w).await;
    let cluster = w.sim.list_clusters().await.unwrap();
    let cluster = cluster
        .iter()
        .find(|c| c.ends_with("/prod-ec2"))
        .unwrap()
        .clone();

    w.user(UserAction::Drain).await;
    let Overlay::Dialog(dialog) = &w.state.overlay else {
        panic!("no dialog: {:?}", w.state.flash);
    };
    let mutation = dialog.mutation(&w.state).unwrap();
    assert_eq!(
        mutation,
        Mutation::SetInstancesState(wharf::app::mutation::SetInstancesState {
            cluster_arn: cluster.clone(),
            instance_arns: vec![instance.clone()],
            to: ContainerInstanceStatus::Draining,
        })
    );
    assert_eq!(mutation.describe().title, "Drain 1 container instance");

    let fx = enter(&mut w).await;
    let audits = fx.iter().filter(|e| matches!(e, Effect::Audit(_))).count();
    let sent = fx
        .iter()
        .filter(|e| matches!(e, Effect::Mutate { .. }))
        .count();
    assert_eq!((audits, sent), (1, 1), "{fx:?}");

    // Within a few minutes the service tasks are elsewhere; nothing new lands on it.
    w.seconds(240).await;
    let described = w
        .sim
        .describe_container_instances(&cluster, std::slice::from_ref(&instance))
        .await
        .unwrap()
        .items;
    assert_eq!(described[0].status, "DRAINING");
    let tasks = w
        .sim
        .list_tasks(
            &cluster,
            &wharf::model::TaskFilter {
                service_name: None,
                desired_status: wharf::model::DesiredStatus::Running,
            },
        )
        .await
        .unwrap();
    let running = w.sim.describe_tasks(&cluster, &tasks).await.unwrap().items;
    let left: Vec<&str> = running
        .iter()
        .filter(|t| t.container_instance_arn.as_deref() == Some(instance.as_str()))
        .map(|t| t.group.as_str())
        .collect();
    assert!(
        left.iter().all(|g| !g.starts_with("service:")),
        "service tasks left on a draining instance: {left:?}"
    );
    // The view shows it.
    assert!(w
        .cells()
        .iter()
        .any(|row| row.iter().any(|c| c == "DRAINING")));

    // x again: back to ACTIVE.
    let wharf::app::Screen::Explore(ExploreScreen { cursor, .. }) = w.state.screen() else {
        panic!()
    };
    assert_eq!(
        cursor.selected_key.as_deref(),
        Some(instance.as_str()),
        "the cursor stays on it"
    );
    w.user(UserAction::Drain).await;
    let Overlay::Dialog(dialog) = &w.state.overlay else {
        panic!("no dialog: {:?}", w.state.flash);
    };
    assert!(matches!(
        dialog.mutation(&w.state),
        Ok(Mutation::SetInstancesState(
            wharf::app::mutation::SetInstancesState {
                to: ContainerInstanceStatus::Active,
                ..
            }
        ))
    ));
    enter(&mut w).await;
    let described = w
        .sim
        .describe_container_instances(&cluster, std::slice::from_ref(&instance))
        .await
        .unwrap()
        .items;
    assert_eq!(described[0].status, "ACTIVE");
}

#[tokio::test]
async fn read_only_refuses_and_elsewhere_x_says_where_it_works() {
    let mut w = Walk::new(4, 60_000).await;
    w.user(UserAction::Drain).await;
    let flash = w.state.flash.clone().unwrap();
    assert!(flash.text.contains("container instance"), "{}", flash.text);
    assert!(matches!(w.state.overlay, Overlay::None));

    w.state.read_only = true;
    on_busy_instance(&mut w).await;
    let fx = update(&mut w.state, Action::User(UserAction::Drain));
    assert!(matches!(w.state.overlay, Overlay::None));
    assert!(fx.iter().all(|e| !matches!(e, Effect::Mutate { .. })));
    let flash = w.state.flash.clone().unwrap();
    assert!(flash.text.contains("read-only"), "{}", flash.text);
}
