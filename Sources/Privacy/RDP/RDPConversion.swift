import Foundation

/// An (ε, δ) guarantee obtained from an RDP curve, with the order that attains it.
package struct EpsilonResult: Hashable, Sendable {
    /// The ε at the requested δ.
    package var epsilon: Double
    /// The Rényi order that gives the smallest ε (nil for accountants without orders).
    package var order: Double?

    /// Creates a result.
    package init(epsilon: Double, order: Double?) {
        self.epsilon = epsilon
        self.order = order
    }
}

/// Conversion of an RDP curve into (ε, δ)-DP.
///
/// Uses the improved bound ε = r(α) + log((α−1)/α) − (log δ + log α)/(α − 1) of Canonne, Kamath
/// and Steinke (2020, Prop. 12) and Balle et al. (2020, Eq. 20), minimised over the orders, as
/// Google's dp-accounting does; where δ² > 1 − e^{−r(α)} the pair is (0, δ)-indistinguishable.
/// A NaN or infinite r(α) gives ε = +∞ at that order (and ε = +∞ overall when every order does),
/// never 0.
package enum RDPConversion {
    /// The smallest ε over `orders` for the composed RDP values `rdp`, at `delta` in (0, 1).
    package static func epsilon(orders: [Double], rdp: [Double], delta: Double) -> EpsilonResult {
        precondition(orders.count == rdp.count && !orders.isEmpty, "one RDP value per order")
        let logDelta = log(delta)
        // δ², rounded down so that the comparison below never favours ε = 0.
        let deltaSquared = delta * delta * (1 - 1e-15)
        var best = Double.infinity
        var bestOrder = orders[0]
        for (a, r) in zip(orders, rdp) {
            let e: Double
            // 1 − e^{−r}; an r that underflowed (below the least normal double) may stand for
            // anything up to it, so it is read as the least normal double.
            let distance = r < .leastNormalMagnitude ? Double.leastNormalMagnitude : -expm1(-r)
            if r.isNaN || r == .infinity {
                e = .infinity
            } else if deltaSquared > distance {
                e = 0
            } else if a > 1.01 {
                e = r + log1p(-1 / a) - (logDelta + log(a)) / (a - 1)
            } else {
                e = .infinity
            }
            if e < best {
                best = e
                bestOrder = a
            }
        }
        // An infinite ε is attained at no order.
        return EpsilonResult(epsilon: max(0, best), order: best.isFinite ? bestOrder : nil)
    }
}
