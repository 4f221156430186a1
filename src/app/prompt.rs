//! The command line (`:`) and the filter line (`/`): one line of text edited with tui-textarea's keys.

use tui_textarea::{CursorMove, TextArea};

use super::Filter;

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
    pub input: TextArea<'static>,
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
            && self.text() == other.text()
            && self.input.cursor() == other.input.cursor()
            && self.filter_before == other.filter_before
            && self.history_at == other.history_at
    }
}

impl Prompt {
    pub fn new(kind: PromptKind, text: &str, filter_before: Option<Filter>) -> Self {
        let mut prompt = Prompt {
            kind,
            input: TextArea::default(),
            filter_before,
            history_at: None,
            draft: String::new(),
        };
        prompt.set_text(text);
        prompt
    }

    pub fn text(&self) -> &str {
        self.input.lines().first().map_or("", String::as_str)
    }

    /// Replace the text and put the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.input = TextArea::new(vec![text.to_string()]);
        self.input.move_cursor(CursorMove::End);
    }

    /// Edit with one key (characters, backspace, ctrl-w, arrows, ...). The line stays one line: a key that would
    /// break it (ctrl-m) is undone.
    pub fn edit(&mut self, key: crossterm::event::KeyEvent) {
        self.input.input(key);
        if self.input.lines().len() > 1 {
            let joined = self.input.lines().concat();
            self.set_text(&joined);
        }
    }
}
