//! Writes the README's screenshots into `screenshots/`: `cargo run --example screenshots`.
//!
//! Stale `*.svg` files there are deleted first, so that the directory holds exactly what the code draws;
//! `tests/screenshots.rs` checks that it still does.

#![forbid(unsafe_code)]

use std::fs;
use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    fs::create_dir_all(&dir)?;
    let shots = wharf::screenshots::render_all();
    let mut entries: Vec<_> = fs::read_dir(&dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "svg") {
            fs::remove_file(&path)?;
        }
    }
    for (file, svg) in &shots {
        fs::write(dir.join(file), svg)?;
        println!("wrote screenshots/{file} ({} bytes)", svg.len());
    }
    Ok(())
}
