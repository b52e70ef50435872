import KFLang

/// Translation validation for `kfc build`: reads the manifests the back ends emitted back through
/// the same reader and model as `kfc verify`, and proves them before anything is written.
///
/// The emitted text is not one of the user's sources, so findings come back as diagnostics
/// without a span, naming the emitted object and line in a note (and the `.kf` origin when the
/// object carries `kfc.dev/source`). Waived and non-error findings are dropped: only a failed
/// proof or an error rule stops a build.
package enum TranslationValidator {
    /// The errors `kfc verify` would report on `yaml` (one multi-document stream).
    package static func validate(yaml: [UInt8], strict: Bool = false) -> [Diagnostic] {
        var sources = SourceManager()
        let id = sources.add(path: "<emitted>", bytes: yaml)
        let sink = DiagnosticSink()
        let objects = ManifestLoader().load(sources[id], sink: sink)
        var options = Verifier.Options()
        options.strict = strict
        let result = Verifier.verify(objects, options: options, loadDiagnostics: sink.diagnostics)
        return result.findings.filter(\.isFailure).map { f in
            var d = f.diagnostic
            if let span = d.primary?.span {
                d.notes.insert("in the emitted manifests, line \(span.line) (\(f.subject.isEmpty ? f.rule : f.subject))", at: 0)
            }
            d.primary = nil
            d.secondary = []
            d.notes.append("kfc build proves its own output before writing it; this is a bug in kfc or a hand-made change to its inputs")
            return d
        }
    }
}
