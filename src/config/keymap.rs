//! Which key does what, where. The footer hints, the help screen and the input mapping all read the active
//! keymap, so what wharf tells the user is always what it does. The default is `keymaps/default.toml`,
//! compiled in.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use strum::{EnumIter, EnumString, IntoEnumIterator, IntoStaticStr};
use toml_edit::{ImDocument, Item};

use crate::app::UserAction;

/// The compiled-in default keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.toml");

/// Where a binding applies. Keymap files have one section per context, named in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, EnumString, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Context {
    /// Everywhere but in the command and filter lines.
    Global,
    /// Screens with a table to move through.
    Table,
    Clusters,
    Services,
    /// A service's detail (its tasks are the table).
    Service,
    /// A cluster's tasks.
    Tasks,
    Task,
    /// While the help is open.
    Help,
    /// The command (`:`) and filter (`/`) lines.
    Prompt,
    /// A change's dialog. Characters go to its field, when it has one.
    Dialog,
}

impl Context {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// One key press, as a keymap names it: a key and its modifiers. Shift is part of the character for printable
/// keys (`G`, `?`), so it is not kept for them. With ctrl, letters ignore case (`ctrl-F` is `ctrl-f`: terminals
/// send the same byte) and `ctrl-\` is `ctrl-4`, as terminals report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// The keys with names, as keymap files write them.
const NAMED_KEYS: [(&str, KeyCode); 16] = [
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
const KEY_FORMAT: &str = "write a character (`j`, `G`, `?`), a named key (enter, esc, tab, backtab, space, \
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
fn key_name_error(name: &str, base: &str) -> String {
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

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The keys as the keymap file writes them (`g g`, `ctrl-f`): what the footer and help show.
    pub name: String,
    pub keys: KeySequence,
    pub action: UserAction,
    pub description: String,
    pub context: Context,
    /// Shown in the footer (the rest only in help).
    pub hint: bool,
    /// The keymap file it comes from (`keymaps/default.toml`, or the user's path) and its line there.
    pub file: Arc<str>,
    pub line: usize,
}

/// What a key press (after the ones pending before it) means in the given contexts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Action(UserAction),
    /// The start of a sequence: wait for the next key.
    Prefix,
    Unbound,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    /// The compiled-in keymap; a test proves it loads.
    fn default() -> Self {
        static DEFAULT: OnceLock<Keymap> = OnceLock::new();
        DEFAULT
            .get_or_init(|| Keymap::load(None).expect("keymaps/default.toml loads"))
            .clone()
    }
}

/// What is wrong with a keymap: the file, the line (when the mistake has one), and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    /// The file as the user knows it: `keymaps/k9s.toml`, or the path they gave.
    pub file: String,
    /// 1-based.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for KeymapError {}

/// The keymaps that ship with wharf, by the name `--keymap` takes; all compiled in.
pub const SHIPPED: [(&str, &str); 2] = [("default", DEFAULT_KEYMAP), ("k9s", K9S_KEYMAP)];

/// The k9s-flavoured keymap, compiled in.
pub const K9S_KEYMAP: &str = include_str!("../../keymaps/k9s.toml");

/// The action name that removes a binding in an override file: `"x" = "none"`.
pub const UNBIND: &str = "none";

/// A binding's fields in the long form.
const FIELDS: [&str; 3] = ["action", "description", "hint"];

/// One line of a keymap file, before it is merged with the keymap it overrides.
struct Entry {
    context: Context,
    name: String,
    keys: KeySequence,
    line: usize,
    /// `None`: `"x" = "none"`, remove the binding.
    target: Option<Target>,
}

struct Target {
    action: UserAction,
    description: Option<String>,
    /// `None`: not said, so the binding takes the footer hint of the one it replaces.
    hint: Option<bool>,
}

/// A keymap file, parsed and checked on its own.
struct Parsed {
    file: Arc<str>,
    /// `extends = "k9s"`: the shipped keymap it overrides (the default if not said).
    extends: Option<&'static str>,
    entries: Vec<Entry>,
}

/// Reads one keymap file, keeping the file name and the text to turn spans into lines.
struct Reader<'a> {
    file: &'a str,
    text: &'a str,
}

