//! Drawing only: every function here takes `&State` and changes nothing.
