"""E-invoices cross the boundary as bytes (EINV-1, EINV-4, EINV-5)."""

import pytest

from corporate_billing import Forbidden, InvalidInput

from conftest import World


# DOMAIN: EINV-1
def test_the_contact_fetches_the_e_invoice_as_bytes(world: World) -> None:
    portal, contact = world.portal, world.contact()
    invoice = portal.accept_quote(contact, world.us, world.quote().id, "PO-2026-0042")
    xml = portal.e_invoice(contact, world.us, invoice.id)
    assert isinstance(xml, bytes) and xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b"<ram:ID>urn:cen.eu:en16931:2017</ram:ID>" in xml and invoice.number.encode() in xml
    assert b"<ram:TypeCode>380</ram:TypeCode>" in xml and b"PO-2026-0042" in xml
    with pytest.raises(Forbidden):
        portal.e_invoice(world.user, world.us, invoice.id)
    with pytest.raises(InvalidInput) as bad:
        portal.e_invoice(contact, world.us, invoice.id, "ubl")  # type: ignore[arg-type]
    assert bad.value.field == "profile"
    # XRechnung names what its rules need and the account lacks (BR-DE-15).
    with pytest.raises(InvalidInput) as missing:
        portal.e_invoice(contact, world.us, invoice.id, "xrechnung")
    assert missing.value.field == "buyer_reference"
    portal.set_buyer_reference(contact, world.us, "AP-77")
    portal.set_buyer_electronic_address(contact, world.us, ("EM", "ap@acme-robotics.example"))
    portal.set_issuer_e_invoicing(
        world.issuer_id,
        contact=("Accounts Receivable", "+1 206 555 0100", "ar@northwind.example"),
        electronic_address=("EM", "einvoice@northwind.example"),
        iban="DE44 5001 0517 5407 3249 31",
    )
    xr = portal.e_invoice(contact, world.us, invoice.id, "xrechnung")
    assert b"xrechnung_3.0" in xr and b"<ram:BuyerReference>AP-77</ram:BuyerReference>" in xr


# DOMAIN: EINV-4, EINV-5
def test_a_credit_note_is_type_381_and_the_contact_keeps_the_vat_id(world: World) -> None:
    portal, contact = world.portal, world.contact()
    assert portal.set_buyer_vat_id(contact, world.de, "de 987 654 321") == "DE987654321"
    with pytest.raises(InvalidInput) as bad:
        portal.set_leitweg_id(contact, world.de, "991-33333TEST-34")
    assert bad.value.field == "leitweg_id"
    assert portal.set_leitweg_id(contact, world.de, "991-33333test-33") == "991-33333TEST-33"
    invoice = portal.accept_quote(contact, world.us, world.quote().id, None)
    credit = portal.void_invoice(world.services, world.us, invoice.id, "Wrong seats")
    xml = portal.e_invoice(world.rep, world.us, credit.id)
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml
    assert f"<ram:IssuerAssignedID>{invoice.number}</ram:IssuerAssignedID>".encode() in xml


# DOMAIN: EINV-3, DOCS-1
def test_the_pdf_carries_the_e_invoice_and_documents_follow_the_chosen_language(world: World) -> None:
    portal, contact = world.portal, world.contact()
    assert portal.account(contact, world.us).document_language == "en"
    assert not portal.account(contact, world.us).document_language_chosen
    assert portal.set_document_language(contact, world.us, "de-CH") == "de"
    assert portal.account(contact, world.us).document_language_chosen
    invoice = portal.accept_quote(contact, world.us, world.quote().id, "PO-2026-0042")
    pdf = portal.print_invoice(contact, world.us, invoice.id, "pdf")
    assert pdf.content_type == "application/pdf" and pdf.file_name == f"{invoice.number}.pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf.text is None
    assert b"factur-x.xml" in pdf.content and b"pdfaid:part" in pdf.content
    text = portal.print_invoice(contact, world.us, invoice.id).text
    assert text is not None and "Rechnungsdatum" in text and "1.299,00" in text
    with pytest.raises(InvalidInput) as bad:
        portal.set_document_language(contact, world.us, "fr")
    assert bad.value.field == "document_language"
    assert portal.set_document_language(contact, world.us, None) == "en"


# DOMAIN: EINV-6
def test_the_account_format_and_an_xrechnung_ubl_and_a_peppol_invoice(world: World) -> None:
    portal, contact = world.portal, world.contact()
    invoice = portal.accept_quote(contact, world.us, world.quote().id, "PO-2026-0042")
    settings = portal.e_invoice_settings(contact, world.us)
    assert (settings.format, settings.chosen, settings.available) == ("factur_x_pdf", None, ["factur_x_pdf"])
    with pytest.raises(InvalidInput) as bad:
        portal.set_e_invoice_format(contact, world.us, "peppol_bis_ubl")
    assert bad.value.field == "e_invoice_format"
    with pytest.raises(InvalidInput) as unknown:
        portal.set_e_invoice_format(contact, world.us, "ubl")  # type: ignore[arg-type]
    assert unknown.value.field == "e_invoice_format"
    with pytest.raises(InvalidInput) as scheme:
        portal.set_buyer_electronic_address(contact, world.us, ("0208", "0403.170.702"))
    assert scheme.value.field == "electronic_address"
    portal.set_issuer_e_invoicing(
        world.issuer_id,
        vat_id="DE123456789",
        contact=("Accounts Receivable", "+1 206 555 0100", "ar@northwind.example"),
        electronic_address=("9930", "DE123456789"),
        iban="DE44 5001 0517 5407 3249 31",
    )
    portal.set_buyer_reference(contact, world.us, "AP-77")
    portal.set_buyer_electronic_address(contact, world.us, ("0060", "123456789"))
    settings = portal.e_invoice_settings(contact, world.us)
    assert settings.format == settings.default == "peppol_bis_ubl" and len(settings.available) == 4
    peppol = portal.e_invoice_document(contact, world.us, invoice.id)
    assert peppol.file_name == f"{invoice.number}.peppol.xml" and peppol.content_type == "application/xml"
    assert b"poacc:billing:3.0</cbc:CustomizationID>" in peppol.content
    assert b"<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>" in peppol.content
    chosen = portal.set_e_invoice_format(contact, world.us, "xrechnung_ubl")
    assert (chosen.format, chosen.chosen) == ("xrechnung_ubl", "xrechnung_ubl")
    xr = portal.e_invoice_document(contact, world.us, invoice.id)
    assert xr.file_name.endswith(".xrechnung-ubl.xml") and b"kosit:xrechnung_3.0</cbc:CustomizationID>" in xr.content
    pdf = portal.e_invoice_document(contact, world.us, invoice.id, "factur_x_pdf")
    assert pdf.content_type == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert portal.set_e_invoice_format(contact, world.us, None).chosen is None
