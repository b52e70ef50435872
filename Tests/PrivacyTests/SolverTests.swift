import Foundation
import Testing

@testable import Privacy

/// The inverse problems: the answers fit the budget and are optimal at their resolution.
@Suite struct SolverTests {
    struct Case: Sendable, CustomStringConvertible {
        var q: Double, steps: Int, epsilon: Double, delta: Double
        var description: String { "q=\(q) steps=\(steps) eps=\(epsilon) delta=\(delta)" }
    }

    static let cases = [
        Case(q: 0.01, steps: 10_000, epsilon: 1.0, delta: 1e-5),
        Case(q: 0.01, steps: 10_000, epsilon: 8.0, delta: 1e-5),
        Case(q: 0.001, steps: 1_000_000, epsilon: 2.0, delta: 1e-6),
        Case(q: 0.1, steps: 100, epsilon: 0.7, delta: 1e-5),
        Case(q: 1.0, steps: 1, epsilon: 1.0, delta: 1e-5),
        Case(q: 0.5, steps: 50, epsilon: 3.0, delta: 1e-8),
    ]

    @Test(arguments: cases)
    func smallestSigmaFitsAndIsMinimal(c: Case) throws {
        let s = try NoiseSolver.smallestSigma(q: c.q, steps: c.steps, epsilon: c.epsilon, delta: c.delta)
        let at = RDPAccountant.epsilon(try SubsampledGaussian(q: c.q, sigma: s), steps: c.steps, delta: c.delta)
        #expect(at.epsilon <= c.epsilon)
        let below = RDPAccountant.epsilon(
            try SubsampledGaussian(q: c.q, sigma: s - NoiseSolver.resolution), steps: c.steps, delta: c.delta)
        #expect(below.epsilon > c.epsilon)
        #expect(abs(s / NoiseSolver.resolution - (s / NoiseSolver.resolution).rounded()) < 1e-6)
    }

    @Test(arguments: cases)
    func maxStepsFitsAndIsMaximal(c: Case) throws {
        let m = try SubsampledGaussian(q: c.q, sigma: 1.2)
        guard RDPAccountant.epsilon(m, steps: 1, delta: c.delta).epsilon <= c.epsilon else {
            #expect(throws: PrivacyError.self) {
                try StepSolver.maxSteps(mechanism: m, epsilon: c.epsilon, delta: c.delta)
            }
            return
        }
        let t = try StepSolver.maxSteps(mechanism: m, epsilon: c.epsilon, delta: c.delta)
        #expect(RDPAccountant.epsilon(m, steps: t, delta: c.delta).epsilon <= c.epsilon)
        #expect(RDPAccountant.epsilon(m, steps: t + 1, delta: c.delta).epsilon > c.epsilon)
    }

    // The PLD solver tests use a 1e-3 grid: debug builds run FFTs slowly, and the optimality
    // checks below hold for any grid.
    static let pld = PLDAccountant(valueInterval: 1e-3)

    @Test func pldNeedsNoMoreNoiseThanRDP() throws {
        let rdp = try NoiseSolver.smallestSigma(q: 0.1, steps: 100, epsilon: 2, delta: 1e-5)
        let pld = try NoiseSolver.smallestSigma(
            q: 0.1, steps: 100, epsilon: 2, delta: 1e-5, accountant: .pld, pld: Self.pld)
        #expect(pld <= rdp)
        let m = try SubsampledGaussian(q: 0.1, sigma: pld)
        #expect(try Self.pld.epsilon(m, steps: 100, delta: 1e-5) <= 2)
        let lower = try SubsampledGaussian(q: 0.1, sigma: pld - NoiseSolver.resolution)
        #expect(try Self.pld.epsilon(lower, steps: 100, delta: 1e-5) > 2)
    }

    @Test func pldAllowsAtLeastAsManySteps() throws {
        let m = try SubsampledGaussian(q: 0.1, sigma: 2)
        let rdp = try StepSolver.maxSteps(mechanism: m, epsilon: 1.5, delta: 1e-5)
        let pld = try StepSolver.maxSteps(mechanism: m, epsilon: 1.5, delta: 1e-5, accountant: .pld, pld: Self.pld)
        #expect(pld >= rdp)
        #expect(try Self.pld.epsilon(m, steps: pld, delta: 1e-5) <= 1.5)
        #expect(try Self.pld.epsilon(m, steps: pld + 1, delta: 1e-5) > 1.5)
    }

    @Test func impossibleBudgetsAreClearErrors() throws {
        // ε far below what any σ ≤ 10⁴ reaches at this δ and step count.
        #expect {
            try NoiseSolver.smallestSigma(q: 1, steps: 1_000_000, epsilon: 1e-4, delta: 1e-12)
        } throws: { e in
            (e as? PrivacyError).map { "\($0)".hasPrefix("no noise multiplier up to 10000") } ?? false
        }
        let m = try SubsampledGaussian(q: 1, sigma: 0.5)
        #expect {
            try StepSolver.maxSteps(mechanism: m, epsilon: 0.1, delta: 1e-5)
        } throws: { e in
            (e as? PrivacyError).map { "\($0)".hasPrefix("one step at sampling rate 1.0") } ?? false
        }
        #expect(throws: PrivacyError.invalidArgument("delta must be in (0, 1), got 0.0")) {
            try NoiseSolver.smallestSigma(q: 0.1, steps: 10, epsilon: 1, delta: 0)
        }
        #expect(throws: PrivacyError.self) {
            try NoiseSolver.smallestSigma(q: 0.1, steps: 10, epsilon: -1, delta: 1e-5)
        }
        #expect(throws: PrivacyError.self) { try NoiseSolver.smallestSigma(q: 2, steps: 10, epsilon: 1, delta: 1e-5) }
    }
}
