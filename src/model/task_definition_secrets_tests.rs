use std::collections::BTreeMap;

use super::*;
use crate::model::secrets::MASK;
use crate::model::test_definitions::web;
use crate::model::{diff, ChangeKind, EnvVar, FieldChange};

fn with_env(env: &[(&str, &str)]) -> TaskDefinition {
    let mut td = web();
    td.containers[0].environment = env.iter().map(|(k, v)| EnvVar::new(k, v)).collect();
    td
}

fn env_value(json: &Value, i: usize) -> &str {
    json["containerDefinitions"][0]["environment"][i]["value"]
        .as_str()
        .unwrap()
}

#[test]
fn the_json_shows_each_hidden_value_with_why() {
    let td = with_env(&[
        ("DB_PASS", "hunter2"),
        ("DATABASE_URL", "postgres://app:hunter2@db:5432/app"),
        ("SESSION", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("DB_HOST", "db.internal"),
    ]);
    let (json, count) = shown_json(&td, false);
    assert_eq!(count, 3);
    assert_eq!(env_value(&json, 0), "•••••• (hidden: name contains PASS)");
    assert_eq!(
        env_value(&json, 1),
        "postgres://app:••••••@db:5432/app (hidden: password in URL)"
    );
    assert_eq!(env_value(&json, 2), "•••••• (hidden: looks like a key)");
    assert_eq!(env_value(&json, 3), "db.internal");
    let text = json.to_string();
    assert!(
        !text.contains("hunter2") && !text.contains("EXAMPLEKEY"),
        "{text}"
    );
    // The secrets' references are shown: they are ARNs, not values.
    assert!(text.contains("secret:web/api-key-AbCdEf"), "{text}");

    let (revealed, count) = shown_json(&td, true);
    assert_eq!(count, 3, "the count says what reveal shows");
    assert_eq!(env_value(&revealed, 0), "hunter2");
    assert_eq!(revealed, register_json(&td));
}

#[test]
fn options_labels_and_arguments_are_hidden_too() {
    let mut td = web();
    let c = &mut td.containers[0];
    let log = c.log_configuration.as_mut().unwrap();
    log.options.insert("splunk-token".into(), "abc-123".into());
    c.docker_labels = BTreeMap::from([("traefik.auth.password".into(), "hunter2".into())]);
    c.command = vec!["migrate".into(), "--password=hunter2".into()];
    let (json, count) = shown_json(&td, false);
    let c = &json["containerDefinitions"][0];
    assert_eq!(count, 3);
    assert_eq!(
        c["logConfiguration"]["options"]["splunk-token"],
        "•••••• (hidden: name contains TOKEN)"
    );
    assert_eq!(
        c["logConfiguration"]["options"]["awslogs-group"],
        "/ecs/web"
    );
    assert_eq!(
        c["dockerLabels"]["traefik.auth.password"],
        "•••••• (hidden: name contains AUTH)"
    );
    assert_eq!(
        c["command"][1],
        "--password=•••••• (hidden: PASSWORD setting inside)"
    );
    assert_eq!(c["command"][0], "migrate");
}

fn one_change(a: &TaskDefinition, b: &TaskDefinition) -> FieldChange {
    let d = diff(a, b);
    assert_eq!(d.len(), 1, "{d:?}");
    d.into_iter().next().unwrap()
}

#[test]
fn a_changed_secret_is_changed_and_nothing_more() {
    let c = one_change(
        &with_env(&[("DB_PASSWORD", "hunter2")]),
        &with_env(&[("DB_PASSWORD", "hunter3")]),
    );
    assert_eq!(c.kind(), ChangeKind::Changed);
    assert_eq!(c.secret, Some(SecretReason::Name("PASSWORD")));
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some(MASK), Some(MASK))
    );

    // Hidden on one side only (a token replaced by a weak password): neither side is shown.
    let c = one_change(
        &with_env(&[("SESSION", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]),
        &with_env(&[("SESSION", "hunter2")]),
    );
    assert_eq!(c.secret, Some(SecretReason::Token));
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some(MASK), Some(MASK))
    );

    let mut added = web();
    added.containers[0]
        .environment
        .push(EnvVar::new("API_TOKEN", "t0k3n"));
    let c = one_change(&web(), &added);
    assert_eq!(c.kind(), ChangeKind::Added);
    assert_eq!(c.after.as_deref(), Some(MASK));
}

/// A URL's host is not shown around its masked password either: whatever the two values are, a change to a
/// secret one says that it changed.
#[test]
fn a_changed_url_with_a_password_is_changed_and_nothing_more() {
    let c = one_change(
        &with_env(&[("DATABASE_URL", "postgres://app:hunter2@db:5432/app")]),
        &with_env(&[("DATABASE_URL", "postgres://app:Ab3/xY9#zz@db2:5432/app")]),
    );
    assert_eq!(c.secret, Some(SecretReason::UrlPassword));
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some(MASK), Some(MASK))
    );
}

