//! ELBv2 rule conditions and actions -> wharf's model.

use aws_sdk_elasticloadbalancingv2::types as elb;

use crate::model::{redirect_text, QueryPair, RuleAction, RuleCondition, WeightedTargetGroup};

/// A config block's plain values, else its regular expressions.
fn either<'a>(plain: &'a [String], regex: &'a [String]) -> &'a [String] {
    if plain.is_empty() {
        regex
    } else {
        plain
    }
}

/// A condition's values: those of its config block, else the legacy `Values` (path-pattern and host-header
/// rules made before the config blocks), else its regex values.
fn values(config: Option<&[String]>, c: &elb::RuleCondition) -> Vec<String> {
    let list = config
        .filter(|v| !v.is_empty())
        .unwrap_or(either(c.values(), c.regex_values()));
    list.to_vec()
}

pub(crate) fn condition(c: &elb::RuleCondition) -> RuleCondition {
    let field = c.field().unwrap_or_default();
    match field {
        "path-pattern" => RuleCondition::PathPattern(values(
            c.path_pattern_config()
                .map(|p| either(p.values(), p.regex_values())),
            c,
        )),
        "host-header" => RuleCondition::HostHeader(values(
            c.host_header_config()
                .map(|h| either(h.values(), h.regex_values())),
            c,
        )),
        "http-header" => {
            let cfg = c.http_header_config();
            RuleCondition::HttpHeader {
                name: cfg
                    .and_then(|h| h.http_header_name())
                    .unwrap_or_default()
                    .to_string(),
                values: values(cfg.map(|h| either(h.values(), h.regex_values())), c),
            }
        }
        "http-request-method" => RuleCondition::HttpRequestMethod(values(
            c.http_request_method_config().map(|m| m.values()),
            c,
        )),
        "query-string" => RuleCondition::QueryString(
            c.query_string_config()
                .map(|q| q.values())
                .unwrap_or_default()
                .iter()
                .map(|kv| QueryPair {
                    key: kv.key().map(str::to_string),
                    value: kv.value().unwrap_or_default().to_string(),
                })
                .collect(),
        ),
        "source-ip" => RuleCondition::SourceIp(values(c.source_ip_config().map(|s| s.values()), c)),
        other => RuleCondition::Other {
            field: other.to_string(),
            values: values(None, c),
        },
    }
}

fn u(v: Option<i32>) -> Option<u32> {
    v.and_then(|v| u32::try_from(v).ok())
}

/// The actions in the order ELBv2 applies them (`Order`; the ones without come last, as listed).
pub(crate) fn actions(list: &[elb::Action]) -> Vec<RuleAction> {
    let mut ordered: Vec<&elb::Action> = list.iter().collect();
    ordered.sort_by_key(|a| a.order().unwrap_or(i32::MAX));
    ordered.into_iter().map(action).collect()
}

pub(crate) fn action(a: &elb::Action) -> RuleAction {
    match a.r#type() {
        Some(elb::ActionTypeEnum::Forward) => forward(a),
        Some(elb::ActionTypeEnum::FixedResponse) => {
            let f = a.fixed_response_config();
            RuleAction::FixedResponse {
                status_code: f
                    .and_then(|f| f.status_code())
                    .unwrap_or_default()
                    .to_string(),
                content_type: f.and_then(|f| f.content_type()).map(str::to_string),
            }
        }
        Some(elb::ActionTypeEnum::Redirect) => {
            let r = a.redirect_config();
            RuleAction::Redirect {
                to: redirect_text(
                    r.and_then(|r| r.protocol()),
                    r.and_then(|r| r.host()),
                    r.and_then(|r| r.port()),
                    r.and_then(|r| r.path()),
                    r.and_then(|r| r.query()),
                    r.and_then(|r| r.status_code()).map(|s| s.as_str()),
                ),
            }
        }
        Some(elb::ActionTypeEnum::AuthenticateOidc) => RuleAction::Authenticate {
            kind: "oidc".into(),
        },
        Some(elb::ActionTypeEnum::AuthenticateCognito) => RuleAction::Authenticate {
            kind: "cognito".into(),
        },
        Some(other) => RuleAction::Other(other.as_str().to_string()),
        None => RuleAction::Other(String::new()),
    }
}

/// A forward names one group in `TargetGroupArn`, several (weighted) in `ForwardConfig.TargetGroups`, or the
/// same one in both.
fn forward(a: &elb::Action) -> RuleAction {
    let config = a.forward_config();
    let mut groups: Vec<WeightedTargetGroup> = config
        .map(|f| f.target_groups())
        .unwrap_or_default()
        .iter()
        .filter_map(|t| {
            Some(WeightedTargetGroup {
                arn: t.target_group_arn().filter(|a| !a.is_empty())?.to_string(),
                weight: u(t.weight()),
            })
        })
        .collect();
    if let Some(single) = a.target_group_arn().filter(|a| !a.is_empty()) {
        if !groups.iter().any(|g| g.arn == single) {
            groups.insert(
                0,
                WeightedTargetGroup {
                    arn: single.to_string(),
                    weight: None,
                },
            );
        }
    }
    let stickiness_seconds = config
        .and_then(|f| f.target_group_stickiness_config())
        .filter(|s| s.enabled() == Some(true))
        .and_then(|s| u(s.duration_seconds()));
    RuleAction::Forward {
        groups,
        stickiness_seconds,
    }
}
