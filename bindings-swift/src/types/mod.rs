//! Binding-side records and enums mirroring the core's public types, one file per area, each
//! with its `From` (core to binding) and `TryFrom` (binding to core, validating) conversions.
//!
//! UniFFI records are plain data: identifiers travel as their UUID text and are parsed on the way
//! in (a malformed ID is `NotFound`, like an unknown one: PRIV-2).

mod accounts;
mod backoffice;
mod invoices;
mod payments;
mod quotes;
mod records;
mod requests;
mod values;

pub use accounts::*;
pub use backoffice::*;
pub use invoices::*;
pub use payments::*;
pub use quotes::*;
pub use records::*;
pub use requests::*;
pub use values::*;
