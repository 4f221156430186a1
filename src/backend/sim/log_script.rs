//! A sandbox container's log stream, computed from its task and the virtual clock instead of stored: start-up
//! lines when it starts, a request (or a load balancer health check) every few seconds while it runs, and the
//! lines that explain how it ended. Every line's time and text follow from the task and the line's number
//! through a seeded hash, so a stream reads the same every time and costs the scheduler nothing.
//!
//! Lines never change once their time has passed: a crash's stack trace sits just before the scheduler step
//! that acts on `exit_at`, known from the moment the container starts, and a stop only ends what comes after
//! it. So an index into the stream is a stable position, which is what tokens hold.

use super::behavior::Behavior;
use super::log_text::{self, Flavour};
use super::world::{SimTask, World, STEP_MS};
use crate::model::{family_of, sandbox_log_stream, StopCode, Timestamp};

/// Events a stream keeps: older ones are gone, as if the group's retention had dropped them.
pub const MAX_STREAM_EVENTS: u64 = 2_000;

/// One container's stream as it stands at some moment.
pub(crate) struct Script {
    pub name: String,
    seed: u64,
    /// Start-up lines, then after the periodic ones the ending lines: only those already written.
    head: Vec<(Timestamp, String)>,
    tail: Vec<(Timestamp, String)>,
    slots: Slots,
}

/// The periodic lines: number `k` is written at `base + k * period + jitter(k)`.
struct Slots {
    base: Timestamp,
    period: i64,
    /// How many have been written.
    count: u64,
    flavour: Flavour,
    /// Every `every`-th line is a load balancer health check of `path`.
    health: Option<(String, u64)>,
    broken: bool,
}

/// A 64-bit mix (splitmix64): the sandbox's "random" that depends on nothing but its input.
pub(crate) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Slots {
    fn at(&self, seed: u64, k: u64) -> Timestamp {
        let jitter = (mix(seed ^ k) % (self.period as u64 / 2)) as i64;
        self.base.plus_millis(k as i64 * self.period + jitter)
    }

    /// How many slots are written at or before `until`.
    fn count_until(&self, seed: u64, until: Timestamp) -> u64 {
        if until < self.base {
            return 0;
        }
        let whole = (until.millis() - self.base.millis()) / self.period;
        let k = whole as u64;
        // Slots before `k` are surely written (their jitter is under half a period); `k` itself may be.
        k + u64::from(self.at(seed, k) <= until)
    }

    fn message(&self, seed: u64, k: u64) -> String {
        let roll = mix(seed.wrapping_mul(31) ^ k);
        match &self.health {
            Some((path, every)) if k.is_multiple_of(*every) => {
                log_text::health_check(self.flavour, path, self.broken, k / every, roll)
            }
            _ if self.broken && roll.is_multiple_of(5) => log_text::broken_warning(self.flavour),
            _ => log_text::request(self.flavour, roll),
        }
    }
}

impl Script {
    /// Events written so far, the expired ones included.
    pub fn total(&self) -> u64 {
        self.head.len() as u64 + self.slots.count + self.tail.len() as u64
    }

    /// The first event still kept.
    pub fn first_kept(&self) -> u64 {
        self.total().saturating_sub(MAX_STREAM_EVENTS)
    }

    pub fn at(&self, i: u64) -> Timestamp {
        let head = self.head.len() as u64;
        if i < head {
            self.head[i as usize].0
        } else if i - head < self.slots.count {
            self.slots.at(self.seed, i - head)
        } else {
            self.tail[(i - head - self.slots.count) as usize].0
        }
    }

    pub fn message(&self, i: u64) -> String {
        let head = self.head.len() as u64;
        if i < head {
            self.head[i as usize].1.clone()
        } else if i - head < self.slots.count {
            self.slots.message(self.seed, i - head)
        } else {
            self.tail[(i - head - self.slots.count) as usize].1.clone()
        }
    }

