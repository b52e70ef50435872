import FLExec
import Foundation
import Privacy
import RunPlan
import Testing

@Suite struct RunPlanTests {
    /// A plan with every optional field set, so the schema check sees every key.
    static func fullPlan(strategy: StrategySpec = .fedadam(FedOptParameters()), scaling: Scaling = .divide(by: 16))
        -> RunPlan
    {
        let dataset = DatasetSpec(
            path: "/data/part-0.csv", label: "label", scaling: scaling, evalFraction: 0.25, records: 180)
        return RunPlan(
            federation: "digits_fl", model: .mlp(hidden: [32], features: 64, classes: 10), strategy: strategy,
            rounds: 10,
            minFit: 2, minClients: 2, fractionFit: 0.5,
            server: ServerSpec(address: "10.18.0.10", port: 8080, checkpointDir: "/checkpoints", evaluation: dataset),
            clients: [
                ClientSpec(
                    id: "client-0", dataset: dataset,
                    train: TrainSpec(epochs: 1, batch: 32, lr: 0.05, momentum: 0.9, weightDecay: 1e-4),
                    samplingRate: 0.2, stepsPerRound: 5),
                ClientSpec(id: "client-1", dataset: dataset, train: TrainSpec(epochs: 1, batch: 32, lr: 0.05)),
            ],
            privacy: PrivacySpec(
                unit: .example, epsilon: 1, delta: 1e-5, clip: 1, noiseMultiplier: 1.1, accountant: .rdp,
                ledgerDir: "/ledgers",
                perClient: ["client-1": ClientBudget(epsilon: 2, delta: 1e-6, noiseMultiplier: 0.8)],
                evaluation: .charged),
            timeouts: TimeoutSpec(roundSeconds: 300, connectSeconds: 60),
            seeds: SeedSpec(initialization: 1, shuffle: 2, insecureSeed: 3))
    }

    static let strategies: [StrategySpec] = [
        .fedavg, .fedprox(mu: 0.01), .fedadam(FedOptParameters()), .fedyogi(FedOptParameters(eta: 0.01)),
        .fedadagrad(FedOptParameters(beta1: 0)), .fedmedian, .trimmedMean(beta: 0.1), .krum(f: 1),
        .multikrum(f: 1, m: 3),
    ]
    static let scalings: [Scaling] = [
        .none, .divide(by: 16), .affine(scale: 0.0625, shift: -0.5), .minmax, .standardize,
    ]

    @Test(arguments: strategies)
    func roundTripsEveryStrategy(strategy: StrategySpec) throws {
        let plan = Self.fullPlan(strategy: strategy)
        #expect(try RunPlan.decode(from: plan.encoded()) == plan)
    }

    @Test(arguments: scalings)
    func roundTripsEveryScaling(scaling: Scaling) throws {
        let plan = Self.fullPlan(scaling: scaling)
        #expect(try RunPlan.decode(from: plan.encoded()) == plan)
    }

