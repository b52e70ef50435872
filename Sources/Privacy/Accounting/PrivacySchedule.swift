import Foundation

/// The sampling rate q and the steps a privacy unit's mechanism runs: the one place where a
/// job's batch, records, epochs, rounds and participation become what the accountant composes.
///
/// The budget proof accounts it, the run plan carries it (`sampling_rate`, `steps_per_round`)
/// and the executor runs and charges exactly it, so the three agree by construction.
///
/// | unit | q | steps per round |
/// |---|---|---|
/// | example (DP-SGD) | min(1, batch / records) | ⌈epochs / q⌉ |
/// | client (DP-FedAvg) | fraction of clients per round | 1 |
///
/// Under `evaluation: charged` every round also releases the round's evaluation statistics once
/// (`evaluationsPerRound` = 1): the plain Gaussian mechanism (q = 1) at the same noise multiplier,
/// composed in the same ledger (`ledger(sigma:)`).
package struct PrivacySchedule: Hashable, Sendable {
    /// The Poisson sampling rate of one step, in (0, 1].
    package var q: Double
    /// Steps in one round.
    package var stepsPerRound: Int
    /// Rounds.
    package var rounds: Int
    /// Steps of the whole run: rounds × steps per round (checked to fit in an Int).
    package var steps: Int
    /// Evaluation releases in one round: 1 under `evaluation: charged`, else 0.
    package private(set) var evaluationsPerRound = 0

    /// The sampling rate of an evaluation release: every evaluation row takes part.
    package static let evaluationRate = 1.0

    /// Creates a schedule; throws when the total does not fit in an Int or a count is negative.
    package init(q: Double, stepsPerRound: Int, rounds: Int) throws(PrivacyError) {
        guard q > 0, q <= 1 else { throw .invalidArgument("sampling rate must be in (0, 1], got \(q)") }
        guard stepsPerRound >= 0, rounds >= 0 else {
            throw .invalidArgument("steps and rounds must be non-negative")
        }
        let (steps, overflow) = rounds.multipliedReportingOverflow(by: stepsPerRound)
        guard !overflow else { throw .invalidArgument(Self.tooManySteps(rounds: rounds, perRound: "\(stepsPerRound)")) }
        self.q = q
        self.stepsPerRound = stepsPerRound
        self.rounds = rounds
        self.steps = steps
    }

    /// Evaluation releases of the whole run: rounds × evaluations per round.
    package var evaluations: Int { rounds * evaluationsPerRound }

    /// This schedule with the evaluation releases `release` makes: one a round when `charged`.
    package func releasing(_ release: EvaluationRelease) -> PrivacySchedule {
        var s = self
        s.evaluationsPerRound = release == .charged ? 1 : 0
        return s
    }

    /// What the whole run composes: the training steps at rate q and the evaluation releases at
    /// rate 1, each with `sigma` (parts with no steps left out).
    package func parts(sigma: Double) throws(PrivacyError) -> [(SubsampledGaussian, Int)] {
        do {
            var out = [(try SubsampledGaussian(q: q, sigma: sigma), steps)]
            if evaluations > 0 {
                out.append((try SubsampledGaussian(q: Self.evaluationRate, sigma: sigma), evaluations))
            }
            return out.filter { $0.1 > 0 }
        } catch let e as PrivacyError {
            throw e
        } catch {
            throw .invalidArgument("\(error)")
        }
    }

    /// The ledger of the whole run at noise multiplier `sigma`: the training steps, then the
    /// evaluation releases (the order in which the executor charges them).
    package func ledger(sigma: Double) throws(PrivacyError) -> PrivacyLedger {
        var ledger = PrivacyLedger()
        do {
            for (m, n) in try parts(sigma: sigma) { try ledger.record(mechanism: m, steps: n) }
        } catch let e as PrivacyError {
            throw e
        } catch {
            throw .invalidArgument("\(error)")
        }
        return ledger
    }

    /// Example-level DP-SGD's sampling rate: min(1, batch / records), with batch and records at
    /// least 1 (a record count of 0 means unknown and is read as 1, the most pessimistic).
    package static func exampleRate(batch: Int, records: Int) -> Double {
        min(1, Double(max(1, batch)) / Double(max(1, records)))
    }

    /// Example-level DP-SGD: each client samples its rows at q = batch / records and runs
    /// ⌈epochs / q⌉ whole steps a round (`epochs` passes in expectation).
    /// - Throws: `PrivacyError.invalidArgument` when the steps do not fit in 64 bits.
    package static func example(batch: Int, records: Int, epochs: Int, rounds: Int) throws(PrivacyError)
        -> PrivacySchedule
    {
        try example(q: exampleRate(batch: batch, records: records), epochs: epochs, rounds: rounds)
    }

    /// Example-level DP-SGD at a given sampling rate q: ⌈epochs / q⌉ whole steps a round.
    /// - Throws: `PrivacyError.invalidArgument` when q ∉ (0, 1] or the steps do not fit in 64 bits.
    package static func example(q: Double, epochs: Int, rounds: Int) throws(PrivacyError) -> PrivacySchedule {
        guard q > 0, q <= 1 else { throw .invalidArgument("sampling rate must be in (0, 1], got \(q)") }
        let perRound = (Double(max(0, epochs)) / q).rounded(.up)
        guard perRound.isFinite, perRound < 9.2e18 else {
            throw .invalidArgument(Self.tooManySteps(rounds: rounds, perRound: String(format: "%.3g", perRound)))
        }
        return try PrivacySchedule(q: q, stepsPerRound: Int(perRound), rounds: max(0, rounds))
    }

    /// Client-level DP-FedAvg: the server samples each client with probability `fractionFit`
    /// and charges one step a round.
    package static func client(fractionFit: Double, rounds: Int) throws(PrivacyError) -> PrivacySchedule {
        try PrivacySchedule(q: min(1, max(fractionFit, 1e-9)), stepsPerRound: 1, rounds: max(0, rounds))
    }

    /// The schedule of `unit` (nil for `none`, which runs no mechanism).
    package static func of(
        _ unit: PrivacyUnit, batch: Int, records: Int, epochs: Int, fractionFit: Double, rounds: Int
    ) throws(PrivacyError) -> PrivacySchedule? {
        switch unit {
        case .none: return nil
        case .example: return try example(batch: batch, records: records, epochs: epochs, rounds: rounds)
        case .client: return try client(fractionFit: fractionFit, rounds: rounds)
        }
    }

    private static func tooManySteps(rounds: Int, perRound: String) -> String {
        "\(rounds) rounds of \(perRound) steps are more than 2^63 steps"
    }
}
