//! Rendered documents of an invoice.

pub mod cii;
