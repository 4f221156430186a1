//! Driving wharf through keys as a user would: the filter and sort lines, marks, the command line with its
//! completion and suggestions, key sequences, the mouse, the clipboard and switching profile. No terminal.

mod ui_fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ui_fixtures::*;
use wharf::app::{
    update, Action, Effect, Fetch, FlashLevel, Payload, Resource, Screen, State, UserAction,
};
use wharf::app::{ServiceScreen, ServicesScreen};
use wharf::backend::BackendInfo;
use wharf::model::Service;

/// The services of prod-fargate, 120x40, as the user sees them after opening the cluster.
fn on_services() -> State {
    let mut state = at(loaded(), vec![services_screen(PROD, 0)]);
    update(&mut state, Action::Resize(120, 40));
    state
}

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Type each character, as keys.
fn typed(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(state, KeyCode::Char(c)))
        .collect()
}

/// The names of the rows the table shows, in order.
fn shown(state: &State) -> Vec<String> {
    let view = state.screen().cursor().expect("a table");
    let data = match state.screen() {
        Screen::Services(ServicesScreen { cluster_arn, .. }) => state.service_rows(cluster_arn),
        other => panic!("not a services screen: {other:?}"),
    };
    view.rows.iter().map(|&i| data[i].name.clone()).collect()
}

fn selected_name(state: &State) -> String {
    let key = state
        .screen()
        .cursor()
        .unwrap()
        .selected_key
        .clone()
        .unwrap();
    key.rsplit('/').next().unwrap().to_string()
}

/// The services list answers again, with `change` applied to it.
fn refreshed(state: &mut State, change: impl FnOnce(&mut Vec<Service>)) {
    let mut services = ui_fixtures::services();
    change(&mut services);
    for action in Action::services_loaded(&cluster_arn(PROD), Ok(services), now()) {
        update(state, action);
    }
}

