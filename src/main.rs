use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use wharf::backend::aws::Aws;
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::Backend;
use wharf::cli::Cli;
use wharf::config::keymap::Keymap;
use wharf::config::{Effective, Env};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Settings and themes are checked in full before anything else: wharf never starts half-configured.
    let settings = match Effective::load(&cli, &Env::from_process()) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("wharf: {e}");
            return ExitCode::from(2);
        }
    };
    if cli.print_config {
        print!("{}", settings.print());
        return ExitCode::SUCCESS;
    }
    let theme = settings.theme();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wharf: cannot start its async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let backend: Arc<dyn Backend> = if cli.demo {
        Arc::new(Sim::demo(cli.seed, SimClock::Realtime { speed: cli.speed }))
    } else {
        // Everything that can fail before the first screen fails here, before the terminal is taken over.
        match runtime.block_on(Aws::connect(&cli.aws_options_with(&settings))) {
            Ok(aws) => Arc::new(aws),
            Err(e) => {
                eprintln!(
                    "wharf: cannot open AWS: {e}\n\
                     (Run `wharf --demo` to explore the sandbox region, which needs no account.)"
                );
                return ExitCode::from(2);
            }
        }
    };
    match runtime.block_on(wharf::runtime::run(backend, theme, Keymap::default())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wharf: {e:#}");
            ExitCode::FAILURE
        }
    }
}
