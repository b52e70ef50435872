import Backends
import Compiler
import Foundation
import KFLang
import PolicyCheck
import Testing

@testable import kfc

/// A small random topology: a few clients, zones with random privacy and egress, clients now
/// and then away from their data, and the requirements to prove.
struct RandomTopology: CustomTestStringConvertible, Sendable {
    struct Zone: Sendable {
        var isPrivate: Bool
        var egress: String?
    }
    var seed: UInt64
    var clients: Int
    var zones: [Zone]
    /// The zone of each client.
    var clientZone: [Int]
    /// Whether each client runs away from its data (on the server's node).
    var away: [Bool]
    var networkEgress: Bool
    var strict: Bool
    /// An extra `no_internet` on one zone that holds a client.
    var zoneRequirement: Int?

    var testDescription: String { "seed \(seed)" }

    /// SplitMix64: deterministic and good enough to draw test cases.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
    }

    init(seed: UInt64) {
        var g = Generator(state: seed)
        self.seed = seed
        clients = 1 + g.int(3)
        let count = 1 + g.int(clients)
        zones = (0..<count).map { _ in
            let egress: String? = g.chance(0.15) ? "0.0.0.0/0" : (g.chance(0.1) ? "203.0.113.0/24" : nil)
            return Zone(isPrivate: g.chance(0.7), egress: egress)
        }
        let zoneCount = count
        clientZone = (0..<clients).map { _ in g.int(zoneCount) }
        away = (0..<clients).map { _ in g.chance(0.12) }
        networkEgress = g.chance(0.1)
        strict = g.chance(0.35)
        zoneRequirement = g.chance(0.4) ? clientZone[g.int(clients)] : nil
    }

    /// The `.kf` text.
    var source: String {
        var s = """
            import std/models { logistic }
            import std/strategies { fedavg }

            cluster lab {
              node cloud { hostname: "cloud-1", cpu: 16, memory: 64Gi }
              node edge[i in 0..<\(clients)] { hostname: "edge-\\(i)", cpu: 4, memory: 8Gi }
            }

            network net {
              pool: 10.18.0.0/16
              egress: \(networkEgress)
              zone core { cidr: 10.18.0.0/28 }

            """
        for (i, z) in zones.enumerated() {
            let egress = z.egress.map { ", egress: [\($0)]" } ?? ""
            s += "  zone z\(i) { private: \(z.isPrivate)\(egress) }\n"
        }
        s += "}\n\n"
        for i in 0..<clients {
            s += """
                dataset data\(i) { format: csv(label: "label"), path: "/data/part-\(i).csv", node: lab.edge[\(i)], records: 100 }

                """
        }
        s += """

            federation fl {
              model: logistic()
              strategy: fedavg(min_fit: 1)
              rounds: 2
              server { zone: net.core, node: lab.cloud, port: 8080 }

            """
        for i in 0..<clients {
            let node = away[i] ? "lab.cloud" : "lab.edge[\(i)]"
            s += "  client c\(i) { zone: net.z\(clientZone[i]), node: \(node), dataset: data\(i) }\n"
        }
        s += "}\n\npolicy {\n"
        for r in requirements { s += "  require \(r)\n" }
        s += "}\n"
        return s
    }

    /// The requirements, in source order (one per line of the policy block).
    var requirements: [String] {
        var r = ["isolated(fl)", "no_internet(net)", "dataset_local(fl)"]
        if let z = zoneRequirement { r.append("no_internet(net.z\(z))") }
        return r
    }

    /// The verdict of each requirement from the declarations alone, by the semantics of
    /// `docs/policy/requirements.md` and the back ends: an independent oracle.
    var expected: [String: Bool] {
        var out: [String: Bool] = [:]
        // Under --strict, KubeOVN alone must separate clients: a client reaches another whose
        // zone is open, or which shares its zone.
        var isolated = true
        if strict {
            for a in 0..<clients {
                for b in 0..<clients where a != b {
                    if clientZone[a] == clientZone[b] || !zones[clientZone[b]].isPrivate { isolated = false }
                }
            }
        }
        out["isolated(fl)"] = isolated
        let used = Set(clientZone)
        // The server's zone (core) holds a pod too; it declares egress when the network does.
        let zonesWithEgress = Set(used.filter { networkEgress || zones[$0].egress != nil })
        out["no_internet(net)"] = zonesWithEgress.isEmpty && !networkEgress
        out["dataset_local(fl)"] = !away.contains(true)
        if let z = zoneRequirement { out["no_internet(net.z\(z))"] = !zonesWithEgress.contains(z) }
        return out
    }
}

