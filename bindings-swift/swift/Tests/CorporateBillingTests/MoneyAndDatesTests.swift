// Money, calendar dates and instants cross the boundary exactly: Decimal <-> rust_decimal as
// plain text, DateComponents <-> ISO 8601 dates, Date <-> UniFFI timestamps.
import CorporateBilling
import Foundation
import XCTest

final class MoneyAndDatesTests: XCTestCase {
    // DOMAIN: INV-5, API-1
    func testDecimalsRoundTripExactly() throws {
        let f = try Fixture()
        let inputs: [(quantity: String, unitPrice: String, vat: String)] = [
            ("2.5", "19.99", "19"),
            ("1", "1234567.891", "7.7"),
            ("3", "0.0001", "0"),
            ("1", "-15.50", "19"),
            ("0.3333", "0.1", "5.5"),
        ]
        let quote = try f.portal.issueQuote(caller: f.salesRep, accountId: f.account, quote: NewQuote(
            currency: "EUR",
            validUntil: day(2026, 3, 31),
            lines: inputs.map { LineInput(description: "line", quantity: dec($0.quantity), unitPrice: dec($0.unitPrice), vatRate: dec($0.vat)) },
            effect: .planChange(plan: "Enterprise", annualSeatPrice: Money(amount: dec("999999999999.99"), currency: "EUR"))
        ))
        XCTAssertEqual(quote.lines.map(\.quantity), inputs.map { dec($0.quantity) })
        XCTAssertEqual(quote.lines.map(\.unitPrice), inputs.map { dec($0.unitPrice) })
        XCTAssertEqual(quote.lines.map(\.vatRate), inputs.map { dec($0.vat) })
        // Half away from zero to the cent: 2.5 x 19.99 = 49.975 -> 49.98; 0.3333 x 0.1 -> 0.03.
        XCTAssertEqual(quote.lines.map(\.net.amount), [dec("49.98"), dec("1234567.89"), dec("0.00"), dec("-15.50"), dec("0.03")])
        XCTAssertEqual(quote.totals.net.amount, dec("1234602.40"))
        XCTAssertEqual(quote.totals.total.amount, quote.totals.net.amount + quote.totals.vat.amount)
        guard case let .planChange(_, price) = quote.effect else { return XCTFail("effect changed: \(quote.effect)") }
        XCTAssertEqual(price.amount, dec("999999999999.99"))
        XCTAssertEqual(price.amount.description, "999999999999.99")
        // Read back through another call: the same values again.
        XCTAssertEqual(try f.portal.quote(caller: f.contact, accountId: f.account, quoteId: quote.id), quote)
    }

    // DOMAIN: API-2
    func testADecimalThatIsNotANumberIsATypedError() throws {
        let f = try Fixture()
        let error = assertBillingError("invalid_input") {
            try f.portal.issueQuote(caller: f.salesRep, accountId: f.account, quote: NewQuote(
                currency: "EUR", validUntil: day(2026, 3, 31),
                lines: [LineInput(description: "x", quantity: dec("1"), unitPrice: Decimal.nan, vatRate: dec("19"))],
                effect: .addSeats(seats: 1)
            ))
        }
        guard case let .InvalidInput(field, _)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(field, "amount")
        XCTAssertEqual(try f.portal.quotes(caller: f.contact, accountId: f.account), [])
    }

    func testCalendarDaysRoundTrip() throws {
        let f = try Fixture()
        for expires in [day(2028, 2, 29), day(2026, 12, 31), day(2030, 1, 1)] {
            let po = try f.portal.addPurchaseOrder(caller: f.contact, accountId: f.account, number: "PO-\(expires.year!)", expiresOn: expires)
            XCTAssertEqual(po.expiresOn, expires)
        }
        let subscription = try f.portal.account(caller: f.contact, accountId: f.account).subscription
        XCTAssertEqual(subscription.termStart, day(2026, 1, 1))
        XCTAssertEqual(subscription.termEnd, day(2027, 1, 1))
        // DOMAIN: API-2
        for bad in [day(2026, 2, 30), DateComponents(year: 2026, month: 5), DateComponents()] {
            let error = assertBillingError("invalid_input") {
                try f.portal.addPurchaseOrder(caller: f.contact, accountId: f.account, number: "PO-BAD", expiresOn: bad)
            }
            guard case let .InvalidInput(field, _)? = error else { return XCTFail("\(String(describing: error))") }
            XCTAssertEqual(field, "date")
        }
        XCTAssertEqual(try f.portal.purchaseOrders(caller: f.contact, accountId: f.account).count, 3)
    }

    // DOMAIN: AUTH-6
    func testInstantsRoundTrip() throws {
        let f = try Fixture()
        XCTAssertEqual(f.clock.now(), start)
        XCTAssertEqual(f.session.expiresAt, start.addingTimeInterval(400 * 24 * 3600))
        try f.clock.advance(by: 90)
        let quote = try f.issueStandardQuote()
        XCTAssertEqual(quote.issuedAt, start.addingTimeInterval(90))
        let halfSecond = Date(timeIntervalSince1970: 1_800_000_000.5)
        try f.clock.set(at: halfSecond)
        XCTAssertEqual(f.clock.now(), halfSecond)
        let beforeEpoch = Date(timeIntervalSince1970: -86_400)
        XCTAssertEqual(try ManualClock(at: beforeEpoch).now(), beforeEpoch)
    }
}
