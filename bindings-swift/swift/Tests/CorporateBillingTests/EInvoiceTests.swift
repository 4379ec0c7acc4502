// E-invoice formats through the Swift bindings: the account's format, XRechnung UBL and Peppol BIS.
import CorporateBilling
import Foundation
import XCTest

final class EInvoiceTests: XCTestCase {
    // DOMAIN: EINV-6
    func testEInvoiceFormatsXRechnungUblAndPeppol() throws {
        let f = try Fixture()
        let portal = f.portal
        let quote = try f.issueStandardQuote()
        let invoice = try portal.acceptQuote(caller: f.contact, accountId: f.account, quoteId: quote.id, purchaseOrder: "PO-4711")
        XCTAssertEqual(try portal.eInvoiceSettings(caller: f.contact, accountId: f.account).available, [.facturXPdf])
        let refused = assertBillingError("invalid_input") {
            _ = try portal.setEInvoiceFormat(caller: f.contact, accountId: f.account, format: .peppolBisUbl)
        }
        guard case let .InvalidInput(field, _)? = refused else { return XCTFail("\(String(describing: refused))") }
        XCTAssertEqual(field, "e_invoice_format")
        try portal.setIssuerEInvoicing(issuerId: f.issuer, details: IssuerEInvoicing(
            vatId: "DE123456789", legalRegistrationId: "HRB 123456 B", taxNumber: nil,
            contact: SellerContact(name: "Accounts Receivable", phone: "+49 30 1234567", email: "ar@vendor.example"),
            electronicAddress: ElectronicAddress(scheme: "9930", identifier: "DE123456789"),
            iban: "DE44 5001 0517 5407 3249 31", bic: nil, sepaCreditorId: "DE98ZZZ09999999999"
        ))
        XCTAssertEqual(try portal.setBuyerVatId(caller: f.contact, accountId: f.account, vatId: "DE 987 654 321"), "DE987654321")
        try portal.setBuyerReference(caller: f.contact, accountId: f.account, reference: "AP-4711")
        try portal.setBuyerElectronicAddress(caller: f.contact, accountId: f.account,
                                             address: ElectronicAddress(scheme: "9930", identifier: "DE987654321"))
        let settings = try portal.eInvoiceSettings(caller: f.contact, accountId: f.account)
        XCTAssertEqual(settings.format, .peppolBisUbl)
        XCTAssertEqual(settings.available.count, 4)
        let peppol = try portal.eInvoiceDocument(caller: f.contact, accountId: f.account, invoiceId: invoice.id, format: nil)
        XCTAssertTrue(String(decoding: peppol.bytes, as: UTF8.self).contains("poacc:billing:3.0</cbc:CustomizationID>"))
        let chosen = try portal.setEInvoiceFormat(caller: f.contact, accountId: f.account, format: .xRechnungUbl)
        XCTAssertEqual(chosen.chosen, .xRechnungUbl)
        let xr = try portal.eInvoiceDocument(caller: f.contact, accountId: f.account, invoiceId: invoice.id, format: nil)
        XCTAssertTrue(xr.fileName.hasSuffix(".xrechnung-ubl.xml"))
        XCTAssertTrue(String(decoding: xr.bytes, as: UTF8.self).contains("kosit:xrechnung_3.0</cbc:CustomizationID>"))
    }
}
