import Foundation

/// Finds the largest number of steps that keeps a mechanism within an (ε, δ) budget.
package enum StepSolver {
    /// The largest T ≥ 0 such that T steps of `mechanism` satisfy (`epsilon`, `delta`)-DP.
    ///
    /// ε is non-decreasing in T; the search doubles T, then bisects. With the RDP accountant the
    /// one-step curve is computed once and each probe is 156 multiply-adds.
    /// `pld` sets the PLD accountant's grid when `accountant` is `.pld`.
    /// - Throws: `PrivacyError.invalidArgument` for δ or ε out of range;
    ///   `PrivacyError.noSolution` when even one step exceeds the budget.
    package static func maxSteps(
        mechanism: SubsampledGaussian, epsilon: Double, delta: Double,
        accountant: AccountantKind = .rdp, orders: [Double] = RDPAccountant.defaultOrders,
        pld: PLDAccountant = PLDAccountant()
    ) throws -> Int {
        try PrivacyError.checkDelta(delta)
        try PrivacyError.checkEpsilon(epsilon)
        let curve = RDPAccountant.stepRDP(mechanism, orders: orders)
        func fits(_ t: Int) throws -> Bool {
            switch accountant {
            case .rdp:
                var a = RDPAccountant(orders: orders)
                a.compose(stepRDP: curve, steps: t)
                return a.epsilon(delta: delta).epsilon <= epsilon
            case .pld:
                // A composition the PLD grid cannot hold is not certified, so it does not fit;
                // only a refusal of one step is the caller's answer.
                do {
                    return try pld.epsilon(mechanism, steps: t, delta: delta) <= epsilon
                } catch is PrivacyError where t > 1 {
                    return false
                }
            }
        }
        guard try fits(1) else {
            throw PrivacyError.noSolution(
                "one step at sampling rate \(mechanism.q) and noise multiplier \(mechanism.sigma) already exceeds "
                    + "epsilon \(epsilon) at delta \(delta)")
        }
        var lo = 1, hi = 2
        if accountant == .pld {
            // Start at the RDP answer: PLD allows at least as many steps, so bisect upward from there.
            lo = max(1, try maxSteps(mechanism: mechanism, epsilon: epsilon, delta: delta, orders: orders))
            hi = lo < 1 << 60 ? lo * 2 : lo
            // Only a count the PLD accountant itself certifies may be returned.
            if !(try fits(lo)) { (lo, hi) = (1, lo) }
        }
        let cap = 1 << 60
        while try fits(hi) {
            lo = hi
            if hi >= cap { return hi }
            hi *= 2
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if try fits(mid) { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The most rounds of `schedule` (its training steps and evaluation releases a round) that
    /// noise multiplier `sigma` keeps within (`epsilon`, `delta`); 0 when one round already exceeds
    /// it. Capped at 2³⁰ rounds.
    /// - Throws: `PrivacyError.invalidArgument` for σ, δ or ε out of range.
    package static func maxRounds(
        _ schedule: PrivacySchedule, sigma: Double, epsilon: Double, delta: Double,
        accountant: AccountantKind = .rdp
    ) throws -> Int {
        try PrivacyError.checkDelta(delta)
        try PrivacyError.checkEpsilon(epsilon)
        let evaluation = schedule.evaluationsPerRound > 0 ? EvaluationRelease.charged : .withheld
        func fits(_ rounds: Int) throws -> Bool {
            let s = try PrivacySchedule(q: schedule.q, stepsPerRound: schedule.stepsPerRound, rounds: rounds)
                .releasing(evaluation)
            do {
                return try s.ledger(sigma: sigma).epsilon(delta: delta, accountant: accountant).epsilon <= epsilon
            } catch is PrivacyError where rounds > 1 {
                return false
            }
        }
        guard try fits(1) else { return 0 }
        var lo = 1, hi = 2
        let cap = 1 << 30
        while try fits(hi) {
            lo = hi
            if hi >= cap { return hi }
            hi *= 2
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if try fits(mid) { lo = mid } else { hi = mid }
        }
        return lo
    }
}
