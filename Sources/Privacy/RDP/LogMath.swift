import Foundation

/// Numerically careful helpers for sums of exponentials and Gaussian tails in log space.
enum LogMath {
    /// log(e^a + e^b) without overflow.
    @inline(__always)
    static func add(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b))
    }

    /// log(Σ e^xᵢ) for the values in `xs`.
    static func sumExp(_ xs: UnsafeBufferPointer<Double>) -> Double {
        var m = -Double.infinity
        for x in xs where x > m { m = x }
        if m == -.infinity || m == .infinity { return m }
        var s = 0.0
        for x in xs { s += exp(x - m) }
        return m + log(s)
    }

    /// log(erfc(x)), accurate where erfc underflows (large x).
    static func erfcLog(_ x: Double) -> Double {
        if x < 26 { return log(erfc(x)) }
        return -x * x + asymptoticScaledErfcLog(x)
    }

    /// log(e^{x²} erfc(x)) for x ≥ 26 by the asymptotic series erfc(x) = e^{-x²}/(x√π) ·
    /// Σ (-1)^k (2k-1)!!/(2x²)^k; at x ≥ 26 the eighth term is below 1e-17, so the truncation is
    /// below double precision.
    private static func asymptoticScaledErfcLog(_ x: Double) -> Double {
        let y = 1 / (2 * x * x)
        var term = 1.0
        var sum = 1.0
        for k in 1...8 {
            term *= -Double(2 * k - 1) * y
            sum += term
        }
        return -log(x) - 0.5 * log(Double.pi) + log(sum)
    }

    /// log(e^{x²} erfc(x)) for x ≥ 0, without the x² that would cancel for large x.
    static func scaledErfcLog(_ x: Double) -> Double {
        if x < 26 { return log(erfc(x)) + x * x }
        return asymptoticScaledErfcLog(x)
    }

    /// log(e^{x²/2} Φ̄(x)) for x ≥ 0.
    @inline(__always)
    static func scaledNormalTailLog(_ x: Double) -> Double {
        scaledErfcLog(x / 2.0.squareRoot()) - log(2.0)
    }

    /// log Φ̄(x) = log P(N(0,1) > x).
    @inline(__always)
    static func normalTailLog(_ x: Double) -> Double {
        erfcLog(x / 2.0.squareRoot()) - log(2.0)
    }

    /// P(N(0,1) > x), accurate in the upper tail.
    @inline(__always)
    static func normalTail(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }

    /// P(a < N(0,1) ≤ b) for a ≤ b, computed on the tail side that avoids cancellation.
    static func normalInterval(_ a: Double, _ b: Double) -> Double {
        if a >= 0 { return max(0, normalTail(a) - normalTail(b)) }
        if b <= 0 { return max(0, normalTail(-b) - normalTail(-a)) }
        return max(0, 1 - normalTail(b) - normalTail(-a))
    }
}
