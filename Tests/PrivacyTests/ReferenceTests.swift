import Foundation
import Testing

@testable import Privacy

/// Checks the accountants against reference values computed outside Swift: exact per-order RDP
/// (binomial sums and 40-digit mpmath quadrature) and Google dp-accounting's PLD accountant.
@Suite struct ReferenceTests {
    static let orderRows = ReferenceData.rows("rdp_orders.csv")
    static let epsilonRows = ReferenceData.rows("rdp_epsilon.csv")
    static let pldRows = ReferenceData.rows("pld_epsilon.csv")

    @Test func referenceFilesArePresent() {
        #expect(Self.orderRows.count >= 26 * 156)
        #expect(Self.epsilonRows.count >= 26 * 8)
        #expect(Self.pldRows.count >= 10)
    }

    /// Each one-step RDP value agrees with the exact value to 1e-9 relative (plus 1e-16 absolute
    /// for values that are themselves near the rounding of log A_α ≈ 0).
    @Test func perOrderRDPMatchesExactValues() throws {
        var worst = 0.0
        for row in Self.orderRows {
            let q = row.double("q"), s = row.double("sigma"), a = row.double("order")
            let exact = row.double("rdp_exact")
            let mine = SubsampledGaussianRDP.rdp(q: q, sigma: s, order: a)
            let err = abs(mine - exact)
            #expect(err <= 1e-9 * exact + 1e-16 / (a - 1), "q=\(q) sigma=\(s) order=\(a): \(mine) vs \(exact)")
            if exact > 1e-6 { worst = max(worst, err / exact) }
        }
        #expect(worst < 1e-9)
    }

    /// Where dp-accounting's truncated series is above the exact value, we are not.
    @Test func fractionalOrdersDoNotInheritDPAccountingsOverestimate() {
        var differing = 0
        for row in Self.orderRows where row.double("order") != row.double("order").rounded() {
            let exact = row.double("rdp_exact"), theirs = row.double("rdp_dp_accounting")
            guard exact > 1e-8, abs(theirs - exact) > 1e-6 * exact else { continue }
            differing += 1
            let a = row.double("order")
            let mine = SubsampledGaussianRDP.rdp(q: row.double("q"), sigma: row.double("sigma"), order: a)
            #expect(abs(mine - exact) <= 1e-9 * exact + 1e-16 / (a - 1))
        }
        #expect(differing > 0, "the reference should contain cases where dp-accounting's series is off")
    }

    /// The "Done when" criterion: ε within 1e-6 relative of the exact reference wherever ε ≤ 100,
    /// and never below it by more than 1e-9 relative.
    @Test func epsilonMatchesExactReference() throws {
        var checked = 0
        var worst = 0.0
        for row in Self.epsilonRows {
            let exact = row.double("epsilon_exact")
            guard exact <= 100 else { continue }
            let m = try SubsampledGaussian(q: row.double("q"), sigma: row.double("sigma"))
            let steps = Int(row.double("steps")), delta = row.double("delta")
            let r = RDPAccountant.epsilon(m, steps: steps, delta: delta)
            let label = "q=\(m.q) sigma=\(m.sigma) steps=\(steps) delta=\(delta): \(r.epsilon) vs \(exact)"
            if exact == 0 {
                #expect(r.epsilon == 0, "\(label)")
            } else {
                #expect(abs(r.epsilon - exact) <= 1e-6 * exact, "\(label)")
                #expect(r.epsilon >= exact * (1 - 1e-9), "\(label)")
                #expect(r.order == row.double("order_exact"), "\(label)")
                worst = max(worst, abs(r.epsilon - exact) / exact)
            }
            checked += 1
        }
        #expect(checked >= 130)
        // In practice the agreement is far tighter than the criterion.
        #expect(worst < 1e-10, "worst relative error \(worst)")
    }

    /// PLD: within 1% of dp-accounting's pessimistic PLD, never below its optimistic estimate, and
    /// never above RDP.
    @Test func pldMatchesDPAccounting() throws {
        for row in Self.pldRows {
            let m = try SubsampledGaussian(q: row.double("q"), sigma: row.double("sigma"))
            let steps = Int(row.double("steps")), delta = row.double("delta")
            let mine = try PLDAccountant().epsilon(m, steps: steps, delta: delta)
            let pessimistic = row.double("epsilon_pessimistic"), optimistic = row.double("epsilon_optimistic")
            let label =
                "q=\(m.q) sigma=\(m.sigma) steps=\(steps) delta=\(delta): "
                + "\(mine) vs \(pessimistic)/\(optimistic)"
            #expect(abs(mine - pessimistic) <= 0.01 * pessimistic, "\(label)")
            #expect(mine >= optimistic, "\(label)")
            // PLD is the tighter accountant: never above RDP.
            #expect(mine <= RDPAccountant.epsilon(m, steps: steps, delta: delta).epsilon, "\(label)")
        }
    }
}
