//! Shared pieces of the AWS tests: moto, a paging stub, and fixtures built through the SDK.
#![allow(dead_code)]

pub mod fault_proxy;
pub mod hostile_account;
pub mod moto;
pub mod query_form;
pub mod stub;
pub mod world;
