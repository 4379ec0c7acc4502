// One full portal scenario through the Swift bindings: the boundary works for every kind of
// operation (setup, sign-in, quotes, invoices, billing data, requests, outbox, audit).
import CorporateBilling
import Foundation
import XCTest

final class PortalScenarioTests: XCTestCase {
    // DOMAIN: API-1
    func testFullPortalScenario() throws {
        let f = try Fixture()
        let portal = f.portal

        // DOMAIN: AUTH-1, ACC-4
        let again = try portal.signIn(userId: "  AP.Admin ", password: password)
        XCTAssertEqual(again.loginId, f.contactLogin)
        XCTAssertEqual(try portal.myAccounts(token: f.session.token), [ContactAccount(id: f.account, companyName: "Acme GmbH")])

        // DOMAIN: PRIV-1
        XCTAssertEqual(try portal.billingContact(caller: f.contact, accountId: f.account).userId, contactUsername)

        // A purchase order, then a quote: issued by the rep, listed, viewed and accepted.
        let po = try portal.addPurchaseOrder(caller: f.contact, accountId: f.account, number: "PO-4711", expiresOn: day(2026, 12, 31))
        XCTAssertEqual(po.expiresOn, day(2026, 12, 31))
        // DOMAIN: QUO-1, INV-5
        let issued = try f.issueStandardQuote()
        XCTAssertEqual(issued.status, .open)
        XCTAssertEqual(issued.totals.net, Money(amount: dec("690.00"), currency: "EUR"))
        XCTAssertEqual(issued.totals.vatBreakdown.map(\.vat.amount), [dec("31.50"), dec("45.60")])
        XCTAssertEqual(issued.totals.total, Money(amount: dec("767.10"), currency: "EUR"))
        // DOMAIN: QUO-2
        let listed = try portal.quotes(caller: f.contact, accountId: f.account)
        XCTAssertEqual(listed.map(\.id), [issued.id])
        XCTAssertEqual(try portal.quote(caller: f.contact, accountId: f.account, quoteId: issued.id), issued)
        // DOMAIN: QUO-4, QUO-5
        let invoice = try portal.acceptQuote(caller: f.contact, accountId: f.account, quoteId: issued.id, purchaseOrder: "PO-4711")
        XCTAssertEqual(invoice.kind, .invoice)
        XCTAssertEqual(invoice.status, .open)
        XCTAssertEqual(invoice.issueDate, day(2026, 3, 2))
        XCTAssertEqual(invoice.dueDate, day(2026, 4, 1))
        XCTAssertEqual(invoice.document.purchaseOrder, "PO-4711")
        XCTAssertEqual(invoice.document.totals.total.amount, dec("767.10"))
        XCTAssertEqual(try portal.quote(caller: f.contact, accountId: f.account, quoteId: issued.id).status, .accepted)
        XCTAssertEqual(try portal.account(caller: f.contact, accountId: f.account).subscription.seats, 30)

        // DOMAIN: INV-2, INV-3, AUTH-10
        let invoices = try portal.invoices(caller: f.contact, accountId: f.account)
        XCTAssertEqual(invoices.map(\.number), [invoice.number])
        XCTAssertEqual(invoices.first?.total, Money(amount: dec("767.10"), currency: "EUR"))
        XCTAssertEqual(try portal.invoice(caller: f.contact, accountId: f.account, invoiceId: invoice.id), invoice)
        // DOMAIN: DOCS-1, EINV-3
        let printed = try portal.printInvoice(caller: f.contact, accountId: f.account, invoiceId: invoice.id, format: .text)
        let text = String(decoding: printed.bytes, as: UTF8.self)
        // The account bills to Germany, so its documents are German.
        for expected in [invoice.number, contactUsername, "PO-4711", "767,10", "Rechnungsdatum"] {
            XCTAssertTrue(text.contains(expected), "printed invoice lacks \(expected)")
        }
        let html = try portal.printInvoice(caller: f.contact, accountId: f.account, invoiceId: invoice.id, format: .html)
        XCTAssertTrue(String(decoding: html.bytes, as: UTF8.self).contains("<html"))
        let pdf = try portal.printInvoice(caller: f.contact, accountId: f.account, invoiceId: invoice.id, format: .pdf)
        XCTAssertEqual(pdf.contentType, "application/pdf")
        XCTAssertEqual(String(decoding: pdf.bytes.prefix(5), as: UTF8.self), "%PDF-")
        XCTAssertEqual(try portal.setDocumentLanguage(caller: f.contact, accountId: f.account, language: .en), .en)
        XCTAssertEqual(try portal.account(caller: f.contact, accountId: f.account).documentLanguage, .en)
        // DOMAIN: EINV-1
        let xml: Data = try portal.eInvoice(caller: f.contact, accountId: f.account, invoiceId: invoice.id, profile: .facturX)
        let xmlText = String(decoding: xml, as: UTF8.self)
        XCTAssertTrue(xmlText.hasPrefix("<?xml") && xmlText.contains("<ram:TypeCode>380</ram:TypeCode>"))
        XCTAssertTrue(xmlText.contains(invoice.number) && xmlText.contains("767.10"))

        // Billing data the contact changes directly.
        // DOMAIN: ADDR-1
        let moved = try portal.changeAddress(caller: f.contact, accountId: f.account, lines: AddressLines(
            line1: "Friedrichstraße 100", line2: "3. OG", city: "Berlin", region: "", postalCode: "10117"
        ))
        XCTAssertEqual(moved.country, "DE")
        XCTAssertEqual(moved.line1, "Friedrichstraße 100")
        // DOMAIN: ADDR-2
        XCTAssertEqual(try portal.changePhone(caller: f.contact, accountId: f.account, phone: "030 98765432"), "+493098765432")
        // DOMAIN: REC-1
        try portal.addInvoiceRecipient(caller: f.contact, accountId: f.account, email: "ap@acme-gmbh.example")
        // DOMAIN: PAY-1, PAY-2
        let card = PaymentMethod.card(token: "tok_visa_4242", brand: .visa, last4: "4242", expMonth: 12, expYear: 2030)
        try portal.setPaymentMethod(caller: f.contact, accountId: f.account, method: card)
        let overview = try portal.account(caller: f.contact, accountId: f.account)
        XCTAssertEqual(overview.paymentMethod.details, .card(brand: .visa, expMonth: 12, expYear: 2030))
        XCTAssertEqual(try portal.storedPaymentMethod(accountId: f.account), card)
        XCTAssertEqual(overview.invoiceRecipients, ["ap@acme-gmbh.example"])
        XCTAssertEqual(overview.phone, "+493098765432")
        XCTAssertEqual(overview.billingAddress, moved)

        // A service request, completed by Account Services.
        // DOMAIN: SR-1, SR-2, SR-3
        let request = try portal.submitRequest(caller: f.contact, accountId: f.account, kind: .changeBillingInterval(interval: .quarterly))
        XCTAssertEqual(request.status, .open)
        let done = try portal.completeRequest(caller: f.accountServices, accountId: f.account, requestId: request.id, note: "from the next period")
        XCTAssertEqual(done.status, .completed)
        XCTAssertEqual(done.resolution, "from the next period")
        XCTAssertEqual(try portal.requests(caller: f.contact, accountId: f.account).map(\.status), [.completed])
        XCTAssertEqual(try portal.account(caller: f.contact, accountId: f.account).subscription.billingInterval, .quarterly)

        // Vendor staff: payment recorded, audit log verified.
        // DOMAIN: INV-6, PAYM-1
        let due = invoice.balanceDue
        let part = try portal.recordPayment(
            caller: f.accountServices, accountId: f.account, invoiceId: invoice.id,
            payment: NewPayment(amount: dec("100.00"), currency: due.currency, receivedOn: day(2026, 3, 10), method: .wireTransfer, reference: "first part"))
        XCTAssertEqual(part.status, .open)
        XCTAssertEqual(part.balanceDue.amount, due.amount - dec("100.00"))
        let paid = try portal.recordPayment(
            caller: f.accountServices, accountId: f.account, invoiceId: invoice.id,
            payment: NewPayment(amount: part.balanceDue.amount, currency: due.currency, receivedOn: day(2026, 3, 20), method: .wireTransfer, reference: "rest"))
        XCTAssertEqual(paid.status, .paid)
        XCTAssertEqual(paid.paidOn, day(2026, 3, 20))
        XCTAssertTrue(paid.creditorReference.hasPrefix("RF"))
        XCTAssertEqual(try portal.invoicePayments(caller: f.contact, accountId: f.account, invoiceId: invoice.id).count, 2)
        // DOMAIN: AUD-1
        let audit = try portal.auditLog(caller: f.accountServices, accountId: f.account)
        XCTAssertTrue(audit.map(\.action).contains("quote_issued"))
        XCTAssertGreaterThanOrEqual(try portal.verifyAuditLog(caller: f.accountServices), UInt64(audit.count))

        // The outbox: the host delivers and marks sent.
        // DOMAIN: NOTE-1, INV-4
        let pending = try portal.pendingNotifications(limit: 100)
        let kinds = Set(pending.map(\.kind))
        XCTAssertTrue(kinds.isSuperset(of: [.quoteIssued, .invoiceIssued, .requestCompleted]), "\(kinds)")
        XCTAssertTrue(pending.contains { $0.kind == .invoiceIssued && $0.recipient == contactEmail })
        for message in pending {
            try portal.markNotificationSent(id: message.id)
        }
        XCTAssertEqual(try portal.pendingNotifications(limit: 100), [])

        // DOMAIN: AUTH-6
        try portal.signOut(token: f.session.token)
        assertBillingError("unauthenticated") { try portal.account(caller: f.contact, accountId: f.account) }
    }

