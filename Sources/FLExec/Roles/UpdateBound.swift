import Foundation
import RunPlan

/// The largest change one round of an honest client's DP-SGD can make to the global model, so
/// that the server can refuse an update "far beyond what the clip bound allows" without ever
/// refusing an honest one.
///
/// A DP-SGD step (``LocalTrainer``) adds to the velocity the clipped gradient sum plus
/// Gaussian noise, divided by the expected batch q·n, plus weight decay, the model's L2 penalty
/// and the proximal term; the weights move by −lr × the velocity. Bounds, per step:
/// - the clipped sum has norm at most |B|·C ≤ n·C, so with the noise, divided by q·n, at most
///   (C + σC(√d + t)) / q whatever n ≥ 1 is (the client's row count is not trusted);
/// - the noise N(0, σ²C²I_d) has norm at most σC(√d + t) except with probability e^(−t²/2)
///   (Gaussian concentration of a 1-Lipschitz function); t = 12 makes that 5·10⁻³² a step;
/// - weight decay and L2 add at most (decay + l2)(‖w₀‖ + D), the proximal term μD, where D
///   bounds the distance travelled from the global weights w₀.
///
/// So V (a bound on the velocity's norm) and D follow V ← m·V + a + b·D, D ← D + lr·V from
/// V = D = 0, with a = (C + σC(√d + t))/q + (decay + l2)‖w₀‖ and b = decay + l2 + μ: an affine
/// map, applied `steps` times by squaring its matrix. The result is loose (it assumes every
/// row in every batch and a worst-case direction), which is the point: only an update that no
/// honest client could send is refused. A 5 % and 10⁻⁴ margin covers the client's float32
/// rounding.
package struct UpdateBound: Sendable {
    /// The noise norm's tail in standard deviations beyond √d.
    static let tail = 12.0

    let plan: RunPlan
    let config: FitConfig
    /// The model's size d and the global weights' norm ‖w₀‖, computed once for every client.
    let dimension: Double
    let globalNorm: Double

    /// The bounds of a round that starts from `global` under `config`.
    package init(plan: RunPlan, global: [Float], config: FitConfig) {
        self.plan = plan
        self.config = config
        dimension = Double(global.count)
        globalNorm = global.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    /// The largest ‖w − w₀‖ an honest `client` can return; nil when there is no bound: no
    /// example-level DP, a client outside the plan, a plan without the client's
    /// `sampling_rate` and `steps_per_round`, or a bound past `Double`.
    package func maxChange(client id: String) -> Double? {
        guard plan.privacy.unit == .example, let spec = plan.client(id), let q = spec.samplingRate, q > 0,
            let steps = spec.stepsPerRound, steps >= 0,
            let sigma = plan.privacy.budget(for: id).noiseMultiplier
        else { return nil }
        let c = plan.privacy.clip
        let decay = spec.train.weightDecay + (plan.model.l2 ?? 0)
        let a = (c + sigma * c * (dimension.squareRoot() + Self.tail)) / q + decay * globalNorm
        let b = decay + config.proximalMu
        let lr = config.learningRate ?? spec.train.lr
        let m = spec.train.momentum
        // [V, D, 1] ← M·[V, D, 1], M = [[m, b, a], [lr·m, 1 + lr·b, lr·a], [0, 0, 1]].
        let step: [[Double]] = [[m, b, a], [lr * m, 1 + lr * b, lr * a], [0, 0, 1]]
        let bound = Self.power(step, steps)[1][2]  // D after `steps` steps from V = D = 0.
        guard bound.isFinite else { return nil }
        return bound * 1.05 + 1e-4
    }

    /// The change of `result` from `global`, ‖w − w₀‖, in double precision.
    package static func change(_ result: FitResult, from global: [Float]) -> Double {
        var s = 0.0
        for (w, g) in zip(result.weights, global) {
            let d = Double(w) - Double(g)
            s += d * d
        }
        return s.squareRoot()
    }

    private static func multiply(_ x: [[Double]], _ y: [[Double]]) -> [[Double]] {
        (0..<3).map { i in (0..<3).map { j in (0..<3).reduce(0.0) { $0 + x[i][$1] * y[$1][j] } } }
    }

    private static func power(_ m: [[Double]], _ n: Int) -> [[Double]] {
        var result: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        var base = m
        var e = n
        while e > 0 {
            if e & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            e >>= 1
        }
        return result
    }
}
