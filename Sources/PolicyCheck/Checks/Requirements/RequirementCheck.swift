import Compiler
import KFLang

/// Proves the `require`s of the policy blocks on the network model of the manifests: the
/// built-in properties hold for everything, a requirement for its subjects, with a stricter
/// meaning where the policy asks for more (`no_internet` whatever egress the file declares).
///
/// Fails when: a requirement does not hold (KF3060, with a counterexample), or cannot be proved
/// because its subjects have no pods in the manifests or its predicate is unknown (KF3061).
/// `budget(…) <= b` is proved by `PrivacyBudgetCheck` (KF3032).
package enum RequirementCheck {
    /// The rule id.
    package static let id = "requirement"

    /// The findings of every requirement of `d` on `ctx`'s model.
    package static func run(_ d: IR.Deployment, ctx: CheckContext, locate: (SourceLocation) -> Span?) -> [Finding] {
        let subjects = RequirementSubjects(ir: d)
        var out: [Finding] = []
        for r in d.policy.requirements where r.kind != "budget" {
            let text = "\(r.kind)(\(r.subjects.joined(separator: ", ")))"
            let at = locate(r.origin.location)
            func finding(_ diag: Diagnostic) -> Finding {
                var diag = diag
                if at == nil { diag.location = r.origin.location }
                return Finding(diag, rule: id, subject: text)
            }
            let (pods, missing) = subjects.endpoints(r.subjects, in: ctx.model)
            if !missing.isEmpty {
                out.append(
                    finding(
                        .requirementUnprovable(
                            text, reason: "no pod of '\(missing.joined(separator: "', '"))' is in the manifests",
                            at: at)))
                continue
            }
            let counterexamples: [Counterexample.Case]
            switch r.kind {
            case "isolated": counterexamples = IsolatedRequirement.counterexamples(pods, ctx: ctx)
            case "no_internet": counterexamples = NoInternetRequirement.counterexamples(pods, ctx: ctx)
            case "dataset_local": counterexamples = DatasetLocalRequirement.counterexamples(subjects, r, ctx: ctx)
            default:
                out.append(finding(.requirementUnprovable(text, reason: "kfc does not know this predicate", at: at)))
                continue
            }
            guard !counterexamples.isEmpty else { continue }
            var diag = Diagnostic.requirementFails(text, at: at)
            for c in counterexamples.prefix(ctx.maxExamples) {
                diag.notes.append("counterexample: \(c.summary)")
                diag.notes += c.details.map { "  \($0)" }
            }
            if counterexamples.count > ctx.maxExamples {
                diag.notes.append("and \(counterexamples.count - ctx.maxExamples) more")
            }
            if let help = counterexamples.first?.help { diag.helps.append(help) }
            out.append(finding(diag))
        }
        return out
    }
}
