//! The sandbox's CloudWatch Logs: each simulated failure leaves the lines that explain it, a task that never
//! started has no stream, following reads only what is new, searches filter and page, and a stream keeps a
//! bounded number of events.

use wharf::backend::sim::*;
use wharf::backend::{Backend, BackendError};
use wharf::model::*;

fn world(seed: u64) -> World {
    let mut w = World::new(seed, MANUAL_START);
    w.create_cluster("prod", &["FARGATE"]);
    w
}

/// A service of `count` tasks of `repo/<name>:<tag>`, with an nginx sidecar when `sidecar`.
fn service(w: &mut World, name: &str, tag: &str, count: u32, sidecar: bool) {
    let mut spec = TaskDefinitionSpec::fargate(name, &format!("repo/{name}:{tag}"), 256, 512, 8080);
    if sidecar {
        let mut proxy = spec.containers[0].clone();
        proxy.name = "proxy".into();
        proxy.image = "nginx:1.25".into();
        proxy.essential = false;
        spec.containers.push(proxy);
    }
    let td = w.register_task_definition(spec).expect("task definition");
    w.create_service(ServiceSpec::new("prod", name, &td, count))
        .expect("service");
}

fn lb_service(w: &mut World, name: &str, tag: &str) {
    let lb = w.create_load_balancer("public", LoadBalancerType::Application, "internet-facing");
    let tg = w
        .create_target_group(TargetGroupSpec::new(&format!("{name}-tg"), 8080, "ip").on(&lb))
        .expect("target group");
    let td = w
        .register_task_definition(TaskDefinitionSpec::fargate(
            name,
            &format!("repo/{name}:{tag}"),
            256,
            512,
            8080,
        ))
        .expect("task definition");
    w.create_service(ServiceSpec::new("prod", name, &td, 1).load_balancer(&tg, name, 8080))
        .expect("service");
}

/// Advances until a task of the service has stopped with `code`; answers it.
fn first_stopped(w: &mut World, name: &str, code: StopCode) -> Task {
    for _ in 0..600 {
        w.advance(1_000);
        let stopped = w
            .tasks_of_service("prod", name)
            .into_iter()
            .find(|t| t.last_status == TaskStatus::Stopped && t.stop_code == Some(code));
        if let Some(t) = stopped {
            return t;
        }
    }
    panic!("no task of {name} stopped with {code:?} in ten minutes");
}

fn stream(container: &str, task: &Task) -> String {
    sandbox_log_stream(container, task.id())
}

fn tail(w: &World, group: &str, stream: &str, limit: u32) -> Vec<LogEvent> {
    w.get_log_events(group, stream, &LogFrom::Tail, limit)
        .expect("stream")
        .events
}

fn messages(events: &[LogEvent]) -> Vec<&str> {
    events.iter().map(|e| e.message.as_str()).collect()
}

#[test]
fn a_crash_ends_with_its_stack_trace_and_the_sidecar_shuts_down() {
    let mut w = world(1);
    service(&mut w, "orders", "crash", 1, true);
    let task = first_stopped(&mut w, "orders", StopCode::EssentialContainerExited);
    assert_eq!(task.containers[0].exit_code, Some(1));
    let events = tail(&w, "/ecs/orders", &stream("orders", &task), 6);
    let text = messages(&events);
    assert!(
        text.iter()
            .any(|l| l.starts_with("Exception in thread \"main\" java.lang.")),
        "{text:#?}"
    );
    assert!(
        text.last().unwrap().starts_with("\tat com.example."),
        "{text:#?}"
    );
    let stopped_at = task.stopping_at.expect("stopping");
    assert!(events.iter().all(|e| e.at <= stopped_at), "before the stop");
    let sidecar = tail(&w, "/ecs/orders", &stream("proxy", &task), 2);
    assert!(
        messages(&sidecar)[0].contains("SIGTERM"),
        "{:#?}",
        messages(&sidecar)
    );
    assert!(sidecar.iter().all(|e| e.at > stopped_at));
}

