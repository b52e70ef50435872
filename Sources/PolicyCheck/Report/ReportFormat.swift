/// The formats a policy report can be written in.
package enum ReportFormat: String, Sendable, CaseIterable {
    /// Human diagnostics on stderr.
    case text
    /// One JSON document on stdout.
    case json
    /// SARIF 2.1.0 for code scanning.
    case sarif
    /// JUnit XML for CI test tabs.
    case junit
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    case github
}