fn flash(state: &State) -> String {
    state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_filter_narrows_as_you_type_and_survives_refreshes() {
    let mut state = on_services();
    let all = shown(&state).len();
    assert!(all > 4, "{:?}", shown(&state));
    typed(&mut state, "/^re");
    assert!(state.overlay.prompt().is_some());
    let live: Vec<String> = shown(&state);
    assert!(
        live.iter().all(|n| n.starts_with("re")) && live.len() > 1 && live.len() < all,
        "{live:?}"
    );
    press(&mut state, KeyCode::Enter);
    assert!(state.overlay.prompt().is_none());
    let kept = shown(&state);

    // A new service that matches appears; one that does not stays hidden; the filter is still there.
    refreshed(&mut state, |s| {
        let mut extra = s[0].clone();
        extra.name = "reindexer".into();
        extra.arn = service_arn(PROD, "reindexer");
        s.push(extra);
        let mut other = s[0].clone();
        other.name = "zzz".into();
        other.arn = service_arn(PROD, "zzz");
        s.push(other);
    });
    let after = shown(&state);
    assert!(after.contains(&"reindexer".to_string()), "{after:?}");
    assert!(!after.contains(&"zzz".to_string()));
    assert_eq!(after.len(), kept.len() + 1);

    // `!` inverts; a regular expression works; Esc clears the filter before it goes back.
    typed(&mut state, "/");
    for _ in 0..3 {
        press(&mut state, KeyCode::Backspace);
    }
    typed(&mut state, "!^(re|zzz)");
    press(&mut state, KeyCode::Enter);
    let inverted = shown(&state);
    assert!(
        inverted.iter().all(|n| !n.starts_with("re") && n != "zzz"),
        "{inverted:?}"
    );
    assert_eq!(inverted.len() + after.len() + 1, all + 2);
    press(&mut state, KeyCode::Esc);
    assert_eq!(shown(&state).len(), all + 2);
    assert!(matches!(state.screen(), Screen::Services(_)));
    assert_eq!(flash(&state), "filter cleared");
}

#[test]
fn cancelling_the_filter_line_puts_the_old_filter_back() {
    let mut state = on_services();
    typed(&mut state, "/web");
    press(&mut state, KeyCode::Enter);
    let web = shown(&state);
    typed(&mut state, "/xyz");
    assert!(shown(&state).is_empty(), "filters while typing");
    press(&mut state, KeyCode::Esc);
    assert_eq!(shown(&state), web);
    assert_eq!(
        state
            .screen()
            .cursor()
            .unwrap()
            .filter
            .as_ref()
            .unwrap()
            .text,
        "web"
    );
}

#[test]
fn sorting_by_a_column_survives_refreshes_and_keeps_the_cursor_on_its_row() {
    let mut state = on_services();
    typed(&mut state, ":sort running");
    press(&mut state, KeyCode::Enter);
    assert!(flash(&state).contains("RUNNING"), "{}", flash(&state));
    let running = |state: &State| -> Vec<u32> {
        let data = state.service_rows(&cluster_arn(PROD));
        let view = state.screen().cursor().unwrap();
        view.rows.iter().map(|&i| data[i].running_count).collect()
    };
    let counts = running(&state);
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "largest first: {counts:?}"
    );

    press(&mut state, KeyCode::Char('j'));
    let chosen = selected_name(&state);
    // web scales to 50 and moves to the top; the cursor follows the service it was on.
    refreshed(&mut state, |s| {
        let web = s.iter_mut().find(|s| s.name == "web").unwrap();
        web.running_count = 50;
    });
    assert_eq!(shown(&state)[0], "web");
    assert_eq!(selected_name(&state), chosen);
    let counts = running(&state);
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");

    // Reversed, then round the columns back to the natural order (by name).
    press(&mut state, KeyCode::Char('S'));
    let counts = running(&state);
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    let columns = wharf::app::TableKind::Services.sort_columns().len();
    for _ in 0..(columns - 3) {
        press(&mut state, KeyCode::Char('s'));
    }
    assert_eq!(state.screen().cursor().unwrap().sort, None);
    let names = shown(&state);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[test]
fn marks_survive_refreshes_and_are_what_gets_copied() {
    let mut state = on_services();
    press(&mut state, KeyCode::Char(' '));
    press(&mut state, KeyCode::Char(' '));
    let first_two: Vec<String> = shown(&state)[..2].to_vec();
    assert_eq!(state.screen().cursor().unwrap().marks.len(), 2);
    refreshed(&mut state, |_| {});
    assert_eq!(state.screen().cursor().unwrap().marks.len(), 2);

    let effects = press(&mut state, KeyCode::Char('y'));
    let copied = effects
        .iter()
        .find_map(|e| match e {
            Effect::Copy { text } => Some(text.clone()),
            _ => None,
        })
        .expect("y copies");
    let expected: Vec<String> = first_two.iter().map(|n| service_arn(PROD, n)).collect();
    assert_eq!(copied, expected.join("\n"));
    assert!(flash(&state).contains("2 ARNs"), "{}", flash(&state));

    // A marked service that is deleted loses its mark; `u` clears the rest.
    refreshed(&mut state, |s| s.retain(|s| s.name != first_two[0]));
    assert_eq!(state.screen().cursor().unwrap().marks.len(), 1);
    press(&mut state, KeyCode::Char('u'));
    assert!(state.screen().cursor().unwrap().marks.is_empty());
    let effects = press(&mut state, KeyCode::Char('Y'));
    assert!(effects.contains(&Effect::Copy {
        text: selected_name(&state)
    }));
}

#[test]
fn the_command_line_completes_suggests_and_corrects() {
    let mut state = on_services();
    typed(&mut state, ":sv");
    press(&mut state, KeyCode::Tab);
    assert_eq!(state.overlay.prompt().unwrap().text(), "svc ");
    typed(&mut state, "pro");
    assert_eq!(
        wharf::app::commands::suggestion(&state, "svc pro").as_deref(),
        Some("d-fargate")
    );
    press(&mut state, KeyCode::Tab);
    assert_eq!(state.overlay.prompt().unwrap().text(), "svc prod-fargate");
    press(&mut state, KeyCode::Esc);
    assert!(state.overlay.prompt().is_none());

    // Several candidates: Tab completes what they share.
    typed(&mut state, ":clu");
    press(&mut state, KeyCode::Tab);
    assert_eq!(state.overlay.prompt().unwrap().text(), "cluster");
    press(&mut state, KeyCode::Esc);

    typed(&mut state, ":servces");
    press(&mut state, KeyCode::Enter);
    let f = state.flash.clone().unwrap();
    assert_eq!(f.level, FlashLevel::Error);
    assert!(f.text.contains("did you mean :services?"), "{}", f.text);
    assert!(
        matches!(state.screen(), Screen::Services(_)),
        "nothing changed"
    );

    // History: up brings back the last command.
    typed(&mut state, ":");
    press(&mut state, KeyCode::Up);
    assert_eq!(state.overlay.prompt().unwrap().text(), "servces");
}

#[test]
fn commands_move_between_views() {
    let mut state = on_services();
    typed(&mut state, ":clusters");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.screens.len(), 1);
    typed(&mut state, ":svc prod-fargate");
    press(&mut state, KeyCode::Enter);
    assert!(
        matches!(state.screen(), Screen::Services(ServicesScreen { cluster_arn: c, .. }) if *c == cluster_arn(PROD))
    );
    assert_eq!(state.screens.len(), 2);
    typed(&mut state, ":svc nowhere");
    press(&mut state, KeyCode::Enter);
    assert!(
        flash(&state).contains("no cluster named nowhere"),
        "{}",
        flash(&state)
    );
    typed(&mut state, ":q");
    press(&mut state, KeyCode::Enter);
    assert!(state.should_quit);
}