/// The newer side's secret missed by the masking (mysql's `-p…` is not read as one) is not shown because
/// the older side's was found: neither side is.
#[test]
fn a_diff_shows_neither_side_when_only_one_is_found_secret() {
    let c = one_change(
        &with_env(&[("DB_CLI", "postgres://app:hunter2@db/app")]),
        &with_env(&[("DB_CLI", "mysql -h db -phunter3")]),
    );
    assert_eq!(c.kind(), ChangeKind::Changed);
    assert_eq!(c.secret, Some(SecretReason::UrlPassword));
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some(MASK), Some(MASK))
    );
    let c = one_change(
        &with_env(&[("DB_CLI", "mysql -h db -phunter3")]),
        &with_env(&[("DB_CLI", "postgres://app:hunter2@db/app")]),
    );
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some(MASK), Some(MASK))
    );
}

#[test]
fn settings_urls_and_webhooks_inside_values_are_hidden_in_the_json() {
    let td = with_env(&[
        (
            "SPRING_APPLICATION_JSON",
            r#"{"spring.datasource.password":"hunter2json"}"#,
        ),
        ("DATABASE_URL", "postgres://app:Ab3/xY9#zz@db/app"),
        (
            "SLACK_WEBHOOK",
            "https://hooks.slack.com/services/T000/B000/XXXX",
        ),
        ("CONN", "Server=db;Password=P@ss w0rd;"),
        ("AUTH_SERVER", "https://auth.example.com"),
        ("TLS_CERT", "/etc/ssl/cert.pem"),
    ]);
    let (json, count) = shown_json(&td, false);
    assert_eq!(count, 4);
    for (i, expected) in [
        r#"{"spring.datasource.password":"••••••"} (hidden: PASSWORD setting inside)"#,
        "postgres://app:••••••@db/app (hidden: password in URL)",
        "https://hooks.slack.com/services/•••••• (hidden: token in URL)",
        "Server=db;Password=••••••; (hidden: PASSWORD setting inside)",
        "https://auth.example.com",
        "/etc/ssl/cert.pem",
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(env_value(&json, i), expected);
    }
    let text = json.to_string();
    for secret in ["hunter2json", "Ab3", "xY9", "B000", "w0rd"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[test]
fn secrets_in_options_arguments_and_whole_arrays_are_masked_in_the_diff() {
    let (a, mut b) = (web(), web());
    let c = &mut b.containers[0];
    let log = c.log_configuration.as_mut().unwrap();
    log.options.insert("splunk-token".into(), "abc-123".into());
    c.command.push("--password=hunter2".into());
    let d = diff(&a, &b);
    let text = format!("{d:?}");
    assert!(
        !text.contains("abc-123") && !text.contains("hunter2"),
        "{text}"
    );
    assert!(d.iter().all(|c| c.secret.is_some()), "{d:?}");

    // Two variables of one name: the environment is compared whole, its secrets masked.
    let twice = with_env(&[("DB_PASS", "hunter2"), ("DB_PASS", "hunter3")]);
    let c = one_change(&with_env(&[("DB_PASS", "hunter2")]), &twice);
    assert_eq!(c.secret, Some(SecretReason::Name("PASS")));
    let after = c.after.unwrap();
    assert!(!after.contains("hunter") && after.contains(MASK), "{after}");
}

#[test]
fn an_argument_after_a_secret_flag_is_hidden_with_which_flag() {
    let mut td = web();
    let c = &mut td.containers[0];
    c.command = vec![
        "migrate".into(),
        "--db-password".into(),
        "hunter2".into(),
        "--port".into(),
        "5432".into(),
    ];
    c.entry_point = vec!["app".into(), "--api-key".into(), "k3y".into()];
    c.health_check.as_mut().unwrap().command =
        vec!["CMD-SHELL".into(), "check --token t0k3n || exit 1".into()];
    let (json, count) = shown_json(&td, false);
    let c = &json["containerDefinitions"][0];
    assert_eq!(count, 3);
    assert_eq!(c["command"][2], "•••••• (hidden: follows --db-password)");
    assert_eq!(
        (&c["command"][1], &c["command"][4]),
        (&"--db-password".into(), &"5432".into())
    );
    assert_eq!(c["entryPoint"][2], "•••••• (hidden: follows --api-key)");
    assert_eq!(
        c["healthCheck"]["command"][1],
        "check --token •••••• || exit 1 (hidden: follows --token)"
    );
    let text = json.to_string();
    assert!(
        !text.contains("hunter2") && !text.contains("k3y") && !text.contains("t0k3n"),
        "{text}"
    );
}

#[test]
fn a_changed_argument_after_a_secret_flag_is_changed_and_nothing_more() {
    let with_password = |password: &str| {
        let mut td = web();
        td.containers[0].command = vec!["migrate".into(), "--db-password".into(), password.into()];
        td
    };
    let c = one_change(&with_password("hunter2"), &with_password("hunter3"));
    assert_eq!(c.kind(), ChangeKind::Changed);
    assert_eq!(
        c.secret.map(|r| r.to_string()).as_deref(),
        Some("follows --db-password")
    );
    assert_eq!(c.before, c.after, "both sides masked alike: {c:?}");
    let text = format!("{c:?}");
    assert!(!text.contains("hunter"), "{text}");
}
