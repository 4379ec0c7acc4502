// One full portal scenario through the Kotlin bindings, the same as the Swift one.
package com.example.corporatebilling.tests

import com.example.corporatebilling.AccountFilter
import com.example.corporatebilling.AddressLines
import com.example.corporatebilling.BillingException
import com.example.corporatebilling.BillingInterval
import com.example.corporatebilling.BillingPortal
import com.example.corporatebilling.CardBrand
import com.example.corporatebilling.ContactAccount
import com.example.corporatebilling.defaultPortalConfig
import com.example.corporatebilling.DocumentLanguage
import com.example.corporatebilling.EInvoiceProfile
import com.example.corporatebilling.InvoiceFilter
import com.example.corporatebilling.InvoiceKind
import com.example.corporatebilling.InvoiceStatus
import com.example.corporatebilling.Money
import com.example.corporatebilling.NewLogin
import com.example.corporatebilling.NotificationKind
import com.example.corporatebilling.NewPayment
import com.example.corporatebilling.PaymentDetails
import com.example.corporatebilling.PaymentKind
import com.example.corporatebilling.PaymentMethod
import com.example.corporatebilling.PrintFormat
import com.example.corporatebilling.QuoteStatus
import com.example.corporatebilling.RenewalReport
import com.example.corporatebilling.RequestKind
import com.example.corporatebilling.RequestStatus
import com.example.corporatebilling.ReversalReason
import com.example.corporatebilling.ServicePeriod
import com.example.corporatebilling.SubscriptionStatus
import java.time.LocalDate

