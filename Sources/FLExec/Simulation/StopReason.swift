/// Why a run ended before its last round.
package enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// Too few clients would train without exceeding their budgets.
    case budgetExhausted(round: Int, refused: [String])
    /// The server's own budget (client-level DP) would be exceeded.
    case serverBudgetExhausted(round: Int)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .budgetExhausted(let round, let refused):
            return "stopped before round \(round): \(refused.count) client(s) refused to exceed their privacy budget ("
                + refused.map { "'\($0)'" }.joined(separator: ", ") + ")"
        case .serverBudgetExhausted(let round):
            return "stopped before round \(round): the next round would exceed the federation's privacy budget"
        }
    }
}
