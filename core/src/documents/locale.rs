//! Every word, date and amount the library prints, per document language (DOCS-1).
//!
//! The texts of one language are in one place: [`DE`] and [`EN`] hold the labels of printed
//! documents, and the `*_text` functions below build the sentences (payment instructions,
//! notifications) with a `match` on the language, German first. Numbers and dates are formatted
//! here too, exactly: amounts come in as `rust_decimal` and are printed digit by digit at the
//! currency's minor unit (ISO 4217: JPY 0, EUR 2, BHD 3), never through a float.
//!
//! No locale crate is used. ICU4X (`icu_decimal`, `icu_datetime`) is the maintained source of
//! CLDR data, but for two languages it would bring some fifteen crates and their compiled data
//! for four symbols (decimal and group separators), and CLDR's English date patterns
//! ("Dec 31, 2026", "12/31/26") are not the unambiguous ISO 8601 form these documents print in
//! English. The tables below are small and tested against the expected output.

use crate::domain::invoice::{InvoiceKind, ServicePeriod};
use crate::values::calendar;
use crate::values::{Country, Currency, Language, Money};
use rust_decimal::Decimal;
use time::Date;

/// The labels of printed documents in one language.
#[derive(Debug)]
pub struct Labels {
    /// Title of an invoice.
    pub invoice: &'static str,
    /// Title of a credit note that cancels an invoice. German "Stornorechnung": a "Gutschrift"
    /// is, in German VAT law, a self-billed invoice, which this is not.
    pub credit_note: &'static str,
    /// Issue date.
    pub issue_date: &'static str,
    /// Due date.
    pub due_date: &'static str,
    /// The invoice a credit note cancels.
    pub cancels: &'static str,
    /// The customer's purchase-order number.
    pub purchase_order: &'static str,
    /// The period of service billed: the time of supply an invoice must state.
    pub service_period: &'static str,
    /// The billing contact's user ID (AUTH-10).
    pub user_id: &'static str,
    /// The issuer's tax number where it is not a VAT ID (a German Steuernummer, a US EIN).
    pub tax_id: &'static str,
    /// A VAT identification number, the seller's or the buyer's (VAT Directive Art. 226 (3),
    /// (4)).
    pub vat_id: &'static str,
    /// Introduces the buyer's VAT ID under the billing address.
    pub buyer_vat_id: &'static str,
    /// Heading of the customer's address.
    pub bill_to: &'static str,
    /// Column: description.
    pub description: &'static str,
    /// Column: quantity.
    pub quantity: &'static str,
    /// Column: unit price.
    pub unit_price: &'static str,
    /// Column: VAT rate.
    pub vat_rate: &'static str,
    /// Column and total: net amount.
    pub net: &'static str,
    /// Total VAT.
    pub vat: &'static str,
    /// Grand total.
    pub total: &'static str,
    /// Heading of the payment instructions.
    pub payment: &'static str,
    /// Marks a voided invoice.
    pub void: &'static str,
    /// "Amounts in" before a currency code.
    pub amounts_in: &'static str,
    /// Page, as in "Page 1 of 2".
    pub page: &'static str,
    /// "of", as in "Page 1 of 2".
    pub of: &'static str,
    /// The note on an invoice whose VAT the recipient accounts for (reverse charge, Art. 196
    /// VAT Directive 2006/112/EC).
    pub reverse_charge: &'static str,
    /// Says that the PDF carries the structured invoice.
    pub e_invoice_note: &'static str,
    /// The ISO 11649 reference the payer quotes (PAYM-1).
    pub creditor_reference: &'static str,
}

