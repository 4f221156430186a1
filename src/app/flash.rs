/// A message in the status line: what a command did, or why it could not. The next key clears it, and it
/// goes by itself after `FLASH_TICKS` ticks (seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub level: FlashLevel,
    pub ticks_left: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashLevel {
    Info,
    Warn,
    Error,
}

pub const FLASH_TICKS: u8 = 15;

impl Flash {
    pub fn new(level: FlashLevel, text: impl Into<String>) -> Self {
        Flash {
            text: text.into(),
            level,
            ticks_left: FLASH_TICKS,
        }
    }
}
