import Foundation

/// Continuous distributions drawn from uniform 64-bit words.
package enum RandomSampling {
    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    package static func uniform<G: RandomNumberGenerator>(_ g: inout G) -> Double {
        Double(g.next() >> 11) * 0x1p-53
    }

    /// A pair of independent standard normals by the polar form of the Box–Muller transform
    /// (Marsaglia's method): a point uniform in the unit disc, scaled by √(−2 ln s / s).
    /// It needs no sine or cosine, and rejects 1 − π/4 ≈ 21% of the candidate points.
    @inlinable @inline(__always)
    package static func normalPair<G: RandomNumberGenerator>(_ g: inout G) -> (Double, Double) {
        while true {
            let u = 2 * uniform(&g) - 1
            let v = 2 * uniform(&g) - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * Foundation.log(s) / s).squareRoot()
                return (u * f, v * f)
            }
        }
    }

    /// A standard normal draw.
    @inlinable
    package static func normal<G: RandomNumberGenerator>(_ g: inout G) -> Double {
        normalPair(&g).0
    }

    /// Adds independent N(0, std²) noise to every element of `values`.
    @inlinable
    package static func addGaussianNoise<G: RandomNumberGenerator>(
        to values: inout [Float], std: Double, using g: inout G
    ) {
        guard std > 0 else { return }
        let n = values.count
        values.withUnsafeMutableBufferPointer { v in
            var i = 0
            while i + 1 < n {
                let (a, b) = normalPair(&g)
                v[i] += Float(a * std)
                v[i + 1] += Float(b * std)
                i += 2
            }
            if i < n { v[i] += Float(normalPair(&g).0 * std) }
        }
    }

    /// Poisson sampling: each index in 0..<n independently with probability q, in order.
    ///
    /// Draws the geometric gaps between chosen indices (P(gap ≥ k) = (1 − q)ᵏ) instead of one
    /// Bernoulli trial per index: the same distribution from about q·n + 1 uniforms instead of n,
    /// which matters when every uniform comes from the secure generator.
    package static func poissonSample<G: RandomNumberGenerator>(
        n: Int, q: Double, into out: inout [Int], _ g: inout G
    ) {
        out.removeAll(keepingCapacity: true)
        if q >= 1 {
            out.append(contentsOf: 0..<n)
            return
        }
        guard q > 0 else { return }
        let logFailure = Foundation.log1p(-q)
        var i = -1
        while true {
            let u = 1.0 - uniform(&g)
            let gap = (Foundation.log(u) / logFailure).rounded(.down)
            guard gap < Double(n) else { return }
            i += Int(gap) + 1
            guard i < n else { return }
            out.append(i)
        }
    }

    /// A Gamma(shape, 1) draw (Marsaglia and Tsang; shapes below 1 by the boost U^(1/shape)).
    package static func gamma<G: RandomNumberGenerator>(shape: Double, _ g: inout G) -> Double {
        if shape < 1 {
            let u = 1.0 - uniform(&g)
            return gamma(shape: shape + 1, &g) * Foundation.pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1.0 / (9.0 * d).squareRoot()
        while true {
            var x = 0.0
            var v = 0.0
            repeat {
                x = normal(&g)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = 1.0 - uniform(&g)
            if Foundation.log(u) < 0.5 * x * x + d - d * v + d * Foundation.log(v) { return d * v }
        }
    }

    /// The logarithm of a Gamma(shape, 1) draw.
    ///
    /// For shape < 1 the boost Gamma(shape + 1) · U^(1/shape) is taken in log space: for a
    /// small shape U^(1/shape) underflows to 0 (at shape 10⁻⁴ almost always), while its
    /// logarithm ln U / shape is an ordinary number.
    package static func logGamma<G: RandomNumberGenerator>(shape: Double, _ g: inout G) -> Double {
        guard shape < 1 else { return Foundation.log(gamma(shape: shape, &g)) }
        let u = 1.0 - uniform(&g)
        return Foundation.log(gamma(shape: shape + 1, &g)) + Foundation.log(u) / shape
    }

    /// A draw from the symmetric Dirichlet(alpha) distribution over `k` categories, for a
    /// finite positive `alpha`.
    ///
    /// Normalised in log space (subtracting the largest log-draw), so a small `alpha` gives the
    /// sparse proportions it should instead of underflowing to an all-zero draw.
    package static func dirichlet<G: RandomNumberGenerator>(alpha: Double, k: Int, _ g: inout G) -> [Double] {
        precondition(alpha > 0 && alpha.isFinite, "alpha must be finite and positive")
        if alpha >= 1 {
            // No underflow to guard against: a Gamma draw of shape ≥ 1 is rarely below 10⁻³⁰⁰.
            var draws = (0..<k).map { _ in gamma(shape: alpha, &g) }
            let total = draws.reduce(0, +)
            for i in draws.indices { draws[i] /= total }
            return draws
        }
        let logs = (0..<k).map { _ in logGamma(shape: alpha, &g) }
        let top = logs.max() ?? 0
        var draws = logs.map { Foundation.exp($0 - top) }
        let total = draws.reduce(0, +)
        for i in draws.indices { draws[i] /= total }
        return draws
    }

    /// Fisher–Yates shuffle with an explicit generator (stable across platforms, unlike `shuffle(using:)`).
    package static func shuffle<T, G: RandomNumberGenerator>(_ a: inout [T], _ g: inout G) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(g.next() % UInt64(i + 1))
            if i != j { a.swapAt(i, j) }
        }
    }
}
