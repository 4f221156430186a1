//! How long one virtual second takes in a large sandbox region.

#![forbid(unsafe_code)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use wharf::backend::sim::scenarios::large_world;

fn advance_one_second(c: &mut Criterion) {
    let mut g = c.benchmark_group("sim");
    g.sample_size(30);
    let mut world = large_world(1, 2_000);
    let tasks = world.all_tasks().len();
    g.bench_function(format!("advance 1s, 2000 services, {tasks} tasks"), |b| {
        b.iter(|| world.advance(1_000))
    });
    g.bench_function("build + warm up 2000 services", |b| {
        b.iter_batched(|| (), |_| large_world(2, 2_000), BatchSize::PerIteration)
    });
    g.finish();
}

criterion_group!(benches, advance_one_second);
criterion_main!(benches);
