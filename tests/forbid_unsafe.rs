//! Every crate root of wharf's own (the library, the binary, each example and benchmark) forbids `unsafe`
//! code: the attribute is the guarantee, and this keeps a new root from leaving it out. Test crates are
//! not covered (the pty harness borrows a raw descriptor).

#![forbid(unsafe_code)]

use std::fs;
use std::path::{Path, PathBuf};

const ATTRIBUTE: &str = "#![forbid(unsafe_code)]";

/// `dir`'s crate roots: `*.rs` files and `*/main.rs`.
fn roots_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut roots = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && path.join("main.rs").is_file() {
            roots.push(path.join("main.rs"));
        } else if path.extension().is_some_and(|e| e == "rs") {
            roots.push(path);
        }
    }
    roots
}

#[test]
fn every_crate_root_forbids_unsafe_code() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![manifest.join("src/lib.rs"), manifest.join("src/main.rs")];
    for dir in ["src/bin", "examples", "benches"] {
        roots.extend(roots_in(&manifest.join(dir)));
    }
    assert!(roots.len() > 2, "{roots:?}");
    let missing: Vec<_> = roots
        .iter()
        .filter(|root| {
            let text = fs::read_to_string(root).expect("a crate root");
            !text.lines().any(|line| line.trim() == ATTRIBUTE)
        })
        .collect();
    assert!(missing.is_empty(), "{ATTRIBUTE} missing from {missing:?}");
}
