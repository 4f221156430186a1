use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::Backend;
use wharf::cli::Cli;
use wharf::config::keymap::Keymap;
use wharf::ui::theme::Theme;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !cli.demo {
        eprintln!(
            "wharf: this build cannot reach AWS yet (the AWS backend is being built).\n\
             Run `wharf --demo` to explore the sandbox region, a simulated ECS region that needs no account."
        );
        return ExitCode::from(2);
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::for_terminal(no_color);
    let backend: Arc<dyn Backend> =
        Arc::new(Sim::demo(cli.seed, SimClock::Realtime { speed: cli.speed }));
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wharf: cannot start its async runtime: {e}");
            return ExitCode::FAILURE;
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