// DOMAIN: API-1
fun fullPortalScenario() = Fixture().use { f ->
    val portal = f.portal

    // DOMAIN: AUTH-1, ACC-4
    assertEquals(f.contactLogin, portal.signIn("  AP.Admin ", PASSWORD).loginId, "sign-in by folded username")
    assertEquals(listOf(ContactAccount(f.account, "Acme GmbH")), portal.myAccounts(f.session.token), "my accounts")
    // DOMAIN: PRIV-1
    assertEquals(CONTACT_USERNAME, portal.billingContact(f.contact, f.account).userId, "contact's user ID")

    val po = portal.addPurchaseOrder(f.contact, f.account, "PO-4711", LocalDate.of(2026, 12, 31))
    assertEquals(LocalDate.of(2026, 12, 31), po.expiresOn, "PO expiry")
    // DOMAIN: QUO-1, INV-5
    val issued = f.issueStandardQuote()
    assertEquals(QuoteStatus.OPEN, issued.status, "new quote")
    assertEquals(Money(dec("690.00"), "EUR"), issued.totals.net, "net")
    assertEquals(listOf(dec("31.50"), dec("45.60")), issued.totals.vatBreakdown.map { it.vat.amount }, "VAT per rate")
    assertEquals(Money(dec("767.10"), "EUR"), issued.totals.total, "total")
    // DOMAIN: QUO-2
    assertEquals(listOf(issued.id), portal.quotes(f.contact, f.account).map { it.id }, "quote list")
    assertEquals(issued, portal.quote(f.contact, f.account, issued.id), "quote")
    // DOMAIN: QUO-4, QUO-5
    val invoice = portal.acceptQuote(f.contact, f.account, issued.id, "PO-4711")
    assertEquals(InvoiceKind.INVOICE, invoice.kind, "kind")
    assertEquals(LocalDate.of(2026, 3, 2), invoice.issueDate, "issue date")
    assertEquals(LocalDate.of(2026, 4, 1), invoice.dueDate, "due date")
    assertEquals("PO-4711", invoice.document.purchaseOrder, "PO on the invoice")
    assertEquals(QuoteStatus.ACCEPTED, portal.quote(f.contact, f.account, issued.id).status, "accepted")
    assertEquals(30u, portal.account(f.contact, f.account).subscription.seats, "seats after acceptance")

    // DOMAIN: INV-2, INV-3, AUTH-10
    val invoices = portal.invoices(f.contact, f.account)
    assertEquals(listOf(invoice.number), invoices.map { it.number }, "invoice list")
    assertEquals(Money(dec("767.10"), "EUR"), invoices.first().total, "listed total")
    assertEquals(invoice, portal.invoice(f.contact, f.account, invoice.id), "invoice")
    // DOMAIN: DOCS-1, EINV-3
    val text = portal.printInvoice(f.contact, f.account, invoice.id, PrintFormat.TEXT).bytes.decodeToString()
    // The account bills to Germany, so its documents are German.
    for (expected in listOf(invoice.number, CONTACT_USERNAME, "PO-4711", "767,10", "Rechnungsdatum")) {
        assertTrue(expected in text, "printed invoice lacks $expected")
    }
    val html = portal.printInvoice(f.contact, f.account, invoice.id, PrintFormat.HTML)
    assertTrue("<html" in html.bytes.decodeToString(), "HTML print")
    val pdf = portal.printInvoice(f.contact, f.account, invoice.id, PrintFormat.PDF)
    assertEquals("application/pdf", pdf.contentType)
    assertEquals("%PDF-", pdf.bytes.copyOfRange(0, 5).decodeToString(), "a PDF")
    assertEquals(DocumentLanguage.EN, portal.setDocumentLanguage(f.contact, f.account, DocumentLanguage.EN))
    assertEquals(DocumentLanguage.EN, portal.account(f.contact, f.account).documentLanguage)
    // DOMAIN: EINV-1
    val xml: ByteArray = portal.eInvoice(f.contact, f.account, invoice.id, EInvoiceProfile.FACTUR_X)
    val xmlText = xml.toString(Charsets.UTF_8)
    assertTrue(xmlText.startsWith("<?xml") && "<ram:TypeCode>380</ram:TypeCode>" in xmlText, "e-invoice")
    assertTrue(invoice.number in xmlText && "767.10" in xmlText, "e-invoice names the invoice and its total")

    // DOMAIN: ADDR-1
    val moved = portal.changeAddress(f.contact, f.account, AddressLines("Friedrichstraße 100", "3. OG", "Berlin", "", "10117"))
    assertEquals("DE", moved.country, "country stays")
    // DOMAIN: ADDR-2
    assertEquals("+493098765432", portal.changePhone(f.contact, f.account, "030 98765432"), "E.164")
    // DOMAIN: REC-1
    portal.addInvoiceRecipient(f.contact, f.account, "ap@acme-gmbh.example")
    // DOMAIN: PAY-1, PAY-2
    val card = PaymentMethod.Card("tok_visa_4242", CardBrand.VISA, "4242", 12u, 2030u)
    portal.setPaymentMethod(f.contact, f.account, card)
    val overview = portal.account(f.contact, f.account)
    assertEquals(PaymentDetails.Card(CardBrand.VISA, 12u, 2030u), overview.paymentMethod.details, "payment details")
    assertEquals(card, portal.storedPaymentMethod(f.account), "stored payment method (host only)")
    assertEquals(listOf("ap@acme-gmbh.example"), overview.invoiceRecipients, "recipients")
    assertEquals(moved, overview.billingAddress, "address")

    // DOMAIN: SR-1, SR-2, SR-3
    val request = portal.submitRequest(f.contact, f.account, RequestKind.ChangeBillingInterval(BillingInterval.QUARTERLY))
    assertEquals(RequestStatus.OPEN, request.status, "submitted")
    val done = portal.completeRequest(f.accountServices, f.account, request.id, "from the next period")
    assertEquals(RequestStatus.COMPLETED, done.status, "completed")
    assertEquals(BillingInterval.QUARTERLY, portal.account(f.contact, f.account).subscription.billingInterval, "interval")

    // DOMAIN: INV-6, PAYM-1
    val due = invoice.balanceDue
    val part = portal.recordPayment(
        f.accountServices, f.account, invoice.id,
        NewPayment(dec("100.00"), due.currency, LocalDate.of(2026, 3, 10), PaymentKind.WIRE_TRANSFER, "first part"),
    )
    assertEquals(InvoiceStatus.OPEN, part.status, "a partial payment leaves it open")
    assertEquals(due.amount - dec("100.00"), part.balanceDue.amount, "balance due")
    val rest = NewPayment(part.balanceDue.amount, due.currency, LocalDate.of(2026, 3, 20), PaymentKind.WIRE_TRANSFER, "rest")
    val paid = portal.recordPayment(f.accountServices, f.account, invoice.id, rest)
    assertEquals(InvoiceStatus.PAID, paid.status, "paid")
    assertEquals(LocalDate.of(2026, 3, 20), paid.paidOn, "paid on")
    assertTrue(paid.creditorReference.startsWith("RF"), "creditor reference")
    assertEquals(2, portal.invoicePayments(f.contact, f.account, invoice.id).size, "payment history")
    // DOMAIN: AUD-1
    val audit = portal.auditLog(f.accountServices, f.account)
    assertTrue(audit.any { it.action == "quote_issued" }, "audit has the quote")
    assertTrue(portal.verifyAuditLog(f.accountServices) >= audit.size.toULong(), "audit chain verifies")

    // DOMAIN: NOTE-1, INV-4
    val pending = portal.pendingNotifications(100u)
    val kinds = pending.map { it.kind }.toSet()
    assertTrue(kinds.containsAll(listOf(NotificationKind.QUOTE_ISSUED, NotificationKind.INVOICE_ISSUED, NotificationKind.REQUEST_COMPLETED)), "$kinds")
    assertTrue(pending.any { it.kind == NotificationKind.INVOICE_ISSUED && it.recipient == CONTACT_EMAIL }, "invoice mailed")
    pending.forEach { portal.markNotificationSent(it.id) }
    assertEquals(emptyList(), portal.pendingNotifications(100u), "outbox drained")

    // DOMAIN: AUTH-6
    portal.signOut(f.session.token)
    assertThrows<BillingException.Unauthenticated>("unauthenticated") { portal.account(f.contact, f.account) }
}

