// The shared fixture of the Swift tests: a portal on a manual clock, the vendor's staff and
// issuer, one corporate account in Germany with its billing contact (signed in) and an account user.
import CorporateBilling
import Foundation
import XCTest

/// Exact decimal from text: never `Decimal(19.99)`, which goes through a binary Double.
func dec(_ text: String) -> Decimal {
    guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
        preconditionFailure("not a decimal: \(text)")
    }
    return d
}

/// A calendar date as the bindings carry it.
func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> DateComponents {
    DateComponents(year: year, month: month, day: dayOfMonth)
}

/// 2026-03-02 09:00:00 UTC, where the fixture's clock starts.
let start = Date(timeIntervalSince1970: 1_772_442_000)

let password = "correct horse battery staple 42"
let contactUsername = "ap.admin"
let contactEmail = "alexandra.billington@acme-gmbh.example"

func germanAddress() -> BillingAddress {
    BillingAddress(line1: "Hauptstraße 1", line2: "", city: "Berlin", region: "", postalCode: "10115", country: "DE")
}

func sepa() -> PaymentMethod {
    .sepaDebit(iban: "DE44500105175407324931", mandateReference: "MANDATE-2026-001")
}

/// Two lines at two VAT rates: net 690.00, VAT 45.60 (19 %) + 31.50 (7 %), total 767.10 EUR.
func standardLines() -> [LineInput] {
    [
        LineInput(description: "Additional corporate seats", quantity: dec("2"), unitPrice: dec("120.00"), vatRate: dec("19")),
        LineInput(description: "Onboarding workshop", quantity: dec("1"), unitPrice: dec("450"), vatRate: dec("7")),
    ]
}

final class Fixture {
    let clock: ManualClock
    let portal: BillingPortal
    let rep: String
    let services: String
    let issuer: String
    let contactLogin: String
    let userLogin: String
    let account: String
    let session: Session

    var contact: Caller { .session(token: session.token) }
    var salesRep: Caller { .staff(staffId: rep) }
    var accountServices: Caller { .staff(staffId: services) }
    var accountUser: Caller { .accountUser(loginId: userLogin) }

    /// `path`: a database file, or nil for memory. `links`: configure credential links (AUTH-7).
    init(path: String? = nil, links: Bool = true) throws {
        clock = try ManualClock(at: start)
        var config = defaultPortalConfig()
        config.vendorName = "Vendor"
        config.w9Form = Data("%PDF-1.7 W-9 form of the vendor".utf8)
        config.sessionIdleTimeout = 400 * 24 * 3600
        config.sessionLifetime = 400 * 24 * 3600
        if links {
            config.credentialLinkBaseUrl = "https://billing.vendor.example/set-password"
            config.linkSecret = Data(repeating: 0x5A, count: 32)
        }
        portal = try BillingPortal.openWith(path: path, config: config, clock: clock)
        rep = try portal.registerStaff(name: "Sam Seller", email: "sam@vendor.example", kind: .salesRep)
        services = try portal.registerStaff(name: "Ada Services", email: "ada@vendor.example", kind: .accountServices)
        issuer = try portal.createIssuer(profile: IssuerProfile(
            legalName: "Vendor Europe B.V.",
            address: BillingAddress(line1: "Keizersgracht 1", line2: "", city: "Amsterdam", region: "", postalCode: "1015 CJ", country: "NL"),
            taxId: "NL123456789B01",
            invoicePrefix: "INV-",
            remittance: "ABN AMRO, IBAN NL91 ABNA 0417 1643 00, BIC ABNANL2A"
        ))
        contactLogin = try portal.createLogin(
            login: NewLogin(name: "Alexandra Billington", email: contactEmail, username: contactUsername, phone: "+49 30 12345678"),
            password: password
        )
        userLogin = try portal.createLogin(
            login: NewLogin(name: "Udo Accountuser", email: "udo@acme-gmbh.example", username: nil, phone: nil),
            password: nil
        )
        account = try portal.openAccount(caller: .staff(staffId: rep), account: NewAccount(
            kind: .corporate,
            companyName: "Acme GmbH",
            issuerId: issuer,
            salesRepId: rep,
            billingContactId: contactLogin,
            billingAddress: germanAddress(),
            phone: "030 12345678",
            paymentMethod: sepa(),
            currency: "EUR",
            vatRate: dec("19"),
            paymentTermsDays: 30,
            requiresPurchaseOrder: false,
            plan: "Corporate",
            seats: 25,
            annualSeatPrice: dec("120.00"),
            termStart: day(2026, 1, 1),
            termEnd: day(2027, 1, 1)
        ))
        try portal.addAccountUser(caller: .staff(staffId: rep), accountId: account, loginId: userLogin)
        session = try portal.signIn(userId: contactUsername, password: password)
    }

