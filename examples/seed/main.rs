//! Builds a realistic ECS + ELBv2 world on an endpoint through the AWS SDK, for trying wharf on an emulator
//! and for benchmarks:
//!
//! ```sh
//! cargo run --release --example seed -- --endpoint-url http://127.0.0.1:5000 --clusters 3 --services 40
//! cargo run --release --example seed -- --endpoint-url http://127.0.0.1:5000 --clusters 1 --services 2000 --tasks-per-service 1
//! ```
//!
//! With `--endpoint-url` it signs with dummy credentials (an emulator accepts any), so it cannot reach a real
//! account; without it, it refuses to run unless `--i-mean-real-aws` is given.

#![forbid(unsafe_code)]

#[allow(dead_code)]
mod world;

use std::process::ExitCode;

use clap::Parser;
use wharf::backend::aws::{load_sdk_config, loopback_sdk_config, AwsOptions};
use world::{emulator_network, moto_keep_tasks_running, Network, Seeder, Spec};

#[derive(Debug, Parser)]
#[command(
    about = "Seed an ECS/ELBv2 endpoint (e.g. moto) with clusters, services, tasks and load balancers"
)]
struct Args {
    /// The emulator to seed, e.g. http://127.0.0.1:5000 (dummy credentials are used).
    #[arg(long)]
    endpoint_url: Option<String>,
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// Seed the real AWS account of the standard credential chain (only without --endpoint-url).
    #[arg(long)]
    i_mean_real_aws: bool,
    /// With --i-mean-real-aws: the profile to use.
    #[arg(long)]
    profile: Option<String>,
    #[arg(long, default_value_t = 3)]
    clusters: usize,
    /// Services per cluster.
    #[arg(long, default_value_t = 40)]
    services: usize,
    #[arg(long, default_value_t = 2)]
    tasks_per_service: usize,
    /// Every n-th service is behind a target group of an ALB (0: none).
    #[arg(long, default_value_t = 2)]
    lb_every: usize,
    /// Names start with this (PREFIX-1, PREFIX-2, ...).
    #[arg(long, default_value = "seed")]
    prefix: String,
    /// API calls in flight at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Subnets for tasks and ALBs (comma-separated, two or more); default: the emulator's default VPC.
    #[arg(long, value_delimiter = ',')]
    subnets: Vec<String>,
    /// Security group for tasks and ALBs; default: the emulator's default VPC's default group.
    #[arg(long)]
    security_group: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let sdk = match (&args.endpoint_url, args.i_mean_real_aws) {
        (Some(url), false) => loopback_sdk_config(url, &args.region),
        (None, true) => {
            load_sdk_config(&AwsOptions {
                profile: args.profile.clone(),
                region: Some(args.region.clone()),
                endpoint_url: None,
            })
            .await
        }
        (Some(_), true) => {
            return Err("give either --endpoint-url or --i-mean-real-aws, not both".into())
        }
        (None, false) => {
            return Err(
                "refusing to run without --endpoint-url (e.g. --endpoint-url http://127.0.0.1:5000): \
                 it would create resources in a real AWS account. Pass --i-mean-real-aws if that is what you want."
                    .into(),
            )
        }
    };
    let net = match (&args.security_group, args.subnets.len() >= 2) {
        (Some(sg), true) => Network {
            subnets: args.subnets.clone(),
            security_group: sg.clone(),
        },
        _ => match &args.endpoint_url {
            Some(url) => emulator_network(url)?,
            None => return Err("pass --subnets (two or more) and --security-group".into()),
        },
    };
    if let Some(url) = &args.endpoint_url {
        // moto moves a task one step towards STOPPED on every DescribeTasks unless told otherwise.
        if let Err(e) = moto_keep_tasks_running(url) {
            eprintln!("seed: not moto? tasks may not stay RUNNING ({e})");
        }
    }
    let spec = Spec {
        prefix: args.prefix.clone(),
        clusters: args.clusters,
        services: args.services,
        tasks_per_service: args.tasks_per_service,
        lb_every: args.lb_every,
        concurrency: args.concurrency,
    };
    eprintln!(
        "seeding {} cluster(s) x {} service(s) x {} task(s) on {} ({})",
        spec.clusters,
        spec.services,
        spec.tasks_per_service,
        args.endpoint_url.as_deref().unwrap_or("real AWS"),
        args.region
    );
    let report = |line: &str| eprintln!("  {line}");
    let world = Seeder::new(&sdk).seed(&spec, &net, &report).await?;
    println!(
        "seeded {} clusters, {} task definitions, {} services, {} tasks, {} load balancers, {} target groups in {:.1} s",
        world.clusters.len(),
        world.task_definitions.len(),
        world.services.len(),
        world.tasks(),
        world.load_balancers.len(),
        world.target_groups(),
        world.elapsed.as_secs_f64()
    );
    Ok(())
}