    // DOMAIN: AUTH-7, AUTH-8, AUTH-9
    func testPasswordResetAndChange() throws {
        let f = try Fixture()
        try f.portal.forgotPassword(userId: contactEmail)
        let mail = try XCTUnwrap(f.portal.pendingNotifications(limit: 100).last { $0.kind == .passwordReset })
        XCTAssertEqual(mail.recipient.lowercased(), contactEmail)
        let link = try XCTUnwrap(mail.body.split(whereSeparator: \.isWhitespace).first { $0.contains("token=") })
        let token = String(try XCTUnwrap(link.split(separator: "=").last))
        let newPassword = "a completely different passphrase 7"
        try f.portal.resetPassword(linkToken: token, newPassword: newPassword)
        assertBillingError("invalid_token") { try f.portal.resetPassword(linkToken: token, newPassword: newPassword) }
        assertBillingError("unauthenticated") { try f.portal.myAccounts(token: f.session.token) }
        let session = try f.portal.signIn(userId: contactUsername, password: newPassword)
        try f.portal.changePassword(token: session.token, current: newPassword, newPassword: password)
        XCTAssertEqual(try f.portal.signIn(userId: contactUsername, password: password).loginId, f.contactLogin)
    }

    // DOMAIN: BC-1, BC-2
    func testBillingContactHandedToANewLogin() throws {
        let f = try Fixture()
        try f.portal.changeBillingContactToNewLogin(caller: f.contact, accountId: f.account, login: NewLogin(
            name: "Bernd Nachfolger", email: "bernd@acme-gmbh.example", username: nil, phone: nil
        ))
        XCTAssertEqual(try f.portal.billingContact(caller: f.salesRep, accountId: f.account).email, "bernd@acme-gmbh.example")
        assertBillingError("forbidden") { try f.portal.account(caller: f.contact, accountId: f.account) }
        XCTAssertTrue(try f.portal.pendingNotifications(limit: 100).contains { $0.kind == .setPassword })
    }

