import Foundation
import KFLang
import Testing

@testable import Compiler

@Suite struct CompilerTests {
    static let topology = """
        let n = 3
        cluster lab {
          node cloud { cpu: 2, memory: 4Gi }
          node edge[i in 0..<n] { cpu: 1500m, memory: 2Gi }
        }
        network net {
          pool: 10.1.0.0/24
          zone core { cidr: 10.1.0.0/28 }
          zone site[i in 0..<n] {}
        }
        dataset d[i in 0..<n] { path: "/d\\(i).csv", node: lab.edge[i], records: 500 }
        federation fl {
          model: logistic_regression
          strategy: fedprox(mu: 0.5, min_fit: 2)
          rounds: 2
          server { zone: net.core, node: lab.cloud }
          client[i in 0..<n] { zone: net.site[i], node: lab.edge[i], dataset: d[i] }
        }
        """
    static let imports = "import std/models { logistic_regression }\nimport std/strategies { fedprox }\n"

    @Test func compilesAndCarves() throws {
        let (result, diags) = CompileHelper.compile(Self.imports + Self.topology)
        #expect(diags.isEmpty, "\(diags)")
        let d = try #require(result.deployment)
        #expect(d.zones.map(\.cidr) == ["10.1.0.0/28", "10.1.0.16/28", "10.1.0.32/28", "10.1.0.48/28"])
        #expect(d.zones[1].gateway == "10.1.0.17")
        #expect(d.federations[0].server.address == "10.1.0.2")
        #expect(d.federations[0].clients.map(\.k8sName) == ["fl-client-0", "fl-client-1", "fl-client-2"])
        #expect(d.nodes.first { $0.name == "lab.edge[1]" }?.cpuMillis == 1500)
        #expect(d.nodes.first { $0.name == "lab.edge[1]" }?.hostname == "edge-1")
        #expect(d.federations[0].strategy?.params["mu"] == .float(0.5))
        #expect(d.federations[0].minClients == 3)
    }

    @Test func irIsByteIdenticalAcrossRuns() throws {
        let a = try #require(CompileHelper.compile(Self.imports + Self.topology).0.deployment).jsonText()
        let b = try #require(CompileHelper.compile(Self.imports + Self.topology).0.deployment).jsonText()
        #expect(a == b)
    }

    @Test func overrideReplacesLet() throws {
        let (result, diags) = CompileHelper.compile(Self.imports + Self.topology, overrides: ["n": "5"])
        #expect(diags.isEmpty)
        #expect(try #require(result.deployment).federations[0].clients.count == 5)
    }

    @Test(arguments: [
        ("let x = \"/data\"", "/data/shards", "/data/shards"),
        ("let x: String = \"/a\"", "/srv/my data", "/srv/my data"),
        ("let x: String? = none", "/mnt/x", "/mnt/x"),
        ("let x = \"/a\"", "\"/b-\\(1 + 1)\"", "/b-2"),
    ])
    func stringOverridesAreTakenAsWritten(_ decl: String, _ value: String, _ expected: String) throws {
        let (result, diags) = CompileHelper.compile(
            decl + "\ncluster c { node a { cpu: 1, memory: 1Gi } }\n"
                + "dataset d { path: \"\\(x)\", node: c.a, records: 10 }\n", overrides: ["x": value])
        #expect(diags.isEmpty, "\(diags)")
        #expect(try #require(result.deployment).datasets[0].path == expected)
    }

    @Test(arguments: [
        ("let x = 0.7", "2", "2"), ("let x: Float = 0.7", "2", "2"), ("let x = 0.5", "2.5", "2.5"),
        ("let x = 10", "2 * 3", "6"),
    ])
    func intOverridesStandForFloats(_ decl: String, _ value: String, _ expected: String) throws {
        let (result, diags) = CompileHelper.compile(
            decl + "\ncluster c { node a { cpu: 1, memory: 1Gi, hostname: \"h-\\(x)\" } }\n", overrides: ["x": value])
        #expect(diags.isEmpty, "\(diags)")
        #expect(try #require(result.deployment).nodes[0].hostname == "h-\(expected)")
    }

