// One BillingPortal shared by many threads and tasks: the object is thread-safe and the core
// serialises writers (QUO-3: of two racing acceptances exactly one wins).
import CorporateBilling
import Foundation
import XCTest

final class ConcurrencyTests: XCTestCase {
    private func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("portal-\(UUID().uuidString).db").path
    }

    func testManyThreadsShareOnePortal() throws {
        let f = try Fixture(path: temporaryDatabase())
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            do {
                _ = try f.portal.account(caller: f.contact, accountId: f.account)
                _ = try f.portal.addPurchaseOrder(caller: f.contact, accountId: f.account, number: "PO-T\(i)", expiresOn: day(2026, 12, i + 1))
                _ = try f.portal.invoices(caller: f.contact, accountId: f.account)
            } catch {
                failures.mutate { $0.append("\(i): \(error)") }
            }
        }
        XCTAssertEqual(failures.value, [])
        XCTAssertEqual(Set(try f.portal.purchaseOrders(caller: f.contact, accountId: f.account).map(\.number)), Set((0..<8).map { "PO-T\($0)" }))
    }

    func testTasksShareOnePortal() async throws {
        let f = try Fixture(path: temporaryDatabase())
        let portal = f.portal
        let (contact, account) = (f.contact, f.account)
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<8 {
                group.addTask {
                    try portal.addInvoiceRecipient(caller: contact, accountId: account, email: "ap\(i)@acme-gmbh.example")
                    return try portal.account(caller: contact, accountId: account).companyName
                }
            }
            var names: [String] = []
            for try await name in group { names.append(name) }
            return names
        }
        XCTAssertEqual(numbers, Array(repeating: "Acme GmbH", count: 8))
        XCTAssertEqual(try portal.account(caller: contact, accountId: account).invoiceRecipients?.count, 8)
    }

    // DOMAIN: QUO-3
    func testRacingAcceptancesHaveOneWinner() throws {
        let f = try Fixture(path: temporaryDatabase())
        let quote = try f.issueStandardQuote()
        let outcomes = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                _ = try f.portal.acceptQuote(caller: f.contact, accountId: f.account, quoteId: quote.id, purchaseOrder: nil)
                outcomes.mutate { $0.append("accepted") }
            } catch let error as BillingError {
                outcomes.mutate { $0.append(error.code()) }
            } catch {
                outcomes.mutate { $0.append("\(error)") }
            }
        }
        XCTAssertEqual(outcomes.value.sorted(), ["accepted", "conflict", "conflict", "conflict"])
        XCTAssertEqual(try f.portal.invoices(caller: f.contact, accountId: f.account).count, 1)
    }
}

/// A value guarded by a lock, for collecting results from many threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ change: (inout Value) -> Void) { lock.lock(); defer { lock.unlock() }; change(&stored) }
}