// DOMAIN: AUTH-7, AUTH-8, AUTH-9
fun passwordResetAndChange() = Fixture().use { f ->
    f.portal.forgotPassword(CONTACT_EMAIL)
    val mail = f.portal.pendingNotifications(100u).last { it.kind == NotificationKind.PASSWORD_RESET }
    assertEquals(CONTACT_EMAIL, mail.recipient.lowercase(), "reset mail recipient")
    val link = mail.body.split(Regex("\\s+")).first { "token=" in it }
    val token = link.substringAfterLast("=")
    val newPassword = "a completely different passphrase 7"
    f.portal.resetPassword(token, newPassword)
    assertThrows<BillingException.InvalidToken>("invalid_token") { f.portal.resetPassword(token, newPassword) }
    assertThrows<BillingException.Unauthenticated>("unauthenticated") { f.portal.myAccounts(f.session.token) }
    val session = f.portal.signIn(CONTACT_USERNAME, newPassword)
    f.portal.changePassword(session.token, newPassword, PASSWORD)
    assertEquals(f.contactLogin, f.portal.signIn(CONTACT_USERNAME, PASSWORD).loginId, "old password again")
}

// DOMAIN: BC-1, BC-2
fun billingContactHandedToANewLogin() = Fixture().use { f ->
    f.portal.changeBillingContactToNewLogin(
        f.contact, f.account, NewLogin("Bernd Nachfolger", "bernd@acme-gmbh.example", null, null),
    )
    assertEquals("bernd@acme-gmbh.example", f.portal.billingContact(f.salesRep, f.account).email, "new contact")
    assertThrows<BillingException.Forbidden>("forbidden") { f.portal.account(f.contact, f.account) }
    assertTrue(f.portal.pendingNotifications(100u).any { it.kind == NotificationKind.SET_PASSWORD }, "set-password link")
}

