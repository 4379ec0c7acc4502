// Money, calendar dates and instants cross the boundary exactly: BigDecimal <-> rust_decimal as
// plain text (scale included), LocalDate <-> ISO 8601 dates, Instant <-> UniFFI timestamps.
package com.example.corporatebilling.tests

import com.example.corporatebilling.BillingException
import com.example.corporatebilling.LineInput
import com.example.corporatebilling.ManualClock
import com.example.corporatebilling.Money
import com.example.corporatebilling.NewQuote
import com.example.corporatebilling.QuoteEffect
import java.time.Duration
import java.time.Instant
import java.time.LocalDate

// DOMAIN: INV-5, API-1
fun decimalsRoundTripExactly() = Fixture().use { f ->
    val inputs = listOf(
        Triple("2.5", "19.99", "19"),
        Triple("1", "1234567.891", "7.7"),
        Triple("3", "0.0001", "0"),
        Triple("1", "-15.50", "19"),
        Triple("0.3333", "0.1", "5.5"),
    )
    val quote = f.portal.issueQuote(
        f.salesRep, f.account,
        NewQuote(
            "EUR", LocalDate.of(2026, 3, 31),
            inputs.map { (q, p, v) -> LineInput("line", dec(q), dec(p), dec(v)) },
            QuoteEffect.PlanChange("Enterprise", Money(dec("999999999999.99"), "EUR")),
        ),
    )
    // equals() on BigDecimal compares the scale as well: "120.00" stays "120.00".
    assertEquals(inputs.map { dec(it.first) }, quote.lines.map { it.quantity }, "quantities")
    assertEquals(inputs.map { dec(it.second) }, quote.lines.map { it.unitPrice }, "unit prices")
    assertEquals(inputs.map { dec(it.third) }, quote.lines.map { it.vatRate }, "VAT rates")
    // Half away from zero to the cent: 2.5 x 19.99 = 49.975 -> 49.98; 0.3333 x 0.1 -> 0.03.
    assertEquals(listOf("49.98", "1234567.89", "0.00", "-15.50", "0.03").map(::dec), quote.lines.map { it.net.amount }, "nets")
    assertEquals(dec("1234602.40"), quote.totals.net.amount, "net total")
    assertEquals(quote.totals.net.amount + quote.totals.vat.amount, quote.totals.total.amount, "total = net + VAT")
    val effect = quote.effect as QuoteEffect.PlanChange
    assertEquals("999999999999.99", effect.annualSeatPrice.amount.toPlainString(), "large amount")
    assertEquals(quote, f.portal.quote(f.contact, f.account, quote.id), "read back")
}

// DOMAIN: API-2
fun aDecimalWithTooManyDigitsIsATypedError() = Fixture().use { f ->
    val tooPrecise = dec("1." + "1".repeat(40))
    val e = assertThrows<BillingException.InvalidInput>("invalid_input") {
        f.portal.issueQuote(
            f.salesRep, f.account,
            NewQuote("EUR", LocalDate.of(2026, 3, 31), listOf(LineInput("x", dec("1"), tooPrecise, dec("19"))), QuoteEffect.AddSeats(1u)),
        )
    }
    assertEquals("amount", e.field, "field")
    assertEquals(emptyList(), f.portal.quotes(f.contact, f.account), "nothing issued")
}

fun calendarDaysRoundTrip() = Fixture().use { f ->
    for (expires in listOf(LocalDate.of(2028, 2, 29), LocalDate.of(2026, 12, 31), LocalDate.of(2030, 1, 1))) {
        val po = f.portal.addPurchaseOrder(f.contact, f.account, "PO-${expires.year}", expires)
        assertEquals(expires, po.expiresOn, "PO expiry")
    }
    val subscription = f.portal.account(f.contact, f.account).subscription
    assertEquals(LocalDate.of(2026, 1, 1), subscription.termStart, "term start")
    assertEquals(LocalDate.of(2027, 1, 1), subscription.termEnd, "term end")
    // DOMAIN: API-2
    val e = assertThrows<BillingException.InvalidInput>("invalid_input") {
        f.portal.addPurchaseOrder(f.contact, f.account, "PO-BIG", LocalDate.of(10000, 1, 1))
    }
    assertEquals("date", e.field, "field")
    assertEquals(3, f.portal.purchaseOrders(f.contact, f.account).size, "nothing added")
}

// DOMAIN: AUTH-6
fun instantsRoundTrip() = Fixture().use { f ->
    assertEquals(START, f.clock.now(), "clock")
    assertEquals(START.plus(Duration.ofDays(400)), f.session.expiresAt, "session expiry")
    f.clock.advance(Duration.ofSeconds(90))
    assertEquals(START.plusSeconds(90), f.issueStandardQuote().issuedAt, "issued at")
    val precise = Instant.parse("2027-01-01T00:00:00.123456789Z")
    f.clock.set(precise)
    assertEquals(precise, f.clock.now(), "nanoseconds")
    val beforeEpoch = Instant.parse("1969-12-31T00:00:00Z")
    ManualClock(beforeEpoch).use { assertEquals(beforeEpoch, it.now(), "before the epoch") }
    assertThrows<BillingException.InvalidInput>("invalid_input") { ManualClock(Instant.MAX).close() }
}
