//! `[budget] share` and the new `[refresh]` keys: read, checked, and carried into the refresh policy.

use std::path::PathBuf;

use clap::Parser;
use wharf::cli::Cli;
use wharf::config::{Effective, Env};

fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wharf-budget-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn load(path: &std::path::Path) -> Result<Effective, String> {
    let cli = Cli::try_parse_from(["wharf", "--config", path.to_str().unwrap()]).unwrap();
    Effective::load(&cli.flags(), &Env::default()).map_err(|e| e.to_string())
}

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
