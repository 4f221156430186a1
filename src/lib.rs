//! wharf: a terminal dashboard for Amazon ECS and Elastic Load Balancing.

#![forbid(unsafe_code)]

pub mod app;
pub mod backend;
pub mod cli;
pub mod config;
pub mod geometry;
pub mod model;
pub mod runtime;
pub mod sandbox_shell;
pub mod screenshots;
pub mod ui;
