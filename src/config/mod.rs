//! Configuration: key bindings now; themes, keymap files and settings files come with issue #4.

pub mod keymap;
