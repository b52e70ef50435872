import Compiler
import KFLang
import YAML

/// The policy pass: the one entry point through which every command proves a deployment.
///
/// `prove` takes a compiled deployment and proves, in order: the privacy budgets (solving
/// `noise: auto`), placement, then — on the objects the back ends would emit for both layers,
/// built in memory and written nowhere — every built-in network and security check, the jq
/// rules, and every `require` of the policy blocks. `verify` runs the same checks on manifests
/// read from files, and with a deployment (`kfc verify --against`) its requirements too. Both
/// apply the waivers and locate every finding at a `.kf` line where one is known
/// (`FindingLocator`), so `kfc check`, `kfc build` and `kfc verify` of the build's output report
/// the same findings.
package enum PolicyPass {
    /// What a run of the pass needs besides the deployment or the objects.
    package struct Options: Sendable {
        /// Single-layer protection is an error (`--strict`).
        package var strict = false
        /// Counterexamples shown per proof and kind.
        package var maxExamples = 5
        /// Waivers from files (the policy blocks' own waivers are added by the pass).
        package var waivers: [Waiver] = []
        /// Rules from `--policy` files over the manifests (the policy blocks' rules are added by the pass).
        package var jqRules: [JQRuleCheck] = []
        /// Creates default options.
        package init() {}
    }

    /// What the pass proved.
    package struct Result: Sendable {
        /// The deployment with `noise: auto` solved (nil for manifests without a deployment).
        package var deployment: IR.Deployment?
        /// Every finding, sorted, waivers applied.
        package var findings: [Finding]
        /// Ids of the checks that ran.
        package var checks: [String]
        /// The network model the proofs ran on.
        package var model: NetworkModel
        /// The objects the back ends emitted for both layers (empty for `verify`).
        package var emitted: [YAMLNode]
        /// ε spent by each federation (its worst client), at its δ (empty for `verify`).
        package var federationEpsilon: [String: Double] = [:]
        /// ε spent on each dataset with a budget, composed over every federation (empty for `verify`).
        package var datasetEpsilon: [String: Double] = [:]
        /// Whether any finding fails the run (an unwaived error).
        package var failed: Bool { findings.contains(where: \.isFailure) }
    }

    /// The file id of objects built in memory: they have no text, so positions in it are meaningless.
    package static let emittedFile = FileID(UInt32.max - 1)

    /// Proves a compiled deployment. `emit` builds the objects the back ends would emit for
    /// both layers (the driver passes the back ends in: PolicyCheck never emits); its
    /// diagnostics are findings too. Its `Bool` says whether a jq rule reads the manifests:
    /// then every object must be complete; otherwise the back ends may leave out what no proof
    /// reads (the run plans in the plan ConfigMaps), never an object. `locate` turns `.kf`
    /// locations into spans.
    ///
    /// `emitReadsNoise` says whether what `emit` builds is kept for output (`kfc build`): then
    /// it is emitted from the deployment the budget proof solved, after the proof. Otherwise,
    /// unless a jq rule reads the manifests, it is emitted from the deployment as compiled while
    /// the budgets are proved: without the plans, the objects the proofs read do not depend on
    /// the noise the proof solves (`ExamplesTests` compares both emissions for every example).
    package static func prove(
        _ d: IR.Deployment, options: Options = Options(), emitReadsNoise: Bool = true,
        locate: @escaping @Sendable (SourceLocation) -> Span?,
        emit: (IR.Deployment, _ rulesReadManifests: Bool, DiagnosticSink) -> [YAMLNode]
    ) -> Result {
        let irLocate: @Sendable (IR.Origin) -> Span? = { locate($0.location) }
        let sink = DiagnosticSink()
        let rulesReadManifests = !options.jqRules.isEmpty || d.policy.rules.contains { $0.on == "manifests" }
        // Placement reads the deployment but never its noise: it is proved while the back ends emit.
        let placement = Concurrently.Background {
            PlacementCheck.check(d, locate: irLocate) + DatasetIdentityCheck.check(d, locate: irLocate)
        }
        let unsolved = !emitReadsNoise && !rulesReadManifests
        let budget: PrivacyBudgetCheck.Result
        let emitted: [YAMLNode]
        if unsolved {
            let proving = Concurrently.Background { PrivacyBudgetCheck.prove(d, locate: irLocate) }
            emitted = emit(d, false, sink)
            budget = proving.wait()
        } else {
            budget = PrivacyBudgetCheck.prove(d, locate: irLocate)
            emitted = emit(budget.deployment, rulesReadManifests, sink)
        }
        var findings = budget.diagnostics.map { Finding($0, rule: "privacy-budget", subject: $0.message) }
        findings += placement.wait().map { Finding($0, rule: "placement", subject: $0.message) }
        let budgetFailed = budget.diagnostics.contains { $0.severity == .error }
        // A plan whose noise the failed proof could not solve says so (KF5005); that is the
        // budget error again, not news. Objects emitted before the proof have no plans and are
        // never written: their unsolved noise is not news either.
        findings += sink.diagnostics.filter { !(budgetFailed || unsolved) || $0.code != "KF5005" }.map {
            Finding($0, rule: "backend", subject: $0.message)
        }
        let objects = Concurrently.map(emitted, minimumRun: 2048) {
            ManifestObject(file: emittedFile, path: "<emitted>", value: $0)
        }
        let verified = verify(objects, against: budget.deployment, options: options, findings: findings, locate: locate)
        let proved = budgetFailed ? nil : budget.deployment
        return Result(
            deployment: proved, findings: verified.findings, checks: verified.checks, model: verified.model,
            emitted: emitted, federationEpsilon: budget.federationEpsilon, datasetEpsilon: budget.datasetEpsilon)
    }

    /// A policy block's jq rule, located at its `.kf` line (a placeholder span keeps the line
    /// when the file is not loaded).
    private static func check(_ r: IR.Rule, _ locate: (SourceLocation) -> Span?) -> JQRuleCheck {
        let span =
            locate(r.origin.location)
            ?? Span(file: FileID(UInt32.max), start: 0, end: 0, line: r.origin.line, column: r.origin.column)
        return JQRuleCheck(name: r.name, program: r.jq, span: span)
    }

    /// Proves manifests read from files (or built in memory); with `deployment`, also its
    /// requirements, rules and waivers. `findings` are earlier findings (reading the files, the
    /// budget), reported as they are; `waivable` ones (drift) are subject to the waivers.
    package static func verify(
        _ objects: [ManifestObject], against deployment: IR.Deployment?, options: Options = Options(),
        findings earlier: [Finding] = [], waivable: [Finding] = [], locate: (SourceLocation) -> Span?
    ) -> Result {
        var verifierOptions = Verifier.Options()
        verifierOptions.strict = options.strict
        verifierOptions.maxExamples = options.maxExamples
        verifierOptions.jqRules = options.jqRules
        var waivers = options.waivers
        if let d = deployment {
            for r in d.policy.rules where r.on == "manifests" { verifierOptions.jqRules.append(check(r, locate)) }
            waivers += d.policy.waivers.map { w in
                Waiver(
                    rule: w.rule, reason: w.reason, location: "\(w.origin.file):\(w.origin.line)",
                    span: locate(w.origin.location))
            }
        }
        // The requirements are proved on the checks' context while the checks run; their `.kf`
        // locations are looked up first, since `locate` stays on this thread.
        var requirements: (@Sendable (CheckContext) -> [Finding])?
        if let d = deployment {
            var spans: [SourceLocation: Span] = [:]
            for r in d.policy.requirements { spans[r.origin.location] = locate(r.origin.location) }
            let located = spans
            requirements = { ctx in RequirementCheck.run(d, ctx: ctx) { located[$0] } }
        }
        let core = Verifier.run(objects, options: verifierOptions, alongside: requirements)
        let locator = FindingLocator(objects: objects, emittedFile: emittedFile)
        var checks = core.checks
        let place = { (f: Finding) in locator.locate(f, locate) }
        // Waivers accept findings of the network, security and jq checks; a budget, placement or
        // requirement that fails is never waived (remove the requirement instead).
        var findings = earlier.map(place) + Verifier.applyWaivers(waivers, to: (waivable + core.findings).map(place))
        if let d = deployment {
            let irRules = d.policy.rules.filter { $0.on == "ir" }
            if !irRules.isEmpty {
                let json = d.jsonText(pretty: false)
                for r in irRules {
                    checks.append(r.name)
                    findings += check(r, locate).run(json: json).map(place)
                }
            }
            findings += core.alongside
            checks.append(RequirementCheck.id)
        }
        return Result(
            deployment: deployment, findings: findings, checks: checks, model: core.model, emitted: [])
    }
}
