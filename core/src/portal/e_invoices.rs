//! E-invoices (EINV-1, EINV-4) and the e-invoicing data the billing contact keeps like other
//! billing data (EINV-5): buyer VAT ID, buyer reference or Leitweg-ID, electronic address.

use super::{Actor, BillingPortal, Caller, record};
use crate::access::Action;
use crate::documents::cii::{self, EInvoiceProfile, Preceding, SellerDetails};
use crate::domain::invoice::Invoice;
use crate::error::{Error, Result};
use crate::store::{self, Tx, e_invoicing, invoices};
use crate::values::{AccountId, ElectronicAddress, InvoiceId, IssuerId, LeitwegId, VatId, text};

impl BillingPortal {
    /// The invoice or credit note as an EN 16931 e-invoice in UN/CEFACT CII D16B (EINV-1), in the
    /// Factur-X/ZUGFeRD EN 16931 profile or as XRechnung 3.0: invoices are type 380, credit notes
    /// 381 with the invoice they cancel (EINV-4). The billing contact and vendor staff may fetch
    /// it. Data the profile requires and the account or issuer lacks is refused with
    /// `invalid_input` naming it (see [`cii::write`]).
    ///
    /// The payment means are those of the account's payment method today.
    pub fn e_invoice(
        &self,
        caller: &Caller,
        account: AccountId,
        id: InvoiceId,
        profile: EInvoiceProfile,
    ) -> Result<Vec<u8>> {
        self.look(caller, account, Action::ExportEInvoice, |tx, ctx| {
            let invoice = invoices::load(tx, account, id, ctx.now.date())?;
            e_invoice_of(tx, &invoice, profile)
        })
    }

    /// Sets or clears the buyer's VAT ID (BT-48, EINV-5): format-checked, and of the billing
    /// country. With it, an EU buyer in another member state than the issuer's is billed by
    /// reverse charge (EINV-2).
    pub fn set_buyer_vat_id(&self, caller: &Caller, account: AccountId, vat_id: Option<&str>) -> Result<Option<VatId>> {
        let vat_id = vat_id.map(VatId::parse).transpose()?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            if let Some(v) = &vat_id
                && v.country() != store::accounts::billing_address(tx, account)?.country()
            {
                return Err(Error::invalid("vat_id", "belongs to another country than the billing address"));
            }
            e_invoicing::set_buyer_vat_id(tx, account, vat_id.as_ref())?;
            ctx.record(tx, "buyer_vat_id_changed", if vat_id.is_some() { "set" } else { "cleared" })?;
            Ok(vat_id)
        })
    }

    /// Sets or clears the buyer reference (BT-10, EINV-5): the customer's own reference, at most
    /// 100 characters. A German public buyer's Leitweg-ID goes through [`Self::set_leitweg_id`].
    pub fn set_buyer_reference(&self, caller: &Caller, account: AccountId, reference: Option<&str>) -> Result<()> {
        let reference = reference.map(|r| text::required("buyer_reference", r, 100)).transpose()?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            e_invoicing::set_buyer_reference(tx, account, reference.as_deref())?;
            ctx.record(tx, "buyer_reference_changed", if reference.is_some() { "set" } else { "cleared" })
        })
    }

    /// Makes a German public buyer's Leitweg-ID, check digits verified, the buyer reference (BT-10)
    /// and the electronic address (BT-49, scheme 0204) of the account's e-invoices (EINV-5).
    pub fn set_leitweg_id(&self, caller: &Caller, account: AccountId, leitweg_id: &str) -> Result<LeitwegId> {
        let id = LeitwegId::parse(leitweg_id)?;
        let address = ElectronicAddress::parse("0204", id.as_str())?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            e_invoicing::set_buyer_reference(tx, account, Some(id.as_str()))?;
            e_invoicing::set_buyer_electronic_address(tx, account, Some(&address))?;
            ctx.record(tx, "leitweg_id_changed", id.as_str())?;
            Ok(id.clone())
        })
    }

    /// Sets or clears the buyer's electronic address (BT-49): a `scheme` of the EAS code list and
    /// an identifier in it.
    pub fn set_buyer_electronic_address(
        &self,
        caller: &Caller,
        account: AccountId,
        address: Option<(&str, &str)>,
    ) -> Result<()> {
        let address = address.map(|(scheme, id)| ElectronicAddress::parse(scheme, id)).transpose()?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            e_invoicing::set_buyer_electronic_address(tx, account, address.as_ref())?;
            ctx.record(tx, "buyer_electronic_address_changed", address.as_ref().map_or("cleared", |a| a.scheme()))
        })
    }

    /// Sets the issuer's e-invoicing details: VAT ID, registration, contact, electronic address,
    /// bank account and SEPA creditor ID. Trusted host only (see [`BillingPortal::register_staff`]).
    pub fn set_issuer_e_invoicing(&self, issuer: IssuerId, details: &SellerDetails) -> Result<()> {
        if let Some(n) = &details.tax_number {
            text::required("tax_number", n, 40)?;
        }
        if let Some(r) = &details.legal_registration_id {
            text::required("legal_registration_id", r, 100)?;
        }
        if let Some(c) = &details.contact {
            text::required("contact.name", &c.name, 100)?;
        }
        self.db.write(|tx| {
            // A bank statement's account names one issuer, whose invoices alone it can pay (RECON-2).
            if let Some(iban) = &details.iban
                && store::payments::issuer_accounts(tx)?
                    .iter()
                    .any(|(other, accounts)| *other != issuer && accounts.iter().any(|a| a == iban.as_str()))
            {
                return Err(Error::invalid("iban", "is an account of another issuer"));
            }
            if !e_invoicing::set_seller(tx, issuer, details)? {
                return Err(Error::not_found("issuer"));
            }
            record(tx, self.now(), Actor::Host, "issuer_e_invoicing_changed", None, &format!("issuer:{issuer}"))
        })
    }
}

/// `invoice` as an e-invoice in `profile`: its payment means as on the issue date (for invoices
/// issued before those were kept, the account's method now), the parties' e-invoicing data as
/// stored now.
pub(super) fn e_invoice_of(tx: &Tx<'_>, invoice: &Invoice, profile: EInvoiceProfile) -> Result<Vec<u8>> {
    let account = invoice.account_id;
    let preceding = match &invoice.refers_to {
        Some(number) => {
            let original = invoices::id_by_number(tx, account, number)?.ok_or_else(|| Error::not_found("invoice"))?;
            let original = invoices::load(tx, account, original, invoice.issue_date)?;
            Some(Preceding { number: original.number, issue_date: original.issue_date })
        }
        None => None,
    };
    let payment = match invoices::payment_method_at_issue(tx, account, invoice.id)? {
        Some(at_issue) => at_issue,
        None => store::accounts::payment_method(tx, account)?,
    };
    let seller = e_invoicing::seller(tx, e_invoicing::issuer_of(tx, account)?)?;
    let buyer = e_invoicing::buyer(tx, account)?;
    cii::write(invoice, &payment, &seller, &buyer, preceding.as_ref(), profile)
}
