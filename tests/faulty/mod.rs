//! The sandbox behind a switch that makes one chosen write fail (as AWS would refuse it, or with its answer
//! lost), for tests of what wharf does when a change goes wrong halfway.

pub mod driver;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use async_trait::async_trait;
use wharf::backend::sim::Sim;
use wharf::backend::{
    Backend, BackendError, BackendInfo, Described, MetricsScaling, Page, Result, ServiceUpdate,
};
use wharf::model::*;

/// How the chosen write goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each test binary uses the ones it needs
pub enum Fault {
    /// AWS refuses it: nothing changes.
    Refused,
    /// It is carried out, but its answer is lost.
    AnswerLost,
}

pub struct Faulty {
    pub sim: Sim,
    writes: AtomicUsize,
    /// The write (counted from 0) that goes wrong, if any.
    fail_at: Mutex<Option<(usize, Fault)>>,
    /// The names of the writes made, in order.
    pub log: Mutex<Vec<String>>,
    /// DescribeTasks calls asking for this task are throttled.
    pub throttle_task: Mutex<Option<String>>,
    /// The task reads made (`ListTasks`, `DescribeTasks`), in order; a test may add its own marks.
    pub task_reads: Mutex<Vec<String>>,
    /// How long each task read takes (tokio's time: a test with paused time measures round trips).
    pub task_read_ms: std::sync::atomic::AtomicU64,
    /// ListTasks pages that answer before the listing fails (`None`: it never does).
    pub list_tasks_pages: Mutex<Option<usize>>,
    /// DescribeServices is denied (a policy without ecs:DescribeServices).
    pub deny_describe_services: std::sync::atomic::AtomicBool,
    /// DescribeServices is denied from the chosen write's failure on: what told whether it was done is
    /// gone with it.
    pub deny_after_fault: std::sync::atomic::AtomicBool,
    /// The account's service-read bucket (ListServices and DescribeServices), shared with another client,
    /// in virtual time: when set, a read that finds it empty is throttled.
    pub service_reads: Mutex<Option<SharedBucket>>,
}

/// ECS's token bucket for a throttling category, in virtual time, with another client of the account
/// spending `other` tokens a second from it: what is left for wharf is `rate - other` a second, and the
/// burst while the bucket is full (the other client alone never empties it).
#[derive(Debug, Clone)]
pub struct SharedBucket {
    pub burst: f64,
    pub rate: f64,
    pub other: f64,
    pub tokens: f64,
    pub at: Timestamp,
    /// Calls it let through and calls it throttled.
    pub passed: u32,
    pub throttled: u32,
}

#[allow(dead_code)] // each test binary uses the ones it needs
impl SharedBucket {
    pub fn new(burst: f64, rate: f64, other: f64, now: Timestamp) -> SharedBucket {
        SharedBucket {
            burst,
            rate,
            other,
            tokens: burst,
            at: now,
            passed: 0,
            throttled: 0,
        }
    }

    fn take(&mut self, now: Timestamp) -> bool {
        let seconds = now.since(self.at).max(0) as f64 / 1000.0;
        self.at = now;
        self.tokens = (self.tokens + (self.rate - self.other) * seconds).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            self.passed += 1;
            true
        } else {
            self.throttled += 1;
            false
        }
    }
}

#[allow(dead_code)]
impl Faulty {
    pub fn new(sim: Sim) -> Self {
        Faulty {
            sim,
            writes: AtomicUsize::new(0),
            fail_at: Mutex::new(None),
            log: Mutex::new(Vec::new()),
            throttle_task: Mutex::new(None),
            task_reads: Mutex::new(Vec::new()),
            task_read_ms: Default::default(),
            list_tasks_pages: Mutex::new(None),
            deny_describe_services: Default::default(),
            deny_after_fault: Default::default(),
            service_reads: Mutex::new(None),
        }
    }

    async fn task_read_takes(&self) {
        let ms = self.task_read_ms.load(Ordering::SeqCst);
        if ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        }
    }

    /// A service read spends a token of the shared bucket, if there is one; else it is throttled.
    fn service_read(&self, action: &str) -> Result<()> {
        let now = self.sim.now();
        let passed = (self.service_reads.lock().unwrap().as_mut()).is_none_or(|b| b.take(now));
        match passed {
            true => Ok(()),
            false => Err(BackendError::Throttled {
                action: action.into(),
            }),
        }
    }

    pub fn fail(&self, at: Option<(usize, Fault)>) {
        self.writes.store(0, Ordering::SeqCst);
        *self.fail_at.lock().unwrap() = at;
    }

    pub fn writes(&self) -> usize {
        self.writes.load(Ordering::SeqCst)
    }

    /// Count a write; say whether it is to fail and how.
    fn write(&self, name: &str) -> Option<Fault> {
        let n = self.writes.fetch_add(1, Ordering::SeqCst);
        self.log.lock().unwrap().push(name.to_string());
        match *self.fail_at.lock().unwrap() {
            Some((at, fault)) if at == n => {
                if self.deny_after_fault.load(Ordering::SeqCst) {
                    self.deny_describe_services.store(true, Ordering::SeqCst);
                }
                Some(fault)
            }
            _ => None,
        }
    }

    async fn guarded<T>(
        &self,
        name: &str,
        call: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        match self.write(name) {
            Some(Fault::Refused) => Err(BackendError::Api {
                code: "InjectedFault".into(),
                message: format!("{name} refused by the test"),
            }),
            Some(Fault::AnswerLost) => {
                let _ = call.await;
                Err(BackendError::AnswerLost {
                    action: name.into(),
                    detail: "connection dropped by the test".into(),
                })
            }
            None => call.await,
        }
    }
}

