//! Key names as keymap files write them (`ctrl-f`, `g g`, `G`) and the presses they stand for.

use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key press, as a keymap names it: a key and its modifiers. Shift is part of the character for printable
/// keys (`G`, `?`), so it is not kept for them. With ctrl, letters ignore case (`ctrl-F` is `ctrl-f`: terminals
/// send the same byte) and `ctrl-\` is `ctrl-4`, as terminals report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// The keys with names, as keymap files write them.
pub(super) const NAMED_KEYS: [(&str, KeyCode); 16] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
];

/// How key names are written, for error messages.
pub(super) const KEY_FORMAT: &str = "write a character (`j`, `G`, `?`), a named key (enter, esc, tab, backtab, space, \
     backspace, delete, insert, up, down, left, right, home, end, pageup, pagedown, f1..f12), with `ctrl-` or \
     `alt-` in front if needed (`ctrl-f`), or a short sequence separated by spaces (`g g`)";

impl KeyPress {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let modifiers = match code {
            KeyCode::Char(_) => modifiers - KeyModifiers::SHIFT,
            _ => modifiers,
        };
        // Terminals send Shift-Tab as BackTab, with or without the shift flag.
        let modifiers = if code == KeyCode::BackTab {
            modifiers - KeyModifiers::SHIFT
        } else {
            modifiers
        };
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(match c {
                    '\\' => '4',
                    ']' => '5',
                    '^' => '6',
                    '_' => '7',
                    c => c.to_ascii_lowercase(),
                })
            }
            code => code,
        };
        KeyPress { code, modifiers }
    }

    pub fn from_event(key: &KeyEvent) -> Self {
        KeyPress::new(key.code, key.modifiers)
    }
}

impl FromStr for KeyPress {
    /// What is wrong with the name and how to write it.
    type Err = String;

    /// `j`, `G`, `?`, `space`, `enter`, `ctrl-f`, `alt-x`, `f5`.
    fn from_str(name: &str) -> Result<Self, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut base = name;
        loop {
            if let Some(rest) = base.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
                modifiers |= KeyModifiers::CONTROL;
                base = rest;
            } else if let Some(rest) = base.strip_prefix("alt-").filter(|r| !r.is_empty()) {
                modifiers |= KeyModifiers::ALT;
                base = rest;
            } else {
                break;
            }
        }
        let code = if let Some((_, code)) = NAMED_KEYS.iter().find(|(n, _)| *n == base) {
            *code
        } else if let Some(n) = base.strip_prefix('f').and_then(|n| n.parse::<u32>().ok()) {
            if !(1..=12).contains(&n) {
                return Err(format!(
                    "there is no `{base}`: function keys go from f1 to f12"
                ));
            }
            KeyCode::F(n as u8)
        } else if base.chars().count() == 1 {
            KeyCode::Char(base.chars().next().unwrap_or(' '))
        } else {
            return Err(key_name_error(name, base));
        };
        Ok(KeyPress::new(code, modifiers))
    }
}

/// Why `base` (in `name`) is not a key, with what to write instead when there is a likely answer.
pub(super) fn key_name_error(name: &str, base: &str) -> String {
    let lower = base.to_ascii_lowercase();
    let fix = if let Some(rest) = lower.strip_prefix("shift-") {
        match rest {
            "tab" => "write `backtab` for shift-tab".to_string(),
            r if r.chars().count() == 1 => format!(
                "shift is part of the character: write `{}` instead",
                base[6..].to_uppercase()
            ),
            _ => "terminals do not report shift with that key reliably, so wharf cannot bind it"
                .into(),
        }
    } else if ["ctrl-", "alt-"].iter().any(|m| lower.starts_with(m)) {
        format!(
            "write modifiers in lower case: `{}`",
            name.to_ascii_lowercase()
        )
    } else if [
        "cmd-", "super-", "meta-", "c-", "m-", "control-", "opt-", "option-",
    ]
    .iter()
    .any(|m| lower.starts_with(m))
    {
        "the modifiers are `ctrl-` and `alt-`".into()
    } else {
        let aliases = [
            ("escape", "esc"),
            ("return", "enter"),
            ("pgup", "pageup"),
            ("pgdn", "pagedown"),
            ("pgdown", "pagedown"),
            ("del", "delete"),
            ("ins", "insert"),
            ("bs", "backspace"),
            ("spacebar", "space"),
        ];
        let named = NAMED_KEYS.iter().map(|(n, _)| *n);
        match aliases.iter().find(|(a, _)| *a == lower) {
            Some((_, n)) => format!("did you mean `{n}`?"),
            None => match closest(&lower, named) {
                Some(n) => format!("did you mean `{n}`?"),
                None => String::new(),
            },
        }
    };
    let mut message = format!("`{base}` is not a key name");
    if !fix.is_empty() {
        message.push_str("; ");
        message.push_str(&fix);
    }
    message
}

/// The candidate closest to `word` by edit distance (a swap of two letters counts one), if it is close
/// enough to be a likely typo, or the one `word` abbreviates.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let candidates: Vec<&str> = candidates.into_iter().collect();
    // An abbreviation (`desc`) names what it starts.
    if word.chars().count() >= 3 {
        if let Some(c) = candidates.iter().find(|c| c.starts_with(word)) {
            return Some(c);
        }
    }
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A key or a short sequence of keys (`g g`).
pub type KeySequence = Vec<KeyPress>;

/// Parse `g g` or `ctrl-f` into the presses it stands for.
pub fn parse_sequence(name: &str) -> Option<KeySequence> {
    parse_keys(name).ok()
}

/// Parse `g g` or `ctrl-f`, or say what is wrong with it and how to write it.
pub fn parse_keys(name: &str) -> Result<KeySequence, String> {
    let presses = name
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<KeySequence, String>>()
        .map_err(|e| format!("{e}; {KEY_FORMAT}"))?;
    if presses.is_empty() {
        return Err(format!("an empty key binds nothing; {KEY_FORMAT}"));
    }
    Ok(presses)
}
