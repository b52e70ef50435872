import Foundation

/// Rényi-DP accountant for compositions of Poisson-subsampled Gaussian mechanisms.
///
/// The per-order RDP of one step depends only on (q, σ), so `compose` computes it once per
/// mechanism and scales it by the number of steps: a query costs the same for 1 or 10⁶ steps.
///
/// ```swift
/// var acc = RDPAccountant()
/// acc.compose(try SubsampledGaussian(q: 0.01, sigma: 1.1), steps: 10_000)
/// let r = acc.epsilon(delta: 1e-5)   // r.epsilon, r.order
/// ```
package struct RDPAccountant: Hashable, Sendable {
    /// Google dp-accounting's 156 default orders: 1.1 … 10.9 by 0.1, 11 … 63, 128, 256, 512, 1024.
    package static let defaultOrders: [Double] = {
        var orders: [Double] = (1..<100).map { (x: Int) -> Double in 1 + Double(x) / 10 }
        orders += (11...63).map { (x: Int) -> Double in Double(x) }
        orders += [128, 256, 512, 1024]
        return orders
    }()

    /// The Rényi orders, each > 1.
    package let orders: [Double]
    /// The composed RDP value at each order.
    package private(set) var rdp: [Double]

    /// An empty accountant over `orders` (default: `defaultOrders`); orders must be > 1.
    package init(orders: [Double] = RDPAccountant.defaultOrders) {
        precondition(
            !orders.isEmpty && orders.allSatisfy { $0 > 1 && $0.isFinite }, "RDP orders must be finite and > 1")
        self.orders = orders
        self.rdp = [Double](repeating: 0, count: orders.count)
    }

    /// The per-order RDP of one step of `mechanism`.
    package static func stepRDP(_ mechanism: SubsampledGaussian, orders: [Double] = defaultOrders) -> [Double] {
        SubsampledGaussianRDP.curve(q: mechanism.q, sigma: mechanism.sigma, orders: orders)
    }

    /// Adds `steps` (≥ 0) applications of `mechanism`.
    package mutating func compose(_ mechanism: SubsampledGaussian, steps: Int) {
        precondition(steps >= 0, "steps must be non-negative")
        guard steps > 0 else { return }
        compose(stepRDP: Self.stepRDP(mechanism, orders: orders), steps: steps)
    }

    /// Adds `steps` applications of a mechanism whose one-step RDP (at `orders`) is `stepRDP`.
    package mutating func compose(stepRDP: [Double], steps: Int) {
        precondition(stepRDP.count == orders.count, "one RDP value per order")
        let t = Double(steps)
        for i in rdp.indices { rdp[i] += t * stepRDP[i] }
    }

    /// The smallest ε at `delta` ∈ (0, 1) over the orders, and the order attaining it.
    package func epsilon(delta: Double) -> EpsilonResult {
        RDPConversion.epsilon(orders: orders, rdp: rdp, delta: delta)
    }

    /// ε at `delta` for `steps` steps of `mechanism`, convenience for one homogeneous run.
    package static func epsilon(
        _ mechanism: SubsampledGaussian, steps: Int, delta: Double, orders: [Double] = defaultOrders
    ) -> EpsilonResult {
        var a = RDPAccountant(orders: orders)
        a.compose(mechanism, steps: steps)
        return a.epsilon(delta: delta)
    }
}
