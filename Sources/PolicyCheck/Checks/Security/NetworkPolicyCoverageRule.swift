import KFLang

/// Every pod must be isolated by NetworkPolicies for ingress and egress.
///
/// Fails when: no NetworkPolicy selects a pod for ingress, or none for egress; the pod then
/// relies on KubeOVN alone (or on nothing).
package enum NetworkPolicyCoverageRule: ModelCheck {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "network-policy-coverage", code: "KF3100", severity: .warning,
        help: "add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) to the namespace")
    /// The rule id.
    package static let id = rule.id

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        let m = ctx.model
        return m.endpoints.compactMap { e in
            guard e.kind == .pod, !e.hostNetwork else { return nil }
            let missing = [
                m.ingressPolicies[e.id].isEmpty ? "ingress" : nil, m.egressPolicies[e.id].isEmpty ? "egress" : nil,
            ].compactMap { $0 }
            guard !missing.isEmpty else { return nil }
            let d = Diagnostic.securityRule(
                rule, message: "no NetworkPolicy isolates \(missing.joined(separator: " or ")) of '\(e.name)'",
                at: ctx.span(of: e))
            return Finding(d, rule: id, subject: ctx.subject(e))
        }
    }
}
