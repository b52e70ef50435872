import Foundation
import Testing

@testable import Privacy

/// The accountants are never optimistic, however extreme the parameters they accept: σ from
/// 1e-300 to 1e3, q from 1e-9 to 1, steps from 1 to Int.max, δ from 1e-300 to 0.5.
///
/// Reference values (`Reference/extreme_epsilon.csv`, made by `Reference/generate_extremes.py`
/// with mpmath) give, for every point of the grid, the exact ε of the RDP accountant and a
/// certified lower bound on the true ε of the mechanism. Where the true ε exceeds the double range,
/// the reference is beyond it too and the accountant must answer +∞.
@Suite struct ExtremeParameterTests {
    struct Row: Sendable, CustomStringConvertible {
        var q: Double, sigma: Double, steps: Int, delta: Double
        var epsilonRDP: Double, epsilonLower: Double
        var description: String { "q=\(q) sigma=\(sigma) steps=\(steps) delta=\(delta)" }
    }

    static let rows: [Row] = ReferenceData.rows("extreme_epsilon.csv").map { r in
        Row(
            q: r.double("q"), sigma: r.double("sigma"), steps: Int(r["steps"] ?? "") ?? -1, delta: r.double("delta"),
            epsilonRDP: r.double("epsilon_rdp"), epsilonLower: r.double("epsilon_lower"))
    }
    static let sigmas = Array(Set(rows.map(\.sigma))).sorted()

    @Test func referenceCoversTheExtremes() {
        #expect(Self.rows.count >= 800)
        #expect(Self.sigmas.first == 1e-300 && Self.sigmas.last == 1e3)
        #expect(Set(Self.rows.map(\.q)).isSuperset(of: [1e-9, 1]))
        #expect(Set(Self.rows.map(\.steps)).isSuperset(of: [1, 1_000_000_000_000, Int.max]))
        #expect(Set(Self.rows.map(\.delta)).isSuperset(of: [1e-300, 0.5]))
        #expect(Self.rows.allSatisfy { !$0.epsilonRDP.isNaN && !$0.epsilonLower.isNaN && $0.steps > 0 })
        // The grid reaches both ends: ε = +∞ in doubles and ε = 0.
        #expect(Self.rows.contains { $0.epsilonLower == .infinity })
        #expect(Self.rows.contains { $0.epsilonRDP == 0 })
    }

    /// RDP: never below its own exact value (to 1e-8 relative), never below the true ε, never NaN.
    @Test(arguments: sigmas)
    func rdpIsNeverOptimistic(sigma: Double) throws {
        for row in Self.rows where row.sigma == sigma {
            let m = try SubsampledGaussian(q: row.q, sigma: row.sigma)
            let e = RDPAccountant.epsilon(m, steps: row.steps, delta: row.delta).epsilon
            #expect(!e.isNaN, "\(row)")
            // The fractional series is exact to about 1e-16 in log A, a relative 1e-8 at the
            // smallest log A (1e-9) it is trusted with; the true ε is checked strictly below.
            #expect(e >= row.epsilonRDP * (1 - 1e-8), "\(row): \(e) below the exact RDP ε \(row.epsilonRDP)")
            #expect(e >= row.epsilonLower, "\(row): \(e) below the true ε ≥ \(row.epsilonLower)")
            // And not needlessly pessimistic where the exact value is an ordinary number and one
            // step's log A is large enough for the fractional series (below 1e-9 the chord of the
            // integer orders stands in for it, up to 1.8 times the exact value at orders below 2).
            let logA = 0.1 * SubsampledGaussianRDP.rdp(q: row.q, sigma: row.sigma, order: 1.1)
            if row.epsilonRDP.isFinite, row.epsilonRDP > 1e-6, logA > 1e-8 {
                #expect(e <= row.epsilonRDP * (1 + 1e-6), "\(row): \(e) vs \(row.epsilonRDP)")
            } else if row.epsilonRDP.isFinite, row.epsilonRDP > 1e-6 {
                #expect(e <= row.epsilonRDP * 1.85, "\(row): \(e) vs \(row.epsilonRDP)")
            }
            // The ledger answers the same.
            var ledger = PrivacyLedger()
            try ledger.record(mechanism: m, steps: row.steps)
            #expect(try ledger.epsilon(delta: row.delta).epsilon == e, "\(row)")
        }
    }

