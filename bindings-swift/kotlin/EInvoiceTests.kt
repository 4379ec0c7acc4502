// E-invoice formats through the Kotlin bindings: the account's format, XRechnung UBL and Peppol BIS.
package com.example.corporatebilling.tests

import com.example.corporatebilling.BillingException
import com.example.corporatebilling.EInvoiceFormat
import com.example.corporatebilling.ElectronicAddress
import com.example.corporatebilling.IssuerEInvoicing
import com.example.corporatebilling.SellerContact

// DOMAIN: EINV-6
fun eInvoiceFormatsXRechnungUblAndPeppol() = Fixture().use { f ->
    val portal = f.portal
    val quote = f.issueStandardQuote()
    val invoice = portal.acceptQuote(f.contact, f.account, quote.id, "PO-4711")
    val bare = portal.eInvoiceSettings(f.contact, f.account)
    assertEquals(listOf(EInvoiceFormat.FACTUR_X_PDF), bare.available, "only the PDF without buyer data")
    val refused = assertThrows<BillingException.InvalidInput>("invalid_input") {
        portal.setEInvoiceFormat(f.contact, f.account, EInvoiceFormat.PEPPOL_BIS_UBL)
    }
    assertEquals("e_invoice_format", refused.field, "field")
    val badScheme = assertThrows<BillingException.InvalidInput>("invalid_input") {
        portal.setBuyerElectronicAddress(f.contact, f.account, ElectronicAddress("0208", "0403.170.702"))
    }
    assertEquals("electronic_address", badScheme.field, "field")
    portal.setIssuerEInvoicing(f.issuer, IssuerEInvoicing(
        vatId = "DE123456789", legalRegistrationId = "HRB 123456 B", taxNumber = null,
        contact = SellerContact("Accounts Receivable", "+49 30 1234567", "ar@vendor.example"),
        electronicAddress = ElectronicAddress("9930", "DE123456789"),
        iban = "DE44 5001 0517 5407 3249 31", bic = null, sepaCreditorId = "DE98ZZZ09999999999",
    ))
    assertEquals("DE987654321", portal.setBuyerVatId(f.contact, f.account, "DE 987 654 321"), "buyer VAT ID")
    portal.setBuyerReference(f.contact, f.account, "AP-4711")
    portal.setBuyerElectronicAddress(f.contact, f.account, ElectronicAddress("9930", "DE987654321"))
    val settings = portal.eInvoiceSettings(f.contact, f.account)
    assertEquals(EInvoiceFormat.PEPPOL_BIS_UBL, settings.format, "a Peppol participant gets Peppol BIS")
    assertEquals(4, settings.available.size, "every format")
    val peppol = portal.eInvoiceDocument(f.contact, f.account, invoice.id, null).bytes.decodeToString()
    assertTrue("poacc:billing:3.0</cbc:CustomizationID>" in peppol && invoice.number in peppol, "Peppol BIS invoice")
    val chosen = portal.setEInvoiceFormat(f.contact, f.account, EInvoiceFormat.X_RECHNUNG_UBL)
    assertEquals(EInvoiceFormat.X_RECHNUNG_UBL, chosen.chosen, "chosen")
    val xr = portal.eInvoiceDocument(f.contact, f.account, invoice.id, null)
    assertTrue(xr.fileName.endsWith(".xrechnung-ubl.xml"), "file name ${xr.fileName}")
    assertTrue("kosit:xrechnung_3.0</cbc:CustomizationID>" in xr.bytes.decodeToString(), "XRechnung UBL invoice")
    assertEquals("991-33333TEST-33", portal.setLeitwegId(f.contact, f.account, "991-33333test-33"), "Leitweg-ID")
}
