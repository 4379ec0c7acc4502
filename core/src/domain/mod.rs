//! The domain: plain values and pure rules, no I/O and no clock.

pub mod account;
pub mod dunning;
pub mod invoice;
pub mod lines;
pub mod payment;
pub mod quote;
pub mod request;
pub mod subscription;
pub mod vat;
