//! The fault tests of changes and of a cleanup, beside the read tests in `aws_faults.rs`.

mod cleanup;
mod mutations;
mod protocol;
