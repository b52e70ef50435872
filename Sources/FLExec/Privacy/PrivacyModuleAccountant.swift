import Privacy
import RunPlan

/// The `Privacy` module's ledger as FLExec's `PrivacyAccounting`: what `kfc run` and `kfc exec`
/// charge, so the ε a client spends is exactly what `kfc budget` reports for the same (q, σ, steps).
package struct PrivacyModuleAccountant: PrivacyAccounting {
    /// Everything recorded so far (steps of one mechanism are merged, so the ε is the same as
    /// for one composition of the total steps).
    package var ledger = PrivacyLedger()
    /// The accountant that turns the ledger into ε.
    package var kind: AccountantKind

    /// An empty ledger read with `kind`.
    package init(kind: AccountantKind) { self.kind = kind }

    /// Records `steps` steps of the Poisson-subsampled Gaussian with rate `q` and multiplier `sigma`.
    package mutating func record(q: Double, sigma: Double, steps: Int) throws {
        try ledger.record(mechanism: SubsampledGaussian(q: q, sigma: sigma), steps: steps)
    }

    /// ε at `delta` of everything recorded.
    package func epsilon(delta: Double) throws -> Double {
        try ledger.epsilon(delta: delta, accountant: kind).epsilon
    }

    /// The factory that makes and restores these accountants for a plan's `accountant`.
    package static let factory = PrivacyAccountantFactory.codable(PrivacyModuleAccountant.self) { kind in
        PrivacyModuleAccountant(kind: kind == .pld ? .pld : .rdp)
    }
}
