//! Unfinished cleanups' plans on disk, so that a cleanup survives a quit or a crash: one JSON file per
//! account, region and cluster (`cleanup-<account>-<region>-<cluster>.json`) in wharf's state folder (or
//! `--state-dir`). Each is written whole, to a temporary file renamed over the old one, so that a crash
//! mid-write leaves the old plan or the new one, never half of one; the file is readable by its owner only
//! (0600, in a 0700 folder): it names the account and what is being deleted.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::cleanup::{Origin, SavedCleanup, FORMAT};
use crate::app::{Action, Effect};

/// Larger than any plan wharf writes (a plan of thousands of revisions is a few hundred kB): not read.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Where plans are kept without `--state-dir`: wharf's state folder, beside the audit log.
pub fn default_dir() -> Option<PathBuf> {
    super::audit::state_dir()
}

/// The file of this account's, region's and cluster's plan.
pub fn file_name(origin: &Origin, cluster_arn: &str) -> String {
    format!(
        "{}{}.json",
        prefix(origin),
        part(crate::model::arn_name(cluster_arn))
    )
}

/// What every file of this account and region starts with.
fn prefix(origin: &Origin) -> String {
    let mut who = match &origin.account {
        Some(account) => part(account),
        None => format!("profile_{}", part(&origin.profile)),
    };
    // An emulator's account is not AWS's account of the same number.
    if let Some(endpoint) = &origin.endpoint {
        who.push_str(&format!("_at{:08x}", fnv(endpoint) as u32));
    }
    format!("cleanup-{who}-{}-", part(&origin.region))
}

/// A piece of a file name: letters, digits, `_`, `.` and `-` only, and not so long that the name is refused
/// (a cluster's name may have 255 characters): a long one is cut and told apart by a hash of the whole.
fn part(text: &str) -> String {
    let safe: String = text
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '.' | '-' => c,
            _ => '_',
        })
        .collect();
    if safe.len() <= 100 {
        return safe;
    }
    format!("{}-{:016x}", &safe[..80], fnv(text))
}

/// FNV-1a: a stable hash (std's is not stable across versions), for file names only.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Write the plan, replacing the one kept for its cluster.
pub fn keep(dir: &Path, saved: &SavedCleanup) -> Result<PathBuf, String> {
    let name = file_name(&saved.origin, &saved.cluster_arn);
    let path = dir.join(&name);
    let failed = |e: std::io::Error| format!("{}: {e}", path.display());
    super::audit::private_dir_builder()
        .create(dir)
        .map_err(failed)?;
    let mut text = serde_json::to_vec_pretty(saved).map_err(|e| e.to_string())?;
    text.push(b'\n');
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = write_private(&temp, &text).and_then(|()| fs::rename(&temp, &path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(failed(e));
    }
    Ok(path)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // A temporary file a crash left behind keeps its mode when opened again: set it.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(bytes)?;
    // On disk before the rename makes it the plan.
    file.sync_all()
}

/// Remove the plan kept for this cluster; none kept is fine.
pub fn forget(dir: &Path, origin: &Origin, cluster_arn: &str) -> Result<(), String> {
    let path = dir.join(file_name(origin, cluster_arn));
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("{}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Every plan kept for this account and region, read, or why it cannot be. Files of other accounts and
/// regions are not this session's to judge and are left out, unless their name says they are of this one.
pub fn find(dir: &Path, origin: &Origin) -> Vec<(String, Result<SavedCleanup, String>)> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => return vec![(dir.display().to_string(), Err(e.to_string()))],
    };
    let ours = prefix(origin);
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("cleanup-") || !name.ends_with(".json") {
            continue;
        }
        let read = read(&entry.path());
        let named_ours = name.starts_with(&ours);
        let here = read.as_ref().is_ok_and(|s| s.origin.same_place(origin));
        if named_ours || here {
            found.push((entry.path().display().to_string(), read));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// One kept plan. The format is checked before anything else, so that a file of another version of wharf
/// says so rather than failing on a field.
pub fn read(path: &Path) -> Result<SavedCleanup, String> {
    let size = fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_BYTES {
        return Err(format!(
            "it is {size} bytes, more than any plan wharf writes"
        ));
    }
    let bytes = fs::read(path).map_err(|e| e.to_string())?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("it is not valid JSON ({e})"))?;
    match value.get("version").and_then(serde_json::Value::as_u64) {
        None => return Err("it has no format version: not a plan wharf wrote".into()),
        Some(v) if v != u64::from(FORMAT) => {
            return Err(format!(
                "it is in format {v}, and this wharf reads format {FORMAT} (written by another version of wharf?)"
            ))
        }
        Some(_) => {}
    }
    serde_json::from_value(value).map_err(|e| format!("it does not read as a cleanup plan ({e})"))
}

/// Carry out a plan file's effect; `None` for the others, and for a write that went well.
pub fn perform(dir: Option<&Path>, effect: &Effect) -> Option<Action> {
    let no_place = "no place to keep it (no home directory): start wharf with --state-dir DIR";
    match effect {
        Effect::KeepCleanup(saved) => {
            let kept = dir.ok_or(no_place.to_string()).and_then(|d| keep(d, saved));
            kept.err().map(|why| {
                Action::CleanupFileFailed(format!(
                    "the cleanup goes on, but its plan could not be kept for a later run ({why})"
                ))
            })
        }
        Effect::ForgetCleanup {
            origin,
            cluster_arn,
        } => {
            let gone = dir.map_or(Ok(()), |d| forget(d, origin, cluster_arn));
            gone.err().map(|why| {
                Action::CleanupFileFailed(format!(
                    "the plan of a finished cleanup could not be removed ({why}): delete it, or the next run offers it again"
                ))
            })
        }
        Effect::FindCleanups { origin } => Some(Action::CleanupsFound(
            dir.map(|d| find(d, origin)).unwrap_or_default(),
        )),
        _ => None,
    }
}

/// At start-up: wharf's own state folder is open to other users (a folder the user chose is theirs). Said
/// once: not again when the audit log's check already said it of the same folder.
pub fn warn_if_exposed(
    state: &mut crate::app::State,
    dir: Option<&Path>,
    audit_log: Option<&Path>,
) {
    let own = default_dir();
    let Some(dir) = dir.filter(|d| own.as_deref() == Some(*d)) else {
        return;
    };
    if audit_log.and_then(Path::parent) == Some(dir) {
        return;
    }
    if let Some(mode) = super::audit::loose_mode(dir) {
        let text = format!(
            "wharf's state folder {} is open to other users (mode {mode:04o}): run chmod 700 {}",
            dir.display(),
            super::audit::shell_word(dir)
        );
        state.flash = Some(crate::app::Flash::new(
            crate::app::FlashLevel::Warn,
            text.clone(),
        ));
        state.remember(crate::app::FlashLevel::Warn, text);
    }
}

#[cfg(test)]
#[path = "cleanup_state_tests.rs"]
mod tests;
