//! The audit log on disk: one JSON line appended per attempt, outcome and refusal (`update` makes the lines),
//! and the latest lines read back for `:audit`.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::AuditEntry;

/// Lines `:audit` shows.
pub const LINES_SHOWN: usize = 200;

/// Where the log lives without `--audit-log`: the platform's state directory (`~/.local/state/wharf` on
/// Linux), else its local data directory (macOS, Windows).
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "wharf")?;
    let dir = dirs.state_dir().unwrap_or(dirs.data_local_dir());
    Some(dir.join("audit.jsonl"))
}

/// Append one line, creating the file (and its directory) on first use. The error says which file and why.
pub fn append(path: &Path, entry: &AuditEntry) -> Result<(), String> {
    let line = serde_json::to_string(entry).map_err(|e| e.to_string())?;
    let failed = |e: std::io::Error| format!("{}: {e}", path.display());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(failed)?;
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(failed)?;
    // One write per line, so that two wharfs appending at once do not interleave within a line.
    file.write_all(format!("{line}\n").as_bytes())
        .map_err(failed)
}

/// The last `n` lines, oldest first; none when the file does not exist yet.
pub fn tail(path: &Path, n: usize) -> Result<Vec<String>, String> {
    match fs::read_to_string(path) {
        Ok(text) => {
            let lines: Vec<String> = text.lines().map(str::to_string).collect();
            let skip = lines.len().saturating_sub(n);
            Ok(lines.into_iter().skip(skip).collect())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}