    // DOMAIN: SUB-3, SR-4, PO-1, DOC-1, INV-1
    func testVendorJobsAndDocuments() throws {
        let f = try Fixture()
        let report = try f.portal.runRenewals(caller: f.accountServices, date: day(2027, 1, 1))
        XCTAssertEqual(report, RenewalReport(renewed: 1, expired: 0, invoicesIssued: 1, notRenewed: []))
        let renewal = try XCTUnwrap(f.portal.invoices(caller: f.contact, accountId: f.account).first)
        XCTAssertEqual(
            try f.portal.invoice(caller: f.contact, accountId: f.account, invoiceId: renewal.id).document.servicePeriod,
            ServicePeriod(firstDay: day(2027, 1, 1), lastDay: day(2027, 12, 31)))
        XCTAssertEqual(try f.portal.runRenewals(caller: f.accountServices, date: day(2027, 1, 1)), RenewalReport(renewed: 0, expired: 0, invoicesIssued: 0, notRenewed: []))
        try f.portal.turnOffAutoRenewal(caller: f.salesRep, accountId: f.account)
        XCTAssertFalse(try f.portal.account(caller: f.contact, accountId: f.account).subscription.autoRenew)

        let po = try f.portal.addPurchaseOrder(caller: f.contact, accountId: f.account, number: "PO-1", expiresOn: day(2026, 3, 20))
        let edited = try f.portal.editPurchaseOrder(caller: f.contact, accountId: f.account, purchaseOrderId: po.id, expectedVersion: po.version, number: "PO-2", expiresOn: day(2026, 3, 25))
        XCTAssertEqual(edited.number, "PO-2")
        XCTAssertEqual(try f.portal.purchaseOrders(caller: f.contact, accountId: f.account), [edited])
        XCTAssertEqual(try f.portal.remindExpiringPurchaseOrders(caller: f.accountServices, date: day(2026, 3, 2)), 1)

        let invoice = try XCTUnwrap(f.portal.invoices(caller: f.contact, accountId: f.account).first)
        let creditNote = try f.portal.voidInvoice(caller: f.accountServices, accountId: f.account, invoiceId: invoice.id, reason: "wrong seat count")
        XCTAssertEqual(creditNote.kind, .creditNote)
        XCTAssertEqual(creditNote.refersTo, invoice.number)
        XCTAssertEqual(creditNote.document.totals.total.amount, -invoice.total.amount)
        XCTAssertEqual(try f.portal.invoice(caller: f.contact, accountId: f.account, invoiceId: invoice.id).status, .void)

        let declined = try f.portal.declinePending(f)
        XCTAssertEqual(declined.status, .declined)
        XCTAssertEqual(declined.declineReason, "too expensive")
        let withdrawn = try f.portal.withdrawQuote(caller: f.salesRep, accountId: f.account, quoteId: try f.issueStandardQuote().id)
        XCTAssertEqual(withdrawn.status, .withdrawn)

        try f.portal.changeCountry(caller: f.accountServices, accountId: f.account, country: "US")
        let w9 = try f.portal.w9Form(caller: f.contact, accountId: f.account)
        XCTAssertEqual(w9.contentType, "application/pdf")
        XCTAssertEqual(w9.bytes, Data("%PDF-1.7 W-9 form of the vendor".utf8))

        // DOMAIN: BO-1
        let accounts = try f.portal.vendorAccounts(caller: f.accountServices, filter: AccountFilter(), cursor: nil, limit: 10)
        XCTAssertEqual(accounts.items.map(\.id), [f.account])
        XCTAssertEqual(accounts.items.first?.country, "US")
        XCTAssertNil(accounts.nextCursor)
        let open = try f.issueStandardQuote()
        XCTAssertEqual(try f.portal.vendorOpenQuotes(caller: f.accountServices, cursor: nil, limit: 10).items.map(\.id), [open.id])
        let asked = try f.portal.submitRequest(caller: f.contact, accountId: f.account, kind: .changeBillingInterval(interval: .quarterly))
        let queue = try f.portal.vendorOpenRequests(caller: f.accountServices, cursor: nil, limit: 10)
        XCTAssertEqual(queue.items.map(\.id), [asked.id])
        XCTAssertEqual(queue.items.first?.kind, asked.kind)
        XCTAssertFalse(try f.portal.vendorInvoices(caller: f.accountServices, filter: InvoiceFilter(), cursor: nil, limit: 10).items.isEmpty)
        assertBillingError("forbidden") { try f.portal.vendorAccounts(caller: f.contact, filter: AccountFilter(), cursor: nil, limit: 10) }
    }

