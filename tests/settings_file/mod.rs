//! A settings file written for a test and loaded as wharf loads one (`--config PATH`).

use std::path::{Path, PathBuf};

use clap::Parser;
use wharf::cli::Cli;
use wharf::config::{Effective, Env};

/// `text` written as `name` in a directory of this test binary's own (`tag` tells the binaries apart).
pub fn file(tag: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wharf-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The settings with that file, or the message a bad one gets.
pub fn load(path: &Path) -> Result<Effective, String> {
    let cli = Cli::try_parse_from(["wharf", "--config", path.to_str().unwrap()]).unwrap();
    Effective::load(&cli.flags(), &Env::default()).map_err(|e| e.to_string())
}
