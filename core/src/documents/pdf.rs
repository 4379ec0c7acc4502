//! Invoices and credit notes as PDF/A-3b with the EN 16931 e-invoice embedded (EINV-3), in the
//! document's language (DOCS-1).
//!
//! Written with `pdf-writer` (the PDF object writer under Typst and `krilla`), `xmp-writer` for
//! the metadata and `subsetter` to embed only the glyphs used. `krilla` would lay out text and
//! check PDF/A on its own, but it writes the XMP packet itself and has no way yet to add the
//! Factur-X extension schema the e-invoice needs; so the document is built one level lower,
//! where every PDF/A-3b requirement is met explicitly:
//!
//! - version 1.7 with a binary marker, a file ID, no encryption, no Info dictionary (the XMP
//!   packet is the one source of metadata) and an uncompressed XMP stream declaring
//!   `pdfaid:part` 3 and `pdfaid:conformance` B;
//! - an sRGB output intent ([`super::srgb`]), so that the device colours used are defined;
//! - fonts embedded as subsets of Liberation Sans (SIL OFL 1.1, shipped in `fonts/`, never read
//!   from the host), as CID fonts with widths taken from the font itself, a ToUnicode map for
//!   text extraction, and no reference to `.notdef` (characters the font lacks print as `?`);
//! - the XML as an embedded file `factur-x.xml` (MIME type text/xml, modification date) whose
//!   file specification has `AFRelationship /Alternative` and is listed both in the catalog's
//!   `/AF` array and in its `EmbeddedFiles` name tree, and the Factur-X XMP extension schema
//!   (`fx:DocumentType` INVOICE, `fx:DocumentFileName`, `fx:Version` 1.0,
//!   `fx:ConformanceLevel` EN 16931).
//!
//! The output depends on nothing but its inputs: dates come from the invoice, the file ID from a
//! hash of the content. The same invoice prints to the same bytes.

