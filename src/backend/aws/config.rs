//! Credentials, region and endpoint, resolved the way every AWS tool resolves them.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use thiserror::Error;

use crate::backend::BackendError;
use crate::model::text::clean;
use crate::model::Shape;

/// What the user said on the command line; everything else comes from the environment and `~/.aws`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsOptions {
    /// `--profile`; else `AWS_PROFILE`; else `default`.
    pub profile: Option<String>,
    /// `--region`; else `AWS_REGION`, the profile's region, IMDS.
    pub region: Option<String>,
    /// `--endpoint-url`; else `AWS_ENDPOINT_URL` (and the per-service variables), read by the SDK.
    pub endpoint_url: Option<String>,
}

/// Why wharf cannot open AWS at all. Shown before the terminal is taken over.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SetupError {
    #[error("no AWS region is set{}. Pass --region (e.g. --region eu-west-1), set AWS_REGION, or add `region = ...` to the profile in ~/.aws/config.", profile_note(.profile))]
    NoRegion { profile: Option<String> },
    #[error("{0}")]
    Backend(#[from] BackendError),
}

fn profile_note(profile: &Option<String>) -> String {
    match profile {
        Some(p) => format!(" for profile `{p}`"),
        None => String::new(),
    }
}

/// Loads the SDK configuration from the standard chain, with the user's overrides on top.
pub async fn load_sdk_config(opts: &AwsOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &opts.region {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(e) = &opts.endpoint_url {
        loader = loader.endpoint_url(e);
    }
    loader.load().await
}

/// A configuration for an emulator or stub on loopback: static dummy credentials (never real ones), short
/// retry backoff. For tests, benchmarks and the seeding tool.
pub fn loopback_sdk_config(endpoint_url: &str, region: &str) -> SdkConfig {
    let credentials = Credentials::new("testing", "testing", None, None, "wharf-loopback");
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .endpoint_url(endpoint_url)
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(20))
                .with_max_backoff(Duration::from_millis(200)),
        )
        .build()
}

/// The public endpoint of a service in a region, for messages when no endpoint URL was set.
pub(crate) fn default_endpoint(service: &str, region: &str) -> String {
    format!("https://{service}.{region}.amazonaws.com")
}

/// The profiles named in the shared AWS config file (`AWS_CONFIG_FILE`, else `~/.aws/config`): `[default]`
/// and `[profile NAME]` sections. Only names: nothing else is read. Empty when there is no such file.
pub fn profile_names() -> Vec<String> {
    let path = std::env::var_os("AWS_CONFIG_FILE")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".aws/config")));
    let text = path
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    profile_names_in(&text)
}

fn profile_names_in(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let section = line.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
            match section.strip_prefix("profile ") {
                // Offered by `:profile` completion: text from a file, cleaned like any other.
                Some(name) => Some(clean(name.trim(), Shape::Line).into_owned()),
                None => (section == "default").then(|| section.to_string()),
            }
        })
        .collect()
}

#[cfg(test)]
mod profile_name_tests {
    #[test]
    fn profiles_are_read_from_section_headers() {
        let text =
            "[default]\nregion = eu-west-1\n[profile prod]\n[ profile staging ]\n[sso-session x]\n";
        assert_eq!(
            super::profile_names_in(text),
            vec!["default", "prod", "staging"]
        );
        // A profile name is offered for completion and shown in the header: no escape reaches either.
        assert_eq!(
            super::profile_names_in("[profile ev\x1b]0;x\x07il]\n"),
            vec!["ev\u{FFFD}]0;x\u{FFFD}il"]
        );
    }
}
