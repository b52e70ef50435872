import Foundation
import KFLang

@testable import PolicyCheck

/// Loads manifests for tests: inline YAML or fixture files, through the real loader.
enum TestSupport {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The text of a fixture file.
    static func fixture(_ name: String) -> String {
        (try? String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    /// Every `.yaml` of a fixture folder, sorted, as (name, text).
    static func folder(_ name: String) -> [(String, String)] {
        let dir = fixtures.appendingPathComponent(name)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
            $0.hasSuffix(".yaml")
        }.sorted()
        return files.map { ("\(name)/\($0)", fixture("\(name)/\($0)")) }
    }

    /// Objects of the given files, with the sources and load diagnostics.
    static func load(_ files: [(String, String)]) -> (
        objects: [ManifestObject], sources: SourceManager, diagnostics: [Diagnostic]
    ) {
        var sources = SourceManager()
        let sink = DiagnosticSink()
        var objects: [ManifestObject] = []
        for (name, text) in files {
            let id = sources.add(path: name, text: text)
            objects += ManifestLoader().load(sources[id], sink: sink)
        }
        return (objects, sources, sink.diagnostics)
    }

    /// The model of inline YAML.
    static func model(_ yaml: String) -> NetworkModel { NetworkModel(objects: load([("test.yaml", yaml)]).objects) }

    /// Verifies files and returns the report.
    static func verify(
        _ files: [(String, String)], strict: Bool = false, waivers: [Waiver] = [],
        jq: [JQRuleCheck] = []
    ) -> PolicyReport {
        let (objects, sources, diags) = load(files)
        var o = PolicyPass.Options()
        o.strict = strict
        o.waivers = waivers
        o.jqRules = jq
        let read = diags.map { Finding($0, rule: "manifest", subject: "") }
        let r = PolicyPass.verify(objects, against: nil, options: o, findings: read) { sources.span(at: $0) }
        return PolicyReport(findings: r.findings, checks: r.checks, sources: sources)
    }

    /// The endpoint named `name` (prefix match on `namespace/name`).
    static func endpoint(_ m: NetworkModel, _ name: String) -> Int {
        m.endpoints.first { $0.name == name || $0.name.hasPrefix(name + " ") }!.id
    }
}

extension PolicyReport {
    /// Codes of unwaived findings, sorted.
    var codes: [String] { findings.filter { $0.waiver == nil }.map(\.diagnostic.code).sorted() }
    /// Whether the run fails.
    var fails: Bool { errorCount > 0 }
    /// Every message and note, for substring checks.
    var text: String {
        findings.map { ([$0.diagnostic.message] + $0.diagnostic.notes).joined(separator: "\n") }.joined(separator: "\n")
    }
}
