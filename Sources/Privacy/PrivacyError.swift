/// Why an accountant or solver could not answer.
///
/// Each case carries a one-line, lowercase message meant for users (the CLI prints it).
package enum PrivacyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An argument is outside its domain (q ∉ (0, 1], σ ≤ 0, δ ∉ (0, 1), steps < 0, order ≤ 1).
    case invalidArgument(String)
    /// No value in the searched range satisfies the budget.
    case noSolution(String)

    /// The message.
    package var description: String {
        switch self {
        case .invalidArgument(let m), .noSolution(let m): return m
        }
    }

    /// Throws unless `delta` is in (0, 1).
    static func checkDelta(_ delta: Double) throws {
        guard delta > 0, delta < 1 else {
            throw PrivacyError.invalidArgument("delta must be in (0, 1), got \(delta)")
        }
    }

    /// Throws unless `steps` is non-negative.
    static func checkSteps(_ steps: Int) throws {
        guard steps >= 0 else { throw PrivacyError.invalidArgument("steps must be non-negative, got \(steps)") }
    }

    /// Throws unless `epsilon` is positive and finite.
    static func checkEpsilon(_ epsilon: Double) throws {
        guard epsilon > 0, epsilon.isFinite else {
            throw PrivacyError.invalidArgument("epsilon must be positive, got \(epsilon)")
        }
    }
}
