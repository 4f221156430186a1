//! Snapshots of the exploring views (container instances, load balancers, targets) at 80x24 and 160x48, in
//! loading, empty, error and populated states.

mod ui_fixtures;

use ui_fixtures::*;
use wharf::app::explore::{Explored, Read, View};
use wharf::app::ExploreScreen;
use wharf::app::{update, Action, Loadable, Screen, State, Status};
use wharf::backend::BackendError;
use wharf::model::*;

const LB_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prod-public/50dc6c495c0c9188";

fn load_balancers() -> Vec<LoadBalancer> {
    vec![
        LoadBalancer {
            arn: LB_ARN.into(),
            name: "prod-public".into(),
            kind: LoadBalancerType::Application,
            scheme: "internet-facing".into(),
            dns_name: "prod-public-1234567890.us-east-1.elb.amazonaws.com".into(),
            state: "active".into(),
            availability_zones: vec!["us-east-1a".into(), "us-east-1b".into()],
            ..LoadBalancer::default()
        },
        LoadBalancer {
            arn: LB_ARN.replace("prod-public", "prod-internal"),
            name: "prod-internal".into(),
            kind: LoadBalancerType::Network,
            scheme: "internal".into(),
            dns_name: "internal-prod-internal-42.us-east-1.elb.amazonaws.com".into(),
            state: "provisioning".into(),
            ..LoadBalancer::default()
        },
    ]
}

fn instances() -> Vec<ContainerInstance> {
    let instance = |id: &str, az: &str, status: &str, agent: bool, left: (u32, u32), tasks: u32| {
        ContainerInstance {
            arn: format!("arn:aws:ecs:us-east-1:123456789012:container-instance/prod-ec2/{id}"),
            ec2_instance_id: format!("i-0{id}"),
            availability_zone: az.into(),
            status: status.into(),
            agent_connected: agent,
            registered_cpu: 2048,
            registered_memory: 7680,
            remaining_cpu: left.0,
            remaining_memory: left.1,
            running_tasks: tasks,
            pending_tasks: 0,
            instance_type: Some("m5.large".into()),
            agent_version: agent.then(|| "1.89.2".into()),
            ..ContainerInstance::default()
        }
    };
    vec![
        instance(
            "1a2b3c4d5e6f70809",
            "us-east-1a",
            "ACTIVE",
            true,
            (1024, 5632),
            2,
        ),
        instance(
            "2b3c4d5e6f7080901",
            "us-east-1b",
            "ACTIVE",
            true,
            (128, 512),
            5,
        ),
        instance(
            "3c4d5e6f708090a1b",
            "us-east-1c",
            "DRAINING",
            false,
            (2048, 7680),
            0,
        ),
    ]
}

/// The view on top of the clusters, with `answer` as what its read holds.
fn showing(view: View, read: Read, answer: Option<Loadable<Explored>>) -> State {
    let mut state = loaded();
    if let Some(answer) = answer {
        state.session.cache.explored.insert(read, answer);
    }
    state.screens = vec![clusters_screen(0), view.screen()];
    // `update` builds the view's rows and places its cursor, as after any answer.
    update(&mut state, Action::Resize(160, 48));
    state
}

fn failed() -> Loadable<Explored> {
    Loadable {
        data: None,
        status: Status {
            error: Some(BackendError::AccessDenied {
                action: "elasticloadbalancing:DescribeLoadBalancers".into(),
                resource: "*".into(),
            }),
            ..Status::default()
        },
    }
}

fn snap_all(name: &str, state: &State) {
    for (w, h) in SIZES {
        let mut state = state.clone();
        update(&mut state, Action::Resize(w, h));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(&state, w, h));
    }
}

#[test]
fn load_balancers_in_every_state() {
    let read = Read::LoadBalancers;
    let view = View::load_balancers;
    snap_all("lb_loading", &showing(view(), read.clone(), None));
    snap_all("lb_failed", &showing(view(), read.clone(), Some(failed())));
    let empty = Loadable::loaded(Explored::LoadBalancers(Vec::new()), ago(2));
    snap_all("lb_empty", &showing(view(), read.clone(), Some(empty)));
    let full = Loadable::loaded(Explored::LoadBalancers(load_balancers()), ago(2));
    snap_all("lb_loaded", &showing(view(), read, Some(full)));
}

#[test]
fn container_instances_in_every_state() {
    let cluster = cluster_arn(PROD);
    let read = Read::ContainerInstances {
        cluster_arn: cluster.clone(),
    };
    let view = || View::instances(&cluster);
    snap_all("instances_loading", &showing(view(), read.clone(), None));
    let empty = Loadable::loaded(Explored::ContainerInstances(Vec::new()), ago(2));
    snap_all(
        "instances_empty",
        &showing(view(), read.clone(), Some(empty)),
    );
    let full = Loadable::loaded(Explored::ContainerInstances(instances()), ago(2));
    let state = showing(view(), read, Some(full));
    snap_all("instances_loaded", &state);
    // The narrow layout leaves out the AZ and the agent, never the capacity bars.
    let narrow = render(&state, 80, 24);
    assert!(
        narrow.contains("CPU") && narrow.contains("MEMORY"),
        "{narrow}"
    );
    assert!(!narrow.contains("AGENT"), "{narrow}");
    assert!(render(&state, 160, 48).contains("AGENT"));
    // 1920 of 2048 CPU units used: a warning-level bar at 93%.
    assert!(narrow.contains("93%"), "{narrow}");
}

#[test]
fn a_filter_that_keeps_nothing_says_so() {
    let read = Read::LoadBalancers;
    let full = Loadable::loaded(Explored::LoadBalancers(load_balancers()), ago(2));
    let mut state = showing(View::load_balancers(), read, Some(full));
    let Screen::Explore(ExploreScreen { cursor, .. }) = state.screen_mut() else {
        unreachable!()
    };
    cursor.filter = wharf::app::Filter::parse("nothing-like-this");
    update(&mut state, Action::Resize(80, 24));
    let screen = render(&state, 80, 24);
    assert!(
        screen.contains("No load balancers match /nothing-like-this."),
        "{screen}"
    );
}
