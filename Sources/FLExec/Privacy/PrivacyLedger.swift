import Foundation
import RunPlan

/// Why a privacy ledger refused or failed.
package enum LedgerError: Error, Equatable, CustomStringConvertible {
    /// Spending the next round would exceed the budget; nothing was spent.
    case budgetExceeded(owner: String, spent: Double, next: Double, budget: Double)
    /// The ledger file exists but cannot be read back.
    case unreadable(path: String, reason: String)
    /// The ledger could not be persisted; the update must not be released.
    case unwritable(path: String, reason: String)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .budgetExceeded(let owner, let spent, let next, let budget):
            return "'\(owner)' refuses to train: the next round would spend ε = \(format(next)) "
                + "(spent so far \(format(spent))), over its budget of \(format(budget))"
        case .unreadable(let path, let reason): return "cannot read the privacy ledger '\(path)': \(reason)"
        case .unwritable(let path, let reason): return "cannot write the privacy ledger '\(path)': \(reason)"
        }
    }

    private func format(_ x: Double) -> String {
        x.isFinite ? String(format: "%.4g", x) : "∞"
    }
}

/// The privacy spent by one data owner (a client, or the server under client-level DP),
/// checked against its budget and persisted after every charge.
///
/// `charge` checks the budget, records the spending, and writes the ledger file atomically
/// (write to a temporary file, then rename) *before* it returns, so an update is released only
/// after its cost is durable. Reopening the same file after a restart resumes the spending.
package struct PrivacyLedger: Sendable {
    /// Whose ledger this is (for messages).
    package let owner: String
    /// The ε budget, or nil for accounting without a limit.
    package let budget: Double?
    /// The δ at which ε is measured.
    package let delta: Double
    /// The ledger file, or nil to keep it in memory (tests).
    package let path: String?
    private var accountant: any PrivacyAccounting

    /// Opens the ledger at `path`, restoring it if the file exists, else starting empty.
    package init(
        owner: String, budget: Double?, delta: Double, path: String?, kind: PrivacySpec.Accountant,
        factory: PrivacyAccountantFactory
    ) throws(LedgerError) {
        self.owner = owner
        self.budget = budget
        self.delta = delta
        self.path = path
        if let path, let data = FileManager.default.contents(atPath: path) {
            do {
                accountant = try factory.restore(kind, data)
            } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
        } else {
            accountant = factory.make(kind)
        }
    }

    /// The ε spent so far.
    package var spent: Double { accountant.epsilon(delta: delta) }

    /// The ε that would be spent after also recording (q, σ, steps).
    package func projected(q: Double, sigma: Double, steps: Int) -> Double {
        var copy = accountant
        copy.record(q: q, sigma: sigma, steps: steps)
        return copy.epsilon(delta: delta)
    }

    /// Throws `budgetExceeded` if (q, σ, steps) would take the ledger over its budget.
    package func check(q: Double, sigma: Double, steps: Int) throws(LedgerError) {
        guard let budget else { return }
        let next = projected(q: q, sigma: sigma, steps: steps)
        if !(next <= budget) { throw .budgetExceeded(owner: owner, spent: spent, next: next, budget: budget) }
    }

    /// Checks the budget, records (q, σ, steps) and persists the ledger.
    package mutating func charge(q: Double, sigma: Double, steps: Int) throws(LedgerError) {
        try check(q: q, sigma: sigma, steps: steps)
        var next = accountant
        next.record(q: q, sigma: sigma, steps: steps)
        try persist(next)
        accountant = next
    }

    private func persist(_ a: any PrivacyAccounting) throws(LedgerError) {
        guard let path else { return }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let data = try encoder.encode(a)
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritable(path: path, reason: "\(error)")
        }
    }
}
