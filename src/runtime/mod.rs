//! Owns the terminal, reads input, runs effects against the backend, redraws when something changed.

mod effects;
mod event_loop;
mod settle;

pub use effects::perform;
pub use event_loop::{run, Connector, Options, Session};
pub use settle::settle;
