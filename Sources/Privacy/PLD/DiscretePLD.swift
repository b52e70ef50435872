import Foundation

/// A privacy-loss distribution on the grid {i·Δ}: the law of the privacy loss under the first
/// distribution of a dominating pair, plus a mass at +∞.
///
/// Built pessimistically: the result's δ(ε) is never below the mechanism's.
struct DiscretePLD: Sendable {
    /// Grid spacing Δ of the loss values.
    let interval: Double
    /// Grid index of `masses[0]`.
    let lowerIndex: Int
    /// Probability of loss `(lowerIndex + k)·Δ`.
    let masses: [Double]
    /// Probability of an infinite loss.
    let infinityMass: Double

    /// Which ordered pair of the add/remove-one relation.
    enum Direction: CaseIterable {
        /// P = (1−q)N(0,σ²) + qN(1,σ²), Q = N(0,σ²): a record was added.
        case remove
        /// P = N(0,σ²), Q = (1−q)N(0,σ²) + qN(1,σ²).
        case add
    }

    /// The one-step PLD of the subsampled Gaussian in `direction`, by connect-the-dots
    /// (Doroshenko et al. 2022): every loss interval's P- and Q-mass is split between its two
    /// endpoints so that both masses are kept, which upper-bounds the hockey-stick curve because it
    /// is convex in e^ε. Losses beyond x ∈ [−10σ, 1+10σ] (P-mass below 1e-22) are moved up.
    /// The most grid cells one step may use (80 MB of masses); σ ≈ 0.05 at q = 1 reaches it.
    static let maxCells = 10_000_000

    /// - Throws: `PrivacyError.invalidArgument` when the loss range needs more than `maxCells` cells.
    static func subsampledGaussian(_ m: SubsampledGaussian, direction: Direction, interval d: Double) throws
        -> DiscretePLD
    {
        let q = m.q, s = m.sigma, s2 = s * s
        let logQ = log(q), log1mQ = log1p(-q)
        // loss(x) and its inverse, for the pair's orientation.
        func baseLoss(_ x: Double) -> Double {  // log(1 − q + q·e^{(2x−1)/(2σ²)})
            let l0 = (2 * x - 1) / (2 * s2)
            if q == 1 { return l0 }
            return LogMath.add(log1mQ, logQ + l0)
        }
        func baseX(_ v: Double) -> Double {  // x with baseLoss(x) = v
            if q == 1 { return s2 * v + 0.5 }
            let w = expm1(v) + q
            return w <= 0 ? -.infinity : s2 * (log(w) - logQ) + 0.5
        }
        let sign: Double = direction == .remove ? 1 : -1
        let xA = -10 * s, xB = 1 + 10 * s
        let lossA = sign * baseLoss(direction == .remove ? xA : xB)
        let lossB = sign * baseLoss(direction == .remove ? xB : xA)
        guard (lossB - lossA) / d < Double(maxCells) else {
            throw PrivacyError.invalidArgument(
                "the pld accountant cannot discretise noise multiplier \(m.sigma) at sampling rate \(m.q) "
                    + "on a \(d) grid; use the rdp accountant or a coarser grid")
        }
        let iLo = Int((lossA / d).rounded(.down))
        let iHi = max(iLo + 2, Int((lossB / d).rounded(.up)))
        let n = iHi - iLo + 1

        // For each grid loss, the x where loss = εᵢ and the Gaussian tails there (P and Q pieces).
        func xOf(_ i: Int) -> Double { baseX(sign * Double(i) * d) }
        func mixtureMass(_ a: Double, _ b: Double) -> (p0: Double, p1: Double) {
            (LogMath.normalInterval(a / s, b / s), LogMath.normalInterval((a - 1) / s, (b - 1) / s))
        }
        // The x-interval of losses in (εᵢ, εⱼ], i < j.
        func xInterval(_ i: Int, _ j: Int) -> (Double, Double) {
            direction == .remove ? (xOf(i), xOf(j)) : (xOf(j), xOf(i))
        }
        // Mass (under P, under Q) of x in (a, b].
        func masses(_ a: Double, _ b: Double) -> (p: Double, q: Double) {
            let (g0, g1) = mixtureMass(a, b)
            let mix = q == 1 ? g1 : (1 - q) * g0 + q * g1
            return direction == .remove ? (mix, g0) : (g0, mix)
        }

        let expD = exp(d), expm1D = expm1(d)
        var w = [Double](repeating: 0, count: n)
        // Everything with loss ≤ ε_{iLo+1} is moved up to ε_{iLo+1}.
        let low: (Double, Double) = direction == .remove ? (-.infinity, xOf(iLo + 1)) : (xOf(iLo + 1), .infinity)
        w[1] = masses(low.0, low.1).p
        for i in (iLo + 1)..<iHi {
            let (a, b) = xInterval(i, i + 1)
            let (pm, qm) = masses(a, b)
            if pm == 0 && qm == 0 { continue }
            // Both shares are ≥ 0 because P/Q = e^{loss} ∈ [tᵢ, tⱼ] on the interval (tᵢ = e^{iΔ},
            // tⱼ = e^Δ·tᵢ). tᵢ itself overflows beyond a loss of 709, so the P-mass tᵢ·Q-mass is
            // formed in log space and the shares are divided by tᵢ.
            let tiQ = qm > 0 ? exp(Double(i) * d + log(qm)) : 0
            w[i - iLo] += max(0, (expD * tiQ - pm) / expm1D)
            w[i + 1 - iLo] += max(0, expD * (pm - tiQ) / expm1D)
        }
        let top: (Double, Double) = direction == .remove ? (xOf(iHi), .infinity) : (-.infinity, xOf(iHi))
        let inf = masses(top.0, top.1).p
        return DiscretePLD(interval: d, lowerIndex: iLo, masses: w, infinityMass: inf)
    }
}
