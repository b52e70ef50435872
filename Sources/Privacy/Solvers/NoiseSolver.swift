import Foundation

/// Finds the smallest noise multiplier that keeps a run within an (ε, δ) budget.
package enum NoiseSolver {
    /// The resolution of the answer: σ is a multiple of this.
    package static let resolution = 1e-4
    /// 1 / `resolution`; σ = k / gridsPerUnit is the double nearest to the decimal k·1e-4.
    static let gridsPerUnit = 10_000.0
    /// The searched range of σ.
    package static let range: ClosedRange<Double> = 0.01...10_000

    /// The smallest σ, a multiple of `resolution` in `range`, such that `steps` steps of the
    /// subsampled Gaussian with rate `q` satisfy (`epsilon`, `delta`)-DP.
    ///
    /// ε is decreasing in σ: a regula-falsi search on log σ (about 10–15 ε evaluations, each one
    /// RDP curve) brackets the root, then a bisection over the integers k with σ = k·1e-4 finds the
    /// smallest grid point that fits. The answer always meets the budget: it is never rounded down.
    /// - Throws: `PrivacyError.invalidArgument` for q, δ, ε or steps out of range;
    ///   `PrivacyError.noSolution` when even σ = 10⁴ exceeds the budget.
    package static func smallestSigma(
        q: Double, steps: Int, epsilon: Double, delta: Double,
        accountant: AccountantKind = .rdp, orders: [Double] = RDPAccountant.defaultOrders,
        pld: PLDAccountant = PLDAccountant()
    ) throws -> Double {
        try smallestSigma(
            parts: [(q, steps)], epsilon: epsilon, delta: delta, accountant: accountant, orders: orders, pld: pld)
    }

    /// The smallest σ for the whole of `schedule`: its training steps and its evaluation releases
    /// (q = 1), all at the same σ, within (`epsilon`, `delta`).
    package static func smallestSigma(
        schedule: PrivacySchedule, epsilon: Double, delta: Double,
        accountant: AccountantKind = .rdp, orders: [Double] = RDPAccountant.defaultOrders,
        pld: PLDAccountant = PLDAccountant()
    ) throws -> Double {
        var parts = [(schedule.q, schedule.steps)]
        if schedule.evaluations > 0 { parts.append((PrivacySchedule.evaluationRate, schedule.evaluations)) }
        return try smallestSigma(
            parts: parts, epsilon: epsilon, delta: delta, accountant: accountant, orders: orders, pld: pld)
    }

    /// The smallest σ such that `parts` (a sampling rate and its steps each), composed with the
    /// same σ, satisfy (`epsilon`, `delta`)-DP; the search of `smallestSigma(q:steps:…)`.
    package static func smallestSigma(
        parts: [(q: Double, steps: Int)], epsilon: Double, delta: Double,
        accountant: AccountantKind = .rdp, orders: [Double] = RDPAccountant.defaultOrders,
        pld: PLDAccountant = PLDAccountant()
    ) throws -> Double {
        for p in parts {
            _ = try SubsampledGaussian(q: p.q, sigma: 1)
            try PrivacyError.checkSteps(p.steps)
        }
        try PrivacyError.checkDelta(delta)
        try PrivacyError.checkEpsilon(epsilon)
        let active = parts.filter { $0.steps > 0 }
        if active.isEmpty { return range.lowerBound }
        // For messages: the training part (the first), and the evaluation releases if any.
        let releases = parts.dropFirst().map(\.steps).reduce(0, +)
        let what =
            "over \(parts[0].steps) steps at sampling rate \(parts[0].q)"
            + (releases > 0 ? " and \(releases) evaluation releases" : "")
        var memo: [Double: Double] = [:]
        // The first refusal of the PLD accountant (a grid it cannot hold), reported if no σ fits.
        var refusal: PrivacyError?
        func eps(_ sigma: Double) throws -> Double {
            if let e = memo[sigma] { return e }
            let composed = try active.map { (try SubsampledGaussian(q: $0.q, sigma: sigma), $0.steps) }
            let e: Double
            switch accountant {
            case .rdp:
                var a = RDPAccountant(orders: orders)
                for (m, n) in composed { a.compose(m, steps: n) }
                e = a.epsilon(delta: delta).epsilon
            case .pld:
                // A σ the accountant cannot account for is not certified: it does not fit.
                do {
                    e = try pld.epsilon(composed, delta: delta)
                } catch let error as PrivacyError {
                    refusal = refusal ?? error
                    e = .infinity
                }
            }
            memo[sigma] = e
            return e
        }
        func sigma(_ k: Int) -> Double { Double(k) / gridsPerUnit }
        func fits(_ k: Int) throws -> Bool { try eps(sigma(k)) <= epsilon }

        let floorK = Int((range.lowerBound / resolution).rounded())
        var lo = floorK
        var hi = Int((range.upperBound / resolution).rounded())
        if accountant == .pld {
            // PLD never needs more noise than RDP: bracket below the RDP answer, so the PLD
            // evaluations (each an FFT) stay few and at moderate σ.
            hi = Int(
                (try smallestSigma(parts: parts, epsilon: epsilon, delta: delta, orders: orders)
                    * gridsPerUnit).rounded())
            // PLD is almost always below RDP there; where its grid is coarser than the gap, look a
            // little higher, and never return a σ that PLD has not certified.
            var widen = 0
            while !(try fits(hi)) {
                widen += 1
                guard widen <= 8, hi < Int(range.upperBound * gridsPerUnit) else {
                    throw refusal
                        ?? PrivacyError.noSolution(
                            "the pld accountant certifies no noise multiplier up to \(sigma(hi)) for epsilon "
                                + "\(epsilon) at delta \(delta) \(what)")
                }
                hi = min(Int(range.upperBound * gridsPerUnit), hi + max(1, hi / 4))
            }
            var probe = max(lo, hi * 3 / 4)
            while probe > lo, try fits(probe) {
                hi = probe
                probe = max(lo, probe * 3 / 4)
            }
            if probe == lo, try fits(lo) { return sigma(lo) }
            lo = probe
        } else {
            if try fits(lo) { return sigma(lo) }
            guard try fits(hi) else {
                throw PrivacyError.noSolution(
                    "no noise multiplier up to \(Int(range.upperBound)) gives epsilon \(epsilon) at delta \(delta) "
                        + what)
            }
        }
        // Narrow the bracket with the Illinois variant of regula falsi on log σ (ε is smooth and
        // decreasing in σ between changes of the optimal order; log ε against log σ is nearly
        // linear, so this converges in a handful of steps), then finish on the grid.
        var a = log(sigma(lo)), b = log(sigma(hi))
        let logTarget = log(epsilon)
        func g(_ u: Double) throws -> Double { log(max(try eps(exp(u)), 1e-300)) - logTarget }
        var fa = try g(a), fb = try g(b)
        var side = 0
        var iterations = 0
        while exp(b) - exp(a) > resolution, iterations < 60 {
            iterations += 1
            var c = fa.isFinite ? (a * fb - b * fa) / (fb - fa) : (a + b) / 2
            if !(c > a && c < b) { c = (a + b) / 2 }
            let fc = try g(c)
            if fc > 0 {
                (a, fa) = (c, fc)
                if side == -1 { fb /= 2 }
                side = -1
            } else {
                (b, fb) = (c, fc)
                if side == 1 { fa /= 2 }
                side = 1
            }
        }
        lo = max(lo, Int((exp(a) * gridsPerUnit).rounded(.down)))
        hi = min(hi, Int((exp(b) * gridsPerUnit).rounded(.up)))
        // Rounding can land on the wrong side of the root; re-establish fits(hi) and !fits(lo).
        while lo > floorK, try fits(lo) { lo -= 1 }
        while !(try fits(hi)) { hi += 1 }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if try fits(mid) { hi = mid } else { lo = mid }
        }
        return Double(hi) / gridsPerUnit
    }
}
