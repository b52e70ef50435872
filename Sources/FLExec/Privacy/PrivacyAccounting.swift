import Foundation
import RunPlan

/// A privacy accountant for the Poisson-subsampled Gaussian mechanism, as the executor uses it.
///
/// The `Privacy` module's accountants conform (the lead wires them in); FLExec only records
/// what it spends and asks what that costs. Conformers are `Codable` so a client's ledger can
/// be persisted and restored across restarts.
package protocol PrivacyAccounting: Codable, Sendable {
    /// Composes `steps` applications of the Gaussian mechanism with noise multiplier `sigma`
    /// under Poisson sampling at rate `q` (q = 1: no subsampling). Throws rather than record
    /// less than was spent (e.g. for σ = 0, which no finite ε covers).
    mutating func record(q: Double, sigma: Double, steps: Int) throws
    /// The ε spent so far at `delta`.
    func epsilon(delta: Double) throws -> Double
}

/// Makes and restores accountants of the kind a plan names (`privacy.accountant`).
package struct PrivacyAccountantFactory: Sendable {
    /// A fresh accountant with nothing spent.
    package var make: @Sendable (PrivacySpec.Accountant) -> any PrivacyAccounting
    /// An accountant restored from a ledger file's bytes.
    package var restore: @Sendable (PrivacySpec.Accountant, Data) throws -> any PrivacyAccounting

    /// Creates a factory from two closures.
    package init(
        make: @escaping @Sendable (PrivacySpec.Accountant) -> any PrivacyAccounting,
        restore: @escaping @Sendable (PrivacySpec.Accountant, Data) throws -> any PrivacyAccounting
    ) {
        self.make = make
        self.restore = restore
    }

    /// A factory for one concrete accountant type, restored with `JSONDecoder`.
    package static func codable<A: PrivacyAccounting>(
        _ type: A.Type, make: @escaping @Sendable (PrivacySpec.Accountant) -> A
    ) -> PrivacyAccountantFactory {
        PrivacyAccountantFactory(
            make: { make($0) },
            restore: { _, data in try JSONDecoder().decode(A.self, from: data) })
    }
}
