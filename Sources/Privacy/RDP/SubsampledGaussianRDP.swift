import Foundation

/// Rényi divergence of one step of the Poisson-subsampled Gaussian mechanism (add/remove-one).
///
/// For order α the RDP is log(A_α)/(α − 1) with A_α = E_{z∼N(0,σ²)}[(1 − q + q·e^{(2z−1)/(2σ²)})^α]
/// (Mironov, Talwar and Zhang 2019). Integer orders use the finite binomial expansion; fractional
/// orders use the paper's exact two-sided series (Sec. 3.3), whose head is summed term by term
/// and whose alternating tail — a Hausdorff moment sequence — is summed to double precision with
/// the Cohen–Rodriguez Villegas–Zagier acceleration instead of being truncated. Everything is in
/// log space, so q near 1, σ down to 0.1 and orders up to thousands neither overflow nor cancel.
enum SubsampledGaussianRDP {
    /// Terms of the accelerated tail; the CRVZ error is below 2·5.83^-n (1.3e-17) of the
    /// first tail term, which is itself below A_α.
    private static let tailTerms = 22

    /// The RDP of one step at `order` (> 1): never below the exact value, +∞ when it exceeds the
    /// double range.
    ///
    /// The exact computation is bracketed by two closed forms that hold for every q, σ and α > 1:
    /// `lowerBound` (from (1 − q + qX)^α ≥ (qX)^α) and `upperBound` (from the convexity of t^α).
    /// Where the exact sums fail numerically — σ so small that σ² underflows or the terms cancel,
    /// or anything NaN — the result falls outside that bracket or is not a number, and the upper
    /// bound is returned instead: pessimistic, and within a factor 1 + O(σ²) of the exact value
    /// in exactly that regime, because both bounds are α/(2σ²) + O(1) there.
    static func rdp(q: Double, sigma: Double, order alpha: Double) -> Double {
        if q == 1 { return alpha / (2 * sigma * sigma) }
        var upper = upperBound(q: q, sigma: sigma, order: alpha)
        let lower = lowerBound(q: q, sigma: sigma, order: alpha)
        // Beyond the double range the exact sums cannot help: the divergence is +∞ in doubles.
        if lower == .infinity { return .infinity }
        let integer = alpha == alpha.rounded() && alpha < 1e6
        if !integer, let chord = chordBound(q: q, sigma: sigma, order: alpha) { upper = min(upper, chord) }
        let logA =
            integer
            ? logAInteger(q: q, sigma: sigma, alpha: Int(alpha))
            : logAFractional(q: q, sigma: sigma, alpha: alpha)
        // The fractional series sums terms of order 1 to A_α = 1 + tiny: its rounding is about
        // 1e-16 in log A_α, so below log A_α = 1e-9 (tiny q or large σ) it is no longer a relative
        // 1e-7, and the chord of the exact integer orders around α, a rigorous upper bound, is used
        // instead (up to 1.8 times the exact value at orders in (1, 2), less above).
        if !integer, !(logA >= 1e-9) { return upper.isNaN ? .infinity : upper }
        // A_α ≥ 1 mathematically; rounding must not make the divergence negative.
        let exact = logA.isNaN ? Double.nan : max(0, logA) / (alpha - 1)
        // A relative slack of 1e-9 absorbs the rounding of both the sums and the bounds.
        guard exact.isFinite, exact >= lower * (1 - 1e-9), exact <= upper * (1 + 1e-9) + 1e-300 else {
            return upper.isNaN ? .infinity : upper
        }
        return max(exact, lower)
    }

    /// log(1 − q + q·e^{α(α−1)/(2σ²)})/(α − 1) ≥ the one-step RDP at α, by Jensen:
    /// (1 − q + qX)^α ≤ 1 − q + qX^α and E[X^α] = e^{α(α−1)/(2σ²)} for the likelihood ratio X.
    static func upperBound(q: Double, sigma: Double, order alpha: Double) -> Double {
        let c = alpha * (alpha - 1) / (2 * sigma) / sigma
        let logA = c < 1 ? log1p(q * expm1(c)) : LogMath.add(log1p(-q), log(q) + c)
        return max(0, logA) / (alpha - 1)
    }

    /// The chord of log A between the integer orders n < α < n + 1, divided by α − 1: an upper
    /// bound on the RDP at α because log A_α is convex in α (a log-moment-generating function) and
    /// log A_1 = 0. Both ends come from the binomial sums, which keep full relative precision however
    /// small log A is. nil for orders beyond the cached factorials.
    static func chordBound(q: Double, sigma: Double, order alpha: Double) -> Double? {
        guard alpha < 1000 else { return nil }
        let n = Int(alpha.rounded(.down))
        let below = n >= 2 ? logAInteger(q: q, sigma: sigma, alpha: n) : 0
        let above = logAInteger(q: q, sigma: sigma, alpha: n + 1)
        let chord = ((Double(n + 1) - alpha) * max(0, below) + (alpha - Double(n)) * max(0, above)) / (alpha - 1)
        return chord.isNaN ? nil : chord
    }

    /// max(0, α/(2σ²) + α·log q/(α − 1)) ≤ the one-step RDP at α, from A_α ≥ q^α·E[X^α].
    static func lowerBound(q: Double, sigma: Double, order alpha: Double) -> Double {
        let b = alpha / (2 * sigma) / sigma + alpha * log(q) / (alpha - 1)
        return b.isNaN ? 0 : max(0, b)
    }

