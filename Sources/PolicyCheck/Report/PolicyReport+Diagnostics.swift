import KFLang

/// Reports of the commands that compile `.kf` files (`kfc check`, `kfc build`): their
/// diagnostics become findings, so every report format has one renderer.
extension PolicyReport {
    /// A report of a compiler run: each diagnostic is a finding whose rule is the stage its code
    /// belongs to (`source`, `types`, …) and whose subject is its file; each of `inputs` (the
    /// files checked) that no finding points into is a passing check.
    package init(diagnostics: [Diagnostic], inputs: [String], sources: SourceManager) {
        let findings = diagnostics.map { d in
            Finding(d, rule: Self.stage(of: d.code), subject: d.primary.map { sources[$0.span.file].path } ?? "")
        }
        let touched = Set(findings.map(\.subject))
        self.init(findings: findings, checks: inputs.filter { !touched.contains($0) }, sources: sources)
    }

    /// The stage a code belongs to, by its block (`KF1xxx` names and types, …): the rule name of
    /// a compiler diagnostic in SARIF, JUnit and GitHub reports.
    package static func stage(of code: String) -> String {
        let digits = code.dropFirst(2)
        switch digits.first {
        case "0": return "source"
        case "1": return "types"
        case "2": return "evaluation"
        case "3": return "policy"
        case "4": return "rules"
        case "5": return "backends"
        default: return "internal"
        }
    }
}
