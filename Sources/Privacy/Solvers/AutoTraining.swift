/// `train: auto`: the local training of an example-level DP-SGD client, chosen from public
/// values only — the budget (ε, δ), the accountant, the declared records, the rounds and the
/// clip norm — so that choosing it reveals nothing and costs no budget.
///
/// The rule (docs/privacy.md, "train: auto"):
///
/// 1. **Full batch**: batch = records, so q = 1 and every step is noisy gradient descent on the
///    whole local data set. On small clients, sampling amplification buys less than the
///    sampling variance costs.
/// 2. **Steps**: each round runs K steps (`epochs` = K, since ⌈K/q⌉ = K): the largest K in
///    1…`maxEpochs` whose per-step noise on the mean gradient, relative to the clip norm C,
///    τ = σ / records (σ the noise `NoiseSolver` gives for exactly rounds × K steps), is at most
///    `noiseTarget`. A large budget is spent on more steps, a small one on few steps with less
///    noise each.
/// 3. **Step size**: lr × C = S / √K with S = `noiseStep` / τ, held in `stepRange`: the
///    noisier a step, the shorter it is, and more steps each go a shorter way.
///
/// The constants were chosen on a validation split cut from the training rows of the digits
/// shards (never their evaluation rows); see docs/privacy.md.
package struct AutoTraining: Sendable, Equatable {
    /// Expected batch size: the records, so q = 1.
    package var batch: Int
    /// Local epochs (= steps) per round.
    package var epochs: Int
    /// Learning rate.
    package var lr: Double

    /// The largest noise on the mean gradient, σ / records, a step may carry.
    package static let noiseTarget = 0.07
    /// The most steps a round may take.
    package static let maxEpochs = 16
    /// S × τ: the step size S = lr × clip × √K is this over the noise τ = σ / records …
    package static let noiseStep = 0.3
    /// … held in this range.
    package static let stepRange: ClosedRange<Double> = 2...6

    /// Creates a choice.
    package init(batch: Int, epochs: Int, lr: Double) {
        self.batch = batch
        self.epochs = epochs
        self.lr = lr
    }

    /// The rule's choice for a client with `records` records that trains `rounds` rounds under
    /// (`epsilon`, `delta`) with clip norm `clip`, accounted by `accountant`.
    ///
    /// - Throws: `PrivacyError` when the budget cannot be met even with one step a round (the
    ///   same error the budget proof then reports).
    package static func choose(
        epsilon: Double, delta: Double, records: Int, rounds: Int, clip: Double, accountant: AccountantKind
    ) throws -> AutoTraining {
        let n = max(1, records)
        func noise(_ k: Int) throws -> Double {
            let schedule = try PrivacySchedule.example(q: 1, epochs: k, rounds: max(1, rounds))
            let sigma = try NoiseSolver.smallestSigma(
                q: schedule.q, steps: schedule.steps, epsilon: epsilon, delta: delta, accountant: accountant)
            return sigma / Double(n)
        }
        var epochs = 1
        var tau = try noise(1)
        for k in 2...maxEpochs {
            let t = try noise(k)
            guard t <= noiseTarget else { break }
            (epochs, tau) = (k, t)
        }
        let step = min(stepRange.upperBound, max(stepRange.lowerBound, noiseStep / tau))
        // Four decimals, so plans and reports show a readable learning rate.
        let lr = (step / Double(epochs).squareRoot() / clip * 10_000).rounded() / 10_000
        return AutoTraining(batch: n, epochs: epochs, lr: lr)
    }
}
