//! The load balancer explorer's ELBv2 reads against a paging stub (moto does not page every one of them): each
//! list follows NextMarker at 400 a page, DescribeLoadBalancers asks 20 ARNs at a time, DescribeTargetGroups
//! 400 (ELBv2 documents no limit for `TargetGroupArns`: a page's worth), and every field the explorer shows
//! is converted. Each test asserts the exact form of every request the stub received.

mod support;

use std::collections::BTreeMap;

use support::query_form::{form, members, paged};
use support::stub::{backend as aws, Recorded, Reply, Stub};
use wharf::backend::Backend;
use wharf::model::*;

const ACCOUNT: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012";

fn lb(name: &str) -> String {
    format!("{ACCOUNT}:loadbalancer/app/{name}/50dc6c49")
}

fn tg(name: &str) -> String {
    format!("{ACCOUNT}:targetgroup/{name}/0123abcd")
}

fn listener(id: &str) -> String {
    format!("{ACCOUNT}:listener/app/front/50dc6c49/{id}")
}

fn forms(stub: &Stub) -> Vec<BTreeMap<String, String>> {
    stub.requests().iter().map(form).collect()
}

fn lb_xml(name: &str) -> String {
    format!(
        "<member><LoadBalancerArn>{}</LoadBalancerArn><LoadBalancerName>{name}</LoadBalancerName>\
         <DNSName>{name}-1.us-east-1.elb.amazonaws.com</DNSName><CreatedTime>2026-01-02T03:04:05.000Z</CreatedTime>\
         <Scheme>internet-facing</Scheme><VpcId>vpc-0abc</VpcId><State><Code>active</Code></State>\
         <Type>application</Type><IpAddressType>dualstack</IpAddressType><AvailabilityZones>\
         <member><ZoneName>us-east-1a</ZoneName><SubnetId>subnet-a</SubnetId></member>\
         <member><ZoneName>us-east-1c</ZoneName><SubnetId>subnet-c</SubnetId></member>\
         </AvailabilityZones></member>",
        lb(name)
    )
}

fn lb_page(names: &[&str], next: Option<&str>) -> Reply {
    let members: String = names.iter().map(|n| lb_xml(n)).collect();
    let next = next
        .map(|m| format!("<NextMarker>{m}</NextMarker>"))
        .unwrap_or_default();
    Reply::elb_ok(
        "DescribeLoadBalancers",
        &format!("<LoadBalancers>{members}</LoadBalancers>{next}"),
    )
}

#[tokio::test]
async fn load_balancers_follow_next_marker_over_three_pages_of_400() {
    let stub = Stub::start(vec![
        lb_page(&["a", "b"], Some("m-1")),
        lb_page(&["c"], Some("m-2")),
        lb_page(&["d"], None),
    ])
    .await;
    let aws = aws(&stub.endpoint);

    let lbs = aws.describe_load_balancers(&[]).await.expect("three pages");

    let names: Vec<&str> = lbs.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c", "d"]);
    let a = &lbs[0];
    assert_eq!(a.vpc_id.as_deref(), Some("vpc-0abc"));
    assert_eq!(a.availability_zones, ["us-east-1a", "us-east-1c"]);
    assert_eq!(a.created_at, Some(Timestamp(1_767_323_045_000)));
    assert_eq!(a.ip_address_type.as_deref(), Some("dualstack"));
    assert_eq!(
        (a.state.as_str(), a.scheme.as_str()),
        ("active", "internet-facing")
    );
    assert_eq!(
        forms(&stub),
        paged(
            "DescribeLoadBalancers",
            &[("PageSize", "400")],
            &["m-1", "m-2"]
        )
    );
    assert_eq!(aws.call_counts().get("DescribeLoadBalancers"), Some(&3));
}

/// Answers each DescribeLoadBalancers or DescribeTargetGroups with the ARNs it asked for.
fn echo(r: &Recorded) -> Reply {
    let f = form(r);
    if f["Action"] == "DescribeLoadBalancers" {
        let names: Vec<String> = members(&f, "LoadBalancerArns")
            .iter()
            .map(|a| elb_name(a).to_string())
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        return lb_page(&names, None);
    }
    let groups: String = members(&f, "TargetGroupArns")
        .iter()
        .map(|a| {
            format!(
                "<member><TargetGroupArn>{a}</TargetGroupArn><TargetGroupName>{}</TargetGroupName></member>",
                elb_name(a)
            )
        })
        .collect();
    Reply::elb_ok(
        "DescribeTargetGroups",
        &format!("<TargetGroups>{groups}</TargetGroups>"),
    )
}

