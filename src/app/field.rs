//! One line of editable text on ratatui-textarea: the command and filter lines, and a dialog's fields.

use ratatui_textarea::{CursorMove, DataCursor, TextArea};

#[derive(Debug, Clone, Default)]
pub struct Field {
    input: TextArea<'static>,
}

impl PartialEq for Field {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() && self.cursor() == other.cursor()
    }
}

impl Field {
    pub fn new(text: &str) -> Self {
        let mut field = Field::default();
        field.set_text(text);
        field
    }

    pub fn text(&self) -> &str {
        self.input.lines().first().map_or("", String::as_str)
    }

    /// (row, column) of the cursor; the row is always 0.
    pub fn cursor(&self) -> (usize, usize) {
        let DataCursor(row, column) = self.input.cursor();
        (row, column)
    }

    /// Replace the text and put the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.input = TextArea::new(vec![text.to_string()]);
        self.input.move_cursor(CursorMove::End);
    }

    /// Edit with one key (characters, backspace, ctrl-w, arrows, ctrl-u clears). The line stays one line: a key
    /// that would break it (ctrl-m) is undone.
    pub fn edit(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};
        // Ctrl-U clears the line, as in shells and readline (ratatui-textarea would undo instead).
        if key.code == KeyCode::Char('u') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.set_text("");
            return;
        }
        // Shift-Tab edits nothing, as before: ratatui-textarea reads BackTab as Shift+Tab and would indent.
        if key.code == KeyCode::BackTab {
            return;
        }
        // A terminal can send any character as a key (a paste where bracketed paste is off): none that could
        // drive a terminal gets in, as with a paste.
        if let KeyCode::Char(c) = key.code {
            if crate::model::text::is_unsafe(c) {
                return;
            }
        }
        self.input.input(key);
        if self.input.lines().len() > 1 {
            let joined = self.input.lines().concat();
            self.set_text(&joined);
        }
    }

    /// The widget, for drawing.
    pub fn textarea(&self) -> &TextArea<'static> {
        &self.input
    }
}

/// Text arrives in a field as typed keys or as one paste.
impl Field {
    pub fn insert(&mut self, text: &str) {
        // One line: a pasted newline would submit nothing, it is dropped; so is anything else that could
        // drive a terminal (a paste can carry escapes), tabs included.
        let line: String = text
            .chars()
            .filter(|c| !crate::model::text::is_unsafe(*c))
            .collect();
        self.input.insert_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn typed_or_pasted_characters_that_drive_a_terminal_never_get_in() {
        let mut field = Field::new("");
        for c in ['3', '\u{202e}', '\u{9b}', '\x1b', '\u{3164}', '2'] {
            field.edit(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        field.insert("\x1b]0;x\x07\u{202e}1");
        assert_eq!(field.text(), "32]0;x1");
    }

    #[test]
    fn shift_tab_edits_nothing() {
        let mut field = Field::new("ab");
        field.edit(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
        assert_eq!((field.text(), field.cursor()), ("ab", (0, 2)));
    }

    /// The word keys take `_` as part of a word, as editors and web fields do (ratatui-textarea; tui-textarea
    /// 0.7 ended a word there): Ctrl-W deletes a whole `my_web_svc`.
    #[test]
    fn word_keys_take_underscores_as_part_of_a_word() {
        let mut field = Field::new("orders my_web_svc");
        field.edit(KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL));
        assert_eq!(field.cursor(), (0, 7));
        field.edit(KeyEvent::new(KeyCode::End, KeyModifiers::NONE));
        field.edit(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!((field.text(), field.cursor()), ("orders ", (0, 7)));
    }
}
