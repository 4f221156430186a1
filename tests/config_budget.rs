//! `[budget] share`, the new `[refresh]` keys and `[cache] forget_after`: read, checked, carried into the
//! refresh policy and shown by `--print-config`.

mod settings_file;

use wharf::config::Source;

fn file(name: &str, text: &str) -> std::path::PathBuf {
    settings_file::file("budget", name, text)
}

use settings_file::load;

#[test]
fn the_share_and_the_polling_intervals_reach_the_policy() {
    let path = file(
        "ok.toml",
        "[refresh]\nlisting = 120\nbackground = 30\nquiet = 600\n\n[budget]\nshare = 0.1\n",
    );
    let policy = load(&path).expect("valid").refresh();
    assert_eq!(policy.listing_ms, 120_000);
    assert_eq!(policy.background_ms, 30_000);
    assert_eq!(policy.quiet_after_ms, 600_000);
    assert_eq!(policy.share, 0.1);
}

#[test]
fn without_a_file_polling_keeps_to_a_quarter() {
    let policy = load(&file("empty.toml", "")).expect("valid").refresh();
    assert_eq!(policy.share, 0.25);
    assert_eq!(policy.listing_ms, 60_000);
}

#[test]
fn a_share_out_of_range_or_a_typo_says_what_to_write() {
    for (text, says) in [
        (
            "[budget]\nshare = 1.5\n",
            "`budget.share` = 1.5 is not allowed",
        ),
        (
            "[budget]\nshare = 0\n",
            "more than 0 and at most 1, e.g. share = 0.25",
        ),
        (
            "[budget]\nshare = \"half\"\n",
            "`budget.share` = \"half\" is not allowed",
        ),
        ("[budget]\nshar = 0.5\n", "did you mean `share`?"),
    ] {
        let path = file("bad.toml", text);
        let msg = load(&path).expect_err(text);
        assert!(msg.contains(says), "{text:?}: {msg}");
        assert!(msg.contains(":2:"), "names the line: {msg}");
    }
}

#[test]
fn forget_after_reaches_the_policy_and_print_config_says_where_from() {
    let path = file(
        "cache-ok.toml",
        "mouse = true\n\n[cache]\nforget_after = 1800\n",
    );
    let settings = load(&path).expect("valid");
    assert_eq!(settings.refresh().forget_after_ms, 1_800_000);
    assert_eq!(
        settings.cache_forget_after.source,
        Source::File {
            path: path.clone(),
            line: 4
        }
    );
    let printed = settings.print();
    let line = printed
        .lines()
        .find(|l| l.starts_with("cache.forget_after = 1800 "))
        .unwrap_or_else(|| panic!("{printed}"));
    assert!(line.ends_with(&format!("# {}:4", path.display())), "{line}");

    // Fractions of a second are fine.
    let path = file("cache-fraction.toml", "[cache]\nforget_after = 90.5\n");
    assert_eq!(load(&path).unwrap().refresh().forget_after_ms, 90_500);
}

#[test]
fn without_a_setting_the_cache_forgets_after_ten_minutes() {
    let settings = load(&file("cache-empty.toml", "")).expect("valid");
    assert_eq!(settings.refresh().forget_after_ms, 600_000);
    assert_eq!(settings.cache_forget_after.source, Source::Default);
    assert!(
        settings.print().lines().any(
            |l| l.starts_with("cache.forget_after = 600 ") && l.ends_with("# built-in default")
        ),
        "{}",
        settings.print()
    );
}

#[test]
fn a_bad_forget_after_names_the_file_the_line_and_the_fix() {
    for (text, says) in [
        (
            "[cache]\nforget_after = 0\n",
            "`cache.forget_after` = 0 is not allowed",
        ),
        (
            "[cache]\nforget_after = 5\n",
            "a number from 10 to 86400 (a day), e.g. forget_after = 600",
        ),
        (
            "[cache]\nforget_after = 100000\n",
            "`cache.forget_after` = 100000 is not allowed",
        ),
        (
            "[cache]\nforget_after = -600\n",
            "`cache.forget_after` = -600 is not allowed",
        ),
        (
            "[cache]\nforget_after = \"10m\"\n",
            "`cache.forget_after` = \"10m\" is not allowed; it is how many seconds",
        ),
        (
            "[cache]\nforget_afer = 600\n",
            "did you mean `forget_after`?",
        ),
        (
            "[cache]\nforget = 600\n",
            "unknown key `forget` in [cache]; the keys here are forget_after",
        ),
        (
            "[cache]\nforget_after = 600\nforget_after = 60\n",
            "not valid TOML",
        ),
    ] {
        let path = file("cache-bad.toml", text);
        let msg = load(&path).expect_err(text);
        assert!(msg.contains(says), "{text:?}: {msg}");
        assert!(
            msg.starts_with(&format!("{}:", path.display())),
            "names the file: {msg}"
        );
        assert!(
            msg.contains(":2:") || msg.contains(":3:"),
            "names the line: {msg}"
        );
    }
    // A value where a section belongs.
    let path = file("cache-flat.toml", "cache = 600\n");
    let msg = load(&path).unwrap_err();
    assert!(
        msg.contains(":1: `cache` = 600 is not allowed; `cache` is a section, written [cache]"),
        "{msg}"
    );
}
