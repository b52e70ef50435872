import Backends
import KFLang
import PolicyCheck
import YAML

/// The YAML reader and the two commands that read YAML from others: `kfc verify` (manifests,
/// proved by every built-in check) and `kfc import` (an `FLDeployment` turned into `.kf`).
///
/// Holds for every input: no trap, every diagnostic well formed and inside the file, the
/// `.kf` text `kfc import` writes parses without errors (a hostile resource cannot inject
/// syntax), where the direct YAML reader reads the input, libyaml reads it too, into the
/// same documents (values, styles, marks), and where the plain composer reads values, the full
/// reader reads the same values.
enum YAMLTarget {
    static func run(_ bytes: [UInt8]) {
        _ = try? YAMLReader().values(from: bytes)
        if let plain = YAMLReader().valuesReadDirectly(from: bytes) {
            guard let full = try? YAMLReader().documents(from: bytes).map(\.root.value) else {
                FuzzCheck.fail("the plain YAML composer read a stream the full reader rejects")
            }
            if plain != full && "\(plain)" != "\(full)" {
                FuzzCheck.fail("the plain YAML composer and the full reader read different values")
            }
        }
        if let direct = try? YAMLReader().documentsReadDirectly(from: bytes) {
            guard let reference = try? YAMLReader().documentsWithLibYAML(from: bytes) else {
                FuzzCheck.fail("the direct YAML reader read a stream libyaml rejects")
            }
            // Descriptions, where == differs, so that a NaN equals itself.
            if direct != reference && "\(direct)" != "\(reference)" {
                FuzzCheck.fail("the direct YAML reader and libyaml read different documents")
            }
        }
        var sources = SourceManager()
        let id = sources.add(path: "fuzz.yaml", bytes: bytes)
        let sink = DiagnosticSink()
        let objects = ManifestLoader().load(sources[id], sink: sink)
        let result = Verifier.run(objects, options: Verifier.Options())
        let locator = FindingLocator(objects: objects, emittedFile: PolicyPass.emittedFile)
        sink.report(contentsOf: result.findings.map { locator.locate($0) { sources.span(at: $0) }.displayed })
        if let text = FLDeploymentImporter().importFile(sources[id], sink: sink) {
            var generated = SourceManager()
            let g = generated.add(path: "import.kf", text: text)
            let parsed = DiagnosticSink()
            _ = Parser.parse(generated[g], sink: parsed)
            if parsed.hasErrors {
                FuzzCheck.fail("kfc import wrote .kf that does not parse:\n\(text)\n\(parsed.sorted().map(\.message))")
            }
        }
        FuzzCheck.diagnostics(sink.sorted(), sources: sources)
    }
}