impl Reader<'_> {
    fn line(&self, span: Option<Range<usize>>) -> Option<usize> {
        let start = span?.start.min(self.text.len());
        Some(self.text[..start].matches('\n').count() + 1)
    }

    fn error(&self, line: Option<usize>, message: impl Into<String>) -> KeymapError {
        KeymapError {
            file: self.file.to_string(),
            line,
            message: message.into(),
        }
    }

    fn parse(&self) -> Result<Parsed, KeymapError> {
        let doc = ImDocument::parse(self.text).map_err(|e| {
            let fix = if e.message().contains("duplicate key") {
                "each key appears once in a section: keep one of them"
            } else {
                "see the header of keymaps/default.toml for the format"
            };
            self.error(
                self.line(e.span()),
                format!("this is not valid TOML: {}; {fix}", e.message().trim_end()),
            )
        })?;
        let root = doc.as_table();
        let mut parsed = Parsed {
            file: Arc::from(self.file),
            extends: None,
            entries: Vec::new(),
        };
        for (name, item) in root.iter() {
            let line = self.line(root.key(name).and_then(|k| k.span()));
            if name == "extends" {
                parsed.extends = Some(self.extends(item, line)?);
                continue;
            }
            let context = Context::from_str(name).map_err(|_| {
                let names = Context::iter().map(Context::name);
                let hint = closest(name, names)
                    .map(|c| format!("did you mean [{c}]? "))
                    .unwrap_or_default();
                self.error(
                    line,
                    format!(
                        "unknown context [{name}]; {hint}The contexts are {}",
                        Context::iter()
                            .map(|c| format!("[{}]", c.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
            let Some(table) = item.as_table_like() else {
                return Err(self.error(
                    line,
                    format!(
                        "`{name}` must be a section: write `[{name}]` on a line of its own and the bindings \
                         under it, or put `{name} = ...` under a section such as [global]"
                    ),
                ));
            };
            for (key, value) in table.iter() {
                let line = self
                    .line(
                        table
                            .key(key)
                            .and_then(|k| k.span())
                            .or_else(|| value.span()),
                    )
                    .or(line);
                parsed.entries.push(self.entry(context, key, value, line)?);
            }
        }
        self.check_within(&parsed)?;
        Ok(parsed)
    }

    fn extends(&self, item: &Item, line: Option<usize>) -> Result<&'static str, KeymapError> {
        let names = SHIPPED.map(|(n, _)| n);
        let name = item.as_str().unwrap_or_default();
        match names.iter().find(|n| **n == name) {
            Some(n) => Ok(n),
            None => {
                let hint = closest(name, names)
                    .map(|c| format!("did you mean \"{c}\"? "))
                    .unwrap_or_default();
                Err(self.error(
                    line,
                    format!(
                        "`extends` names the shipped keymap this file overrides; {hint}write one of {}",
                        names.map(|n| format!("`extends = \"{n}\"`")).join(", ")
                    ),
                ))
            }
        }
    }

    fn entry(
        &self,
        context: Context,
        key: &str,
        value: &Item,
        line: Option<usize>,
    ) -> Result<Entry, KeymapError> {
        let keys = parse_keys(key)
            .map_err(|e| self.error(line, format!("[{}] \"{key}\": {e}", context.name())))?;
        let line_no = line.unwrap_or(0);
        let at = |item: &Item| self.line(item.span()).or(line);
        let target = if let Some(action) = value.as_str() {
            self.action(action, at(value))?.map(|action| Target {
                action,
                description: None,
                hint: None,
            })
        } else if let Some(table) = value.as_table_like() {
            for (field, v) in table.iter() {
                if !FIELDS.contains(&field) {
                    let hint = closest(field, FIELDS)
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    return Err(self.error(
                        self.line(table.key(field).and_then(|k| k.span())).or_else(|| at(v)),
                        format!("unknown field `{field}` in \"{key}\"; {hint}A binding's fields are action, description and hint"),
                    ));
                }
            }
            let Some(action_item) = table.get("action") else {
                return Err(self.error(
                    line,
                    format!("\"{key}\" says no action; write `\"{key}\" = {{ action = \"NAME\" }}`, or `\"{key}\" = \"none\"` to unbind it"),
                ));
            };
            let Some(action) = action_item.as_str() else {
                return Err(self.error(
                    at(action_item),
                    "`action` must be a string naming an action, like `action = \"down\"`",
                ));
            };
            let description = match table.get("description") {
                None => None,
                Some(d) => Some(d.as_str().map(str::to_string).ok_or_else(|| {
                    self.error(
                        at(d),
                        "`description` must be a string, like `description = \"page down\"`",
                    )
                })?),
            };
            let hint = match table.get("hint") {
                None => None,
                Some(h) => Some(h.as_bool().ok_or_else(|| {
                    self.error(
                        at(h),
                        "`hint` must be `true` (show the key in the footer) or `false`",
                    )
                })?),
            };
            self.action(action, at(action_item))?.map(|action| Target {
                action,
                description,
                hint,
            })
        } else {
            return Err(self.error(
                at(value),
                format!(
                    "\"{key}\" must name an action (`\"{key}\" = \"down\"`) or be a table \
                     (`\"{key}\" = {{ action = \"down\", description = \"down\", hint = true }}`), not {}",
                    value.type_name()
                ),
            ));
        };
        Ok(Entry {
            context,
            name: key.to_string(),
            keys,
            line: line_no,
            target,
        })
    }

    /// An action's name; `None` for `none`, which unbinds.
    fn action(&self, name: &str, line: Option<usize>) -> Result<Option<UserAction>, KeymapError> {
        if name == UNBIND {
            return Ok(None);
        }
        UserAction::from_str(name).map(Some).map_err(|_| {
            let names: Vec<&str> = UserAction::iter().map(UserAction::name).collect();
            let hint = closest(name, names.iter().copied())
                .map(|c| format!("did you mean \"{c}\"? "))
                .unwrap_or_default();
            self.error(
                line,
                format!(
                    "unknown action \"{name}\"; {hint}The actions are {}, and \"{UNBIND}\" removes a binding",
                    names.join(", ")
                ),
            )
        })
    }

    /// Mistakes visible in the file alone: one key twice in a section (as `ctrl-f` and `ctrl-F`), keys that
    /// cannot work in the command line, a key bound alone and as the start of a sequence.
    fn check_within(&self, parsed: &Parsed) -> Result<(), KeymapError> {
        for (i, e) in parsed.entries.iter().enumerate() {
            if e.context == Context::Prompt {
                if e.keys.len() > 1 {
                    return Err(self.error(
                        Some(e.line),
                        format!("[prompt] \"{}\": the : and / lines read one key at a time; bind a single key such as `ctrl-p`", e.name),
                    ));
                }
                let k = e.keys[0];
                let plain = matches!(k.code, KeyCode::Char(_))
                    && !k
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                if plain && e.target.is_some() {
                    return Err(self.error(
                        Some(e.line),
                        format!("[prompt] \"{}\" would stop that character being typed in the : and / lines; bind a named key (`up`, `tab`) or one with `ctrl-` or `alt-`", e.name),
                    ));
                }
            }
            for earlier in &parsed.entries[..i] {
                if earlier.context != e.context {
                    continue;
                }
                if earlier.keys == e.keys {
                    return Err(self.error(
                        Some(e.line),
                        format!(
                            "[{}] \"{}\" is the same key as \"{}\" on line {}, so one key would do two things; keep one of them",
                            e.context.name(), e.name, earlier.name, earlier.line
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The description of `action` for a binding that does not give one: what the bindings already known say
/// about it (the same context first), else its name.
fn describe(action: UserAction, context: Context, known: &[&[Binding]]) -> String {
    let all = || {
        known
            .iter()
            .flat_map(|b| b.iter())
            .filter(|b| b.action == action)
    };
    all()
        .find(|b| b.context == context)
        .or_else(|| all().next())
        .map_or_else(
            || action.name().replace('-', " "),
            |b| b.description.clone(),
        )
}

/// `parsed` applied over `bindings`: each key it binds in a context replaces that key's binding there, and
/// `none` removes one. `reference` describes actions the file names without a description.
fn apply(
    mut bindings: Vec<Binding>,
    parsed: Parsed,
    reference: &[Binding],
) -> Result<Vec<Binding>, KeymapError> {
    let file = parsed.file.clone();
    let error = |line: usize, message: String| KeymapError {
        file: file.to_string(),
        line: Some(line),
        message,
    };
    let hinted_before: Vec<(Context, UserAction)> = bindings
        .iter()
        .filter(|b| b.hint)
        .map(|b| (b.context, b.action))
        .collect();
    let mut unsaid_hint: Vec<(Context, KeySequence)> = Vec::new();
    for e in parsed.entries {
        let replaced = bindings
            .iter()
            .position(|b| b.context == e.context && b.keys == e.keys);
        let Some(target) = e.target else {
            match replaced {
                Some(i) => {
                    bindings.remove(i);
                }
                None => {
                    let elsewhere: Vec<String> = bindings
                        .iter()
                        .filter(|b| b.keys == e.keys)
                        .map(|b| format!("[{}]", b.context.name()))
                        .collect();
                    let fix = if elsewhere.is_empty() {
                        "remove this line".to_string()
                    } else {
                        format!(
                            "move it to the section that binds it: {}",
                            elsewhere.join(", ")
                        )
                    };
                    return Err(error(
                        e.line,
                        format!(
                            "\"{}\" is not bound in [{}], so there is nothing to unbind; {fix}",
                            e.name,
                            e.context.name()
                        ),
                    ));
                }
            }
            continue;
        };
        let description = target
            .description
            .unwrap_or_else(|| describe(target.action, e.context, &[&bindings, reference]));
        if target.hint.is_none() {
            unsaid_hint.push((e.context, e.keys.clone()));
        }
        let binding = Binding {
            name: e.name,
            keys: e.keys,
            action: target.action,
            description,
            context: e.context,
            hint: target.hint.unwrap_or(false),
            file: file.clone(),
            line: e.line,
        };
        match replaced {
            Some(i) => bindings[i] = binding,
            None => {
                let same_context = |b: &Binding| b.context == binding.context;
                let at = bindings
                    .iter()
                    .rposition(|b| same_context(b) && b.action == binding.action)
                    .or_else(|| bindings.iter().rposition(same_context))
                    .map_or(bindings.len(), |i| i + 1);
                bindings.insert(at, binding);
            }
        }
    }
    // A footer hint whose binding was replaced or removed passes to this file's first binding of the same
    // action there, unless that binding says `hint = false`.
    for (context, action) in hinted_before {
        if bindings
            .iter()
            .any(|b| b.context == context && b.action == action && b.hint)
        {
            continue;
        }
        if let Some(b) = bindings.iter_mut().find(|b| {
            b.context == context
                && b.action == action
                && Arc::ptr_eq(&b.file, &file)
                && unsaid_hint
                    .iter()
                    .any(|(c, k)| *c == context && *k == b.keys)
        }) {
            b.hint = true;
        }
    }
    Ok(bindings)
}

/// The merged keymap's own mistakes: in one context, a key bound alone and as the start of a sequence. Said
/// at the binding from `newest` (the user's file) when one side comes from it.
fn check_prefixes(bindings: &[Binding], newest: &Arc<str>) -> Result<(), KeymapError> {
    for a in bindings {
        for b in bindings {
            if a.context != b.context
                || a.keys.len() >= b.keys.len()
                || !b.keys.starts_with(&a.keys)
            {
                continue;
            }
            // Said where the user can change it: their file if one side is theirs, else the later line.
            let b_is_newer = if Arc::ptr_eq(&a.file, &b.file) {
                b.line > a.line
            } else {
                Arc::ptr_eq(&b.file, newest)
            };
            let (here, other) = if b_is_newer { (b, a) } else { (a, b) };
            let fix = if Arc::ptr_eq(&here.file, &other.file) {
                "remove one of them or bind it to another key".to_string()
            } else {
                format!(
                    "bind another key, or remove the other with `\"{}\" = \"none\"` under [{}]",
                    other.name,
                    other.context.name()
                )
            };
            return Err(KeymapError {
                file: here.file.to_string(),
                line: Some(here.line),
                message: format!(
                    "[{}] \"{}\" ({}) and \"{}\" ({}, {}:{}) start with the same key, so wharf could never \
                     wait for the rest of \"{}\"; {fix}",
                    here.context.name(),
                    here.name,
                    here.action.name(),
                    other.name,
                    other.action.name(),
                    other.file,
                    other.line,
                    b.name,
                ),
            });
        }
    }
    Ok(())
}

impl Keymap {
    /// The text of a shipped keymap by name (`default`, `k9s`).
    pub fn shipped(name: &str) -> Option<&'static str> {
        SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| *text)
    }

    /// A shipped keymap by name, on its own: every binding it has and no other.
    pub fn shipped_keymap(name: &str) -> Option<Result<Keymap, KeymapError>> {
        let text = Keymap::shipped(name)?;
        let file = format!("keymaps/{name}.toml");
        let reference = if name == "default" {
            Vec::new()
        } else {
            Keymap::default().bindings
        };
        Some(Keymap::complete(&file, text, &reference))
    }

    /// A whole keymap file on its own (no defaults under it), as the shipped ones are.
    pub fn standalone(file: &str, text: &str) -> Result<Keymap, KeymapError> {
        Keymap::complete(file, text, &Keymap::default().bindings)
    }

    /// A whole keymap from text, named `keymap` in errors.
    pub fn from_toml(text: &str) -> Result<Keymap, KeymapError> {
        Keymap::standalone("keymap", text)
    }

    fn complete(file: &str, text: &str, reference: &[Binding]) -> Result<Keymap, KeymapError> {
        let reader = Reader { file, text };
        let parsed = reader.parse()?;
        if parsed.extends.is_some() {
            return Err(reader.error(None, "a complete keymap extends nothing; remove `extends`"));
        }
        let newest = parsed.file.clone();
        let bindings = apply(Vec::new(), parsed, reference)?;
        check_prefixes(&bindings, &newest)?;
        Ok(Keymap { bindings })
    }

    /// The default keymap, then the user's file (a display name for errors, and its text) over it: a key the
    /// file binds in a context replaces that key's binding there, `"x" = "none"` removes one, and everything
    /// it does not name stays. `extends = "k9s"` in the file puts it over the k9s keymap instead. Conflicts
    /// are checked on the result.
    pub fn load(user: Option<(&str, &str)>) -> Result<Keymap, KeymapError> {
        let Some((file, text)) = user else {
            let default = Keymap::complete("keymaps/default.toml", DEFAULT_KEYMAP, &[])?;
            return Ok(default);
        };
        let parsed = Reader { file, text }.parse()?;
        let default = Keymap::default();
        let base = match parsed.extends {
            Some(name) if name != "default" => {
                Keymap::shipped_keymap(name).expect("`extends` names a shipped keymap")?
            }
            _ => default.clone(),
        };
        let newest = parsed.file.clone();
        let bindings = apply(base.bindings, parsed, &default.bindings)?;
        check_prefixes(&bindings, &newest)?;
        Ok(Keymap { bindings })
    }

    /// What `--keymap` and the config file's `keymap` give: a shipped keymap's name (`k9s`), or the path of a
    /// file that overrides the default. Errors name the path.
    pub fn from_name_or_path(name_or_path: &str) -> Result<Keymap, KeymapError> {
        if let Some(keymap) = Keymap::shipped_keymap(name_or_path) {
            return keymap;
        }
        let names = SHIPPED.map(|(n, _)| n);
        match std::fs::read_to_string(name_or_path) {
            Ok(text) => Keymap::load(Some((name_or_path, &text))),
            Err(e) => {
                let looks_like_name = !name_or_path.contains(['/', '\\', '.']);
                let message = if looks_like_name && e.kind() == std::io::ErrorKind::NotFound {
                    let hint = closest(name_or_path, names)
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    format!(
                        "no shipped keymap has this name and no file has this path; {hint}the shipped keymaps are {}; \
                         or give the path of a TOML keymap file",
                        names.join(", ")
                    )
                } else {
                    format!(
                        "cannot read this keymap file ({e}); check the path, or name a shipped keymap: {}",
                        names.join(", ")
                    )
                };
                Err(KeymapError {
                    file: name_or_path.to_string(),
                    line: None,
                    message,
                })
            }
        }
    }

    /// What `pressed` (the keys pending before and the one just pressed) means: the first context, most
    /// specific first, that binds it or starts a sequence with it decides.
    pub fn lookup(&self, contexts: &[Context], pressed: &[KeyPress]) -> Lookup {
        for &context in contexts {
            let mut prefix = false;
            for b in self.bindings.iter().filter(|b| b.context == context) {
                if b.keys == pressed {
                    return Lookup::Action(b.action);
                }
                prefix |= b.keys.len() > pressed.len() && b.keys.starts_with(pressed);
            }
            if prefix {
                return Lookup::Prefix;
            }
        }
        Lookup::Unbound
    }

    /// The footer's bindings in these contexts: those marked as hints, one per action (the most specific
    /// context that binds an action as a hint wins), in the keymap file's order.
    pub fn hints(&self, contexts: &[Context]) -> Vec<&Binding> {
        let mut chosen: Vec<usize> = Vec::new();
        for &context in contexts {
            for (i, b) in self.bindings.iter().enumerate() {
                let taken = chosen.iter().any(|&c| self.bindings[c].action == b.action);
                if b.context == context && b.hint && !taken {
                    chosen.push(i);
                }
            }
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &self.bindings[i]).collect()
    }

    /// A context's bindings for the help, one line per action with all its keys, in keymap order.
    pub fn grouped(&self, context: Context) -> Vec<(Vec<&str>, &Binding)> {
        let mut lines: Vec<(Vec<&str>, &Binding)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.context == context) {
            match lines.iter_mut().find(|(_, first)| first.action == b.action) {
                Some((keys, _)) => keys.push(&b.name),
                None => lines.push((vec![&b.name], b)),
            }
        }
        lines
    }

    /// The first key that does `action` in these contexts, for messages such as "press / to filter".
    pub fn key_for(&self, action: UserAction, contexts: &[Context]) -> Option<&str> {
        contexts.iter().find_map(|&context| {
            self.bindings
                .iter()
                .find(|b| b.context == context && b.action == action)
                .map(|b| b.name.as_str())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(name: &str) -> KeySequence {
        parse_sequence(name).unwrap()
    }

    #[test]
    fn default_keys_map_to_actions() {
        let km = Keymap::default();
        let table = [Context::Services, Context::Table, Context::Global];
        let act = |k: &str| km.lookup(&table, &press(k));
        assert_eq!(act("j"), Lookup::Action(UserAction::Down));
        assert_eq!(act("down"), Lookup::Action(UserAction::Down));
        assert_eq!(act("G"), Lookup::Action(UserAction::Bottom));
        assert_eq!(act("ctrl-c"), Lookup::Action(UserAction::Quit));
        assert_eq!(act("c"), Lookup::Unbound);
        assert_eq!(act("?"), Lookup::Action(UserAction::Help));
        assert_eq!(act("g"), Lookup::Prefix);
        assert_eq!(act("g g"), Lookup::Action(UserAction::Top));
        let prompt = [Context::Prompt];
        assert_eq!(
            km.lookup(&prompt, &press("esc")),
            Lookup::Action(UserAction::Cancel)
        );
        assert_eq!(km.lookup(&prompt, &press("j")), Lookup::Unbound);
    }

    #[test]
    fn shift_is_part_of_a_character() {
        let shifted = KeyPress::from_event(&KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
        assert_eq!(shifted, "G".parse().unwrap());
        let ctrl = KeyPress::from_event(&KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
        assert_eq!(ctrl, "ctrl-f".parse().unwrap());
        assert!("ctrl-".parse::<KeyPress>().is_err());
        assert!("f13".parse::<KeyPress>().is_err());
        assert_eq!(
            "f5".parse::<KeyPress>().unwrap().code,
            KeyCode::F(5),
            "function keys"
        );
    }
}
