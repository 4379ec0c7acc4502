//! The sentence a person reads for an error (DOCS-2): the field named by the label the pages use,
//! the reason said as advice, in the caller's language.
//!
//! An `InvalidInput` carries its field name and its developer reason as text (that text is part
//! of the public error and of the logs). Each developer reason the library writes has a catalogue
//! key here, found by the reason's exact words or, for those that carry a number, by their shape;
//! a test reads the library's sources and fails on a reason written there that has no key.

use super::{raw, text};
use crate::error::Error;
use crate::values::Language;

/// Developer reasons, word for word, and their catalogue keys.
const REASONS: &[(&str, &str)] = &[
    // The HTTP API's own refusals (API-4).
    ("was used for another request; use a new key for each request", "reason.idempotency_key_reused"),
    ("is not a URL query", "reason.not_a_query"),
    ("is not a whole number", "reason.not_a_whole_number"),
    ("is one of html, text and pdf", "reason.print_format"),
    ("is one of factur_x and xrechnung", "reason.e_invoice_profile"),
    ("is not one of factur_x_pdf, xrechnung_cii, xrechnung_ubl, peppol_bis_ubl", "reason.e_invoice_format"),
    (
        "the account's data does not satisfy this format: XRechnung needs a buyer reference and electronic address, Peppol BIS a buyer reference and Peppol participant IDs",
        "reason.e_invoice_format_unsatisfied",
    ),
    ("is required with an address", "reason.required_together"),
    ("is required with a scheme", "reason.required_together"),
    ("is not a JSON document", "reason.not_json"),
    ("does not have the fields and types this operation takes", "reason.wrong_shape"),
    ("has a value this list does not know", "reason.not_a_query"),
    ("is required", "reason.required"),
    ("contains control characters", "reason.control_characters"),
    ("looks like a card number; card numbers are never stored", "reason.card_number"),
    ("looks like a card number; pass the processor's token", "reason.card_number_token"),
    ("is too common; choose a less predictable one", "reason.password_common"),
    ("must not contain the user ID", "reason.password_user_id"),
    ("repeats one word; choose words that differ", "reason.password_repeats"),
    ("needs at least 32 bytes", "reason.configuration"),
    ("too long", "reason.too_long_plain"),
    ("must be a country prefix and a number", "reason.vat_id_shape"),
    ("the prefix names no country with VAT IDs", "reason.vat_id_country"),
    ("does not have the format of its country", "reason.vat_id_format"),
    ("belongs to another country than the billing address", "reason.vat_id_other_country"),
    ("not an ISO 3166-1 alpha-2 country code", "reason.country_code"),
    ("may not exceed 1,000,000,000,000", "reason.too_large"),
    ("may not exceed 1,000,000,000", "reason.too_large"),
    ("too large", "reason.too_large"),
    ("too many seats", "reason.too_large"),
    ("amounts are too large", "reason.too_large"),
    ("is too large to invoice", "reason.too_large"),
    ("not a telephone number", "reason.phone"),
    ("not in E.164 form", "reason.phone"),
    ("not a valid number for its country", "reason.phone_country"),
    ("neither a username nor an e-mail address", "reason.user_id"),
    ("a username has 3 to 64 characters", "reason.username"),
    ("a username has only letters, digits, '.', '_' and '-'", "reason.username"),
    ("a username has 3 to 64 letters, digits, '.', '_' or '-'", "reason.username"),
    ("may not be an e-mail address", "reason.username_not_email"),
    ("supported languages are de and en", "reason.language"),
    ("contains spaces or control characters", "reason.email"),
    ("not a valid e-mail address", "reason.email"),
    ("not an ISO 4217 currency code", "reason.currency"),
    ("has no minor unit", "reason.currency"),
    ("must have 1 to 128 characters", "reason.token"),
    ("may hold only letters, digits, '_', '-', ':' and '.'", "reason.token"),
    ("must be exactly four digits", "reason.four_digits"),
    ("must be 1 to 12", "reason.month"),
    ("must be a four-digit year", "reason.year"),
    ("the card has expired", "reason.card_expired"),
    ("must be nine digits", "reason.routing_number"),
    ("checksum does not match", "reason.routing_number"),
    ("not a valid IBAN", "reason.iban"),
    ("uses characters outside the SEPA set", "reason.sepa_characters"),
    ("must be 8 or 11 characters: bank, country, location, branch", "reason.bic"),
    ("names no country", "reason.bic"),
    ("must be positive with at most 4 decimal places", "reason.quantity"),
    ("at most 6 decimal places", "reason.price_decimals"),
    ("must be a percentage from 0 to 100", "reason.percentage"),
    ("at least one line is required", "reason.one_line"),
    ("the total may not be negative", "reason.negative_total"),
    ("a standard-rated line needs a rate above zero", "reason.standard_rate"),
    ("must be positive", "reason.positive"),
    ("has more decimals than the currency's minor unit", "reason.minor_unit"),
    ("is above the balance due", "reason.above_balance"),
    ("must be after the start", "reason.end_after_start"),
    ("must be after term_start", "reason.end_after_start"),
    ("may not be negative", "reason.not_negative"),
    ("must be 1 to 1,000,000", "reason.seats"),
    ("at most 1,000,000", "reason.seats"),
    ("at most 365", "reason.payment_terms"),
    ("lies in the past", "reason.in_the_past"),
    ("is not a cursor of this list", "reason.cursor"),
    ("a rejection needs a reason", "reason.rejection_reason"),
    ("is already the billing contact", "reason.already_contact"),
    ("out of range", "reason.out_of_range"),
    ("the renewal would pass the last date the calendar holds", "reason.out_of_range"),
    ("the e-invoice to embed is empty", "reason.configuration"),
    ("not a valid PostgreSQL connection URL", "reason.configuration"),
    ("the hash must be 64 lowercase hexadecimal digits", "reason.configuration"),
    ("not a head this library hands out", "reason.configuration"),
    ("EN 16931 allows two decimals; this invoice has amounts with a third that is not zero", "reason.two_decimals"),
    ("sslmode must be disable, prefer, require, verify-ca or verify-full", "reason.configuration"),
    ("{key} is not supported", "reason.configuration"),
    ("a URL parameter is not valid percent-encoding", "reason.configuration"),
    ("sslrootcert: the file cannot be read as PEM certificates", "reason.configuration"),
    ("sslrootcert: the file holds no certificate", "reason.configuration"),
    ("no trusted root certificates on this system: give sslrootcert=<file> in the URL", "reason.configuration"),
    (
        "sslmode=verify-ca needs sslrootcert=<file> of the database's own CA; with the system's roots use verify-full",
        "reason.configuration",
    ),
    ("must be 1 to 365 days", "reason.days"),
    ("is out of range", "reason.value_out_of_range"),
    ("belongs to more than one issuer", "reason.other_issuer_account"),
    ("is an account of another issuer", "reason.other_issuer_account"),
    ("names an account of another issuer", "reason.other_issuer_account"),
    ("is not an account of any of the vendor's issuers", "reason.not_vendor_account"),
    ("is, starts or is the start of another issuer's prefix", "reason.prefix_clash"),
    ("has no format rule for this country", "reason.postal_code_unknown"),
    ("does not have the format of its country's postal codes", "reason.postal_code"),
    ("a SEPA mandate needs an account in euros", "reason.sepa_needs_eur"),
    ("is not a login", "reason.no_such_login"),
    ("is not an invoice of this account", "reason.no_such_invoice"),
    ("several purchase orders are in force; choose one", "reason.choose_purchase_order"),
    ("does not fit the new country", "reason.not_for_country"),
];

