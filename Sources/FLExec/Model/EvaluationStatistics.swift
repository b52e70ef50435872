/// What a client's evaluation of the global model can release: the number of rows predicted
/// correctly, the sum of the rows' losses and the number of rows, which the server sums over the
/// clients into an accuracy and a mean loss.
///
/// Without DP they are exact (the loss unclipped). Under `evaluation: charged` each row's loss is
/// clipped to `lossBound`, and under example-level DP the client adds Gaussian noise to each
/// statistic before it leaves (`noised`), so they are real numbers, not counts.
package struct EvaluationStatistics: Sendable, Equatable, Codable {
    /// Rows whose most probable class is the label.
    package var correct: Double
    /// Σ of the rows' softmax cross-entropy (each clipped to `lossBound` under DP).
    package var lossSum: Double
    /// Rows evaluated.
    package var rows: Double

    /// The bound each row's loss is clipped to before it is released under DP, in nats (the
    /// model then gives the label a probability of e⁻¹⁰ ≈ 4.5e-5 or less). Fixed, so the
    /// sensitivity of the loss sum is public.
    package static let lossBound = 10.0

    /// The L2 sensitivity of (correct, lossSum / lossBound, rows) to one record: adding or
    /// removing one changes each coordinate by at most 1 (moving the evaluation split by one
    /// row replaces one row, which changes `rows` by 0), so √3.
    package static let sensitivity = 3.0.squareRoot()

    /// Creates statistics.
    package init(correct: Double, lossSum: Double, rows: Double) {
        self.correct = correct
        self.lossSum = lossSum
        self.rows = rows
    }

    /// The release of one client under example-level DP: each statistic plus Gaussian noise of
    /// standard deviation σ·√3 times its sensitivity (1, `lossBound`, 1), which makes the
    /// release the Gaussian mechanism with noise multiplier σ (`PrivacySchedule.evaluationRate`).
    package func noised<G: RandomNumberGenerator>(sigma: Double, using g: inout G) -> EvaluationStatistics {
        let std = sigma * Self.sensitivity
        return EvaluationStatistics(
            correct: correct + std * RandomSampling.normal(&g),
            lossSum: lossSum + std * Self.lossBound * RandomSampling.normal(&g),
            rows: rows + std * RandomSampling.normal(&g))
    }

    /// The sums of `all`.
    package static func sum(_ all: [EvaluationStatistics]) -> EvaluationStatistics {
        all.reduce(EvaluationStatistics(correct: 0, lossSum: 0, rows: 0)) {
            EvaluationStatistics(
                correct: $0.correct + $1.correct, lossSum: $0.lossSum + $1.lossSum, rows: $0.rows + $1.rows)
        }
    }

    /// Accuracy and mean loss of these (summed) statistics, or nil when they hold no row (or, noisy,
    /// less than one). Noisy sums are clamped into range: accuracy to [0, 1], loss to ≥ 0.
    package var result: EvaluationResult? {
        guard rows >= 1 else { return nil }
        return EvaluationResult(
            loss: max(0, lossSum / rows), accuracy: min(1, max(0, correct / rows)), rows: Int(rows.rounded()))
    }
}
