//! Task definitions on the sandbox: `:td` families and revisions, a revision as JSON, and what changed
//! between revisions (`d` on revisions, with marks; `t` and `T` on a service), read once each.

use wharf::app::explore::View;
use wharf::app::ExploreScreen;
use wharf::app::{Overlay, Screen, TextKind, UserAction};

mod walk;

use walk::Walk;

/// The open text, made from what the state holds now (as drawing makes it).
fn text(w: &Walk) -> (String, Vec<String>, TextKind) {
    let Overlay::Text(view) = &w.state.overlay else {
        panic!("no text open: {:?}", w.state.overlay);
    };
    let fresh = wharf::app::pane_text::current(&w.state, view).unwrap_or(view.clone());
    (fresh.title, fresh.lines, fresh.kind)
}

#[tokio::test]
async fn families_then_revisions_then_a_revision_as_json() {
    let mut w = Walk::new(5, 30_000).await;
    w.keys(":td\n").await;
    let Screen::Explore(ExploreScreen { view, rows, .. }) = w.state.screen() else {
        panic!()
    };
    assert!(matches!(**view, View::Families(_)));
    let families: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    for family in ["web", "payments", "db-migrate"] {
        assert!(families.contains(&family), "{families:?}");
    }

    w.keys(":td web\n").await;
    let Screen::Explore(ExploreScreen { rows, .. }) = w.state.screen() else {
        panic!()
    };
    // Newest first, each described once it is on screen.
    let revisions: Vec<&str> = rows
        .iter()
        .map(|r| r.key.rsplit(':').next().unwrap())
        .collect();
    assert_eq!(revisions, ["2", "1"]);
    let described = |w: &Walk| -> Vec<_> {
        let mut read: Vec<_> = w
            .state
            .session
            .cache
            .task_definitions
            .iter()
            .filter(|(arn, _)| arn.contains("task-definition/web:"))
            .map(|(arn, l)| (arn.clone(), l.status.fetched_at, l.data.is_some()))
            .collect();
        read.sort();
        read
    };
    let first = described(&w);
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(first.iter().all(|(_, at, data)| at.is_some() && *data));

    w.keys("\n").await;
    let (title, lines, kind) = text(&w);
    assert_eq!(title, "web:2");
    assert_eq!(kind, TextKind::Json);
    let json: serde_json::Value = serde_json::from_str(&lines.join("\n")).expect("valid JSON");
    assert_eq!(json["family"], "web");
    assert!(json["containerDefinitions"][0]["image"]
        .as_str()
        .unwrap()
        .ends_with("web:1.9.0-rc1"));
    // Esc closes the text, and going back and in again reads nothing twice: revisions never change.
    w.keys("\x1b\x1b").await;
    w.keys(":td web\n").await;
    w.seconds(60).await;
    w.user(UserAction::Refresh).await;
    assert_eq!(described(&w), first);
}

#[tokio::test]
async fn d_shows_what_changed_from_the_revision_before_or_between_two_marked() {
    let mut w = Walk::new(5, 30_000).await;
    w.keys(":td web\n").await;
    w.keys("d").await;
    let (title, lines, kind) = text(&w);
    assert_eq!(title, "web:1 → web:2");
    assert_eq!(kind, TextKind::Diff);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("~ containers[web].image:") && l.ends_with("web:1.9.0-rc1")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("~ cpu: 512 → 256")),
        "{lines:#?}"
    );
    assert!(lines[0].ends_with("fields differ:"), "{lines:#?}");

    // Marks: the two marked, the older first whatever the order they were marked in.
    w.keys("\x1b").await;
    w.keys("  ").await;
    w.keys("d").await;
    let (title, _, _) = text(&w);
    assert_eq!(title, "web:1 → web:2");

    // One mark is not a pair: it says so and opens nothing.
    w.keys("\x1bu ").await;
    w.keys("d").await;
    assert!(matches!(w.state.overlay, Overlay::None));
    let flash = w.state.flash.clone().unwrap();
    assert!(flash.text.contains("mark two revisions"), "{}", flash.text);
}

#[tokio::test]
async fn t_and_shift_t_on_a_service_show_its_revision_and_what_changed() {
    let mut w = Walk::new(5, 30_000).await;
    w.keys(":svc staging\n").await;
    w.user(UserAction::Diff).await;
    let (title, lines, _) = text(&w);
    // The revision before is found by listing the family: no revision number is guessed.
    assert_eq!(title, "web:1 → web:2", "{lines:#?}");
    assert!(w.state.session.cache.explored.keys().any(|r| matches!(
        r,
        wharf::app::explore::Read::FamilyRevisions { family } if family == "web"
    )));
    w.keys("\x1b").await;
    w.user(UserAction::TaskDefinition).await;
    let (title, lines, kind) = text(&w);
    assert_eq!((title.as_str(), kind), ("web:2", TextKind::Json));
    assert!(lines.iter().any(|l| l.contains("\"family\": \"web\"")));
}

#[tokio::test]
async fn the_first_revision_has_nothing_before_it_and_says_so() {
    let mut w = Walk::new(5, 30_000).await;
    w.keys(":td worker\n").await;
    w.keys("d").await;
    let (_, lines, _) = text(&w);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].contains("is the first revision of worker"),
        "{lines:#?}"
    );
}
