import Foundation
import KFLang

/// SARIF 2.1.0 rendering: one run of the `kfc` tool, one rule per diagnostic code, one result
/// per finding; waived findings carry an external suppression with the waiver's reason.
extension PolicyReport {
    /// The SARIF log as JSON text.
    package func sarif(toolVersion: String) -> String {
        struct Log: Encodable {
            var version = "2.1.0"
            var schema = "https://json.schemastore.org/sarif-2.1.0.json"
            var runs: [Run]
            enum CodingKeys: String, CodingKey { case version, schema = "$schema", runs }
        }
        struct Run: Encodable { var tool: Tool; var results: [Result] }
        struct Tool: Encodable { var driver: Driver }
        struct Driver: Encodable {
            var name = "kfc"
            var version: String
            var informationUri = "https://kfc.dev/docs/diagnostics"
            var rules: [Rule]
        }
        struct Rule: Encodable {
            var id: String
            var name: String
            var shortDescription: Text
            var helpUri: String
            var defaultConfiguration: Config
        }
        struct Config: Encodable { var level: String }
        struct Text: Encodable { var text: String }
        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int
            var level: String
            var message: Text
            var locations: [Location]
            var suppressions: [Suppression]?
        }
        struct Location: Encodable { var physicalLocation: Physical }
        struct Physical: Encodable { var artifactLocation: Artifact; var region: Region }
        struct Artifact: Encodable { var uri: String }
        struct Region: Encodable { var startLine: Int; var startColumn: Int }
        struct Suppression: Encodable { var kind = "external"; var justification: String }

        func level(_ s: Severity) -> String { s == .error ? "error" : s == .warning ? "warning" : "note" }
        var ruleIndex: [String: Int] = [:]
        var rules: [Rule] = []
        for f in findings.sorted(by: { $0.diagnostic.code < $1.diagnostic.code })
        where ruleIndex[f.diagnostic.code] == nil {
            ruleIndex[f.diagnostic.code] = rules.count
            rules.append(
                Rule(
                    id: f.diagnostic.code, name: f.rule, shortDescription: Text(text: f.rule),
                    helpUri: "docs/diagnostics/\(f.diagnostic.code).md",
                    defaultConfiguration: Config(level: level(f.diagnostic.severity))))
        }
        let results = findings.map { f in
            var text = f.diagnostic.message
            for n in f.diagnostic.notes { text += "\n" + n }
            let locs =
                location(f).map {
                    [
                        Location(
                            physicalLocation: Physical(
                                artifactLocation: Artifact(uri: $0.path),
                                region: Region(startLine: $0.line, startColumn: $0.column)))
                    ]
                } ?? []
            return Result(
                ruleId: f.diagnostic.code, ruleIndex: ruleIndex[f.diagnostic.code]!,
                level: level(f.diagnostic.severity),
                message: Text(text: text), locations: locs,
                suppressions: f.waiver.map { [Suppression(justification: $0.reason)] })
        }
        return Self.encode(
            Log(runs: [Run(tool: Tool(driver: Driver(version: toolVersion, rules: rules)), results: results)]))
    }
}
