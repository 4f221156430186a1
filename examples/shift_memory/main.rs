//! How much memory an on-call shift takes: wharf walks the 2,000-service sandbox region (the benchmarks'
//! `scenarios::large_world`) headless, in virtual time, one view every 2.88 virtual seconds, then prints what
//! its cache holds and the process's resident memory (Linux: VmRSS and VmHWM of /proc/self/status).
//!
//! `cargo run --release --example shift_memory -- [--keep] [HOURS] [SERVICES]`: HOURS of walking (1 by
//! default) on SERVICES services (2,000). `--keep` sets `forget_after` past the walk, so nothing is forgotten:
//! the cache as it was before it forgot.

#![forbid(unsafe_code)]

mod walk;

use std::process::ExitCode;

use walk::{Route, Shift};
use wharf::app::RefreshPolicy;
use wharf::backend::sim::scenarios::large_world;
use wharf::backend::sim::{Sim, SimClock};

const BETWEEN_VIEWS_MS: i64 = 2_880;
const HOUR_MS: i64 = 3_600_000;
/// `large_world`'s clusters.
const CLUSTERS: usize = 10;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let keep = args.iter().any(|a| a == "--keep");
    args.retain(|a| a != "--keep");
    let number = |i: usize, default: usize| -> Result<usize, String> {
        args.get(i).map_or(Ok(default), |s| {
            s.parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("`{s}` is not a positive whole number"))
        })
    };
    let (hours, services) = match number(0, 1).and_then(|h| Ok((h, number(1, 2_000)?))) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("shift_memory: {e}; usage: shift_memory [--keep] [HOURS] [SERVICES]");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("shift_memory: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let sim = Sim::new(large_world(1, services), SimClock::Manual);
        println!("region built: {}", memory());
        let mut shift = Shift::start(sim, BETWEEN_VIEWS_MS).await;
        if keep {
            shift.state.set_refresh(RefreshPolicy {
                forget_after_ms: hours as i64 * HOUR_MS * 2,
                ..shift.state.refresh
            });
        }
        let route = Route {
            clusters: (0..CLUSTERS).map(|c| format!("bench-{c}")).collect(),
            ec2_cluster: None,
            spread: services.div_ceil(CLUSTERS).max(1),
        };
        let views = (hours as i64 * HOUR_MS / BETWEEN_VIEWS_MS) as usize;
        shift.walk(&route, views).await;
        for (hour, most) in shift.most.iter().enumerate() {
            println!("hour {}: the most held {most:?}", hour + 1);
        }
        let ten_minutes = RefreshPolicy::default().forget_after_ms;
        println!(
            "{} views over {:.2} h, {}: the cache holds {:?}, {} entries unused for 10 minutes; {}",
            shift.views,
            shift.hours(),
            if keep {
                "forgetting nothing"
            } else {
                "forgetting after 10 minutes"
            },
            shift.state.session.cache.census(),
            shift.unused_for(ten_minutes).len(),
            memory()
        );
    });
    ExitCode::SUCCESS
}

/// The process's resident memory now and at its peak, as Linux tells it.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map_or("unknown".to_string(), |v| v.trim().to_string())
    };
    format!("VmRSS {}, VmHWM {}", field("VmRSS:"), field("VmHWM:"))
}
