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
        #expect(d.federations[0].strategy.params["mu"] == .float(0.5))
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

    @Test func overrideOfWrongTypeIsDiagnosed() {
        let (result, diags) = CompileHelper.compile(Self.imports + Self.topology, overrides: ["n": "\"x\""])
        #expect(result.deployment == nil)
        #expect(diags.map(\.code) == ["KF1005"])
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
