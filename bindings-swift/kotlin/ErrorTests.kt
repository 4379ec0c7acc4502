// Every error case the portal can raise reaches Kotlin as a BillingException subclass with the
// core's stable code (API-1). AuditChainBroken and Busy need a tampered or locked database file
// and are proven by the Rust tests; Other and Internal exist so that no core error or panic is lost.
package com.example.corporatebilling.tests

import com.example.corporatebilling.AccountKind
import com.example.corporatebilling.BillingException
import com.example.corporatebilling.BillingPortal
import com.example.corporatebilling.Caller
import com.example.corporatebilling.DocumentLanguage
import com.example.corporatebilling.NewLogin
import com.example.corporatebilling.QuoteStatus
import com.example.corporatebilling.RequestKind
import com.example.corporatebilling.SessionToken
import java.time.Duration
import java.time.LocalDate

// DOMAIN: AUTH-2
fun invalidCredentials() = Fixture().use { f ->
    val wrong = assertThrows<BillingException.InvalidCredentials>("invalid_credentials") {
        f.portal.signIn(CONTACT_USERNAME, "not the password at all")
    }
    assertThrows<BillingException.InvalidCredentials>("invalid_credentials") { f.portal.signIn("nobody@example.com", PASSWORD) }
    assertEquals("Invalid User ID/password", wrong.toString(), "message")
}

// DOMAIN: AUTH-6
fun unauthenticated() = Fixture().use { f ->
    assertThrows<BillingException.Unauthenticated>("unauthenticated") { f.portal.quotes(Caller.Session(SessionToken("not-a-session")), f.account) }
}

// DOMAIN: AUTH-8
fun invalidToken() = Fixture().use { f ->
    assertThrows<BillingException.InvalidToken>("invalid_token") { f.portal.resetPassword("no-such-token", "a long enough new passphrase") }
}

// DOMAIN: AUTH-7
fun notConfigured() = Fixture(links = false).use { f ->
    assertThrows<BillingException.NotConfigured>("not_configured") { f.portal.forgotPassword(CONTACT_USERNAME) }
}

// DOMAIN: ACC-3
fun forbidden() = Fixture().use { f ->
    assertThrows<BillingException.Forbidden>("forbidden") { f.portal.changePhone(f.accountUser, f.account, "030 98765432") }
}

// DOMAIN: PRIV-2
fun notFound() = Fixture().use { f ->
    val unknown = assertThrows<BillingException.NotFound>("not_found") {
        f.portal.quote(f.contact, f.account, "0190a5c4-0000-7000-8000-000000000002")
    }
    val malformed = assertThrows<BillingException.NotFound>("not_found") { f.portal.quote(f.contact, f.account, "not an id") }
    assertEquals("quote", unknown.entity, "entity")
    assertEquals(unknown.entity, malformed.entity, "malformed like unknown")
}

// DOMAIN: QUO-3
fun conflict() = Fixture().use { f ->
    val quote = f.issueStandardQuote()
    f.portal.acceptQuote(f.contact, f.account, quote.id, null)
    val e = assertThrows<BillingException.Conflict>("conflict") { f.portal.declineQuote(f.contact, f.account, quote.id, null) }
    assertTrue(e.reason.isNotEmpty(), "conflict reason")
}

// DOMAIN: QUO-3, QUO-6
fun quoteExpired() = Fixture().use { f ->
    val quote = f.issueStandardQuote(validUntil = LocalDate.of(2026, 3, 3))
    f.clock.advance(Duration.ofDays(2))
    assertEquals(QuoteStatus.EXPIRED, f.portal.quotes(f.contact, f.account).first().status, "shown as expired")
    assertThrows<BillingException.QuoteExpired>("quote_expired") { f.portal.acceptQuote(f.contact, f.account, quote.id, null) }
}

// DOMAIN: API-2, ADDR-2
fun invalidInput() = Fixture().use { f ->
    val e = assertThrows<BillingException.InvalidInput>("invalid_input") {
        f.portal.changePhone(f.contact, f.account, "not a phone number")
    }
    assertEquals("phone", e.field, "field")
    assertTrue(e.reason.isNotEmpty(), "reason")
    // DOMAIN: DOCS-2
    assertEquals(
        "Telefonnummer: Bitte geben Sie eine Telefonnummer mit Ländervorwahl ein, etwa +49 30 901820.",
        e.userMessage(DocumentLanguage.DE),
        "message in German",
    )
    assertTrue(!e.userMessage(DocumentLanguage.EN).contains("phone:"), "label, not the field name")
}

// DOMAIN: ACC-1
fun notCorporateAccount() = Fixture().use { f ->
    val shopper = f.portal.createLogin(NewLogin("Olga Online", "olga@shop.example", null, null), null)
    val online = f.portal.openAccount(f.salesRep, f.newAccount(AccountKind.ONLINE, shopper))
    assertThrows<BillingException.NotCorporateAccount>("not_corporate_account") { f.portal.account(f.salesRep, online) }
}

// DOMAIN: QUO-4
fun purchaseOrderRequired() = Fixture().use { f ->
    f.portal.setRequiresPurchaseOrder(f.contact, f.account, true)
    val quote = f.issueStandardQuote()
    assertThrows<BillingException.PurchaseOrderRequired>("purchase_order_required") {
        f.portal.acceptQuote(f.contact, f.account, quote.id, null)
    }
}

// DOMAIN: AUTH-11
fun limitReached() = Fixture().use { f ->
    repeat(20) { f.portal.submitRequest(f.contact, f.account, RequestKind.Other("Please call me back")) }
    val e = assertThrows<BillingException.LimitReached>("limit_reached") {
        f.portal.submitRequest(f.contact, f.account, RequestKind.Other("One more"))
    }
    assertEquals("open_requests", e.what, "what")
    assertEquals(20u, e.limit, "limit")
}

// DOMAIN: DOC-1
fun notAvailableInCountry() = Fixture().use { f ->
    assertThrows<BillingException.NotAvailableInCountry>("not_available_in_country") { f.portal.w9Form(f.contact, f.account) }
}

// DOMAIN: INV-5
fun currencyMismatch() = Fixture().use { f ->
    assertThrows<BillingException.CurrencyMismatch>("currency_mismatch") { f.issueStandardQuote(currency = "USD") }
}

fun storage() {
    assertThrows<BillingException.Storage>("storage") { BillingPortal.open("/nonexistent-directory/portal.db").close() }
}