// DOMAIN: SUB-3, SR-4, PO-1, DOC-1, INV-1, QUO-3, QUO-6
fun vendorJobsAndDocuments() = Fixture().use { f ->
    val portal = f.portal
    assertEquals(RenewalReport(1u, 0u, 1u, emptyList()), portal.runRenewals(f.accountServices, LocalDate.of(2027, 1, 1)), "renewal run")
    val renewal = portal.invoices(f.contact, f.account).first()
    assertEquals(
        ServicePeriod(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31)),
        portal.invoice(f.contact, f.account, renewal.id).document.servicePeriod,
        "period of service",
    )
    assertEquals(RenewalReport(0u, 0u, 0u, emptyList()), portal.runRenewals(f.accountServices, LocalDate.of(2027, 1, 1)), "run twice")
    portal.turnOffAutoRenewal(f.salesRep, f.account)
    assertEquals(false, portal.account(f.contact, f.account).subscription.autoRenew, "auto-renewal off")

    val po = portal.addPurchaseOrder(f.contact, f.account, "PO-1", LocalDate.of(2026, 3, 20))
    val edited = portal.editPurchaseOrder(f.contact, f.account, po.id, po.version, "PO-2", LocalDate.of(2026, 3, 25))
    assertEquals(listOf(edited), portal.purchaseOrders(f.contact, f.account), "edited PO")
    assertEquals(1uL, portal.remindExpiringPurchaseOrders(f.accountServices, LocalDate.of(2026, 3, 2)), "reminders")

    val invoice = portal.invoices(f.contact, f.account).first()
    val creditNote = portal.voidInvoice(f.accountServices, f.account, invoice.id, "wrong seat count")
    assertEquals(InvoiceKind.CREDIT_NOTE, creditNote.kind, "credit note")
    assertEquals(invoice.number, creditNote.refersTo, "refers to")
    assertEquals(invoice.total.amount.negate(), creditNote.document.totals.total.amount, "negated total")
    assertEquals(InvoiceStatus.VOID, portal.invoice(f.contact, f.account, invoice.id).status, "voided")

    val declined = portal.declineQuote(f.contact, f.account, f.issueStandardQuote().id, "too expensive")
    assertEquals(QuoteStatus.DECLINED, declined.status, "declined")
    assertEquals("too expensive", declined.declineReason, "reason")
    assertEquals(QuoteStatus.WITHDRAWN, portal.withdrawQuote(f.salesRep, f.account, f.issueStandardQuote().id).status, "withdrawn")

    portal.changeCountry(f.accountServices, f.account, "US")
    val w9 = portal.w9Form(f.contact, f.account)
    assertEquals("application/pdf", w9.contentType, "W-9 type")
    assertTrue(w9.bytes.contentEquals(W9), "W-9 bytes")

    // DOMAIN: BO-1
    val accounts = portal.vendorAccounts(f.accountServices, AccountFilter(), null, 10u)
    assertEquals(listOf(f.account), accounts.items.map { it.id }, "vendor accounts")
    assertEquals("US", accounts.items.first().country, "listed country")
    assertEquals(null, accounts.nextCursor, "one page")
    val open = f.issueStandardQuote()
    assertEquals(listOf(open.id), portal.vendorOpenQuotes(f.accountServices, null, 10u).items.map { it.id }, "open quotes")
    val asked = portal.submitRequest(f.contact, f.account, RequestKind.ChangeBillingInterval(BillingInterval.QUARTERLY))
    val queue = portal.vendorOpenRequests(f.accountServices, null, 10u)
    assertEquals(listOf(asked.id), queue.items.map { it.id }, "request queue")
    assertEquals(asked.kind, queue.items.first().kind, "request kind")
    assertTrue(portal.vendorInvoices(f.accountServices, InvoiceFilter(), null, 10u).items.isNotEmpty(), "vendor invoices")
    assertThrows<BillingException.Forbidden>("forbidden") { portal.vendorAccounts(f.contact, AccountFilter(), null, 10u) }
}

// DOMAIN: RECON-2, DUN-2
fun aStatementWithChargesABatchAndAForeignIban() = Fixture().use { f ->
    val portal = f.portal
    val inv = (0 until 3).map { portal.acceptQuote(f.contact, f.account, f.issueStandardQuote().id, null) }
    fun statement(iban: String) = camt053WithChargesAndBatch(
        iban, "767.10" to inv[0].creditorReference, "767.10" to inv[1].creditorReference, "300.00" to inv[2].creditorReference,
    )
    val refused = assertThrows<BillingException.InvalidInput>("invalid_input") {
        portal.importBankStatement(f.accountServices, statement("DE89 3704 0044 0532 0130 00"))
    }
    assertEquals("statement_account", refused.field, "a foreign IBAN refuses the document")
    assertEquals(InvoiceStatus.OPEN, portal.invoice(f.contact, f.account, inv[0].id).status, "nothing booked")

    val report = portal.importBankStatement(f.accountServices, statement("nl91 abna 0417 1643 00"))
    assertEquals(listOf("matched", "matched", "partial"), report.map { it.outcome }, "charges and batch")
    assertEquals(inv.map { it.number }, report.map { it.invoiceNumber }, "each its invoice")
    assertEquals(setOf(VENDOR_IBAN), report.map { it.account }.toSet(), "normalised account")
    assertEquals(0, java.math.BigDecimal("467.10").compareTo(report[2].balanceDue!!.amount), "the rest is due")
    val again = portal.importBankStatement(f.accountServices, statement(VENDOR_IBAN))
    assertEquals(listOf<String?>("duplicate", "duplicate", "duplicate"), again.map { it.reason }, "re-import books nothing")
    assertEquals(0, java.math.BigDecimal("467.10").compareTo(portal.invoice(f.contact, f.account, inv[2].id).balanceDue.amount), "unchanged")

    // Bad dunning stages are refused when the portal is built.
    for (stages in listOf(listOf(0u), listOf(10u, 3u), listOf(400u))) {
        val e = assertThrows<BillingException.InvalidInput>("invalid_input") {
            BillingPortal.openWith(null, defaultPortalConfig().copy(dunningStages = stages), null).close()
        }
        assertEquals("dunning_stages", e.field, "stages $stages")
    }
    assertEquals(10u, defaultPortalConfig().reminderPaymentDays, "default days to pay")
}