use super::fonts::{self, Face, FaceId};
use super::tax_statement::TaxStatement;
use super::{locale, srgb};
use crate::documents::locale::Labels;
use crate::domain::invoice::{Invoice, InvoiceKind, InvoiceStatus};
use crate::error::{Error, Result};
use crate::values::{Language, Money};
use pdf_writer::types::{AssociationKind, CidFontType, FontFlags, OutputIntentSubtype, SystemInfo};
use pdf_writer::writers::Type0Font;
use pdf_writer::{Content, Date as PdfDate, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;
use xmp_writer::{CustomNamespace, DateTime as XmpDateTime, Namespace, Timezone, XmpWriter};

/// The file name of the embedded e-invoice, as Factur-X 1.0 and ZUGFeRD 2 require.
pub const FACTUR_X_FILE_NAME: &str = "factur-x.xml";

const FACTUR_X_NS: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

// A4 in points, and the margins of the text block.
const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 56.0;
const RIGHT: f32 = PAGE_W - 56.0;
const TOP: f32 = PAGE_H - 56.0;
const BOTTOM: f32 = 78.0;

// Columns of the line table: the description is wrapped to its column, numbers are
// right-aligned at these edges.
const COL_DESC_W: f32 = 232.0;
const COL_QTY: f32 = 345.0;
const COL_PRICE: f32 = 420.0;
const COL_VAT: f32 = 468.0;
const COL_NET: f32 = RIGHT - 4.0;

const INK: Rgb = Rgb(0.10, 0.11, 0.13);
const MUTED: Rgb = Rgb(0.38, 0.40, 0.44);
const RULE: Rgb = Rgb(0.80, 0.82, 0.85);
const BAND: Rgb = Rgb(0.93, 0.94, 0.96);
const ACCENT: Rgb = Rgb(0.09, 0.27, 0.50);
const ALERT: Rgb = Rgb(0.70, 0.07, 0.07);

/// Renders `invoice` in `lang` as a PDF/A-3b and embeds `factur_x_xml` (the invoice as EN 16931
/// CII) as `factur-x.xml`.
///
/// # Errors
/// [`Error::InvalidInput`] if `factur_x_xml` is empty; a font that cannot be subset (the shipped
/// ones always can) is a [`Error::Storage`] "pdf font" failure.
pub fn render(invoice: &Invoice, lang: Language, factur_x_xml: &[u8]) -> Result<Vec<u8>> {
    if factur_x_xml.is_empty() {
        return Err(Error::invalid("factur_x_xml", "the e-invoice to embed is empty"));
    }
    let mut fonts = Fonts::load()?;
    let tax = TaxStatement::from_cii(factur_x_xml);
    let pages = layout(invoice, lang, &tax, &mut fonts);
    write(invoice, lang, factur_x_xml, &fonts, pages)
}

#[derive(Clone, Copy)]
struct Rgb(f32, f32, f32);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Weight {
    Regular,
    Bold,
}

/// One font as this document uses it: the glyphs used so far (renumbered from 1 for the
/// subset), their widths and the characters they stand for.
struct Font {
    face: &'static Face,
    glyphs: GlyphRemapper,
    /// New glyph ID -> (advance in font units, the character it shows).
    used: BTreeMap<u16, (u16, char)>,
    resource: &'static [u8],
}

impl Font {
    fn advance(&self, glyph: u16) -> u16 {
        self.face.face.glyph_hor_advance(ttf_parser::GlyphId(glyph)).unwrap_or(0)
    }

    fn units(&self) -> f32 {
        f32::from(self.face.face.units_per_em())
    }

    /// The glyph's CID in this document's subset (CID = new glyph ID, CIDToGIDMap /Identity).
    fn encode(&mut self, glyph: u16, shown: char) -> [u8; 2] {
        let new = self.glyphs.remap(glyph);
        let advance = self.advance(glyph);
        self.used.entry(new).or_insert((advance, shown));
        new.to_be_bytes()
    }

    /// The six-letter subset tag PDF requires before a subset font's name, from the glyphs used.
    fn subset_name(&self, family: &str) -> String {
        let mut h = Sha256::new();
        h.update(family.as_bytes());
        for g in self.glyphs.remapped_gids() {
            h.update(g.to_be_bytes());
        }
        let tag: String = h.finalize().iter().take(6).map(|b| char::from(b'A' + b % 26)).collect();
        format!("{tag}+{family}")
    }
}

/// The document's fonts, one per shipped face, of which only those used are embedded.
struct Fonts {
    faces: &'static [Face; 4],
    fonts: Vec<Font>,
}

impl Fonts {
    fn load() -> Result<Self> {
        let faces = fonts::faces().ok_or_else(font_failure)?;
        let resources: [&'static [u8]; 4] = [b"F1", b"F2", b"F3", b"F4"];
        let fonts = FaceId::ALL
            .iter()
            .zip(resources)
            .map(|(id, resource)| Font {
                face: &faces[*id as usize],
                glyphs: GlyphRemapper::new(),
                used: BTreeMap::new(),
                resource,
            })
            .collect();
        Ok(Fonts { faces, fonts })
    }

    /// The face and glyph that print `c`. A character no font has (text stored before
    /// [`fonts::covers`] was checked on entry) prints as `?` in the main font: PDF/A forbids
    /// showing `.notdef`.
    fn glyph(&self, w: Weight, c: char) -> (FaceId, u16, char) {
        let c = if c.is_control() { ' ' } else { c };
        let bold = w == Weight::Bold;
        match fonts::pick(self.faces, bold, c) {
            Some((id, g)) => (id, g, c),
            None => {
                let main = FaceId::chain(bold)[0];
                (main, self.faces[main as usize].glyph('?').unwrap_or(0), '?')
            }
        }
    }

    /// `s` as runs of one font each: the font's resource name and the run's CIDs.
    fn encode(&mut self, w: Weight, s: &str) -> Vec<(&'static [u8], Vec<u8>)> {
        let mut runs: Vec<(FaceId, Vec<u8>)> = Vec::new();
        for c in s.chars() {
            let (id, glyph, shown) = self.glyph(w, c);
            let cid = self.fonts[id as usize].encode(glyph, shown);
            match runs.last_mut() {
                Some((last, bytes)) if *last == id => bytes.extend_from_slice(&cid),
                _ => runs.push((id, cid.to_vec())),
            }
        }
        runs.into_iter().map(|(id, bytes)| (self.fonts[id as usize].resource, bytes)).collect()
    }

    /// Width of `s` at `size` points.
    fn width(&self, w: Weight, s: &str, size: f32) -> f32 {
        s.chars()
            .map(|c| {
                let (id, glyph, _) = self.glyph(w, c);
                let font = &self.fonts[id as usize];
                f32::from(font.advance(glyph)) * size / font.units()
            })
            .sum()
    }

    /// The fonts that print something in this document.
    fn used(&self) -> impl Iterator<Item = &Font> {
        self.fonts.iter().filter(|f| !f.used.is_empty())
    }

    /// `text` broken into lines no wider than `width`, at spaces where it can be and inside a
    /// word where a word alone is too wide.
    fn wrap(&self, w: Weight, size: f32, width: f32, text: &str) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if self.width(w, &candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the column (an IBAN, a long reference) is cut where it must be.
                for c in word.chars() {
                    let mut next = line.clone();
                    next.push(c);
                    if self.width(w, &next, size) > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = next;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

fn font_failure() -> Error {
    Error::Storage("pdf font".into())
}

/// The pages being drawn, and where the next line goes.
struct Canvas<'f> {
    fonts: &'f mut Fonts,
    pages: Vec<Content>,
    /// The page being drawn on.
    current: usize,
    y: f32,
    /// Drawn at the top of every page after the first: the document's title and number.
    running_head: String,
}

impl<'f> Canvas<'f> {
    fn page(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.pages.push(Content::new());
        }
        let at = self.current.min(self.pages.len() - 1);
        &mut self.pages[at]
    }

    fn text(&mut self, w: Weight, size: f32, color: Rgb, x: f32, y: f32, s: &str) {
        let runs = self.fonts.encode(w, s);
        let page = self.page();
        page.set_fill_rgb(color.0, color.1, color.2);
        page.begin_text();
        page.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
        // Each run moves the text position by its glyphs' widths, so the next font's run
        // continues where this one ended.
        for (resource, encoded) in runs {
            page.set_font(Name(resource), size);
            page.show(Str(&encoded));
        }
        page.end_text();
    }

    fn text_right(&mut self, w: Weight, size: f32, color: Rgb, right: f32, y: f32, s: &str) {
        let x = right - self.fonts.width(w, s, size);
        self.text(w, size, color, x, y, s);
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32, color: Rgb) {
        let page = self.page();
        page.set_stroke_rgb(color.0, color.1, color.2);
        page.set_line_width(width);
        page.move_to(x1, y);
        page.line_to(x2, y);
        page.stroke();
    }

    fn band(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        let page = self.page();
        page.set_fill_rgb(color.0, color.1, color.2);
        page.rect(x, y, w, h);
        page.fill_nonzero();
    }

    /// Makes room for `height` points, starting a new page when this one is full. Returns true
    /// when it did.
    fn ensure(&mut self, height: f32) -> bool {
        if self.y - height >= BOTTOM {
            return false;
        }
        self.pages.push(Content::new());
        self.current = self.pages.len() - 1;
        self.y = TOP;
        let head = self.running_head.clone();
        self.text(Weight::Bold, 9.0, MUTED, LEFT, self.y, &head);
        self.y -= 22.0;
        true
    }
}

fn address_block(c: &mut Canvas<'_>, lines: &[String], x: f32, mut y: f32, size: f32, color: Rgb) -> f32 {
    for l in lines {
        c.text(Weight::Regular, size, color, x, y, l);
        y -= size * 1.35;
    }
    y
}

/// Lays the document out on pages; returns their content streams.
fn layout(invoice: &Invoice, lang: Language, tax: &TaxStatement, fonts: &mut Fonts) -> Vec<Content> {
    let d = &invoice.document;
    let w = locale::labels(lang);
    let title = locale::title(invoice.kind, lang);
    let cur = d.totals.total.currency();
    let credit_note = invoice.kind == InvoiceKind::CreditNote;
    // A credit note is stored with negated amounts; it prints them as positive ones under its
    // title, as its e-invoice writes them (type 381).
    let sign = if credit_note { Decimal::NEGATIVE_ONE } else { Decimal::ONE };
    let amount = move |m: &Money| locale::amount(m.amount() * sign, cur, lang);
    let mut c =
        Canvas { fonts, pages: Vec::new(), current: 0, y: TOP, running_head: format!("{title} {}", invoice.number) };

    // Issuer, top left.
    c.text(Weight::Bold, 13.0, INK, LEFT, TOP, &d.issuer.legal_name);
    let mut issuer_lines = locale::address_lines(&d.issuer.address, lang);
    issuer_lines.extend(tax.seller_lines(&d.issuer.tax_id, w));
    let issuer_end = address_block(&mut c, &issuer_lines, LEFT, TOP - 16.0, 8.5, MUTED);

    // Title and the facts of the document, top right.
    c.text_right(Weight::Bold, 20.0, ACCENT, RIGHT, TOP - 4.0, title);
    c.text_right(Weight::Regular, 11.0, INK, RIGHT, TOP - 21.0, &invoice.number);
    let mut facts = vec![(w.issue_date, locale::date(invoice.issue_date, lang))];
    // A credit note asks for no payment, so it has no due date.
    if !credit_note {
        facts.push((w.due_date, locale::date(invoice.due_date, lang)));
    }
    if let Some(r) = &invoice.refers_to {
        facts.push((w.cancels, r.clone()));
    }
    if let Some(po) = &d.purchase_order {
        facts.push((w.purchase_order, po.clone()));
    }
    if let Some(p) = &d.service_period {
        facts.push((w.service_period, locale::period(p, lang)));
    }
    facts.push((w.user_id, d.billing_contact_user_id.clone()));
    let mut y = TOP - 44.0;
    for (label, value) in &facts {
        c.text(Weight::Regular, 8.5, MUTED, 362.0, y, label);
        c.text_right(Weight::Regular, 9.0, INK, RIGHT, y, value);
        y -= 13.0;
    }

    // The customer's address, where a window envelope shows it.
    let mut y = issuer_end.min(y) - 24.0;
    c.text(Weight::Regular, 8.0, MUTED, LEFT, y, w.bill_to);
    y -= 14.0;
    c.text(Weight::Bold, 10.5, INK, LEFT, y, &d.bill_to_name);
    let mut bill_to = locale::address_lines(&d.bill_to, lang);
    bill_to.extend(tax.buyer_line(w));
    y = address_block(&mut c, &bill_to, LEFT, y - 13.5, 9.5, INK);

    if invoice.status == InvoiceStatus::Void {
        let reason = invoice.void_reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
        c.text(Weight::Bold, 11.0, ALERT, LEFT, y - 10.0, &format!("{}{reason}", w.void));
        y -= 24.0;
    }
    c.y = y - 22.0;

    lines_table(&mut c, invoice, w, lang, sign);
    totals(&mut c, invoice, w, lang, &amount);

    // Notes and how to pay.
    let mut notes: Vec<&str> = Vec::new();
    if tax.reverse_charge {
        notes.push(w.reverse_charge);
    }
    for note in notes {
        let lines = c.fonts.wrap(Weight::Bold, 9.0, RIGHT - LEFT, note);
        c.ensure(lines.len() as f32 * 12.0 + 8.0);
        for l in lines {
            c.text(Weight::Bold, 9.0, INK, LEFT, c.y, &l);
            c.y -= 12.0;
        }
        c.y -= 8.0;
    }
    let lines = c.fonts.wrap(Weight::Regular, 9.5, RIGHT - LEFT, &d.payment_instructions);
    c.ensure(18.0 + lines.len() as f32 * 13.0);
    // A credit note's instructions say what becomes of money already paid; they ask for none,
    // so they stand without the payment heading.
    if !credit_note {
        c.text(Weight::Bold, 10.0, ACCENT, LEFT, c.y, w.payment);
        c.y -= 15.0;
    }
    for l in lines {
        c.ensure(13.0);
        c.text(Weight::Regular, 9.5, INK, LEFT, c.y, &l);
        c.y -= 13.0;
    }

    // Footer on every page: the e-invoice note and the page number.
    let count = c.pages.len();
    for i in 0..count {
        let page = format!("{} {} {} {count}", w.page, i + 1, w.of);
        c.current = i;
        c.rule(LEFT, RIGHT, 52.0, 0.5, RULE);
        c.text(Weight::Regular, 7.5, MUTED, LEFT, 40.0, w.e_invoice_note);
        c.text_right(Weight::Regular, 7.5, MUTED, RIGHT, 40.0, &page);
    }
    c.pages
}

fn table_head(c: &mut Canvas<'_>, w: &Labels) {
    c.band(LEFT, c.y - 5.0, RIGHT - LEFT, 17.0, BAND);
    let y = c.y;
    c.text(Weight::Bold, 8.5, INK, LEFT + 4.0, y, w.description);
    c.text_right(Weight::Bold, 8.5, INK, COL_QTY, y, w.quantity);
    c.text_right(Weight::Bold, 8.5, INK, COL_PRICE, y, w.unit_price);
    c.text_right(Weight::Bold, 8.5, INK, COL_VAT, y, w.vat_rate);
    c.text_right(Weight::Bold, 8.5, INK, COL_NET, y, w.net);
    c.y -= 20.0;
}

fn lines_table(c: &mut Canvas<'_>, invoice: &Invoice, w: &Labels, lang: Language, sign: Decimal) {
    let d = &invoice.document;
    let cur = d.totals.total.currency();
    c.text_right(Weight::Regular, 8.0, MUTED, RIGHT, c.y + 4.0, &format!("{} {cur}", w.amounts_in));
    c.y -= 12.0;
    table_head(c, w);
    for line in &d.lines {
        let desc = c.fonts.wrap(Weight::Regular, 9.5, COL_DESC_W, &line.description);
        let height = desc.len() as f32 * 12.5 + 6.0;
        if c.ensure(height) {
            table_head(c, w);
        }
        let top = c.y;
        c.text_right(Weight::Regular, 9.5, INK, COL_QTY, top, &locale::number(line.quantity, lang));
        let price = locale::unit_price(line.unit_price * sign, cur, lang);
        c.text_right(Weight::Regular, 9.5, INK, COL_PRICE, top, &price);
        c.text_right(Weight::Regular, 9.5, INK, COL_VAT, top, &locale::percent(line.vat_rate, lang));
        c.text_right(Weight::Regular, 9.5, INK, COL_NET, top, &locale::amount(line.net.amount() * sign, cur, lang));
        for l in &desc {
            c.text(Weight::Regular, 9.5, INK, LEFT + 4.0, c.y, l);
            c.y -= 12.5;
        }
        c.rule(LEFT, RIGHT, c.y + 6.0, 0.4, RULE);
        c.y -= 6.0;
    }
}

fn totals(c: &mut Canvas<'_>, invoice: &Invoice, w: &Labels, lang: Language, amount: &dyn Fn(&Money) -> String) {
    let t = &invoice.document.totals;
    let cur = t.total.currency().code();
    let label_x = 282.0;
    let mut rows: Vec<(String, String, Weight)> = vec![(w.net.to_owned(), amount(&t.net), Weight::Regular)];
    for v in &t.vat_breakdown {
        rows.push((
            format!("{} {} ({} {})", w.vat, locale::percent(v.rate, lang), w.net, amount(&v.taxable)),
            amount(&v.vat),
            Weight::Regular,
        ));
    }
    if t.vat_breakdown.len() != 1 {
        rows.push((w.vat.to_owned(), amount(&t.vat), Weight::Regular));
    }
    c.ensure(rows.len() as f32 * 14.0 + 34.0);
    c.y -= 6.0;
    for (label, value, weight) in rows {
        c.text(weight, 9.5, INK, label_x, c.y, &label);
        c.text_right(weight, 9.5, INK, COL_NET, c.y, &format!("{value} {cur}"));
        c.y -= 14.0;
    }
    c.rule(label_x, RIGHT, c.y + 9.0, 1.2, INK);
    c.y -= 6.0;
    c.text(Weight::Bold, 11.0, INK, label_x, c.y, w.total);
    c.text_right(Weight::Bold, 11.0, INK, COL_NET, c.y, &format!("{} {cur}", amount(&t.total)));
    c.y -= 30.0;
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

fn pdf_date(d: time::Date) -> PdfDate {
    PdfDate::new(u16::try_from(d.year()).unwrap_or(2000))
        .month(u8::from(d.month()))
        .day(d.day())
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn xmp_date(d: time::Date) -> XmpDateTime {
    XmpDateTime::new(u16::try_from(d.year()).unwrap_or(2000), u8::from(d.month()), d.day(), 0, 0, 0, Timezone::Utc)
}

/// The XMP packet: Dublin Core, PDF/A identification, and the Factur-X properties with the
/// extension schema that PDF/A requires for them.
fn metadata(invoice: &Invoice, lang: Language) -> String {
    let title = format!("{} {}", locale::title(invoice.kind, lang), invoice.number);
    let date = xmp_date(invoice.issue_date);
    let fx = || Namespace::Custom(Box::new(CustomNamespace::new("Factur-X PDFA Extension", "fx", FACTUR_X_NS)));
    let mut xmp = XmpWriter::new();
    xmp.title([(None, title.as_str())]);
    xmp.creator([invoice.document.issuer.legal_name.as_str()]);
    xmp.language([xmp_writer::LangId(lang.code())]);
    xmp.producer(concat!("corporate-billing ", env!("CARGO_PKG_VERSION")));
    xmp.creator_tool("corporate-billing");
    xmp.create_date(date);
    xmp.modify_date(date);
    xmp.metadata_date(date);
    xmp.pdfa_part(3);
    xmp.pdfa_conformance("B");
    xmp.element("DocumentType", fx()).value("INVOICE");
    xmp.element("DocumentFileName", fx()).value(FACTUR_X_FILE_NAME);
    xmp.element("Version", fx()).value("1.0");
    xmp.element("ConformanceLevel", fx()).value("EN 16931");
    {
        let mut schemas = xmp.extension_schemas();
        let mut schema = schemas.add_schema();
        schema.namespace(fx());
        let mut props = schema.properties();
        for (name, description) in [
            ("DocumentFileName", "The name of the embedded XML document"),
            ("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"),
            ("Version", "The actual version of the standard applying to the embedded XML document"),
            ("ConformanceLevel", "The conformance level of the embedded XML document"),
        ] {
            props.add_property().name(name).value_type("Text").category(false).description(description);
        }
    }
    xmp.finish(None)
}

/// Writes the PDF objects: catalog, pages, fonts, output intent, metadata and the e-invoice.
fn write(invoice: &Invoice, lang: Language, xml: &[u8], fonts: &Fonts, pages: Vec<Content>) -> Result<Vec<u8>> {
    let mut next = 1;
    let mut id = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let (catalog_id, pages_id, icc_id, xmp_id, file_id, spec_id) = (id(), id(), id(), id(), id(), id());
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (id(), id())).collect();
    let used: Vec<&Font> = fonts.used().collect();
    let font_ids: Vec<[Ref; 5]> = used.iter().map(|_| [id(), id(), id(), id(), id()]).collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);

    {
        let mut catalog = pdf.catalog(catalog_id);
        catalog.pages(pages_id);
        catalog.metadata(xmp_id);
        catalog.lang(TextStr(lang.code()));
        catalog.names().embedded_files().names().insert(Str(FACTUR_X_FILE_NAME.as_bytes()), spec_id);
        catalog.insert(Name(b"AF")).array().item(spec_id);
        catalog
            .output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("sRGB IEC61966-2.1"))
            .info(TextStr("sRGB IEC61966-2.1"))
            .dest_output_profile(icc_id);
    }
    let icc = srgb::profile();
    let icc_deflated = deflate(&icc);
    pdf.icc_profile(icc_id, &icc_deflated).n(3).range([0.0, 1.0, 0.0, 1.0, 0.0, 1.0]).filter(Filter::FlateDecode);

    let xmp = metadata(invoice, lang);
    pdf.metadata(xmp_id, xmp.as_bytes());

    // The e-invoice (Factur-X 1.0, section 6).
    let xml_deflated = deflate(xml);
    {
        let mut file = pdf.embedded_file(file_id, &xml_deflated);
        file.subtype(Name(b"text/xml"));
        file.filter(Filter::FlateDecode);
        file.params()
            .size(i32::try_from(xml.len()).unwrap_or(i32::MAX))
            .modification_date(pdf_date(invoice.issue_date));
    }
    {
        let mut spec = pdf.file_spec(spec_id);
        spec.path(Str(FACTUR_X_FILE_NAME.as_bytes()));
        spec.unic_file(TextStr(FACTUR_X_FILE_NAME));
        spec.description(TextStr("Factur-X / ZUGFeRD e-invoice (EN 16931)"));
        spec.insert(Name(b"EF")).dict().pair(Name(b"F"), file_id).pair(Name(b"UF"), file_id);
        spec.association_kind(AssociationKind::Alternative);
    }

    // Pages.
    pdf.pages(pages_id).kids(page_ids.iter().map(|(p, _)| *p)).count(i32::try_from(page_ids.len()).unwrap_or(1));
    for ((page_id, content_id), content) in page_ids.iter().zip(pages) {
        let stream = deflate(&content.finish().into_vec());
        pdf.stream(*content_id, &stream).filter(Filter::FlateDecode);
        let mut page = pdf.page(*page_id);
        page.parent(pages_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        page.contents(*content_id);
        let mut resources = page.resources();
        let mut f = resources.fonts();
        for (font, ids) in used.iter().zip(&font_ids) {
            f.pair(Name(font.resource), ids[0]);
        }
    }

    // Fonts: Type0 -> CIDFontType2 -> descriptor -> subset program, and the ToUnicode map.
    for (font, [type0_id, cid_id, descriptor_id, program_id, cmap_id]) in used.iter().zip(&font_ids) {
        let family = font
            .face
            .face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| font.face.fallback_name.into());
        let base = font.subset_name(&family);
        let mut type0: Type0Font<'_> = pdf.type0_font(*type0_id);
        type0.base_font(Name(base.as_bytes()));
        type0.encoding_predefined(Name(b"Identity-H"));
        type0.descendant_font(*cid_id);
        type0.to_unicode(*cmap_id);
        type0.finish();

        let units = font.units();
        let scale = |v: i16| f32::from(v) * 1000.0 / units;
        let system = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
        {
            let mut cid = pdf.cid_font(*cid_id);
            cid.subtype(CidFontType::Type2);
            cid.base_font(Name(base.as_bytes()));
            cid.system_info(system);
            cid.font_descriptor(*descriptor_id);
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
            let notdef = f32::from(font.advance(0)) * 1000.0 / units;
            let mut widths = cid.widths();
            widths.consecutive(0, [notdef]);
            for (gid, (advance, _)) in &font.used {
                widths.consecutive(*gid, [f32::from(*advance) * 1000.0 / units]);
            }
        }
        let face = &font.face.face;
        let bbox = face.global_bounding_box();
        pdf.font_descriptor(*descriptor_id)
            .name(Name(base.as_bytes()))
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(scale(bbox.x_min), scale(bbox.y_min), scale(bbox.x_max), scale(bbox.y_max)))
            .italic_angle(face.italic_angle())
            .ascent(scale(face.ascender()))
            .descent(scale(face.descender()))
            .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
            .stem_v(font.face.stem_v)
            .font_file2(*program_id);

        let subset = subsetter::subset(font.face.data, 0, &font.glyphs).map_err(|_| font_failure())?;
        let program = deflate(&subset);
        pdf.stream(*program_id, &program)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), i32::try_from(subset.len()).unwrap_or(i32::MAX));

        let mut cmap = pdf_writer::types::UnicodeCmap::new(
            Name(b"Custom"),
            SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"UCS"), supplement: 0 },
        );
        for (gid, (_, c)) in &font.used {
            cmap.pair(*gid, *c);
        }
        let cmap = cmap.finish();
        pdf.cmap(*cmap_id, &cmap);
    }

    // The file ID PDF/A requires, from the content, so that the same invoice gives the same file.
    let mut h = Sha256::new();
    h.update(invoice.number.as_bytes());
    h.update(xmp.as_bytes());
    h.update(xml);
    let digest = h.finalize();
    pdf.set_file_id((digest[..16].to_vec(), digest[16..].to_vec()));
    Ok(pdf.finish())
}