/// The ARNs of each request, in the order the backend batched them (requests may arrive in any order).
fn batches(stub: &Stub, field: &str, all: &[String]) -> Vec<Vec<String>> {
    let mut asked: Vec<Vec<String>> = forms(stub).iter().map(|f| members(f, field)).collect();
    asked.sort_by_key(|b| all.iter().position(|a| Some(a) == b.first()));
    asked
}

#[tokio::test]
async fn forty_five_load_balancers_are_asked_twenty_at_a_time() {
    let stub = Stub::responding(std::sync::Arc::new(echo)).await;
    let aws = aws(&stub.endpoint);
    let arns: Vec<String> = (0..45).map(|i| lb(&format!("lb-{i:02}"))).collect();

    let lbs = aws
        .describe_load_balancers(&arns)
        .await
        .expect("three calls");

    let got: Vec<&str> = lbs.iter().map(|l| l.arn.as_str()).collect();
    assert_eq!(got, arns, "every one, in the order asked");
    let asked = batches(&stub, "LoadBalancerArns", &arns);
    assert_eq!(
        asked,
        [
            arns[..20].to_vec(),
            arns[20..40].to_vec(),
            arns[40..].to_vec()
        ]
    );
    for f in forms(&stub) {
        assert_eq!(f["Action"], "DescribeLoadBalancers");
        let fields: Vec<&str> = f.keys().map(String::as_str).collect();
        assert!(
            fields
                .iter()
                .all(|k| k.starts_with("LoadBalancerArns.member.")
                    || ["Action", "Version"].contains(k)),
            "{fields:?}"
        );
    }
    assert_eq!(aws.call_counts().get("DescribeLoadBalancers"), Some(&3));
}

#[tokio::test]
async fn target_groups_by_arn_are_asked_a_page_worth_at_a_time() {
    let stub = Stub::responding(std::sync::Arc::new(echo)).await;
    let aws = aws(&stub.endpoint);
    let arns: Vec<String> = (0..401).map(|i| tg(&format!("tg-{i:03}"))).collect();

    let groups = aws.describe_target_groups(&arns).await.expect("two calls");

    assert_eq!(groups.len(), 401);
    assert_eq!(groups[400].name, "tg-400");
    let asked = batches(&stub, "TargetGroupArns", &arns);
    assert_eq!(asked, [arns[..400].to_vec(), arns[400..].to_vec()]);
    for f in forms(&stub) {
        assert_eq!(f["PageSize"], "400", "each batch pages too");
        assert!(!f.contains_key("Marker"));
    }
    assert_eq!(aws.call_counts().get("DescribeTargetGroups"), Some(&2));
}

fn tg_xml(name: &str, health: &str) -> String {
    format!(
        "<member><TargetGroupArn>{}</TargetGroupArn><TargetGroupName>{name}</TargetGroupName>\
         <Protocol>HTTP</Protocol><Port>8080</Port><VpcId>vpc-0abc</VpcId><TargetType>ip</TargetType>\
         <LoadBalancerArns><member>{}</member></LoadBalancerArns>{health}</member>",
        tg(name),
        lb("front")
    )
}