// DOMAIN: RECON-1, PAYM-1, DUN-1, BO-1, API-1
fun statementsReturnsDunningAndFilteredLists() = Fixture().use { f ->
    val portal = f.portal
    val invoice = portal.acceptQuote(f.contact, f.account, f.issueStandardQuote().id, null)
    val credit = camt054("767.10", invoice.creditorReference, "N-1")
    val paid = portal.importBankStatement(f.accountServices, credit)
    assertEquals(listOf("matched"), paid.map { it.outcome }, "credit matched")
    assertEquals(invoice.number, paid.first().invoiceNumber, "matched invoice")
    assertEquals(InvoiceStatus.PAID, portal.invoice(f.contact, f.account, invoice.id).status, "paid by the statement")
    assertEquals(listOf<String?>("duplicate"), portal.importBankStatement(f.accountServices, credit).map { it.reason }, "again")

    val returned = portal.importBankStatement(
        f.accountServices, camt054("767.10", invoice.creditorReference, "N-2", returnReason = "AM04"),
    ).first()
    assertEquals("reversed", returned.outcome, "return reverses")
    assertTrue(returned.debit, "a return is a debit")
    assertEquals("AM04", returned.returnReason, "return reason")
    assertEquals(paid.first().paymentId, returned.paymentId, "the payment taken back")
    assertEquals(0, invoice.document.totals.total.amount.compareTo(returned.balanceDue!!.amount), "due again")
    assertEquals(
        listOf<ReversalReason?>(ReversalReason.RETURNED_DEBIT),
        portal.invoicePayments(f.contact, f.account, invoice.id).map { it.reversalReason },
        "history",
    )
    assertThrows<BillingException.InvalidInput>("invalid_input") {
        portal.importBankStatement(f.accountServices, "<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>".toByteArray())
    }

    // Due on 1 April: the first reminder stage is 7 days after, once.
    assertEquals(1uL, portal.runDunning(f.accountServices, LocalDate.of(2026, 4, 8)), "first stage")
    assertEquals(0uL, portal.runDunning(f.accountServices, LocalDate.of(2026, 4, 8)), "run again")
    portal.pauseDunning(f.accountServices, f.account, true)
    assertEquals(0uL, portal.runDunning(f.accountServices, LocalDate.of(2026, 4, 22)), "paused")

    fun accounts(filter: AccountFilter) = portal.vendorAccounts(f.accountServices, filter, null, 10u).items.map { it.id }
    assertEquals(listOf(f.account), accounts(AccountFilter(country = "DE")), "by country")
    assertEquals(listOf<String>(), accounts(AccountFilter(country = "US")), "other country")
    assertEquals(
        listOf(f.account),
        accounts(AccountFilter(salesRepId = f.rep, subscriptionStatus = SubscriptionStatus.ACTIVE, currency = "EUR")),
        "by rep, status and currency",
    )
    assertEquals(listOf<String>(), accounts(AccountFilter(subscriptionStatus = SubscriptionStatus.EXPIRED)), "expired")
    assertTrue(portal.vendorAccounts(f.accountServices, AccountFilter(), null, 10u).items[0].dunningPaused, "paused shown")
    assertThrows<BillingException.InvalidInput>("invalid_input") { accounts(AccountFilter(country = "XX")) }
    fun invoices(filter: InvoiceFilter) = portal.vendorInvoices(f.accountServices, filter, null, 10u).items.map { it.id }
    assertEquals(
        listOf(invoice.id),
        invoices(InvoiceFilter(status = InvoiceStatus.OPEN, accountId = f.account, currency = "EUR", kind = InvoiceKind.INVOICE)),
        "open invoices of the account",
    )
    assertEquals(listOf<String>(), invoices(InvoiceFilter(status = InvoiceStatus.PAID)), "paid")
    assertEquals(listOf<String>(), invoices(InvoiceFilter(issuedFrom = LocalDate.of(2026, 3, 3))), "issued later")
    assertEquals(
        listOf(invoice.id),
        invoices(InvoiceFilter(dueFrom = LocalDate.of(2026, 4, 1), dueTo = LocalDate.of(2026, 4, 1))),
        "due that day",
    )
    assertThrows<BillingException.InvalidInput>("invalid_input") { invoices(InvoiceFilter(currency = "XYZ")) }
    // A malformed ID names no account, like an unknown one.
    assertThrows<BillingException.NotFound>("not_found") { invoices(InvoiceFilter(accountId = "not an id")) }
}
