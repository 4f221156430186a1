//! The AWS SDK behind wharf's `Backend` trait: ECS and ELBv2 reads with the fewest calls AWS allows (every
//! list follows all its pages at 100 a page, describes are batched to their limits and run concurrently with a
//! bound, task definitions are described once), writes sent exactly once, every call counted, and errors
//! worded for a person.
//!
//! Reads are inherent methods (`ecs.rs`, `elb.rs`, `logs.rs` for CloudWatch Logs); writes are functions of
//! `writes.rs` (ECS), `elb_writes.rs` and `deployments.rs`, called by the trait impl in `backend_impl.rs`;
//! capacity reads and writes in `capacity.rs`; CloudWatch metrics and alarms in `metrics.rs`, Application
//! Auto Scaling in `scaling.rs`, behind `metrics_impl.rs`.

mod backend_impl;
mod capacity;
mod config;
mod convert;
mod counters;
mod deployments;
mod ecs;
mod elb;
mod elb_writes;
mod errors;
mod exec;
mod logs;
mod memo;
mod metrics;
mod metrics_impl;
mod protection;
mod scaling;
mod taskdefs;
mod writes;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use aws_config::retry::RetryConfig;
use aws_config::SdkConfig;
use futures::{StreamExt, TryStreamExt};

pub use crate::backend::ServiceUpdate;
pub use config::{load_sdk_config, loopback_sdk_config, profile_names, AwsOptions, SetupError};
pub use counters::CallCounter;
pub use memo::{INSTANCE_IDS_KEPT, TASK_DEFINITIONS_KEPT};

use crate::backend::{BackendError, Described, Result};
use crate::model::arn_account;
use counters::CountingInterceptor;
use errors::ErrorContext;
use taskdefs::TaskDefCache;

/// Describe batches in flight at once for one read.
pub const CONCURRENCY: usize = 4;

/// The real thing (or anything that speaks its protocols, such as moto).
pub struct Aws {
    /// Reads, retried by the SDK as configured (standard mode: 3 attempts with backoff).
    ecs: aws_sdk_ecs::Client,
    elb: aws_sdk_elasticloadbalancingv2::Client,
    /// CloudWatch Logs reads: sent once like the other polled reads.
    logs: aws_sdk_cloudwatchlogs::Client,
    /// Writes: the same configuration with retries disabled, so that a write whose answer was lost (a time-out,
    /// a 500) or refused (throttling) is sent once and its error comes back to the person who asked for it.
    /// RegisterTaskDefinition and UpdateService with forceNewDeployment are not idempotent, and a delete
    /// sent twice answers the second time that its resource is gone.
    /// Reads that are not polled (task definitions, what a cleanup's plan reads): retried inside the SDK,
    /// as a change that depends on them needs. A service's deployments are polled: sent once.
    ecs_retried: aws_sdk_ecs::Client,
    elb_retried: aws_sdk_elasticloadbalancingv2::Client,
    ecs_write: aws_sdk_ecs::Client,
    elb_write: aws_sdk_elasticloadbalancingv2::Client,
    /// SSM's session calls (port forwarding): sent once, like writes (a second StartSession is a second
    /// session).
    ssm: aws_sdk_ssm::Client,
    /// CloudWatch metrics and alarms, and Application Auto Scaling's reads: polled, sent once.
    cloudwatch: aws_sdk_cloudwatch::Client,
    autoscaling: aws_sdk_applicationautoscaling::Client,
    /// RegisterScalableTarget: sent once like every write.
    autoscaling_write: aws_sdk_applicationautoscaling::Client,
    calls: Arc<CallCounter>,
    taskdefs: TaskDefCache,
    /// Container instance ARN -> EC2 instance id (`None`: ECS no longer knows it), described once each
    /// (`ec2_instance_ids_kept`) and kept while among the `INSTANCE_IDS_KEPT` most recently used.
    instance_ids: memo::Memo<Option<String>>,
    ctx: ErrorContext,
    profile: String,
    region: String,
    endpoint: Option<String>,
    account_id: Mutex<Option<String>>,
    /// The start-up check's ListClusters answer, when it was the whole list: the first `list_clusters`
    /// takes it instead of asking again (the clusters show after two round trips, not three).
    first_list: Mutex<Option<Vec<String>>>,
}

/// A read's connection must open within this...
const READ_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);
/// ... and its answer start within this.
const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(8);
/// The start-up check's whole wait.
const PROBE_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

