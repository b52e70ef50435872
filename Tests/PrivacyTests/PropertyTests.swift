import Foundation
import Testing

@testable import Privacy

/// Structural properties every correct accountant has, over a grid of mechanisms.
@Suite struct PropertyTests {
    static let qs = [0.001, 0.01, 0.1, 0.5, 0.99, 1.0]
    static let sigmas = [0.3, 0.7, 1.0, 2.0, 10.0, 100.0]
    static let delta = 1e-5

    static func eps(_ q: Double, _ s: Double, _ t: Int) throws -> Double {
        RDPAccountant.epsilon(try SubsampledGaussian(q: q, sigma: s), steps: t, delta: delta).epsilon
    }

    @Test(arguments: sigmas)
    func epsilonGrowsWithSteps(sigma: Double) throws {
        for q in Self.qs {
            var last = 0.0
            for t in [1, 10, 100, 1_000, 10_000, 1_000_000] {
                let e = try Self.eps(q, sigma, t)
                #expect(e >= last, "q=\(q) sigma=\(sigma) steps=\(t)")
                last = e
            }
        }
    }

    @Test(arguments: sigmas)
    func epsilonGrowsWithSamplingRate(sigma: Double) throws {
        for t in [1, 100, 10_000] {
            var last = 0.0
            for q in Self.qs {
                let e = try Self.eps(q, sigma, t)
                #expect(e >= last, "q=\(q) sigma=\(sigma) steps=\(t)")
                last = e
            }
        }
    }

    @Test(arguments: qs)
    func epsilonFallsWithNoise(q: Double) throws {
        for t in [1, 100, 10_000] {
            var last = Double.infinity
            for s in Self.sigmas {
                let e = try Self.eps(q, s, t)
                #expect(e <= last, "q=\(q) sigma=\(s) steps=\(t)")
                last = e
            }
        }
    }

    /// Per order, the one-step RDP is monotone in q and σ too (finer than the ε minimum).
    @Test func perOrderRDPIsMonotone() {
        for a in RDPAccountant.defaultOrders {
            var last = 0.0
            for q in Self.qs {
                let r = SubsampledGaussianRDP.rdp(q: q, sigma: 1.0, order: a)
                #expect(r >= last * (1 - 1e-12), "order \(a) q \(q)")
                last = r
            }
        }
    }

    @Test func qOneIsThePlainGaussian() {
        for a in [1.5, 2, 32, 1024] {
            #expect(SubsampledGaussianRDP.rdp(q: 1, sigma: 2, order: a) == a / 8)
        }
        // And q → 1 approaches it continuously.
        let near = SubsampledGaussianRDP.rdp(q: 1 - 1e-9, sigma: 2, order: 4.5)
        #expect(abs(near - 4.5 / 8) < 1e-6)
    }

