//! German and English, chosen with the switch in the header or by the browser's
//! `Accept-Language`. The library's own texts (its error messages, payment sentences, the printed
//! invoice, the notifications) come from its message catalogue; this file holds the page texts.

use corporate_billing::documents::locale;
use corporate_billing::{
    BillingInterval, Error, InvoiceKind, InvoiceStatus, QuoteEffect, QuoteStatus, RequestKind, RequestStatus,
    SubscriptionStatus,
};
use corporate_billing::{Language, Money};
use rust_decimal::Decimal;
use time::Date;

/// A language the portal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, the default.
    En,
    /// German.
    De,
}

impl Lang {
    /// The best match for an `Accept-Language` header: the highest-weighted of `de` and `en`,
    /// English when neither is named.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        let mut best = (Lang::En, -1.0_f32);
        for part in header.unwrap_or_default().split(',') {
            let mut fields = part.split(';');
            let tag = fields.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = fields.find_map(|f| f.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = match tag.split('-').next() {
                Some("de") => Lang::De,
                Some("en") => Lang::En,
                _ => continue,
            };
            if q > best.1 {
                best = (lang, q);
            }
        }
        best.0
    }

    /// The visitor's language: the one chosen with the switch in the header (a cookie), else
    /// the best match for the browser's `Accept-Language`.
    pub fn of_request(headers: &axum::http::HeaderMap, cookies: &crate::security::CookiePolicy) -> Lang {
        match cookies.get(headers, crate::security::CookieName::Lang).as_deref() {
            Some("de") => Lang::De,
            Some("en") => Lang::En,
            _ => Lang::from_accept_language(
                headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
            ),
        }
    }