    /// PLD (a 1e-2 grid keeps debug builds fast; pessimism holds on any grid): never below the
    /// true ε, also where ε is far beyond e^709 (σ = 0.05, q = 1, 1000 steps: ε ≈ 2·10⁵, which
    /// overflowed to a wrong answer before); where its grid cannot hold the loss it refuses with a
    /// message, and never answers 0 or NaN. Subsampled compositions at σ = 0.05 are left out: a
    /// minute each in a debug build.
    @Test(arguments: sigmas)
    func pldIsNeverOptimisticOrRefuses(sigma: Double) throws {
        let pld = PLDAccountant(valueInterval: 1e-2)
        var answered = 0
        for row in Self.rows where row.sigma == sigma && row.steps <= 1000 {
            if row.sigma < 0.1, row.steps > 1, row.q < 1 { continue }
            let m = try SubsampledGaussian(q: row.q, sigma: row.sigma)
            do {
                let e = try pld.epsilon(m, steps: row.steps, delta: row.delta)
                answered += 1
                #expect(!e.isNaN && e >= row.epsilonLower, "\(row): pld \(e) below the true ε ≥ \(row.epsilonLower)")
            } catch let error as PrivacyError {
                guard case .invalidArgument(let message) = error else {
                    Issue.record("\(row): unexpected \(error)")
                    continue
                }
                #expect(message.contains("use the rdp accountant"), "\(row): \(message)")
            }
        }
        if sigma >= 1 { #expect(answered > 0) }
        if sigma <= 1e-8 { #expect(answered == 0) }
    }

    /// Smaller σ never gives smaller ε, from 1e-300 to 1e3, at every q, steps and δ.
    @Test(arguments: [1e-9, 1e-4, 0.01, 0.5, 1 - 1e-6, 1])
    func epsilonNeverFallsAsNoiseFalls(q: Double) throws {
        let sigmas =
            (0...30).map { pow(10.0, -300 + 10 * Double($0)) } + [1e-5, 1e-3, 0.01, 0.03, 0.1, 0.3]
            + [1, 3, 10, 100, 1000]
        for steps in [1, 1000, 1_000_000_000_000, Int.max] {
            for delta in [1e-300, 1e-10, 1e-5, 0.5] {
                var last = Double.infinity
                for s in sigmas.sorted() {
                    let e = RDPAccountant.epsilon(try SubsampledGaussian(q: q, sigma: s), steps: steps, delta: delta)
                        .epsilon
                    #expect(!e.isNaN && e <= last, "q=\(q) steps=\(steps) delta=\(delta) sigma=\(s): \(e) > \(last)")
                    last = e
                }
            }
        }
    }

    /// σ → 0 gives ε → ∞; the smallest accepted σ gives +∞ outright.
    @Test(arguments: [1e-9, 0.01, 0.5, 1])
    func vanishingNoiseIsInfiniteEpsilon(q: Double) throws {
        for s in [Double.leastNonzeroMagnitude, 1e-300, 1e-200] {
            let r = RDPAccountant.epsilon(try SubsampledGaussian(q: q, sigma: s), steps: 1, delta: 1e-5)
            #expect(r.epsilon == .infinity && r.order == nil, "q=\(q) sigma=\(s): \(r)")
        }
        let small = RDPAccountant.epsilon(try SubsampledGaussian(q: q, sigma: 1e-100), steps: 1, delta: 1e-5)
        #expect(small.epsilon > 1e190, "q=\(q): \(small.epsilon)")
    }

    /// Per order, the one-step RDP lies between its closed-form bounds everywhere.
    @Test(arguments: [1e-300, 1e-150, 1e-20, 1e-8, 1e-3, 0.05, 1, 1e3, 1e150, 1e300])
    func perOrderRDPStaysInsideItsBounds(sigma: Double) {
        for q in [1e-300, 1e-9, 0.5, 1 - 1e-12] {
            for a in RDPAccountant.defaultOrders {
                let r = SubsampledGaussianRDP.rdp(q: q, sigma: sigma, order: a)
                let lo = SubsampledGaussianRDP.lowerBound(q: q, sigma: sigma, order: a)
                let hi = SubsampledGaussianRDP.upperBound(q: q, sigma: sigma, order: a)
                #expect(!r.isNaN && r >= lo && r <= hi * (1 + 1e-9) + 1e-300, "q=\(q) sigma=\(sigma) order=\(a): \(r)")
            }
        }
    }

    /// δ so small that δ² underflows, and RDP values so small that they underflow, never give ε = 0
    /// unless the exact conversion would.
    @Test func underflowNeverGivesZero() throws {
        // r = 0 may stand for any r below the least normal double: 0 only when δ² is above it.
        let orders = [2.0]
        #expect(RDPConversion.epsilon(orders: orders, rdp: [0], delta: 1e-160).epsilon > 0)
        #expect(RDPConversion.epsilon(orders: orders, rdp: [0], delta: 1e-150).epsilon == 0)
        #expect(RDPConversion.epsilon(orders: orders, rdp: [.nan], delta: 1e-5).epsilon == .infinity)
        // σ = 1e300 at q = 0.5: the RDP underflows; at δ = 1e-300 ε must stay positive.
        let m = try SubsampledGaussian(q: 0.5, sigma: 1e300)
        #expect(RDPAccountant.epsilon(m, steps: 1, delta: 1e-300).epsilon > 0)
    }

    /// Steps near Int.max: no trap in the ledger, the PLD window or the solvers.
    @Test func stepsNearIntMaxAreHandled() throws {
        let m = try SubsampledGaussian(q: 0.01, sigma: 1)
        var ledger = PrivacyLedger()
        try ledger.record(mechanism: m, steps: Int.max - 1)
        #expect(throws: PrivacyError.self) { try ledger.record(mechanism: m, steps: 2) }
        try ledger.record(mechanism: SubsampledGaussian(q: 0.5, sigma: 3), steps: 10)
        #expect(ledger.totalSteps == Int.max)
        #expect(try ledger.epsilon(delta: 1e-5).epsilon > 1e10)
        #expect(throws: PrivacyError.self) { try PLDAccountant().epsilon(m, steps: Int.max, delta: 1e-5) }
        // The most steps of a mechanism that spends almost nothing is capped, and fits.
        let quiet = try SubsampledGaussian(q: 1e-9, sigma: 1000)
        let t = try StepSolver.maxSteps(mechanism: quiet, epsilon: 10, delta: 0.5)
        #expect(t == 1 << 60 && RDPAccountant.epsilon(quiet, steps: t, delta: 0.5).epsilon <= 10)
    }

    struct SolverCase: Sendable, CustomStringConvertible {
        var q: Double, steps: Int, epsilon: Double, delta: Double
        var description: String { "q=\(q) steps=\(steps) eps=\(epsilon) delta=\(delta)" }
    }

    static let solverCases = [
        SolverCase(q: 1e-9, steps: 1_000_000_000_000, epsilon: 1, delta: 1e-10),
        SolverCase(q: 1, steps: 1, epsilon: 100, delta: 0.5),
        SolverCase(q: 1, steps: 1, epsilon: 1, delta: 1e-300),
        SolverCase(q: 0.5, steps: 1000, epsilon: 0.01, delta: 1e-5),
        SolverCase(q: 1e-4, steps: 1_000_000, epsilon: 8, delta: 1e-300),
        SolverCase(q: 0.01, steps: 10_000, epsilon: 1e-3, delta: 1e-5),
    ]

    /// The noise solver's σ always fits; the step solver's count always fits; when nothing fits,
    /// a typed error, never a value.
    @Test(arguments: solverCases)
    func solversNeverReturnWhatDoesNotFit(c: SolverCase) throws {
        do {
            let s = try NoiseSolver.smallestSigma(q: c.q, steps: c.steps, epsilon: c.epsilon, delta: c.delta)
            let m = try SubsampledGaussian(q: c.q, sigma: s)
            let e = RDPAccountant.epsilon(m, steps: c.steps, delta: c.delta).epsilon
            #expect(e <= c.epsilon, "\(c): σ = \(s) spends \(e)")
            let t = try StepSolver.maxSteps(mechanism: m, epsilon: c.epsilon, delta: c.delta)
            #expect(t >= c.steps && RDPAccountant.epsilon(m, steps: t, delta: c.delta).epsilon <= c.epsilon)
        } catch let e as PrivacyError {
            guard case .noSolution = e else { throw e }
            // No σ up to 10⁴ fits: then 10⁴ really does not.
            let m = try SubsampledGaussian(q: c.q, sigma: NoiseSolver.range.upperBound)
            #expect(RDPAccountant.epsilon(m, steps: c.steps, delta: c.delta).epsilon > c.epsilon, "\(c)")
        }
        // A vanishing noise is never given a step count.
        let tiny = try SubsampledGaussian(q: c.q, sigma: 1e-300)
        #expect(throws: PrivacyError.self) {
            try StepSolver.maxSteps(mechanism: tiny, epsilon: c.epsilon, delta: c.delta)
        }
    }
}