impl Aws {
    /// Resolves credentials, region and endpoint the standard way, then makes one cheap call (ListClusters,
    /// one page) that proves the credentials work, tells the account id, and is the first list of clusters.
    pub async fn connect(opts: &AwsOptions) -> std::result::Result<Aws, SetupError> {
        let sdk = load_sdk_config(opts).await;
        let profile = opts
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()));
        let aws = Aws::from_sdk_config(&sdk, profile)?;
        match aws.probe().await {
            // Working credentials that may not list clusters: the screens say what is missing.
            Ok(()) | Err(BackendError::AccessDenied { .. } | BackendError::Throttled { .. }) => {
                Ok(aws)
            }
            Err(e) => Err(crate::backend::clean::cleaned_error(e).into()),
        }
    }

    /// Builds the clients from a loaded configuration. `profile` is only shown (None shows `default`).
    pub fn from_sdk_config(
        sdk: &SdkConfig,
        profile: Option<String>,
    ) -> std::result::Result<Aws, SetupError> {
        let region = match sdk.region() {
            Some(r) => r.to_string(),
            None => return Err(SetupError::NoRegion { profile }),
        };
        let calls = Arc::new(CallCounter::default());
        let counting = CountingInterceptor {
            calls: calls.clone(),
        };
        let ecs_conf = aws_sdk_ecs::config::Builder::from(sdk).interceptor(counting.clone());
        let elb_conf = aws_sdk_elasticloadbalancingv2::config::Builder::from(sdk)
            .interceptor(counting.clone());
        let ssm_conf = aws_sdk_ssm::config::Builder::from(sdk).interceptor(counting.clone());
        let cloudwatch_conf =
            aws_sdk_cloudwatch::config::Builder::from(sdk).interceptor(counting.clone());
        let autoscaling_conf = aws_sdk_applicationautoscaling::config::Builder::from(sdk)
            .interceptor(counting.clone());
        let logs_conf = aws_sdk_cloudwatchlogs::config::Builder::from(sdk).interceptor(counting);
        // Shown in the header, in messages and in the audit log: never with a user:password in it.
        let endpoint = sdk.endpoint_url().map(crate::backend::redact_endpoint);
        let ctx = ErrorContext {
            profile: profile.clone(),
            ecs_endpoint: endpoint
                .clone()
                .unwrap_or_else(|| config::default_endpoint("ecs", &region)),
            elb_endpoint: endpoint
                .clone()
                .unwrap_or_else(|| config::default_endpoint("elasticloadbalancing", &region)),
            logs_endpoint: endpoint
                .clone()
                .unwrap_or_else(|| config::default_endpoint("logs", &region)),
            ssm_endpoint: endpoint
                .clone()
                .unwrap_or_else(|| config::default_endpoint("ssm", &region)),
            monitoring_endpoint: endpoint
                .clone()
                .unwrap_or_else(|| config::default_endpoint("monitoring", &region)),
            autoscaling_endpoint: endpoint
                .clone()
                .unwrap_or_else(|| config::default_endpoint("application-autoscaling", &region)),
        };
        // Reads are sent once, with short time-outs: wharf's own budget paces them and backs off (a retry
        // inside the SDK would hide throttling from it and spend calls it cannot count), and a hung
        // connection shows as an error within seconds instead of holding its resource for a minute.
        // A configuration that sets its own attempt time-out (a test's) keeps it.
        let read_timeouts = sdk
            .timeout_config()
            .filter(|t| t.operation_attempt_timeout().is_some())
            .cloned()
            .unwrap_or_else(|| {
                aws_sdk_ecs::config::timeout::TimeoutConfig::builder()
                    .connect_timeout(READ_CONNECT_TIMEOUT)
                    .read_timeout(READ_TIMEOUT)
                    .operation_attempt_timeout(READ_TIMEOUT)
                    .build()
            });
        Ok(Aws {
            ecs_retried: aws_sdk_ecs::Client::from_conf(
                ecs_conf
                    .clone()
                    .timeout_config(read_timeouts.clone())
                    .build(),
            ),
            elb_retried: aws_sdk_elasticloadbalancingv2::Client::from_conf(
                elb_conf
                    .clone()
                    .timeout_config(read_timeouts.clone())
                    .build(),
            ),
            ecs: aws_sdk_ecs::Client::from_conf(
                ecs_conf
                    .clone()
                    .retry_config(RetryConfig::disabled())
                    .timeout_config(read_timeouts.clone())
                    .build(),
            ),
            elb: aws_sdk_elasticloadbalancingv2::Client::from_conf(
                elb_conf
                    .clone()
                    .retry_config(RetryConfig::disabled())
                    .timeout_config(read_timeouts.clone())
                    .build(),
            ),
            logs: aws_sdk_cloudwatchlogs::Client::from_conf(
                logs_conf
                    .retry_config(RetryConfig::disabled())
                    .timeout_config(read_timeouts.clone())
                    .build(),
            ),
            cloudwatch: aws_sdk_cloudwatch::Client::from_conf(
                cloudwatch_conf
                    .retry_config(RetryConfig::disabled())
                    .timeout_config(read_timeouts.clone())
                    .build(),
            ),
            autoscaling: aws_sdk_applicationautoscaling::Client::from_conf(
                autoscaling_conf
                    .clone()
                    .retry_config(RetryConfig::disabled())
                    .timeout_config(read_timeouts)
                    .build(),
            ),
            autoscaling_write: aws_sdk_applicationautoscaling::Client::from_conf(
                autoscaling_conf
                    .retry_config(RetryConfig::disabled())
                    .build(),
            ),
            ecs_write: aws_sdk_ecs::Client::from_conf(
                ecs_conf.retry_config(RetryConfig::disabled()).build(),
            ),
            elb_write: aws_sdk_elasticloadbalancingv2::Client::from_conf(
                elb_conf.retry_config(RetryConfig::disabled()).build(),
            ),
            ssm: aws_sdk_ssm::Client::from_conf(
                ssm_conf.retry_config(RetryConfig::disabled()).build(),
            ),
            calls,
            taskdefs: TaskDefCache::default(),
            instance_ids: memo::Memo::new(memo::INSTANCE_IDS_KEPT),
            ctx,
            profile: profile.unwrap_or_else(|| "default".to_string()),
            region,
            endpoint,
            account_id: Mutex::new(None),
            first_list: Mutex::new(None),
        })
    }

    /// One ListClusters call for one cluster: proves the credentials work and learns the account id from
    /// the ARN. An account with no cluster leaves the id unknown until one appears. Waits at most
    /// `PROBE_TIME_LIMIT` (credentials resolved on the way included).
    pub async fn probe(&self) -> Result<()> {
        match tokio::time::timeout(PROBE_TIME_LIMIT, self.probe_once()).await {
            Ok(result) => result,
            Err(_) => Err(BackendError::Unreachable {
                endpoint: self.ctx.ecs_endpoint.clone(),
                detail: format!(
                    "no answer to ListClusters within {} s (wharf waited for the credentials and the first call)",
                    PROBE_TIME_LIMIT.as_secs()
                ),
            }),
        }
    }

    async fn probe_once(&self) -> Result<()> {
        // A whole page: it costs the same one call as a single item, and it is the first list.
        let out = self
            .ecs
            .list_clusters()
            .max_results(ecs::LIST_PAGE)
            .send()
            .await
            .map_err(|e| self.ecs_err("ListClusters", "the account's clusters", e))?;
        self.learn_account(out.cluster_arns());
        if out.next_token().is_none() {
            *self.first_list.lock().unwrap_or_else(|e| e.into_inner()) =
                Some(out.cluster_arns().to_vec());
        }
        Ok(())
    }

    /// The start-up check's list of clusters, once.
    pub(crate) fn take_first_list(&self) -> Option<Vec<String>> {
        self.first_list
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// API calls made so far by this backend, by operation name.
    pub fn call_counts(&self) -> BTreeMap<String, u64> {
        self.calls.snapshot()
    }

    /// The shared counter itself (for a UI or benchmark that wants to read it later).
    pub fn call_counter(&self) -> Arc<CallCounter> {
        self.calls.clone()
    }

    /// Task definition revisions kept (each described once while kept; at most `TASK_DEFINITIONS_KEPT`).
    pub fn cached_task_definitions(&self) -> usize {
        self.taskdefs.len()
    }

    fn learn_account(&self, arns: &[String]) {
        if let Some(acct) = arns.iter().find_map(|a| arn_account(a)) {
            let mut id = self.account_id.lock().unwrap_or_else(|e| e.into_inner());
            if id.is_none() {
                *id = Some(acct.to_string());
            }
        }
    }
}

/// `arn:...:task-definition/web:7` (or `web:7`) -> `web:7`, the way people name a revision.
pub(crate) fn revision_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// Runs `f` on each chunk of `arns` (at most `size` each), `CONCURRENCY` at a time, answers in order.
pub(crate) async fn batched<T, F, Fut>(arns: &[String], size: usize, f: F) -> Result<Vec<T>>
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let batches: Vec<Vec<String>> = arns.chunks(size.max(1)).map(<[String]>::to_vec).collect();
    futures::stream::iter(batches)
        .map(f)
        .buffered(CONCURRENCY)
        .try_collect()
        .await
}

/// Concatenates per-batch `Described` answers.
pub(crate) fn merge<T>(parts: Vec<Described<T>>) -> Described<T> {
    let mut all = Described::default();
    for p in parts {
        all.items.extend(p.items);
        all.failures.extend(p.failures);
    }
    all
}