#[tokio::test]
async fn target_groups_of_a_load_balancer_follow_markers_with_their_health_checks() {
    let http = "<HealthCheckEnabled>true</HealthCheckEnabled><HealthCheckProtocol>HTTP</HealthCheckProtocol>\
        <HealthCheckPort>traffic-port</HealthCheckPort><HealthCheckPath>/healthz</HealthCheckPath>\
        <Matcher><HttpCode>200-299</HttpCode></Matcher><HealthCheckIntervalSeconds>30</HealthCheckIntervalSeconds>\
        <HealthCheckTimeoutSeconds>5</HealthCheckTimeoutSeconds><HealthyThresholdCount>5</HealthyThresholdCount>\
        <UnhealthyThresholdCount>2</UnhealthyThresholdCount>";
    let grpc = "<HealthCheckProtocol>HTTP</HealthCheckProtocol><HealthCheckPort>9000</HealthCheckPort>\
        <Matcher><GrpcCode>0-99</GrpcCode></Matcher><HealthCheckIntervalSeconds>10</HealthCheckIntervalSeconds>\
        <HealthCheckTimeoutSeconds>6</HealthCheckTimeoutSeconds><HealthyThresholdCount>3</HealthyThresholdCount>\
        <UnhealthyThresholdCount>3</UnhealthyThresholdCount>";
    let stub = Stub::start(vec![
        Reply::elb_ok(
            "DescribeTargetGroups",
            &format!(
                "<TargetGroups>{}</TargetGroups><NextMarker>t-1</NextMarker>",
                tg_xml("web", http)
            ),
        ),
        Reply::elb_ok(
            "DescribeTargetGroups",
            &format!("<TargetGroups>{}</TargetGroups>", tg_xml("rpc", grpc)),
        ),
    ])
    .await;
    let aws = aws(&stub.endpoint);

    let groups = aws
        .describe_target_groups_of_load_balancer(&lb("front"))
        .await
        .expect("two pages");

    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].vpc_id.as_deref(), Some("vpc-0abc"));
    assert_eq!(
        groups[0].health_check,
        TargetGroupHealthCheck {
            enabled: true,
            protocol: "HTTP".into(),
            port: "traffic-port".into(),
            path: Some("/healthz".into()),
            matcher: Some(Matcher::Http("200-299".into())),
            interval_seconds: 30,
            timeout_seconds: 5,
            healthy_threshold: 5,
            unhealthy_threshold: 2,
        }
    );
    let rpc = &groups[1].health_check;
    assert_eq!(rpc.matcher, Some(Matcher::Grpc("0-99".into())));
    assert!(rpc.enabled, "absent means enabled");
    assert_eq!((rpc.port.as_str(), rpc.path.as_deref()), ("9000", None));
    let front = lb("front");
    let fields = [("LoadBalancerArn", front.as_str()), ("PageSize", "400")];
    assert_eq!(
        forms(&stub),
        paged("DescribeTargetGroups", &fields, &["t-1"])
    );
}

const PATH_AND_HOST: &str = "<member><Field>path-pattern</Field><PathPatternConfig><Values><member>/api/*</member>\
    </Values></PathPatternConfig></member><member><Field>host-header</Field><Values><member>api.example.com</member>\
    </Values></member>";
const HEADER_QUERY_IP_METHOD: &str = "<member><Field>http-header</Field><HttpHeaderConfig>\
    <HttpHeaderName>X-Env</HttpHeaderName><Values><member>blue</member></Values></HttpHeaderConfig></member>\
    <member><Field>query-string</Field><QueryStringConfig><Values><member><Key>v</Key><Value>2</Value></member>\
    </Values></QueryStringConfig></member><member><Field>source-ip</Field><SourceIpConfig><Values>\
    <member>10.0.0.0/8</member></Values></SourceIpConfig></member><member><Field>http-request-method</Field>\
    <HttpRequestMethodConfig><Values><member>GET</member><member>HEAD</member></Values></HttpRequestMethodConfig>\
    </member>";

fn rule_xml(id: &str, priority: &str, conditions: &str, actions: &str) -> String {
    format!(
        "<member><RuleArn>{}/{id}</RuleArn><Priority>{priority}</Priority><IsDefault>{}</IsDefault>\
         <Conditions>{conditions}</Conditions><Actions>{actions}</Actions></member>",
        listener("l1"),
        priority == "default"
    )
}

