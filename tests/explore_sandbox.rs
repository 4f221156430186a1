//! The exploring views on the sandbox, driven by keys and commands as a user would: `:lb` down to a target
//! and its task (an awsvpc one by its IP, a bridge one by its instance and host port), `:instances` down to an instance's tasks, `b` from a service, and what each view says when
//! it has nothing to show.

use wharf::app::explore::{Read, View};
use wharf::app::{ExploreScreen, ServicesScreen, TaskScreen};
use wharf::app::{Screen, TaskSource, UserAction};
use wharf::backend::Backend;
use wharf::model::{arn_name, TargetState};

mod ui_fixtures;
mod walk;

use walk::Walk;

#[tokio::test]
async fn lb_walks_from_a_load_balancer_to_the_task_behind_a_target() {
    let mut w = Walk::new(11, 90_000).await;
    w.keys(":lb\n").await;
    let mut names: Vec<String> = w
        .sim
        .describe_load_balancers(&[])
        .await
        .unwrap()
        .into_iter()
        .map(|lb| lb.name)
        .collect();
    names.sort();
    assert_eq!(w.firsts(), names);

    w.select("prod-public").await;
    w.keys("\n").await;
    assert!(matches!(w.view(), View::Listeners(_)), "{:?}", w.view());
    assert_eq!(w.firsts(), ["80", "8080"]);

    w.keys("\n").await;
    assert!(matches!(w.view(), View::Rules(_)));
    // In the order the load balancer tries them, the default rule last.
    let priorities = w.firsts();
    assert_eq!(priorities.last().map(String::as_str), Some("default"));
    let numbers: Vec<u32> = priorities.iter().filter_map(|p| p.parse().ok()).collect();
    assert!(numbers.windows(2).all(|p| p[0] < p[1]), "{priorities:?}");

    // Rule 10 forwards to the api's target group.
    w.select("10").await;
    w.keys("\n").await;
    assert_eq!(w.firsts(), ["api-tg"]);

    w.keys("\n").await;
    let Screen::Explore(ExploreScreen { rows, .. }) = w.state.screen() else {
        unreachable!()
    };
    let tg = w
        .sim
        .describe_target_groups(&[])
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.name == "api-tg")
        .unwrap();
    let targets = w.sim.describe_target_health(&tg.arn).await.unwrap();
    assert_eq!(rows.len(), targets.len());
    let healthy = targets
        .iter()
        .filter(|t| t.state == TargetState::Healthy)
        .count();
    assert!(healthy > 0, "the api serves: {targets:?}");

    // Enter on a target opens the task registered as it, found among the service's tasks.
    let target = w.firsts()[0].clone();
    w.keys("\n").await;
    let Screen::Task(TaskScreen { task_arn, from, .. }) = w.state.screen().clone() else {
        panic!("not a task: {:?}", w.state.screen());
    };
    // No service was read on the way: the task was found among its cluster's tasks.
    assert_eq!(from, TaskSource::Cluster);
    let task = w.state.task_on_screen().expect("the task is known");
    assert_eq!(task.group, "service:api");
    assert_eq!(task.arn, task_arn);
    let ip = target.split(':').next().unwrap();
    assert_eq!(task.private_ip.as_deref(), Some(ip));

    // Esc walks back up the same way.
    w.keys("\x1b").await;
    assert!(matches!(w.view(), View::Targets(_)));
}

