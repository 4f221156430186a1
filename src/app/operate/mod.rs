//! Acting on the account: opening a change's dialog from a key or a command, the one read-only gate, the
//! audit lines, and what happens when the answer comes (or never does).

mod answers;
mod dialog_keys;
mod gate;
pub mod hook;
mod open;

pub use answers::{abandon, is_read_answer, mutated, quit, rereads, settle_unknown};
pub use dialog_keys::{dialog_edited, in_dialog};
pub use gate::request;
pub use open::{open, refill, REVISIONS_SHOWN};