/// Invoices to print in tests: a German customer in German, a US customer in English, JPY and
/// BHD amounts, a credit note, a reverse-charge supply and a long invoice over several pages.
#[cfg(test)]
pub(crate) mod samples {
    use crate::domain::account::IssuerProfile;
    use crate::domain::invoice::{Invoice, InvoiceDocument, InvoiceKind, InvoiceStatus, ServicePeriod};
    use crate::domain::lines::{LineInput, price_lines};
    use crate::values::{
        AccountId, AddressLines, BillingAddress, Country, CreditorReference, Currency, InvoiceId, IssuerId, Language,
        Money,
    };
    use rust_decimal::Decimal;
    use time::macros::date;

    /// A minimal CII document that names the EN 16931 guideline: enough for the PDF tests, which
    /// prove the embedding, not the e-invoice (EINV-1 has its own tests).
    pub(crate) const PLACEHOLDER_XML: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
</rsm:CrossIndustryInvoice>
"#;

    fn address(country: &str, line1: &str, city: &str, region: &str, postal: &str) -> BillingAddress {
        let lines = AddressLines {
            line1: line1.into(),
            city: city.into(),
            region: region.into(),
            postal_code: postal.into(),
            ..Default::default()
        };
        BillingAddress::new(&lines, Country::parse(country).unwrap()).unwrap()
    }