#[test]
fn an_out_of_memory_kill_follows_an_allocation_failure() {
    let mut w = world(2);
    service(&mut w, "web", "oom", 1, false);
    service(&mut w, "billing", "2.0-oom", 1, false);
    let node = first_stopped(&mut w, "web", StopCode::EssentialContainerExited);
    let java = first_stopped(&mut w, "billing", StopCode::EssentialContainerExited);
    for (task, group, container, says) in [
        (
            &node,
            "/ecs/web",
            "web",
            "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
        ),
        (
            &java,
            "/ecs/billing",
            "billing",
            "java.lang.OutOfMemoryError: Java heap space",
        ),
    ] {
        assert_eq!(task.containers[0].exit_code, Some(137));
        let events = tail(&w, group, &stream(container, task), 8);
        let hit = events
            .iter()
            .find(|e| e.message.contains(says))
            .unwrap_or_else(|| panic!("{:#?}", messages(&events)));
        assert!(hit.at <= task.stopping_at.unwrap());
    }
}

#[test]
fn a_broken_image_fails_its_health_checks_in_its_log() {
    let mut w = world(3);
    lb_service(&mut w, "api", "broken");
    let task = first_stopped(&mut w, "api", StopCode::ServiceSchedulerInitiated);
    let name = stream("api", &task);
    let search = LogSearch {
        pattern: Some("\"GET /health\" ?503 ?504".into()),
        ..LogSearch::new(StreamSelector::Names(vec![name.clone()]), 100)
    };
    let failed = w.filter_log_events("/ecs/api", &search).expect("search");
    assert!(failed.events.len() >= 2, "{failed:#?}");
    assert!(failed
        .events
        .iter()
        .all(|e| e.stream == name && e.at <= task.stopping_at.unwrap()));
    assert!(failed
        .events
        .iter()
        .any(|e| e.message.contains("timed out")));
    let healthy = LogSearch {
        pattern: Some("\"GET /health\" \" 200 \"".into()),
        ..search
    };
    assert!(w
        .filter_log_events("/ecs/api", &healthy)
        .unwrap()
        .events
        .is_empty());
}