    /// The other language, offered by the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::De,
            Lang::De => Lang::En,
        }
    }

    /// The name of the language in itself, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }

    /// The `lang` attribute of the page.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The page texts.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::De => &DE,
        }
    }

    /// The library's language of the same name, whose formats the pages share with the printed
    /// documents (DOCS-1).
    pub fn language(self) -> Language {
        match self {
            Lang::En => Language::En,
            Lang::De => Language::De,
        }
    }

    /// A calendar day as the library prints it: ISO 8601 in English, `31.12.2026` in German.
    pub fn date(self, d: Date) -> String {
        locale::date(d, self.language())
    }

    /// An amount with its currency, as the library prints it: `1,234.56 USD`, `1.234,56 EUR`.
    pub fn money(self, m: &Money) -> String {
        locale::money(m, self.language())
    }

    /// A quantity or a rate without trailing zeros, grouped as the library prints it.
    pub fn number(self, d: Decimal) -> String {
        locale::number(d, self.language())
    }

    /// What the caller is told when the library refuses: the library's own sentence for a
    /// person, from its message catalogue (DOCS-2), naming the field by the label this page
    /// shows.
    pub fn error(self, e: &Error) -> String {
        e.message(self.language())
    }

    /// A quote's status.
    pub fn quote_status(self, s: QuoteStatus) -> &'static str {
        let t = self.texts();
        match s {
            QuoteStatus::Open => t.st_open,
            QuoteStatus::Accepted => t.st_accepted,
            QuoteStatus::Declined => t.st_declined,
            QuoteStatus::Withdrawn => t.st_withdrawn,
            QuoteStatus::Expired => t.st_expired,
        }
    }

    /// An invoice's status, overdue included.
    pub fn invoice_status(self, s: InvoiceStatus, overdue: bool) -> &'static str {
        let t = self.texts();
        match s {
            InvoiceStatus::Open if overdue => t.st_overdue,
            InvoiceStatus::Open => t.st_open,
            InvoiceStatus::Paid => t.st_paid,
            InvoiceStatus::Void => t.st_void,
        }
    }

    /// Invoice or credit note.
    pub fn invoice_kind(self, k: InvoiceKind) -> &'static str {
        match k {
            InvoiceKind::Invoice => self.texts().invoice,
            InvoiceKind::CreditNote => self.texts().credit_note,
        }
    }

    /// A request's status.
    pub fn request_status(self, s: RequestStatus) -> &'static str {
        let t = self.texts();
        match s {
            RequestStatus::Open => t.st_open,
            RequestStatus::Completed => t.st_completed,
            RequestStatus::Rejected => t.st_rejected,
        }
    }

    /// A subscription's status.
    pub fn subscription_status(self, s: SubscriptionStatus) -> &'static str {
        let t = self.texts();
        match s {
            SubscriptionStatus::Active => t.st_active,
            SubscriptionStatus::Expired => t.st_expired,
            SubscriptionStatus::Cancelled => t.st_cancelled,
        }
    }

    /// A billing interval.
    pub fn interval(self, i: BillingInterval) -> &'static str {
        let t = self.texts();
        match i {
            BillingInterval::Monthly => t.monthly,
            BillingInterval::Quarterly => t.quarterly,
            BillingInterval::SemiAnnual => t.semi_annual,
            BillingInterval::Annual => t.annual,
        }
    }

    /// What accepting a quote does.
    pub fn effect(self, e: &QuoteEffect) -> String {
        match (self, e) {
            (Lang::En, QuoteEffect::AddSeats { seats }) => format!("Adds {seats} seats"),
            (Lang::De, QuoteEffect::AddSeats { seats }) => format!("{seats} zusätzliche Plätze"),
            (Lang::En, QuoteEffect::PlanChange { plan, annual_seat_price }) => {
                format!("Plan {plan} at {} per seat and year", self.money(annual_seat_price))
            }
            (Lang::De, QuoteEffect::PlanChange { plan, annual_seat_price }) => {
                format!("Plan {plan} zu {} je Platz und Jahr", self.money(annual_seat_price))
            }
            (Lang::En, QuoteEffect::NewTerm { start, end }) => {
                format!("New term {} to {}", self.date(*start), self.date(*end))
            }
            (Lang::De, QuoteEffect::NewTerm { start, end }) => {
                format!("Neue Laufzeit {} bis {}", self.date(*start), self.date(*end))
            }
            (Lang::En, QuoteEffect::Reactivation { start, end }) => {
                format!("Reactivation {} to {}", self.date(*start), self.date(*end))
            }
            (Lang::De, QuoteEffect::Reactivation { start, end }) => {
                format!("Reaktivierung {} bis {}", self.date(*start), self.date(*end))
            }
        }
    }

    /// A service request in a few words.
    pub fn request(self, k: &RequestKind) -> String {
        let t = self.texts();
        match k {
            RequestKind::ChangeBillingInterval { interval } => {
                format!("{}: {}", t.rk_interval, self.interval(*interval))
            }
            RequestKind::TurnOffAutoRenewal => t.rk_auto_renewal.into(),
            RequestKind::ChangePaymentMethod { details } => format!("{}: {details}", t.rk_payment),
            RequestKind::InvoiceCopy { invoice_number } => format!("{}: {invoice_number}", t.rk_copy),
            RequestKind::ChangeBillingContact { new_contact_user_id } => {
                format!("{}: {new_contact_user_id}", t.rk_contact)
            }
            RequestKind::ChangeCountry { country } => format!("{}: {}", t.rk_country, country.code()),
            RequestKind::Other { text } => format!("{}: {text}", t.rk_other),
        }
    }
}

