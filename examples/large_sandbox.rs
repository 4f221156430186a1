//! wharf on a large sandbox region, for measuring it over long sessions (memory, CPU):
//! `cargo run --release --example large_sandbox -- [SERVICES] [SPEED] [SEED]`.
//!
//! The region is the benchmarks' (`scenarios::large_world`): SERVICES Fargate services (2,000 by default)
//! over 10 clusters, one in three behind a target group, one in a hundred crash-looping. Its clock runs SPEED
//! times faster than real time (60 by default: an hour in a minute). Nothing is written to the audit log and
//! no AWS profile can be opened from it.

#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::sync::Arc;

use wharf::backend::sim::scenarios::large_world;
use wharf::backend::sim::{Sim, SimClock};
use wharf::config::theme::Theme;
use wharf::runtime::{Options, Session};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // ECS Exec in the sandbox runs this program again as its simulated shell.
    if args.first().map(String::as_str) == Some("--sandbox-shell") {
        return ExitCode::from(u8::try_from(wharf::sandbox_shell::main()).unwrap_or(1));
    }
    let number = |i: usize, default: f64| -> Result<f64, String> {
        match args.get(i) {
            None => Ok(default),
            Some(s) => s
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0)
                .ok_or_else(|| format!("`{s}` is not a positive number")),
        }
    };
    let parsed = (|| Ok::<_, String>((number(0, 2000.0)?, number(1, 60.0)?, number(2, 1.0)?)))();
    let (services, speed, seed) = match parsed {
        Ok(p) => p,
        Err(e) => {
            eprintln!("large_sandbox: {e}; usage: large_sandbox [SERVICES] [SPEED] [SEED]");
            return ExitCode::from(2);
        }
    };
    let clock = SimClock::Realtime { speed };
    // Built on the manual clock's start; from here its clock follows real time at `speed`.
    let sim = Sim::new(large_world(seed as u64, services as usize), clock);
    let session = Session {
        backend: Arc::new(sim),
        theme: Theme::default(),
        read_only: false,
    };
    let options = Options {
        audit_log: None,
        ..Options::default()
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("large_sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(wharf::runtime::run(session, options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("large_sandbox: {e:#}");
            ExitCode::FAILURE
        }
    }
}