/// German labels.
pub static DE: Labels = Labels {
    invoice: "Rechnung",
    credit_note: "Stornorechnung",
    issue_date: "Rechnungsdatum",
    due_date: "Fällig am",
    cancels: "Storniert Rechnung",
    purchase_order: "Bestellnummer",
    service_period: "Leistungszeitraum",
    user_id: "Benutzer-ID",
    tax_id: "Steuernummer",
    vat_id: "USt-IdNr.",
    buyer_vat_id: "USt-IdNr. des Leistungsempfängers",
    bill_to: "Rechnungsempfänger",
    description: "Beschreibung",
    quantity: "Menge",
    unit_price: "Einzelpreis",
    vat_rate: "USt.",
    net: "Netto",
    vat: "Umsatzsteuer",
    total: "Gesamtbetrag",
    payment: "Zahlung",
    void: "STORNIERT",
    amounts_in: "Beträge in",
    page: "Seite",
    of: "von",
    reverse_charge: "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, Art. 196 MwSt-Systemrichtlinie).",
    e_invoice_note: "Diese PDF/A-3-Datei enthält die Rechnung als E-Rechnung nach EN 16931 (factur-x.xml).",
    creditor_reference: "Gläubigerreferenz",
};

/// English labels.
pub static EN: Labels = Labels {
    invoice: "Invoice",
    credit_note: "Credit note",
    issue_date: "Issue date",
    due_date: "Due date",
    cancels: "Cancels invoice",
    purchase_order: "Purchase order",
    service_period: "Service period",
    user_id: "User ID",
    tax_id: "Tax ID",
    vat_id: "VAT ID",
    buyer_vat_id: "Customer VAT ID",
    bill_to: "Bill to",
    description: "Description",
    quantity: "Qty",
    unit_price: "Unit price",
    vat_rate: "VAT",
    net: "Net",
    vat: "VAT",
    total: "Total",
    payment: "Payment",
    void: "VOID",
    amounts_in: "Amounts in",
    page: "Page",
    of: "of",
    reverse_charge: "Reverse charge: VAT to be accounted for by the recipient (Art. 196 VAT Directive 2006/112/EC).",
    e_invoice_note: "This PDF/A-3 file carries the invoice as an EN 16931 e-invoice (factur-x.xml).",
    creditor_reference: "Creditor reference",
};

/// The labels of `lang`.
pub fn labels(lang: Language) -> &'static Labels {
    match lang {
        Language::De => &DE,
        Language::En => &EN,
    }
}

/// The title of an invoice or credit note.
pub fn title(kind: InvoiceKind, lang: Language) -> &'static str {
    match kind {
        InvoiceKind::Invoice => labels(lang).invoice,
        InvoiceKind::CreditNote => labels(lang).credit_note,
    }
}

/// A date: 31.12.2026 in German, 2026-12-31 in English.
///
/// ```
/// use corporate_billing::{documents::locale, Language};
/// let d = time::macros::date!(2026 - 12 - 31);
/// assert_eq!(locale::date(d, Language::De), "31.12.2026");
/// assert_eq!(locale::date(d, Language::En), "2026-12-31");
/// ```
pub fn date(d: Date, lang: Language) -> String {
    match lang {
        Language::De => calendar::german(d),
        Language::En => calendar::iso(d),
    }
}

/// A period of service: its first and last day as [`date`] writes them, joined by an en dash.
pub fn period(p: &ServicePeriod, lang: Language) -> String {
    format!("{} – {}", date(p.first_day, lang), date(p.last_day, lang))
}

fn separators(lang: Language) -> (char, char) {
    match lang {
        Language::De => (',', '.'),
        Language::En => ('.', ','),
    }
}

/// `value` exactly as written at its own scale, with the language's separators and digit groups.
fn grouped(value: Decimal, lang: Language) -> String {
    let (decimal_sep, group_sep) = separators(lang);
    let plain = value.abs().to_string();
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 2);
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group_sep);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(decimal_sep);
        out.push_str(frac);
    }
    out
}

/// An amount in `currency`, at its minor unit: 1.234,56 (de) or 1,234.56 (en); ¥ 1,235 has no
/// decimals, a Bahraini dinar three.
///
/// ```
/// use corporate_billing::{documents::locale, Currency, Language};
/// use rust_decimal::Decimal;
/// let eur = Currency::parse("EUR").unwrap();
/// assert_eq!(locale::amount(Decimal::new(123456, 2), eur, Language::De), "1.234,56");
/// assert_eq!(locale::amount(Decimal::new(123456, 2), eur, Language::En), "1,234.56");
/// ```
pub fn amount(value: Decimal, currency: Currency, lang: Language) -> String {
    grouped(currency.round(value), lang)
}

