// The shared fixture of the Kotlin tests, the same as the Swift one: a portal on a manual clock,
// the vendor's staff and issuer, one corporate account in Germany with its billing contact
// (signed in) and an account user.
package com.example.corporatebilling.tests

import com.example.corporatebilling.AccountKind
import com.example.corporatebilling.BillingAddress
import com.example.corporatebilling.BillingPortal
import com.example.corporatebilling.Caller
import com.example.corporatebilling.IssuerProfile
import com.example.corporatebilling.LineInput
import com.example.corporatebilling.ManualClock
import com.example.corporatebilling.NewAccount
import com.example.corporatebilling.NewLogin
import com.example.corporatebilling.NewQuote
import com.example.corporatebilling.PaymentMethod
import com.example.corporatebilling.Quote
import com.example.corporatebilling.QuoteEffect
import com.example.corporatebilling.Session
import com.example.corporatebilling.StaffKind
import com.example.corporatebilling.defaultPortalConfig
import java.math.BigDecimal
import java.time.Duration
import java.time.Instant
import java.time.LocalDate

/** 2026-03-02 09:00:00 UTC, where the fixture's clock starts. */
val START: Instant = Instant.parse("2026-03-02T09:00:00Z")
const val PASSWORD = "correct horse battery staple 42"
const val CONTACT_USERNAME = "ap.admin"
const val CONTACT_EMAIL = "alexandra.billington@acme-gmbh.example"
val W9: ByteArray = "%PDF-1.7 W-9 form of the vendor".toByteArray()

fun dec(text: String) = BigDecimal(text)

fun germanAddress() = BillingAddress("Hauptstraße 1", "", "Berlin", "", "10115", "DE")

fun sepa() = PaymentMethod.SepaDebit("DE44500105175407324931", "MANDATE-2026-001")

/** Two lines at two VAT rates: net 690.00, VAT 45.60 (19 %) + 31.50 (7 %), total 767.10 EUR. */
fun standardLines() = listOf(
    LineInput("Additional corporate seats", dec("2"), dec("120.00"), dec("19")),
    LineInput("Onboarding workshop", dec("1"), dec("450"), dec("7")),
)

class Fixture(path: String? = null, links: Boolean = true) : AutoCloseable {
    val clock = ManualClock(START)
    val portal: BillingPortal
    val rep: String
    val services: String
    val issuer: String
    val contactLogin: String
    val userLogin: String
    val account: String
    val session: Session

    val contact get() = Caller.Session(session.token)
    val salesRep get() = Caller.Staff(rep)
    val accountServices get() = Caller.Staff(services)
    val accountUser get() = Caller.AccountUser(userLogin)

    init {
        val base = defaultPortalConfig()
        val config = base.copy(
            vendorName = "Vendor",
            w9Form = W9,
            sessionIdleTimeout = Duration.ofDays(400),
            sessionLifetime = Duration.ofDays(400),
            credentialLinkBaseUrl = if (links) "https://billing.vendor.example/set-password" else null,
            linkSecret = if (links) ByteArray(32) { 0x5A } else null,
        )
        portal = BillingPortal.openWith(path, config, clock)
        rep = portal.registerStaff("Sam Seller", "sam@vendor.example", StaffKind.SALES_REP)
        services = portal.registerStaff("Ada Services", "ada@vendor.example", StaffKind.ACCOUNT_SERVICES)
        issuer = portal.createIssuer(
            IssuerProfile(
                legalName = "Vendor Europe B.V.",
                address = BillingAddress("Keizersgracht 1", "", "Amsterdam", "", "1015 CJ", "NL"),
                taxId = "NL123456789B01",
                invoicePrefix = "INV-",
                remittance = "ABN AMRO, IBAN NL91 ABNA 0417 1643 00, BIC ABNANL2A",
            ),
        )
        contactLogin = portal.createLogin(
            NewLogin("Alexandra Billington", CONTACT_EMAIL, CONTACT_USERNAME, "+49 30 12345678"),
            PASSWORD,
        )
        userLogin = portal.createLogin(NewLogin("Udo Accountuser", "udo@acme-gmbh.example", null, null), null)
        account = portal.openAccount(Caller.Staff(rep), newAccount(AccountKind.CORPORATE, contactLogin))
        portal.addAccountUser(Caller.Staff(rep), account, userLogin)
        session = portal.signIn(CONTACT_USERNAME, PASSWORD)
    }

