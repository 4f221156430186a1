//! The committed screenshots are what the code draws today: byte for byte, file for file.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::thread;

use wharf::screenshots::{render_all, shots, themes};

const REGENERATE: &str = "run `cargo run --example screenshots` and review the images";

fn committed() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}; {REGENERATE}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn committed_screenshots_match_what_the_code_draws() {
    let drawn = render_all();
    let committed = committed();
    let drawn_names: BTreeSet<&str> = drawn.iter().map(|(n, _)| n.as_str()).collect();
    let committed_names: BTreeSet<&str> = committed.iter().map(|(n, _)| n.as_str()).collect();
    let stale: Vec<_> = committed_names.difference(&drawn_names).collect();
    let missing: Vec<_> = drawn_names.difference(&committed_names).collect();
    assert!(
        stale.is_empty(),
        "screenshots/ has files the code no longer draws: {stale:?}; {REGENERATE}"
    );
    assert!(
        missing.is_empty(),
        "screenshots/ lacks files the code draws: {missing:?}; {REGENERATE}"
    );
    for (name, svg) in &drawn {
        let (_, old) = committed.iter().find(|(n, _)| n == name).unwrap();
        if old == svg {
            continue;
        }
        let (line, (was, now)) = old
            .lines()
            .chain(std::iter::repeat(""))
            .zip(svg.lines().chain(std::iter::repeat("")))
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap_or((0, ("", "")));
        panic!(
            "screenshots/{name} differs from what the code draws, first at line {}:\n  committed: {was}\n  drawn:     {now}\n{REGENERATE}",
            line + 1
        );
    }
}

#[test]
fn screenshots_are_deterministic_within_a_process_and_across_threads() {
    let first = render_all();
    assert_eq!(first, render_all(), "two renders in one process differ");
    let handles: Vec<_> = (0..2).map(|_| thread::spawn(render_all)).collect();
    for h in handles {
        assert_eq!(
            first,
            h.join().expect("render thread"),
            "a render on another thread differs"
        );
    }
}

#[test]
fn there_is_a_services_screenshot_in_every_shipped_theme_and_they_differ() {
    let drawn = render_all();
    let mut seen = BTreeSet::new();
    for (theme, _) in themes() {
        let file = format!("services-{theme}.svg");
        let svg = &drawn
            .iter()
            .find(|(n, _)| *n == file)
            .unwrap_or_else(|| panic!("{file}"))
            .1;
        assert!(
            seen.insert(svg.clone()),
            "{file} looks like another theme's"
        );
    }
}

/// Each shot's frame as text, row by row.
fn texts() -> Vec<(String, String)> {
    shots()
        .into_iter()
        .map(|shot| {
            let area = shot.buffer.area;
            let text = (0..area.height)
                .map(|y| {
                    (0..area.width)
                        .map(|x| shot.buffer[(x, y)].symbol())
                        .collect::<String>()
                        + "\n"
                })
                .collect();
            (shot.file, text)
        })
        .collect()
}

#[test]
fn the_screenshots_show_what_the_readme_says() {
    let texts = texts();
    let text = |file: &str| {
        texts
            .iter()
            .find(|(f, _)| f == file)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("no {file}"))
    };
    let service = text("service.svg");
    assert!(
        service.contains("payments") && service.contains("IN_PROGRESS"),
        "a rollout in progress:\n{service}"
    );
    assert!(
        service.contains("initial"),
        "a target in its first health checks:\n{service}"
    );
    let services = text("services.svg");
    assert!(
        services.contains("unhealthy"),
        "unhealthy targets:\n{services}"
    );
    assert!(services.contains("restarts"), "a crash loop:\n{services}");
    let task = text("task.svg");
    assert!(
        task.contains("STOPPED") && task.contains("Essential container in task exited"),
        "a stopped task and why:\n{task}"
    );
    assert!(text("help.svg").contains("Legend"));
    let blue_green = text("blue-green.svg");
    for what in ["waiting for approval", "BLUE_GREEN", "storefront-green-tg"] {
        assert!(blue_green.contains(what), "{what}:\n{blue_green}");
    }
}