#[tokio::test]
async fn a_task_whose_image_is_missing_has_no_stream() {
    let mut w = world(4);
    service(&mut w, "jobs", "missing", 1, false);
    let task = first_stopped(&mut w, "jobs", StopCode::TaskFailedToStart);
    let sim = Sim::new(w, SimClock::Manual);
    let name = stream("jobs", &task);
    let err = sim
        .get_log_events("/ecs/jobs", &name, &LogFrom::Head, 10)
        .await
        .expect_err("no stream");
    assert!(matches!(err, BackendError::NotFound { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains(&format!("log stream {name} in log group /ecs/jobs")),
        "{err}"
    );
    let all = sim
        .filter_log_events("/ecs/jobs", &LogSearch::new(StreamSelector::All, 100))
        .await
        .expect("the group exists");
    assert!(all.events.is_empty(), "{all:#?}");
    let err = sim
        .get_log_events("/ecs/nope", &name, &LogFrom::Head, 10)
        .await
        .expect_err("no group");
    assert!(err.to_string().contains("log group /ecs/nope"), "{err}");
}

#[test]
fn following_with_the_token_yields_only_newer_lines() {
    let mut w = world(5);
    service(&mut w, "web", "1.0", 1, false);
    w.advance(90_000);
    let task = w.tasks_of_service("prod", "web").remove(0);
    let name = stream("web", &task);
    let first = w
        .get_log_events("/ecs/web", &name, &LogFrom::Head, 1_000)
        .unwrap();
    assert!(first.events[0].message.starts_with("> app@1.0 start"));
    let last_seen = first.events.last().unwrap().at;
    let token = first.next_token.clone().expect("token");
    let again = w
        .get_log_events("/ecs/web", &name, &LogFrom::Token(token.clone()), 100)
        .unwrap();
    assert!(again.events.is_empty(), "nothing new yet");
    assert_eq!(again.next_token.as_deref(), Some(token.as_str()));
    w.advance(30_000);
    let newer = w
        .get_log_events("/ecs/web", &name, &LogFrom::Token(token), 100)
        .unwrap();
    assert!(newer.events.len() >= 5, "{newer:#?}");
    assert!(newer.events.iter().all(|e| e.at > last_seen));
    assert!(newer.events.windows(2).all(|p| p[0].at <= p[1].at));
    // Back from the first page gives nothing older than the start-up; a time jump lands on the time.
    let back = w
        .get_log_events(
            "/ecs/web",
            &name,
            &LogFrom::Token(first.previous_token.unwrap()),
            10,
        )
        .unwrap();
    assert!(back.events.is_empty());
    let at = newer.events[2].at;
    let jumped = w
        .get_log_events("/ecs/web", &name, &LogFrom::Time(at), 1)
        .unwrap();
    assert_eq!(jumped.events[0].at, at);
}

#[test]
fn a_search_merges_streams_by_time_filters_and_pages() {
    let mut w = world(6);
    service(&mut w, "shop", "1.0", 3, false);
    w.advance(300_000);
    let tasks = w.tasks_of_service("prod", "shop");
    let names: Vec<String> = tasks.iter().map(|t| stream("shop", t)).collect();
    let search = LogSearch {
        pattern: Some("?\" 201 \" ?\" 404 \"".into()),
        ..LogSearch::new(StreamSelector::Names(names.clone()), 10_000)
    };
    let whole = w.filter_log_events("/ecs/shop", &search).unwrap();
    assert_eq!(whole.next_token, None, "one page holds it all");
    assert!(whole.events.len() >= 10, "{}", whole.events.len());
    assert!(whole
        .events
        .iter()
        .all(|e| e.message.contains(" 201 ") || e.message.contains(" 404 ")));
    assert!(whole.events.windows(2).all(|p| p[0].at <= p[1].at));
    let streams: std::collections::BTreeSet<&str> =
        whole.events.iter().map(|e| e.stream.as_str()).collect();
    assert_eq!(streams.len(), 3);
    // Small pages read with their tokens give the same events, each once.
    let mut paged = Vec::new();
    let mut token = None;
    loop {
        let page = w
            .filter_log_events(
                "/ecs/shop",
                &LogSearch {
                    token: token.clone(),
                    limit: 7,
                    ..search.clone()
                },
            )
            .unwrap();
        assert!(page.events.len() <= 7);
        paged.extend(page.events);
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(paged, whole.events);
    // A prefix selects the same streams as their names; a time range bounds the events.
    let by_prefix = LogSearch {
        streams: StreamSelector::Prefix("ecs/shop/".into()),
        ..search.clone()
    };
    assert_eq!(w.filter_log_events("/ecs/shop", &by_prefix).unwrap(), whole);
    let (from, to) = (whole.events[3].at, whole.events[8].at);
    let ranged = LogSearch {
        start: Some(from),
        end: Some(to),
        ..search
    };
    let part = w.filter_log_events("/ecs/shop", &ranged).unwrap().events;
    assert!(part.iter().all(|e| e.at >= from && e.at <= to));
    assert!(part.len() >= 6);
}

#[test]
fn a_stream_keeps_its_newest_events_only() {
    let mut w = world(7);
    service(&mut w, "web", "1.0", 1, false);
    w.advance(3 * 3_600_000);
    let task = w.tasks_of_service("prod", "web").remove(0);
    let name = stream("web", &task);
    let mut seen = Vec::new();
    let mut from = LogFrom::Head;
    loop {
        let page = w.get_log_events("/ecs/web", &name, &from, 500).unwrap();
        if page.events.is_empty() {
            break;
        }
        seen.extend(page.events);
        from = LogFrom::Token(page.next_token.unwrap());
    }
    assert_eq!(seen.len() as u64, MAX_STREAM_EVENTS);
    assert!(
        !seen[0].message.starts_with("> app@"),
        "the start-up expired"
    );
    let tail = tail(&w, "/ecs/web", &name, 1);
    assert_eq!(tail[0], *seen.last().unwrap());
}