/// Bridge-mode tasks share their instances: each target is an instance and a host port, and the task behind
/// it is the one bound to that port there.
#[tokio::test]
async fn a_bridge_target_leads_to_the_task_bound_to_its_host_port() {
    let mut w = Walk::new(11, 90_000).await;
    w.keys(
        ":lb
",
    )
    .await;
    w.select("prod-internal").await;
    w.keys(
        "

",
    )
    .await;
    w.select("20").await;
    w.keys(
        "
",
    )
    .await;
    assert_eq!(w.firsts(), ["orders-tg"]);
    w.keys(
        "
",
    )
    .await;
    // TARGET, STATE, AZ, TASK: every target names its task.
    let cells = w.cells();
    assert!(!cells.is_empty());
    for row in &cells {
        assert!(row[0].starts_with("i-"), "{row:?}");
        assert!(
            row[3].len() == 8 && row[3] != "?",
            "a task for each target: {row:?}"
        );
    }
    let target = cells[0][0].clone();
    let (instance, port) = target.split_once(':').expect("instance:port");
    w.keys(
        "
",
    )
    .await;
    let task = w.state.task_on_screen().expect("the task is known");
    assert_eq!(task.group, "service:orders");
    assert_eq!(task.ec2_instance_id.as_deref(), Some(instance));
    let bound: Vec<String> = task
        .containers
        .iter()
        .flat_map(|c| &c.network_bindings)
        .map(|b| b.host_port.to_string())
        .collect();
    assert_eq!(bound, [port]);
    // The task screen shows the binding beside the container, at a width with room for it.
    let mut wide = w.state.clone();
    wharf::app::update(&mut wide, wharf::app::Action::Resize(160, 48));
    let screen = ui_fixtures::render(&wide, 160, 48);
    assert!(screen.contains("HOST PORTS"), "{screen}");
    assert!(screen.contains(&format!("→{port}")), "{screen}");
    // The task screen names the instance and its type from that one instance, described once (the
    // cluster's instances were read by the clusters screen at the start, and are not read again either).
    let instance_reads = |w: &Walk| -> Vec<(Read, Option<wharf::model::Timestamp>)> {
        let mut reads: Vec<_> = w
            .state
            .session
            .cache
            .explored
            .iter()
            .filter(|(r, _)| {
                matches!(
                    r,
                    Read::ContainerInstance { .. } | Read::ContainerInstances { .. }
                )
            })
            .map(|(r, l)| (r.clone(), l.status.fetched_at))
            .collect();
        reads.sort();
        reads
    };
    let first = instance_reads(&w);
    let own = first.iter().filter(|(r, _)| {
        matches!(r, Read::ContainerInstance { arn, .. }
            if Some(arn) == task.container_instance_arn.as_ref())
    });
    assert_eq!(own.count(), 1, "{first:?}");
    let shown = wharf::app::explore::instance_of(&w.state, task).unwrap();
    assert!(
        shown.starts_with(instance) && shown.ends_with(')'),
        "{shown}"
    );
    let task = task.clone();
    w.seconds(60).await;
    assert_eq!(instance_reads(&w), first);
    // Another task of the service runs on another port (or instance): never the same target.
    let running = wharf::model::TaskFilter {
        service_name: Some("orders".into()),
        desired_status: wharf::model::DesiredStatus::Running,
    };
    let tasks = w.sim.list_tasks(&task.cluster_arn, &running).await.unwrap();
    let described = w
        .sim
        .describe_tasks(&task.cluster_arn, &tasks)
        .await
        .unwrap()
        .items;
    let same = described
        .iter()
        .filter(|t| t.ec2_instance_id.as_deref() == Some(instance))
        .filter(|t| {
            t.containers
                .iter()
                .flat_map(|c| &c.network_bindings)
                .any(|b| b.host_port.to_string() == port)
        })
        .count();
    assert_eq!(same, 1);
}

