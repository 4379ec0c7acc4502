//! Documents: invoices and credit notes rendered for people and machines, in the account's
//! language (DOCS-1, EINV-3). Pure functions of the domain values.

pub mod cii;
pub mod fonts;
pub mod locale;
pub mod pdf;
mod srgb;
pub mod tax_statement;