    fun newAccount(kind: AccountKind, contactLoginId: String) = NewAccount(
        kind = kind,
        companyName = if (kind == AccountKind.CORPORATE) "Acme GmbH" else "Web Shop Customer",
        issuerId = issuer,
        salesRepId = rep,
        billingContactId = contactLoginId,
        billingAddress = germanAddress(),
        phone = "030 12345678",
        paymentMethod = sepa(),
        currency = "EUR",
        vatRate = dec("19"),
        paymentTermsDays = 30u,
        requiresPurchaseOrder = false,
        plan = "Corporate",
        seats = 25u,
        annualSeatPrice = dec("120.00"),
        termStart = LocalDate.of(2026, 1, 1),
        termEnd = LocalDate.of(2027, 1, 1),
    )

    /** A quote of the standard lines that adds five seats. */
    fun issueStandardQuote(currency: String = "EUR", validUntil: LocalDate = LocalDate.of(2026, 3, 31)): Quote =
        portal.issueQuote(salesRep, account, NewQuote(currency, validUntil, standardLines(), QuoteEffect.AddSeats(5u)))

    override fun close() {
        portal.close()
        clock.close()
    }
}

/**
 * A camt.054 notification of one booked entry: a credit quoting [reference], or with
 * [returnReason] a debit returning a direct debit that quoted it (RECON-1).
 */
/** The issuer's own account (its remittance text names it): statements for it are accepted (RECON-2). */
const val VENDOR_IBAN = "NL91ABNA0417164300"

fun camt054(amount: String, reference: String, bankReference: String, returnReason: String? = null): ByteArray {
    val indicator = if (returnReason == null) "CRDT" else "DBIT"
    val returnInfo = returnReason?.let { "<RtrInf><Rsn><Cd>$it</Cd></Rsn></RtrInf>" } ?: ""
    return """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>M-$bankReference</MsgId><CreDtTm>2026-04-11T10:15:00Z</CreDtTm></GrpHdr>
  <Ntfctn><Id>N-$bankReference</Id><Acct><Id><IBAN>$VENDOR_IBAN</IBAN></Id></Acct>
    <Ntry><Amt Ccy="EUR">$amount</Amt><CdtDbtInd>$indicator</CdtDbtInd><Sts>BOOK</Sts>
      <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>$bankReference</AcctSvcrRef>
      <NtryDtls><TxDtls>
        <RmtInf><Strd><CdtrRefInf><Ref>$reference</Ref></CdtrRefInf></Strd></RmtInf>$returnInfo
      </TxDtls></NtryDtls>
    </Ntry>
  </Ntfctn>
</BkToCstmrDbtCdtNtfctn></Document>
""".toByteArray()
}

/**
 * A camt.053.001.08 statement for [iban]: a credit paying [first] in full with a debit charges
 * record, and a batch of two transactions paying [second] in full and [third] in part.
 */
fun camt053WithChargesAndBatch(iban: String, first: Pair<String, String>, second: Pair<String, String>, third: Pair<String, String>): ByteArray {
    fun tx(amount: String, reference: String) =
        """<TxDtls><Amt Ccy="EUR">$amount</Amt><CdtDbtInd>CRDT</CdtDbtInd><RmtInf><Strd><CdtrRefInf><Ref>$reference</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"""
    val batch = java.math.BigDecimal(second.first).add(java.math.BigDecimal(third.first)).toPlainString()
    return """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
  <GrpHdr><MsgId>K-1</MsgId><CreDtTm>2026-04-11T10:15:00Z</CreDtTm></GrpHdr>
  <Stmt><Id>K-STMT-1</Id><Acct><Id><IBAN>$iban</IBAN></Id></Acct>
    <Ntry><Amt Ccy="EUR">${first.first}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
      <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>K-1</AcctSvcrRef>
      <Chrgs><Rcrd><Amt Ccy="EUR">2.50</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs>
      <NtryDtls>${tx(first.first, first.second)}</NtryDtls></Ntry>
    <Ntry><Amt Ccy="EUR">$batch</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
      <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>K-2</AcctSvcrRef>
      <NtryDtls>${tx(second.first, second.second)}${tx(third.first, third.second)}</NtryDtls></Ntry>
  </Stmt>
</BkToCstmrStmt></Document>
""".toByteArray()
}