    // DOMAIN: RECON-2, DUN-2
    func testAStatementWithChargesABatchAndAForeignIban() throws {
        let f = try Fixture()
        let portal = f.portal
        let inv = try (0..<3).map { _ in
            try portal.acceptQuote(caller: f.contact, accountId: f.account, quoteId: try f.issueStandardQuote().id, purchaseOrder: nil)
        }
        func statement(_ iban: String) -> Data {
            camt053WithChargesAndBatch(
                iban: iban, first: ("767.10", inv[0].creditorReference), second: ("767.10", inv[1].creditorReference),
                third: ("300.00", inv[2].creditorReference))
        }
        let refused = assertBillingError("invalid_input") {
            try portal.importBankStatement(caller: f.accountServices, xml: statement("DE89 3704 0044 0532 0130 00"))
        }
        guard case let .InvalidInput(field, _)? = refused else { return XCTFail("\(String(describing: refused))") }
        XCTAssertEqual(field, "statement_account")
        XCTAssertEqual(try portal.invoice(caller: f.contact, accountId: f.account, invoiceId: inv[0].id).status, .open)

        let report = try portal.importBankStatement(caller: f.accountServices, xml: statement("nl91 abna 0417 1643 00"))
        XCTAssertEqual(report.map(\.outcome), ["matched", "matched", "partial"])
        XCTAssertEqual(report.map(\.invoiceNumber), inv.map(\.number))
        XCTAssertEqual(Set(report.map(\.account)), [vendorIban])
        XCTAssertEqual(report[2].balanceDue?.amount, dec("467.10"))
        let again = try portal.importBankStatement(caller: f.accountServices, xml: statement(vendorIban))
        XCTAssertEqual(again.map(\.reason), ["duplicate", "duplicate", "duplicate"])
        XCTAssertEqual(try portal.invoice(caller: f.contact, accountId: f.account, invoiceId: inv[2].id).balanceDue.amount, dec("467.10"))

        // Bad dunning stages are refused when the portal is built.
        for stages: [UInt32] in [[0], [10, 3], [400]] {
            var config = defaultPortalConfig()
            config.dunningStages = stages
            let e = assertBillingError("invalid_input") { try BillingPortal.openWith(path: nil, config: config, clock: nil) }
            guard case let .InvalidInput(field, _)? = e else { return XCTFail("\(String(describing: e))") }
            XCTAssertEqual(field, "dunning_stages")
        }
        XCTAssertEqual(defaultPortalConfig().reminderPaymentDays, 10)
    }