    @Test func encodingIsDeterministicSortedAndPretty() throws {
        let data = Self.fullPlan().encoded()
        #expect(data == Self.fullPlan().encoded())
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"clients\" : ["))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"path\" : \"/data/part-0.csv\""))
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
    }

    @Test func rejectsOtherVersions() {
        var text = String(decoding: Self.fullPlan().encoded(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2")
        #expect(throws: RunPlanError.unsupportedVersion(found: 2, supported: 1)) {
            try RunPlan.decode(from: Data(text.utf8))
        }
        #expect(throws: RunPlanError.malformed("the plan has no 'version'")) {
            try RunPlan.decode(from: Data("{}".utf8))
        }
    }

    @Test func malformedPlansNameTheField() {
        var text = String(decoding: Self.fullPlan().encoded(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"rounds\" : 10", with: "\"rounds\" : \"ten\"")
        #expect(throws: RunPlanError.self) { try RunPlan.decode(from: Data(text.utf8)) }
        do {
            _ = try RunPlan.decode(from: Data(text.utf8))
        } catch {
            #expect(error.description.contains("'rounds'"), "\(error)")
        }
        let unknown = String(decoding: Self.fullPlan().encoded(), as: UTF8.self)
            .replacingOccurrences(of: "\"name\" : \"fedadam\"", with: "\"name\" : \"fedsgd\"")
        do {
            _ = try RunPlan.decode(from: Data(unknown.utf8))
            Issue.record("an unknown strategy decoded")
        } catch {
            #expect(error.description.contains("unknown strategy 'fedsgd'"), "\(error)")
        }
    }

    @Test func optionalFieldsTakeTheirDefaults() throws {
        let json = #"{"path": "a.csv", "label": "y"}"#
        let d = try JSONDecoder().decode(DatasetSpec.self, from: Data(json.utf8))
        #expect(d == DatasetSpec(path: "a.csv", format: .csv, label: "y", scaling: .none, evalFraction: 0.2))
        let t = try JSONDecoder().decode(TrainSpec.self, from: Data(#"{"epochs": 2, "batch": 8, "lr": 0.1}"#.utf8))
        #expect(t.momentum == 0 && t.weightDecay == 0)
    }

    @Test func documentedExampleIsCanonical() throws {
        let url = URL(fileURLWithPath: repositoryRoot + "/docs/run-plan.example.json")
        let data = try Data(contentsOf: url)
        let plan = try RunPlan.decode(from: data)
        if ProcessInfo.processInfo.environment["KFC_UPDATE_GOLDEN"] == "1" { try plan.encoded().write(to: url) }
        #expect(plan.encoded() == data, "docs/run-plan.example.json is not in canonical form")
    }

    /// Every closed field of a plan: its JSON spelling in `fullPlan()`'s encoding and its allowed names.
    static let closedFields: [(what: String, encoded: String, allowed: [String])] = [
        ("privacy unit", "\"unit\" : \"example\"", PrivacyUnit.names),
        ("accountant", "\"accountant\" : \"rdp\"", AccountantKind.names),
        ("evaluation release", "\"evaluation\" : \"charged\"", EvaluationRelease.names),
        ("model kind", "\"kind\" : \"mlp\"", ModelSpec.Kind.names),
        ("data format", "\"format\" : \"csv\"", DatasetSpec.Format.names),
        ("scaling", "\"kind\" : \"divide\"", Scaling.kinds),
        ("strategy", "\"name\" : \"fedadam\"", StrategySpec.names),
    ]

    @Test(arguments: closedFields.indices)
    func unknownEnumValuesAreRejectedWithTheAllowedOnes(_ i: Int) throws {
        let field = Self.closedFields[i]
        let text = String(decoding: Self.fullPlan().encoded(), as: UTF8.self)
        #expect(text.contains(field.encoded), "no \(field.encoded) in the plan")
        let bad = field.encoded.replacingOccurrences(
            of: #": "[a-z_]+""#, with: #": "bogus""#, options: .regularExpression)
        do {
            _ = try RunPlan.decode(from: Data(text.replacingOccurrences(of: field.encoded, with: bad).utf8))
            Issue.record("an unknown \(field.what) decoded")
        } catch {
            let allowed = field.allowed.map { "'\($0)'" }.joined(separator: ", ")
            #expect(
                error.description.contains("unknown \(field.what) 'bogus' (allowed: \(allowed))"), "\(error)")
        }
    }

    /// The schema's lists of names are the types' names.
    @Test func schemaEnumsAreTheTypesNames() throws {
        let schemaData = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/docs/run-plan.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        // Every `"enum"` list and `"const"` under a key, by key, over the whole schema.
        var names: [String: Set<String>] = [:]
        func walk(_ v: Any, key: String?) {
            if let o = v as? [String: Any] {
                if let key, let e = o["enum"] as? [String] { names[key, default: []].formUnion(e) }
                if let key, let c = o["const"] as? String { names[key, default: []].insert(c) }
                for (k, child) in o { walk(child, key: k) }
            } else if let a = v as? [Any] {
                for child in a { walk(child, key: key) }
            }
        }
        walk(schema, key: nil)
        #expect(names["unit"] == Set(PrivacyUnit.names))
        #expect(names["accountant"] == Set(AccountantKind.names))
        #expect(names["evaluation"] == Set(EvaluationRelease.names))
        #expect(names["format"] == Set(DatasetSpec.Format.names))
        #expect(names["name"] == Set(StrategySpec.names))
        #expect(names["kind"] == Set(ModelSpec.Kind.names + Scaling.kinds))
    }

    // MARK: - Schema

    @Test func schemaDeclaresExactlyTheEncodedKeys() throws {
        let schemaData = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/docs/run-plan.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        var checker = SchemaChecker(root: schema)
        var samples =
            Self.strategies.map { Self.fullPlan(strategy: $0) } + Self.scalings.map { Self.fullPlan(scaling: $0) }
        var regularised = Self.fullPlan()
        regularised.model = .mlp(hidden: [8, 4], dropout: 0.25, l2: 1e-4)
        samples.append(regularised)
        for unit in PrivacySpec.Unit.allCases {
            var p = Self.fullPlan()
            p.privacy.unit = unit
            p.privacy.accountant = .pld
            samples.append(p)
        }
        for plan in samples {
            checker.check(try JSONSerialization.jsonObject(with: plan.encoded()), schema, at: "plan")
        }
        #expect(Set(checker.problems).sorted() == [])
        // Every property the schema declares is written by some sample.
        for (location, declared) in checker.declared {
            #expect(checker.seen[location, default: []] == declared, "\(location)")
        }
    }
}

/// Walks a JSON value alongside a JSON Schema (the subset the run-plan schema uses).
struct SchemaChecker {
    let root: [String: Any]
    var problems: [String] = []
    var declared: [String: Set<String>] = [:]
    var seen: [String: Set<String>] = [:]

    init(root: [String: Any]) { self.root = root }

    private func resolve(_ schema: [String: Any]) -> ([String: Any], String?) {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/$defs/") else { return (schema, nil) }
        let name = String(ref.dropFirst("#/$defs/".count))
        return (((root["$defs"] as? [String: Any])?[name] as? [String: Any]) ?? [:], name)
    }

    private func accepts(_ schema: [String: Any], discriminator value: Any?) -> Bool {
        guard let properties = schema["properties"] as? [String: Any] else { return false }
        for key in ["name", "kind"] {
            guard let p = properties[key] as? [String: Any], let v = value as? [String: Any],
                let actual = v[key] as? String
            else { continue }
            if let c = p["const"] as? String { return c == actual }
            if let e = p["enum"] as? [String] { return e.contains(actual) }
        }
        return false
    }

    mutating func check(_ value: Any, _ raw: [String: Any], at location: String) {
        var (schema, name) = resolve(raw)
        var here = name.map { "$defs/\($0)" } ?? location
        if let branches = schema["oneOf"] as? [[String: Any]] {
            let matching = branches.map { resolve($0) }.filter { accepts($0.0, discriminator: value) }
            guard matching.count == 1 else {
                problems.append("\(here): \(matching.count) oneOf branches match")
                return
            }
            schema = matching[0].0
            let tag = ((value as? [String: Any])?["name"] ?? (value as? [String: Any])?["kind"]) as? String ?? "?"
            here = matching[0].1.map { "$defs/\($0)" } ?? "\(here)/\(tag)"
        }
        switch value {
        case let object as [String: Any]:
            if let properties = schema["properties"] as? [String: Any] {
                declared[here] = Set(properties.keys)
                seen[here, default: []].formUnion(object.keys)
                for key in object.keys where properties[key] == nil {
                    problems.append("\(here): '\(key)' is not in the schema")
                }
                for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                    problems.append("\(here): required '\(key)' is not encoded")
                }
                for (key, v) in object {
                    if let p = properties[key] as? [String: Any] { check(v, p, at: "\(here).\(key)") }
                }
            } else if let additional = schema["additionalProperties"] as? [String: Any] {
                for (key, v) in object { check(v, additional, at: "\(here)[\(key)]") }
            } else {
                problems.append("\(here): an object where the schema has no properties")
            }
        case let array as [Any]:
            guard let items = schema["items"] as? [String: Any] else {
                problems.append("\(here): an array where the schema has no items")
                return
            }
            for v in array { check(v, items, at: "\(here)[]") }
        default:
            if let type = schema["type"] as? String {
                let ok: Bool
                switch type {
                case "string": ok = value is String
                case "integer": ok = (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
                case "number": ok = value is NSNumber
                case "boolean": ok = value is Bool
                default: ok = false
                }
                if !ok { problems.append("\(here): \(value) is not of type \(type)") }
            }
        }
    }
}

@Suite struct RunPlanValidationTests {
    @Test func theSamplePlansAreValid() {
        for s in RunPlanTests.strategies {
            #expect(RunPlanTests.fullPlan(strategy: s).validationProblems() == [])
        }
    }

    @Test(arguments: [
        (ModelSpec.mlp(hidden: [16, 16, 16, 16]), []),
        (.mlp(hidden: Array(repeating: 2, count: 65)), ["an mlp has 1 to 64 hidden layers"]),
        (.mlp(hidden: [1 << 20, 1 << 20]), ["the hidden layers have more than 16777216 weights"]),
        (
            .mlp(hidden: [Int.max, Int.max]),
            ["hidden layer widths must be from 1 to 16777216", "the hidden layers have more than 16777216 weights"]
        ),
        (.mlp(hidden: [4], dropout: 1), ["'dropout' must be in [0, 1)"]),
        (.logisticRegression(l2: -1), ["'l2' must be a finite number ≥ 0"]),
    ])
    func modelsAreBounded(_ model: ModelSpec, _ problems: [String]) {
        #expect(model.validationProblems() == problems)
    }

    @Test func inconsistenciesAreNamed() {
        var p = RunPlanTests.fullPlan(strategy: .trimmedMean(beta: 0.5))
        p.minFit = 3
        p.fractionFit = 0
        p.model = .mlp(hidden: [])
        p.clients[1].id = "client-0"
        p.privacy.perClient = ["ghost": ClientBudget(epsilon: 1)]
        #expect(
            p.validationProblems() == [
                "an mlp has 1 to 64 hidden layers",
                "trimmed_mean 'beta' must be in [0, 0.5)",
                "'min_fit' is 3 but the plan has 2 clients",
                "'fraction_fit' must be in (0, 1]",
                "client ids repeat",
                "'privacy.per_client' names 'ghost', which is not a client",
            ])
        var robust = RunPlanTests.fullPlan(strategy: .krum(f: 0))
        robust.privacy.unit = .client
        #expect(robust.validationProblems() == ["client-level DP cannot be combined with the robust strategy 'krum'"])
    }

    @Test func timeoutsArePositiveAndBoundedAndTheHeartbeatHasADefault() throws {
        var p = RunPlanTests.fullPlan(strategy: .fedavg)
        p.timeouts = TimeoutSpec(roundSeconds: .nan, connectSeconds: -1, heartbeatSeconds: 1e300)
        #expect(
            p.validationProblems() == [
                "'timeouts.round_seconds' must be in (0, 31536000] seconds",
                "'timeouts.connect_seconds' must be in (0, 31536000] seconds",
                "'timeouts.heartbeat_seconds' must be in (0, 31536000] seconds",
            ])
        let old = try JSONDecoder().decode(
            TimeoutSpec.self, from: Data(#"{"round_seconds": 5, "connect_seconds": 6}"#.utf8))
        #expect(old == TimeoutSpec(roundSeconds: 5, connectSeconds: 6, heartbeatSeconds: 10))
    }

    @Test func hugeStepsPerRoundAreRefused() throws {
        var p = RunPlanTests.fullPlan(strategy: .fedavg)
        p.clients[0].samplingRate = 1e-300
        p.clients[0].stepsPerRound = nil
        p.clients[1].stepsPerRound = -1
        #expect(
            p.validationProblems() == [
                "client '\(p.clients[0].id)': 'epochs' / 'sampling_rate' is more than 2^63 steps a round",
                "client '\(p.clients[1].id)': 'steps_per_round' must not be negative",
            ])
        // The schedule refuses a count beyond 64 bits instead of trapping.
        #expect(throws: PrivacyError.self) { try PrivacySchedule.example(q: 1e-300, epochs: 5, rounds: 1) }
        #expect(try PrivacySchedule.example(q: 0.5, epochs: 3, rounds: 1).stepsPerRound == 6)
    }
}
