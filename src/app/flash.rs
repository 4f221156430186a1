/// A message in the status line: what a command did, or why it could not. The next key clears it, and it
/// goes by itself `FLASH_MS` after the first tick that shows it. Its text never holds a secret value: what
/// looks like one (an error quoting `postgres://app:hunter2@db`) is masked when it is made.
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
    /// A message of `text`, anything secret in it masked (`model::secrets::mask_secrets`).
    pub fn new(level: FlashLevel, text: impl Into<String>) -> Self {
        Flash {
            text: crate::model::secrets::mask_secrets(&text.into()).0,
            level,
            shown_at: None,
        }
    }
}
