import Foundation
import RunPlan

/// Adaptive server optimisers (Reddi et al. 2021, "Adaptive Federated Optimization"), as Flower
/// implements them: the pseudo-gradient Δ = FedAvg(results) − global drives
///
///     m ← β₁·m + (1 − β₁)·Δ
///     v ← β₂·v + (1 − β₂)·Δ²                     (Adam)
///     v ← v − (1 − β₂)·Δ²·sign(v − Δ²)            (Yogi)
///     v ← v + Δ²                                  (Adagrad)
///     w ← w + η̂·m / (√v + τ)
///
/// with η̂ = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) for Adam and Yogi (bias correction, t = round) and η̂ = η
/// for Adagrad. m and v start at zero.
package struct FedOpt: AggregationStrategy {
    /// Which second-moment rule.
    package enum Rule: Sendable { case adam, yogi, adagrad }

    /// The rule.
    package let rule: Rule
    /// The hyper-parameters.
    package let parameters: FedOptParameters
    private var m: [Double] = []
    private var v: [Double] = []
    private var t = 0

    /// Creates the optimiser with zero moments.
    package init(_ rule: Rule, _ parameters: FedOptParameters) {
        self.rule = rule
        self.parameters = parameters
    }

    /// One server-optimiser step on the pseudo-gradient.
    package mutating func aggregate(global: [Float], results: [FitResult]) throws(AggregationError) -> [Float] {
        try Aggregation.validate(results, length: global.count)
        let average = Aggregation.weightedMean(results)
        let n = global.count
        if m.count != n {
            m = [Double](repeating: 0, count: n)
            v = [Double](repeating: 0, count: n)
        }
        t += 1
        let (b1, b2, tau) = (parameters.beta1, parameters.beta2, parameters.tau)
        var eta = parameters.eta
        if rule != .adagrad {
            eta *= (1 - pow(b2, Double(t))).squareRoot() / (1 - pow(b1, Double(t)))
        }
        var next = global
        for i in 0..<n {
            let delta = Double(average[i]) - Double(global[i])
            m[i] = b1 * m[i] + (1 - b1) * delta
            let d2 = delta * delta
            switch rule {
            case .adam: v[i] = b2 * v[i] + (1 - b2) * d2
            case .yogi: v[i] -= (1 - b2) * d2 * sign(v[i] - d2)
            case .adagrad: v[i] += d2
            }
            next[i] = Float(Double(global[i]) + eta * m[i] / (v[i].squareRoot() + tau))
        }
        return next
    }

    /// The moments and step count.
    package var state: StrategyState? { StrategyState(m: m, v: v, t: t) }

    /// Continues from saved moments (of equal lengths, and a step count of at least 0).
    package mutating func restore(_ state: StrategyState) -> Bool {
        guard state.m.count == state.v.count, state.t >= 0 else { return false }
        (m, v, t) = (state.m, state.v, state.t)
        return true
    }

    private func sign(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}