#[test]
fn profile_and_region_ask_the_runtime_and_a_new_account_starts_afresh() {
    let mut state = on_services();
    typed(&mut state, ":region eu-central-1");
    let effects = press(&mut state, KeyCode::Enter);
    assert!(effects.contains(&Effect::Connect {
        profile: None,
        region: Some("eu-central-1".into())
    }));
    typed(&mut state, ":region EU WEST");
    let effects = press(&mut state, KeyCode::Enter);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Connect { .. })));
    assert!(flash(&state).contains("not a region name"));

    let info = BackendInfo {
        profile: "staging".into(),
        region: "eu-central-1".into(),
        ..BackendInfo::default()
    };
    let effects = update(
        &mut state,
        Action::Connected {
            result: Ok(info.clone()),
            read_only: true,
            at: now(),
        },
    );
    assert_eq!(*state.info(), info);
    assert!(state.read_only);
    assert_eq!(state.screens.len(), 1);
    let cache = &state.session.cache;
    assert!(cache.services.is_empty() && cache.clusters.data.is_none());
    // The new account's clusters, and any cleanup an earlier run left unfinished in it.
    assert_eq!(effects.len(), 2, "{effects:?}");
    assert!(matches!(
        &effects[0],
        Effect::FindCleanups { origin } if origin.profile == "staging" && origin.region == "eu-central-1"
    ));
    assert_eq!(effects[1], Effect::Fetch(Fetch::One(Resource::Clusters)));
    assert_eq!(state.command_history.len(), 2, "history is the user's");

    // A failure keeps everything and says why.
    update(
        &mut state,
        Action::Connected {
            result: Err("profile nope is not in ~/.aws/config".into()),
            read_only: false,
            at: now(),
        },
    );
    assert_eq!(*state.info(), info);
    assert!(flash(&state).contains("nope"));
}

#[test]
fn the_sandbox_has_one_region() {
    let mut state = on_services();
    state.session.info.profile = "sandbox".into();
    state.session.info.simulated = true;
    typed(&mut state, ":region us-east-1");
    let effects = press(&mut state, KeyCode::Enter);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Connect { .. })));
    assert!(flash(&state).contains("sandbox"));
}

