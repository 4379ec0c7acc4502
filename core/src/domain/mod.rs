//! The domain: plain values and pure rules, no I/O and no clock.

pub mod account;
pub mod invoice;
pub mod lines;
pub mod quote;
pub mod request;
pub mod subscription;
pub mod vat;
