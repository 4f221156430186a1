//! The command line's vocabulary: `:clusters`, `:svc prod`, `:profile staging`, ... Each view that exists has
//! a command; each command has aliases, completion for its argument, and a suggestion when it is mistyped.

use super::table::TableKind;
use super::State;

/// What a command's argument names, which is also what completes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    None,
    /// A cluster name; optional: without it, the cluster on screen or under the cursor.
    Cluster,
    Profile,
    Region,
    /// A column of the table on screen.
    SortColumn,
    /// Free text or a number, nothing to complete (`:scale 6`, `:stop REASON`).
    Text,
    /// `--image` or `--force` (`:deploy`).
    DeployOption,
}

mod list;

pub use list::{CommandSpec, COMMANDS, REGIONS};

/// The command a word names, by name or alias (case-insensitive).
pub fn find(word: &str) -> Option<&'static CommandSpec> {
    let word = word.to_ascii_lowercase();
    COMMANDS
        .iter()
        .find(|c| c.name == word || c.aliases.contains(&word.as_str()))
}

/// The closest command to a mistyped word, if any is close enough to be what was meant.
pub fn closest(word: &str) -> Option<&'static str> {
    let word = word.to_ascii_lowercase();
    COMMANDS
        .iter()
        .flat_map(|c| {
            std::iter::once(c.name)
                .chain(c.aliases.iter().copied())
                .map(move |n| (c, n))
        })
        .map(|(c, n)| (c.name, strsim::damerau_levenshtein(&word, n)))
        .filter(|&(name, d)| d <= 2.max(name.len() / 3) && d < word.len().max(2))
        .min_by_key(|&(_, d)| d)
        .map(|(name, _)| name)
}

/// What can follow the text typed so far: whole command names, or whole arguments. Sorted, no repeats.
pub fn candidates(state: &State, text: &str) -> Vec<String> {
    let text = text.trim_start();
    match text.split_once(char::is_whitespace) {
        None => {
            let word = text.to_ascii_lowercase();
            let mut names: Vec<String> = COMMANDS
                .iter()
                .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
                .filter(|n| n.len() > 1 && n.starts_with(&word))
                .map(str::to_string)
                .collect();
            names.sort();
            names.dedup();
            names
        }
        Some((command, arg)) => {
            let Some(spec) = find(command) else {
                return Vec::new();
            };
            let arg = arg.trim_start();
            let mut values = arg_values(state, spec.arg);
            values.retain(|v| {
                v.to_ascii_lowercase()
                    .starts_with(&arg.to_ascii_lowercase())
            });
            values.sort();
            values.dedup();
            values
        }
    }
}

fn arg_values(state: &State, kind: ArgKind) -> Vec<String> {
    match kind {
        ArgKind::None | ArgKind::Text => Vec::new(),
        ArgKind::DeployOption => vec!["--image".into(), "--force".into()],
        ArgKind::Cluster => state
            .session
            .cache
            .clusters
            .data
            .iter()
            .flatten()
            .map(|c| c.name.clone())
            .collect(),
        ArgKind::Profile => state.profiles.clone(),
        ArgKind::Region => REGIONS.iter().map(|r| r.to_string()).collect(),
        ArgKind::SortColumn => state
            .screen()
            .table_kind()
            .map(TableKind::sort_columns)
            .unwrap_or_default()
            .iter()
            .map(|c| sort_word(c.label))
            .collect(),
    }
}

/// How `:sort` spells a column: `task-definition` for TASK DEFINITION.
pub fn sort_word(label: &str) -> String {
    label.to_ascii_lowercase().replace(' ', "-")
}

/// Tab: the text after completing as far as the candidates agree. A single candidate is taken whole (with a
/// space after a command that takes an argument).
pub fn complete(state: &State, text: &str) -> Option<String> {
    let found = candidates(state, text);
    let first = found.first()?;
    let common = found.iter().fold(first.clone(), |common, c| {
        common
            .chars()
            .zip(c.chars())
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .map(|(a, _)| a)
            .collect()
    });
    let trimmed = text.trim_start();
    let completed = match trimmed.split_once(char::is_whitespace) {
        None => {
            let takes_arg =
                found.len() == 1 && find(&common).is_some_and(|c| c.arg != ArgKind::None);
            format!("{common}{}", if takes_arg { " " } else { "" })
        }
        Some((command, _)) => format!("{command} {common}"),
    };
    (completed != trimmed).then_some(completed)
}

/// The grey text shown after the cursor: what Tab would add, or the rest of the first candidate.
pub fn suggestion(state: &State, text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    let found = candidates(state, text);
    let first = found.first()?;
    let typed = match trimmed.split_once(char::is_whitespace) {
        None => trimmed,
        Some((_, arg)) => arg.trim_start(),
    };
    let rest = first.get(typed.len()..)?;
    (!rest.is_empty()).then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_mistakes() {
        assert_eq!(find("svc").unwrap().name, "services");
        assert_eq!(find("Q").unwrap().name, "quit");
        assert!(find("servces").is_none());
        assert_eq!(closest("servces"), Some("services"));
        assert_eq!(closest("clustr"), Some("clusters"));
        assert_eq!(closest("taks"), Some("tasks"));
        assert_eq!(closest("xyzzy"), None);
    }
}