    @Test func kIdenticalStepsEqualOneCompositionOfK() throws {
        let m = try SubsampledGaussian(q: 0.02, sigma: 1.3)
        var one = RDPAccountant()
        one.compose(m, steps: 500)
        var many = RDPAccountant()
        for _ in 0..<500 { many.compose(m, steps: 1) }
        for (a, b) in zip(one.rdp, many.rdp) { #expect(abs(a - b) <= 1e-12 * a) }
        #expect(abs(one.epsilon(delta: 1e-5).epsilon - many.epsilon(delta: 1e-5).epsilon) < 1e-12)

        var ledgerOne = PrivacyLedger(), ledgerMany = PrivacyLedger()
        try ledgerOne.record(mechanism: m, steps: 500)
        for _ in 0..<500 { try ledgerMany.record(mechanism: m, steps: 1) }
        #expect(ledgerOne == ledgerMany)
        #expect(try ledgerOne.epsilon(delta: 1e-5) == ledgerMany.epsilon(delta: 1e-5))
        let pld = PLDAccountant(valueInterval: 1e-3)
        let pldOne = try pld.epsilon([(m, 50)], delta: 1e-5)
        let pldSplit = try pld.epsilon([(m, 20), (m, 30)], delta: 1e-5)
        #expect(abs(pldOne - pldSplit) < 1e-9 * pldOne)
    }

    @Test func heterogeneousCompositionAddsRDP() throws {
        let a = try SubsampledGaussian(q: 0.01, sigma: 1.1), b = try SubsampledGaussian(q: 0.2, sigma: 3)
        var ledger = PrivacyLedger()
        try ledger.record(mechanism: a, steps: 1000)
        try ledger.record(mechanism: b, steps: 50)
        try ledger.record(mechanism: a, steps: 1000)
        #expect(ledger.entries.count == 2 && ledger.totalSteps == 2050)
        let ra = RDPAccountant.stepRDP(a), rb = RDPAccountant.stepRDP(b)
        let expected = RDPConversion.epsilon(
            orders: RDPAccountant.defaultOrders, rdp: zip(ra, rb).map { 2000 * $0 + 50 * $1 }, delta: 1e-6)
        #expect(try ledger.epsilon(delta: 1e-6) == expected)
        // Each part alone spends less than the whole.
        #expect(RDPAccountant.epsilon(a, steps: 2000, delta: 1e-6).epsilon < expected.epsilon)
        #expect(RDPAccountant.epsilon(b, steps: 50, delta: 1e-6).epsilon < expected.epsilon)
        // PLD composes the same parts and stays below RDP.
        let pld = try ledger.epsilon(delta: 1e-6, accountant: .pld)
        #expect(pld.epsilon < expected.epsilon && pld.epsilon > 0.5 * expected.epsilon && pld.order == nil)
    }

    @Test func ledgerRoundTripsExactly() throws {
        var ledger = PrivacyLedger()
        try ledger.record(mechanism: SubsampledGaussian(q: 0.1 + 0.2, sigma: 1.0 / 3.0), steps: 7)
        try ledger.record(mechanism: SubsampledGaussian(q: 1e-7, sigma: 123.456789012345678), steps: 1_000_000)
        try ledger.record(mechanism: SubsampledGaussian(q: 1, sigma: 0.3), steps: 1)
        let data = try JSONEncoder().encode(ledger)
        let back = try JSONDecoder().decode(PrivacyLedger.self, from: data)
        #expect(back == ledger)
        #expect(try back.epsilon(delta: 1e-5) == ledger.epsilon(delta: 1e-5))
        // Re-encoding is byte-identical (stable persisted form).
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        #expect(try enc.encode(back) == enc.encode(ledger))
        // Custom orders survive too.
        let custom = PrivacyLedger(orders: [1.5, 2, 2.5, 1000])
        #expect(try JSONDecoder().decode(PrivacyLedger.self, from: JSONEncoder().encode(custom)) == custom)
    }

    @Test func decodingRejectsInvalidMechanisms() {
        let bad = #"{"entries":[{"mechanism":{"q":1.5,"sigma":1},"steps":3}],"orders":[2]}"#
        #expect(throws: PrivacyError.self) { try JSONDecoder().decode(PrivacyLedger.self, from: Data(bad.utf8)) }
        let badOrder = #"{"entries":[],"orders":[0.5]}"#
        #expect(throws: PrivacyError.self) {
            try JSONDecoder().decode(PrivacyLedger.self, from: Data(badOrder.utf8))
        }
        let badSteps = #"{"entries":[{"mechanism":{"q":0.5,"sigma":1},"steps":-3}],"orders":[2]}"#
        #expect(throws: PrivacyError.self) {
            try JSONDecoder().decode(PrivacyLedger.self, from: Data(badSteps.utf8))
        }
    }

    @Test func wouldExceedMatchesRecording() throws {
        let m = try SubsampledGaussian(q: 0.01, sigma: 1.0)
        var ledger = PrivacyLedger()
        try ledger.record(mechanism: m, steps: 1000)
        let now = try ledger.epsilon(delta: 1e-5).epsilon
        #expect(try !ledger.wouldExceed(budget: now + 0.5, delta: 1e-5, adding: m, steps: 1))
        #expect(try ledger.wouldExceed(budget: now, delta: 1e-5, adding: m, steps: 1000))
        #expect(try !ledger.wouldExceed(budget: now, delta: 1e-5, adding: m, steps: 0))
    }

    @Test func extremeParametersStayFinite() throws {
        for q in [1e-9, 0.5, 1 - 1e-12] {
            for s in [0.3, 100.0] {
                let r = RDPAccountant.stepRDP(try SubsampledGaussian(q: q, sigma: s))
                #expect(r.allSatisfy { $0.isFinite && $0 >= 0 }, "q=\(q) sigma=\(s)")
                let e = RDPAccountant.epsilon(try SubsampledGaussian(q: q, sigma: s), steps: 1_000_000, delta: 1e-10)
                #expect(e.epsilon.isFinite)
            }
        }
    }

    @Test func pldRefusesGridsItCannotHold() throws {
        let m = try SubsampledGaussian(q: 0.5, sigma: 0.01)
        #expect(throws: PrivacyError.self) { try PLDAccountant().epsilon(m, steps: 1, delta: 1e-5) }
    }

    /// Plain Gaussian compositions (q = 1) take PLD's closed form: the ε of the Gaussian mechanism
    /// of μ = √(Σ steps / σ²), whose δ(ε) is δ there and above δ just below it; parts compose by
    /// μ² adding up; no grid limits it (σ = 0.01 answers rather than refusing); and it is never
    /// above the grid's pessimistic bound at q just below 1.
    @Test func pldPlainGaussianIsExact() throws {
        let pld = PLDAccountant()
        let m = try SubsampledGaussian(q: 1, sigma: 11.7712)
        let e = try pld.epsilon(m, steps: 30, delta: 1e-5)
        let mu = (30.0).squareRoot() / 11.7712
        #expect(abs(PLDAccountant.gaussianDelta(epsilon: e, mu: mu) - 1e-5) < 1e-12)
        #expect(PLDAccountant.gaussianDelta(epsilon: e * (1 - 1e-9), mu: mu) > 1e-5)
        // μ = 1: δ(1) = Φ(−1/2) − e Φ(−3/2).
        #expect(abs(PLDAccountant.gaussianDelta(epsilon: 1, mu: 1) - 0.126_936_737_506_644) < 1e-12)
        let split = try pld.epsilon([(m, 10), (m, 20)], delta: 1e-5)
        #expect(abs(split - e) < 1e-9 * e)
        let other = try SubsampledGaussian(q: 1, sigma: 2)
        let mixed = try pld.epsilon([(m, 30), (other, 1)], delta: 1e-5)
        let muMixed = (30 / (11.7712 * 11.7712) + 0.25).squareRoot()
        #expect(abs(PLDAccountant.gaussianDelta(epsilon: mixed, mu: muMixed) - 1e-5) < 1e-12)
        let tiny = try pld.epsilon(try SubsampledGaussian(q: 1, sigma: 0.01), steps: 1, delta: 1e-5)
        #expect(tiny.isFinite && tiny > 5000)
        let grid = try PLDAccountant(valueInterval: 1e-3).epsilon(
            try SubsampledGaussian(q: 1 - 1e-9, sigma: 11.7712), steps: 30, delta: 1e-5)
        #expect(e <= grid + 1e-6)
        #expect(grid - e < 0.01)
    }

    @Test func invalidArgumentsAreTypedErrors() {
        #expect(throws: PrivacyError.self) { try SubsampledGaussian(q: 0, sigma: 1) }
        #expect(throws: PrivacyError.self) { try SubsampledGaussian(q: 1.01, sigma: 1) }
        #expect(throws: PrivacyError.self) { try SubsampledGaussian(q: 0.1, sigma: 0) }
        #expect(throws: PrivacyError.self) { try SubsampledGaussian(q: .nan, sigma: 1) }
        var ledger = PrivacyLedger()
        #expect(throws: PrivacyError.self) {
            try ledger.record(mechanism: SubsampledGaussian(q: 0.1, sigma: 1), steps: -1)
        }
        #expect(throws: PrivacyError.self) { try ledger.epsilon(delta: 1) }
        #expect(throws: PrivacyError.self) { try ledger.epsilon(delta: 0) }
    }
}