/// Two independent paths to one answer: for random topologies, the verdict of every
/// requirement proved by `kfc check` (from the IR, on the objects it would emit) equals the one
/// `kfc verify --against` proves from the emitted manifests read back from disk, and both equal
/// an oracle computed from the declarations alone.
@Suite struct VerdictAgreementTests {
    static let seeds: [UInt64] = Array(1...48)

    /// Line → whether the requirement on that line failed (KF3060/KF3061), from a JSON report.
    static func failedLines(_ json: String, key: String) -> Set<Int> {
        guard let doc = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let entries = doc[key] as? [[String: Any]]
        else { return [-1] }
        var out = Set<Int>()
        for e in entries {
            let d = (e["diagnostic"] as? [String: Any]) ?? e
            guard let code = d["code"] as? String, code == "KF3060" || code == "KF3061" else { continue }
            let primary = d["primary"] as? [String: Any]
            let location = primary?["location"] as? [String: Any]
            out.insert(location?["line"] as? Int ?? -1)
        }
        return out
    }

    /// The cases are not trivial: every predicate both holds and fails among them.
    @Test func theCasesCoverBothVerdicts() {
        let verdicts = Self.seeds.map { RandomTopology(seed: $0).expected }
        for kind in ["isolated(fl)", "no_internet(net)", "dataset_local(fl)"] {
            #expect(verdicts.contains { $0[kind] == true } && verdicts.contains { $0[kind] == false }, "\(kind)")
        }
        #expect(verdicts.contains { $0.count == 4 })
    }

    @Test(arguments: seeds.map(RandomTopology.init(seed:)))
    func checkVerifyAndTheOracleAgree(_ t: RandomTopology) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = t.source
        try text.write(to: dir.appendingPathComponent("input.kf"), atomically: true, encoding: .utf8)
        let strict = t.strict ? ["--strict"] : []

        // Path 1: kfc check proves on the objects it would emit, built in memory.
        let check = Driver.run(["check", "input.kf", "--format", "json"] + strict, workingDirectory: dir.path)

        // Path 2: the back ends write the manifests; kfc verify reads them back and proves the
        // file's requirements on them.
        var sources = SourceManager()
        let id = sources.add(path: "input.kf", text: text)
        let stdlib = ExamplesTests.root.appendingPathComponent("stdlib").path
        let request = CompileRequest(sources: sources, roots: [id], stdlibPath: stdlib) { p in
            FileManager.default.contents(atPath: p).map { [UInt8]($0) }
        }
        let compiled = try #require(Compiler.compile(request, sink: DiagnosticSink()).deployment, "does not compile")
        let objects = Emitter().emit(compiled, targets: [.k8s, .kubeOVN], sink: DiagnosticSink())
        let manifests = dir.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        try Data(objects.yamlStream()).write(to: manifests.appendingPathComponent("all.yaml"))
        let verify = Driver.run(
            ["verify", "manifests", "--against", "input.kf", "--format", "json"] + strict, workingDirectory: dir.path)

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let requireLine: [String: Int] = Dictionary(
            uniqueKeysWithValues: t.requirements.map { r in
                (r, (lines.firstIndex { $0.contains("require \(r)") } ?? -2) + 1)
            })
        let fromCheck = Self.failedLines(check.stdout, key: "diagnostics")
        let fromVerify = Self.failedLines(verify.stdout, key: "findings")
        for (r, holds) in t.expected {
            let line = requireLine[r]!
            #expect(fromCheck.contains(line) == !holds, "check, \(r):\n\(text)\n\(check.stdout.prefix(3000))")
            #expect(fromVerify.contains(line) == !holds, "verify, \(r):\n\(text)\n\(verify.stdout.prefix(3000))")
        }
    }
}
