//! `[metrics] enabled`, `interval` and `max_per_minute`: read, checked with the line and the fix, carried
//! into the refresh policy and shown by `--print-config`.

mod settings_file;

use wharf::config::Source;

fn file(name: &str, text: &str) -> std::path::PathBuf {
    settings_file::file("metrics", name, text)
}

use settings_file::load;

#[test]
fn the_metrics_settings_reach_the_policy_and_say_where_from() {
    let path = file(
        "ok.toml",
        "[metrics]\nenabled = false\ninterval = 120\nmax_per_minute = 50\n",
    );
    let settings = load(&path).expect("valid");
    let policy = settings.refresh().metrics;
    assert!(!policy.enabled);
    assert_eq!(policy.interval_ms, 120_000);
    assert_eq!(policy.max_per_minute, 50);
    assert_eq!(
        settings.metrics_max_per_minute.source,
        Source::File {
            path: path.clone(),
            line: 4
        }
    );
    let printed = settings.print();
    assert!(
        printed
            .lines()
            .any(|l| l.starts_with("metrics.enabled = false ")),
        "{printed}"
    );
}

#[test]
fn without_a_file_metrics_are_read_once_a_minute_within_two_hundred() {
    let policy = load(&file("empty.toml", ""))
        .expect("valid")
        .refresh()
        .metrics;
    assert!(policy.enabled);
    assert_eq!(policy.interval_ms, 60_000);
    assert_eq!(policy.max_per_minute, 200);
}

#[test]
fn a_bad_metrics_value_names_the_line_and_the_fix() {
    for (text, says) in [
        (
            "[metrics]\ninterval = 30\n",
            "from 60 (CloudWatch has a point a minute)",
        ),
        ("[metrics]\nmax_per_minute = 0\n", "enabled = false asks"),
        ("[metrics]\nmax_per_minute = 1.5\n", "a whole number from 2"),
        (
            "[metrics]\nenabled = \"yes\"\n",
            "write metrics.enabled = true",
        ),
        ("[metrics]\nintervall = 60\n", "did you mean `interval`?"),
    ] {
        let path = file("bad.toml", text);
        let msg = load(&path).expect_err(text);
        assert!(msg.contains(says), "{text:?}: {msg}");
        assert!(msg.contains(":2:"), "names the line: {msg}");
    }
}