    /// A quote of the standard lines that adds five seats, valid until 2026-03-31.
    func issueStandardQuote(currency: String = "EUR", validUntil: DateComponents = day(2026, 3, 31)) throws -> Quote {
        try portal.issueQuote(caller: salesRep, accountId: account, quote: NewQuote(
            currency: currency, validUntil: validUntil, lines: standardLines(), effect: .addSeats(seats: 5)
        ))
    }
}

/// Asserts that `body` throws a `BillingError` with the stable `code`, and returns it.
@discardableResult
func assertBillingError<T>(
    _ code: String,
    file: StaticString = #filePath,
    line: UInt = #line,
    _ body: () throws -> T
) -> BillingError? {
    do {
        let value = try body()
        XCTFail("expected \(code), got \(value)", file: file, line: line)
        return nil
    } catch let error as BillingError {
        XCTAssertEqual(error.code(), code, "\(error)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected BillingError \(code), got \(error)", file: file, line: line)
        return nil
    }
}

/// A camt.054 notification of one booked entry: a credit quoting `reference`, or with
/// `returnReason` a debit returning a direct debit that quoted it (RECON-1).
/// The issuer's own account (its remittance text names it): statements for it are accepted (RECON-2).
let vendorIban = "NL91ABNA0417164300"

func camt054(amount: String, reference: String, bankReference: String, returnReason: String? = nil) -> Data {
    let indicator = returnReason == nil ? "CRDT" : "DBIT"
    let returnInfo = returnReason.map { "<RtrInf><Rsn><Cd>\($0)</Cd></Rsn></RtrInf>" } ?? ""
    let xml = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
      <GrpHdr><MsgId>M-\(bankReference)</MsgId><CreDtTm>2026-04-11T10:15:00Z</CreDtTm></GrpHdr>
      <Ntfctn><Id>N-\(bankReference)</Id><Acct><Id><IBAN>\(vendorIban)</IBAN></Id></Acct>
        <Ntry><Amt Ccy="EUR">\(amount)</Amt><CdtDbtInd>\(indicator)</CdtDbtInd><Sts>BOOK</Sts>
          <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>\(bankReference)</AcctSvcrRef>
          <NtryDtls><TxDtls>
            <RmtInf><Strd><CdtrRefInf><Ref>\(reference)</Ref></CdtrRefInf></Strd></RmtInf>\(returnInfo)
          </TxDtls></NtryDtls>
        </Ntry>
      </Ntfctn>
    </BkToCstmrDbtCdtNtfctn></Document>
    """
    return Data(xml.utf8)
}

/// A camt.053.001.08 statement for `iban`: a credit paying `first` (amount, reference) in full
/// with a debit charges record, and a batch of two transactions paying `second` and `third`.
func camt053WithChargesAndBatch(
    iban: String, first: (String, String), second: (String, String), third: (String, String)
) -> Data {
    func tx(_ amount: String, _ reference: String) -> String {
        "<TxDtls><Amt Ccy=\"EUR\">\(amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd><RmtInf><Strd><CdtrRefInf><Ref>\(reference)</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"
    }
    let batch = "\(Decimal(string: second.0)! + Decimal(string: third.0)!)"
    let xml = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
      <GrpHdr><MsgId>S-1</MsgId><CreDtTm>2026-04-11T10:15:00Z</CreDtTm></GrpHdr>
      <Stmt><Id>S-STMT-1</Id><Acct><Id><IBAN>\(iban)</IBAN></Id></Acct>
        <Ntry><Amt Ccy="EUR">\(first.0)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
          <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>S-1</AcctSvcrRef>
          <Chrgs><Rcrd><Amt Ccy="EUR">2.50</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs>
          <NtryDtls>\(tx(first.0, first.1))</NtryDtls></Ntry>
        <Ntry><Amt Ccy="EUR">\(batch)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
          <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>S-2</AcctSvcrRef>
          <NtryDtls>\(tx(second.0, second.1))\(tx(third.0, third.1))</NtryDtls></Ntry>
      </Stmt>
    </BkToCstmrStmt></Document>
    """
    return Data(xml.utf8)
}
