import Foundation
import Privacy
import Testing

@testable import Compiler

/// The IR that `kfc build --emit ir` prints matches `docs/ir.schema.json`: every key is declared,
/// every required key is present and every value has the declared JSON type. A small validator
/// for the subset of JSON Schema the file uses (`$ref`, `type`, `properties`, `required`,
/// `additionalProperties`, `items`, `enum`, `const`, `pattern`, `anyOf`).
@Suite struct IRSchemaTests {
    static func loadSchema() -> [String: Any] {
        let url = CompileHelper.root.appendingPathComponent("docs/ir.schema.json")
        let data = (try? Data(contentsOf: url)) ?? Data("{}".utf8)
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    let schema = IRSchemaTests.loadSchema()

    @Test(arguments: ["kubeflower", "multi-site", "policy", "flower"])
    func exampleIRMatchesTheSchema(_ example: String) throws {
        let path = CompileHelper.root.appendingPathComponent("examples/\(example)/topology.kf").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (result, diags) = CompileHelper.compile(text)
        #expect(!diags.contains { $0.severity == .error })
        let ir = try #require(result.deployment).jsonText()
        let json = try JSONSerialization.jsonObject(with: Data(ir.utf8))
        var problems: [String] = []
        validate(json, against: schema, at: "$", problems: &problems)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    /// The schema's allowed privacy units, accountants, model and strategy kinds and data
    /// formats are the types' names, and its scaling pattern admits exactly the forms
    /// `IR.Scaling` decodes.
    @Test func schemaEnumsAreTheTypesNames() throws {
        let defs = try #require(schema["$defs"] as? [String: Any])
        func kinds(_ def: String) -> [String]? {
            (((defs[def] as? [String: Any])?["properties"] as? [String: Any])?["kind"] as? [String: Any])?["enum"]
                as? [String]
        }
        #expect(kinds("model") == IR.ModelKind.names)
        #expect(kinds("strategy") == IR.StrategyKind.names)
        let datasets = try #require((schema["properties"] as? [String: Any])?["datasets"] as? [String: Any])
        let dataset = try #require((datasets["items"] as? [String: Any])?["properties"] as? [String: Any])
        #expect((dataset["format"] as? [String: Any])?["enum"] as? [String] == IR.DataFormat.names)
        let pattern = try #require((dataset["scaling"] as? [String: Any])?["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        for text in [
            "none", "minmax", "standardize", "divide:16", "divide:2.5", "divide:0", "divide:", "zscore", "",
            "affine:0.0625,-0.5", "affine:2,0", "affine:0,1", "affine:1", "affine:1,2,3", "affine:1,x",
        ] {
            let matches = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            // The pattern is the schema's coarse form; `divide:0` matches it but does not decode.
            if IR.Scaling(text) != nil { #expect(matches, "\(text)") }
            if !matches { #expect(IR.Scaling(text) == nil, "\(text)") }
        }
        let privacy = try #require((defs["privacy"] as? [String: Any])?["properties"] as? [String: Any])
        let units = (privacy["unit"] as? [String: Any])?["enum"] as? [String]
        let accountants = (privacy["accountant"] as? [String: Any])?["enum"] as? [String]
        // A privacy block never has unit `none` (that is a plan without DP).
        #expect(units == PrivacyUnit.names.filter { $0 != "none" })
        #expect(accountants == AccountantKind.names)
        #expect((privacy["evaluation"] as? [String: Any])?["enum"] as? [String] == EvaluationRelease.names)
    }

    /// An IR with a privacy unit or an accountant outside the allowed names does not decode,
    /// and the error names the allowed ones.
    @Test(arguments: [
        (
            "\"accountant\" : \"pld\"", "\"accountant\" : \"renyi\"",
            "unknown accountant 'renyi' (allowed: 'rdp', 'pld')"
        ),
        (
            "\"evaluation\" : \"withheld\"", "\"evaluation\" : \"leaked\"",
            "unknown evaluation release 'leaked' (allowed: 'withheld', 'charged')"
        ),
        (
            "\"unit\" : \"example\"", "\"unit\" : \"record\"",
            "unknown privacy unit 'record' (allowed: 'none', 'example', 'client')"
        ),
        (
            "\"kind\" : \"logistic_regression\"", "\"kind\" : \"cnn\"",
            "unknown model kind 'cnn' (allowed: 'logistic_regression', 'mlp')"
        ),
        (
            "\"kind\" : \"fedavg\"", "\"kind\" : \"fedsgd\"",
            "unknown strategy 'fedsgd' (allowed: 'fedavg', 'fedprox', 'fedadam', 'fedyogi', 'fedadagrad', "
                + "'fedmedian', 'trimmed_mean', 'krum', 'multikrum')"
        ),
        (
            "\"format\" : \"csv\"", "\"format\" : \"tfrecord\"",
            "unknown data format 'tfrecord' (allowed: 'csv', 'parquet')"
        ),
        (
            "\"scaling\" : \"affine:0.0625,-0.25\"", "\"scaling\" : \"divide:0\"",
            "unknown scaling 'divide:0' (allowed: 'none', 'divide:<positive number>', 'affine:<scale>,<shift>', 'minmax', 'standardize')"
        ),
        (
            "\"scaling\" : \"affine:0.0625,-0.25\"", "\"scaling\" : \"zscore\"",
            "unknown scaling 'zscore' (allowed: 'none', 'divide:<positive number>', 'affine:<scale>,<shift>', 'minmax', 'standardize')"
        ),
    ])
    func unknownEnumValuesAreRejectedWithTheAllowedOnes(_ from: String, _ to: String, _ message: String) throws {
        let path = CompileHelper.root.appendingPathComponent("examples/digits-dp/topology.kf").path
        let (result, diags) = CompileHelper.compile(try String(contentsOfFile: path, encoding: .utf8))
        #expect(!diags.contains { $0.severity == .error })
        let ir = try #require(result.deployment).jsonText()
        #expect(ir.contains(from))
        #expect(throws: Never.self) { try JSONDecoder().decode(IR.Deployment.self, from: Data(ir.utf8)) }
        do {
            _ = try JSONDecoder().decode(
                IR.Deployment.self, from: Data(ir.replacingOccurrences(of: from, with: to).utf8))
            Issue.record("an unknown value decoded")
        } catch DecodingError.dataCorrupted(let c) {
            #expect(c.debugDescription == message)
        }
    }

    /// `evaluation:` lowers to the IR's privacy (default `withheld`), and an IR without it does not
    /// decode: the field is required, never defaulted on the way in.
    @Test func evaluationReleaseLowersAndIsRequired() throws {
        let path = CompileHelper.root.appendingPathComponent("examples/digits-dp/topology.kf").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (plain, _) = CompileHelper.compile(text)
        #expect(try #require(plain.deployment).federations[0].privacy?.evaluation == .withheld)
        let (charged, diags) = CompileHelper.compile(
            text.replacingOccurrences(of: "accountant: pld }", with: "accountant: pld, evaluation: charged }"))
        #expect(!diags.contains { $0.severity == .error }, "\(diags)")
        let d = try #require(charged.deployment)
        #expect(d.federations[0].privacy?.evaluation == .charged)
        let ir = try d.jsonText()
        let without = ir.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"evaluation\" : ") }.joined(separator: "\n")
        #expect(without != ir)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IR.Deployment.self, from: Data(without.utf8)) }
        let (_, bad) = CompileHelper.compile(
            text.replacingOccurrences(of: "accountant: pld }", with: "accountant: pld, evaluation: leaked }"))
        #expect(bad.contains { $0.severity == .error })
    }

    /// A jq rule on something other than the manifests or the IR would run on neither; such
    /// an IR is invalid.
    /// `scaling: affine(scale, shift)` reaches the IR as `affine:<scale>,<shift>` and decodes back;
    /// a zero scale or a label out of place is refused where it is written.
    @Test func affineScalingLowersAndRoundTrips() throws {
        let path = CompileHelper.root.appendingPathComponent("examples/digits-dp/topology.kf").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (call, expected) in [
            ("affine(0.0625, -0.5)", IR.Scaling.affine(scale: 0.0625, shift: -0.5)),
            ("affine(scale: 2, shift: 1)", .affine(scale: 2, shift: 1)),
        ] {
            let (result, diags) = CompileHelper.compile(
                text.replacingOccurrences(of: "affine(0.0625, -0.25)", with: call))
            #expect(!diags.contains { $0.severity == .error }, "\(diags)")
            let d = try #require(result.deployment)
            #expect(d.datasets.allSatisfy { $0.scaling == expected })
            let again = try JSONDecoder().decode(IR.Deployment.self, from: Data(try d.jsonText().utf8))
            #expect(again.datasets.map(\.scaling) == d.datasets.map(\.scaling))
        }
        #expect(IR.Scaling.affine(scale: 0.0625, shift: -0.5).description == "affine:0.0625,-0.5")
        for (call, code) in [
            ("affine(0, 1)", "KF1005"), ("affine(shift: 1, scale: 2)", "KF1016"), ("affine(1)", "KF1016"),
        ] {
            let (_, diags) = CompileHelper.compile(text.replacingOccurrences(of: "affine(0.0625, -0.25)", with: call))
            #expect(diags.contains { $0.code == code }, "\(call): \(diags.map(\.code))")
        }
    }

    @Test func aRuleOnNeitherManifestsNorIRIsInvalid() {
        var d = IR.Deployment()
        d.policy.rules = [
            IR.Rule(name: "a", jq: ".", on: "ir", origin: .synthetic),
            IR.Rule(name: "b", jq: ".", on: "yaml", origin: .synthetic),
        ]
        #expect(d.validationProblems() == ["rule 'b' is on 'yaml' (allowed: 'manifests', 'ir')"])
    }

    @Test func validatorCatchesUndeclaredKeys() {
        var problems: [String] = []
        validate(["version": 1, "surprise": true] as [String: Any], against: schema, at: "$", problems: &problems)
        #expect(problems.contains { $0.contains("surprise") })
    }

    private func resolve(_ s: [String: Any]) -> [String: Any] {
        guard let ref = s["$ref"] as? String, ref.hasPrefix("#/$defs/"),
            let defs = schema["$defs"] as? [String: Any],
            let target = defs[String(ref.dropFirst("#/$defs/".count))] as? [String: Any]
        else { return s }
        return target
    }

    private func validate(_ v: Any, against raw: [String: Any], at path: String, problems: inout [String]) {
        let s = resolve(raw)
        if let options = s["anyOf"] as? [[String: Any]] {
            let ok = options.contains { o in
                var p: [String] = []
                validate(v, against: o, at: path, problems: &p)
                return p.isEmpty
            }
            if !ok { problems.append("\(path): matches no alternative") }
            return
        }
        if let allowed = s["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(v)" }) {
            problems.append("\(path): \(v) is not one of \(allowed)")
        }
        if let c = s["const"], "\(c)" != "\(v)" { problems.append("\(path): \(v) is not \(c)") }
        if let p = s["pattern"] as? String, let text = v as? String,
            (try? NSRegularExpression(pattern: p))?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
                == nil
        {
            problems.append("\(path): '\(text)' does not match \(p)")
        }
        switch s["type"] as? String {
        case "object":
            guard let o = v as? [String: Any] else { problems.append("\(path): not an object"); return }
            let props = s["properties"] as? [String: Any] ?? [:]
            for key in s["required"] as? [String] ?? [] where o[key] == nil {
                problems.append("\(path): missing '\(key)'")
            }
            for (k, x) in o {
                if let p = props[k] as? [String: Any] {
                    validate(x, against: p, at: "\(path).\(k)", problems: &problems)
                } else if let extra = s["additionalProperties"] as? [String: Any] {
                    validate(x, against: extra, at: "\(path).\(k)", problems: &problems)
                } else if s["additionalProperties"] as? Bool == false {
                    problems.append("\(path): undeclared key '\(k)'")
                }
            }
        case "array":
            guard let a = v as? [Any] else { problems.append("\(path): not an array"); return }
            if let items = s["items"] as? [String: Any] {
                for (i, x) in a.enumerated() { validate(x, against: items, at: "\(path)[\(i)]", problems: &problems) }
            }
        case "string": if !(v is String) { problems.append("\(path): not a string") }
        case "integer":
            if let n = v as? NSNumber, n.doubleValue == n.doubleValue.rounded() {
            } else {
                problems.append("\(path): not an integer")
            }
        case "number": if !(v is NSNumber) { problems.append("\(path): not a number") }
        case "boolean": if !(v is Bool) { problems.append("\(path): not a boolean") }
        default: break
        }
    }
}
