//! Printable invoices (INV-3): a complete HTML document and an 80-column plain-text one, in the
//! invoice's document language (DOCS-1); the PDF is in [`crate::documents::pdf`].

use crate::documents::locale::{self, Labels};
use crate::documents::tax_statement::TaxStatement;
use crate::domain::invoice::{Invoice, InvoiceKind, InvoiceStatus};
use crate::values::{Language, Money};
use rust_decimal::Decimal;
use std::fmt::Write;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn title(inv: &Invoice) -> &'static str {
    locale::title(inv.kind, inv.document.language)
}

fn words(inv: &Invoice) -> (&'static Labels, Language) {
    (locale::labels(inv.document.language), inv.document.language)
}

/// A credit note is stored with negated amounts and prints them positive under its title, as
/// its e-invoice writes them (type 381); it asks for no payment and so has no due date.
fn sign(inv: &Invoice) -> Decimal {
    if inv.kind == InvoiceKind::CreditNote { Decimal::NEGATIVE_ONE } else { Decimal::ONE }
}

/// The invoice as a self-contained HTML page, styled for A4/Letter printing, with the VAT IDs
/// and reverse-charge wording of `tax` (EINV-6).
pub fn html(inv: &Invoice, tax: &TaxStatement) -> String {
    let d = &inv.document;
    let (w, lang) = words(inv);
    let cur = d.totals.total.currency();
    let sign = sign(inv);
    let amount = |m: &Money| locale::amount(m.amount() * sign, cur, lang);
    let credit_note = inv.kind == InvoiceKind::CreditNote;
    let mut h = String::with_capacity(4096);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t} {n}</title>\n<style>\n\
         @page {{ size: auto; margin: 18mm; }}\n\
         body {{ font-family: Helvetica, Arial, sans-serif; font-size: 10pt; color: #111; }}\n\
         header, .parties {{ display: flex; justify-content: space-between; gap: 2em; }}\n\
         table {{ width: 100%; border-collapse: collapse; margin-top: 1.5em; }}\n\
         th, td {{ padding: 4px 6px; border-bottom: 1px solid #ccc; text-align: left; }}\n\
         td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}\n\
         .totals td {{ border: none; }} .grand td {{ font-weight: bold; border-top: 2px solid #111; }}\n\
         .void {{ color: #b00; font-weight: bold; }}\n\
         </style>\n</head>\n<body>\n",
        t = title(inv),
        n = esc(&inv.number)
    );
    let mut issuer_lines = locale::address_lines(&d.issuer.address, lang);
    issuer_lines.extend(tax.seller_lines(&d.issuer.tax_id, w));
    let _ = write!(
        h,
        "<header>\n<div class=\"issuer\"><strong>{}</strong><br>{}</div>\n\
         <div class=\"meta\"><h1>{} {}</h1>\n<dl>\n<dt>{}</dt><dd>{}</dd>\n",
        esc(&d.issuer.legal_name),
        issuer_lines.iter().map(|l| esc(l)).collect::<Vec<_>>().join("<br>"),
        title(inv),
        esc(&inv.number),
        w.issue_date,
        locale::date(inv.issue_date, lang),
    );
    if !credit_note {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", w.due_date, locale::date(inv.due_date, lang));
    }
    if let Some(r) = &inv.refers_to {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", w.cancels, esc(r));
    }
    if let Some(po) = &d.purchase_order {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", w.purchase_order, esc(po));
    }
    if let Some(p) = &d.service_period {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", w.service_period, locale::period(p, lang));
    }
    let _ = write!(h, "<dt>{}</dt><dd>{}</dd>\n</dl>\n", w.user_id, esc(&d.billing_contact_user_id));
    if inv.status == InvoiceStatus::Void {
        let _ = writeln!(
            h,
            "<p class=\"void\">{}{}</p>",
            w.void,
            inv.void_reason.as_deref().map(|r| format!(": {}", esc(r))).unwrap_or_default()
        );
    }
    let _ = write!(
        h,
        "</div>\n</header>\n<section class=\"parties\">\n<div class=\"bill-to\"><h2>{}</h2><strong>{}</strong><br>{}</div>\n</section>\n",
        w.bill_to,
        esc(&d.bill_to_name),
        locale::address_lines(&d.bill_to, lang)
            .into_iter()
            .chain(tax.buyer_line(w))
            .map(|l| esc(&l))
            .collect::<Vec<_>>()
            .join("<br>")
    );
    let _ = write!(
        h,
        "<table class=\"lines\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{} ({cur})</th><th class=\"num\">{}</th><th class=\"num\">{} ({cur})</th></tr></thead>\n<tbody>\n",
        w.description, w.quantity, w.unit_price, w.vat_rate, w.net
    );
    for l in &d.lines {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&l.description),
            locale::number(l.quantity, lang),
            locale::unit_price(l.unit_price * sign, cur, lang),
            locale::percent(l.vat_rate, lang).replace('\u{a0}', "&nbsp;"),
            amount(&l.net)
        );
    }
    let _ = write!(
        h,
        "</tbody>\n</table>\n<table class=\"totals\">\n<tr><td>{}</td><td class=\"num\">{} {cur}</td></tr>\n",
        w.net,
        amount(&d.totals.net)
    );
    for v in &d.totals.vat_breakdown {
        let _ = writeln!(
            h,
            "<tr><td>{} {} ({} {} {cur})</td><td class=\"num\">{} {cur}</td></tr>",
            w.vat,
            locale::percent(v.rate, lang).replace('\u{a0}', "&nbsp;"),
            w.net,
            amount(&v.taxable),
            amount(&v.vat)
        );
    }
    // The VAT total (EN 16931 BT-110), so that an invoice with several rates shows it too.
    let _ = writeln!(h, "<tr><td>{}</td><td class=\"num\">{} {cur}</td></tr>", w.vat, amount(&d.totals.vat));
    let _ = writeln!(
        h,
        "<tr class=\"grand\"><td>{}</td><td class=\"num\">{} {cur}</td></tr>\n</table>",
        w.total,
        amount(&d.totals.total)
    );
    if tax.reverse_charge {
        let _ = writeln!(h, "<p class=\"reverse-charge\"><strong>{}</strong></p>", w.reverse_charge);
    }
    if credit_note {
        // What becomes of money already paid: no payment is asked for, so no payment heading.
        let _ = writeln!(h, "<section class=\"credit\"><p>{}</p></section>", esc(&d.payment_instructions));
    } else {
        let _ = writeln!(
            h,
            "<section class=\"payment\"><h2>{}</h2><p>{}</p>\n<p>{}: {}</p></section>",
            w.payment,
            esc(&d.payment_instructions),
            w.creditor_reference,
            esc(&inv.creditor_reference.printed())
        );
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// The invoice as plain text, with the VAT IDs and reverse-charge wording of `tax` (EINV-6).
pub fn text(inv: &Invoice, tax: &TaxStatement) -> String {
    let d = &inv.document;
    let (w, lang) = words(inv);
    let cur = d.totals.total.currency();
    let sign = sign(inv);
    let amount = |m: &Money| locale::amount(m.amount() * sign, cur, lang);
    let credit_note = inv.kind == InvoiceKind::CreditNote;
    // Labels are padded to one width, counted in characters ("Fällig am" is not 10 bytes).
    let pad = |label: &str| format!("{label}:{}", " ".repeat(15usize.saturating_sub(label.chars().count()).max(1)));
    let mut t = String::with_capacity(2048);
    let _ = writeln!(t, "{}", d.issuer.legal_name);
    for l in locale::address_lines(&d.issuer.address, lang) {
        let _ = writeln!(t, "{l}");
    }
    for l in tax.seller_lines(&d.issuer.tax_id, w) {
        let _ = writeln!(t, "{l}");
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "{} {}", title(inv).to_uppercase(), inv.number);
    if inv.status == InvoiceStatus::Void {
        let _ = writeln!(
            t,
            "*** {}{} ***",
            w.void,
            inv.void_reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default()
        );
    }
    let _ = writeln!(t, "{}{}", pad(w.issue_date), locale::date(inv.issue_date, lang));
    if !credit_note {
        let _ = writeln!(t, "{}{}", pad(w.due_date), locale::date(inv.due_date, lang));
    }
    if let Some(r) = &inv.refers_to {
        let _ = writeln!(t, "{}{r}", pad(w.cancels));
    }
    if let Some(po) = &d.purchase_order {
        let _ = writeln!(t, "{}{po}", pad(w.purchase_order));
    }
    if let Some(p) = &d.service_period {
        let _ = writeln!(t, "{}{}", pad(w.service_period), locale::period(p, lang));
    }
    let _ = writeln!(t, "{}{}\n", pad(w.user_id), d.billing_contact_user_id);
    let _ = writeln!(t, "{}:\n{}", w.bill_to, d.bill_to_name);
    for l in locale::address_lines(&d.bill_to, lang).into_iter().chain(tax.buyer_line(w)) {
        let _ = writeln!(t, "{l}");
    }
    let _ = writeln!(t, "\n{} {cur}", w.amounts_in);
    let _ = writeln!(t, "{:<36} {:>8} {:>12} {:>6} {:>12}", w.description, w.quantity, w.unit_price, w.vat_rate, w.net);
    let _ = writeln!(t, "{}", "-".repeat(78));
    for l in &d.lines {
        let desc: String = l.description.chars().take(36).collect();
        let _ = writeln!(
            t,
            "{desc:<36} {:>8} {:>12} {:>6} {:>12}",
            locale::number(l.quantity, lang),
            locale::unit_price(l.unit_price * sign, cur, lang),
            locale::percent(l.vat_rate, lang).replace('\u{a0}', " "),
            amount(&l.net)
        );
    }
    let _ = writeln!(t, "{}", "-".repeat(78));
    let _ = writeln!(t, "{:<60} {:>13} {cur}", w.net, amount(&d.totals.net));
    for v in &d.totals.vat_breakdown {
        let _ = writeln!(
            t,
            "{:<60} {:>13} {cur}",
            format!(
                "{} {} ({} {})",
                w.vat,
                locale::percent(v.rate, lang).replace('\u{a0}', " "),
                w.net,
                amount(&v.taxable)
            ),
            amount(&v.vat)
        );
    }
    let _ = writeln!(t, "{:<60} {:>13} {cur}", w.vat, amount(&d.totals.vat));
    let _ = writeln!(t, "{:<60} {:>13} {cur}", w.total.to_uppercase(), amount(&d.totals.total));
    if tax.reverse_charge {
        let _ = writeln!(t, "\n{}", w.reverse_charge);
    }
    if credit_note {
        let _ = writeln!(t, "\n{}", d.payment_instructions);
    } else {
        let _ = writeln!(t, "\n{}: {}", w.payment, d.payment_instructions);
        // PAYM-1: printed on every invoice, also on those issued before the instructions named it.
        let _ = writeln!(t, "{}: {}", w.creditor_reference, inv.creditor_reference.printed());
    }
    t
}