    /// The RDP of one step at every order.
    static func curve(q: Double, sigma: Double, orders: [Double]) -> [Double] {
        orders.map { rdp(q: q, sigma: sigma, order: $0) }
    }

    /// log A_α for integer α, from
    /// A_α − 1 = Σ_{k≥2} C(α,k) q^k (1−q)^{α−k} (e^{(k²−k)/(2σ²)} − 1).
    ///
    /// The binomial weights sum to one, so subtracting it before summing leaves only positive
    /// terms: log A_α keeps full relative precision even when it is 1e-10 (small q, large σ).
    static func logAInteger(q: Double, sigma: Double, alpha n: Int) -> Double {
        if n < 2 { return 0 }
        let logQ = log(q), log1mQ = log1p(-q)
        let inv2s2 = 1 / (2 * sigma * sigma)
        let lf = LogFactorials.table(upTo: n)
        let logAm1 = withUnsafeTemporaryAllocation(of: Double.self, capacity: n - 1) { buf in
            for k in 2...n {
                let dk = Double(k)
                let c = (dk * dk - dk) * inv2s2
                // log(e^c − 1) = c + log1p(−e^{−c}); the correction is below 1e-17 once c > 40.
                let logExpm1 = c > 40 ? c : c > 1 ? c + log(-expm1(-c)) : log(expm1(c))
                buf[k - 2] = lf[n] - lf[k] - lf[n - k] + dk * logQ + Double(n - k) * log1mQ + logExpm1
            }
            return LogMath.sumExp(UnsafeBufferPointer(buf))
        }
        return logAm1 > 0 ? logAm1 + log1p(exp(-logAm1)) : log1p(exp(logAm1))
    }

    /// log A_α for fractional α by the exact series of Mironov, Talwar and Zhang (2019, Sec. 3.3).
    ///
    /// A_α = Σ_i C(α,i)(s0ᵢ + s1ᵢ), where s0ᵢ, s1ᵢ > 0 are the integrals over (−∞, z0] and
    /// [z0, ∞). C(α,i) > 0 for i ≤ ⌊α⌋+1 and alternates in sign afterwards; the magnitudes of the
    /// tail terms are moments of a positive measure on [0, 1], which is what makes the CRVZ sum exact.
    static func logAFractional(q: Double, sigma: Double, alpha: Double) -> Double {
        let logQ = log(q), log1mQ = log1p(-q)
        let s2 = sigma * sigma
        let z0 = s2 * (log1mQ - logQ) + 0.5
        let scale = 1 / (2.0.squareRoot() * sigma)
        let logHalf = log(0.5)
        let head = Int(alpha.rounded(.down)) + 1
        var logCoef = 0.0  // log |C(α, i)|

        func logTerm(_ i: Int) -> Double {
            let di = Double(i)
            let j = alpha - di
            let s0 =
                logCoef + di * logQ + j * log1mQ + (di * di - di) / (2 * s2) + logHalf
                + LogMath.erfcLog((di - z0) * scale)
            let s1 =
                logCoef + j * logQ + di * log1mQ + (j * j - j) / (2 * s2) + logHalf
                + LogMath.erfcLog((z0 - j) * scale)
            return LogMath.add(s0, s1)
        }
        func advance(_ i: Int) { logCoef += log(abs(alpha - Double(i))) - log(Double(i + 1)) }

        var logHead = -Double.infinity
        for i in 0...head {
            logHead = LogMath.add(logHead, logTerm(i))
            advance(i)
        }
        // Tail: Σ_{k≥0} (−1)^{k+1} a_k with a_k = |term_{head+1+k}|, summed relative to a_0.
        let n = tailTerms
        let logA0 = logTerm(head + 1)
        if logA0 < logHead - 50 { return logHead }
        var logMags = [Double](repeating: logA0, count: n)
        advance(head + 1)
        for k in 1..<n {
            logMags[k] = logTerm(head + 1 + k)
            advance(head + 1 + k)
        }
        var d = pow(3 + 8.0.squareRoot(), Double(n))
        d = (d + 1 / d) / 2
        var b = -1.0, c = -d, s = 0.0
        for k in 0..<n {
            c = b - c
            s += c * exp(logMags[k] - logA0)
            b = Double(k + n) * Double(k - n) * b / ((Double(k) + 0.5) * Double(k + 1))
        }
        let alternating = s / d  // Σ (−1)^k a_k / a_0, in (0, 1]
        let logTail = logA0 + log(max(alternating, 0))
        // A = head − tail, and tail < head because the series converges to A ≥ 1 > 0.
        return logHead + log1p(-exp(logTail - logHead))
    }
}

/// log k! for k up to a bound, built once per size class.
enum LogFactorials {
    private static let cached: [Double] = build(1100)

    /// A table t with t[k] = log k! for 0 ≤ k ≤ n.
    static func table(upTo n: Int) -> [Double] { n < cached.count ? cached : build(n) }

    private static func build(_ n: Int) -> [Double] {
        var t = [Double](repeating: 0, count: n + 1)
        if n >= 1 { for k in 1...n { t[k] = lgamma(Double(k) + 1) } }
        return t
    }
}
