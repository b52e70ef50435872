/// An accountant: the ε at δ of a composition of Poisson-subsampled Gaussian mechanisms.
///
/// The two conformers are `RDPAccountant` and `PLDAccountant`; `AccountantKind.accountant()`
/// makes the one a plan or a `privacy` block names. Both are upper bounds on the true ε.
package protocol PrivacyAccountant: Sendable {
    /// ε at `delta` of `parts` (mechanism, steps) composed, on top of whatever the accountant
    /// already holds.
    /// - Throws: `PrivacyError` for arguments out of range or a composition it cannot bound.
    func epsilon(composing parts: [(SubsampledGaussian, Int)], delta: Double) throws -> EpsilonResult
}

extension RDPAccountant: PrivacyAccountant {
    /// ε at `delta` after composing `parts` onto this accountant's RDP (NaN is read as ∞).
    package func epsilon(composing parts: [(SubsampledGaussian, Int)], delta: Double) throws -> EpsilonResult {
        try PrivacyError.checkDelta(delta)
        var a = self
        for (m, steps) in parts {
            try PrivacyError.checkSteps(steps)
            a.compose(m, steps: steps)
        }
        let r = a.epsilon(delta: delta)
        return r.epsilon.isNaN ? EpsilonResult(epsilon: .infinity, order: nil) : r
    }
}

extension PLDAccountant: PrivacyAccountant {
    /// ε at `delta` of `parts` composed (PLD has no order to report).
    package func epsilon(composing parts: [(SubsampledGaussian, Int)], delta: Double) throws -> EpsilonResult {
        EpsilonResult(epsilon: try epsilon(parts, delta: delta), order: nil)
    }
}
