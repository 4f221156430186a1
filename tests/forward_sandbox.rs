//! Port forwarding through `update`: `:forward` checked before anything is sent, the forward listed and
//! counted once the runtime says it runs, closed from `:forwards` (and all of them on a profile switch), the
//! read-only refusal, and each forward's end in the audit log. Running the plugin is the runtime's
//! (tests/pty_exec.rs).

mod faulty;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use faulty::driver::Driver;
use wharf::app::forwards::ForwardStatus;
use wharf::app::mutation::{Forward, Mutation};
use wharf::app::{update, Action, AuditOutcome, Effect, Overlay};
use wharf::model::SessionPlugin;

fn enter(d: &mut Driver) -> Vec<Effect> {
    update(
        &mut d.state,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    )
}

fn forward_sent(effects: &[Effect]) -> Option<(u64, Forward)> {
    effects.iter().find_map(|e| match e {
        Effect::Mutate {
            id,
            mutation: Mutation::Forward(f),
        } => Some((*id, f.clone())),
        _ => None,
    })
}

/// The header's first row, drawn at 120 columns.
fn header(state: &wharf::app::State) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).expect("terminal");
    terminal
        .draw(|f| wharf::ui::draw(f, state, &wharf::ui::Theme::default()))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..120)
        .map(|x| buffer[(x, 0)].symbol().to_string())
        .collect()
}

async fn on_api() -> Driver {
    let mut d = Driver::new(3).await;
    d.state.session_plugin = Some(Ok(SessionPlugin {
        path: "/usr/local/bin/session-manager-plugin".into(),
        version: "1.2.650.0".into(),
    }));
    d.open_service("prod-fargate", "api").await;
    d.seconds(5).await;
    d
}

#[tokio::test]
async fn a_forward_is_sent_listed_counted_and_closed_with_its_end_recorded() {
    let mut d = on_api().await;
    d.command("forward 15432:db.internal:5432").await;
    let effects = enter(&mut d);
    let (id, forward) =
        forward_sent(&effects).unwrap_or_else(|| panic!("{effects:?} {}", d.flash()));
    assert_eq!(forward.spec.local_port, 15432);
    assert_eq!(forward.spec.host.as_deref(), Some("db.internal"));
    assert!(!forward.runtime_id.is_empty());
    assert!(forward.target().starts_with("ecs:prod-fargate_"));
    // The runtime says it runs: listed, and counted in the header.
    update(
        &mut d.state,
        Action::ForwardChanged {
            id,
            forward: Some(Box::new(forward.clone())),
            status: ForwardStatus::Listening,
        },
    );
    assert_eq!(d.state.forwards.len(), 1);
    let header = header(&d.state);
    assert!(header.contains("⇄ 1 forward"), "{header}");
    // The same local port again is refused before anything is sent.
    d.command("forward 15432:80").await;
    let again = enter(&mut d);
    assert!(forward_sent(&again).is_none());
    // `:forwards`, Enter: closed.
    d.keys("\x1b").await;
    d.command("forwards").await;
    assert!(matches!(d.state.overlay, Overlay::Forwards { .. }));
    let closing = enter(&mut d);
    assert_eq!(closing, vec![Effect::CloseForward { id }]);
    let effects = update(
        &mut d.state,
        Action::ForwardChanged {
            id,
            forward: None,
            status: ForwardStatus::Ended("closed".into()),
        },
    );
    assert!(d.state.forwards.is_empty());
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Audit(a) if a.action == "forward"
            && a.outcome == AuditOutcome::Stopped
            && a.message.as_deref() == Some("ended: closed"))),
        "{effects:?}"
    );
}

#[tokio::test]
async fn bad_input_and_read_only_send_nothing() {
    let mut d = on_api().await;
    d.command("forward 8080").await;
    assert!(d.flash().contains("type LOCAL:PORT"), "{}", d.flash());
    d.command("forward 0:80").await;
    assert!(d.flash().contains("is not a port"), "{}", d.flash());
    d.state.read_only = true;
    d.command("forward 8080:80").await;
    assert!(!matches!(d.state.overlay, Overlay::Dialog(_)));
    assert!(d.flash().contains("read-only"), "{}", d.flash());
    assert_eq!(d.outcomes("forward"), vec![AuditOutcome::Refused]);
}

#[tokio::test]
async fn another_profile_closes_every_forward() {
    let mut d = on_api().await;
    d.command("forward 18080:8080").await;
    let (id, forward) = forward_sent(&enter(&mut d)).expect("sent");
    update(
        &mut d.state,
        Action::ForwardChanged {
            id,
            forward: Some(Box::new(forward)),
            status: ForwardStatus::Listening,
        },
    );
    let (info, at) = (d.state.session.info.clone(), d.state.now);
    let effects = update(
        &mut d.state,
        Action::Connected {
            result: Ok(info),
            read_only: false,
            at,
        },
    );
    assert!(
        effects.contains(&Effect::CloseForward { id }),
        "{effects:?}"
    );
}
