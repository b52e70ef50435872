import KFLang

/// Runs every model check and jq rule over a set of manifests; `PolicyPass` is its only caller.
package enum Verifier {
    /// What a verification needs besides the objects.
    package struct Options: Sendable {
        /// Single-layer protection is an error.
        package var strict = false
        /// Custom jq rules.
        package var jqRules: [JQRuleCheck] = []
        /// Counterexamples shown per proof and kind.
        package var maxExamples = 5
        /// Creates a value from its parts.
        package init() {}
    }

    /// The model and the report of one verification.
    package struct Result: Sendable {
        /// The network model.
        package var model: NetworkModel
        /// The findings, sorted.
        package var findings: [Finding]
        /// Ids of the checks that ran.
        package var checks: [String]
    }

    /// Every model check, in the order they run.
    package static var modelChecks: [any ModelCheck.Type] {
        [
            DuplicateObjectCheck.self, SubnetBindingCheck.self, MultiHomedPodCheck.self, FederationRolesCheck.self,
            ClientLivenessCheck.self, ClientIsolationCheck.self, InternetEgressCheck.self, NamespaceIsolationCheck.self,
            NetworkPolicyCoverageRule.self, StorageIsolationCheck.self, SecurityCheck.self, SubnetACLCheck.self,
            APIValidationCheck.self,
        ]
    }

    /// Builds the model of `objects` and runs the checks and jq rules: the manifest half of the
    /// policy pass (`PolicyPass` adds requirements, waivers and `.kf` locations).
    package static func run(_ objects: [ManifestObject], options: Options) -> Result {
        let model = NetworkModel(objects: objects)
        let ctx = CheckContext(model: model, strict: options.strict, maxExamples: options.maxExamples)
        var findings: [Finding] = []
        var checks: [String] = []
        for c in modelChecks {
            checks.append(c.id)
            findings += c.run(ctx)
        }
        if !options.jqRules.isEmpty {
            let json = JQRuleCheck.input(objects)
            for r in options.jqRules {
                checks.append(r.name)
                findings += r.run(json: json)
            }
        }
        return Result(model: model, findings: findings, checks: checks)
    }

    /// Marks findings the waivers cover; an unused waiver is a KF3201 warning.
    package static func applyWaivers(_ waivers: [Waiver], to findings: [Finding]) -> [Finding] {
        var used = Array(repeating: false, count: waivers.count)
        var out = findings.map { f -> Finding in
            var f = f
            if let i = waivers.firstIndex(where: { $0.covers(f) }) {
                f.waiver = waivers[i]
                used[i] = true
            }
            return f
        }
        for (i, w) in waivers.enumerated() where !used[i] {
            if let span = w.span {
                out.append(Finding(.unusedWaiver(w.rule, at: span), rule: "waiver", subject: w.rule))
            }
        }
        return out
    }
}
