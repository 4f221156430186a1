use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use wharf::backend::aws::Aws;
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::Backend;
use wharf::cli::Cli;
use wharf::runtime::{Connector, Options, Session};
use wharf::ui::theme::Theme;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::for_terminal(no_color);
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
        match runtime.block_on(Aws::connect(&cli.aws_options())) {
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
    let session = Session {
        backend,
        theme,
        read_only: false,
    };
    let options = Options {
        connector: Some(aws_connector(cli.endpoint_url.clone(), no_color)),
        ..Options::default()
    };
    match runtime.block_on(wharf::runtime::run(session, options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wharf: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the AWS profile or region that `:profile` or `:region` names. A new profile brings its own region;
/// a new region keeps the profile; both keep the endpoint wharf was started with.
fn aws_connector(endpoint_url: Option<String>, no_color: bool) -> Connector {
    Arc::new(move |profile, region, current| {
        let endpoint_url = endpoint_url.clone();
        Box::pin(async move {
            let same_profile = (current.profile != "sandbox").then_some(current.profile);
            let options = wharf::backend::aws::AwsOptions {
                region: region.or_else(|| profile.is_none().then_some(current.region)),
                profile: profile.or(same_profile),
                endpoint_url,
            };
            let aws = Aws::connect(&options).await.map_err(|e| e.to_string())?;
            Ok(Session {
                backend: Arc::new(aws),
                theme: Theme::for_terminal(no_color),
                read_only: false,
            })
        })
    })
}
