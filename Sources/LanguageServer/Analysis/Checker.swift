import Compiler
import KFLang
import PolicyCheck

/// What the server asks of the compiler and the policy pass for one document.
package struct CheckRequest: Sendable {
    /// The document's path (absolute): the root file, compiled as its own program.
    package var path: String
    /// The open documents' text by real path; read instead of the files on disk.
    package var overlay: [String: [UInt8]]
    /// True once a newer edit made the answer stale: the checker may stop early.
    package var isCancelled: @Sendable () -> Bool
}

/// What `kfc check` would report for one file, and what it computed.
package struct CheckOutcome: Sendable {
    /// Every file loaded (the root, its imports, the standard library modules it uses).
    package var sources: SourceManager
    /// Every diagnostic, proofs included, as `kfc check` reports them (before sorting).
    package var diagnostics: [Diagnostic]
    /// The deployment after the policy pass (`noise: auto` solved), when it compiled and its
    /// budgets were proved.
    package var deployment: IR.Deployment?
    /// What the pass proved (spends by federation and dataset), with the deployment.
    package var proof: PolicyPass.Result?

    /// Creates an outcome.
    package init(
        sources: SourceManager, diagnostics: [Diagnostic], deployment: IR.Deployment?, proof: PolicyPass.Result?
    ) {
        self.sources = sources
        self.diagnostics = diagnostics
        self.deployment = deployment
        self.proof = proof
    }
}

/// Compiles and proves one file the way `kfc check` does. The driver supplies it (the back ends
/// that build the objects the pass proves are the driver's to pass in), so the server runs the
/// very same path as the command line.
package typealias Checker = @Sendable (CheckRequest) -> CheckOutcome