    fn issuer() -> IssuerProfile {
        IssuerProfile {
            legal_name: "Nordlicht Software GmbH".into(),
            address: address("DE", "Friedrichstraße 68", "Berlin", "", "10117"),
            tax_id: "DE123456789".into(),
            invoice_prefix: "NL-".into(),
            remittance: "IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX".into(),
        }
    }

    pub(crate) struct Sample {
        pub name: &'static str,
        pub invoice: Invoice,
    }

    fn invoice(
        lang: Language,
        currency: &str,
        bill_to: (&str, BillingAddress),
        lines: &[(&str, Decimal, Decimal, Decimal)],
        kind: InvoiceKind,
    ) -> Invoice {
        let currency = Currency::parse(currency).unwrap();
        let inputs: Vec<LineInput> = lines
            .iter()
            .map(|(d, q, p, v)| LineInput { description: (*d).into(), quantity: *q, unit_price: *p, vat_rate: *v })
            .collect();
        let (mut lines, mut totals) = price_lines(&inputs, currency).unwrap();
        if kind == InvoiceKind::CreditNote {
            lines = lines
                .into_iter()
                .map(|l| crate::domain::lines::Line { unit_price: -l.unit_price, net: l.net.negated(), ..l })
                .collect();
            totals = totals.negated();
        }
        let (issue, due) = (date!(2026 - 12 - 01), date!(2026 - 12 - 31));
        let issuer = issuer();
        let number = "NL-000042";
        let reference = CreditorReference::for_invoice(IssuerId::generate(), number);
        let payment_instructions = crate::domain::invoice::payment_instructions(
            kind,
            &crate::values::PaymentMethod::WireTransfer,
            &issuer,
            (number, &reference, &totals.total, due),
            lang,
        );
        Invoice {
            id: InvoiceId::generate(),
            account_id: AccountId::generate(),
            number: number.into(),
            creditor_reference: reference,
            amount_paid: Money::zero(currency),
            balance_due: totals.total,
            dunning_stage: None,
            kind,
            refers_to: (kind == InvoiceKind::CreditNote).then(|| "NL-000041".into()),
            issue_date: issue,
            due_date: due,
            status: InvoiceStatus::Open,
            overdue: false,
            paid_on: None,
            void_reason: None,
            document: InvoiceDocument {
                issuer,
                bill_to_name: bill_to.0.into(),
                bill_to: bill_to.1,
                billing_contact_user_id: "j.mueller".into(),
                purchase_order: Some("PO-4500012345".into()),
                lines,
                totals,
                payment_instructions,
                service_period: Some(ServicePeriod { first_day: issue, last_day: issue + time::Duration::days(364) }),
                language: lang,
            },
        }
    }

