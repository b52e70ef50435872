import Foundation
import Testing

@testable import kfc

/// `kfc run` with the clients' evaluations withheld (the default) or charged: what reaches the
/// server's metrics, and the ε each client spends against `kfc budget`.
@Suite struct EvaluationReleaseRunTests {
    static let root = ExamplesTests.root.path

    private func scratch() -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("kfc-eval-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func metrics(_ dir: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: dir + "/metrics.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Runs the digits-dp example at ε = 2 with a fixed noise σ = 30 and `evaluation` (nil: the
    /// default) into `dir/name`; returns the summary.
    private func run(_ dir: String, _ name: String, evaluation: String?) throws -> [String: Any] {
        let privacy = "noise: 30.0, accountant: pld" + (evaluation.map { ", evaluation: \($0)" } ?? "") + " }"
        let src = try String(contentsOfFile: Self.root + "/examples/digits-dp/topology.kf", encoding: .utf8)
            .replacingOccurrences(of: "noise: auto, accountant: pld }", with: privacy)
            .replacingOccurrences(of: "\"../digits/data\"", with: "\"\(Self.root)/examples/digits/data\"")
        try src.write(toFile: dir + "/\(name).kf", atomically: true, encoding: .utf8)
        let r = Driver.run(
            ["run", "\(name).kf", "--set", "epsilon=2.0", "--out", name, "--insecure-seed", "3"], workingDirectory: dir)
        #expect(r.exitCode == 0, "\(r.stderr)")
        return try json(dir + "/\(name)/summary.json")
    }

    private func budget(_ args: [String]) throws -> Double {
        let b = Driver.run(["budget"] + args + ["--accountant", "pld", "--format", "json"])
        #expect(b.exitCode == 0, "\(b.stderr)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
        return try #require(out["epsilon"] as? Double)
    }

    @Test func chargedEvaluationIsInEachClientsEpsilonAndWithheldIsNot() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let withheld = try run(dir, "withheld", evaluation: nil)
        let charged = try run(dir, "charged", evaluation: "charged")
        #expect(withheld["evaluation"] as? String == "withheld")
        #expect(charged["evaluation"] as? String == "charged")
        let w = try #require(withheld["clients"] as? [String: [String: Any]])
        let c = try #require(charged["clients"] as? [String: [String: Any]])
        #expect(c.count == 10)
        for (id, spend) in c {
            let eps = try #require(spend["epsilon"] as? Double)
            let q = try #require(spend["sampling_rate"] as? Double)
            let steps = try #require(spend["steps"] as? Int)
            #expect(spend["evaluation_releases"] as? Int == 10)
            // The summary's ε is `kfc budget` of the training steps plus the ten releases...
            let common = [
                "--sampling-rate", "\(q)", "--noise-multiplier", "30.0", "--steps", "\(steps)", "--delta", "1e-5",
            ]
            let expected = try budget(common + ["--evaluation-releases", "10"])
            #expect(abs(eps - expected) <= 1e-12 * expected, "client \(id): run \(eps), kfc budget \(expected)")
            // ...more than the same run withheld, which spends the training steps alone.
            let plain = try #require(w[id]?["epsilon"] as? Double)
            #expect(w[id]?["evaluation_releases"] == nil && w[id]?["steps"] as? Int == steps)
            #expect(plain == (try budget(common)))
            #expect(eps > plain && eps <= 2.0)
            // The ledger file holds the last release it paid for.
            let ledger = try json(dir + "/charged/ledgers/\(id).json")
            #expect((ledger["evaluation"] as? [String: Any])?["releases"] as? Int == 10)
        }
        // The server's metrics carry the released (noisy) accuracy: in range where the noisy row
        // sum is at least one row (at σ = 30 it need not be every round).
        let lines = try metrics(dir + "/charged")
        #expect(lines.allSatisfy { $0["evaluation"] as? String == "charged" })
        let released = lines.compactMap { $0["accuracy"] as? Double }
        #expect(!released.isEmpty && released.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func withheldEvaluationLeavesNoAccuracyInTheServersMetrics() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try run(dir, "run", evaluation: "withheld")
        let m = try metrics(dir + "/run")
        #expect(m.count == 10)
        for line in m {
            #expect(line["evaluation"] as? String == "withheld")
            #expect(line["accuracy"] == nil && line["loss"] == nil)
        }
        #expect(s["accuracy"] == nil && s["loss"] == nil)
        // `kfc run` plays every party: the clients' own view is in the summary, apart.
        let local = try #require(s["local_accuracy"] as? Double)
        #expect(local > 0.3 && local <= 1)
        let report = try String(contentsOfFile: dir + "/run/report.html", encoding: .utf8)
        #expect(report.contains("<tr><th>final accuracy</th><td>withheld</td></tr>"))
        #expect(report.contains("<tr><th>evaluation released</th><td>withheld</td></tr>"))
    }
}
