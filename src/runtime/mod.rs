//! Owns the terminal, reads input, runs effects against the backend, redraws when something changed.

pub mod audit;
mod cleanup_inputs;
mod cleanup_recheck;
pub mod cleanup_state;
mod effects;
mod event_loop;
pub mod exec;
mod explore;
pub mod fetch;
pub mod forwards;
mod frames;
mod handover;
mod hangup;
mod logs;
mod mutate;
mod settle;
mod task_reads;
mod terminal_io;

pub use effects::{perform, perform_sending_parts};
pub use event_loop::{run, Connector, Options, Session};
pub use mutate::{classify, mutate};
pub use settle::settle;
