//! What a printed invoice says about VAT besides the amounts: the seller's and the buyer's VAT
//! IDs and, where the buyer accounts for the VAT, the reverse-charge wording (EINV-6; VAT
//! Directive 2006/112/EC Art. 226 (3), (4) and (11a)).
//!
//! The PDF reads these from the e-invoice it embeds ([`TaxStatement::from_cii`]), so that the
//! page a person reads cannot say other than the XML a machine reads; HTML and plain text,
//! which carry no XML, take them from the parties' data by the same rule the e-invoice writer
//! applies ([`TaxStatement::of`]).

use crate::documents::locale::Labels;
use crate::domain::invoice::Invoice;
use crate::domain::vat::{VatCategory, default_category};
use crate::values::VatId;
use quick_xml::Reader;
use quick_xml::events::Event;

/// The VAT facts a document prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaxStatement {
    /// The seller's VAT identifier (BT-31), if it has one.
    pub seller_vat_id: Option<String>,
    /// The buyer's VAT identifier (BT-48), if known.
    pub buyer_vat_id: Option<String>,
    /// Whether the buyer accounts for the VAT (category AE, Art. 196 VAT Directive).
    pub reverse_charge: bool,
}

impl TaxStatement {
    /// For `invoice` from the seller's and the buyer's VAT IDs: the seller's is its e-invoicing
    /// VAT ID or else its tax ID where that is a VAT ID, and the supply is reverse-charged when
    /// the account's default category is AE and a line is at 0 %, as in the e-invoice (EINV-2).
    pub fn of(invoice: &Invoice, seller_vat_id: Option<&VatId>, buyer_vat_id: Option<&VatId>) -> TaxStatement {
        let d = &invoice.document;
        let seller = seller_vat_id.cloned().or_else(|| VatId::parse(&d.issuer.tax_id).ok());
        let default = default_category(d.issuer.address.country(), d.bill_to.country(), buyer_vat_id);
        let reverse_charge = default == VatCategory::ReverseCharge && d.lines.iter().any(|l| l.vat_rate.is_zero());
        TaxStatement {
            seller_vat_id: seller.map(|v| v.as_str().to_owned()),
            buyer_vat_id: buyer_vat_id.map(|v| v.as_str().to_owned()),
            reverse_charge,
        }
    }

    /// The lines under the seller's address: its VAT ID, and its tax ID as well where that
    /// is another number (a Steuernummer beside the USt-IdNr.); a seller without a VAT ID
    /// shows its tax ID under that name, never as a VAT ID.
    pub fn seller_lines(&self, tax_id: &str, w: &Labels) -> Vec<String> {
        let compact = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_uppercase();
        let mut lines = Vec::new();
        // A tax ID that is itself a VAT ID is named as one, also where no e-invoice said so.
        let vat = self.seller_vat_id.clone().or_else(|| VatId::parse(tax_id).ok().map(|v| v.as_str().to_owned()));
        if let Some(vat) = &vat {
            lines.push(format!("{}: {vat}", w.vat_id));
        }
        if !tax_id.trim().is_empty() && vat.as_deref().map(compact) != Some(compact(tax_id)) {
            lines.push(format!("{}: {}", w.tax_id, tax_id.trim()));
        }
        lines
    }

    /// The line under the buyer's address naming its VAT ID, where one is known.
    pub fn buyer_line(&self, w: &Labels) -> Option<String> {
        self.buyer_vat_id.as_ref().map(|v| format!("{}: {v}", w.buyer_vat_id))
    }

    /// As a Cross Industry Invoice states it: the `VA` tax registrations of the seller and
    /// buyer trade parties, and whether any VAT category code is `AE`. A document that is not
    /// well-formed states nothing.
    pub fn from_cii(xml: &[u8]) -> TaxStatement {
        let mut reader = Reader::from_reader(xml);
        let mut path: Vec<Vec<u8>> = Vec::new();
        let mut scheme_va = false;
        let mut out = TaxStatement::default();
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) => {
                    let name = e.local_name().as_ref().to_vec();
                    if name == b"ID" {
                        scheme_va = e
                            .attributes()
                            .flatten()
                            .any(|a| a.key.local_name().as_ref() == b"schemeID" && a.value.as_ref() == b"VA");
                    }
                    path.push(name);
                }
                Ok(Event::End(_)) => {
                    path.pop();
                }
                Ok(Event::Text(t)) => {
                    // VAT IDs and category codes hold no entity references, so the text is taken as it stands.
                    let Ok(text) = t.decode() else { return TaxStatement::default() };
                    let text = text.trim();
                    let in_party = |party: &[u8]| {
                        path.len() >= 3
                            && path[path.len() - 3] == party
                            && path[path.len() - 2] == b"SpecifiedTaxRegistration"
                            && path[path.len() - 1] == b"ID"
                    };
                    if scheme_va && in_party(b"SellerTradeParty") {
                        out.seller_vat_id = Some(text.to_owned());
                    } else if scheme_va && in_party(b"BuyerTradeParty") {
                        out.buyer_vat_id = Some(text.to_owned());
                    } else if path.last().is_some_and(|n| n == b"CategoryCode") && text == "AE" {
                        out.reverse_charge = true;
                    }
                }
                Ok(Event::Eof) => return out,
                Err(_) => return TaxStatement::default(),
                Ok(_) => {}
            }
            buf.clear();
        }
    }
}
