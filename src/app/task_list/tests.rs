use super::*;
use crate::model::Timestamp;

fn task(arn: &str, created: i64) -> Task {
    Task {
        arn: arn.to_string(),
        created_at: Timestamp(created),
        last_status: TaskStatus::Running,
        ..Task::default()
    }
}

fn stopped(arn: &str, created: i64) -> Task {
    Task {
        last_status: TaskStatus::Stopped,
        ..task(arn, created)
    }
}

fn arns(list: &TaskList) -> Vec<&str> {
    list.rows().iter().map(|t| t.arn.as_str()).collect()
}

#[test]
fn listed_tasks_wait_as_placeholders_after_the_described_ones() {
    let mut list = TaskList::reading();
    list.add_listed(vec!["t/c/b".into(), "t/c/a".into(), "t/c/c".into()]);
    assert_eq!(list.progress(), (3, 0));
    assert!(list.is_empty(), "placeholders are rows, not tasks");
    // A batch described two of them; the third it asked for was another service's: it leaves.
    list.add_described(
        &["t/c/a".into(), "t/c/b".into(), "t/c/c".into()],
        vec![task("t/c/b", 2)],
    );
    assert_eq!(list.progress(), (1, 1));
    list.add_listed(vec!["t/c/e".into(), "t/c/d".into(), "t/c/b".into()]);
    assert_eq!(
        arns(&list),
        ["t/c/b", "t/c/d", "t/c/e"],
        "described first, then by id"
    );
    assert!(list.is_placeholder("t/c/d") && !list.is_placeholder("t/c/b"));
    assert_eq!(list.waiting(), (2, false));
    // Newest first among the described, whatever the order they came in.
    list.add_described(&["t/c/d".into()], vec![task("t/c/d", 5)]);
    assert_eq!(list[0].arn, "t/c/d");
    assert!(list.finish(true, true));
    assert!(!list.is_loading() && !list.is_reading());
    assert_eq!(list.waiting(), (1, true));
}

#[test]
fn a_task_described_twice_is_one_row() {
    let mut list = TaskList::reading();
    list.add_described(&[], vec![task("t/c/a", 1)]);
    list.add_described(&[], vec![stopped("t/c/a", 1)]);
    assert_eq!(list.len(), 1);
    assert_eq!(list.measures().stopped, 1);
}

#[test]
fn a_refresh_replaces_rows_in_place_and_sorts_and_forgets_at_its_end() {
    let mut list = TaskList::new(vec![task("t/c/a", 1), task("t/c/b", 2), task("t/c/c", 3)]);
    assert_eq!(arns(&list), ["t/c/c", "t/c/b", "t/c/a"]);
    // The refresh lists b, c and a new one, d; c stopped meanwhile; a is no longer listed.
    list.add_listed(vec!["t/c/b".into(), "t/c/c".into(), "t/c/d".into()]);
    assert!(
        !list.add_described(&["t/c/b".into()], vec![task("t/c/b", 2)]),
        "as it was"
    );
    assert!(list.add_described(&["t/c/c".into()], vec![stopped("t/c/c", 3)]));
    // While it reads, rows stay where they were, the counts follow.
    assert_eq!(arns(&list), ["t/c/c", "t/c/b", "t/c/a", "t/c/d"]);
    assert_eq!(list.measures().stopped, 1);
    assert!(list.is_placeholder("t/c/d"));
    assert!(list.finish(true, false));
    assert_eq!(
        arns(&list),
        ["t/c/b", "t/c/c", "t/c/d"],
        "sorted, a gone, d waits"
    );
    assert_eq!(list.waiting(), (1, false));
}

#[test]
fn a_refresh_that_could_not_describe_a_task_keeps_its_old_row() {
    let mut list = TaskList::new(vec![task("t/c/a", 1), task("t/c/b", 2)]);
    list.add_listed(vec!["t/c/a".into(), "t/c/b".into(), "t/c/z".into()]);
    // b's batch was throttled: no part for it. z was never described.
    list.add_described(&["t/c/a".into()], vec![task("t/c/a", 1)]);
    list.finish(true, true);
    assert_eq!(list.len(), 2);
    assert_eq!(list.waiting(), (1, true), "t/c/z was never described");
}

#[test]
fn a_read_that_failed_part_way_removes_nothing() {
    let mut list = TaskList::new(vec![task("t/c/a", 1), task("t/c/b", 2)]);
    list.add_listed(vec!["t/c/a".into()]);
    assert!(!list.finish(false, false));
    assert_eq!(list.len(), 2);
}
