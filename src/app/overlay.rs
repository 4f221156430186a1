//! What is open over the screen. One value, so that one place decides which layer takes a key: the dialog,
//! the command or filter line, the help, the audit log, the budget, the messages, or (with none open) the
//! screen itself.

use super::{AuditView, Dialog, Prompt};

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Overlay {
    #[default]
    None,
    /// The keys and commands; `scroll` is the first row shown when it does not fit.
    Help { scroll: u16 },
    /// The command (`:`) or filter (`/`) line.
    Prompt(Box<Prompt>),
    /// A mutation waiting for its details or its confirmation.
    Dialog(Box<Dialog>),
    /// The latest lines of the audit log (`:audit`).
    Audit(AuditView),
    /// The API budget, bucket by bucket (`:budget`).
    Budget { scroll: u16 },
    /// Every message and error of this run, whole (`:messages`).
    Messages { scroll: u16 },
    /// A cleanup running, step by step (`State::cleanup`).
    Cleanup,
    /// One line of a pane in full (Enter on an event, a target, a deployment).
    Text(TextView),
    /// The port forwards open (`:forwards`); Enter closes the selected one.
    Forwards { selected: usize },
}

/// A text shown whole, wrapped to the screen, scrolled when longer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextView {
    pub title: String,
    /// Paragraphs; each is wrapped on its own.
    pub lines: Vec<String>,
    pub scroll: u16,
    /// What it shows, so that drawing makes it again from fresh data (`app::pane_text::current`).
    pub source: Option<TextSource>,
    /// How its lines are coloured.
    pub kind: TextKind,
}

/// What a `TextView`'s lines are, for their colours and their wrapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextKind {
    /// Paragraphs of words, wrapped at spaces.
    #[default]
    Prose,
    /// Pretty-printed JSON: keys, strings and numbers in their colours; indentation kept.
    Json,
    /// A diff: `+` lines added, `-` removed, `~` changed, headings ending in `:`; indentation kept.
    Diff,
}

/// Where a `TextView`'s text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextSource {
    /// A pane's line, by its key.
    Pane { pane: super::Pane, key: String },
    /// The task on screen: why it stopped.
    Task,
    /// A task-definition revision, as JSON. `reveal`: its secret values shown, on purpose (`v`); they are
    /// never copied (`y`) even then.
    Revision { arn: String, reveal: bool },
    /// What changed between two revisions; with no `older`, from the one before `newer`.
    Diff {
        older: Option<String>,
        newer: String,
    },
}

impl Overlay {
    pub fn is_none(&self) -> bool {
        matches!(self, Overlay::None)
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        match self {
            Overlay::Prompt(p) => Some(&**p),
            _ => None,
        }
    }

    pub fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        match self {
            Overlay::Prompt(p) => Some(&mut **p),
            _ => None,
        }
    }

    /// Close the command or filter line, giving it back.
    pub fn take_prompt(&mut self) -> Option<Prompt> {
        match std::mem::take(self) {
            Overlay::Prompt(p) => Some(*p),
            other => {
                *self = other;
                None
            }
        }
    }

    pub fn dialog(&self) -> Option<&Dialog> {
        match self {
            Overlay::Dialog(d) => Some(d),
            _ => None,
        }
    }

    pub fn dialog_mut(&mut self) -> Option<&mut Dialog> {
        match self {
            Overlay::Dialog(d) => Some(d),
            _ => None,
        }
    }

    pub fn is_help(&self) -> bool {
        matches!(self, Overlay::Help { .. })
    }

    /// The help's scroll, while the help is open.
    pub fn help_scroll(&self) -> Option<u16> {
        match self {
            Overlay::Help { scroll } => Some(*scroll),
            _ => None,
        }
    }
}
