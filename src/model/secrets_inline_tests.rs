//! Secrets inside a longer value or text: URLs, settings in every form configuration takes, curl's
//! `-u user:password`, webhooks and authorization headers.

use super::tests::args_shown;
use super::*;

fn shown(name: &str, value: &str) -> String {
    hide(name, value).map_or(value.to_string(), |h| h.text)
}

fn masked(text: &str) -> String {
    mask_secrets(text).0
}

#[test]
fn a_url_password_with_a_slash_hash_question_mark_or_at_is_hidden_whole() {
    for (value, expected) in [
        (
            "postgres://app:Ab3/xY9#zz@db/app",
            "postgres://app:••••••@db/app",
        ),
        (
            "postgres://app:p@ss/w0rd@db/app",
            "postgres://app:••••••@db/app",
        ),
        (
            "mysql://app:a?b#c@db:3306/app",
            "mysql://app:••••••@db:3306/app",
        ),
        ("redis://:x/y@cache:6379/0", "redis://:••••••@cache:6379/0"),
    ] {
        let h = hide("DATABASE_URL", value).unwrap();
        assert_eq!(
            (h.text.as_str(), h.reason),
            (expected, SecretReason::UrlPassword)
        );
        assert_eq!(
            masked(&format!("cannot reach {value}: refused")),
            format!("cannot reach {expected}: refused")
        );
    }
    // Quoted, the URL runs to its closing quote, spaces included.
    assert_eq!(
        masked(r#"dsn "postgres://app:two words@db/app" refused"#),
        r#"dsn "postgres://app:••••••@db/app" refused"#
    );
    // No password: nothing to hide.
    for value in [
        "http://db:5432/app",
        "https://git@github.com/o/r.git",
        "https://a.example.com/x?to=me@x.com",
    ] {
        assert_eq!(hide("URL", value), None, "{value}");
    }
}

#[test]
fn settings_in_json_yaml_and_spaced_forms_are_hidden() {
    let h = hide(
        "SPRING_APPLICATION_JSON",
        r#"{"spring.datasource.password":"hunter2json","server.port":8080}"#,
    )
    .unwrap();
    assert_eq!(
        h.text,
        r#"{"spring.datasource.password":"••••••","server.port":8080}"#
    );
    assert_eq!(h.reason, SecretReason::Setting("PASSWORD"));
    for (text, expected) in [
        ("password: x", "password: ••••••"),
        (
            r#"{"apiKey": "abc", "region": "eu-west-1"}"#,
            r#"{"apiKey": "••••••", "region": "eu-west-1"}"#,
        ),
        (
            "{apiKey: 'a b', region: eu}",
            "{apiKey: '••••••', region: eu}",
        ),
        (
            "db:\n  password: two words\n  host: db",
            "db:\n  password: ••••••\n  host: db",
        ),
        (
            "user = app\npassword = hunter2",
            "user = app\npassword = ••••••",
        ),
        (
            r#"password="hunter 2" user=app"#,
            r#"password="••••••" user=app"#,
        ),
        (
            r#"body {\"token\":\"t0k3n\"}"#,
            r#"body {\"token\":\"••••••\"}"#,
        ),
    ] {
        assert_eq!(masked(text), expected, "{text}");
        assert_eq!(shown("CONFIG", text), expected, "{text}");
    }
}

/// Decisions: `name:value` with no space is an address, a URL's user or an ARN, not a setting; an error's
/// code before its message is not a setting's name; a setting that says what the secret is stays shown.
#[test]
fn what_only_looks_like_a_setting_is_shown() {
    for text in [
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
        "token:5432",
        "ExpiredTokenException: The security token included in the request is expired",
        "InvalidTokenError: token refused",
        "token_ttl: 3600",
        r#"{"authEnabled": true, "tokenTtl": 60}"#,
        "if password == expected",
        "password => hash",
    ] {
        assert_eq!(mask_secrets(text), (text.to_string(), 0), "{text}");
    }
}

#[test]
fn a_connection_strings_password_runs_to_its_semicolon() {
    for (value, expected) in [
        (
            "Server=db;Database=app;User Id=app;Password=P@ss w0rd;",
            "Server=db;Database=app;User Id=app;Password=••••••;",
        ),
        ("Password=P@ss w0rd;Server=db", "Password=••••••;Server=db"),
        ("Server=db; Pwd=two words", "Server=db; Pwd=••••••"),
    ] {
        assert_eq!(shown("CONN", value), expected, "{value}");
        assert_eq!(masked(value), expected, "{value}");
    }
    // Not a `key=value;` list: the value is one word.
    assert_eq!(
        masked("DescribeServices: Password=hunter2 rejected; retry"),
        "DescribeServices: Password=•••••• rejected; retry"
    );
}

/// Decisions: curl's `-u user:password` is hidden, `uid:gid` and a user alone are not; a password glued to
/// its flag (mysql's `-phunter2`) is not hidden (`-p…` is as often a port or a path).
#[test]
fn curls_user_and_password_is_hidden() {
    assert_eq!(
        args_shown(&["curl", "-u", "admin:hcpass", "https://x/health"]),
        [
            "curl",
            "-u",
            "•••••• (hidden: follows -u)",
            "https://x/health"
        ]
    );
    assert_eq!(
        args_shown(&["--user=admin:hcpass"]),
        ["--user=•••••• (hidden: follows --user)"]
    );
    assert_eq!(
        args_shown(&[
            "CMD-SHELL",
            "curl -fsS --user admin:hcpass http://localhost/ || exit 1"
        ])[1],
        "curl -fsS --user •••••• http://localhost/ || exit 1 (hidden: follows --user)"
    );
    assert_eq!(
        masked("curl -u admin:hcpass http://localhost/"),
        "curl -u •••••• http://localhost/"
    );
    for args in [
        &["docker", "exec", "-u", "1000:1000", "app"][..],
        &["psql", "-U", "postgres"],
        &["curl", "-u", "admin:"],
        &["mysql", "-phunter2"],
    ] {
        assert!(
            hide_args(args.iter().copied()).iter().all(Option::is_none),
            "{args:?}"
        );
    }
}

#[test]
fn a_webhooks_path_and_a_token_in_a_path_are_hidden() {
    let h = hide(
        "SLACK_WEBHOOK",
        "https://hooks.slack.com/services/T000/B000/XXXX",
    )
    .unwrap();
    assert_eq!(
        (h.text.as_str(), h.reason),
        (
            "https://hooks.slack.com/services/••••••",
            SecretReason::UrlToken
        )
    );
    assert_eq!(
        h.labelled(),
        "https://hooks.slack.com/services/•••••• (hidden: token in URL)"
    );
    assert_eq!(
        masked("posting to https://discord.com/api/webhooks/123/abc failed"),
        "posting to https://discord.com/api/webhooks/•••••• failed"
    );
    assert_eq!(
        shown(
            "HOOK",
            "https://ci.example.com/hooks/ghp_16C7e42F292c6912E7710c838347Ae178B4a/run"
        ),
        "https://ci.example.com/hooks/••••••/run"
    );
    for value in [
        "https://cdn.example.com/v1/assets/app.js",
        "https://hooks.slack.com/",
        "https://example.com/orders/f47ac10b-58cc-4372-a567-0e02b2c3d479",
    ] {
        assert_eq!(hide("HOOK", value), None, "{value}");
    }
}

/// `…_HEADER` now says what a value is, so what follows an authorization scheme is hidden by itself.
#[test]
fn an_authorization_credential_is_hidden() {
    assert_eq!(
        shown("AUTH_HEADER", "Bearer abc.def-ghi_jkl"),
        "Bearer ••••••"
    );
    assert_eq!(
        shown("AUTH_HEADER", "Basic YWRtaW46aGNwYXNz"),
        "Basic ••••••"
    );
    assert_eq!(
        masked("sent Authorization: Bearer abc.def-ghi_jkl"),
        "sent Authorization: •••••• ••••••"
    );
    for text in ["Basic authentication failed", "a bearer bond"] {
        assert_eq!(mask_secrets(text), (text.to_string(), 0), "{text}");
    }
}
