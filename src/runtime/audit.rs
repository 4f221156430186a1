//! The audit log on disk: one JSON line appended per attempt, outcome and refusal (`update` makes the lines),
//! and the latest lines read back for `:audit`.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use std::collections::VecDeque;

use crate::app::{Action, AuditEntry, AuditOutcome, Effect, MutationResult};
use crate::backend::BackendError;
use crate::model::text::clean;
use crate::model::Shape;

/// Lines `:audit` shows.
pub const LINES_SHOWN: usize = 200;

/// wharf's own state folder: the platform's state directory (`~/.local/state/wharf` on Linux), else its
/// local data directory (macOS, Windows). The audit log and unfinished cleanups' plans live there.
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "wharf")?;
    Some(
        dirs.state_dir()
            .unwrap_or(dirs.data_local_dir())
            .to_path_buf(),
    )
}

/// Where the log lives without `--audit-log`: wharf's state folder.
pub fn default_path() -> Option<PathBuf> {
    Some(state_dir()?.join("audit.jsonl"))
}

/// A name for this run of wharf in the log: when it started and its process id.
pub fn session_name() -> String {
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{started:x}-{}", std::process::id())
}

/// Append one line, creating the file (and its directory) on first use. The error says which file and why.
/// A new file is made readable by its owner only (0600), a new directory 0700: the log names accounts,
/// clusters and what was changed. An existing file keeps its mode (`exposure` reports a loose one).
pub fn append(path: &Path, entry: &AuditEntry) -> Result<(), String> {
    let line = serde_json::to_string(entry).map_err(|e| e.to_string())?;
    let failed = |e: std::io::Error| format!("{}: {e}", path.display());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dir_builder().create(dir).map_err(failed)?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(failed)?;
    // One write per line, so that two wharfs appending at once do not interleave within a line.
    file.write_all(format!("{line}\n").as_bytes())
        .map_err(failed)
}

/// Makes a directory and its missing parents, each 0700 on Unix (the umask can only narrow it).
pub(super) fn private_dir_builder() -> fs::DirBuilder {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
}

/// What other users can do to the audit log or to wharf's own state directory, with the fix, when the mode
/// lets anyone but the owner read or write. Checked once when wharf starts. wharf does not change the mode
/// itself: it is the user's file, and a shared log may be meant to be shared. A folder the user chose for
/// `--audit-log` (their home, /tmp) is theirs and not checked; wharf's state directory is.
pub fn exposure(path: &Path) -> Option<String> {
    let file = loose_mode(path).map(|mode| {
        format!(
            "the audit log {} is open to other users (mode {mode:04o}): run chmod 600 {}",
            path.display(),
            shell_word(path)
        )
    });
    let own_dir = default_path()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| path.parent() == Some(dir.as_path()));
    let dir = own_dir.and_then(|dir| {
        loose_mode(&dir).map(|mode| {
            format!(
                "wharf's state folder {} is open to other users (mode {mode:04o}): run chmod 700 {}",
                dir.display(),
                shell_word(&dir)
            )
        })
    });
    match (file, dir) {
        (Some(f), Some(d)) => Some(format!("{f}; {d}")),
        (f, d) => f.or(d),
    }
}

/// A path as one word a shell reads back unchanged: quoted when it holds anything but plain characters.
pub(super) fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The permission bits of an existing file or directory when group or others may read, write or enter it.
#[cfg(unix)]
pub(super) fn loose_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

/// Elsewhere, permissions are access lists wharf does not read.
#[cfg(not(unix))]
pub(super) fn loose_mode(_path: &Path) -> Option<u32> {
    None
}

/// At start-up, in the status line and `:messages`: the audit log or wharf's folder is open to others.
pub fn warn_if_exposed(state: &mut crate::app::State, path: Option<&Path>) {
    if let Some(warning) = path.and_then(exposure) {
        state.flash = Some(crate::app::Flash::new(
            crate::app::FlashLevel::Warn,
            warning.clone(),
        ));
        state.remember(crate::app::FlashLevel::Warn, warning);
    }
}

