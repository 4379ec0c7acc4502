// One BillingPortal shared by many threads: the object is thread-safe and the core serialises
// writers (QUO-3: of racing acceptances exactly one wins).
package com.example.corporatebilling.tests

import com.example.corporatebilling.BillingException
import java.io.File
import java.time.LocalDate
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

private fun temporaryDatabase(): String {
    val dir = File(System.getProperty("java.io.tmpdir"), "corporate-billing-kotlin-${System.nanoTime()}")
    dir.mkdirs()
    dir.deleteOnExit()
    return File(dir, "portal.db").path
}

/** Runs `body(i)` for i in 0 until n on n threads released at once; returns results in order. */
private fun <T> onThreads(n: Int, body: (Int) -> T): List<Result<T>> {
    val pool = Executors.newFixedThreadPool(n)
    try {
        val go = CountDownLatch(1)
        val futures = (0 until n).map { i -> pool.submit(Callable { go.await(); runCatching { body(i) } }) }
        go.countDown()
        return futures.map { it.get(60, TimeUnit.SECONDS) }
    } finally {
        pool.shutdown()
    }
}

fun manyThreadsShareOnePortal() = Fixture(path = temporaryDatabase()).use { f ->
    val results = onThreads(8) { i ->
        f.portal.account(f.contact, f.account)
        f.portal.addPurchaseOrder(f.contact, f.account, "PO-T$i", LocalDate.of(2026, 12, i + 1))
        f.portal.invoices(f.contact, f.account).size
    }
    assertEquals(emptyList(), results.mapNotNull { it.exceptionOrNull()?.toString() }, "failures")
    assertEquals((0 until 8).map { "PO-T$it" }.toSet(), f.portal.purchaseOrders(f.contact, f.account).map { it.number }.toSet(), "POs")
}

fun threadsAddRecipientsConcurrently() = Fixture(path = temporaryDatabase()).use { f ->
    val seen = Collections.synchronizedList(mutableListOf<String>())
    val results = onThreads(8) { i ->
        f.portal.addInvoiceRecipient(f.contact, f.account, "ap$i@acme-gmbh.example")
        seen.add(f.portal.account(f.contact, f.account).companyName)
    }
    assertEquals(emptyList(), results.mapNotNull { it.exceptionOrNull()?.toString() }, "failures")
    assertEquals(List(8) { "Acme GmbH" }, seen.toList(), "reads")
    assertEquals(8, f.portal.account(f.contact, f.account).invoiceRecipients?.size, "recipients")
}

// DOMAIN: QUO-3
fun racingAcceptancesHaveOneWinner() = Fixture(path = temporaryDatabase()).use { f ->
    val quote = f.issueStandardQuote()
    val outcomes = onThreads(4) { f.portal.acceptQuote(f.contact, f.account, quote.id, null) }.map { r ->
        r.fold({ "accepted" }, { e -> (e as? BillingException)?.code() ?: e.toString() })
    }
    assertEquals(listOf("accepted", "conflict", "conflict", "conflict"), outcomes.sorted(), "outcomes")
    assertEquals(1, f.portal.invoices(f.contact, f.account).size, "one invoice")
}