#[test]
fn key_sequences_and_esc_typed_fast() {
    let mut state = on_services();
    typed(&mut state, "jjj");
    assert_eq!(state.screen().cursor().unwrap().selected, 3);
    typed(&mut state, "gg");
    assert_eq!(state.screen().cursor().unwrap().selected, 0);
    // `g` then `j`: no `g j` binding, so `j` counts on its own.
    typed(&mut state, "gj");
    assert_eq!(state.screen().cursor().unwrap().selected, 1);
    assert!(state.pending_keys.is_empty());

    // Esc and s typed fast in the filter line: it closes first, so `s` sorts instead of being typed.
    typed(&mut state, "/we");
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::ALT)),
    );
    assert!(state.overlay.prompt().is_none());
    assert!(state.screen().cursor().unwrap().sort.is_some());
    assert!(state.screen().cursor().unwrap().filter.is_none());

    // Esc and q typed fast arrive as Alt-q: back, then quit.
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)),
    );
    assert_eq!(state.screens.len(), 1);
    assert!(state.should_quit);
}

#[test]
fn an_unbound_key_says_so() {
    let mut state = on_services();
    press(&mut state, KeyCode::Char('z'));
    assert!(flash(&state).contains("z does nothing here; ? lists the keys"));
    press(&mut state, KeyCode::Char('j'));
    assert!(state.flash.is_none(), "the next key clears it");
}

#[test]
fn a_click_selects_a_row_and_a_second_click_opens_it() {
    let mut state = on_services();
    // Header 2 rows, the panel's border, the table's header: the third service is on row 6.
    update(&mut state, Action::Click { column: 10, row: 6 });
    assert_eq!(state.screen().cursor().unwrap().selected, 2);
    let name = selected_name(&state);
    update(&mut state, Action::Click { column: 10, row: 6 });
    assert!(
        matches!(state.screen(), Screen::Service(ServiceScreen { service_name, .. }) if *service_name == name)
    );
    update(&mut state, Action::User(UserAction::Back));
    update(&mut state, Action::Scroll(3));
    assert_eq!(state.screen().cursor().unwrap().selected, 5);
    // Outside the table: nothing.
    update(&mut state, Action::Click { column: 10, row: 0 });
    assert_eq!(state.screen().cursor().unwrap().selected, 5);
}

#[test]
fn console_addresses_are_copied_and_shown() {
    let mut state = on_services();
    let effects = press(&mut state, KeyCode::Char('o'));
    let url = format!(
        "https://{REGION}.console.aws.amazon.com/ecs/v2/clusters/{PROD}/services/{}/health?region={REGION}",
        selected_name(&state)
    );
    assert!(effects.contains(&Effect::Copy { text: url.clone() }));
    assert!(flash(&state).contains(&url));
    state.session.info.profile = "sandbox".into();
    state.session.info.simulated = true;
    let effects = press(&mut state, KeyCode::Char('o'));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Copy { .. })));
    assert!(flash(&state).contains("sandbox has no console"));
}

