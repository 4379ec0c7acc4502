// What account users see of payment data, and secrets kept out of description (PRIV-1, PAY-2).
import CorporateBilling
import XCTest

final class PrintedSecretsTests: XCTestCase {
    // DOMAIN: PRIV-1, PAY-2
    func testAccountUsersSeeKindAndLastFourAndNoInvoiceRecipients() throws {
        let f = try Fixture()
        let token = "tok_live_9f8e7d6c5b4a"
        let card = PaymentMethod.card(token: token, brand: .visa, last4: "4242", expMonth: 12, expYear: 2030)
        try f.portal.setPaymentMethod(caller: f.contact, accountId: f.account, method: card)
        try f.portal.addInvoiceRecipient(caller: f.contact, accountId: f.account, email: contactEmail)
        let seen = try f.portal.account(caller: f.accountUser, accountId: f.account)
        XCTAssertEqual(seen.paymentMethod.kind, .card)
        XCTAssertEqual(seen.paymentMethod.last4, "4242")
        XCTAssertNil(seen.paymentMethod.details)
        XCTAssertNil(seen.invoiceRecipients)
        for shown in [String(describing: seen), String(reflecting: seen), "\(seen.paymentMethod)"] {
            XCTAssertFalse(shown.contains(token), shown)
            XCTAssertFalse(shown.lowercased().contains(contactEmail), shown)
        }
        for caller in [f.contact, f.salesRep, f.accountServices] {
            let full = try f.portal.account(caller: caller, accountId: f.account)
            XCTAssertEqual(full.paymentMethod.details, .card(brand: .visa, expMonth: 12, expYear: 2030))
            XCTAssertFalse(String(describing: full).contains(token))
        }
        // The stored form, for the host, prints without its token too.
        let stored = try f.portal.storedPaymentMethod(accountId: f.account)
        XCTAssertEqual(stored, card)
        XCTAssertFalse(String(describing: stored).contains(token))
    }

    // DOMAIN: AUTH-6, AUTH-7
    func testSessionsCallersAndMessagesPrintWithoutTokensOrLinks() throws {
        let f = try Fixture()
        let token = f.session.token.expose()
        for shown in [String(describing: f.session), String(reflecting: f.session), String(describing: f.contact), "\(f.session.token)"] {
            XCTAssertFalse(shown.contains(token), shown)
        }
        try f.portal.forgotPassword(userId: contactEmail)
        let mail = try XCTUnwrap(f.portal.pendingNotifications(limit: 100).last { $0.kind == .passwordReset })
        let link = try XCTUnwrap(mail.body.split(whereSeparator: \.isWhitespace).first { $0.contains("token=") })
        let linkToken = String(try XCTUnwrap(link.split(separator: "=").last))
        for shown in [String(describing: mail), String(reflecting: mail), "\([mail])"] {
            XCTAssertFalse(shown.contains(linkToken), shown)
        }
    }
}