/// Reads go to the sandbox; RegisterScalableTarget is a write like the others (counted, and failed when
/// the test says).
#[async_trait]
impl MetricsScaling for Faulty {
    async fn get_metric_data(
        &self,
        metrics: &[MetricId],
        range: MetricRange,
        now: Timestamp,
    ) -> Result<Vec<MetricSeries>> {
        self.sim.get_metric_data(metrics, range, now).await
    }
    async fn describe_alarms_for_metrics(&self, metrics: &[MetricId]) -> Result<Vec<Alarm>> {
        self.sim.describe_alarms_for_metrics(metrics).await
    }
    async fn describe_firing_alarms(&self) -> Result<Vec<Alarm>> {
        self.sim.describe_firing_alarms().await
    }
    async fn describe_scalable_targets(&self, ids: &[String]) -> Result<Vec<ScalableTarget>> {
        self.sim.describe_scalable_targets(ids).await
    }
    async fn describe_service_scaling(&self, c: &str, s: &str) -> Result<ServiceScaling> {
        self.sim.describe_service_scaling(c, s).await
    }
    async fn register_scalable_target(
        &self,
        c: &str,
        s: &str,
        change: &TargetChange,
    ) -> Result<Option<ScalableTarget>> {
        let call = self.sim.register_scalable_target(c, s, change);
        self.guarded("RegisterScalableTarget", call).await
    }
}

