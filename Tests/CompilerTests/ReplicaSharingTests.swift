import Foundation
import KFLang
import Testing

@testable import Compiler

/// The replicas of a declaration share the fields that are the same in all of them
/// (`Evaluator.replicaFields`): the IR, the diagnostics and the resource limits must be exactly
/// what evaluating every replica on its own gives.
@Suite struct ReplicaSharingTests {
    /// Compiles `text` with sharing on or off; returns the IR as JSON (or "" without one) and
    /// the rendered diagnostics.
    static func compile(_ text: String, sharing: Bool, stepLimit: Int = 20_000_000, n: Int? = nil) -> (String, String) {
        var sources = SourceManager()
        let id = sources.add(path: "input.kf", text: text)
        let sink = DiagnosticSink()
        var request = CompileRequest(
            sources: sources, roots: [id], stdlibPath: CompileHelper.stdlib,
            overrides: n.map { ["n": String($0)] } ?? [:], stepLimit: stepLimit
        ) { path in FileManager.default.contents(atPath: path).map { [UInt8]($0) } }
        request.sharesInvariantFields = sharing
        let result = Compiler.compile(request, sink: sink)
        let diagnostics = sink.sorted().map {
            "\($0.code) \($0.primary?.span.line ?? 0):\($0.primary?.span.column ?? 0) \($0.message)"
        }
        return (result.deployment?.jsonText() ?? "", diagnostics.joined(separator: "\n"))
    }

    static let kubeflower = try! String(
        contentsOf: CompileHelper.root.appendingPathComponent("examples/kubeflower/topology.kf"), encoding: .utf8)

    /// Invariant fields of every kind: literals, records, lists, calls, names of lets and of
    /// other declarations, a string built from a let; and fields that read the index.
    static let mixed = """
        import std/models { mlp }
        import std/strategies { fedavg }
        let n = 40
        let mem = 8Gi
        let tag = "site"
        cluster lab {
          node cloud { cpu: 8, memory: 32Gi }
          node edge[i in 0..<n] {
            hostname: "\\(tag)-\\(i)", cpu: 2 + 2, memory: mem,
            labels: { role: "fl-\\(tag)", tier: "edge" }
          }
        }
        network net {
          pool: 10.0.0.0/16
          zone core { cidr: 10.0.0.0/28 }
          zone site[i in 0..<n] { private: true, egress: [10.9.0.0/24, 10.8.0.0/24] }
        }
        dataset d[i in 0..<n] {
          format: csv(label: "y"), path: "/data/\\(i).csv", node: lab.edge[i], records: 100 * 2,
          budget: { epsilon: 1.0, delta: 1e-5 }
        }
        federation f {
          model: mlp(hidden: [16]), strategy: fedavg(min_fit: 2), rounds: 3
          server { zone: net.core, node: lab.cloud, port: 8080 }
          client[i in 0..<n] {
            zone: net.site[i], node: lab.edge[i], dataset: d[i],
            train: { epochs: len([1, 2]), batch: min(16, 32), lr: 0.05 },
            resources: { cpu: 500m, memory: mem }
          }
          privacy { unit: example, epsilon: 1.0, delta: 1e-5, noise: auto }
        }
        """

    @Test(arguments: [10, 200])
    func kubeFlowerIsTheSame(clients: Int) {
        let on = Self.compile(Self.kubeflower, sharing: true, n: clients)
        let off = Self.compile(Self.kubeflower, sharing: false, n: clients)
        #expect(!on.0.isEmpty)
        #expect(on == off)
    }

    @Test func invariantFieldsOfEveryKindAreTheSame() {
        let on = Self.compile(Self.mixed, sharing: true)
        let off = Self.compile(Self.mixed, sharing: false)
        #expect(!on.0.isEmpty)
        #expect(on.1.isEmpty)
        #expect(on == off)
    }

    /// A shared field that fails fails in every replica as it would alone: the errors are the
    /// same (and it is never shared, as its evaluation reported something).
    @Test func failingInvariantFieldsAreTheSame() {
        let text = Self.mixed.replacingOccurrences(of: "records: 100 * 2", with: "records: \"many\"")
            .replacingOccurrences(of: "lr: 0.05", with: "lr: -1.0")
        let on = Self.compile(text, sharing: true)
        let off = Self.compile(text, sharing: false)
        #expect(on.0.isEmpty)
        #expect(on.1.contains("KF"))
        #expect(on == off)
    }

    /// The step limit stops evaluation at the same step, so KF2001 is reported at the same
    /// place, whatever the limit: every replica's shared fields are still counted.
    @Test func stepLimitIsReachedAtTheSameStep() {
        // The fewest steps that compile without KF2001, found without sharing.
        var (low, high) = (1, 1_000_000)
        while low < high {
            let mid = (low + high) / 2
            if Self.compile(Self.mixed, sharing: false, stepLimit: mid).1.contains("KF2001") {
                low = mid + 1
            } else {
                high = mid
            }
        }
        #expect(low > 1_000)
        #expect(!Self.compile(Self.mixed, sharing: true, stepLimit: low).1.contains("KF2001"))
        #expect(Self.compile(Self.mixed, sharing: true, stepLimit: low - 1).1.contains("KF2001"))
        for limit in stride(from: low / 3, through: low, by: max(1, low / 97)) + [low - 2, low - 1, low] {
            let on = Self.compile(Self.mixed, sharing: true, stepLimit: limit)
            let off = Self.compile(Self.mixed, sharing: false, stepLimit: limit)
            let sameIR = on.0 == off.0
            #expect(sameIR, "step limit \(limit): the IR differs")
            #expect(on.1 == off.1, "step limit \(limit)")
        }
    }

    /// A shared list counts its elements at every replica: 5,000 replicas of a literal list of
    /// 1,000 elements pass the limit on list elements built (KF2027), as without sharing.
    @Test func elementLimitCountsSharedLists() {
        let list = "[" + (0..<1_000).map(String.init).joined(separator: ", ") + "]"
        let text = """
            network net {
              pool: 10.0.0.0/8
              zone z[i in 0..<5000] { egress: [], private: len(\(list)) > 0 }
            }
            """
        let on = Self.compile(text, sharing: true)
        let off = Self.compile(text, sharing: false)
        #expect(on.1.contains("KF2027"))
        #expect(on == off)
    }
}