#[tokio::test]
async fn rules_follow_markers_with_conditions_and_every_kind_of_action() {
    let (blue, green) = (tg("blue"), tg("green"));
    let weighted = format!(
        "<member><Type>forward</Type><Order>2</Order><ForwardConfig><TargetGroups>\
         <member><TargetGroupArn>{blue}</TargetGroupArn><Weight>80</Weight></member>\
         <member><TargetGroupArn>{green}</TargetGroupArn><Weight>20</Weight></member></TargetGroups>\
         <TargetGroupStickinessConfig><Enabled>true</Enabled><DurationSeconds>300</DurationSeconds>\
         </TargetGroupStickinessConfig></ForwardConfig></member>\
         <member><Type>authenticate-oidc</Type><Order>1</Order><AuthenticateOidcConfig><Issuer>https://idp</Issuer>\
         </AuthenticateOidcConfig></member>"
    );
    let redirect = "<member><Type>redirect</Type><RedirectConfig><Protocol>HTTPS</Protocol><Port>443</Port>\
        <Host>#{host}</Host><Path>/#{path}</Path><Query>#{query}</Query><StatusCode>HTTP_301</StatusCode>\
        </RedirectConfig></member>";
    let fixed =
        "<member><Type>fixed-response</Type><FixedResponseConfig><StatusCode>404</StatusCode>\
        <ContentType>text/plain</ContentType></FixedResponseConfig></member>";
    let page = |rules: String, next: Option<&str>| {
        let next = next
            .map(|m| format!("<NextMarker>{m}</NextMarker>"))
            .unwrap_or_default();
        Reply::elb_ok("DescribeRules", &format!("<Rules>{rules}</Rules>{next}"))
    };
    let stub = Stub::start(vec![
        page(rule_xml("r1", "1", PATH_AND_HOST, &weighted), Some("r-1")),
        page(
            rule_xml("r2", "2", HEADER_QUERY_IP_METHOD, redirect),
            Some("r-2"),
        ),
        page(rule_xml("default", "default", "", fixed), None),
    ])
    .await;
    let aws = aws(&stub.endpoint);

    let rules = aws
        .describe_rules(&listener("l1"))
        .await
        .expect("three pages");

    assert_eq!(rules.len(), 3);
    let texts: Vec<String> = rules[0]
        .conditions
        .iter()
        .map(RuleCondition::text)
        .collect();
    assert_eq!(texts, ["path /api/*", "host api.example.com"]);
    assert_eq!(
        rules[0].actions,
        [
            RuleAction::Authenticate {
                kind: "oidc".into()
            },
            RuleAction::Forward {
                groups: vec![
                    WeightedTargetGroup {
                        arn: blue.clone(),
                        weight: Some(80)
                    },
                    WeightedTargetGroup {
                        arn: green.clone(),
                        weight: Some(20)
                    },
                ],
                stickiness_seconds: Some(300),
            },
        ],
        "in their Order"
    );
    assert_eq!(rules[0].target_groups, [blue, green]);
    assert_eq!(
        rules[1].conditions_text(),
        "header X-Env is blue, query v=2, source 10.0.0.0/8, method GET or HEAD"
    );
    assert_eq!(rules[1].actions[0].text(), "redirect HTTPS:443 (301)");
    assert!(rules[2].is_default && rules[2].conditions.is_empty());
    assert_eq!(rules[2].conditions_text(), "default");
    assert_eq!(rules[2].actions[0].text(), "fixed 404 text/plain");
    assert!(rules[2].target_groups.is_empty());
    let l1 = listener("l1");
    let l1 = l1.as_str();
    let fields = [("ListenerArn", l1), ("PageSize", "400")];
    assert_eq!(
        forms(&stub),
        paged("DescribeRules", &fields, &["r-1", "r-2"])
    );
}

#[tokio::test]
async fn listeners_follow_markers_with_their_default_actions() {
    let front = lb("front");
    let web = tg("web");
    let xml = |id: &str, port: u16, actions: &str| {
        format!(
            "<member><ListenerArn>{}</ListenerArn><LoadBalancerArn>{front}</LoadBalancerArn><Port>{port}</Port>\
             <Protocol>HTTP</Protocol><DefaultActions>{actions}</DefaultActions></member>",
            listener(id)
        )
    };
    let fixed =
        "<member><Type>fixed-response</Type><FixedResponseConfig><StatusCode>503</StatusCode>\
        </FixedResponseConfig></member>";
    let forward =
        format!("<member><Type>forward</Type><TargetGroupArn>{web}</TargetGroupArn></member>");
    let stub = Stub::start(vec![
        Reply::elb_ok(
            "DescribeListeners",
            &format!(
                "<Listeners>{}</Listeners><NextMarker>l-1</NextMarker>",
                xml("l1", 80, fixed)
            ),
        ),
        Reply::elb_ok(
            "DescribeListeners",
            &format!("<Listeners>{}</Listeners>", xml("l2", 8080, &forward)),
        ),
    ])
    .await;
    let aws = aws(&stub.endpoint);

    let listeners = aws.describe_listeners(&front).await.expect("two pages");

    assert_eq!(
        listeners[0].default_actions,
        [RuleAction::FixedResponse {
            status_code: "503".into(),
            content_type: None
        }]
    );
    assert!(listeners[0].default_target_groups.is_empty());
    assert_eq!(listeners[1].default_actions, [RuleAction::forward_to(&web)]);
    assert_eq!(listeners[1].default_target_groups, [web]);
    let fields = [("LoadBalancerArn", front.as_str()), ("PageSize", "400")];
    assert_eq!(forms(&stub), paged("DescribeListeners", &fields, &["l-1"]));
}
