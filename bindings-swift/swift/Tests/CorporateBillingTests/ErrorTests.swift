// Every error case the portal can raise reaches Swift as a thrown BillingError with the core's
// stable code (API-1). AuditChainBroken and Busy need a tampered or locked database file and are
// proven by the Rust tests; Other and Internal exist so that no core error or panic is lost.
import CorporateBilling
import Foundation
import XCTest

final class ErrorTests: XCTestCase {
    // DOMAIN: AUTH-2
    func testInvalidCredentials() throws {
        let f = try Fixture()
        let wrong = assertBillingError("invalid_credentials") { try f.portal.signIn(userId: contactUsername, password: "not the password at all") }
        let unknown = assertBillingError("invalid_credentials") { try f.portal.signIn(userId: "nobody@example.com", password: password) }
        XCTAssertEqual(wrong, .InvalidCredentials)
        XCTAssertEqual(unknown, wrong)
        XCTAssertEqual(wrong?.description, "Invalid User ID/password")
    }

    // DOMAIN: AUTH-6
    func testUnauthenticated() throws {
        let f = try Fixture()
        XCTAssertEqual(assertBillingError("unauthenticated") {
            try f.portal.quotes(caller: .session(token: SessionToken(token: "not-a-session")), accountId: f.account)
        }, .Unauthenticated)
    }

    // DOMAIN: AUTH-8
    func testInvalidToken() throws {
        let f = try Fixture()
        XCTAssertEqual(assertBillingError("invalid_token") {
            try f.portal.resetPassword(linkToken: "no-such-token", newPassword: "a long enough new passphrase")
        }, .InvalidToken)
    }

    // DOMAIN: AUTH-7
    func testNotConfigured() throws {
        let f = try Fixture(links: false)
        let error = assertBillingError("not_configured") { try f.portal.forgotPassword(userId: contactUsername) }
        guard case .NotConfigured? = error else { return XCTFail("\(String(describing: error))") }
    }

    // DOMAIN: ACC-3
    func testForbidden() throws {
        let f = try Fixture()
        XCTAssertEqual(assertBillingError("forbidden") {
            try f.portal.changePhone(caller: f.accountUser, accountId: f.account, phone: "030 98765432")
        }, .Forbidden)
    }

    // DOMAIN: PRIV-2
    func testNotFound() throws {
        let f = try Fixture()
        let unknown = assertBillingError("not_found") {
            try f.portal.quote(caller: f.contact, accountId: f.account, quoteId: "0190a5c4-0000-7000-8000-000000000002")
        }
        let malformed = assertBillingError("not_found") {
            try f.portal.quote(caller: f.contact, accountId: f.account, quoteId: "not an id")
        }
        XCTAssertEqual(unknown, .NotFound(entity: "quote"))
        XCTAssertEqual(malformed, unknown)
    }

    // DOMAIN: QUO-3
    func testConflict() throws {
        let f = try Fixture()
        let quote = try f.issueStandardQuote()
        _ = try f.portal.acceptQuote(caller: f.contact, accountId: f.account, quoteId: quote.id, purchaseOrder: nil)
        let error = assertBillingError("conflict") {
            try f.portal.declineQuote(caller: f.contact, accountId: f.account, quoteId: quote.id, reason: nil)
        }
        guard case .Conflict? = error else { return XCTFail("\(String(describing: error))") }
    }

    // DOMAIN: QUO-3, QUO-6
    func testQuoteExpired() throws {
        let f = try Fixture()
        let quote = try f.issueStandardQuote(validUntil: day(2026, 3, 3))
        try f.clock.advance(by: 2 * 24 * 3600)
        XCTAssertEqual(try f.portal.quotes(caller: f.contact, accountId: f.account).first?.status, .expired)
        XCTAssertEqual(assertBillingError("quote_expired") {
            try f.portal.acceptQuote(caller: f.contact, accountId: f.account, quoteId: quote.id, purchaseOrder: nil)
        }, .QuoteExpired)
    }

    // DOMAIN: API-2, ADDR-2
    func testInvalidInput() throws {
        let f = try Fixture()
        let error = assertBillingError("invalid_input") {
            try f.portal.changePhone(caller: f.contact, accountId: f.account, phone: "not a phone number")
        }
        guard case let .InvalidInput(field, reason)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(field, "phone")
        XCTAssertFalse(reason.isEmpty)
        // DOMAIN: DOCS-2
        XCTAssertEqual(
            error?.userMessage(language: .de),
            "Telefonnummer: Bitte geben Sie eine Telefonnummer mit Ländervorwahl ein, etwa +49 30 901820."
        )
        XCTAssertEqual(error?.userMessage(language: .en).hasPrefix("Phone number: "), true)
    }

    // DOMAIN: ACC-1
    func testNotCorporateAccount() throws {
        let f = try Fixture()
        let shopper = try f.portal.createLogin(login: NewLogin(name: "Olga Online", email: "olga@shop.example", username: nil, phone: nil), password: nil)
        let online = try f.portal.openAccount(caller: f.salesRep, account: NewAccount(
            kind: .online, companyName: "Web Shop Customer", issuerId: f.issuer, salesRepId: f.rep, billingContactId: shopper,
            billingAddress: germanAddress(), phone: "030 12345678", paymentMethod: .wireTransfer, currency: "EUR",
            vatRate: dec("19"), paymentTermsDays: 14, requiresPurchaseOrder: false, plan: "Online", seats: 1,
            annualSeatPrice: dec("99"), termStart: day(2026, 1, 1), termEnd: day(2027, 1, 1)
        ))
        XCTAssertEqual(assertBillingError("not_corporate_account") {
            try f.portal.account(caller: f.salesRep, accountId: online)
        }, .NotCorporateAccount)
    }

    // DOMAIN: AUTH-11
    func testLimitReached() throws {
        let f = try Fixture()
        for _ in 0..<20 {
            _ = try f.portal.submitRequest(caller: f.contact, accountId: f.account, kind: .other(text: "Please call me back"))
        }
        XCTAssertEqual(assertBillingError("limit_reached") {
            try f.portal.submitRequest(caller: f.contact, accountId: f.account, kind: .other(text: "One more"))
        }, .LimitReached(what: "open_requests", limit: 20))
    }

    // DOMAIN: QUO-4
    func testPurchaseOrderRequired() throws {
        let f = try Fixture()
        try f.portal.setRequiresPurchaseOrder(caller: f.contact, accountId: f.account, required: true)
        let quote = try f.issueStandardQuote()
        XCTAssertEqual(assertBillingError("purchase_order_required") {
            try f.portal.acceptQuote(caller: f.contact, accountId: f.account, quoteId: quote.id, purchaseOrder: nil)
        }, .PurchaseOrderRequired)
    }

    // DOMAIN: DOC-1
    func testNotAvailableInCountry() throws {
        let f = try Fixture()
        XCTAssertEqual(assertBillingError("not_available_in_country") {
            try f.portal.w9Form(caller: f.contact, accountId: f.account)
        }, .NotAvailableInCountry)
    }

    // DOMAIN: INV-5
    func testCurrencyMismatch() throws {
        let f = try Fixture()
        XCTAssertEqual(assertBillingError("currency_mismatch") { try f.issueStandardQuote(currency: "USD") }, .CurrencyMismatch)
    }

    func testStorage() throws {
        let error = assertBillingError("storage") { try BillingPortal.open(path: "/nonexistent-directory/portal.db") }
        guard case .Storage? = error else { return XCTFail("\(String(describing: error))") }
    }
}