    // DOMAIN: RECON-1, PAYM-1, DUN-1, BO-1, API-1
    func testStatementsReturnsDunningAndFilteredLists() throws {
        let f = try Fixture()
        let portal = f.portal
        let invoice = try portal.acceptQuote(caller: f.contact, accountId: f.account, quoteId: try f.issueStandardQuote().id, purchaseOrder: nil)
        let credit = camt054(amount: "767.10", reference: invoice.creditorReference, bankReference: "N-1")
        let paid = try portal.importBankStatement(caller: f.accountServices, xml: credit)
        XCTAssertEqual(paid.map(\.outcome), ["matched"])
        XCTAssertEqual(paid.first?.invoiceNumber, invoice.number)
        XCTAssertEqual(try portal.invoice(caller: f.contact, accountId: f.account, invoiceId: invoice.id).status, .paid)
        XCTAssertEqual(try portal.importBankStatement(caller: f.accountServices, xml: credit).map(\.reason), ["duplicate"])

        let returned = try XCTUnwrap(portal.importBankStatement(
            caller: f.accountServices,
            xml: camt054(amount: "767.10", reference: invoice.creditorReference, bankReference: "N-2", returnReason: "AM04")).first)
        XCTAssertEqual(returned.outcome, "reversed")
        XCTAssertTrue(returned.debit)
        XCTAssertEqual(returned.returnReason, "AM04")
        XCTAssertEqual(returned.paymentId, paid.first?.paymentId)
        XCTAssertEqual(returned.balanceDue, invoice.document.totals.total)
        XCTAssertEqual(try portal.invoicePayments(caller: f.contact, accountId: f.account, invoiceId: invoice.id).map(\.reversalReason), [.returnedDebit])
        assertBillingError("invalid_input") {
            try portal.importBankStatement(caller: f.accountServices, xml: Data("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>".utf8))
        }

        // Due on 1 April: the first reminder stage is 7 days after, once.
        XCTAssertEqual(try portal.runDunning(caller: f.accountServices, date: day(2026, 4, 8)), 1)
        XCTAssertEqual(try portal.runDunning(caller: f.accountServices, date: day(2026, 4, 8)), 0)
        try portal.pauseDunning(caller: f.accountServices, accountId: f.account, paused: true)
        XCTAssertEqual(try portal.runDunning(caller: f.accountServices, date: day(2026, 4, 22)), 0)

        let accounts = { (filter: AccountFilter) in
            try portal.vendorAccounts(caller: f.accountServices, filter: filter, cursor: nil, limit: 10).items.map(\.id)
        }
        XCTAssertEqual(try accounts(AccountFilter(country: "DE")), [f.account])
        XCTAssertEqual(try accounts(AccountFilter(country: "US")), [])
        XCTAssertEqual(try accounts(AccountFilter(salesRepId: f.rep, subscriptionStatus: .active, currency: "EUR")), [f.account])
        XCTAssertEqual(try accounts(AccountFilter(subscriptionStatus: .expired)), [])
        XCTAssertTrue(try portal.vendorAccounts(caller: f.accountServices, filter: AccountFilter(), cursor: nil, limit: 10).items[0].dunningPaused)
        assertBillingError("invalid_input") { try accounts(AccountFilter(country: "XX")) }
        let invoices = { (filter: InvoiceFilter) in
            try portal.vendorInvoices(caller: f.accountServices, filter: filter, cursor: nil, limit: 10).items.map(\.id)
        }
        XCTAssertEqual(try invoices(InvoiceFilter(status: .open, accountId: f.account, currency: "EUR", kind: .invoice)), [invoice.id])
        XCTAssertEqual(try invoices(InvoiceFilter(status: .paid)), [])
        XCTAssertEqual(try invoices(InvoiceFilter(issuedFrom: day(2026, 3, 3))), [])
        XCTAssertEqual(try invoices(InvoiceFilter(dueFrom: day(2026, 4, 1), dueTo: day(2026, 4, 1))), [invoice.id])
        assertBillingError("invalid_input") { try invoices(InvoiceFilter(currency: "XYZ")) }
        // A malformed ID names no account, like an unknown one.
        assertBillingError("not_found") { try invoices(InvoiceFilter(accountId: "not an id")) }
    }
}

extension BillingPortal {
    /// Issues a standard quote and declines it with a reason (QUO-3).
    func declinePending(_ f: Fixture) throws -> Quote {
        let quote = try f.issueStandardQuote()
        return try declineQuote(caller: f.contact, accountId: f.account, quoteId: quote.id, reason: "too expensive")
    }
}
