import Foundation

/// The one record of what spent a budget: heterogeneous compositions of subsampled Gaussian
/// mechanisms (different q, σ, steps), answering ε at δ at any time.
///
/// The budget proof composes one per client and per dataset; the executor keeps one per data
/// owner, persists it before an update leaves, and reads back the steps it charged. Codable with
/// an exact round trip. Recording a mechanism already in the ledger adds to its steps
/// (composition is commutative).
package struct PrivacyLedger: Codable, Hashable, Sendable {
    /// One mechanism and how many times it ran.
    package struct Entry: Codable, Hashable, Sendable {
        /// The mechanism.
        package var mechanism: SubsampledGaussian
        /// How many steps it ran.
        package var steps: Int

        /// Creates an entry.
        package init(mechanism: SubsampledGaussian, steps: Int) {
            self.mechanism = mechanism
            self.steps = steps
        }
    }

    /// The entries, in order of first use.
    package private(set) var entries: [Entry]
    /// The RDP orders used for `rdp` queries.
    package let orders: [Double]

    /// An empty ledger.
    package init(orders: [Double] = RDPAccountant.defaultOrders) {
        self.entries = []
        self.orders = orders
    }

    private enum CodingKeys: String, CodingKey { case entries, orders }

    /// Decodes and validates a persisted ledger (orders > 1, steps ≥ 0, valid mechanisms).
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        entries = try c.decode([Entry].self, forKey: .entries)
        orders = try c.decode([Double].self, forKey: .orders)
        guard !orders.isEmpty, orders.allSatisfy({ $0 > 1 && $0.isFinite }) else {
            throw PrivacyError.invalidArgument("ledger orders must be finite and greater than 1")
        }
        for e in entries { try PrivacyError.checkSteps(e.steps) }
    }

    /// Records `steps` more steps of `mechanism`; throws when `steps` < 0.
    package mutating func record(mechanism: SubsampledGaussian, steps: Int) throws {
        try PrivacyError.checkSteps(steps)
        guard steps > 0 else { return }
        if let i = entries.firstIndex(where: { $0.mechanism == mechanism }) {
            let (sum, overflow) = entries[i].steps.addingReportingOverflow(steps)
            guard !overflow else {
                throw PrivacyError.invalidArgument("the ledger cannot hold more than \(Int.max) steps of one mechanism")
            }
            entries[i].steps = sum
        } else {
            entries.append(Entry(mechanism: mechanism, steps: steps))
        }
    }

    /// The total number of recorded steps (Int.max when that does not fit in an Int).
    package var totalSteps: Int {
        entries.reduce(0) { t, e in
            let (sum, overflow) = t.addingReportingOverflow(e.steps)
            return overflow ? Int.max : sum
        }
    }

    /// The steps recorded of `mechanism` (0 when it never ran).
    package func steps(of mechanism: SubsampledGaussian) -> Int {
        entries.first { $0.mechanism == mechanism }?.steps ?? 0
    }

    /// ε at `delta` of everything recorded so far, by the accountant `accountant` names (an ε the
    /// accountant cannot give, NaN, is read as ∞).
    package func epsilon(delta: Double, accountant: AccountantKind = .rdp) throws -> EpsilonResult {
        try accountant.accountant(orders: orders).epsilon(
            composing: entries.map { ($0.mechanism, $0.steps) }, delta: delta)
    }

    /// Whether recording `steps` more steps of `mechanism` would take ε at `delta` above `budget`.
    package func wouldExceed(
        budget: Double, delta: Double, adding mechanism: SubsampledGaussian, steps: Int,
        accountant: AccountantKind = .rdp
    ) throws -> Bool {
        var next = self
        try next.record(mechanism: mechanism, steps: steps)
        return try next.epsilon(delta: delta, accountant: accountant).epsilon > budget
    }
}