/// Developer reasons that carry a number, by their words before and after it, with the
/// placeholder the number fills.
const SHAPED: &[(&str, &str, &str, &str)] = &[
    ("longer than ", " characters", "reason.too_long", "max"),
    ("at most ", " characters", "reason.at_most_characters", "max"),
    ("at least ", " characters", "reason.at_least_characters", "min"),
    ("at most ", " lines", "reason.max_lines", "max"),
    ("at most ", " invoice recipients", "reason.max_recipients", "max"),
];

/// The catalogue key of a developer reason, with the values of its placeholders; `None` for a
/// reason the catalogue does not know.
pub(crate) fn reason_key(reason: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    if let Some((_, key)) = REASONS.iter().find(|(words, _)| *words == reason) {
        return Some((key, Vec::new()));
    }
    // An e-invoice rule the document does not meet, named by its ID in the official rule sets.
    if let Some(open) = reason.rfind(" (")
        && let Some(rule) = reason[open + 2..].strip_suffix(')')
        && (rule.starts_with("BR-") || rule.starts_with("PEPPOL-"))
    {
        return Some(("reason.e_invoice_rule", vec![("rule", rule.to_owned())]));
    }
    if reason.starts_with("the issuer charges VAT of a country it has no VAT ID of") {
        return Some(("reason.issuer_vat_id", Vec::new()));
    }
    // The strength estimate appends its own English advice; the catalogue's sentence replaces it.
    if reason.starts_with("is too easy to guess") {
        return Some(("reason.password_weak", Vec::new()));
    }
    if let Some(years) = reason.strip_prefix("must lie in the years ") {
        let (first, last) = years.split_once(" to ")?;
        return Some(("reason.year_range", vec![("first", first.to_owned()), ("last", last.to_owned())]));
    }
    for (before, after, key, name) in SHAPED {
        if let Some(n) = reason.strip_prefix(before).and_then(|r| r.strip_suffix(after))
            && !n.is_empty()
            && n.chars().all(|c| c.is_ascii_digit() || c == ',')
        {
            return Some((key, vec![(name, n.to_owned())]));
        }
    }
    None
}