    @Test func overrideThatIsNotAnExpressionIsASyntaxErrorForOtherTypes() {
        let (result, diags) = CompileHelper.compile(
            "let x = 10\ncluster c { node a { cpu: x, memory: 1Gi } }\n", overrides: ["x": "/data"])
        #expect(result.deployment == nil)
        #expect(diags.count == 1, "\(diags)")
        #expect(diags.first?.code.hasPrefix("KF0") == true, "\(diags)")
    }

    @Test func overrideOfWrongTypeIsDiagnosed() {
        let (result, diags) = CompileHelper.compile(Self.imports + Self.topology, overrides: ["n": "\"x\""])
        #expect(result.deployment == nil)
        #expect(diags.map(\.code) == ["KF1005"])
    }

    @Test(arguments: [
        ("if 1 < 2 { \"a\" } else { \"b\" }", "a"),
        ("if 1 > 2 { \"a\" } else if true { \"b\" } else { \"c\" }", "b"),
        ("if false { [1][5] } else { \"lazy\" }", "lazy"),
        ("if true { 2 } else { 1 } * 3", "6"),
    ])
    func conditionalsEvaluateOneBranch(_ expr: String, _ expected: String) throws {
        let (result, diags) = CompileHelper.compile(
            "let x = \(expr)\ncluster c { node a { cpu: 1, memory: 1Gi, hostname: \"h-\\(x)\" } }\n")
        #expect(diags.isEmpty, "\(diags)")
        #expect(try #require(result.deployment).nodes[0].hostname == "h-\(expected)")
    }

    @Test func conditionalsGiveEachReplicaItsValue() throws {
        let (result, diags) = CompileHelper.compile(
            "cluster c { node a[i in 0..<4] { cpu: if i < 2 { 2 } else { 500m }, memory: 1Gi, hostname: \"h\\(i)\" } }\n"
        )
        #expect(diags.isEmpty, "\(diags)")
        #expect(try #require(result.deployment).nodes.map(\.cpuMillis) == [2000, 2000, 500, 500])
    }

    @Test func conditionalNeedsABoolCondition() {
        let (result, diags) = CompileHelper.compile(
            "let x = if 1 { 1 } else { 2 }\ncluster c { node a { cpu: x, memory: 1Gi } }\n")
        #expect(result.deployment == nil)
        #expect(diags.map(\.code) == ["KF1005"], "\(diags)")
        #expect(diags.first?.message.contains("Bool") == true)
    }

    @Test(arguments: [
        ("1.5Gi + 512Mi == 2Gi", true), ("500m + 1 == 1500m", true), ("2Gi / 512Mi == 4.0", true),
        ("90s + 1m == 150s", true), ("1Ki < 1k", false), ("1k < 1Ki", true), ("250m * 4 == 1", true),
    ])
    func quantityArithmeticIsExact(_ expr: String, _ expected: Bool) throws {
        let (result, diags) = CompileHelper.compile(
            "let x = \(expr)\ncluster c { node a { cpu: 1, memory: 1Gi, hostname: \"h-\\(x)\" } }\n")
        #expect(diags.isEmpty, "\(diags)")
        #expect(try #require(result.deployment).nodes[0].hostname == "h-\(expected)")
    }

    @Test func relativeImportsResolveFromTheImportingFile() throws {
        let (result, diags) = CompileHelper.compile([
            "input.kf": "import \"lib/a.kf\" { x }\nlet y = x\n",
            "lib/a.kf": "import \"b.kf\" { z }\nlet x = z + 1\n",
            "lib/b.kf": "let z = 41\n",
        ])
        #expect(diags.isEmpty, "\(diags)")
        #expect(result.deployment != nil)
        #expect(result.sources.files.map(\.path) == ["input.kf", "lib/a.kf", "lib/b.kf"])
    }

    @Test(arguments: ["./x.kf", "x.kf"])
    func rootGivenAsAnyPathIsLoadedOnce(_ rootPath: String) {
        let files = [
            "x.kf": "import \"./y.kf\"\ncluster lab { node a { cpu: 1, memory: 1Gi } }\n",
            "y.kf": "import \"x.kf\"\nlet b = 2\n",
        ]
        var sources = SourceManager()
        let id = sources.add(path: rootPath, text: files["x.kf"]!)
        let sink = DiagnosticSink()
        let request = CompileRequest(sources: sources, roots: [id], stdlibPath: CompileHelper.stdlib) { path in
            files[ModuleLoader.normalise(path)].map { Array($0.utf8) }
        }
        let result = Compiler.compile(request, sink: sink)
        let diags = sink.sorted()
        #expect(diags.map(\.code) == ["KF1011"], "\(diags)")
        #expect(diags.first?.message == "import cycle: \(rootPath) -> y.kf -> \(rootPath)")
        // The import that closes the cycle is y.kf's, the second file loaded, not a second copy of x.kf.
        let file = diags.first?.primary?.span.file
        #expect(file.map { result.sources[$0].path } == "y.kf")
    }

