//! What cleaning untrusted text costs: one DescribeServices batch as ECS answers it (10 services, 100 events
//! each), clean as most answers are and with every event hostile; and the frame's last filter.

#![forbid(unsafe_code)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use wharf::model::text::clean_all;
use wharf::model::{Service, ServiceEvent, Timestamp};

fn batch(suffix: &str) -> Vec<Service> {
    (0..10)
        .map(|i| Service {
            arn: format!("arn:aws:ecs:eu-west-1:123456789012:service/prod/svc-{i}"),
            name: format!("svc-{i}"),
            events: (0..100)
                .map(|e| ServiceEvent {
                    id: format!("{i}-{e}"),
                    created_at: Timestamp(e),
                    message: format!(
                        "(service svc-{i}) has started 1 tasks: (task 0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5).{suffix}"
                    ),
                    own: false,
                })
                .collect(),
            ..Service::default()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("clean");
    for (name, suffix) in [
        ("clean", ""),
        ("hostile", " \x1b]0;PWNED\x07\x1b[2J\u{9b}1m"),
    ] {
        let services = batch(suffix);
        g.bench_function(
            format!("DescribeServices batch, 1,000 events, {name}"),
            |b| {
                b.iter_batched(
                    || services.clone(),
                    |mut s| {
                        clean_all(&mut s);
                        s
                    },
                    BatchSize::SmallInput,
                )
            },
        );
    }
    let mut frame = Buffer::empty(Rect::new(0, 0, 160, 48));
    g.bench_function("last filter over a 160x48 frame", |b| {
        b.iter(|| wharf::ui::text::scrub(&mut frame))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