/// The label of an input field as the pages show it: `lines[2].quantity` is "Line 3: Quantity".
pub(crate) fn field_label(lang: Language, field: &str) -> String {
    if let Some(rest) = field.strip_prefix("lines[")
        && let Some((index, name)) = rest.split_once("].")
        && let Ok(i) = index.parse::<usize>()
    {
        let line = (i + 1).to_string();
        return text(lang, "field.line_item", &[("line", &line), ("field", &field_label(lang, name))]);
    }
    let name = field.strip_prefix("effect.").or_else(|| field.strip_prefix("contact.")).unwrap_or(field);
    let key = format!("field.{name}");
    match raw(lang, &key) {
        Some(label) => label.to_owned(),
        None => text(lang, "field.unknown", &[]),
    }
}

/// Whether the catalogue names `field` by a label of its own (not the generic "entry").
#[cfg(test)]
fn field_known(field: &str) -> bool {
    let name = field.rsplit('.').next().unwrap_or(field);
    raw(Language::En, &format!("field.{name}")).is_some()
}

fn invalid_input(lang: Language, field: &str, reason: &str) -> String {
    let label = field_label(lang, field);
    let (key, values) = reason_key(reason).unwrap_or(("reason.invalid", Vec::new()));
    let name = field.rsplit('.').next().unwrap_or(field);
    // A few pairs read better as one sentence with the field in it ("Der Ablaufmonat muss ...").
    let whole = format!("invalid.{name}.{}", key.trim_start_matches("reason."));
    let mut args: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    if raw(lang, &whole).is_some() {
        return text(lang, &whole, &args);
    }
    let why = text(lang, key, &args);
    args.clear();
    text(lang, "error.invalid_input", &[("field", &label), ("reason", &why)])
}

/// The sentence for an error, given the parts a binding carries across its boundary: the stable
/// `code`, the `subject` (the field, the entity or the bounded thing), the developer `reason`
/// and the `number` (a limit or a record). [`Error::message`] is this for a Rust error.
pub fn error_message(lang: Language, code: &str, subject: &str, reason: &str, number: i64) -> String {
    let n = number.to_string();
    match code {
        "invalid_input" => invalid_input(lang, subject, reason),
        "not_found" => {
            let key = format!("error.not_found.{}", subject.replace(' ', "_"));
            if raw(lang, &key).is_some() { text(lang, &key, &[]) } else { text(lang, "error.not_found", &[]) }
        }
        "conflict" => {
            let key = CONFLICTS.iter().find(|(words, _)| reason.starts_with(words)).map(|(_, k)| *k);
            text(lang, key.unwrap_or("error.conflict"), &[])
        }
        "limit_reached" => {
            let key = format!("error.limit_reached.{subject}");
            if raw(lang, &key).is_some() {
                text(lang, &key, &[("limit", &n)])
            } else {
                text(lang, "error.limit_reached", &[("limit", &n)])
            }
        }
        "audit_chain_broken" => text(lang, "error.audit_chain_broken", &[("seq", &n)]),
        "invalid_credentials"
        | "unauthenticated"
        | "invalid_token"
        | "not_configured"
        | "forbidden"
        | "quote_expired"
        | "not_corporate_account"
        | "purchase_order_required"
        | "not_available_in_country"
        | "currency_mismatch"
        | "busy"
        | "storage"
        | "network"
        | "unavailable" => text(lang, &format!("error.{code}"), &[]),
        _ => text(lang, "error.internal", &[]),
    }
}

