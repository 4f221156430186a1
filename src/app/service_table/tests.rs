//! The services table's tests: listing, describing, placeholders and when the rows off screen are looked at.

use super::*;

fn arn(name: &str) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:service/prod/{name}")
}

fn service(name: &str) -> Service {
    Service {
        arn: arn(name),
        name: name.into(),
        ..Default::default()
    }
}

#[test]
fn a_table_loads_until_every_listed_service_has_answered() {
    let at = Timestamp(1);
    let mut table = ServiceTable::default();
    table.listed_page(vec![arn("web"), arn("gone"), arn("api")], None);
    assert!(table.is_loading());
    table.described(
        &[arn("web"), arn("gone")],
        Ok(Described {
            items: vec![service("web")],
            failures: vec![DescribeFailure {
                arn: arn("gone"),
                reason: "MISSING".into(),
            }],
        }),
        at,
    );
    assert!(table.is_loading(), "api has not answered");
    let throttled = BackendError::Throttled {
        action: "DescribeServices".into(),
    };
    table.described(&[arn("api")], Err(throttled), at);
    // Throttled before it was ever described: still waited for, and shown as a placeholder.
    assert!(
        table.is_loading(),
        "api was throttled: it is still waited for"
    );
    assert_eq!(table.waiting(), (1, 1));
    assert_eq!(table.progress(), (3, 1));
    assert!(table.is_placeholder(&arn("api")) && table.row(&arn("api")).is_none());
    // MISSING and a lasting error are answers: the table is no longer loading; both are shown.
    let denied = BackendError::AccessDenied {
        action: "ecs:DescribeServices".into(),
        resource: "prod".into(),
    };
    table.described(&[arn("api")], Err(denied), at);
    assert!(!table.is_loading());
    assert_eq!(table.rows.len(), 2, "web, and api's placeholder");
    assert_eq!(table.failures.len(), 1);
    assert!(table.status(&arn("api")).unwrap().error.is_some());
    // A later listing that drops `gone` forgets it.
    table.listed_page(vec![arn("web"), arn("api")], None);
    assert!(table.failures.is_empty());
    assert_eq!(table.listed.len(), 2);
}

#[test]
fn a_repeated_page_token_ends_the_listing() {
    let mut table = ServiceTable::default();
    table.listed_page(vec![arn("a")], Some("t".into()));
    assert!(table.listing.is_some());
    table.listed_page(vec![arn("a")], Some("t".into()));
    assert!(table.listing.is_none(), "the token was seen before");
    assert!(table.listed_once);
    assert_eq!(table.listed, vec![arn("a")]);
}

#[test]
fn listed_services_stand_as_placeholders_until_described() {
    let at = Timestamp(1);
    let mut table = ServiceTable::default();
    table.listed_page(vec![arn("web"), arn("api")], Some("next".into()));
    let names: Vec<&str> = table.rows().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["api", "web"],
        "named from their ARNs, in name order"
    );
    assert_eq!(table.progress(), (2, 0));
    assert_eq!(table.described_rows().count(), 0);
    table.described(
        &[arn("web")],
        Ok(Described {
            items: vec![Service {
                desired_count: 3,
                ..service("web")
            }],
            failures: Vec::new(),
        }),
        at,
    );
    // Replaced in its place; the other still waits.
    assert_eq!(table.rows().len(), 2);
    assert_eq!(table.row(&arn("web")).map(|s| s.desired_count), Some(3));
    assert!(table.is_placeholder(&arn("api")));
    assert_eq!(table.progress(), (2, 1));
    // A service MISSING when described is no row at all.
    table.described(
        &[arn("api")],
        Ok(Described {
            items: Vec::new(),
            failures: vec![DescribeFailure {
                arn: arn("api"),
                reason: "MISSING".into(),
            }],
        }),
        at,
    );
    assert_eq!(table.rows().len(), 1);
    assert!(!table.is_placeholder(&arn("api")));
}

#[test]
fn the_rows_off_screen_are_looked_through_every_5_s_once_whole() {
    let mut table = ServiceTable::default();
    table.listed_page(vec![arn("web")], None);
    let now = Timestamp(1_000_000);
    table.background_scanned_at = Some(now);
    assert!(table.background_due(now), "still filling in: every round");
    table.described(
        &[arn("web")],
        Ok(Described {
            items: vec![service("web")],
            failures: Vec::new(),
        }),
        now,
    );
    assert!(!table.background_due(now.plus_millis(4_999)));
    assert!(table.background_due(now.plus_millis(5_000)));
}
