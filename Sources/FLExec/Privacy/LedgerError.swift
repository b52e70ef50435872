import Foundation

/// Why a privacy ledger refused or failed.
package enum LedgerError: Error, Equatable, CustomStringConvertible {
    /// Spending the next round would exceed the budget; nothing was spent.
    case budgetExceeded(owner: String, spent: Double, next: Double, budget: Double)
    /// The ledger file exists but cannot be read back.
    case unreadable(path: String, reason: String)
    /// The ledger could not be persisted; the update must not be released.
    case unwritable(path: String, reason: String)
    /// The accountant rejected a record or a query (e.g. σ = 0, which no budget covers).
    case accounting(owner: String, reason: String)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .budgetExceeded(let owner, let spent, let next, let budget):
            return "'\(owner)' refuses to train: the next round would spend ε = \(format(next)) "
                + "(spent so far \(format(spent))), over its budget of \(format(budget))"
        case .unreadable(let path, let reason): return "cannot read the privacy ledger '\(path)': \(reason)"
        case .unwritable(let path, let reason): return "cannot write the privacy ledger '\(path)': \(reason)"
        case .accounting(let owner, let reason): return "privacy accounting for '\(owner)' failed: \(reason)"
        }
    }

    private func format(_ x: Double) -> String {
        x.isFinite ? String(format: "%.4g", x) : "∞"
    }
}
