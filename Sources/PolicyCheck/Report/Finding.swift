import Foundation
import KFLang

/// One result of a policy check: a diagnostic, the id of the rule that produced it, what it is
/// about, and the waiver that accepts it, if any.
package struct Finding: Sendable, Hashable {
    /// The diagnostic (code, severity, message, location, counterexample notes).
    package var diagnostic: Diagnostic
    /// The rule id (`client-isolation`, `image-pinned`, a jq rule's name).
    package var rule: String
    /// What the finding is about (an object's `Kind/ns/name` or an endpoint's name), for waiver scopes.
    package var subject: String
    /// The waiver that accepts this finding; waived findings are reported, never hidden.
    package var waiver: Waiver?

    /// Creates a value from its parts.
    package init(_ diagnostic: Diagnostic, rule: String, subject: String) {
        self.diagnostic = diagnostic
        self.rule = rule
        self.subject = subject
    }

    /// Whether the finding fails the run (an error that is not waived).
    package var isFailure: Bool { waiver == nil && diagnostic.severity == .error }

    /// The diagnostic as shown: a waived finding becomes a note saying why it is accepted.
    package var displayed: Diagnostic {
        guard let w = waiver else { return diagnostic }
        var d = diagnostic
        d.severity = .note
        d.message = "waived: " + d.message
        d.notes.append("waived (\(w.rule)) because \"\(w.reason)\"" + (w.location.map { " at \($0)" } ?? ""))
        return d
    }
}

/// `waive RULE [on "SUBJECT"] because "REASON"`: accepts the findings of one rule.
package struct Waiver: Sendable, Hashable {
    /// A rule id or a diagnostic code.
    package var rule: String
    /// Only findings whose subject contains this text (nil: all findings of the rule).
    package var scope: String?
    /// Why the findings are acceptable (never empty in a valid waiver).
    package var reason: String
    /// `path:line` of the waiver.
    package var location: String?
    /// Where the waiver is written, for diagnostics about it.
    package var span: Span?

    /// Creates a value from its parts.
    package init(rule: String, scope: String? = nil, reason: String, location: String? = nil, span: Span? = nil) {
        self.rule = rule
        self.scope = scope
        self.reason = reason
        self.location = location
        self.span = span
    }

    /// Whether the waiver accepts `f`. A `.kf` waiver names a rule as an identifier, so
    /// `read_only_root_filesystem` stands for the rule id `read-only-root-filesystem`.
    package func covers(_ f: Finding) -> Bool {
        let matches =
            f.rule == rule || f.diagnostic.code == rule || f.rule == rule.replacingOccurrences(of: "_", with: "-")
        return matches && (scope.map { f.subject.contains($0) } ?? true)
    }
}