/// The last `n` lines, oldest first; none when the file does not exist yet.
pub fn tail(path: &Path, n: usize) -> Result<Vec<String>, String> {
    // A line damaged by hand or by a crash is shown as it can be, never the whole log refused.
    match fs::read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()) {
        Ok(text) => {
            // wharf writes JSON, whose strings escape control characters; a line edited by hand may not.
            let lines: Vec<String> = text
                .lines()
                .map(|l| clean(l, Shape::Line).into_owned())
                .collect();
            let skip = lines.len().saturating_sub(n);
            Ok(lines.into_iter().skip(skip).collect())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// The attempt `entry` records could not be written: take its change out of the effects still to run, and
/// answer it as refused, so that nothing is sent unrecorded.
pub fn withhold(effects: &mut VecDeque<Effect>, entry: &AuditEntry, why: &str) -> Vec<Action> {
    let (AuditOutcome::Attempt, Some(id)) = (entry.outcome, entry.id) else {
        return Vec::new();
    };
    let before = effects.len();
    effects.retain(|e| !matches!(e, Effect::Mutate { id: m, .. } if *m == id));
    if effects.len() == before {
        return Vec::new();
    }
    vec![Action::Mutated {
        id,
        result: MutationResult::Failed(BackendError::Api {
            code: "AuditLogUnwritable".into(),
            message: format!(
                "not sent, because the audit log could not record it ({why}); fix the file or start wharf with --audit-log FILE"
            ),
        }),
        at: crate::model::Timestamp(0),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_whose_attempt_is_not_recorded_is_not_sent() {
        let state = crate::app::State::new(Default::default(), crate::model::Timestamp(0));
        let mutation = crate::app::Mutation::DeleteCluster(crate::app::mutation::DeleteCluster {
            cluster_arn: "arn:aws:ecs:r:1:cluster/c".into(),
        });
        let entry = AuditEntry::of(&state, Some(7), &mutation, AuditOutcome::Attempt, None);
        let mut effects = VecDeque::from(vec![
            Effect::Mutate { id: 7, mutation },
            Effect::Fetch(crate::app::Fetch::One(crate::app::Resource::Clusters)),
        ]);
        let answers = withhold(&mut effects, &entry, "disk full");
        assert_eq!(
            effects,
            VecDeque::from(vec![Effect::Fetch(crate::app::Fetch::One(
                crate::app::Resource::Clusters
            ))])
        );
        assert!(matches!(
            answers.as_slice(),
            [Action::Mutated { id: 7, result: MutationResult::Failed(BackendError::Api { code, .. }), .. }] if code == "AuditLogUnwritable"
        ));
        // An outcome line that fails withholds nothing.
        let outcome = AuditEntry {
            outcome: AuditOutcome::Ok,
            ..entry
        };
        assert!(withhold(&mut effects, &outcome, "disk full").is_empty());
    }

    #[test]
    fn a_damaged_log_is_read_as_it_can_be() {
        let path =
            std::env::temp_dir().join(format!("wharf-audit-damaged-{}.jsonl", std::process::id()));
        fs::write(
            &path,
            b"{\"a\":1}\n\xff\xfe broken \x1b]0;x\x07\n{\"b\":2}\n",
        )
        .unwrap();
        let lines = tail(&path, 10);
        let _ = fs::remove_file(&path);
        let lines = lines.expect("read, not refused");
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[1].contains("broken") && !lines[1].contains('\x1b'),
            "{lines:?}"
        );
    }

    #[test]
    fn lines_are_appended_and_the_tail_read_back() {
        let dir = std::env::temp_dir().join(format!("wharf-audit-test-{}", std::process::id()));
        let path = dir.join("nested").join("audit.jsonl");
        let state = crate::app::State::new(Default::default(), crate::model::Timestamp(0));
        let mutation = crate::app::Mutation::DeleteCluster(crate::app::mutation::DeleteCluster {
            cluster_arn: "arn:aws:ecs:r:1:cluster/c".into(),
        });
        for id in 0..5 {
            let entry = AuditEntry::of(&state, Some(id), &mutation, AuditOutcome::Attempt, None);
            append(&path, &entry).expect("appended, the folder made");
        }
        let last = tail(&path, 2).unwrap();
        assert_eq!(last.len(), 2);
        assert!(last[1].contains("\"id\":4"), "{}", last[1]);
        assert_eq!(
            tail(&dir.join("none.jsonl"), 3).unwrap(),
            Vec::<String>::new()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
