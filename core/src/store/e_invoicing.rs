//! The parties' e-invoicing details (EINV-1, EINV-5): the buyer's on the account row, the
//! seller's on the issuer row.

use super::codec::{from_json, to_json};
use super::{OrNotFound as _, Tx};
use crate::documents::cii::{BuyerDetails, SellerDetails};
use crate::error::Result;
use crate::values::{AccountId, ElectronicAddress, IssuerId, VatId};

/// The account's buyer VAT ID, buyer reference and electronic address.
pub(crate) fn buyer(tx: &Tx<'_>, account: AccountId) -> Result<BuyerDetails> {
    tx.opt(
        "SELECT buyer_vat_id, buyer_reference, buyer_electronic_address FROM accounts WHERE id = ?1",
        &[&account],
        |r| {
            Ok(BuyerDetails {
                vat_id: r.get::<Option<String>>(0)?.map(|v| VatId::parse(&v)).transpose()?,
                reference: r.get(1)?,
                electronic_address: r.get::<Option<String>>(2)?.map(|a| from_json(&a)).transpose()?,
            })
        },
    )
    .or_not_found("account")
}

pub(crate) fn set_buyer_vat_id(tx: &Tx<'_>, account: AccountId, vat_id: Option<&VatId>) -> Result<()> {
    tx.exec(
        "UPDATE accounts SET buyer_vat_id = ?2, version = version + 1 WHERE id = ?1",
        &[&account, &vat_id.map(VatId::as_str)],
    )?;
    Ok(())
}

pub(crate) fn set_buyer_reference(tx: &Tx<'_>, account: AccountId, reference: Option<&str>) -> Result<()> {
    tx.exec("UPDATE accounts SET buyer_reference = ?2, version = version + 1 WHERE id = ?1", &[&account, &reference])?;
    Ok(())
}

pub(crate) fn set_buyer_electronic_address(
    tx: &Tx<'_>,
    account: AccountId,
    address: Option<&ElectronicAddress>,
) -> Result<()> {
    let json = address.map(to_json).transpose()?;
    tx.exec(
        "UPDATE accounts SET buyer_electronic_address = ?2, version = version + 1 WHERE id = ?1",
        &[&account, &json],
    )?;
    Ok(())
}

/// The issuer's e-invoicing details; none set is the empty default.
pub(crate) fn seller(tx: &Tx<'_>, issuer: IssuerId) -> Result<SellerDetails> {
    let stored: Option<String> =
        tx.opt("SELECT e_invoicing FROM issuers WHERE id = ?1", &[&issuer], |r| r.get(0)).or_not_found("issuer")?;
    stored.map_or_else(|| Ok(SellerDetails::default()), |s| from_json(&s))
}

pub(crate) fn set_seller(tx: &Tx<'_>, issuer: IssuerId, details: &SellerDetails) -> Result<bool> {
    Ok(tx.exec("UPDATE issuers SET e_invoicing = ?2 WHERE id = ?1", &[&issuer, &to_json(details)?])? == 1)
}

/// The issuer of the account's invoices.
pub(crate) fn issuer_of(tx: &Tx<'_>, account: AccountId) -> Result<IssuerId> {
    tx.opt("SELECT issuer_id FROM accounts WHERE id = ?1", &[&account], |r| r.get(0)).or_not_found("account")
}

/// The account's chosen e-invoice format code; `None` when it follows the default.
pub(crate) fn e_invoice_format(tx: &Tx<'_>, account: AccountId) -> Result<Option<String>> {
    tx.opt("SELECT e_invoice_format FROM accounts WHERE id = ?1", &[&account], |r| r.get(0)).or_not_found("account")
}

pub(crate) fn set_e_invoice_format(tx: &Tx<'_>, account: AccountId, format: Option<&str>) -> Result<()> {
    tx.exec("UPDATE accounts SET e_invoice_format = ?2, version = version + 1 WHERE id = ?1", &[&account, &format])?;
    Ok(())
}
