//! What acting costs on the UI thread, on a 2,000-service cluster: making a cleanup's plan (pure, run on
//! every key in its dialog, as the dialog redraws) and drawing that dialog. Both must stay far below a
//! frame (16 ms).

#![forbid(unsafe_code)]

use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wharf::app::cleanup::{plan, Inputs, Scope};
use wharf::app::{update, Action, State};
use wharf::backend::BackendInfo;
use wharf::model::*;

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/big";

/// `n` services, each behind its own target group on one of 20 load balancers (a listener each, a rule per
/// service), each its own family with 5 revisions; as many again in another cluster.
fn inputs(n: usize) -> Inputs {
    let tg =
        |i: usize| format!("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/tg-{i}/{i:016x}");
    let lb = |i: usize| {
        format!("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/lb-{i}/{i:016x}")
    };
    let service = |i: usize, cluster: &str| Service {
        arn: format!("arn:aws:ecs:eu-west-1:1:service/{cluster}/svc-{i}"),
        name: format!("svc-{i}"),
        cluster_arn: format!("arn:aws:ecs:eu-west-1:1:cluster/{cluster}"),
        task_definition: format!("arn:aws:ecs:eu-west-1:1:task-definition/fam-{i}:5"),
        load_balancers: vec![LoadBalancerBinding {
            target_group_arn: tg(i),
            container_name: "app".into(),
            container_port: 80,
            ..Default::default()
        }],
        ..Default::default()
    };
    let listeners: Vec<Listener> = (0..20)
        .map(|l| Listener {
            arn: format!("{}/listener{l}", lb(l)),
            load_balancer_arn: lb(l),
            port: 80,
            protocol: "HTTP".into(),
            default_target_groups: vec![tg(l)],
            ..Default::default()
        })
        .collect();
    Inputs {
        services: (0..n).map(|i| service(i, "big")).collect(),
        other_services: (n..2 * n).map(|i| service(i, "other")).collect(),
        load_balancers: (0..20)
            .map(|l| LoadBalancer {
                arn: lb(l),
                ..Default::default()
            })
            .collect(),
        rules: (0..n)
            .map(|i| ListenerRule {
                arn: format!("rule-{i}"),
                listener_arn: listeners[i % 20].arn.clone(),
                priority: i.to_string(),
                is_default: false,
                target_groups: vec![tg(i)],
                ..Default::default()
            })
            .collect(),
        listeners,
        revisions: (0..n)
            .flat_map(|i| {
                (1..=5).map(move |r| TaskDefinition {
                    arn: format!("arn:aws:ecs:eu-west-1:1:task-definition/fam-{i}:{r}"),
                    family: format!("fam-{i}"),
                    revision: r,
                    status: "ACTIVE".into(),
                    ..Default::default()
                })
            })
            .collect(),
        ..Inputs::default()
    }
}

fn bench(c: &mut Criterion) {
    let scope = Scope::Cluster {
        cluster_arn: CLUSTER.into(),
    };
    let big = inputs(2000);
    c.bench_function("cleanup plan, 2,000 services, 10,000 revisions", |b| {
        b.iter(|| plan(&scope, &big))
    });

    // The dialog open on that plan, drawn at 160x48.
    let mut state = State::new(BackendInfo::default(), Timestamp(0));
    update(&mut state, Action::Resize(160, 48));
    state.session.cache.clusters = wharf::app::Loadable::loaded(
        vec![Cluster {
            arn: CLUSTER.into(),
            name: "big".into(),
            ..Default::default()
        }],
        Timestamp(0),
    );
    // The clusters' rows are worked out by `update`, and the cursor put on the first.
    update(&mut state, Action::Resize(160, 48));
    update(&mut state, Action::User(wharf::app::UserAction::Cleanup));
    update(
        &mut state,
        Action::CleanupRead {
            scope,
            result: Ok(big),
        },
    );
    assert!(state.overlay.dialog().is_some(), "the dialog is open");
    let theme = wharf::ui::Theme::default();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    c.bench_function("draw the cleanup dialog, 2,000 services, 160x48", |b| {
        b.iter(|| {
            terminal
                .draw(|f| wharf::ui::draw(f, &state, &theme))
                .unwrap();
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