#[tokio::test]
async fn instances_show_what_each_instance_has_left_and_enter_lists_its_tasks() {
    let mut w = Walk::new(11, 90_000).await;
    w.keys(":instances prod-ec2\n").await;
    let cluster = w
        .state
        .session
        .cache
        .clusters
        .data
        .iter()
        .flatten()
        .find(|c| c.name == "prod-ec2")
        .unwrap()
        .arn
        .clone();
    let arns = w.sim.list_container_instances(&cluster).await.unwrap();
    let instances = w
        .sim
        .describe_container_instances(&cluster, &arns)
        .await
        .unwrap()
        .items;
    let Screen::Explore(ExploreScreen { rows, .. }) = w.state.screen() else {
        unreachable!()
    };
    assert_eq!(rows.len(), instances.len());
    for i in &instances {
        let row = rows.iter().find(|r| r.key == i.arn).expect("a row each");
        let cpu = row
            .cells
            .iter()
            .find_map(|c| match c {
                wharf::app::explore::Cell::Bar { used, total } => Some((*used, *total)),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            cpu,
            (
                u64::from(i.registered_cpu - i.remaining_cpu),
                u64::from(i.registered_cpu)
            )
        );
    }

    // The busiest instance by CPU first, after `:sort cpu`.
    w.keys(":sort cpu\n").await;
    let first = w.firsts()[0].clone();
    let busiest = instances
        .iter()
        .max_by_key(|i| (i.registered_cpu - i.remaining_cpu) * 1000 / i.registered_cpu)
        .unwrap();
    let share = |i: &wharf::model::ContainerInstance| {
        (i.registered_cpu - i.remaining_cpu) * 1000 / i.registered_cpu
    };
    let first_instance = instances
        .iter()
        .find(|i| i.ec2_instance_id == first)
        .unwrap();
    assert_eq!(share(first_instance), share(busiest));

    // Enter: the tasks placed on it, and nothing else.
    w.keys("\n").await;
    let View::InstanceTasks(_) = w.view() else {
        panic!("{:?}", w.view());
    };
    let Screen::Explore(ExploreScreen { rows, .. }) = w.state.screen() else {
        unreachable!()
    };
    let tasks = w
        .state
        .cluster_tasks_of(&cluster)
        .and_then(|l| l.data.clone())
        .unwrap();
    let on_it: Vec<&str> = tasks
        .iter()
        .filter(|t| t.container_instance_arn.as_deref() == Some(first_instance.arn.as_str()))
        .map(|t| t.arn.as_str())
        .collect();
    let shown: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    assert!(!on_it.is_empty());
    assert_eq!(shown.len(), on_it.len());
    assert!(shown.iter().all(|k| on_it.contains(k)));
}

#[tokio::test]
async fn b_on_a_service_shows_its_target_groups_and_says_why_when_it_has_none() {
    let mut w = Walk::new(11, 90_000).await;
    w.keys(":svc prod-fargate\n").await;
    let screen_rows = |w: &Walk| -> Vec<String> {
        let Screen::Services(ServicesScreen {
            cluster_arn,
            cursor,
        }) = w.state.screen()
        else {
            panic!()
        };
        let services = w.state.service_rows(cluster_arn);
        cursor
            .rows
            .iter()
            .map(|&i| services[i].name.clone())
            .collect()
    };
    let names = screen_rows(&w);
    let api = names.iter().position(|n| n == "api").unwrap();
    for _ in 0..api {
        w.keys("j").await;
    }
    w.user(UserAction::TargetGroups).await;
    assert_eq!(w.firsts(), ["api-tg"]);

    w.keys("\x1b").await;
    // A service with no load balancer says so and stays where it is.
    let services = screen_rows(&w);
    let Screen::Services(ServicesScreen { cluster_arn, .. }) = w.state.screen().clone() else {
        panic!()
    };
    let lonely = services
        .iter()
        .position(|n| {
            w.state
                .service_rows(&cluster_arn)
                .iter()
                .any(|s| &s.name == n && s.load_balancers.is_empty())
        })
        .expect("a service without a load balancer in the demo");
    for _ in api..lonely {
        w.keys("j").await;
    }
    for _ in lonely..api {
        w.keys("k").await;
    }
    let before = w.state.screens.len();
    w.user(UserAction::TargetGroups).await;
    assert_eq!(w.state.screens.len(), before);
    let flash = w.state.flash.clone().expect("a message");
    assert!(
        flash.text.contains("has no load balancer"),
        "{}",
        flash.text
    );
}

#[tokio::test]
async fn a_fargate_cluster_has_no_instances_and_says_why() {
    let mut w = Walk::new(11, 90_000).await;
    w.keys(":instances prod-fargate\n").await;
    let View::Instances(_) = w.view() else {
        panic!()
    };
    assert!(w.firsts().is_empty());
    let spec = w.view().spec();
    let empty = spec.empty(&w.state);
    assert!(
        empty.headline.contains("prod-fargate"),
        "{}",
        empty.headline
    );
    assert!(empty.meaning.contains("Fargate"), "{}", empty.meaning);
    // The cluster's name means the same to `:services` from here.
    w.keys(":svc\n").await;
    let Screen::Services(ServicesScreen { cluster_arn, .. }) = w.state.screen() else {
        panic!()
    };
    assert_eq!(arn_name(cluster_arn), "prod-fargate");
}

#[tokio::test]
async fn enter_on_a_rule_that_forwards_nowhere_says_what_it_does() {
    let mut w = Walk::new(11, 90_000).await;
    w.keys(":lb\n").await;
    w.select("prod-internal").await;
    w.keys("\n\n").await;
    w.select("5").await;
    w.keys("\n").await;
    let wharf::app::Overlay::Text(text) = &w.state.overlay else {
        panic!("nothing said: {:?}", w.state.overlay);
    };
    assert_eq!(text.title, "rule 5");
    assert!(
        text.lines.iter().any(|l| l.contains("fixed 200")),
        "{:?}",
        text.lines
    );
}

/// The clusters screen spells out the selected cluster's capacity, read once the cursor rests on it: moving
/// over clusters reads none of those passed.
#[tokio::test]
async fn capacity_is_read_for_the_cluster_the_cursor_rests_on_only() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use wharf::app::{update, Action, Effect, Fetch, Resource};
    let mut w = Walk::new(11, 90_000).await;
    let capacity_reads = |effects: &[Effect]| -> Vec<Read> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Fetch(Fetch::One(Resource::Explore(
                    read @ (Read::CapacityProviders { .. } | Read::ContainerInstances { .. }),
                ))) => Some(read.clone()),
                _ => None,
            })
            .collect()
    };
    // `j`, `j`, `k`, a tick after each (held down, keys repeat faster than ticks; slower here, to be sure).
    let mut passing = Vec::new();
    for code in [KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Char('k')] {
        passing.extend(update(
            &mut w.state,
            Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        ));
        w.sim.advance(250);
        passing.extend(update(&mut w.state, Action::Tick(w.sim.now())));
    }
    assert!(
        capacity_reads(&passing).is_empty(),
        "{:?}",
        capacity_reads(&passing)
    );
    // A second tick on the same row: the cursor rests on prod-fargate, whose providers are read.
    w.sim.advance(250);
    let rested = update(&mut w.state, Action::Tick(w.sim.now()));
    let reads = capacity_reads(&rested);
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert!(
        matches!(&reads[0], Read::CapacityProviders { names } if names.iter().any(|n| n == "FARGATE")),
        "{reads:?}"
    );
}
