//! Owns the terminal, reads input, runs effects against the backend, redraws when something changed.
