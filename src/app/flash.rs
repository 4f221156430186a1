/// A message in the status line: what a command did, or why it could not. The next key clears it, and it
/// goes by itself `FLASH_MS` after the first tick that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub level: FlashLevel,
    /// The first tick after it was made.
    pub shown_at: Option<crate::model::Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashLevel {
    Info,
    Warn,
    Error,
}

pub const FLASH_MS: i64 = 15_000;

impl Flash {
    pub fn new(level: FlashLevel, text: impl Into<String>) -> Self {
        Flash {
            text: text.into(),
            level,
            shown_at: None,
        }
    }
}
