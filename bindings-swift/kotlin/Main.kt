// The Kotlin suite of the UniFFI bindings: run by scripts/test-mobile on the JVM with JNA.
package com.example.corporatebilling.tests

import kotlin.system.exitProcess

/** A named test; the lambda discards what the test function returns. */
fun test(name: String, body: () -> Unit): Pair<String, () -> Unit> = name to body

val tests: List<Pair<String, () -> Unit>> = listOf(
    test("fullPortalScenario") { fullPortalScenario() },
    test("passwordResetAndChange") { passwordResetAndChange() },
    test("billingContactHandedToANewLogin") { billingContactHandedToANewLogin() },
    test("vendorJobsAndDocuments") { vendorJobsAndDocuments() },
    test("statementsReturnsDunningAndFilteredLists") { statementsReturnsDunningAndFilteredLists() },
    test("aStatementWithChargesABatchAndAForeignIban") { aStatementWithChargesABatchAndAForeignIban() },
    test("decimalsRoundTripExactly") { decimalsRoundTripExactly() },
    test("aDecimalWithTooManyDigitsIsATypedError") { aDecimalWithTooManyDigitsIsATypedError() },
    test("calendarDaysRoundTrip") { calendarDaysRoundTrip() },
    test("instantsRoundTrip") { instantsRoundTrip() },
    test("invalidCredentials") { invalidCredentials() },
    test("unauthenticated") { unauthenticated() },
    test("invalidToken") { invalidToken() },
    test("limitReached") { limitReached() },
    test("notConfigured") { notConfigured() },
    test("forbidden") { forbidden() },
    test("notFound") { notFound() },
    test("conflict") { conflict() },
    test("quoteExpired") { quoteExpired() },
    test("invalidInput") { invalidInput() },
    test("notCorporateAccount") { notCorporateAccount() },
    test("purchaseOrderRequired") { purchaseOrderRequired() },
    test("notAvailableInCountry") { notAvailableInCountry() },
    test("currencyMismatch") { currencyMismatch() },
    test("storage") { storage() },
    test("manyThreadsShareOnePortal") { manyThreadsShareOnePortal() },
    test("threadsAddRecipientsConcurrently") { threadsAddRecipientsConcurrently() },
    test("racingAcceptancesHaveOneWinner") { racingAcceptancesHaveOneWinner() },
    test("accountUsersSeeKindAndLastFourAndNoInvoiceRecipients") { accountUsersSeeKindAndLastFourAndNoInvoiceRecipients() },
    test("sessionsCallersAndMessagesPrintWithoutTokensOrLinks") { sessionsCallersAndMessagesPrintWithoutTokensOrLinks() },
)

fun main() {
    exitProcess(if (runAll(tests)) 0 else 1)
}
