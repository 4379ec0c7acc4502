//! How many PDF/A-3 invoices a second one core prints (EINV-3), beside a floor: the least any
//! Factur-X writer must do per document, which is to write a one-page PDF and deflate the
//! document's own bytes (its page content and its e-invoice) with the same compressor at the
//! same level. Library and floor calls alternate, so that the machine's changes of speed fall
//! on both alike; the median of the paired ratios is printed beside the medians.
//!
//! Run: `cargo bench -p corporate-billing --bench documents`

use corporate_billing::documents::pdf;
use corporate_billing::{
    AccountId, AddressLines, BillingAddress, Country, CreditorReference, Currency, Invoice, InvoiceDocument, InvoiceId,
    InvoiceKind, InvoiceStatus, IssuerProfile, Language, LineInput, Money, ServicePeriod, price_lines,
};
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref, Str};
use rust_decimal::Decimal;
use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};
use time::macros::date;

const ROUNDS: usize = 400;

fn address(line1: &str, postal_code: &str, city: &str, country: &str) -> Result<BillingAddress, Box<dyn Error>> {
    let lines =
        AddressLines { line1: line1.into(), city: city.into(), postal_code: postal_code.into(), ..Default::default() };
    Ok(BillingAddress::new(&lines, Country::parse(country)?)?)
}

/// A German invoice of four lines, as a renewal run prints them.
fn invoice(number: u32) -> Result<Invoice, Box<dyn Error>> {
    let eur = Currency::parse("EUR")?;
    let line = |d: &str, q: i64, p: i64, v: i64| LineInput {
        description: d.into(),
        quantity: Decimal::from(q),
        unit_price: Decimal::new(p, 2),
        vat_rate: Decimal::from(v),
    };
    let (lines, totals) = price_lines(
        &[
            line("Business-Plan, Jahresabonnement (Sitze), 01.03.2026 – 28.02.2027", 25, 114000, 19),
            line("Zusätzlicher Speicher, 500 GB", 2, 9900, 19),
            line("Einrichtung und Schulung vor Ort", 1, 295000, 19),
            line("Fachbuch „Abrechnung in der Praxis“", 3, 4990, 7),
        ],
        eur,
    )?;
    let id = InvoiceId::parse(&format!("0190a5c4-0000-7000-8000-{number:012}"))?;
    let number = format!("NWD-{number:06}");
    Ok(Invoice {
        id,
        account_id: AccountId::parse("0190a5c4-0000-7000-8000-000000000001")?,
        creditor_reference: CreditorReference::parse("RF18 5390 0754 7034")?,
        number,
        kind: InvoiceKind::Invoice,
        refers_to: None,
        issue_date: date!(2026 - 03 - 01),
        due_date: date!(2026 - 03 - 15),
        status: InvoiceStatus::Open,
        overdue: false,
        paid_on: None,
        void_reason: None,
        amount_paid: Money::zero(eur),
        balance_due: totals.total,
        dunning_stage: None,
        document: InvoiceDocument {
            issuer: IssuerProfile {
                legal_name: "Northwind Cloud GmbH".into(),
                address: address("Invalidenstraße 117", "10115", "Berlin", "DE")?,
                tax_id: "DE811907980".into(),
                invoice_prefix: "NWD-".into(),
                remittance: "IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX".into(),
            },
            bill_to_name: "Acme Robotik GmbH".into(),
            bill_to: address("Friedrichstraße 68", "10117", "Berlin", "DE")?,
            billing_contact_user_id: "dana.w".into(),
            purchase_order: Some("PO-4500012345".into()),
            lines,
            totals,
            payment_instructions:
                "Bitte überweisen Sie 35.519,57 EUR bis zum 15.03.2026 an Northwind Cloud GmbH: IBAN \
                                   DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX. Verwendungszweck: RF18 5390 0754 7034."
                    .into(),
            service_period: Some(ServicePeriod { first_day: date!(2026 - 03 - 01), last_day: date!(2027 - 02 - 28) }),
            language: Language::De,
        },
    })
}

/// An e-invoice of the size the portal embeds for such an invoice (about 7 kB of CII).
fn e_invoice(invoice: &Invoice) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsm:CrossIndustryInvoice \
         xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\" \
         xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\">\n",
    );
    xml.push_str(&format!("<rsm:ExchangedDocument><ram:ID>{}</ram:ID></rsm:ExchangedDocument>\n", invoice.number));
    for (i, l) in invoice.document.lines.iter().enumerate() {
        for _ in 0..4 {
            xml.push_str(&format!(
                "<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>{}</ram:LineID>\
                 </ram:AssociatedDocumentLineDocument><ram:SpecifiedTradeProduct><ram:Name>{}</ram:Name>\
                 </ram:SpecifiedTradeProduct><ram:BilledQuantity unitCode=\"C62\">{}</ram:BilledQuantity>\
                 <ram:LineTotalAmount>{}</ram:LineTotalAmount></ram:IncludedSupplyChainTradeLineItem>\n",
                i + 1,
                l.description,
                l.quantity,
                l.net.amount()
            ));
        }
    }
    xml.push_str("</rsm:CrossIndustryInvoice>\n");
    xml.into_bytes()
}

