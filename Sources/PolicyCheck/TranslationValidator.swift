import Compiler
import KFLang
import YAML

/// Translation validation for `kfc build`: reads the manifests the back ends emitted back through
/// the same reader and model as `kfc verify`, and proves them before anything is written; the
/// `policy` blocks' jq rules run on them too, and their waivers apply.
///
/// The emitted text is not one of the user's sources, so findings about it come back without a
/// span, naming the emitted object and line in a note (and the `.kf` origin when the object
/// carries `kfc.dev/source`); jq rule findings and unused waivers point at their `.kf` lines.
/// Only failures (unwaived errors) and unused waivers are returned.
package enum TranslationValidator {
    /// The errors `kfc verify` would report on `yaml` (one multi-document stream), with the jq
    /// rules and waivers of `policy`; `locate` maps `.kf` origins to spans.
    package static func validate(
        yaml: [UInt8], policy: IR.Policy = IR.Policy(), strict: Bool = false,
        locate: (IR.Origin) -> Span? = { _ in nil }
    ) -> [Diagnostic] {
        var sources = SourceManager()
        let id = sources.add(path: "<emitted>", bytes: yaml)
        let sink = DiagnosticSink()
        let objects = ManifestLoader().load(sources[id], sink: sink)
        return validate(
            objects, file: id, policy: policy, strict: strict, locate: locate, loadDiagnostics: sink.diagnostics)
    }

    /// The same, for the objects a back end built (no YAML round trip: positions are unknown and
    /// findings name the object instead).
    package static func validate(
        objects values: [YAMLNode], policy: IR.Policy = IR.Policy(), strict: Bool = false,
        locate: (IR.Origin) -> Span? = { _ in nil }
    ) -> [Diagnostic] {
        let id = FileID(UInt32.max - 1)
        let objects = values.map { ManifestObject(file: id, path: "<emitted>", value: $0) }
        return validate(objects, file: id, policy: policy, strict: strict, locate: locate, loadDiagnostics: [])
    }

    private static func validate(
        _ objects: [ManifestObject], file id: FileID, policy: IR.Policy, strict: Bool,
        locate: (IR.Origin) -> Span?, loadDiagnostics: [Diagnostic]
    ) -> [Diagnostic] {
        var options = Verifier.Options()
        options.strict = strict
        for r in policy.rules where r.on == "manifests" {
            let span =
                locate(r.origin)
                ?? Span(file: FileID(UInt32.max), start: 0, end: 0, line: r.origin.line, column: r.origin.column)
            options.jqRules.append(JQRuleCheck(name: r.name, program: r.jq, span: span))
        }
        options.waivers = policy.waivers.map { w in
            Waiver(
                rule: w.rule, reason: w.reason, location: "\(w.origin.file):\(w.origin.line)", span: locate(w.origin))
        }
        let result = Verifier.verify(objects, options: options, loadDiagnostics: loadDiagnostics)
        return result.findings.filter { $0.isFailure || $0.diagnostic.code == "KF3201" }.map { f in
            var d = f.diagnostic
            // Spans into the user's sources (jq rules, waivers) stay; spans into the emitted text go.
            if let span = d.primary?.span, span.file == id {
                let at = id.raw == UInt32.max - 1 ? "" : ", line \(span.line)"
                d.notes.insert("in the emitted manifests\(at) (\(f.subject.isEmpty ? f.rule : f.subject))", at: 0)
                d.primary = nil
                d.notes.append(
                    "kfc build proves its own output before writing it; this is a bug in kfc or a hand-made change to its inputs"
                )
            } else if let span = d.primary?.span, span.file.raw == UInt32.max {
                d.primary = nil
            }
            d.secondary = d.secondary.filter { $0.span.file != id && $0.span.file.raw != UInt32.max }
            return d
        }
    }
}