/// An amount with its currency code after it: "1.234,56 EUR".
pub fn money(m: &Money, lang: Language) -> String {
    format!("{} {}", amount(m.amount(), m.currency(), lang), m.currency().code())
}

/// A quantity or a rate, without trailing zeros: 1,5 (de) or 1.5 (en).
pub fn number(value: Decimal, lang: Language) -> String {
    grouped(value.normalize(), lang)
}

/// A unit price: at least the currency's minor unit, more where the price has more (up to the
/// six decimal places a price may carry), so that quantity x price can be checked by hand.
pub fn unit_price(value: Decimal, currency: Currency, lang: Language) -> String {
    let mut v = value.normalize();
    if v.scale() < currency.minor_units() {
        v.rescale(currency.minor_units());
    }
    grouped(v, lang)
}

/// A percentage: "19 %" in German (DIN 5008 spaces it), "19%" in English.
pub fn percent(rate: Decimal, lang: Language) -> String {
    match lang {
        Language::De => format!("{}\u{a0}%", number(rate, lang)),
        Language::En => format!("{}%", number(rate, lang)),
    }
}

/// The country's name in `lang`, for the last line of an address; the ISO code for a country
/// not in this list.
pub fn country_name(country: Country, lang: Language) -> String {
    let names: Option<(&str, &str)> = match country.code() {
        "AT" => Some(("Österreich", "Austria")),
        "AU" => Some(("Australien", "Australia")),
        "BE" => Some(("Belgien", "Belgium")),
        "BG" => Some(("Bulgarien", "Bulgaria")),
        "BH" => Some(("Bahrain", "Bahrain")),
        "BR" => Some(("Brasilien", "Brazil")),
        "CA" => Some(("Kanada", "Canada")),
        "CH" => Some(("Schweiz", "Switzerland")),
        "CN" => Some(("China", "China")),
        "CY" => Some(("Zypern", "Cyprus")),
        "CZ" => Some(("Tschechien", "Czechia")),
        "DE" => Some(("Deutschland", "Germany")),
        "DK" => Some(("Dänemark", "Denmark")),
        "EE" => Some(("Estland", "Estonia")),
        "ES" => Some(("Spanien", "Spain")),
        "FI" => Some(("Finnland", "Finland")),
        "FR" => Some(("Frankreich", "France")),
        "GB" => Some(("Vereinigtes Königreich", "United Kingdom")),
        "GR" => Some(("Griechenland", "Greece")),
        "HR" => Some(("Kroatien", "Croatia")),
        "HU" => Some(("Ungarn", "Hungary")),
        "IE" => Some(("Irland", "Ireland")),
        "IN" => Some(("Indien", "India")),
        "IS" => Some(("Island", "Iceland")),
        "IT" => Some(("Italien", "Italy")),
        "JP" => Some(("Japan", "Japan")),
        "LI" => Some(("Liechtenstein", "Liechtenstein")),
        "LT" => Some(("Litauen", "Lithuania")),
        "LU" => Some(("Luxemburg", "Luxembourg")),
        "LV" => Some(("Lettland", "Latvia")),
        "MT" => Some(("Malta", "Malta")),
        "MX" => Some(("Mexiko", "Mexico")),
        "NL" => Some(("Niederlande", "Netherlands")),
        "NO" => Some(("Norwegen", "Norway")),
        "NZ" => Some(("Neuseeland", "New Zealand")),
        "PL" => Some(("Polen", "Poland")),
        "PT" => Some(("Portugal", "Portugal")),
        "RO" => Some(("Rumänien", "Romania")),
        "SE" => Some(("Schweden", "Sweden")),
        "SG" => Some(("Singapur", "Singapore")),
        "SI" => Some(("Slowenien", "Slovenia")),
        "SK" => Some(("Slowakei", "Slovakia")),
        "US" => Some(("Vereinigte Staaten", "United States")),
        _ => None,
    };
    match (names, lang) {
        (Some((de, _)), Language::De) => de.to_owned(),
        (Some((_, en)), Language::En) => en.to_owned(),
        (None, _) => country.code().to_owned(),
    }
}

