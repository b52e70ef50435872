import Foundation
import RunPlan
import Testing

@testable import kfc

/// `kfc run --processes` (a `kfc exec server` and one `kfc exec client` per client, as real
/// processes over loopback with mutual TLS) against the in-process `kfc run`, and `kfc certs`.
@Suite(.serialized) struct ProcessRunTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func temporary() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("process-run-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func file(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// A plan split across ConfigMaps joins back (the server mounts every shard); shards of
    /// different plans do not.
    @Test func planShardsJoinBackIntoThePlan() throws {
        let dir = temporary()
        let r = try BinaryRunner.run([
            "build", Self.root + "/examples/digits/topology.kf", "-o", dir + "/m", "--data-root", "/srv/fl",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let full = try RunPlan.decode(from: file(dir + "/m/digits-fl.plan.json"))
        var a = full
        a.clients = Array(full.clients[..<6])
        var b = full
        b.clients = Array(full.clients[6...])
        #expect(try ExecOptions.join([("a", a), ("b", b)]).get() == full)
        var other = b
        other.rounds += 1
        let refused = ExecOptions.join([("a", a), ("b", other)])
        guard case .failure(let why) = refused else {
            Issue.record("shards of different plans were joined")
            return
        }
        #expect(why.description == "'b' is not a shard of the plan 'a': they differ in more than their clients")
    }

    /// A `kfc` to start that cannot be started is one located error and exit 1, not a usage
    /// error or a crash.
    @Test func aKfcThatCannotBeStartedIsAnErrorAndExit1() throws {
        let dir = temporary()
        let example = Self.root + "/examples/digits/topology.kf"
        for exe in ["/nonexistent/kfc", "/etc/hostname"] {
            let r = try BinaryRunner.run(
                ["run", example, "--processes", "--out", dir + "/run"], environment: ["KFC_EXECUTABLE": exe])
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains("error: cannot start \(exe)"), "\(r.stderr)")
        }
    }

    @Test func processesGiveTheInProcessModelBitForBit() throws {
        let dir = temporary()
        let example = Self.root + "/examples/digits/topology.kf"
        let a = try BinaryRunner.run(["run", example, "--out", dir + "/a"])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try BinaryRunner.run(["run", example, "--processes", "--out", dir + "/b"])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(try file(dir + "/a/model.json") == file(dir + "/b/model.json"))
        let accuracies = { (path: String) throws -> [Double] in
            struct Line: Decodable { var accuracy: Double }
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
                try JSONDecoder().decode(Line.self, from: Data($0.utf8)).accuracy
            }
        }
        #expect(try accuracies(dir + "/a/metrics.jsonl") == accuracies(dir + "/b/metrics.jsonl"))
        #expect(try accuracies(dir + "/b/metrics.jsonl").count == 10)
        // Every process logged JSON lines; the server listened with TLS and refused nobody.
        let server = try String(contentsOfFile: dir + "/b/logs/server.jsonl", encoding: .utf8)
        #expect(server.contains("{\"event\":\"listening\",\"federation\":\"digits_fl\""))
        #expect(server.contains("\"tls\":true"))
        #expect(!server.contains("\"refused\""))
        let client = try String(contentsOfFile: dir + "/b/logs/client-3.jsonl", encoding: .utf8)
        #expect(client.split(separator: "\n").allSatisfy { $0.hasPrefix("{\"event\":") })
        #expect(client.contains("{\"event\":\"finished\",\"client\":\"3\",\"rounds\":10}"))
        #expect(FileManager.default.fileExists(atPath: dir + "/b/report.html"))
    }

    @Test func seededDPGivesTheSameModelAndEpsilonOverProcesses() throws {
        let dir = temporary()
        let example = Self.root + "/examples/digits-dp/topology.kf"
        let a = try BinaryRunner.run(["run", example, "--insecure-seed", "7", "--out", dir + "/a"])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try BinaryRunner.run(["run", example, "--insecure-seed", "7", "--processes", "--out", dir + "/b"])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(try file(dir + "/a/model.json") == file(dir + "/b/model.json"))
        struct Summary: Decodable { var epsilon: Double? }
        let ea = try JSONDecoder().decode(Summary.self, from: file(dir + "/a/summary.json")).epsilon
        let eb = try JSONDecoder().decode(Summary.self, from: file(dir + "/b/summary.json")).epsilon
        #expect(ea != nil && ea == eb)
    }

    @Test func certsWritesSecretsOutsideTheManifestsAndRefusesAManifestsFolder() throws {
        let dir = temporary()
        let example = Self.root + "/examples/digits/topology.kf"
        let r = try BinaryRunner.run(["certs", example, "-o", dir + "/secrets"])
        #expect(r.status == 0, "\(r.stderr)")
        let f = dir + "/secrets/digits_fl"
        for p in ["ca.crt", "ca.key", "server/tls.crt", "server/tls.key", "server/ca.crt", "clients/9/tls.key"] {
            #expect(FileManager.default.fileExists(atPath: f + "/" + p), "\(p)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: f + "/clients/0/tls.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let kustomization = try String(contentsOfFile: f + "/kustomization.yaml", encoding: .utf8)
        #expect(kustomization.contains("  - name: digits-fl-server-tls\n"))
        #expect(kustomization.contains("      - tls.key=clients/9/tls.key\n"))
        let script = try String(contentsOfFile: f + "/create-secrets.sh", encoding: .utf8)
        #expect(script.contains("kubectl -n digits-fl create secret generic digits-fl-server-tls"))
        // The manifests reference those Secrets by name and hold no key material.
        let m = try BinaryRunner.run(["build", example, "-o", dir + "/manifests", "--data-root", "/srv/digits"])
        #expect(m.status == 0, "\(m.stderr)")
        var all = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: dir + "/manifests") {
            all += try String(contentsOfFile: dir + "/manifests/" + name, encoding: .utf8)
        }
        #expect(all.contains("secretName: digits-fl-server-tls"))
        #expect(all.contains("secretName: digits-fl-client-9-tls"))
        #expect(!all.contains("PRIVATE KEY"))
        // Writing keys into the manifests folder is refused.
        let refused = try BinaryRunner.run(["certs", example, "-o", dir + "/manifests"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("not the manifests folder"))
    }
}
