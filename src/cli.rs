use std::path::PathBuf;

use clap::Parser;

/// A terminal dashboard for Amazon ECS and Elastic Load Balancing.
#[derive(Debug, Clone, Parser)]
#[command(name = "wharf", version, about, long_about = None)]
pub struct Cli {
    /// Explore the sandbox region: a simulated ECS region with clusters, services, load balancers and a
    /// scheduler, no AWS account needed.
    #[arg(long)]
    pub demo: bool,

    /// Seed of the sandbox's random source: the same seed builds the same world.
    #[arg(
        long,
        default_value_t = 1,
        requires = "demo",
        allow_negative_numbers = true
    )]
    pub seed: u64,

    /// How fast the sandbox's clock runs compared with real time (1 = real time, 10 = ten times faster).
    #[arg(long, default_value_t = 1.0, requires = "demo", value_parser = parse_speed, allow_negative_numbers = true)]
    pub speed: f64,

    /// The AWS profile to use (from ~/.aws/config); else AWS_PROFILE, else `default`.
    #[arg(long, conflicts_with = "demo")]
    pub profile: Option<String>,

    /// The AWS region (e.g. eu-west-1); else AWS_REGION or the profile's region.
    #[arg(long, conflicts_with = "demo")]
    pub region: Option<String>,

    /// Send every call to this endpoint instead of AWS's own (an emulator such as moto); else
    /// AWS_ENDPOINT_URL.
    #[arg(long, conflicts_with = "demo", value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// The settings file; else WHARF_CONFIG, else config.toml in wharf's config folder
    /// (~/.config/wharf on Linux). See --print-config.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// A shipped theme (default, light, high-contrast, basic16) or a theme file. NO_COLOR still wins.
    #[arg(long, value_name = "NAME|FILE")]
    pub theme: Option<String>,

    /// A shipped keymap or a keymap file.
    #[arg(long, value_name = "NAME|FILE")]
    pub keymap: Option<String>,

    /// Never change anything in the account: actions that write are refused.
    #[arg(long)]
    pub read_only: bool,

    /// Where every change (and every refused one) is recorded, one JSON line each; else audit.jsonl in
    /// wharf's state folder (~/.local/state/wharf on Linux). `:audit` shows the latest lines.
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,

    /// Where an unfinished cleanup's plan is kept, so that it survives a quit or a crash; else wharf's state
    /// folder (~/.local/state/wharf on Linux).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Print the settings wharf would use, each with where it came from, and exit.
    #[arg(long)]
    pub print_config: bool,

    /// The sandbox's simulated shell, which wharf itself starts for ECS Exec in the sandbox.
    #[arg(long, hide = true)]
    pub sandbox_shell: bool,
}

impl Cli {
    /// What the settings take from the command line. `cli` sits at the top with `main`: it knows `config`,
    /// never the other way round.
    pub fn flags(&self) -> crate::config::Flags {
        crate::config::Flags {
            demo: self.demo,
            profile: self.profile.clone(),
            region: self.region.clone(),
            config: self.config.clone(),
            theme: self.theme.clone(),
            keymap: self.keymap.clone(),
            read_only: self.read_only,
        }
    }

    /// What the AWS backend needs from the command line.
    pub fn aws_options(&self) -> crate::backend::aws::AwsOptions {
        crate::backend::aws::AwsOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
        }
    }

    /// The AWS options with the profile and region the settings resolved (flag, environment or settings
    /// file); left to the SDK's own defaults when nothing set them.
    pub fn aws_options_with(
        &self,
        settings: &crate::config::Effective,
    ) -> crate::backend::aws::AwsOptions {
        let set = |source: &crate::config::Source| *source != crate::config::Source::Default;
        crate::backend::aws::AwsOptions {
            profile: set(&settings.profile.source).then(|| settings.profile.value.clone()),
            region: settings.region.value.clone(),
            endpoint_url: self.endpoint_url.clone(),
        }
    }
}

fn parse_speed(s: &str) -> Result<f64, String> {
    let speed: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number; try --speed 1 or --speed 10"))?;
    if speed.is_finite() && (0.1..=100.0).contains(&speed) {
        Ok(speed)
    } else {
        Err(format!(
            "{s} is out of range; choose a speed between 0.1 and 100"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_must_be_a_sensible_number() {
        assert!(Cli::try_parse_from(["wharf", "--demo", "--speed", "10"]).is_ok());
        let err = Cli::try_parse_from(["wharf", "--demo", "--speed", "fast"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a number"), "{err}");
        assert!(Cli::try_parse_from(["wharf", "--demo", "--speed", "0"]).is_err());
        let negative = Cli::try_parse_from(["wharf", "--demo", "--speed", "-1"])
            .unwrap_err()
            .to_string();
        assert!(negative.contains("between 0.1 and 100"), "{negative}");
        assert!(Cli::try_parse_from(["wharf", "--demo", "--speed", "NaN"]).is_err());
        assert!(
            Cli::try_parse_from(["wharf", "--seed", "3"]).is_err(),
            "--seed only means something with --demo"
        );
    }

    #[test]
    fn aws_flags_exclude_demo() {
        let cli = Cli::try_parse_from([
            "wharf",
            "--profile",
            "prod",
            "--region",
            "eu-west-1",
            "--endpoint-url",
            "http://127.0.0.1:5000",
        ])
        .unwrap();
        let opts = cli.aws_options();
        assert_eq!(opts.profile.as_deref(), Some("prod"));
        assert_eq!(opts.region.as_deref(), Some("eu-west-1"));
        assert_eq!(opts.endpoint_url.as_deref(), Some("http://127.0.0.1:5000"));
        for flag in ["--profile", "--region", "--endpoint-url"] {
            assert!(
                Cli::try_parse_from(["wharf", "--demo", flag, "x"]).is_err(),
                "{flag} with --demo"
            );
        }
    }
}
