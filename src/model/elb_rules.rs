//! What a listener rule matches (its conditions) and what it does (its actions), as DescribeRules and
//! DescribeListeners report them, each with a short text for a table cell.

use super::elb_name;

/// One condition of a rule: the request field it looks at and the values it accepts (any of them matches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleCondition {
    PathPattern(Vec<String>),
    HostHeader(Vec<String>),
    HttpHeader {
        name: String,
        values: Vec<String>,
    },
    HttpRequestMethod(Vec<String>),
    QueryString(Vec<QueryPair>),
    SourceIp(Vec<String>),
    /// A field this wharf does not know yet, with its values as given.
    Other {
        field: String,
        values: Vec<String>,
    },
}

/// One `key=value` of a query-string condition; the key may be left out (any key).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryPair {
    pub key: Option<String>,
    pub value: String,
}

impl RuleCondition {
    /// The field as ELBv2 names it (`path-pattern`, `host-header`, ...).
    pub fn field(&self) -> &str {
        match self {
            RuleCondition::PathPattern(_) => "path-pattern",
            RuleCondition::HostHeader(_) => "host-header",
            RuleCondition::HttpHeader { .. } => "http-header",
            RuleCondition::HttpRequestMethod(_) => "http-request-method",
            RuleCondition::QueryString(_) => "query-string",
            RuleCondition::SourceIp(_) => "source-ip",
            RuleCondition::Other { field, .. } => field,
        }
    }

    /// A short text: `path /api/*`, `host api.example.com or www.example.com`, `header X-Env is blue`,
    /// `method GET or HEAD`, `query version=2`, `source 10.0.0.0/8`.
    pub fn text(&self) -> String {
        let any = |values: &[String]| values.join(" or ");
        match self {
            RuleCondition::PathPattern(v) => format!("path {}", any(v)),
            RuleCondition::HostHeader(v) => format!("host {}", any(v)),
            RuleCondition::HttpHeader { name, values } => {
                format!("header {name} is {}", any(values))
            }
            RuleCondition::HttpRequestMethod(v) => format!("method {}", any(v)),
            RuleCondition::QueryString(pairs) => {
                let pairs: Vec<String> = pairs
                    .iter()
                    .map(|p| match &p.key {
                        Some(k) => format!("{k}={}", p.value),
                        None => p.value.clone(),
                    })
                    .collect();
                format!("query {}", any(&pairs))
            }
            RuleCondition::SourceIp(v) => format!("source {}", any(v)),
            RuleCondition::Other { field, values } => format!("{field} {}", any(values)),
        }
    }
}

/// A target group of a forward action and its weight (`None`: the action names a single group).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WeightedTargetGroup {
    pub arn: String,
    pub weight: Option<u32>,
}

/// One action of a rule or of a listener's default actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleAction {
    Forward {
        groups: Vec<WeightedTargetGroup>,
        /// Target group stickiness, when it is on.
        stickiness_seconds: Option<u32>,
    },
    FixedResponse {
        /// e.g. `404`.
        status_code: String,
        content_type: Option<String>,
    },
    Redirect {
        /// What the redirect changes, e.g. `HTTPS:443 (301)`.
        to: String,
    },
    Authenticate {
        /// `oidc` or `cognito`.
        kind: String,
    },
    /// An action type this wharf does not know yet (e.g. `jwt-validation`).
    Other(String),
}

impl RuleAction {
    /// A forward to one target group.
    pub fn forward_to(arn: &str) -> RuleAction {
        RuleAction::Forward {
            groups: vec![WeightedTargetGroup {
                arn: arn.to_string(),
                weight: None,
            }],
            stickiness_seconds: None,
        }
    }

    /// The share of traffic (0-100) a forward action sends to `arn`; `None` if it does not forward there.
    pub fn share(&self, arn: &str) -> Option<f64> {
        let RuleAction::Forward { groups, .. } = self else {
            return None;
        };
        let g = groups.iter().find(|g| g.arn == arn)?;
        if groups.len() == 1 {
            return Some(100.0);
        }
        let total: u32 = groups.iter().map(|g| g.weight.unwrap_or(1)).sum();
        match total {
            0 => Some(0.0),
            t => Some(100.0 * f64::from(g.weight.unwrap_or(1)) / f64::from(t)),
        }
    }

    /// A short text: `forward web-tg`, `forward blue-tg 90% green-tg 10%`, `fixed 404 text/plain`,
    /// `redirect HTTPS:443 (301)`, `authenticate oidc`.
    pub fn text(&self) -> String {
        match self {
            RuleAction::Forward { groups, .. } if groups.len() == 1 => {
                format!("forward {}", elb_name(&groups[0].arn))
            }
            RuleAction::Forward { groups, .. } => {
                let parts: Vec<String> = groups
                    .iter()
                    .map(|g| {
                        let share = self.share(&g.arn).unwrap_or(0.0);
                        format!("{} {share:.0}%", elb_name(&g.arn))
                    })
                    .collect();
                format!("forward {}", parts.join(" "))
            }
            RuleAction::FixedResponse {
                status_code,
                content_type,
            } => match content_type {
                Some(t) => format!("fixed {status_code} {t}"),
                None => format!("fixed {status_code}"),
            },
            RuleAction::Redirect { to } => format!("redirect {to}"),
            RuleAction::Authenticate { kind } => format!("authenticate {kind}"),
            RuleAction::Other(kind) => kind.clone(),
        }
    }
}

