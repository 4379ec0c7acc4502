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