    /// The first kept event at or after `t` (`total()` when there is none).
    pub fn first_at_or_after(&self, t: Timestamp) -> u64 {
        let (mut lo, mut hi) = (self.first_kept(), self.total());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.at(mid) < t {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// The first scheduler step at or after `t`: when the world acts on something due at `t`.
fn step_at_or_after(world: &World, t: Timestamp) -> Timestamp {
    let since = t.millis() - world.start.millis();
    let steps = (since + STEP_MS - 1).div_euclid(STEP_MS);
    world.start.plus_millis(steps * STEP_MS)
}

/// When the task's essential container exits by itself (`:crash`, `:oom`): known from its start.
fn exits_at(world: &World, t: &SimTask) -> Option<Timestamp> {
    match (t.exit_at, t.task.stop_code) {
        (Some(exit), _) => Some(step_at_or_after(world, exit)),
        (None, Some(StopCode::EssentialContainerExited)) => t.task.stopping_at,
        _ => None,
    }
}

/// `lines` written one after another from `from`, `gap` ms apart.
fn spaced(lines: Vec<String>, from: Timestamp, gap: i64) -> Vec<(Timestamp, String)> {
    (0..)
        .zip(lines)
        .map(|(i, l)| (from.plus_millis(i * gap), l))
        .collect()
}

/// Container `index` of `t`'s stream as it stands at the world's now; `None` if the container never started
/// (a task still starting, or one whose image could not be pulled: ECS creates no stream for those).
pub(crate) fn script(world: &World, t: &SimTask, index: usize) -> Option<Script> {
    let started = t.task.started_at?;
    let container = t.task.containers.get(index)?;
    let now = world.now;
    let seed = mix(t.key.wrapping_mul(1_000_003) ^ index as u64);
    let flavour = Flavour::of(&container.image);
    let culprit = index == t.culprit;
    let binding = t
        .service
        .and_then(|k| world.services.get(&k))
        .and_then(|s| s.load_balancers.first())
        .filter(|b| b.container_name == container.name);
    let port = binding.map_or(8080, |b| b.container_port);
    let period = if index == 0 || culprit {
        2_000 + (seed % 3_001) as i64
    } else {
        8_000 + (seed % 7_001) as i64
    };
    let health = binding
        .zip(t.targets.first())
        .and_then(|(_, target)| world.target_groups.get(&target.target_group))
        .map(|g| {
            let path = g
                .group
                .health_check
                .path
                .clone()
                .unwrap_or_else(|| "/".into());
            (path, (g.interval_ms / period).max(1) as u64)
        });
    let base = started.plus_millis(1_000);
    let (cut, ending) = match (exits_at(world, t), t.task.stopping_at) {
        (Some(exit), _) if culprit => {
            let lines = if t.behavior == Behavior::Oom {
                log_text::out_of_memory(flavour)
            } else {
                log_text::crash(flavour)
            };
            let from = exit.plus_millis(-(lines.len() as i64) * 3);
            (Some(from.plus_millis(-500)), spaced(lines, from, 3))
        }
        (Some(exit), _) => (Some(exit), stop_lines(flavour, exit)),
        (None, Some(stopping)) => (Some(stopping), stop_lines(flavour, stopping)),
        (None, None) => (None, Vec::new()),
    };
    let limit = cut.map_or(now, |c| c.plus_millis(-1).min(now));
    let written = |lines: Vec<(Timestamp, String)>, until: Timestamp| {
        lines
            .into_iter()
            .filter(|(at, _)| *at <= until)
            .collect::<Vec<_>>()
    };
    let startup = spaced(
        log_text::startup(flavour, &container.image, port),
        started,
        37,
    );
    let slots = Slots {
        base,
        period,
        count: 0,
        flavour,
        health,
        broken: culprit && t.behavior == Behavior::Broken,
    };
    let count = slots.count_until(seed, limit);
    Some(Script {
        name: sandbox_log_stream(&container.name, t.task.id()),
        seed,
        head: written(startup, limit),
        tail: written(ending, now),
        slots: Slots { count, ..slots },
    })
}

fn stop_lines(flavour: Flavour, at: Timestamp) -> Vec<(Timestamp, String)> {
    spaced(log_text::shutdown(flavour), at.plus_millis(100), 350)
}

/// The family whose log group is `/ecs/<family>`, for a task.
pub(crate) fn family_of_task(t: &SimTask) -> &str {
    family_of(&t.task.task_definition_arn)
}