macro_rules! texts {
    ($($key:ident: $en:literal, $de:literal;)*) => {
        /// The portal's own page texts in one language.
        #[allow(missing_docs)]
        pub struct Texts { $(pub $key: &'static str,)* }
        static EN: Texts = Texts { $($key: $en,)* };
        static DE: Texts = Texts { $($key: $de,)* };
    };
}

texts! {
    portal_name: "Corporate Billing Portal", "Corporate Billing Portal";
    skip_to_content: "Skip to content", "Zum Inhalt springen";
    your_session: "Your session", "Ihre Sitzung";
    signed_in_as: "Signed in as", "Angemeldet als";
    accounts: "Accounts", "Konten";
    change_password: "Change password", "Passwort ändern";
    sign_out: "Sign out", "Abmelden";
    account_sections: "Account sections", "Bereiche des Kontos";
    footer: "Corporate Billing Portal of Northwind Cloud: a reference portal embedding the corporate-billing library.",
        "Corporate Billing Portal von Northwind Cloud: ein Referenzportal, das die Bibliothek corporate-billing einbettet.";
    sign_in: "Sign in", "Anmelden";
    sign_in_title: "Sign in to the Corporate Billing Portal", "Beim Corporate Billing Portal anmelden";
    user_id: "User ID", "Benutzer-ID";
    user_id_hint: "Your username or e-mail address, as printed on your invoices.",
        "Ihr Benutzername oder Ihre E-Mail-Adresse, wie auf Ihren Rechnungen angegeben.";
    password: "Password", "Passwort";
    forgot_password: "Forgot password?", "Passwort vergessen?";
    demo: "Demo", "Demo";
    demo_credentials: "Billing contact Dana Whitfield: user ID", "Rechnungskontakt Dana Whitfield: Benutzer-ID";
    staff_sign_in: "Vendor staff and account users: sign in (SSO stand-in)",
        "Mitarbeiter und Kontobenutzer: anmelden (Platzhalter für SSO)";
    mailbox: "Demo mailbox", "Demo-Postfach";
    forgot_title: "Forgot password", "Passwort vergessen";
    forgot_intro: "Enter the user ID of your billing contact login (it is on every invoice e-mailed to you). We send a link to reset the password to your billing e-mail address.",
        "Geben Sie die Benutzer-ID Ihres Rechnungskontakts ein (sie steht auf jeder per E-Mail zugesandten Rechnung). Wir senden einen Link zum Zurücksetzen des Passworts an Ihre Kontakt-E-Mail-Adresse für die Abrechnung.";
    forgot_sent: "If this user ID belongs to a billing contact, a link to reset the password is on its way to the billing e-mail address. It is valid for 60 minutes.",
        "Wenn diese Benutzer-ID zu einem Rechnungskontakt gehört, ist ein Link zum Zurücksetzen des Passworts an die Kontakt-E-Mail-Adresse unterwegs. Er ist 60 Minuten gültig.";
    submit: "Submit", "Abschicken";
    back_to_sign_in: "Back to sign-in", "Zurück zur Anmeldung";
    password_title: "Choose a new password", "Neues Passwort wählen";
    link_code: "Code from the link", "Code aus dem Link";
    link_code_hint: "Filled in from the link you opened. Without JavaScript, paste the part of the link after #token= here.",
        "Wird aus dem geöffneten Link übernommen. Ohne JavaScript fügen Sie hier den Teil des Links nach #token= ein.";
    new_password: "New password", "Neues Passwort";
    password_rule: "At least 15 characters; a few unrelated words make a good one. Not a common password and not your user ID.",
        "Mindestens 15 Zeichen; einige Wörter ohne Zusammenhang sind gut. Kein verbreitetes Passwort und nicht Ihre Benutzer-ID.";
    repeat_password: "New password again", "Neues Passwort wiederholen";
    passwords_differ: "The two new passwords differ.", "Die beiden neuen Passwörter stimmen nicht überein.";
    set_password: "Set password", "Passwort setzen";
    password_set: "Your new password is set and every session of your login was signed out. Sign in with the new password.",
        "Ihr neues Passwort ist gesetzt, und alle Sitzungen Ihres Logins wurden beendet. Melden Sie sich mit dem neuen Passwort an.";
    current_password: "Current password", "Aktuelles Passwort";
    password_changed: "Your password was changed; your other sessions were signed out.",
        "Ihr Passwort wurde geändert; Ihre anderen Sitzungen wurden beendet.";
    signed_out: "You are signed out.", "Sie sind abgemeldet.";
    session_ended: "Your session has ended; please sign in again.", "Ihre Sitzung ist beendet; bitte melden Sie sich erneut an.";
    staff_title: "Staff and account users", "Mitarbeiter und Kontobenutzer";
    replace_with_sso: "Replace with your SSO.", "Durch Ihr SSO ersetzen.";
    staff_sign_in_note: "This demo stand-in signs in whoever is picked, without a password. A real host authenticates vendor staff and account users with its own single sign-on and asserts them to the library.",
        "Dieser Demo-Platzhalter meldet an, wen Sie auswählen, ohne Passwort. Ein echter Host authentifiziert Mitarbeiter und Kontobenutzer mit seinem eigenen Single Sign-on und teilt sie der Bibliothek mit.";
    who_are_you: "Sign in as", "Anmelden als";
    role_rep: "sales rep", "Vertriebsmitarbeiter";
    role_services: "Account Services", "Account Services";
    role_user: "account user, Acme Robotics", "Kontobenutzer, Acme Robotics";
    accounts_title: "Your accounts", "Ihre Konten";
    accounts_intro_contact: "You are the billing contact of these accounts.", "Sie sind der Rechnungskontakt dieser Konten.";
    accounts_intro_staff: "The vendor's accounts you work with.", "Die Konten des Anbieters, die Sie betreuen.";
    accounts_intro_user: "The accounts you are a user of.", "Die Konten, deren Benutzer Sie sind.";
    overview: "Overview", "Übersicht";
    plan: "Plan", "Plan";
    seats: "Seats", "Plätze";
    term: "Term", "Laufzeit";
    status: "Status", "Status";
    auto_renewal: "Automatic renewal", "Automatische Verlängerung";
    on: "on", "ein";
    off: "off", "aus";
    billing_interval: "Billing interval", "Rechnungsintervall";
    currency: "Currency", "Währung";
    address: "Billing address", "Rechnungsadresse";
    phone: "Phone", "Telefon";
    payment_method: "Payment method", "Zahlungsweise";
    billing_contact: "Billing contact", "Rechnungskontakt";
    download_w9: "Download the W-9 form (PDF)", "W-9-Formular herunterladen (PDF)";
    quotes: "Quotes", "Preisangebote";
    no_quotes: "There are no quotes for this account.", "Für dieses Konto gibt es keine Preisangebote.";
    issued: "Issued", "Ausgestellt";
    valid_until: "Valid until", "Gültig bis";
    total: "Total", "Gesamt";
    quote: "Quote", "Angebot";
    issue_quote: "Issue a quote", "Angebot ausstellen";
    description: "Description", "Beschreibung";
    quantity: "Quantity", "Menge";
    unit_price: "Unit price", "Einzelpreis";
    vat_rate: "VAT rate (%)", "USt.-Satz (%)";
    seats_added: "Seats added when accepted", "Plätze, die bei Annahme hinzukommen";
    quote_issued: "The quote was issued; the billing contact has been notified.", "Das Angebot wurde ausgestellt; der Rechnungskontakt wurde benachrichtigt.";
    when_accepted: "When accepted", "Bei Annahme";
    decline_reason: "Reason for declining", "Ablehnungsgrund";
    purchase_order: "Purchase order", "Kaufauftrag";
    invoice: "Invoice", "Rechnung";
    view_invoice: "View the invoice", "Rechnung ansehen";
    accept: "Accept", "Annehmen";
    po_optional: "Purchase-order number (optional)", "Kaufauftragsnummer (optional)";
    accept_quote: "Accept quote", "Angebot annehmen";
    decline: "Decline", "Ablehnen";
    reason_optional: "Reason (optional)", "Grund (optional)";
    decline_quote: "Decline quote", "Angebot ablehnen";
    quote_declined: "You declined the quote.", "Sie haben das Angebot abgelehnt.";
    quote_accepted: "You accepted the quote. Its invoice is below; it is also on its way by e-mail.",
        "Sie haben das Angebot angenommen. Die Rechnung steht unten; sie ist auch per E-Mail unterwegs.";
    lines: "Lines", "Positionen";
    vat: "VAT", "USt.";
    net: "Net", "Netto";
    vat_on: "VAT", "USt.";
    invoices: "Invoices", "Rechnungen";
    invoices_intro: "The last 20 invoices, newest first. Copies of older invoices: send a request to Account Services.",
        "Die letzten 20 Rechnungen, die neueste zuerst. Kopien älterer Rechnungen: senden Sie eine Anfrage an Account Services.";
    number: "Number", "Nummer";
    due: "Due", "Fällig";
    credit_note: "Credit note", "Gutschrift";
    printable: "Printable version", "Druckansicht";
    download_pdf: "PDF (with e-invoice)", "PDF (mit E-Rechnung)";
    download_xml: "E-invoice (XML, EN 16931)", "E-Rechnung (XML, EN 16931)";
    cancels: "Cancels invoice", "Storniert Rechnung";
    bill_to: "Bill to", "Rechnungsempfänger";
    payment: "Payment", "Zahlung";
    billing: "Billing data", "Rechnungsdaten";
    processor_note: "Card and bank details are entered in your payment processor's form; the portal keeps only its token, the brand or bank, and the last four digits.",
        "Karten- und Bankdaten werden im Formular Ihres Zahlungsdienstleisters eingegeben; das Portal speichert nur dessen Token, Marke oder Bank und die letzten vier Ziffern.";
    pay_by_card: "Credit or debit card", "Kredit- oder Debitkarte";
    processor_token: "Processor token", "Token des Zahlungsdienstleisters";
    processor_token_optional: "Processor token (optional)", "Token des Zahlungsdienstleisters (optional)";
    brand: "Brand", "Marke";
    last4: "Last four digits", "Letzte vier Ziffern";
    exp_month: "Expiry month", "Ablaufmonat";
    exp_year: "Expiry year", "Ablaufjahr";
    pay_by_ach: "ACH direct debit (US)", "ACH-Lastschrift (USA)";
    account_last4: "Account number, last four digits", "Kontonummer, letzte vier Ziffern";
    routing_number: "Routing number (ABA)", "Bankleitzahl (ABA)";
    pay_by_sepa: "SEPA direct debit", "SEPA-Lastschrift";
    mandate_reference: "Mandate reference", "Mandatsreferenz";
    pay_otherwise: "Wire transfer, check or standing order", "Überweisung, Scheck oder Dauerauftrag";
    save: "Save", "Speichern";
    or_ask_services: "Or ask Account Services to change it:", "Oder bitten Sie Account Services um die Änderung:";
    street: "Street and number", "Straße und Hausnummer";
    street2: "Address line 2", "Adresszusatz";
    postal_code: "Postal code", "Postleitzahl";
    city: "City", "Ort";
    region: "State or region", "Bundesland oder Region";
    country: "Country", "Land";
    country_locked: "The country is changed only by Account Services.", "Das Land ändert nur Account Services.";
    request_country_change: "Request a country change", "Länderwechsel beantragen";
    save_address: "Save address", "Adresse speichern";
    address_saved: "The billing address was saved.", "Die Rechnungsadresse wurde gespeichert.";
    phone_number: "Phone number", "Telefonnummer";
    phone_saved: "The phone number was saved.", "Die Telefonnummer wurde gespeichert.";
    payment_saved: "The payment method was saved.", "Die Zahlungsweise wurde gespeichert.";
    invoice_recipients: "Invoice recipients", "Rechnungsempfänger per E-Mail";
    recipients_note: "Invoices are e-mailed to you and to these addresses (at most 10).",
        "Rechnungen gehen per E-Mail an Sie und an diese Adressen (höchstens 10).";
    no_recipients: "No further recipients.", "Keine weiteren Empfänger.";
    remove: "Remove", "Entfernen";
    email_address: "E-mail address", "E-Mail-Adresse";
    add_recipient: "Add recipient", "Empfänger hinzufügen";
    recipient_added: "The recipient was added.", "Der Empfänger wurde hinzugefügt.";
    recipient_removed: "The recipient was removed.", "Der Empfänger wurde entfernt.";
    purchase_orders: "Purchase orders", "Kaufaufträge";
    po_required: "This account requires a purchase order in force to accept quotes.",
        "Für dieses Konto ist zur Annahme von Angeboten ein gültiger Kaufauftrag nötig.";
    po_note: "An invoice carries the purchase order in force on its issue date; you are reminded 30 days before one expires.",
        "Eine Rechnung trägt den am Rechnungsdatum gültigen Kaufauftrag; 30 Tage vor Ablauf werden Sie erinnert.";
    po_number: "PO number", "Kaufauftragsnummer";
    po_choose: "Choose a purchase order", "Kaufauftrag auswählen";
    amount_due: "due", "offen";
    overdue_flag: "Overdue: {count} invoice(s), {amount} still due.", "Überfällig: {count} Rechnung(en), noch {amount} offen.";
    overdue_what_to_do: "How to pay, or ask Account Services", "So zahlen Sie, oder fragen Sie Account Services";
    po_several: "Several purchase orders are in force; the invoice carries the one you choose.",
        "Mehrere Kaufaufträge sind gültig; die Rechnung trägt den, den Sie auswählen.";
    new_po_number: "New PO number", "Neue Kaufauftragsnummer";
    expires_on: "In force until", "Gültig bis";
    add_po: "Add purchase order", "Kaufauftrag hinzufügen";
    po_saved: "The purchase order was saved.", "Der Kaufauftrag wurde gespeichert.";
    requests: "Requests", "Anfragen";
    no_requests: "No requests yet.", "Noch keine Anfragen.";
    submitted: "Submitted", "Gesendet";
    request: "Request", "Anfrage";
    resolution: "Note from Account Services", "Vermerk von Account Services";
    note: "Note", "Vermerk";
    complete: "Complete", "Erledigen";
    reject: "Reject", "Ablehnen";
    request_decided: "The request was decided; the billing contact has been notified.",
        "Die Anfrage wurde entschieden; der Rechnungskontakt wurde benachrichtigt.";
    new_request: "New request to Account Services", "Neue Anfrage an Account Services";
    new_request_intro: "Corporate Account Services takes care of these changes and tells you by e-mail when done.",
        "Corporate Account Services erledigt diese Änderungen und benachrichtigt Sie per E-Mail.";
    no_details_needed: "No details needed.", "Keine weiteren Angaben nötig.";
    send_request: "Send request", "Anfrage senden";
    request_sent: "Your request was sent to Account Services.", "Ihre Anfrage wurde an Account Services gesendet.";
    rk_interval: "Change the billing interval", "Rechnungsintervall ändern";
    rk_auto_renewal: "Turn off automatic renewal", "Automatische Verlängerung ausschalten";
    rk_payment: "Change the payment method", "Zahlungsweise ändern";
    rk_copy: "Copy of an older invoice", "Kopie einer älteren Rechnung";
    rk_contact: "Change the billing contact", "Rechnungskontakt ändern";
    rk_country: "Change the country", "Land ändern";
    rk_other: "Other", "Sonstiges";
    new_interval: "New interval", "Neues Intervall";
    what_to_change: "What should Account Services set up?", "Was soll Account Services einrichten?";
    invoice_number: "Invoice number", "Rechnungsnummer";
    new_contact_user_id: "User ID of the new billing contact", "Benutzer-ID des neuen Rechnungskontakts";
    new_country: "New country (two-letter code, e.g. CA)", "Neues Land (Ländercode, z. B. CA)";
    your_request: "Your request", "Ihr Anliegen";
    monthly: "monthly", "monatlich";
    quarterly: "quarterly", "vierteljährlich";
    semi_annual: "semi-annual", "halbjährlich";
    annual: "annual", "jährlich";
    pk_wire: "Wire transfer", "Überweisung";
    pk_check: "Check", "Scheck";
    pk_standing_order: "Standing order", "Dauerauftrag";
    st_open: "open", "offen";
    st_accepted: "accepted", "angenommen";
    st_declined: "declined", "abgelehnt";
    st_withdrawn: "withdrawn", "zurückgezogen";
    st_expired: "expired", "abgelaufen";
    st_overdue: "overdue", "überfällig";
    st_paid: "paid", "bezahlt";
    st_void: "void", "storniert";
    st_completed: "completed", "erledigt";
    st_rejected: "rejected", "abgelehnt";
    st_active: "active", "aktiv";
    st_cancelled: "cancelled", "gekündigt";
    mailbox_title: "Demo mailbox", "Demo-Postfach";
    mailbox_note: "Demo only. The library never sends e-mail: it queues notifications in its outbox, and the host's mailer delivers them and marks them sent. This demo's mailer delivers into this page, newest first; a real host sends them by e-mail and never shows them in a page, since password links are secrets.",
        "Nur für die Demo. Die Bibliothek versendet nie selbst E-Mails: Sie legt Benachrichtigungen in ihren Postausgang, und der Mailer des Hosts stellt sie zu und markiert sie als gesendet. Der Mailer dieser Demo stellt sie auf dieser Seite zu, die neueste zuerst; ein echter Host versendet sie per E-Mail und zeigt sie nie auf einer Seite, denn Passwort-Links sind geheim.";
    mailbox_empty: "No mail yet.", "Noch keine Post.";
    to: "To", "An";
    error_title: "Something went wrong", "Etwas ist schiefgegangen";
    not_permitted_title: "Not permitted", "Nicht gestattet";
    not_found_title: "Not found", "Nicht gefunden";
    page_not_found: "There is no page at this address. The link may be out of date; start again from the overview.",
        "Unter dieser Adresse gibt es keine Seite. Der Link ist vielleicht veraltet; beginnen Sie noch einmal bei der Übersicht.";
    too_large: "This form sent more than the portal accepts. Please shorten the text and try again.",
        "Dieses Formular hat mehr gesendet, als das Portal annimmt. Bitte kürzen Sie den Text und versuchen Sie es noch einmal.";
    csrf_refused: "This form has expired or did not come from this portal. Reload the page and try again.",
        "Dieses Formular ist abgelaufen oder stammt nicht von diesem Portal. Laden Sie die Seite neu und versuchen Sie es noch einmal.";
    back: "Back", "Zurück";
}
