import Foundation
import RunPlan
import SafeFiles

/// The privacy spent by one data owner (a client, or the server under client-level DP),
/// checked against its budget and persisted after every charge.
///
/// `charge` checks the budget, records the spending, and writes the ledger file atomically
/// (``AtomicFile``: a temporary file, `fsync`, rename) *before* it returns, so an update is
/// released only after its cost is durable. Reopening the same file after a restart resumes the
/// spending. A charge is one transaction under an exclusive lock on `<path>.lock`
/// (``FileLock``): it re-reads the file, so two processes charging one ledger add up their
/// spending instead of each overwriting the other's.
package struct BudgetLedger: Sendable {
    /// Whose ledger this is (for messages).
    package let owner: String
    /// The ε budget, or nil for accounting without a limit.
    package let budget: Double?
    /// The δ at which ε is measured.
    package let delta: Double
    /// The ledger file, or nil to keep it in memory (tests).
    package let path: String?
    /// The ε spent so far.
    package private(set) var spent: Double
    private var accountant: any PrivacyAccounting
    private let kind: PrivacySpec.Accountant
    private let factory: PrivacyAccountantFactory

    /// Opens the ledger at `path`, restoring it if the file exists, else starting empty.
    package init(
        owner: String, budget: Double?, delta: Double, path: String?, kind: PrivacySpec.Accountant,
        factory: PrivacyAccountantFactory
    ) throws(LedgerError) {
        self.owner = owner
        self.budget = budget
        self.delta = delta
        self.path = path
        self.kind = kind
        self.factory = factory
        if let path, let data = FileManager.default.contents(atPath: path) {
            do {
                accountant = try factory.restore(kind, data)
            } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
        } else {
            accountant = factory.make(kind)
        }
        spent = try Self.epsilon(of: accountant, delta: delta, owner: owner)
    }

    /// The ε that would be spent after also recording (q, σ, steps).
    package func projected(q: Double, sigma: Double, steps: Int) throws(LedgerError) -> Double {
        try Self.epsilon(of: recording(q: q, sigma: sigma, steps: steps), delta: delta, owner: owner)
    }

    /// Throws `budgetExceeded` if (q, σ, steps) would take the ledger over its budget.
    package func check(q: Double, sigma: Double, steps: Int) throws(LedgerError) {
        guard let budget else { return }
        let next = try projected(q: q, sigma: sigma, steps: steps)
        if !(next <= budget) { throw .budgetExceeded(owner: owner, spent: spent, next: next, budget: budget) }
    }

    /// Checks the budget, records (q, σ, steps) and persists the ledger.
    package mutating func charge(q: Double, sigma: Double, steps: Int) throws(LedgerError) {
        var lock: FileLock?
        if let path {
            do {
                let dir = (path as NSString).deletingLastPathComponent
                if !dir.isEmpty {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                }
                lock = try FileLock.acquire(path + ".lock", wait: true)
            } catch let error as FileError {
                throw .unwritable(path: path, reason: error.reason)
            } catch {
                throw .unwritable(path: path, reason: "\(error)")
            }
        }
        defer { lock?.release() }
        try reload()
        let next = try recording(q: q, sigma: sigma, steps: steps)
        let epsilon = try Self.epsilon(of: next, delta: delta, owner: owner)
        if let budget, !(epsilon <= budget) {
            throw .budgetExceeded(owner: owner, spent: spent, next: epsilon, budget: budget)
        }
        try persist(next)
        accountant = next
        spent = epsilon
    }

    /// Takes in what another process may have charged to the file since it was read.
    private mutating func reload() throws(LedgerError) {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return }
        do {
            accountant = try factory.restore(kind, data)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        spent = try Self.epsilon(of: accountant, delta: delta, owner: owner)
    }

    /// A copy of the accountant with (q, σ, steps) recorded.
    private func recording(q: Double, sigma: Double, steps: Int) throws(LedgerError) -> any PrivacyAccounting {
        var copy = accountant
        do {
            try copy.record(q: q, sigma: sigma, steps: steps)
        } catch {
            throw .accounting(owner: owner, reason: "\(error)")
        }
        return copy
    }

    private static func epsilon(of a: any PrivacyAccounting, delta: Double, owner: String) throws(LedgerError) -> Double
    {
        do {
            return try a.epsilon(delta: delta)
        } catch {
            throw .accounting(owner: owner, reason: "\(error)")
        }
    }

    private func persist(_ a: any PrivacyAccounting) throws(LedgerError) {
        guard let path else { return }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let data = try encoder.encode(a)
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            try AtomicFile.write(data, to: path)
        } catch let error as FileError {
            throw .unwritable(path: path, reason: error.reason)
        } catch {
            throw .unwritable(path: path, reason: "\(error)")
        }
    }
}
