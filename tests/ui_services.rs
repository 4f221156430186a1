//! Snapshots of a cluster's services in its four states, at 80x24 and 160x48.

mod ui_fixtures;

use ui_fixtures::*;

#[test]
fn services_view_in_every_state() {
    for kind in KINDS {
        let mut state = loaded();
        // The empty case is a real empty cluster: staging.
        let cluster = if kind == Kind::Empty { "staging" } else { PROD };
        state.session.cache.services.insert(
            cluster_arn(cluster),
            service_table(kind, services(), Vec::new()),
        );
        let state = at(state, vec![services_screen(cluster, 3)]);
        for (w, h) in SIZES {
            insta::assert_snapshot!(
                format!("services_{}_{w}x{h}", kind.name()),
                render(&state, w, h)
            );
        }
    }
}

/// web's deployment has failed 640 tasks since it began, three days ago; in the last ten minutes one task was
/// replaced. The 640 says it is not a count of the last ten minutes.
#[test]
fn a_lifetime_count_says_its_span() {
    let mut state = loaded();
    let table = state
        .session
        .cache
        .services
        .get_mut(&cluster_arn(PROD))
        .and_then(|l| l.data.as_mut())
        .expect("services of prod");
    table.edit_rows(|rows| {
        let web = rows.iter_mut().find(|s| s.name == "web").expect("web");
        web.deployments[0].failed_tasks = 640;
        web.events
            .retain(|e| !e.message.contains("is unhealthy in"));
    });
    let state = at(state, vec![services_screen(PROD, 11)]);
    let screen = render(&state, 160, 48);
    let header = screen.lines().nth(3).unwrap();
    assert!(header.contains("ALERTS (last 10 min)"), "{header}");
    let row = screen.lines().find(|l| l.contains("│▸ web ")).unwrap();
    // What the last ten minutes saw first; the lifetime count after it, saying its span.
    assert!(
        row.contains("↻ 1 restarts ✗ 640 failed since deploy"),
        "{row}"
    );
    // The recommendations rollout failed 15 minutes ago: its ROLLOUT says FAILED, ALERTS no longer does.
    let recs = screen
        .lines()
        .find(|l| l.contains("recommendations"))
        .unwrap();
    assert!(
        recs.contains("✗ 10 failed since deploy") && !recs.contains("deploy failed"),
        "{recs}"
    );
    assert!(recs.contains("✗ FAILED"), "{recs}");
}

/// 2,000 listed and not all described (another client spends the account's budget): the title says what is
/// listed, described and waiting, and why; the rows not described yet stand as placeholders named from
/// their ARNs; a filter finds them by name and says it knew them by name only.
#[test]
fn a_list_that_lacks_rows_says_so_and_shows_them_by_name() {
    use wharf::app::service_table::ServiceTable;
    use wharf::app::{Filter, Loadable, Screen, ServicesScreen, TableView};
    use wharf::backend::Described;
    let mut state = loaded();
    let all = services();
    let mut table = ServiceTable::default();
    table.listed_page(all.iter().map(|s| s.arn.clone()).collect(), None);
    let (described, waiting) = all.split_at(all.len() - 2);
    let asked: Vec<String> = described.iter().map(|s| s.arn.clone()).collect();
    let items = described.to_vec();
    let failures = Vec::new();
    table.described(&asked, Ok(Described { items, failures }), ago(5));
    let throttled_arns: Vec<String> = waiting.iter().map(|s| s.arn.clone()).collect();
    table.described(&throttled_arns, Err(throttled()), ago(4));
    state
        .session
        .cache
        .services
        .insert(cluster_arn(PROD), Loadable::loaded(table, ago(4)));
    let (listed, shown) = (all.len(), described.len());
    let waiting_name = waiting[1].name.clone();
    let plain = at(state.clone(), vec![services_screen(PROD, 0)]);
    let screen = render(&plain, 160, 48);
    let title = screen.lines().nth(2).unwrap();
    let counts = format!("{listed} listed · {shown} described · 2 waiting: throttled");
    assert!(title.contains(&counts), "{title}");
    let row = (screen.lines())
        .find(|l| l.contains(&format!(" {waiting_name} ")))
        .unwrap_or_else(|| panic!("the waiting service has its row:\n{screen}"));
    assert!(row.contains("throttled: waits"), "{row}");
    // Found by name, and the note says the filter knew it by name only.
    let filtered = Screen::Services(ServicesScreen {
        cluster_arn: cluster_arn(PROD),
        cursor: TableView {
            filter: Filter::parse(&waiting_name),
            ..TableView::default()
        },
    });
    let screen = render(&at(state, vec![filtered]), 160, 48);
    assert!(
        screen
            .lines()
            .any(|l| l.contains(&format!("▸ {waiting_name} "))),
        "{screen}"
    );
    let title = screen.lines().nth(2).unwrap();
    assert!(
        title.contains(&format!("filter: {shown} described, 2 by name only")),
        "{title}"
    );
}
