//! `:budget`, `:messages` and the header's budget line, as drawn.

mod ui_fixtures;

use wharf::app::budget::Category;
use wharf::app::{update, Action, FlashLevel, Overlay};

use ui_fixtures::*;

#[test]
fn the_budget_after_some_calls_and_a_throttle() {
    let mut state = at(loaded(), vec![services_screen(PROD, 3)]);
    let now = state.now;
    let budget = &mut state.session.budget;
    for _ in 0..3 {
        budget.charge(Category::ServiceRead, 10, false);
        budget.settle(Category::ServiceRead, 10, 10, false, now);
    }
    budget.charge(Category::ElbRead, 1, false);
    budget.settle(Category::ElbRead, 1, 1, false, now);
    budget.throttled(Category::ServiceRead, now);
    state.overlay = Overlay::Budget { scroll: 0 };
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("budget_{w}x{h}"), render(&state, w, h));
    }
    // Closed, the header says what was spent and that service reads are slowed.
    state.overlay = Overlay::None;
    let screen = render(&state, 160, 48);
    let header = screen.lines().nth(1).unwrap();
    assert!(
        header.contains("throttled: service reads at 50%"),
        "{header}"
    );
    assert!(header.contains("calls/min svc 30 elb 1"), "{header}");
}

#[test]
fn messages_keep_every_error_whole() {
    let mut state = at(loaded(), vec![services_screen(PROD, 3)]);
    state.remember(FlashLevel::Info, "now on prod-admin eu-west-1".into());
    let long = format!(
        "DescribeServices: {} Log in again (aws sso login --profile prod-admin).",
        "AWS credentials have expired.".repeat(3)
    );
    state.remember(FlashLevel::Error, long.clone());
    state.remember(FlashLevel::Error, long);
    assert_eq!(
        state.messages.len(),
        2,
        "the same message twice in a row is kept once"
    );
    state.overlay = Overlay::Messages { scroll: 0 };
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("messages_{w}x{h}"), render(&state, w, h));
    }
}

#[test]
fn a_click_on_the_status_line_opens_the_messages() {
    let mut state = at(loaded(), vec![services_screen(PROD, 3)]);
    state.size = (80, 24);
    update(
        &mut state,
        Action::Click {
            column: 10,
            row: 23,
        },
    );
    assert_eq!(state.overlay, Overlay::Messages { scroll: 0 });
    update(&mut state, Action::User(wharf::app::UserAction::Back));
    assert_eq!(state.overlay, Overlay::None);
}
