import Foundation

/// Privacy-loss-distribution accountant for compositions of Poisson-subsampled Gaussian
/// mechanisms (Koskela et al. 2020; Meiser and Mohammadi 2018), pessimistic throughout.
///
/// Each mechanism's one-step PLD is discretised with connect-the-dots on a grid of spacing
/// `valueInterval`; compositions are products in the Fourier domain (repeated squaring for
/// `steps` copies); mass beyond a Chernoff bound on the composed loss is counted as infinite
/// loss. ε is the larger of the two directions of the add/remove-one relation.
///
/// A composition of plain Gaussian mechanisms only (every part at q = 1, as full-batch DP-SGD and
/// charged evaluation releases are) has an exact PLD: it is the Gaussian mechanism of
/// μ = √(Σ steps / σ²), whose δ(ε) is in closed form (Balle and Wang 2018; Dong, Roth and Su's
/// μ-GDP). The accountant answers those from the closed form, without a grid: the true ε, not a
/// pessimistic bound on it, and in microseconds rather than seconds.
package struct PLDAccountant: Sendable {
    /// The grid spacing of loss values (dp-accounting's default is 1e-4).
    package var valueInterval: Double
    /// The probability mass allowed outside the composed window (counted as infinite loss).
    package var tailMass: Double

    /// Creates an accountant.
    package init(valueInterval: Double = 1e-4, tailMass: Double = 1e-15) {
        self.valueInterval = valueInterval
        self.tailMass = tailMass
    }

    /// ε at `delta` for `steps` steps of `mechanism`.
    /// - Throws: `PrivacyError.invalidArgument` for δ or steps out of range, or when the loss grid
    ///   would be too large (σ below about 0.05, or an extremely wide composition).
    package func epsilon(_ mechanism: SubsampledGaussian, steps: Int, delta: Double) throws -> Double {
        try epsilon([(mechanism, steps)], delta: delta)
    }

    /// ε at `delta` for the composition of all `parts` (mechanism, steps).
    package func epsilon(_ parts: [(SubsampledGaussian, Int)], delta: Double) throws -> Double {
        try PrivacyError.checkDelta(delta)
        for p in parts { try PrivacyError.checkSteps(p.1) }
        let active = parts.filter { $0.1 > 0 }
        if active.isEmpty { return 0 }
        if active.allSatisfy({ $0.0.q == 1 }) {
            let mu2 = active.reduce(0.0) { $0 + Double($1.1) / ($1.0.sigma * $1.0.sigma) }
            return try Self.gaussianEpsilon(mu: mu2.squareRoot(), delta: delta)
        }
        var worst = 0.0
        for direction in DiscretePLD.Direction.allCases {
            let single = try active.map {
                (try DiscretePLD.subsampledGaussian($0.0, direction: direction, interval: valueInterval), $0.1)
            }
            worst = max(worst, try composedEpsilon(single, delta: delta))
        }
        return worst
    }

    // MARK: - Plain Gaussian compositions

    /// δ(ε) of the Gaussian mechanism with sensitivity over noise μ (either direction: the loss
    /// is N(μ²/2, μ²) in both): Φ̄(y) − e^ε Φ̄(x) with y = ε/μ − μ/2 and x = ε/μ + μ/2. Since
    /// ε − x²/2 = −y²/2, the second term is e^{−y²/2} · e^{x²/2}Φ̄(x), computed in that form so
    /// no large exponent cancels.
    static func gaussianDelta(epsilon: Double, mu: Double) -> Double {
        let y = epsilon / mu - mu / 2
        let x = epsilon / mu + mu / 2
        let second = exp(-y * y / 2 + LogMath.scaledNormalTailLog(x))
        return max(0, LogMath.normalTail(y) - second)
    }

    /// The largest μ answered in closed form: beyond it ε exceeds 5·10¹¹ and the arithmetic of
    /// y = ε/μ − μ/2 loses the digits the answer needs, so the accountant refuses.
    static let largestMu = 1e6

    /// The smallest ε ≥ 0 with `gaussianDelta(ε, μ)` ≤ δ, by bisection to 1e-12 relative; the
    /// upper end of the bracket is returned, raised by 1e-10 relative, so rounding in δ(ε) cannot
    /// make the answer smaller than the true ε.
    static func gaussianEpsilon(mu: Double, delta: Double) throws -> Double {
        guard mu <= largestMu else {
            throw PrivacyError.invalidArgument(
                "the composed Gaussian mechanism (mu \(String(format: "%.3g", mu))) is beyond what the pld "
                    + "accountant computes; use the rdp accountant")
        }
        if gaussianDelta(epsilon: 0, mu: mu) <= delta { return 0 }
        // Φ̄(40) is below any δ, and δ(ε) ≤ Φ̄(ε/μ − μ/2): δ(hi) ≤ δ.
        var hi = max(1e-12, mu * (mu / 2 + 40))
        while gaussianDelta(epsilon: hi, mu: mu) > delta { hi *= 2 }
        var lo = 0.0
        while hi - lo > 1e-12 * hi {
            let mid = (lo + hi) / 2
            if mid <= lo || mid >= hi { break }
            if gaussianDelta(epsilon: mid, mu: mu) > delta { lo = mid } else { hi = mid }
        }
        return hi * (1 + 1e-10)
    }

    // MARK: - Composition

    private func composedEpsilon(_ parts: [(DiscretePLD, Int)], delta: Double) throws -> Double {
        let d = valueInterval
        let (loCell, hiCell) = window(parts)
        // Checked in doubles first: a window beyond the Int range (10¹² steps of a wide loss) or
        // a NaN must be refused, not converted.
        guard loCell.isFinite, hiCell.isFinite, abs(loCell) < 0x1p62, abs(hiCell) < 0x1p62,
            hiCell - loCell < Double(1 << 25)
        else {
            throw PrivacyError.invalidArgument(
                "the composed privacy loss spans \(String(format: "%.3g", hiCell - loCell)) grid cells, "
                    + "too many for the pld accountant; use the rdp accountant or a coarser grid")
        }
        let lo = Int(loCell), hi = Int(hiCell)
        var n = 1
        while n < hi - lo + 1 { n <<= 1 }
        let fft = FFT(count: n)
        var accRe = [Double](repeating: 1, count: n)
        var accIm = [Double](repeating: 0, count: n)
        var finiteMass = 1.0  // probability that no step produced an infinite loss
        for (pld, steps) in parts {
            var re = [Double](repeating: 0, count: n)
            var im = [Double](repeating: 0, count: n)
            for (k, m) in pld.masses.enumerated() where m != 0 {
                let idx = ((pld.lowerIndex + k) % n + n) % n
                re[idx] += m
            }
            fft.transform(&re, &im, inverse: false)
            for i in 0..<n {
                let (pr, pi) = Self.power(re[i], im[i], steps)
                let r = accRe[i] * pr - accIm[i] * pi
                accIm[i] = accRe[i] * pi + accIm[i] * pr
                accRe[i] = r
            }
            finiteMass *= pow(1 - pld.infinityMass, Double(steps))
        }
        fft.transform(&accRe, &accIm, inverse: true)
        // Composed loss index m lives at position m mod n; read the window [lo, hi].
        var composed = [Double](repeating: 0, count: hi - lo + 1)
        for k in composed.indices {
            composed[k] = max(0, accRe[((lo + k) % n + n) % n])
        }
        // Mass that the window left out is charged as infinite loss (pessimistic).
        let infinity = (1 - finiteMass) + 2 * tailMass
        return Self.epsilon(masses: composed, lowerIndex: lo, interval: d, infinityMass: infinity, delta: delta)
    }

    /// z^k for a complex z by repeated squaring.
    private static func power(_ re: Double, _ im: Double, _ k: Int) -> (Double, Double) {
        var (br, bi) = (re, im)
        var (rr, ri) = (1.0, 0.0)
        var e = k
        while e > 0 {
            if e & 1 == 1 { (rr, ri) = (rr * br - ri * bi, rr * bi + ri * br) }
            e >>= 1
            if e > 0 { (br, bi) = (br * br - bi * bi, 2 * br * bi) }
        }
        return (rr, ri)
    }

    /// Grid indices [lo, hi] outside which the composed loss has probability ≤ `tailMass` on
    /// each side, by Chernoff bounds on the (coarsened, pessimistically rounded) log-MGFs.
    private func window(_ parts: [(DiscretePLD, Int)]) -> (Double, Double) {
        let positive = (-14...14).map { pow(2.0, Double($0)) }
        let lambdas = positive + positive.map { -$0 }
        let logTau = log(tailMass)
        let totalSteps = parts.reduce(0.0) { $0 + Double($1.1) }
        var k = [Double](repeating: 0, count: lambdas.count)
        for (pld, steps) in parts {
            let mgf = Self.logMGFs(pld, lambdas: lambdas, totalSteps: totalSteps)
            for i in k.indices { k[i] += Double(steps) * mgf[i] }
        }
        var upper = Double.infinity, lower = -Double.infinity
        var minSum = 0.0, maxSum = 0.0
        for (i, lam) in lambdas.enumerated() {
            // Chernoff: P(S ≥ a) ≤ e^{K(λ) − λa} for λ > 0, P(S ≤ b) ≤ e^{K(λ) − λb} for λ < 0.
            let bound = (k[i] - logTau) / lam
            if lam > 0 { upper = min(upper, bound) } else { lower = max(lower, bound) }
        }
        for (pld, steps) in parts {
            let first = pld.masses.firstIndex { $0 > 0 } ?? 0
            let last = pld.masses.lastIndex { $0 > 0 } ?? 0
            minSum += Double(steps) * Double(pld.lowerIndex + first)
            maxSum += Double(steps) * Double(pld.lowerIndex + last)
        }
        let d = valueInterval
        let lo = max(minSum, (lower / d).rounded(.down) - 1)
        let hi = min(maxSum, (upper / d).rounded(.up) + 1)
        return (lo, max(lo, hi))
    }

    /// Upper bounds on log E[e^{λL}] over the finite part, for each λ in `lambdas`.
    ///
    /// Cells are grouped in blocks whose loss is rounded outward (up for λ > 0, down for λ < 0),
    /// which keeps the bound valid; the block is chosen so that `totalSteps` × its width stays
    /// below 0.05 in loss, because the rounding adds up over the steps.
    private static func logMGFs(_ pld: DiscretePLD, lambdas: [Double], totalSteps: Double) -> [Double] {
        let d = pld.interval
        let block = max(1, min(64, Int(min(64, 0.05 / (max(1, totalSteps) * d)))))
        var logMass: [Double] = []
        var upperLoss: [Double] = [], lowerLoss: [Double] = []
        pld.masses.withUnsafeBufferPointer { w in
            var start = 0
            while start < w.count {
                let end = min(start + block, w.count)
                var m = 0.0
                for k in start..<end { m += w[k] }
                if m > 0 {
                    logMass.append(log(m))
                    upperLoss.append(Double(pld.lowerIndex + end - 1) * d)
                    lowerLoss.append(Double(pld.lowerIndex + start) * d)
                }
                start = end
            }
        }
        var terms = [Double](repeating: 0, count: logMass.count)
        return lambdas.map { lam in
            let loss = lam > 0 ? upperLoss : lowerLoss
            for i in terms.indices { terms[i] = logMass[i] + lam * loss[i] }
            return terms.withUnsafeBufferPointer { LogMath.sumExp($0) }
        }
    }

    /// The smallest ε ≥ 0 with δ(ε) = Σ_ℓ p(ℓ)(1 − e^{ε−ℓ})₊ + p(∞) ≤ δ.
    ///
    /// Scans down from the largest loss keeping S = Σ_{ℓ′ > ℓ} p(ℓ′)e^{ℓ−ℓ′} relative to the current
    /// loss ℓ, so losses far beyond e^709 (ε in the hundreds of thousands) neither overflow nor
    /// turn into NaN.
    static func epsilon(masses: [Double], lowerIndex: Int, interval d: Double, infinityMass: Double, delta: Double)
        -> Double
    {
        if infinityMass >= delta { return .infinity }
        var sumP = infinityMass  // P-mass of losses above the current point
        var s = 0.0  // Σ p(ℓ′) e^{ℓ−ℓ′} over those losses ℓ′, ℓ the current point
        let shrink = exp(-d)
        var k = masses.count - 1
        while k >= 0 {
            let loss = Double(lowerIndex + k) * d
            // δ at ε = loss uses the mass strictly above it; between this loss and the next,
            // δ(ε) = sumP − e^{ε−loss}·s.
            if sumP - s > delta {
                return max(0, loss + log((sumP - delta) / s))
            }
            sumP += masses[k]
            s += masses[k]
            if k > 0 { s *= shrink }
            k -= 1
        }
        // δ(ε) ≤ δ down to the lowest loss; below it δ keeps growing.
        let lowest = Double(lowerIndex) * d
        return max(0, s > 0 ? min(lowest, lowest + log((sumP - delta) / s)) : lowest)
    }
}
