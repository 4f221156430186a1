//! The rules that judge a resumed plan's remaining steps against a fresh read.

use super::*;
use crate::app::mutation::{
    DeleteListener, DeleteLoadBalancer, DeleteService, DeleteTargetGroup, DeregisterTaskDefinition,
};
use crate::model::LoadBalancerBinding;

const CLUSTER: &str = "arn:aws:ecs:r:1:cluster/class";
const WEB: &str = "arn:aws:ecs:r:1:service/class/web";
const LB: &str = "arn:aws:elasticloadbalancing:r:1:loadbalancer/app/web/0000000000000001";
const LISTENER: &str =
    "arn:aws:elasticloadbalancing:r:1:listener/app/web/0000000000000001/0000000000000002";
const TG: &str = "arn:aws:elasticloadbalancing:r:1:targetgroup/web-tg/0000000000000003";
const TD: &str = "arn:aws:ecs:r:1:task-definition/web:3";

fn plan() -> Plan {
    let write = Step::Write;
    Plan {
        scope: super::super::Scope::Cluster {
            cluster_arn: CLUSTER.into(),
        },
        steps: vec![
            write(Mutation::DeleteService(DeleteService {
                cluster_arn: CLUSTER.into(),
                service_arn: WEB.into(),
            })),
            Step::WaitInactive {
                cluster_arn: CLUSTER.into(),
                service_arns: vec![WEB.into()],
            },
            write(Mutation::DeleteListener(DeleteListener {
                arn: LISTENER.into(),
            })),
            write(Mutation::DeleteLoadBalancer(DeleteLoadBalancer {
                arn: LB.into(),
            })),
            write(Mutation::DeleteTargetGroup(DeleteTargetGroup {
                arn: TG.into(),
            })),
            write(Mutation::DeregisterTaskDefinition(
                DeregisterTaskDefinition { arn: TD.into() },
            )),
        ],
        kept: Vec::new(),
    }
}

fn service(arn: &str, status: ServiceStatus, tg: &str) -> Service {
    Service {
        arn: arn.into(),
        name: crate::model::arn_name(arn).into(),
        cluster_arn: CLUSTER.into(),
        status,
        task_definition: TD.into(),
        load_balancers: vec![LoadBalancerBinding {
            target_group_arn: tg.into(),
            ..Default::default()
        }],
        running_count: 2,
        desired_count: 2,
        ..Default::default()
    }
}

/// Everything as the plan left it: web still ACTIVE behind its own load balancer.
fn fresh() -> Fresh {
    Fresh {
        services: vec![service(WEB, ServiceStatus::Active, TG)],
        target_groups: vec![TargetGroup {
            arn: TG.into(),
            load_balancer_arns: vec![LB.into()],
            ..Default::default()
        }],
        load_balancers: vec![LoadBalancer {
            arn: LB.into(),
            ..Default::default()
        }],
        listeners: vec![Listener {
            arn: LISTENER.into(),
            load_balancer_arn: LB.into(),
            port: 80,
            default_target_groups: vec![TG.into()],
            ..Default::default()
        }],
        revisions: vec![TaskDefinition {
            arn: TD.into(),
            status: "ACTIVE".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn pending() -> Vec<StepState> {
    vec![StepState::Pending; plan().steps.len()]
}

fn unsafe_text(v: &Verdict) -> &str {
    match v {
        Verdict::Unsafe(why) => why,
        other => panic!("not unsafe: {other:?}"),
    }
}

#[test]
fn nothing_changed_runs_every_step() {
    let verdicts = judge(&plan(), &pending(), 0, &fresh());
    assert!(verdicts.iter().all(|v| *v == Verdict::Run), "{verdicts:?}");
}

#[test]
fn what_is_gone_is_skipped() {
    let verdicts = judge(&plan(), &pending(), 0, &Fresh::default());
    assert!(
        verdicts.iter().all(|v| matches!(v, Verdict::Gone(_))),
        "{verdicts:?}"
    );
}

#[test]
fn a_target_group_now_used_outside_the_plan_stops_its_listener_balancer_and_group() {
    let mut f = fresh();
    let mut intruder = service(
        "arn:aws:ecs:r:1:service/other/api",
        ServiceStatus::Active,
        TG,
    );
    intruder.name = "api".into();
    intruder.cluster_arn = "arn:aws:ecs:r:1:cluster/other".into();
    intruder.task_definition = "arn:aws:ecs:r:1:task-definition/api:1".into();
    f.services.push(intruder);
    let v = judge(&plan(), &pending(), 0, &f);
    let used = "target group web-tg is now used by service api (other)";
    assert_eq!(unsafe_text(&v[2]), used);
    assert_eq!(unsafe_text(&v[3]), format!("load balancer web: {used}"));
    assert_eq!(unsafe_text(&v[4]), used);
    assert_eq!(v[5], Verdict::Run, "the family is not api's");
}

#[test]
fn a_listener_forwarding_elsewhere_or_a_new_listener_is_not_deleted() {
    let other = "arn:aws:elasticloadbalancing:r:1:targetgroup/billing-tg/0000000000000009";
    let mut f = fresh();
    f.rules.push(ListenerRule {
        listener_arn: LISTENER.into(),
        target_groups: vec![other.into()],
        ..Default::default()
    });
    let v = judge(&plan(), &pending(), 0, &f);
    assert!(
        unsafe_text(&v[2]).contains("now also forwards to target group billing-tg"),
        "{v:?}"
    );
    let mut f = fresh();
    f.listeners.push(Listener {
        arn: format!("{LISTENER}0"),
        load_balancer_arn: LB.into(),
        port: 8443,
        protocol: "HTTPS".into(),
        ..Default::default()
    });
    let v = judge(&plan(), &pending(), 0, &f);
    assert_eq!(
        unsafe_text(&v[3]),
        "load balancer web now has listener HTTPS 8443, which this plan does not delete"
    );
}

#[test]
fn a_service_deleted_by_the_plan_and_active_again_is_outside_it() {
    let mut states = pending();
    states[0] = StepState::Done("web is DRAINING".into());
    let v = judge(&plan(), &states, 1, &fresh());
    assert!(
        unsafe_text(&v[0]).starts_with("service web is ACTIVE again (2 tasks running"),
        "{v:?}"
    );
    assert!(
        unsafe_text(&v[3]).contains("now used by service web"),
        "{v:?}"
    );
    assert!(
        unsafe_text(&v[4]).contains("task definition family web is now run by service web"),
        "{v:?}"
    );
}