/// The lines of an address as printed in a document of language `lang`: the street, the
/// locality in its country's order, and the country's name.
pub fn address_lines(address: &crate::values::BillingAddress, lang: Language) -> Vec<String> {
    let mut lines = address.postal_lines();
    lines.push(country_name(address.country(), lang));
    lines
}

/// Texts of payment instructions (INV-3): what the sentence says for each payment method.
pub(crate) mod payment {
    use super::*;

    /// For a credit note: what becomes of the money.
    pub(crate) fn credit_note(lang: Language) -> String {
        match lang {
            Language::De => "Diese Stornorechnung hebt die Rechnung auf, auf die sie sich bezieht; bereits gezahlte \
                             Beträge werden erstattet oder gutgeschrieben."
                .into(),
            Language::En => {
                "This credit note cancels the invoice it refers to; any amount paid on it will be refunded or credited."
                    .into()
            }
        }
    }

    pub(crate) fn card(lang: Language, total: &str, brand: &str, last4: &str, due: &str) -> String {
        match lang {
            Language::De => {
                format!("{total} werden am {due} von Ihrer {brand}-Karte mit der Endung {last4} abgebucht.")
            }
            Language::En => format!("{total} will be charged to your {brand} card ending in {last4} on {due}."),
        }
    }

    pub(crate) fn wire(lang: Language, total: &str, due: &str, payee: &str, bank: &str, refs: (&str, &str)) -> String {
        let (reference, number) = refs;
        match lang {
            Language::De => format!(
                "Bitte überweisen Sie {total} bis zum {due} an {payee}: {bank}. Verwendungszweck: {reference} \
                 (Rechnung {number})."
            ),
            Language::En => {
                format!(
                    "Please transfer {total} by {due} to {payee}: {bank}. Reference: {reference} (invoice {number})."
                )
            }
        }
    }

    pub(crate) fn check(lang: Language, total: &str, payee: &str, due: &str, address: &str, number: &str) -> String {
        match lang {
            Language::De => format!(
                "Bitte senden Sie bis zum {due} einen Scheck über {total}, ausgestellt auf {payee}, an: {address}. \
                 Vermerken Sie {number} auf dem Scheck."
            ),
            Language::En => format!(
                "Please mail a check for {total}, payable to {payee}, by {due} to: {address}. Write {number} on the check."
            ),
        }
    }

    pub(crate) fn ach(lang: Language, total: &str, last4: &str, routing: &str, due: &str) -> String {
        match lang {
            Language::De => format!(
                "{total} werden am {due} per ACH-Lastschrift von Ihrem Konto mit der Endung {last4} (Routing {routing}) \
                 eingezogen."
            ),
            Language::En => {
                format!(
                    "{total} will be debited by ACH from your account ending in {last4} (routing {routing}) on {due}."
                )
            }
        }
    }

    pub(crate) fn sepa(lang: Language, total: &str, iban: &str, mandate: &str, due: &str) -> String {
        match lang {
            Language::De => format!(
                "{total} werden am {due} per SEPA-Lastschrift von {iban} unter dem Mandat {mandate} eingezogen."
            ),
            Language::En => {
                format!("{total} will be collected by SEPA direct debit from {iban} under mandate {mandate} on {due}.")
            }
        }
    }

    pub(crate) fn standing_order(
        lang: Language,
        payee: &str,
        bank: &str,
        total: &str,
        due: &str,
        refs: (&str, &str),
    ) -> String {
        let (reference, number) = refs;
        match lang {
            Language::De => format!(
                "Ihr Dauerauftrag an {payee} ({bank}) zahlt {total}; bitte stellen Sie sicher, dass er diese Rechnung \
                 bis zum {due} deckt. Verwendungszweck: {reference} (Rechnung {number})."
            ),
            Language::En => format!(
                "Your standing order to {payee} ({bank}) pays {total}; please make sure it covers this invoice by {due}. \
                 Reference: {reference} (invoice {number})."
            ),
        }
    }
}

/// Subjects and bodies of the notifications the outbox carries (NOTE-1), per language.
pub(crate) mod notification {
    use super::*;

