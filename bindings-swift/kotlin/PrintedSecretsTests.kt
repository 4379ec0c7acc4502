// What account users see of payment data, and secrets kept out of toString().
package com.example.corporatebilling.tests

import com.example.corporatebilling.*

// DOMAIN: PRIV-1, PAY-2
fun accountUsersSeeKindAndLastFourAndNoInvoiceRecipients() = Fixture().use { f ->
    val token = "tok_live_9f8e7d6c5b4a"
    val card = PaymentMethod.Card(token, CardBrand.VISA, "4242", 12u, 2030u)
    f.portal.setPaymentMethod(f.contact, f.account, card)
    f.portal.addInvoiceRecipient(f.contact, f.account, CONTACT_EMAIL)
    val seen = f.portal.account(f.accountUser, f.account)
    assertEquals(PaymentKind.CARD, seen.paymentMethod.kind, "kind")
    assertEquals("4242", seen.paymentMethod.last4, "last four")
    assertEquals(null, seen.paymentMethod.details, "no details for account users")
    assertEquals(null, seen.invoiceRecipients, "no recipients for account users")
    assertTrue(token !in seen.toString() && CONTACT_EMAIL !in seen.toString().lowercase(), "printed: $seen")
    for (caller in listOf(f.contact, f.salesRep, f.accountServices)) {
        val full = f.portal.account(caller, f.account)
        assertEquals(PaymentDetails.Card(CardBrand.VISA, 12u, 2030u), full.paymentMethod.details, "details")
        assertTrue(token !in full.toString(), "printed: $full")
    }
    val stored = f.portal.storedPaymentMethod(f.account)
    assertEquals(card, stored, "stored (host only)")
    assertTrue(token !in stored.toString(), "printed: $stored")
}

// DOMAIN: AUTH-6, AUTH-7
fun sessionsCallersAndMessagesPrintWithoutTokensOrLinks() = Fixture().use { f ->
    val token = f.session.token.expose()
    for (shown in listOf(f.session.toString(), f.contact.toString(), f.session.token.toString())) {
        assertTrue(token !in shown, "printed: $shown")
    }
    f.portal.forgotPassword(CONTACT_EMAIL)
    val mail = f.portal.pendingNotifications(100u).last { it.kind == NotificationKind.PASSWORD_RESET }
    val linkToken = mail.body.split(Regex("\\s+")).first { "token=" in it }.substringAfterLast("=")
    for (shown in listOf(mail.toString(), listOf(mail).toString())) {
        assertTrue(linkToken !in shown, "printed: $shown")
    }
}
