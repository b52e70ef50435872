import KFLang

/// Runs every built-in workload rule over every workload of the manifests.
///
/// Fails when: any `WorkloadRule` reports a violation (codes KF3101–KF3110).
package enum SecurityCheck: ModelCheck {
    /// The rule id.
    package static let id = "security"
    static var rules: [any WorkloadRule.Type] {
        [
            RunAsNonRootRule.self, NoPrivilegeEscalationRule.self, ReadOnlyRootFilesystemRule.self,
            DropCapabilitiesRule.self,
            SeccompProfileRule.self, ResourceLimitsRule.self, ImagePinnedRule.self, NoHostNamespacesRule.self,
            NoHostPathRule.self, InsecureTransportRule.self,
        ]
    }

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] { run(objects: ctx.model.objects) }

    /// The findings over `objects` (the check reads nothing else, so it can run before the
    /// model is built).
    static func run(objects: [ManifestObject]) -> [Finding] {
        var out: [Finding] = []
        for o in objects {
            guard let w = WorkloadContext(o) else { continue }
            for r in rules {
                for v in r.check(w) {
                    let d = Diagnostic.securityRule(r.rule, message: v.message, at: o.span(at: v.path))
                    out.append(Finding(d, rule: r.rule.id, subject: o.displayName))
                }
            }
        }
        return out
    }
}
