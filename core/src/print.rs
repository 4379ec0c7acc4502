//! Printable invoices (INV-3): a complete HTML document and an 80-column plain-text one.

use crate::domain::invoice::{Invoice, InvoiceKind, InvoiceStatus};
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
    match inv.kind {
        InvoiceKind::Invoice => "Invoice",
        InvoiceKind::CreditNote => "Credit note",
    }
}

/// The invoice as a self-contained HTML page, styled for A4/Letter printing.
pub fn html(inv: &Invoice) -> String {
    let d = &inv.document;
    let mut h = String::with_capacity(4096);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t} {n}</title>\n<style>\n\
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
    let _ = write!(
        h,
        "<header>\n<div class=\"issuer\"><strong>{}</strong><br>{}<br>Tax ID: {}</div>\n\
         <div class=\"meta\"><h1>{} {}</h1>\n<dl>\n<dt>Issue date</dt><dd>{}</dd>\n<dt>Due date</dt><dd>{}</dd>\n",
        esc(&d.issuer.legal_name),
        d.issuer.address.printed_lines().iter().map(|l| esc(l)).collect::<Vec<_>>().join("<br>"),
        esc(&d.issuer.tax_id),
        title(inv),
        esc(&inv.number),
        inv.issue_date,
        inv.due_date
    );
    if let Some(r) = &inv.refers_to {
        let _ = writeln!(h, "<dt>Cancels invoice</dt><dd>{}</dd>", esc(r));
    }
    if let Some(po) = &d.purchase_order {
        let _ = writeln!(h, "<dt>Purchase order</dt><dd>{}</dd>", esc(po));
    }
    let _ = write!(h, "<dt>User ID</dt><dd>{}</dd>\n</dl>\n", esc(&d.billing_contact_user_id));
    if inv.status == InvoiceStatus::Void {
        let _ = writeln!(
            h,
            "<p class=\"void\">VOID{}</p>",
            inv.void_reason.as_deref().map(|r| format!(": {}", esc(r))).unwrap_or_default()
        );
    }
    let _ = write!(
        h,
        "</div>\n</header>\n<section class=\"parties\">\n<div class=\"bill-to\"><h2>Bill to</h2><strong>{}</strong><br>{}</div>\n</section>\n",
        esc(&d.bill_to_name),
        d.bill_to.printed_lines().iter().map(|l| esc(l)).collect::<Vec<_>>().join("<br>")
    );
    h.push_str("<table class=\"lines\">\n<thead><tr><th>Description</th><th class=\"num\">Quantity</th><th class=\"num\">Unit price</th><th class=\"num\">VAT</th><th class=\"num\">Net</th></tr></thead>\n<tbody>\n");
    for l in &d.lines {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}&nbsp;%</td><td class=\"num\">{}</td></tr>",
            esc(&l.description),
            l.quantity,
            l.unit_price,
            l.vat_rate,
            l.net.amount()
        );
    }
    let cur = d.totals.total.currency();
    let _ = write!(
        h,
        "</tbody>\n</table>\n<table class=\"totals\">\n<tr><td>Net</td><td class=\"num\">{} {cur}</td></tr>\n",
        d.totals.net.amount()
    );
    for v in &d.totals.vat_breakdown {
        let _ = writeln!(
            h,
            "<tr><td>VAT {}&nbsp;% on {}</td><td class=\"num\">{} {cur}</td></tr>",
            v.rate,
            v.taxable.amount(),
            v.vat.amount()
        );
    }
    // The VAT total (EN 16931 BT-110), so that an invoice with several rates shows it too.
    let _ = writeln!(h, "<tr><td>VAT</td><td class=\"num\">{} {cur}</td></tr>", d.totals.vat.amount());
    let _ = write!(
        h,
        "<tr class=\"grand\"><td>Total</td><td class=\"num\">{} {cur}</td></tr>\n</table>\n\
         <section class=\"payment\"><h2>Payment</h2><p>{}</p>\n<p>Creditor reference: {}</p></section>\n</body>\n</html>\n",
        d.totals.total.amount(),
        esc(&d.payment_instructions),
        esc(&inv.creditor_reference.printed())
    );
    h
}

/// The invoice as plain text.
pub fn text(inv: &Invoice) -> String {
    let d = &inv.document;
    let mut t = String::with_capacity(2048);
    let _ = writeln!(t, "{}", d.issuer.legal_name);
    for l in d.issuer.address.printed_lines() {
        let _ = writeln!(t, "{l}");
    }
    let _ = writeln!(t, "Tax ID: {}\n", d.issuer.tax_id);
    let _ = writeln!(t, "{} {}", title(inv).to_uppercase(), inv.number);
    if inv.status == InvoiceStatus::Void {
        let _ = writeln!(t, "*** VOID{} ***", inv.void_reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default());
    }
    let _ = writeln!(t, "Issue date:     {}", inv.issue_date);
    let _ = writeln!(t, "Due date:       {}", inv.due_date);
    if let Some(r) = &inv.refers_to {
        let _ = writeln!(t, "Cancels:        {r}");
    }
    if let Some(po) = &d.purchase_order {
        let _ = writeln!(t, "Purchase order: {po}");
    }
    let _ = writeln!(t, "User ID:        {}\n", d.billing_contact_user_id);
    let _ = writeln!(t, "Bill to:\n{}", d.bill_to_name);
    for l in d.bill_to.printed_lines() {
        let _ = writeln!(t, "{l}");
    }
    let _ = writeln!(t, "\n{:<36} {:>8} {:>12} {:>6} {:>12}", "Description", "Qty", "Unit price", "VAT %", "Net");
    let _ = writeln!(t, "{}", "-".repeat(78));
    for l in &d.lines {
        let desc: String = l.description.chars().take(36).collect();
        let _ = writeln!(
            t,
            "{desc:<36} {:>8} {:>12} {:>6} {:>12}",
            l.quantity.to_string(),
            l.unit_price.to_string(),
            l.vat_rate.to_string(),
            l.net.amount().to_string()
        );
    }
    let _ = writeln!(t, "{}", "-".repeat(78));
    let cur = d.totals.total.currency();
    let _ = writeln!(t, "{:<60} {:>13} {cur}", "Net", d.totals.net.amount().to_string());
    for v in &d.totals.vat_breakdown {
        let _ = writeln!(
            t,
            "{:<60} {:>13} {cur}",
            format!("VAT {} % on {}", v.rate, v.taxable.amount()),
            v.vat.amount().to_string()
        );
    }
    let _ = writeln!(t, "{:<60} {:>13} {cur}", "VAT", d.totals.vat.amount().to_string());
    let _ = writeln!(t, "{:<60} {:>13} {cur}", "TOTAL", d.totals.total.amount().to_string());
    let _ = writeln!(t, "\nPayment: {}", d.payment_instructions);
    // PAYM-1: printed on every invoice, also on those issued before the instructions named it.
    let _ = writeln!(t, "Creditor reference: {}", inv.creditor_reference.printed());
    t
}
