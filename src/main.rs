#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use wharf::backend::aws::Aws;
use wharf::backend::sim::{Sim, SimClock};
use wharf::backend::Backend;
use wharf::cli::Cli;
use wharf::config::keymap::Keymap;
use wharf::config::{Effective, Env};
use wharf::model::text::clean;
use wharf::model::Shape;
use wharf::runtime::{Connector, Options, Session};

fn main() -> ExitCode {
    // A forward's plugin, started through wharf so that it ends with it (`runtime::forwards::run_tied`):
    // before the command line is parsed, as everything after the flag is the plugin's.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(wharf::runtime::forwards::TIED) {
        say(&wharf::runtime::forwards::run_tied(&args[1..]));
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    // The sandbox's ECS Exec runs wharf itself as the session's program (`runtime::exec`).
    if cli.sandbox_shell {
        return ExitCode::from(u8::try_from(wharf::sandbox_shell::main()).unwrap_or(1));
    }
    // Settings, themes and the keymap are checked in full before anything else: wharf never starts
    // half-configured.
    let settings = match Effective::load(&cli.flags(), &Env::from_process()) {
        Ok(settings) => Arc::new(settings),
        Err(e) => {
            say(&e);
            return ExitCode::from(2);
        }
    };
    // The keymap is part of the configuration: `--print-config` checks it too.
    let keymap = match load_keymap(&settings) {
        Ok(keymap) => keymap,
        Err(e) => {
            say(&e);
            return ExitCode::from(2);
        }
    };
    if cli.print_config {
        // Values come from files and the environment: each line cleaned, the line breaks kept.
        for line in settings.print().lines() {
            println!("{}", clean(line, Shape::Line));
        }
        // What ECS Exec needs besides the settings.
        let plugin = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
            .and_then(|rt| rt.block_on(wharf::runtime::exec::find_plugin()));
        let line = match plugin {
            Ok(p) => format!("session-manager-plugin = {}   # {}", p.version, p.path),
            Err(why) => format!(
                "session-manager-plugin = none   # {why}; ECS Exec needs it: {}",
                wharf::app::mutation::PLUGIN_HELP
            ),
        };
        println!("{}", clean(&line, Shape::Line));
        return ExitCode::SUCCESS;
    }
    // One thread: wharf's work between waits is small (a frame, an answer's parse), and one thread wakes
    // once a tick where a pool would wake several, and holds one heap where a pool holds one per thread.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            say(&format!("cannot start its async runtime: {e}"));
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
                say(&format!(
                    "cannot open AWS: {e}\n\
                     (Run `wharf --demo` to explore the sandbox region, which needs no account.)"
                ));
                return ExitCode::from(2);
            }
        }
    };
    let profile = backend.info().profile;
    let session = Session {
        backend,
        theme: settings.theme_for_profile(&profile),
        read_only: settings.read_only_for_profile(&profile),
    };
    let options = Options {
        keymap,
        refresh: settings.refresh(),
        profiles: known_profiles(&settings),
        mouse: settings.mouse(),
        connector: Some(aws_connector(cli.endpoint_url.clone(), settings.clone())),
        audit_log: cli
            .audit_log
            .clone()
            .or_else(wharf::runtime::audit::default_path),
        state_dir: cli
            .state_dir
            .clone()
            .or_else(wharf::runtime::cleanup_state::default_dir),
        exec_shell: settings.exec_shell.value.clone(),
    };
    match runtime.block_on(wharf::runtime::run(session, options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}

/// An error on standard error. Its text may quote a file, the environment or an endpoint, so it is cleaned
/// like any untrusted text before it reaches the terminal.
fn say(error: &dyn std::fmt::Display) {
    eprintln!("wharf: {}", clean(&error.to_string(), Shape::Prose));
}

/// The keymap `--keymap` or the settings file name: a shipped name or a file (relative to the settings file
/// when it is named there); else the default.
fn load_keymap(settings: &Effective) -> Result<Keymap, wharf::config::keymap::KeymapError> {
    let Some(name) = settings.keymap() else {
        return Ok(Keymap::default());
    };
    let relative_to_file = match &settings.keymap.source {
        wharf::config::Source::File { path, .. } if Keymap::shipped(&name).is_none() => {
            path.parent().map(|dir| dir.join(&name))
        }
        _ => None,
    };
    match relative_to_file {
        Some(path) => Keymap::from_name_or_path(&path.to_string_lossy()),
        None => Keymap::from_name_or_path(&name),
    }
}

/// Profiles to offer `:profile` completion: those of ~/.aws/config and of wharf's settings file.
fn known_profiles(settings: &Effective) -> Vec<String> {
    let mut names = wharf::backend::aws::profile_names();
    names.extend(settings.profile_names());
    names.sort();
    names.dedup();
    names
}

/// Opens the AWS profile or region that `:profile` or `:region` names. A new profile brings its own region;
/// a new region keeps the profile; both keep the endpoint wharf was started with, and each profile gets its
/// own theme and read-only setting.
fn aws_connector(endpoint_url: Option<String>, settings: Arc<Effective>) -> Connector {
    Arc::new(move |profile, region, current| {
        let endpoint_url = endpoint_url.clone();
        let settings = settings.clone();
        Box::pin(async move {
            let same_profile = (current.profile != "sandbox").then_some(current.profile);
            let options = wharf::backend::aws::AwsOptions {
                region: region.or_else(|| profile.is_none().then_some(current.region)),
                profile: profile.or(same_profile),
                endpoint_url,
            };
            let aws = Aws::connect(&options).await.map_err(|e| e.to_string())?;
            let profile = aws.info().profile;
            Ok(Session {
                backend: Arc::new(aws),
                theme: settings.theme_for_profile(&profile),
                read_only: settings.read_only_for_profile(&profile),
            })
        })
    })
}