/// The floor: a one-page PDF whose page shows the invoice's texts, with that content and the
/// e-invoice deflated, and nothing else (no fonts, profile or metadata).
fn floor(invoice: &Invoice, xml: &[u8]) -> Vec<u8> {
    let mut content = Content::new();
    let mut y = 800.0;
    let d = &invoice.document;
    let texts = [d.issuer.legal_name.as_str(), d.bill_to_name.as_str(), d.payment_instructions.as_str()]
        .into_iter()
        .chain(d.lines.iter().map(|l| l.description.as_str()));
    for t in texts {
        content.begin_text();
        content.set_font(Name(b"F1"), 9.0);
        content.set_text_matrix([1.0, 0.0, 0.0, 1.0, 56.0, y]);
        // Two bytes a character, as the library's CID fonts show them.
        let cids: Vec<u8> = t.chars().flat_map(|c| (c as u16).to_be_bytes()).collect();
        content.show(Str(&cids));
        content.end_text();
        y -= 14.0;
    }
    let mut pdf = Pdf::new();
    let (catalog, pages, page, contents, file) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5));
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    pdf.page(page).parent(pages).media_box(Rect::new(0.0, 0.0, 595.0, 842.0)).contents(contents);
    let stream = miniz_oxide::deflate::compress_to_vec_zlib(&content.finish().into_vec(), 6);
    pdf.stream(contents, &stream).filter(Filter::FlateDecode);
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(xml, 6);
    pdf.embedded_file(file, &packed).filter(Filter::FlateDecode);
    pdf.finish()
}

/// On-CPU time of the calling thread so far (Linux `schedstat`): tells the work apart from time
/// spent waiting for a core on a busy machine. `None` where the file does not exist.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(stat.split_whitespace().next()?.parse().ok()?))
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn Error>> {
    let invoices: Vec<(Invoice, Vec<u8>)> = (1..=20)
        .map(|n| {
            let inv = invoice(n)?;
            let xml = e_invoice(&inv);
            Ok((inv, xml))
        })
        .collect::<Result<_, Box<dyn Error>>>()?;
    // The first document pays for what a process does once (parsing fonts, packing constants).
    let first = Instant::now();
    black_box(pdf::render(&invoices[0].0, Language::De, &invoices[0].1)?);
    let first = first.elapsed().as_secs_f64();

    let (mut library, mut floors, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut bytes, mut lib_cpu, mut floor_cpu) = (0, Duration::ZERO, Duration::ZERO);
    for round in 0..ROUNDS {
        let (inv, xml) = &invoices[round % invoices.len()];
        let cpu = thread_cpu();
        let t = Instant::now();
        let pdf = black_box(pdf::render(inv, Language::De, xml)?);
        let lib = t.elapsed().as_secs_f64();
        let cpu_between = thread_cpu();
        bytes = pdf.len();
        let t = Instant::now();
        black_box(floor(inv, xml));
        let fl = t.elapsed().as_secs_f64();
        if let (Some(a), Some(b), Some(c)) = (cpu, cpu_between, thread_cpu()) {
            lib_cpu += b - a;
            floor_cpu += c - b;
        }
        library.push(lib);
        floors.push(fl);
        ratios.push(lib / fl);
    }
    let (lib, fl, ratio) = (median(&mut library), median(&mut floors), median(&mut ratios));
    println!("PDF/A-3 invoice, 1 page, 4 lines, {ROUNDS} rounds alternating with the floor (one core)");
    println!("  first document of the process: {:.2} ms", first * 1e3);
    println!("  library: median {:.3} ms a document = {:.0} documents/s ({bytes} bytes)", lib * 1e3, 1.0 / lib);
    println!("  floor (one page and the e-invoice, deflated): median {:.3} ms = {:.0}/s", fl * 1e3, 1.0 / fl);
    println!("  library / floor: median of paired ratios {ratio:.2}x (of medians {:.2}x)", lib / fl);
    let per = |d: Duration| d.as_secs_f64() * 1e3 / ROUNDS as f64;
    println!(
        "  mean on-CPU: library {:.3} ms ({:.0} documents/s of CPU), floor {:.3} ms, ratio {:.2}x",
        per(lib_cpu),
        1e3 / per(lib_cpu),
        per(floor_cpu),
        lib_cpu.as_secs_f64() / floor_cpu.as_secs_f64()
    );
    Ok(())
}
