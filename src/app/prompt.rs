//! The command line (`:`) and the filter line (`/`): one line of text edited with ratatui-textarea's keys.

use super::{Field, Filter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Command,
    Filter,
}

impl PromptKind {
    /// What the line starts with on screen.
    pub fn sigil(self) -> char {
        match self {
            PromptKind::Command => ':',
            PromptKind::Filter => '/',
        }
    }
}

#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: Field,
    /// The filter in force when the filter line opened: cancelling puts it back.
    pub filter_before: Option<Filter>,
    /// Which history entry is shown (0 = the newest), while the user walks the history.
    pub history_at: Option<usize>,
    /// What was typed before the walk through the history began: walking back past the newest entry
    /// brings it back.
    pub draft: String,
}

impl PartialEq for Prompt {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.input == other.input
            && self.filter_before == other.filter_before
            && self.history_at == other.history_at
    }
}

impl Prompt {
    pub fn new(kind: PromptKind, text: &str, filter_before: Option<Filter>) -> Self {
        let mut prompt = Prompt {
            kind,
            input: Field::default(),
            filter_before,
            history_at: None,
            draft: String::new(),
        };
        prompt.set_text(text);
        prompt
    }

    pub fn text(&self) -> &str {
        self.input.text()
    }

    /// Replace the text and put the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.input.set_text(text);
    }

    /// Edit with one key; the line stays one line.
    pub fn edit(&mut self, key: crossterm::event::KeyEvent) {
        self.input.edit(key);
    }
}
