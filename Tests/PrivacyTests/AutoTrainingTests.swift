import Foundation
import Testing

@testable import Privacy

/// `train: auto`: the rule's choices for the digits example, and the properties that define it.
@Suite struct AutoTrainingTests {
    struct Case: Sendable, CustomStringConvertible {
        var epsilon: Double, epochs: Int, lr: Double
        var description: String { "eps=\(epsilon)" }
    }

    /// examples/digits-dp: 180 records per client, 10 rounds, δ = 1e-5, clip 1, RDP.
    static let digits = [
        Case(epsilon: 0.5, epochs: 1, lr: 2.2271),
        Case(epsilon: 1, epochs: 1, lr: 4.2212),
        Case(epsilon: 2, epochs: 3, lr: 2.6486),
        Case(epsilon: 4, epochs: 11, lr: 1.3411),
        Case(epsilon: 8, epochs: 16, lr: 1.5),
    ]

    static func choose(_ epsilon: Double, records: Int = 180, clip: Double = 1) throws -> AutoTraining {
        try AutoTraining.choose(
            epsilon: epsilon, delta: 1e-5, records: records, rounds: 10, clip: clip, accountant: .rdp)
    }

    static func noise(_ epsilon: Double, epochs: Int, records: Int = 180) throws -> Double {
        try NoiseSolver.smallestSigma(q: 1, steps: 10 * epochs, epsilon: epsilon, delta: 1e-5) / Double(records)
    }

    @Test(arguments: digits)
    func digitsExample(c: Case) throws {
        #expect(try Self.choose(c.epsilon) == AutoTraining(batch: 180, epochs: c.epochs, lr: c.lr))
    }

    /// The steps are the most whose noise on the mean gradient stays under the target, and the
    /// step size follows the noise within its range.
    @Test(arguments: digits)
    func stepsAreTheMostUnderTheNoiseTarget(c: Case) throws {
        let t = try Self.choose(c.epsilon)
        let tau = try Self.noise(c.epsilon, epochs: t.epochs)
        #expect(t.epochs == 1 || tau <= AutoTraining.noiseTarget)
        if t.epochs < AutoTraining.maxEpochs {
            #expect(try Self.noise(c.epsilon, epochs: t.epochs + 1) > AutoTraining.noiseTarget)
        }
        let step = t.lr * Double(t.epochs).squareRoot()
        let expected = min(6, max(2, AutoTraining.noiseStep / tau))
        #expect(abs(step - expected) <= 1e-4 * Double(t.epochs).squareRoot())
    }

    /// More budget never buys fewer steps; the batch is the records (q = 1).
    @Test func monotoneInTheBudgetAndFullBatch() throws {
        var last = 0
        for e in [0.25, 0.5, 1, 2, 3, 4, 6, 8, 16, 64] {
            let t = try Self.choose(e, records: 1000)
            #expect(t.epochs >= last && t.batch == 1000)
            last = t.epochs
        }
        #expect(last == AutoTraining.maxEpochs)
    }

    /// The clip norm scales only the learning rate: lr × clip is the same.
    @Test func clipScalesTheLearningRate() throws {
        let one = try Self.choose(2)
        let half = try Self.choose(2, clip: 0.5)
        #expect(half.epochs == one.epochs && abs(half.lr * 0.5 - one.lr) <= 1e-4)
    }

    /// An impossible budget throws, as the budget proof then reports (KF3033).
    @Test func impossibleBudgetThrows() {
        #expect(throws: (any Error).self) {
            try AutoTraining.choose(epsilon: 1e-9, delta: 1e-12, records: 10, rounds: 10, clip: 1, accountant: .rdp)
        }
    }
}
