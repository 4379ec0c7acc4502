//! VAT categories (EN 16931 BT-151, BT-118) and the default an account's invoices take (EINV-2).

use crate::error::{Error, Result};
use crate::values::{Country, VatId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The VAT category of a line and of a VAT breakdown (UNTDID 5305, as EN 16931 restricts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VatCategory {
    /// `S`: standard (or reduced) rate, above zero.
    Standard,
    /// `Z`: zero-rated goods and services, at 0 %.
    ZeroRated,
    /// `E`: exempt from VAT.
    Exempt,
    /// `AE`: reverse charge, the buyer accounts for the VAT.
    ReverseCharge,
    /// `K`: intra-community supply of goods, VAT-exempt in the seller's state.
    IntraCommunitySupply,
    /// `G`: export of goods outside the EU.
    Export,
    /// `O`: not subject to VAT (services outside the scope of EU VAT).
    NotSubject,
}

impl VatCategory {
    /// The code of UNTDID 5305 written into the e-invoice.
    pub fn code(&self) -> &'static str {
        match self {
            VatCategory::Standard => "S",
            VatCategory::ZeroRated => "Z",
            VatCategory::Exempt => "E",
            VatCategory::ReverseCharge => "AE",
            VatCategory::IntraCommunitySupply => "K",
            VatCategory::Export => "G",
            VatCategory::NotSubject => "O",
        }
    }

    /// The exemption reason the rules require for this category (BR-E-10, BR-AE-10, BR-IC-10,
    /// BR-G-10, BR-O-10): the VATEX code (BT-121), if one fits every case, and the printed text
    /// (BT-120). Standard and zero-rated lines must carry none (BR-S-10, BR-Z-10).
    pub fn exemption(&self) -> Option<(Option<&'static str>, &'static str)> {
        match self {
            VatCategory::Standard | VatCategory::ZeroRated => None,
            // The legal ground of an exemption differs from case to case; no one code covers it.
            VatCategory::Exempt => Some((None, "Exempt from VAT")),
            VatCategory::ReverseCharge => {
                Some((Some("VATEX-EU-AE"), "Reverse charge: VAT to be accounted for by the recipient"))
            }
            VatCategory::IntraCommunitySupply => Some((Some("VATEX-EU-IC"), "Intra-community supply")),
            VatCategory::Export => Some((Some("VATEX-EU-G"), "Export outside the EU")),
            VatCategory::NotSubject => Some((Some("VATEX-EU-O"), "Not subject to VAT")),
        }
    }

    /// Whether lines of this category carry VAT at a rate above zero: only standard-rated ones.
    pub fn is_taxed(&self) -> bool {
        *self == VatCategory::Standard
    }

    /// The category and rate of a line entered at `rate` (in percent) whose category is
    /// `category`, or the account's `default` when it names none (EINV-2). A line of a
    /// category without VAT is at 0 %, whatever rate was entered for it; a standard-rated line
    /// needs a rate above zero, and one entered at 0 % under a standard default is zero-rated.
    pub fn for_line(
        category: Option<VatCategory>,
        rate: Decimal,
        default: VatCategory,
    ) -> Result<(VatCategory, Decimal)> {
        match category.unwrap_or(default) {
            VatCategory::Standard if rate > Decimal::ZERO => Ok((VatCategory::Standard, rate)),
            VatCategory::Standard if category.is_some() => {
                Err(Error::invalid("vat_rate", "a standard-rated line needs a rate above zero"))
            }
            VatCategory::Standard => Ok((VatCategory::ZeroRated, Decimal::ZERO)),
            other => Ok((other, Decimal::ZERO)),
        }
    }
}

/// The EU member states, as ISO 3166-1 codes (Greece as GR).
const EU_MEMBER_STATES: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// Whether `country` is an EU member state.
pub fn in_eu(country: Country) -> bool {
    EU_MEMBER_STATES.contains(&country.code())
}

/// The countries whose VAT identifiers [`VatId`] knows: the EU member states and the others
/// whose VAT numbers it checks (United Kingdom, Switzerland, Norway, Australia, Japan, Bahrain).
fn has_vat_ids(country: Country) -> bool {
    in_eu(country) || matches!(country.code(), "GB" | "CH" | "NO" | "AU" | "JP" | "BH")
}

/// The country whose VAT a seller in `seller` charges a buyer in `buyer` at a rate above zero:
/// its own where it sells at home or is established in the EU (the standard rate
/// [`default_category`] applies), the buyer's where a seller from outside the EU charges VAT
/// abroad (it must be registered there). `None` where that country issues no VAT IDs, such as
/// the United States, whose sales taxes are not VAT.
pub fn charged_vat_country(seller: Country, buyer: Country) -> Option<Country> {
    let country = if seller == buyer || in_eu(seller) { seller } else { buyer };
    has_vat_ids(country).then_some(country)
}

/// An issuer that charges a country's VAT carries a VAT ID of that country (EINV-6): checked
/// where an account at `rate` percent is opened for a buyer in `buyer`, with the issuer's
/// VAT IDs (its tax ID where that is one, and its e-invoicing VAT ID).
///
/// # Errors
/// [`Error::InvalidInput`] on `issuer_vat_id` when the rate is above zero and none of
/// `vat_ids` is of the country whose VAT it is.
pub fn check_issuer_vat_id(seller: Country, buyer: Country, rate: Decimal, vat_ids: &[VatId]) -> Result<()> {
    let Some(country) = charged_vat_country(seller, buyer).filter(|_| rate > Decimal::ZERO) else { return Ok(()) };
    if vat_ids.iter().any(|v| v.country() == country) {
        return Ok(());
    }
    Err(Error::invalid(
        "issuer_vat_id",
        "the issuer charges VAT of a country it has no VAT ID of: give it that country's VAT ID, or bill this \
         account without VAT",
    ))
}

/// The VAT category an account's invoice lines take when they name none (EINV-2), for a seller
/// in `seller`, a buyer billed in `buyer` and the buyer's VAT ID. The portal sells services
/// (subscriptions, seats, workshops), so the place of supply to a business is the buyer's:
///
/// - buyer in the seller's own country: standard rate (the account's rate);
/// - EU seller, buyer in another member state with a VAT ID of a member state other than the
///   seller's: reverse charge (`AE`), 0 %, the reason printed;
/// - EU seller, buyer in another member state without such a VAT ID: the seller's standard rate;
/// - any seller, buyer outside the seller's country and outside the EU (or a seller outside the
///   EU billing abroad): not subject to VAT (`O`), outside the scope of EU VAT.
///
/// Exports of goods (`G`), intra-community supplies of goods (`K`), exempt (`E`) and zero-rated
/// (`Z`) lines are named on the line itself.
pub fn default_category(seller: Country, buyer: Country, buyer_vat_id: Option<&VatId>) -> VatCategory {
    if seller == buyer {
        return VatCategory::Standard;
    }
    if in_eu(seller) && in_eu(buyer) {
        let registered_elsewhere = buyer_vat_id.is_some_and(|v| in_eu(v.country()) && v.country() != seller);
        return if registered_elsewhere { VatCategory::ReverseCharge } else { VatCategory::Standard };
    }
    VatCategory::NotSubject
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn c(code: &str) -> Country {
        Country::parse(code).unwrap()
    }

    // DOMAIN: EINV-6
    #[test]
    fn an_issuer_charging_a_countrys_vat_needs_a_vat_id_of_that_country() {
        let de = VatId::parse("DE811907980").unwrap();
        let nl = VatId::parse("NL123456789B01").unwrap();
        for (seller, buyer, rate, ids, ok) in [
            ("DE", "DE", dec!(19), vec![de.clone()], true),
            ("DE", "DE", dec!(19), vec![], false),
            ("DE", "DE", dec!(19), vec![nl.clone()], false),
            ("NL", "DE", dec!(21), vec![nl.clone()], true),
            // A US vendor charging German VAT must be registered in Germany.
            ("US", "DE", dec!(19), vec![], false),
            ("US", "DE", dec!(19), vec![de.clone()], true),
            ("US", "DE", dec!(0), vec![], true),
            // US sales tax is no VAT: there is no VAT ID to carry.
            ("US", "US", dec!(6.25), vec![], true),
        ] {
            let got = check_issuer_vat_id(c(seller), c(buyer), rate, &ids);
            assert_eq!(got.is_ok(), ok, "{seller} -> {buyer} at {rate} with {ids:?}");
            if let Err(Error::InvalidInput { field, .. }) = got {
                assert_eq!(field, "issuer_vat_id");
            }
        }
    }

    // DOMAIN: EINV-2
    #[test]
    fn the_default_category_follows_from_the_countries_and_the_buyers_vat_id() {
        let fr_vat = VatId::parse("FR40303265045").unwrap();
        let de_vat = VatId::parse("DE123456789").unwrap();
        let gb_vat = VatId::parse("GB123456789").unwrap();
        for (seller, buyer, vat, expected) in [
            ("DE", "DE", None, VatCategory::Standard),
            ("DE", "DE", Some(&de_vat), VatCategory::Standard),
            ("DE", "FR", Some(&fr_vat), VatCategory::ReverseCharge),
            ("NL", "FR", Some(&fr_vat), VatCategory::ReverseCharge),
            // Without a VAT ID, the EU buyer pays the seller's VAT.
            ("DE", "FR", None, VatCategory::Standard),
            // A VAT ID of the seller's own state does not make a supply to another state.
            ("DE", "FR", Some(&de_vat), VatCategory::Standard),
            ("DE", "FR", Some(&gb_vat), VatCategory::Standard),
            ("DE", "US", None, VatCategory::NotSubject),
            ("DE", "GB", Some(&gb_vat), VatCategory::NotSubject),
            ("NL", "JP", None, VatCategory::NotSubject),
            ("NL", "BH", None, VatCategory::NotSubject),
            ("US", "US", None, VatCategory::Standard),
            ("US", "DE", Some(&de_vat), VatCategory::NotSubject),
        ] {
            assert_eq!(default_category(c(seller), c(buyer), vat), expected, "{seller} -> {buyer} {vat:?}");
        }
    }

    // DOMAIN: EINV-2
    #[test]
    fn a_line_takes_its_own_category_or_the_default_and_untaxed_categories_are_at_zero() {
        use VatCategory::*;
        assert_eq!(VatCategory::for_line(None, dec!(19), Standard).unwrap(), (Standard, dec!(19)));
        assert_eq!(VatCategory::for_line(None, dec!(0), Standard).unwrap(), (ZeroRated, dec!(0)));
        assert_eq!(VatCategory::for_line(None, dec!(19), ReverseCharge).unwrap(), (ReverseCharge, dec!(0)));
        assert_eq!(VatCategory::for_line(None, dec!(19), NotSubject).unwrap(), (NotSubject, dec!(0)));
        assert_eq!(VatCategory::for_line(Some(Exempt), dec!(19), Standard).unwrap(), (Exempt, dec!(0)));
        assert_eq!(VatCategory::for_line(Some(Standard), dec!(7), NotSubject).unwrap(), (Standard, dec!(7)));
        assert!(matches!(
            VatCategory::for_line(Some(Standard), dec!(0), Standard),
            Err(Error::InvalidInput { field, .. }) if field == "vat_rate"
        ));
        // The rules' exemption reasons: required where VAT is not charged, forbidden where it is.
        for cat in [Standard, ZeroRated, Exempt, ReverseCharge, IntraCommunitySupply, Export, NotSubject] {
            assert_eq!(cat.exemption().is_some(), !matches!(cat, Standard | ZeroRated), "{cat:?}");
        }
        assert_eq!(ReverseCharge.exemption().unwrap().0, Some("VATEX-EU-AE"));
        assert_eq!(
            [Standard, ZeroRated, Exempt, ReverseCharge, IntraCommunitySupply, Export, NotSubject].map(|c| c.code()),
            ["S", "Z", "E", "AE", "K", "G", "O"]
        );
    }
}
