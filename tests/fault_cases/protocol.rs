//! The proxy speaks each protocol as AWS does: every fault reaches wharf's backend as the error AWS's own
//! answer would make, over ECS (JSON 1.1), ELBv2 (query/XML) and CloudWatch Logs (JSON 1.1), and each read is
//! sent once (counted at the proxy by `X-Amz-Target` and by `Action=`).

use std::time::Duration;

use wharf::backend::{Backend, BackendError};
use wharf::model::LogFrom;

use crate::support::fault_proxy::{Fault, FaultProxy};
use crate::support::moto;

/// Whether `e` is the error `fault` stands for.
fn is(fault: Fault, e: &BackendError) -> bool {
    match fault {
        Fault::Drop => matches!(e, BackendError::Unreachable { .. }),
        Fault::Http500 => matches!(e, BackendError::ServerError { status: 500, .. }),
        Fault::Throttling => matches!(e, BackendError::Throttled { .. }),
        Fault::ExpiredToken => matches!(e, BackendError::CredentialsExpired { .. }),
        Fault::AccessDenied => matches!(e, BackendError::AccessDenied { .. }),
        _ => false,
    }
}

#[tokio::test]
async fn each_fault_reaches_the_backend_as_aws_error_over_every_protocol() {
    let proxy = FaultProxy::start(&moto::shared().endpoint).await;
    let aws = crate::support::stub::backend(&proxy.endpoint);
    let group =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/none/0123456789abcdef";
    let faults = [
        Fault::Drop,
        Fault::Http500,
        Fault::Throttling,
        Fault::ExpiredToken,
        Fault::AccessDenied,
    ];
    for fault in faults {
        proxy.set(fault);
        let ecs = aws.list_clusters().await.expect_err("ListClusters fails");
        assert!(is(fault, &ecs), "ECS under {fault:?}: {ecs:?}");
        let elb = aws
            .describe_target_health(group)
            .await
            .expect_err("DescribeTargetHealth fails");
        assert!(is(fault, &elb), "ELBv2 under {fault:?}: {elb:?}");
        let logs = aws
            .get_log_events("/ecs/none", "none", &LogFrom::Tail, 10)
            .await
            .expect_err("GetLogEvents fails");
        assert!(is(fault, &logs), "Logs under {fault:?}: {logs:?}");
    }
    let n = faults.len();
    assert_eq!(proxy.seen("ListClusters"), n, "each read sent once");
    assert_eq!(proxy.seen("DescribeTargetHealth"), n);
    assert_eq!(proxy.seen("GetLogEvents"), n);
    assert_eq!(proxy.forwarded("ListClusters"), 0, "none reached moto");

    // Latency delays, then passes; no fault passes at once.
    proxy.set(Fault::Latency(Duration::from_millis(300)));
    let started = tokio::time::Instant::now();
    aws.list_clusters()
        .await
        .expect("ListClusters through a slow proxy");
    assert!(started.elapsed() >= Duration::from_millis(300));
    proxy.set(Fault::None);
    aws.list_clusters().await.expect("ListClusters");
    assert_eq!(proxy.forwarded("ListClusters"), 2);
}