/// Conflict reasons, by their first words, and their keys.
const CONFLICTS: &[(&str, &str)] = &[
    ("a login with this e-mail address or username exists", "error.conflict.login_exists"),
    ("a purchase order with this number exists", "error.conflict.purchase_order_exists"),
    ("only an issued, unvoided invoice can be voided", "error.conflict.invoice_not_voidable"),
    ("only an open invoice can be paid", "error.conflict.invoice_not_open"),
    ("the payment is already reversed", "error.conflict.payment_reversed"),
    ("the purchase order was changed by someone else", "error.conflict"),
    ("the quote has already been decided", "error.conflict.quote_decided"),
    ("the request has already been decided", "error.conflict.request_decided"),
    ("the subscription is already active", "error.conflict.subscription_active"),
    ("the subscription is not active", "error.conflict.subscription_not_active"),
    ("this address already receives invoices", "error.conflict.recipient_exists"),
];

impl Error {
    /// The sentence a person reads for this error, in `lang` (DOCS-2): the field named by its
    /// label on the pages, the reason said as advice. The `Display` text stays the developer's,
    /// for logs; like it, this never carries personal data.
    ///
    /// ```
    /// use corporate_billing::{Error, Language};
    /// let e = Error::InvalidInput { field: "line1".into(), reason: "longer than 100 characters".into() };
    /// assert_eq!(e.message(Language::En), "Street and number: please enter at most 100 characters.");
    /// assert_eq!(Error::Forbidden.message(Language::De), "Das ist Ihnen für dieses Konto nicht gestattet.");
    /// ```
    pub fn message(&self, lang: Language) -> String {
        let code = self.code();
        match self {
            Error::InvalidInput { field, reason } => error_message(lang, code, field, reason, 0),
            Error::NotFound { entity } => error_message(lang, code, entity, "", 0),
            Error::Conflict { reason } => error_message(lang, code, "", reason, 0),
            Error::NotConfigured { what } => error_message(lang, code, what, "", 0),
            Error::LimitReached { what, limit } => error_message(lang, code, what, "", i64::from(*limit)),
            Error::AuditChainBroken { seq } => error_message(lang, code, "", "", *seq),
            _ => error_message(lang, code, "", "", 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::has_unfilled_placeholder;

    /// One error of every variant, with the fields the library fills in.
    fn every_variant() -> Vec<Error> {
        vec![
            Error::InvalidCredentials,
            Error::Unauthenticated,
            Error::InvalidToken,
            Error::NotConfigured { what: "link_secret" },
            Error::Forbidden,
            Error::NotFound { entity: "invoice" },
            Error::Conflict { reason: "the quote has already been decided".into() },
            Error::QuoteExpired,
            Error::InvalidInput { field: "exp_month".into(), reason: "must be 1 to 12".into() },
            Error::NotCorporateAccount,
            Error::PurchaseOrderRequired,
            Error::NotAvailableInCountry,
            Error::CurrencyMismatch,
            Error::AuditChainBroken { seq: 7 },
            Error::LimitReached { what: "open_requests", limit: 20 },
            Error::Busy,
            Error::Storage("IoErr".into()),
            Error::Network("no connection".into()),
            Error::Unavailable,
        ]
    }

    /// The `Error::invalid(...)` calls in the library's sources with a literal field and reason.
    fn invalid_calls_in_sources() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let mut calls = Vec::new();
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap_or_default();
            for (at, _) in source.match_indices("Error::invalid(") {
                let args = &source[at + "Error::invalid(".len()..];
                let strings: Vec<&str> = args.split('"').collect();
                // field "x", then reason "y" or format!("y"): the odd pieces are the literals.
                let first_literal = args.trim_start().starts_with('"');
                let reason_start = strings.get(2).map(|between| between.trim_start_matches([',', ' ', '\n']));
                let reason_literal = reason_start.is_some_and(|b| b.is_empty() || b == "format!(");
                if first_literal
                    && reason_literal
                    && let (Some(field), Some(reason)) = (strings.get(1), strings.get(3))
                {
                    calls.push(((*field).to_owned(), (*reason).to_owned()));
                }
            }
        }
        calls
    }

    // DOMAIN: DOCS-2
    #[test]
    fn every_error_variant_has_a_sentence_in_every_language() {
        for lang in Language::ALL {
            for e in every_variant() {
                let m = e.message(lang);
                assert!(!m.is_empty() && !has_unfilled_placeholder(&m), "{lang:?} {e:?}: {m}");
                assert!(m.ends_with('.') || m.ends_with('?') || m.ends_with(')'), "{lang:?} {e:?}: {m}");
                assert!(!m.contains('_'), "{lang:?} {e:?} shows a Rust name: {m}");
                if lang != Language::En {
                    assert_ne!(m, e.message(Language::En), "{e:?} is not translated");
                }
            }
        }
    }

    // DOMAIN: DOCS-2
    #[test]
    fn fields_are_named_by_their_label_never_by_their_rust_name() {
        let e = Error::InvalidInput { field: "exp_month".into(), reason: "must be 1 to 12".into() };
        assert_eq!(e.message(Language::De), "Der Ablaufmonat muss zwischen 1 und 12 liegen.");
        let e = Error::InvalidInput { field: "line1".into(), reason: "longer than 100 characters".into() };
        assert_eq!(e.message(Language::De), "Straße und Hausnummer: Bitte geben Sie höchstens 100 Zeichen ein.");
        assert_eq!(e.message(Language::En), "Street and number: please enter at most 100 characters.");
        let e =
            Error::InvalidInput { field: "lines[2].quantity".into(), reason: "may not exceed 1,000,000,000".into() };
        assert_eq!(e.message(Language::En), "Line 3, quantity: this value is too large.");
        // The developer text stays as it was, for logs.
        assert_eq!(e.to_string(), "invalid lines[2].quantity: may not exceed 1,000,000,000");
        let e = Error::InvalidInput {
            field: "buyer_reference".into(),
            reason: "XRechnung requires a buyer reference (BR-DE-15)".into(),
        };
        assert_eq!(
            e.message(Language::De),
            "Käuferreferenz: Die Regeln der E-Rechnung verlangen diese Angabe (BR-DE-15)."
        );
    }

    // DOMAIN: DOCS-2
    #[test]
    fn every_reason_and_field_the_library_writes_has_words_in_the_catalogue() {
        let calls = invalid_calls_in_sources();
        assert!(calls.len() > 60, "the source scan found only {} calls", calls.len());
        let mut unknown = Vec::new();
        for (field, reason) in &calls {
            // `{max}` and friends in a format! string: the shape with a number stands for it.
            let sample = reason
                .replace("{MAX_CHARS}", "128")
                .replace("{MIN_CHARS}", "15")
                .replace("{max_chars}", "100")
                .replace("{MAX_LINES}", "100")
                .replace("{MAX_INVOICE_RECIPIENTS}", "10")
                .replace("{FIRST_YEAR}", "1900")
                .replace("{LAST_YEAR}", "9999");
            if reason_key(&sample).is_none() {
                unknown.push(format!("reason {reason:?}"));
            }
            if !field_known(field) {
                unknown.push(format!("field {field:?}"));
            }
        }
        assert!(unknown.is_empty(), "no catalogue words for: {unknown:#?}");
        for lang in Language::ALL {
            for (field, reason) in &calls {
                let m = Error::InvalidInput { field: field.clone(), reason: reason.clone() }.message(lang);
                assert!(!m.contains('_') || m.contains("'_'"), "{lang:?} {field} shows a Rust name: {m}");
            }
        }
    }
}