    pub(crate) fn all() -> Vec<Sample> {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let muenchen = ("Müller & Söhne Maschinenbau AG", address("DE", "Leopoldstraße 12", "München", "", "80802"));
        let seattle =
            ("Cascade Analytics, Inc.", address("US", "1200 Fifth Avenue, Suite 400", "Seattle", "WA", "98101"));
        let tokyo = ("Sakura Systems K.K.", address("JP", "1-1 Marunouchi", "Chiyoda-ku", "Tokyo", "100-0005"));
        let manama = ("Pearl Gulf Trading W.L.L.", address("BH", "Building 247, Road 1704", "Manama", "", "317"));
        let lyon = ("Soierie Numérique SAS", address("FR", "12 rue de la République", "Lyon", "", "69002"));
        let seats = "Enterprise plan, annual subscription: seats for the term 2027-01-01 to 2027-12-31";
        let mut many = Vec::new();
        for i in 0..38 {
            many.push((
                if i % 3 == 0 { seats } else { "Professional services: onboarding workshop" },
                d("1.5"),
                d("1234.5"),
                d("19"),
            ));
        }
        let de_lines = [
            ("Enterprise-Plan, Jahresabonnement 2027 (Sitze)", d("25"), d("480"), d("19")),
            ("Einrichtung und Schulung vor Ort, zwei Tage inklusive Reisekosten", d("1"), d("2950"), d("19")),
            ("Fachbuch „Abrechnung in der Praxis“", d("3"), d("49.9"), d("7")),
        ];
        vec![
            Sample {
                name: "invoice-de",
                invoice: invoice(Language::De, "EUR", muenchen.clone(), &de_lines, InvoiceKind::Invoice),
            },
            Sample {
                name: "invoice-us-en",
                invoice: invoice(
                    Language::En,
                    "USD",
                    seattle,
                    &[("Enterprise plan, annual subscription (seats)", d("40"), d("399"), d("0"))],
                    InvoiceKind::Invoice,
                ),
            },
            Sample {
                name: "invoice-jpy",
                invoice: invoice(
                    Language::En,
                    "JPY",
                    tokyo,
                    &[("Enterprise plan, annual subscription (seats)", d("12"), d("59800"), d("10"))],
                    InvoiceKind::Invoice,
                ),
            },
            Sample {
                name: "invoice-bhd",
                invoice: invoice(
                    Language::En,
                    "BHD",
                    manama,
                    &[("Enterprise plan, annual subscription (seats)", d("7"), d("151.255"), d("10"))],
                    InvoiceKind::Invoice,
                ),
            },
            Sample {
                name: "invoice-fr-reverse-charge",
                invoice: invoice(
                    Language::En,
                    "EUR",
                    lyon,
                    &[("Enterprise plan, annual subscription (seats)", d("10"), d("480"), d("0"))],
                    InvoiceKind::Invoice,
                ),
            },
            Sample {
                name: "credit-note-de",
                invoice: invoice(Language::De, "EUR", muenchen.clone(), &de_lines, InvoiceKind::CreditNote),
            },
            Sample {
                name: "invoice-every-script",
                invoice: invoice(
                    Language::En,
                    "EUR",
                    ("Ωmega Δίκτυα Α.Ε. / ООО «Ромашка» 🚀", address("GR", "Οδός Ερμού 12", "Αθήνα", "", "105 63")),
                    &[
                        ("Поддержка ★★★ 24/7 ☎ — support 👍🎉", d("1"), d("100"), d("24")),
                        ("Ελληνικά: εγκατάσταση ✓ → ∞ ❤\u{fe0f} 😀", d("2"), d("50"), d("24")),
                    ],
                    InvoiceKind::Invoice,
                ),
            },
            Sample {
                name: "invoice-long",
                invoice: invoice(Language::De, "EUR", muenchen, &many, InvoiceKind::Invoice),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::samples::{PLACEHOLDER_XML, all};
    use super::*;

    fn find(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    // DOMAIN: EINV-3
    #[test]
    fn every_sample_is_a_pdf_a3_with_the_e_invoice_embedded_and_its_fonts_inside() {
        for s in all() {
            let pdf = render(&s.invoice, s.invoice.document.language, PLACEHOLDER_XML).unwrap();
            assert!(pdf.starts_with(b"%PDF-1.7"), "{}", s.name);
            for needle in [
                &b"/AFRelationship /Alternative"[..],
                b"/Subtype /text#2Fxml",
                b"(factur-x.xml)",
                b"/AF [",
                b"/EmbeddedFiles",
                b"/FontFile2",
                b"/S /GTS_PDFA1",
                b"<pdfaid:part>3</pdfaid:part>",
                b"<pdfaid:conformance>B</pdfaid:conformance>",
                b"<fx:DocumentType>INVOICE</fx:DocumentType>",
                b"<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
                b"<fx:Version>1.0</fx:Version>",
                b"<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>",
                b"urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
            ] {
                assert!(find(&pdf, needle), "{}: {}", s.name, String::from_utf8_lossy(needle));
            }
            // Fonts come from the library, never from the host: no standard-14 font is named.
            for host_font in [&b"/Helvetica"[..], b"/Arial", b"/Times"] {
                assert!(!find(&pdf, host_font), "{}", s.name);
            }
            if let Some(dir) = std::env::var_os("CORPORATE_BILLING_PDF_SAMPLES") {
                std::fs::write(std::path::Path::new(&dir).join(format!("{}.pdf", s.name)), &pdf).unwrap();
            }
        }
    }

    // DOMAIN: EINV-3
    #[test]
    fn the_same_invoice_prints_to_the_same_bytes_and_an_empty_e_invoice_is_refused() {
        let s = &all()[0];
        let a = render(&s.invoice, Language::De, PLACEHOLDER_XML).unwrap();
        let b = render(&s.invoice, Language::De, PLACEHOLDER_XML).unwrap();
        assert_eq!(a, b);
        assert!(matches!(render(&s.invoice, Language::De, b""), Err(Error::InvalidInput { .. })));
    }

    // DOMAIN: EINV-3, EINV-6
    #[test]
    fn a_character_no_font_has_prints_as_a_question_mark_never_as_notdef() {
        let mut fonts = Fonts::load().unwrap();
        let runs = fonts.encode(Weight::Regular, "A漢");
        let regular = &fonts.fonts[FaceId::Regular as usize];
        let question = regular.glyphs.get(regular.face.glyph('?').unwrap()).unwrap();
        assert_eq!(runs.len(), 1, "both in the main font");
        assert_eq!(&runs[0].1[2..], &question.to_be_bytes());
        assert!(fonts.fonts.iter().all(|f| f.used.keys().all(|g| *g != 0)), ".notdef is never shown");
    }

    // DOMAIN: EINV-6
    #[test]
    fn symbols_and_emoji_switch_to_the_fallback_fonts_and_back() {
        let mut fonts = Fonts::load().unwrap();
        let runs = fonts.encode(Weight::Bold, "Ab ★ 👍 Ωz");
        let resources: Vec<&[u8]> = runs.iter().map(|(r, _)| *r).collect();
        assert_eq!(resources, [&b"F2"[..], b"F3", b"F2", b"F4", b"F2"]);
        assert_eq!(fonts.used().count(), 3);
    }

    // DOMAIN: EINV-3
    #[test]
    fn a_long_invoice_runs_over_pages_and_every_page_is_numbered() {
        let long = all().into_iter().find(|s| s.name == "invoice-long").unwrap();
        let mut fonts = Fonts::load().unwrap();
        let pages = layout(&long.invoice, Language::De, &TaxStatement::default(), &mut fonts);
        assert!(pages.len() >= 2, "{} pages", pages.len());
    }

    // DOMAIN: EINV-6, EINV-3
    #[test]
    fn every_character_of_names_and_lines_prints_and_reads_back() {
        let s = all().into_iter().find(|s| s.name == "invoice-every-script").unwrap().invoice;
        let shown = shown_text(&s, Language::En, PLACEHOLDER_XML);
        let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown = flat(&shown);
        for expected in std::iter::once(&s.document.bill_to_name).chain(s.document.lines.iter().map(|l| &l.description))
        {
            assert!(fonts::covers(expected));
            assert!(shown.contains(&flat(expected)), "{expected} in {shown}");
        }
        assert!(!shown.contains('?'), "{shown}");
    }

    // DOMAIN: INV-3, EINV-4
    #[test]
    fn a_credit_note_prints_positive_amounts_the_invoice_it_cancels_and_asks_for_no_payment() {
        let s = all().into_iter().find(|s| s.name == "credit-note-de").unwrap().invoice;
        assert!(s.document.totals.total.amount().is_sign_negative(), "stored negated");
        let shown = shown_text(&s, Language::De, PLACEHOLDER_XML);
        assert!(shown.contains("Stornorechnung") && shown.contains("Storniert Rechnung NL-000041"), "{shown}");
        let total = locale::amount(-s.document.totals.total.amount(), s.document.totals.total.currency(), Language::De);
        assert!(shown.contains(&format!("Gesamtbetrag {total} EUR")), "{total} in {shown}");
        assert!(!shown.contains(" -") && !shown.contains("Fällig") && !shown.contains("Zahlung\n"), "{shown}");
        let invoice = all().into_iter().find(|s| s.name == "invoice-de").unwrap().invoice;
        let shown = shown_text(&invoice, Language::De, PLACEHOLDER_XML);
        assert!(shown.contains("Fällig am") && shown.contains("Zahlung\n"), "{shown}");
    }

    // DOMAIN: EINV-6
    #[test]
    fn a_reverse_charge_e_invoice_prints_both_vat_ids_and_the_wording_in_the_documents_language() {
        let xml = br#"<rsm:CrossIndustryInvoice xmlns:rsm="r" xmlns:ram="a"><ram:SellerTradeParty><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty><ram:BuyerTradeParty><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR40303265045</ram:ID></ram:SpecifiedTaxRegistration></ram:BuyerTradeParty><ram:ApplicableTradeTax><ram:CategoryCode>AE</ram:CategoryCode></ram:ApplicableTradeTax></rsm:CrossIndustryInvoice>"#;
        let tax = TaxStatement::from_cii(xml);
        assert_eq!(tax.seller_vat_id.as_deref(), Some("DE123456789"));
        assert_eq!(tax.buyer_vat_id.as_deref(), Some("FR40303265045"));
        assert!(tax.reverse_charge);
        assert_eq!(TaxStatement::from_cii(PLACEHOLDER_XML), TaxStatement::default());
        let sample = all().into_iter().find(|s| s.name == "invoice-fr-reverse-charge").unwrap().invoice;
        for (lang, wording, vat_label) in [
            (Language::De, "Steuerschuldnerschaft des Leistungsempfängers", "USt-IdNr. des Leistungsempfängers"),
            (Language::En, "Reverse charge", "Customer VAT ID"),
        ] {
            let shown = shown_text(&sample, lang, xml);
            for needle in [wording, vat_label, "FR40303265045", "DE123456789"] {
                assert!(shown.contains(needle), "{lang:?}: {needle} in {shown}");
            }
            let without = shown_text(&sample, lang, PLACEHOLDER_XML);
            assert!(!without.contains(wording) && !without.contains("FR40303265045"), "{without}");
        }
    }

    /// The text of a PDF as poppler's `pdftotext` reads it (Debian poppler-utils, which
    /// scripts/test-rust installs): an outside reader of what the fonts' maps say is shown.
    pub(crate) fn pdftotext(pdf: &[u8]) -> String {
        let dir = std::env::temp_dir().join(format!("cb-pdftotext-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("doc.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .args(["-raw", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn shown_text(invoice: &Invoice, lang: Language, xml: &[u8]) -> String {
        pdftotext(&render(invoice, lang, xml).unwrap())
    }
}