/// The target groups a list of actions forwards to, each once, in order.
pub fn forwarded_target_groups(actions: &[RuleAction]) -> Vec<String> {
    let mut arns: Vec<String> = Vec::new();
    for action in actions {
        if let RuleAction::Forward { groups, .. } = action {
            for g in groups {
                if !g.arn.is_empty() && !arns.contains(&g.arn) {
                    arns.push(g.arn.clone());
                }
            }
        }
    }
    arns
}

/// A redirect's short text from its parts as ELBv2 gives them: the `#{protocol}`, `#{host}`, `#{port}`,
/// `/#{path}` and `#{query}` placeholders keep the request's own, and are left out.
pub fn redirect_text(
    protocol: Option<&str>,
    host: Option<&str>,
    port: Option<&str>,
    path: Option<&str>,
    query: Option<&str>,
    status: Option<&str>,
) -> String {
    fn set(v: Option<&str>) -> Option<&str> {
        v.filter(|v| !v.is_empty() && !v.contains("#{"))
    }
    let mut to = String::new();
    if let Some(p) = set(protocol) {
        to.push_str(p);
    }
    if let Some(h) = set(host) {
        if !to.is_empty() {
            to.push_str("://");
        }
        to.push_str(h);
    }
    if let Some(p) = set(port) {
        to.push(':');
        to.push_str(p);
    }
    if let Some(p) = set(path) {
        to.push_str(p);
    }
    if let Some(q) = set(query) {
        to.push('?');
        to.push_str(q);
    }
    if to.is_empty() {
        to.push_str("same URL");
    }
    match status {
        Some(s) => format!("{to} ({})", s.trim_start_matches("HTTP_")),
        None => to,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tg(name: &str) -> String {
        format!("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/{name}/0123")
    }

    #[test]
    fn conditions_read_as_short_text() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            RuleCondition::PathPattern(v(&["/api/*"])).text(),
            "path /api/*"
        );
        assert_eq!(
            RuleCondition::HostHeader(v(&["a.example.com", "b.example.com"])).text(),
            "host a.example.com or b.example.com"
        );
        let header = RuleCondition::HttpHeader {
            name: "X-Env".into(),
            values: v(&["blue"]),
        };
        assert_eq!(header.text(), "header X-Env is blue");
        assert_eq!(header.field(), "http-header");
        let query = RuleCondition::QueryString(vec![
            QueryPair {
                key: Some("version".into()),
                value: "2".into(),
            },
            QueryPair {
                key: None,
                value: "beta".into(),
            },
        ]);
        assert_eq!(query.text(), "query version=2 or beta");
        assert_eq!(
            RuleCondition::HttpRequestMethod(v(&["GET", "HEAD"])).text(),
            "method GET or HEAD"
        );
        assert_eq!(
            RuleCondition::SourceIp(v(&["10.0.0.0/8"])).text(),
            "source 10.0.0.0/8"
        );
    }

    #[test]
    fn a_weighted_forward_shares_traffic_by_weight() {
        let forward = RuleAction::Forward {
            groups: vec![
                WeightedTargetGroup {
                    arn: tg("blue"),
                    weight: Some(3),
                },
                WeightedTargetGroup {
                    arn: tg("green"),
                    weight: Some(1),
                },
            ],
            stickiness_seconds: None,
        };
        assert_eq!(forward.share(&tg("green")), Some(25.0));
        assert_eq!(forward.share(&tg("other")), None);
        assert_eq!(forward.text(), "forward blue 75% green 25%");
        assert_eq!(RuleAction::forward_to(&tg("web")).text(), "forward web");
        assert_eq!(
            RuleAction::forward_to(&tg("web")).share(&tg("web")),
            Some(100.0)
        );
        let fixed = RuleAction::FixedResponse {
            status_code: "404".into(),
            content_type: Some("text/plain".into()),
        };
        assert_eq!(fixed.text(), "fixed 404 text/plain");
        assert_eq!(
            forwarded_target_groups(&[fixed, forward, RuleAction::forward_to(&tg("blue"))]),
            [tg("blue"), tg("green")]
        );
    }

    #[test]
    fn a_redirect_names_only_what_it_changes() {
        let t = redirect_text(
            Some("HTTPS"),
            Some("#{host}"),
            Some("443"),
            Some("/#{path}"),
            Some("#{query}"),
            Some("HTTP_301"),
        );
        assert_eq!(t, "HTTPS:443 (301)");
        let t = redirect_text(None, Some("new.example.com"), None, Some("/v2"), None, None);
        assert_eq!(t, "new.example.com/v2");
    }
}
