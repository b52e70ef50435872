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
        /// What the checks read (the model, the federations, the storage violations), for the
        /// requirements to reuse.
        package var context: CheckContext
        /// The findings of `run`'s `alongside` proofs.
        package var alongside: [Finding] = []
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
    /// policy pass (`PolicyPass` adds requirements, waivers and `.kf` locations). `alongside`
    /// is more proofs on the same context, run at the same time as the checks (the pass's
    /// requirements); their findings are returned apart.
    package static func run(
        _ objects: [ManifestObject], options: Options, alongside: (@Sendable (CheckContext) -> [Finding])? = nil
    ) -> Result {
        // The storage and duplicate checks read only the objects: they run while the model is
        // built (together about as long). The others, the security rules included, only read
        // the context: they run on every core, the longest first. Findings are gathered in the
        // order of `modelChecks`.
        let early = Concurrently.Background {
            (storage: StorageIsolation.violations(in: objects), duplicates: DuplicateObjectCheck.run(objects: objects))
        }
        let model = NetworkModel(objects: objects)
        let known = early.wait()
        let ctx = CheckContext(
            model: model, strict: options.strict, maxExamples: options.maxExamples, storage: known.storage)
        var checks: [String] = []
        for c in modelChecks { checks.append(c.id) }
        let ids = checks
        // The `alongside` proofs are the last piece, started first.
        let longest = [SecurityCheck.id, ClientLivenessCheck.id, ClientIsolationCheck.id]
        let first = [ids.count] + longest.compactMap { ids.firstIndex(of: $0) }
        var pieces = Concurrently.map(ids.count + 1, first: first) { i -> [Finding] in
            if i == ids.count { return alongside?(ctx) ?? [] }
            switch ids[i] {
            case StorageIsolationCheck.id: return known.storage.map(\.finding)
            case DuplicateObjectCheck.id: return known.duplicates
            default: return runCheck(i, ctx)
            }
        }
        let alongsideFindings = pieces.removeLast()
        var findings = pieces.flatMap { $0 }
        if !options.jqRules.isEmpty {
            let json = JQRuleCheck.input(objects)
            for r in options.jqRules {
                checks.append(r.name)
                findings += r.run(json: json)
            }
        }
        return Result(model: model, findings: findings, checks: checks, context: ctx, alongside: alongsideFindings)
    }

    /// The findings of the `i`th model check.
    private static func runCheck(_ i: Int, _ ctx: CheckContext) -> [Finding] {
        let check = modelChecks[i]
        return check.run(ctx)
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