    /// Invoice or credit note issued (INV-4): subject and body. `attachment` names the PDF the
    /// host attaches.
    pub(crate) fn invoice_issued(
        lang: Language,
        kind: InvoiceKind,
        number: &str,
        issuer: &str,
        (issued, total, due): (Date, &Money, Date),
        attachment: &str,
    ) -> (String, String) {
        let what = title(kind, lang);
        let (issued, total, due) = (date(issued, lang), money(total, lang), date(due, lang));
        match lang {
            Language::De => (
                format!("{what} {number} von {issuer}"),
                format!(
                    "{what} {number} vom {issued} über {total} steht im Kundenportal bereit. Fällig am: {due}.\n\n\
                     Als Anhang: {attachment} (PDF/A-3 mit der E-Rechnung factur-x.xml)."
                ),
            ),
            Language::En => (
                format!("{what} {number} from {issuer}"),
                format!(
                    "{what} {number} dated {issued} for {total} is available in the billing portal. Due date: {due}.\n\n\
                     Attached: {attachment} (PDF/A-3 with the e-invoice factur-x.xml)."
                ),
            ),
        }
    }

    /// A quote was issued (QUO-1).
    pub(crate) fn quote_issued(lang: Language, total: &Money, valid_until: Date) -> (String, String) {
        let (total, until) = (money(total, lang), date(valid_until, lang));
        match lang {
            Language::De => (
                "Ein neues Angebot wartet auf Sie".into(),
                format!("Ein Angebot über {total} steht bis zum {until} im Kundenportal bereit."),
            ),
            Language::En => (
                "A new quote is waiting for you".into(),
                format!("A quote for {total} is available in the billing portal until {until}."),
            ),
        }
    }

    /// The billing contact changed (BC-2): subject, the former contact's body, the new one's.
    pub(crate) fn billing_contact_changed(lang: Language, company: &str) -> (String, String, String) {
        match lang {
            Language::De => (
                format!("Rechnungskontakt für {company} geändert"),
                format!("Sie sind nicht mehr der Rechnungskontakt für {company}."),
                format!("Sie sind jetzt der Rechnungskontakt für {company}."),
            ),
            Language::En => (
                format!("Billing contact changed for {company}"),
                format!("You are no longer the billing contact for {company}."),
                format!("You are now the billing contact for {company}."),
            ),
        }
    }

    /// A service request was decided (SR-2). `kind` is the request kind's stable name.
    pub(crate) fn request_decided(lang: Language, rejected: bool, kind: &str, note: Option<&str>) -> (String, String) {
        let note = note.map(|n| format!("\n\n{n}")).unwrap_or_default();
        let kind_name = request_kind(lang, kind);
        match (lang, rejected) {
            (Language::De, false) => (
                "Ihre Anfrage wurde erledigt".into(),
                format!("Account Services hat Ihre Anfrage ({kind_name}) erledigt.{note}"),
            ),
            (Language::De, true) => (
                "Ihre Anfrage wurde abgelehnt".into(),
                format!("Account Services hat Ihre Anfrage ({kind_name}) abgelehnt.{note}"),
            ),
            (Language::En, false) => (
                "Your request has been completed".into(),
                format!("Account Services has completed your request ({kind_name}).{note}"),
            ),
            (Language::En, true) => (
                "Your request has been rejected".into(),
                format!("Account Services has rejected your request ({kind_name}).{note}"),
            ),
        }
    }

    fn request_kind(lang: Language, kind: &str) -> String {
        let de = match kind {
            "change_billing_interval" => Some("Abrechnungsintervall ändern"),
            "turn_off_auto_renewal" => Some("automatische Verlängerung beenden"),
            "change_payment_method" => Some("Zahlungsart ändern"),
            "invoice_copy" => Some("Rechnungskopie"),
            "change_billing_contact" => Some("Rechnungskontakt ändern"),
            "change_country" => Some("Land ändern"),
            "other" => Some("Sonstiges"),
            _ => None,
        };
        match (lang, de) {
            (Language::De, Some(de)) => de.to_owned(),
            _ => kind.replace('_', " "),
        }
    }