    /// Applying every fix-it of the common slips gives the file the writer meant.
    @Test func fixItsRepairTheCommonSlips() throws {
        let source = """
            import std/models { mlp }
            import std/strategies { fedavg }
            cluster lab {
              node cloud { cpu: 8, memory: 32Gi }
              node edge { cpu: "4", memory: 8Gi }
            }
            network net {
              pool: 10.0.0.0/24
              zone core { cidr: 10.0.0.1 }
              zone site {}
            }
            dataset data { path: "/data/p.csv", node: lab.edge, records: 100 }
            federation fl {
              model: mlp(hidden: [16])
              strategy: fedprox(min_fit: 1)
              rounds: 3
              timeout: 600
              server { zone: net.core, node: lab.cloud }
              client { zone: net.site, node: lab.edge, dataset: data }
            }

            """
        let (_, diags) = CompileHelper.compile(source)
        let fixes = diags.flatMap(\.fixIts).sorted { $0.span.start > $1.span.start }
        #expect(fixes.count == 4, "\(diags)")
        var bytes = Array(source.utf8)
        for f in fixes { bytes.replaceSubrange(f.span.start..<f.span.end, with: Array(f.replacement.utf8)) }
        let fixed = String(decoding: bytes, as: UTF8.self)
        for expected in ["cpu: 4,", "cidr: 10.0.0.1/32", "{ fedavg, fedprox }", "timeout: 600s"] {
            #expect(fixed.contains(expected), "\(fixed)")
        }
        // What remains is a separate, located problem: a /32 zone has no room for a gateway.
        let (_, after) = CompileHelper.compile(fixed)
        #expect(after.filter { $0.severity == .error }.map(\.code) == ["KF2022"], "\(after)")
    }

    /// The depth limits end in a diagnostic on any thread: a Swift concurrency worker's stack is
    /// far smaller than the main thread's.
    @Test func deepDefinitionsAreADiagnosticOffTheMainThread() async {
        let chain = (0..<450).map { "let a\($0) = a\($0 + 1) + 1" }.joined(separator: "\n") + "\nlet a450 = 0\n"
        let codes = await Task.detached { CompileHelper.compile(chain).1.map(\.code) }.value
        #expect(codes == ["KF2023"])
    }

    @Test func importCycleNamesTheChain() {
        let (_, diags) = CompileHelper.compile([
            "input.kf": "import \"a.kf\" { a }\n", "a.kf": "import \"b.kf\" { b }\nlet a = 1\n",
            "b.kf": "import \"a.kf\" { a }\nlet b = 2\n",
        ])
        #expect(diags.map(\.code) == ["KF1011"])
        #expect(diags.first?.message == "import cycle: a.kf -> b.kf -> a.kf")
    }
}

@Suite struct SupportTests {
    @Test(arguments: [
        ("digits_fl.client[3]", "digits-fl-client-3"), ("Lab.Edge", "lab-edge"), ("__x__", "x"), ("a..b", "a-b"),
    ])
    func kubeNames(_ name: String, _ expected: String) {
        #expect(KubeName.label(name) == expected)
        #expect(KubeName.isValid(expected))
    }

    @Test func tooLongNamesAreInvalid() {
        #expect(!KubeName.isValid(String(repeating: "a", count: 64)))
        #expect(KubeName.isValid(String(repeating: "a", count: 63)))
    }

    @Test func suggestions() {
        #expect(Suggest.closest(to: "recrods", in: ["records", "path", "node"]) == "records")
        #expect(Suggest.closest(to: "egde", in: ["edge", "cloud"]) == "edge")
        #expect(Suggest.closest(to: "zzzzzz", in: ["edge", "cloud"]) == nil)
    }
}