#[test]
fn a_filter_that_keeps_nothing_says_how_to_clear_it() {
    let mut state = on_services();
    typed(&mut state, "/nothing-matches-this");
    assert_eq!(
        state.overlay.prompt().map(|p| p.text().to_string()),
        Some("nothing-matches-this".to_string())
    );
    assert_eq!(
        state
            .screen()
            .cursor()
            .unwrap()
            .filter
            .as_ref()
            .map(|f| f.text.as_str()),
        Some("nothing-matches-this"),
        "while typing"
    );
    press(&mut state, KeyCode::Enter);
    assert_eq!(
        state
            .screen()
            .cursor()
            .unwrap()
            .filter
            .as_ref()
            .map(|f| f.text.as_str()),
        Some("nothing-matches-this")
    );
    let terminal = draw_at(&state, 100, 30);
    let buffer = terminal.backend().buffer();
    let screen: String = buffer.content().iter().map(|c| c.symbol()).collect();
    assert!(
        screen.contains("No services match /nothing-matches-this."),
        "{}",
        screen
            .chars()
            .collect::<Vec<_>>()
            .chunks(100)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn going_back_keeps_the_cursor_on_its_task_when_the_list_changed_meanwhile() {
    let mut state = at(
        loaded(),
        vec![services_screen(PROD, 0), service_screen("web", 0)],
    );
    update(&mut state, Action::Resize(120, 40));
    typed(&mut state, "jj");
    let chosen = state
        .screen()
        .cursor()
        .unwrap()
        .selected_key
        .clone()
        .unwrap();
    press(&mut state, KeyCode::Enter);
    assert!(matches!(state.screen(), Screen::Task(_)));
    // While the task is on screen a new task starts: it sorts first, so every row moves down one.
    let mut tasks = web_tasks();
    let mut newest = tasks[0].clone();
    newest.arn = task_arn(PROD, "0000000000000000000000000000000f");
    newest.created_at = now();
    tasks.push(newest);
    update(
        &mut state,
        Action::loaded(
            Resource::ServiceTasks(wharf::app::ServiceKey {
                cluster_arn: cluster_arn(PROD),
                service_name: "web".into(),
            }),
            Ok(Payload::Tasks(tasks)),
            now(),
        ),
    );
    press(&mut state, KeyCode::Esc);
    let view = state.screen().cursor().unwrap();
    assert_eq!(view.selected_key.as_ref(), Some(&chosen));
    assert_eq!(view.selected, 3);
}

#[test]
fn a_quit_signal_quits_even_with_the_command_line_open() {
    let mut state = on_services();
    typed(&mut state, ":sv");
    update(&mut state, Action::User(UserAction::Quit));
    assert!(state.should_quit);
}

#[test]
fn walking_the_history_back_to_the_start_gives_back_what_was_typed() {
    let mut state = on_services();
    typed(&mut state, ":help");
    press(&mut state, KeyCode::Enter);
    press(&mut state, KeyCode::Esc);
    typed(&mut state, ":svc pro");
    press(&mut state, KeyCode::Up);
    assert_eq!(state.overlay.prompt().unwrap().text(), "help");
    press(&mut state, KeyCode::Down);
    assert_eq!(state.overlay.prompt().unwrap().text(), "svc pro");
}

#[test]
fn colon_in_the_help_opens_the_command_line() {
    let mut state = on_services();
    press(&mut state, KeyCode::Char('?'));
    assert!(matches!(state.overlay, wharf::app::Overlay::Help { .. }));
    press(&mut state, KeyCode::Char(':'));
    assert!(
        state.overlay.prompt().is_some(),
        "the help lists the commands: `:` from it opens the command line"
    );
    typed(&mut state, "tasks");
    press(&mut state, KeyCode::Enter);
    assert!(
        matches!(state.screen(), Screen::Tasks(_)),
        "{:?}",
        state.screen()
    );
}

#[test]
fn the_filter_matches_the_task_definition_column_as_it_reads() {
    // `recommendations:19` as the TASK DEFINITION column shows it, not the revision number alone.
    let mut state = on_services();
    press(&mut state, KeyCode::Char('/'));
    typed(&mut state, "recommendations:19");
    assert_eq!(shown(&state), vec!["recommendations"]);
}

#[test]
fn pause_and_resume_say_what_they_did() {
    let mut state = on_services();
    let command = |state: &mut State, text: &str| {
        press(state, KeyCode::Char(':'));
        typed(state, text);
        press(state, KeyCode::Enter);
    };
    command(&mut state, "pause");
    assert!(state.paused);
    command(&mut state, "pause");
    assert!(state.paused, ":pause never resumes");
    assert!(
        flash(&state).contains("already paused"),
        "{}",
        flash(&state)
    );
    command(&mut state, "resume");
    assert!(!state.paused);
    command(&mut state, "resume");
    assert!(!state.paused, ":resume never pauses");
    assert!(flash(&state).contains("not paused"), "{}", flash(&state));
    press(&mut state, KeyCode::Char('p'));
    assert!(state.paused, "p toggles");
}