    /// The subject of the mail that carries a copy of an invoice (SR-1).
    pub(crate) fn invoice_copy(lang: Language, number: &str) -> String {
        match lang {
            Language::De => format!("Kopie der Rechnung {number}"),
            Language::En => format!("Copy of invoice {number}"),
        }
    }

    /// A purchase order expires within 30 days (PO-1).
    pub(crate) fn purchase_order_expiring(lang: Language, number: &str, expires: Date) -> (String, String) {
        let on = date(expires, lang);
        match lang {
            Language::De => (
                format!("Bestellung {number} läuft am {on} ab"),
                format!(
                    "Bestellung {number} läuft am {on} ab. Bitte hinterlegen Sie die Folgebestellung im Kundenportal."
                ),
            ),
            Language::En => (
                format!("Purchase order {number} expires on {on}"),
                format!("Purchase order {number} expires on {on}. Please add its successor in the billing portal."),
            ),
        }
    }
}

/// The payment reminder (DUN-1, DUN-2), per language.
pub(crate) mod reminder {
    use super::*;

    /// What a reminder tells: the invoice, what it came to, what was paid and what is left.
    pub(crate) struct Reminder<'a> {
        /// The invoice number.
        pub number: &'a str,
        /// Its original due date, passed.
        pub due: Date,
        /// The invoice total.
        pub total: &'a Money,
        /// What has been received so far (zero if nothing).
        pub paid: &'a Money,
        /// The balance due, which the reminder asks for.
        pub balance: &'a Money,
        /// The new payment deadline: the reminder's date plus the configured days.
        pub deadline: Date,
        /// The creditor reference, printed.
        pub reference: &'a str,
        /// The issuer's bank details.
        pub bank: &'a str,
    }

    /// Subject and body of a payment reminder: the balance due (not the total), the payments
    /// received so far and the new deadline (DUN-2).
    pub(crate) fn payment_reminder(lang: Language, r: &Reminder<'_>) -> (String, String) {
        let (number, reference) = (r.number, r.reference);
        let (due, deadline) = (date(r.due, lang), date(r.deadline, lang));
        let (total, paid, balance) = (money(r.total, lang), money(r.paid, lang), money(r.balance, lang));
        let bank = if r.bank.is_empty() { String::new() } else { format!("\n\n{}", r.bank) };
        match lang {
            Language::De => {
                let received = if r.paid.amount().is_zero() {
                    "Eine Zahlung ist bei uns noch nicht eingegangen.".to_owned()
                } else {
                    format!("Bisher sind {paid} bei uns eingegangen.")
                };
                (
                    format!("Zahlungserinnerung: Rechnung {number}"),
                    format!(
                        "Rechnung {number} über {total} war am {due} fällig. {received} Offen sind noch {balance}.\n\n\
                         Bitte überweisen Sie {balance} bis zum {deadline} unter Angabe der Referenz {reference}.{bank}"
                    ),
                )
            }
            Language::En => {
                let received = if r.paid.amount().is_zero() {
                    "We have not received a payment yet.".to_owned()
                } else {
                    format!("We have received {paid} so far.")
                };
                (
                    format!("Payment reminder: invoice {number}"),
                    format!(
                        "Invoice {number} for {total} was due on {due}. {received} The balance due is {balance}.\n\n\
                         Please pay {balance} by {deadline}, quoting reference {reference}.{bank}"
                    ),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use time::macros::date;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    // DOMAIN: DOCS-1
    #[test]
    fn amounts_are_exact_at_the_minor_unit_with_the_languages_separators() {
        for (code, value, de, en) in [
            ("EUR", dec!(1234.56), "1.234,56", "1,234.56"),
            ("EUR", dec!(0), "0,00", "0.00"),
            ("EUR", dec!(-1234567.8), "-1.234.567,80", "-1,234,567.80"),
            ("EUR", dec!(999.995), "1.000,00", "1,000.00"),
            ("USD", dec!(100), "100,00", "100.00"),
            ("JPY", dec!(1234567), "1.234.567", "1,234,567"),
            ("JPY", dec!(1234.5), "1.235", "1,235"),
            ("BHD", dec!(1234.5), "1.234,500", "1,234.500"),
            ("BHD", dec!(0.0005), "0,001", "0.001"),
            (
                "EUR",
                dec!(79228162514264337593543950.33),
                "79.228.162.514.264.337.593.543.950,33",
                "79,228,162,514,264,337,593,543,950.33",
            ),
        ] {
            assert_eq!(amount(value, cur(code), Language::De), de, "{code} {value} de");
            assert_eq!(amount(value, cur(code), Language::En), en, "{code} {value} en");
        }
    }

    // DOMAIN: DOCS-1
    #[test]
    fn dates_quantities_rates_and_prices_follow_the_language() {
        let d = date!(2026 - 03 - 07);
        assert_eq!(date(d, Language::De), "07.03.2026");
        assert_eq!(date(d, Language::En), "2026-03-07");
        assert_eq!(number(dec!(1.50), Language::De), "1,5");
        assert_eq!(number(dec!(12000), Language::En), "12,000");
        assert_eq!(percent(dec!(19.00), Language::De), "19\u{a0}%");
        assert_eq!(percent(dec!(7.5), Language::En), "7.5%");
        assert_eq!(unit_price(dec!(12.5), cur("EUR"), Language::De), "12,50");
        assert_eq!(unit_price(dec!(0.123456), cur("EUR"), Language::En), "0.123456");
        assert_eq!(unit_price(dec!(1500), cur("JPY"), Language::En), "1,500");
        assert_eq!(unit_price(dec!(2.5), cur("BHD"), Language::De), "2,500");
        let m = Money::new(dec!(1234.5), cur("EUR"));
        assert_eq!(money(&m, Language::De), "1.234,50 EUR");
        assert_eq!(money(&m, Language::En), "1,234.50 EUR");
    }

    // DOMAIN: DOCS-1
    #[test]
    fn every_label_is_translated() {
        // A label left in English in the German table (or empty) is a missed translation; the
        // few that are the same word in both languages are named.
        let same = ["VAT"];
        let pairs = [
            (DE.invoice, EN.invoice),
            (DE.credit_note, EN.credit_note),
            (DE.issue_date, EN.issue_date),
            (DE.due_date, EN.due_date),
            (DE.cancels, EN.cancels),
            (DE.purchase_order, EN.purchase_order),
            (DE.service_period, EN.service_period),
            (DE.user_id, EN.user_id),
            (DE.tax_id, EN.tax_id),
            (DE.vat_id, EN.vat_id),
            (DE.buyer_vat_id, EN.buyer_vat_id),
            (DE.bill_to, EN.bill_to),
            (DE.description, EN.description),
            (DE.quantity, EN.quantity),
            (DE.unit_price, EN.unit_price),
            (DE.vat_rate, EN.vat_rate),
            (DE.net, EN.net),
            (DE.vat, EN.vat),
            (DE.total, EN.total),
            (DE.payment, EN.payment),
            (DE.void, EN.void),
            (DE.amounts_in, EN.amounts_in),
            (DE.page, EN.page),
            (DE.of, EN.of),
            (DE.reverse_charge, EN.reverse_charge),
            (DE.e_invoice_note, EN.e_invoice_note),
            (DE.creditor_reference, EN.creditor_reference),
        ];
        for (de, en) in pairs {
            assert!(!de.is_empty() && !en.is_empty());
            assert!(de != en || same.contains(&en), "{en} is not translated");
        }
    }

    // DOMAIN: DOCS-1
    #[test]
    fn addresses_end_with_the_country_named_in_the_documents_language() {
        let lines = crate::values::AddressLines {
            line1: "1 Main St".into(),
            city: "Seattle".into(),
            region: "WA".into(),
            postal_code: "98101".into(),
            ..Default::default()
        };
        let us = crate::values::BillingAddress::new(&lines, Country::parse("US").unwrap()).unwrap();
        assert_eq!(address_lines(&us, Language::De), ["1 Main St", "Seattle, WA 98101", "Vereinigte Staaten"]);
        assert_eq!(address_lines(&us, Language::En), ["1 Main St", "Seattle, WA 98101", "United States"]);
        assert_eq!(country_name(Country::parse("KE").unwrap(), Language::De), "KE");
    }
}