#[async_trait]
impl Backend for Faulty {
    fn info(&self) -> BackendInfo {
        self.sim.info()
    }
    fn now(&self) -> Timestamp {
        self.sim.now()
    }
    async fn list_clusters(&self) -> Result<Vec<String>> {
        self.sim.list_clusters().await
    }
    async fn describe_clusters(&self, a: &[String]) -> Result<Described<Cluster>> {
        self.sim.describe_clusters(a).await
    }
    async fn list_services(&self, c: &str) -> Result<Vec<String>> {
        self.sim.list_services(c).await
    }
    async fn list_services_page(&self, c: &str, token: Option<&str>) -> Result<Page> {
        self.service_read("ListServices")?;
        self.sim.list_services_page(c, token).await
    }
    async fn describe_services(&self, c: &str, a: &[String]) -> Result<Described<Service>> {
        if self.deny_describe_services.load(Ordering::SeqCst) {
            return Err(BackendError::AccessDenied {
                action: "ecs:DescribeServices".into(),
                resource: c.into(),
            });
        }
        self.service_read("DescribeServices")?;
        self.sim.describe_services(c, a).await
    }
    async fn list_tasks(&self, c: &str, f: &TaskFilter) -> Result<Vec<String>> {
        self.task_reads.lock().unwrap().push("ListTasks".into());
        self.sim.list_tasks(c, f).await
    }
    async fn list_tasks_page(&self, c: &str, f: &TaskFilter, token: Option<&str>) -> Result<Page> {
        self.task_reads.lock().unwrap().push("ListTasks".into());
        self.task_read_takes().await;
        if let Some(left) = self.list_tasks_pages.lock().unwrap().as_mut() {
            if *left == 0 {
                return Err(BackendError::Api {
                    code: "ServerException".into(),
                    message: "the listing broke off".into(),
                });
            }
            *left -= 1;
        }
        self.sim.list_tasks_page(c, f, token).await
    }
    async fn describe_tasks(&self, c: &str, a: &[String]) -> Result<Described<Task>> {
        self.task_reads.lock().unwrap().push("DescribeTasks".into());
        self.task_read_takes().await;
        let throttled = self.throttle_task.lock().unwrap().clone();
        if throttled.is_some_and(|t| a.contains(&t)) {
            return Err(BackendError::Throttled {
                action: "DescribeTasks".into(),
            });
        }
        self.sim.describe_tasks(c, a).await
    }
    async fn describe_task_definition(&self, a: &str) -> Result<TaskDefinition> {
        self.sim.describe_task_definition(a).await
    }
    async fn list_container_instances(&self, c: &str) -> Result<Vec<String>> {
        self.sim.list_container_instances(c).await
    }
    async fn describe_container_instances(
        &self,
        c: &str,
        a: &[String],
    ) -> Result<Described<ContainerInstance>> {
        self.sim.describe_container_instances(c, a).await
    }
    async fn describe_load_balancers(&self, a: &[String]) -> Result<Vec<LoadBalancer>> {
        self.sim.describe_load_balancers(a).await
    }
    async fn describe_target_groups(&self, a: &[String]) -> Result<Vec<TargetGroup>> {
        self.sim.describe_target_groups(a).await
    }
    async fn describe_target_health(&self, a: &str) -> Result<Vec<TargetHealth>> {
        self.sim.describe_target_health(a).await
    }
    async fn list_task_definitions(&self, f: &str, s: RevisionStatus) -> Result<Vec<String>> {
        self.sim.list_task_definitions(f, s).await
    }
    async fn list_task_definition_families(
        &self,
        s: Option<RevisionStatus>,
    ) -> Result<Vec<String>> {
        self.sim.list_task_definition_families(s).await
    }
    async fn list_service_deployments(
        &self,
        c: &str,
        s: &str,
    ) -> Result<Vec<ServiceDeploymentBrief>> {
        self.sim.list_service_deployments(c, s).await
    }
    async fn describe_service_deployments(
        &self,
        a: &[String],
    ) -> Result<Described<ServiceDeployment>> {
        self.sim.describe_service_deployments(a).await
    }
    async fn describe_service_revisions(&self, a: &[String]) -> Result<Described<ServiceRevision>> {
        self.sim.describe_service_revisions(a).await
    }
    async fn continue_service_deployment(&self, d: &str, h: &str, a: HookAction) -> Result<()> {
        self.guarded(
            "ContinueServiceDeployment",
            self.sim.continue_service_deployment(d, h, a),
        )
        .await
    }
    async fn describe_listeners(&self, a: &str) -> Result<Vec<Listener>> {
        self.sim.describe_listeners(a).await
    }
    async fn describe_rules(&self, a: &str) -> Result<Vec<ListenerRule>> {
        self.sim.describe_rules(a).await
    }
    async fn update_service(&self, c: &str, s: &str, u: &ServiceUpdate) -> Result<Service> {
        self.guarded("UpdateService", self.sim.update_service(c, s, u))
            .await
    }
    async fn stop_task(&self, c: &str, t: &str, r: &str) -> Result<Task> {
        self.guarded("StopTask", self.sim.stop_task(c, t, r)).await
    }
    async fn register_task_definition(
        &self,
        b: &str,
        i: &[(String, String)],
    ) -> Result<TaskDefinition> {
        self.guarded(
            "RegisterTaskDefinition",
            self.sim.register_task_definition(b, i),
        )
        .await
    }
    async fn stop_service_deployment(&self, a: &str) -> Result<()> {
        self.guarded("StopServiceDeployment", self.sim.stop_service_deployment(a))
            .await
    }
    async fn delete_service(&self, c: &str, s: &str, f: bool) -> Result<Service> {
        self.guarded("DeleteService", self.sim.delete_service(c, s, f))
            .await
    }
    async fn delete_cluster(&self, c: &str) -> Result<Cluster> {
        self.guarded("DeleteCluster", self.sim.delete_cluster(c))
            .await
    }
    async fn deregister_container_instance(
        &self,
        c: &str,
        i: &str,
        f: bool,
    ) -> Result<ContainerInstance> {
        self.guarded(
            "DeregisterContainerInstance",
            self.sim.deregister_container_instance(c, i, f),
        )
        .await
    }
    async fn deregister_task_definition(&self, a: &str) -> Result<TaskDefinition> {
        self.guarded(
            "DeregisterTaskDefinition",
            self.sim.deregister_task_definition(a),
        )
        .await
    }
    async fn delete_task_definitions(&self, a: &[String]) -> Result<Described<TaskDefinition>> {
        self.guarded("DeleteTaskDefinitions", self.sim.delete_task_definitions(a))
            .await
    }
    async fn delete_listener(&self, a: &str) -> Result<()> {
        self.guarded("DeleteListener", self.sim.delete_listener(a))
            .await
    }
    async fn delete_load_balancer(&self, a: &str) -> Result<()> {
        self.guarded("DeleteLoadBalancer", self.sim.delete_load_balancer(a))
            .await
    }
    async fn delete_target_group(&self, a: &str) -> Result<()> {
        self.guarded("DeleteTargetGroup", self.sim.delete_target_group(a))
            .await
    }
    async fn describe_capacity_providers(&self, n: &[String]) -> Result<Vec<CapacityProvider>> {
        self.sim.describe_capacity_providers(n).await
    }
    async fn update_container_instances_state(
        &self,
        c: &str,
        a: &[String],
        s: ContainerInstanceStatus,
    ) -> Result<Described<ContainerInstance>> {
        self.guarded(
            "UpdateContainerInstancesState",
            self.sim.update_container_instances_state(c, a, s),
        )
        .await
    }
    async fn get_task_protection(
        &self,
        c: &str,
        t: &[String],
    ) -> Result<Described<wharf::model::TaskProtection>> {
        self.sim.get_task_protection(c, t).await
    }
    async fn update_task_protection(
        &self,
        c: &str,
        t: &[String],
        m: Option<u32>,
    ) -> Result<Described<wharf::model::TaskProtection>> {
        self.guarded(
            "UpdateTaskProtection",
            self.sim.update_task_protection(c, t, m),
        )
        .await
    }
}
