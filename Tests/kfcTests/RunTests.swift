import Foundation
import Privacy
import Testing

@testable import kfc

/// `kfc run` end to end on the digits examples, `kfc report`, and the ε it spends against `kfc budget`.
@Suite struct RunTests {
    static let root = ExamplesTests.root.path

    private func scratch() -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("kfc-run-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private func summary(_ dir: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func metrics(_ dir: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: dir + "/metrics.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func digitsOnIIDShardsReachesTheTargetAndWritesEveryOutput() throws {
        let out = scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = Driver.run(["run", "examples/digits/topology.kf", "--out", out], workingDirectory: Self.root)
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        // Not a terminal: one plain line per round, then where the report is.
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 11)
        #expect(lines.first?.hasPrefix("digits_fl: round 1/10  accuracy ") == true)
        #expect(lines.last == "report: \(out)/report.html")

        let s = try summary(out)
        let accuracy = try #require(s["accuracy"] as? Double)
        #expect(accuracy >= 0.94)
        #expect(s["rounds"] as? Int == 10)
        #expect(s["privacy_unit"] as? String == "none")
        #expect(s["seconds"] as? Double != nil)

        let m = try metrics(out)
        #expect(m.map { $0["round"] as? Int } == (1...10).map { $0 })
        for line in m {
            #expect(Set(line.keys) == ["round", "accuracy", "loss", "clients", "seconds"])
            #expect(line["clients"] as? Int == 10)
        }
        #expect(m.last?["accuracy"] as? Double == accuracy)

        let model = try Data(contentsOf: URL(fileURLWithPath: out + "/model.json"))
        let weights = try #require(
            (try JSONSerialization.jsonObject(with: model) as? [String: Any])?["weights"] as? [Any])
        #expect(weights.count == 65 * 10)

        let report = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(report.hasPrefix("<!DOCTYPE html>"))
        #expect(report.components(separatedBy: "<svg").count - 1 == 2)
        // Self-contained: no scripts, nothing fetched.
        #expect(!report.contains("<script") && !report.contains("src=") && !report.contains("href="))
        // The model, strategy and training settings, and each client's accuracy.
        #expect(report.contains("<tr><th>model</th><td>logistic_regression()</td></tr>"))
        #expect(report.contains("<tr><th>strategy</th><td>fedavg()</td></tr>"))
        #expect(
            report.contains(
                "<tr><th>training (each client)</th><td>epochs 2, batch 8, lr 0.1, momentum 0.9</td></tr>"))
        let perClient = try #require(s["client_accuracy"] as? [String: Double])
        #expect(perClient.count == 10)
        for id in 0..<10 {
            let a = try #require(perClient["\(id)"])
            #expect(report.contains("<tr><td>\(id)</td><td>\(String(format: "%.4f", a))</td></tr>"))
        }

        try FileManager.default.removeItem(atPath: out + "/report.html")
        let again = Driver.run(["report", out], workingDirectory: Self.root)
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8) == report)
    }

    @Test func digitsOnDirichletShardsReachesTheTarget() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let split = Driver.run(
            [
                "data", "split", "examples/digits/data/digits.csv", "--clients", "10", "--dirichlet", "0.5", "--seed",
                "7",
                "-o", dir + "/shards",
            ], workingDirectory: Self.root)
        #expect(split.exitCode == 0, "\(split.stderr)")
        let r = Driver.run(
            ["run", "examples/digits/topology.kf", "--set", "data_dir=\"\(dir)/shards\"", "--out", dir + "/run"],
            workingDirectory: Self.root)
        #expect(r.exitCode == 0, "\(r.stderr)")
        let accuracy = try #require(try summary(dir + "/run")["accuracy"] as? Double)
        #expect(accuracy >= 0.90)
    }

    @Test func fewerClientsWithSetN() throws {
        let out = scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = Driver.run(
            ["run", "examples/digits/topology.kf", "--set", "n=3", "--out", out], workingDirectory: Self.root)
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(try metrics(out).allSatisfy { $0["clients"] as? Int == 3 })
    }

    @Test func dpRunSpendsWhatKfcBudgetReportsAndStaysWithinTheBudget() throws {
        let out = scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = Driver.run(
            ["run", "examples/digits-dp/topology.kf", "--out", out, "--insecure-seed", "3"], workingDirectory: Self.root
        )
        #expect(r.exitCode == 0, "\(r.stderr)")
        let s = try summary(out)
        let sigma = try #require(s["noise_multiplier"] as? Double)
        let delta = try #require(s["delta"] as? Double)
        #expect(s["epsilon_budget"] as? Double == 1.0)
        #expect(s["rounds"] as? Int == 10)
        let clients = try #require(s["clients"] as? [String: [String: Any]])
        #expect(clients.count == 10)
        // The example trains with `train: auto`: full batch, and the steps the rule chose.
        let rule = try AutoTraining.choose(
            epsilon: 1, delta: 1e-5, records: 180, rounds: 10, clip: 1, accountant: .pld)
        for (id, c) in clients {
            let eps = try #require(c["epsilon"] as? Double)
            let q = try #require(c["sampling_rate"] as? Double)
            let steps = try #require(c["steps"] as? Int)
            #expect(q == 1 && steps == 10 * rule.epochs, "client \(id): q \(q), \(steps) steps")
            #expect(c["noise_multiplier"] as? Double == sigma)
            #expect(eps <= 1.0, "client \(id) spent \(eps)")
            let b = Driver.run([
                "budget", "--sampling-rate", "\(q)", "--noise-multiplier", "\(sigma)", "--steps", "\(steps)",
                "--delta", "\(delta)", "--accountant", "pld", "--format", "json",
            ])
            #expect(b.exitCode == 0, "\(b.stderr)")
            let budget = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
            let expected = try #require(budget["epsilon"] as? Double)
            #expect(abs(eps - expected) <= 1e-12 * expected, "client \(id): run \(eps), kfc budget \(expected)")
        }
        // `kfc budget` on the file proves, dataset by dataset, exactly the ε the clients spent.
        let proof = Driver.run(
            ["budget", "examples/digits-dp/topology.kf", "--format", "json"], workingDirectory: Self.root)
        #expect(proof.exitCode == 0, "\(proof.stderr)")
        let proved = try #require(
            try JSONSerialization.jsonObject(with: Data(proof.stdout.utf8)) as? [String: Any])
        let datasets = try #require(proved["datasets"] as? [[String: Any]])
        #expect(datasets.count == 10)
        for d in datasets {
            let name = try #require(d["name"] as? String)
            let id = String(name.dropFirst("digits[".count).dropLast())
            #expect(d["spent_epsilon"] as? Double == clients[id]?["epsilon"] as? Double, "\(name)")
        }
        // ε grows every round and the largest per round is what metrics.jsonl reports.
        let m = try metrics(out)
        let spent = m.compactMap { $0["epsilon"] as? Double }
        #expect(spent.count == 10 && spent == spent.sorted() && spent.last! <= 1.0)
        let report = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(report.components(separatedBy: "<svg").count - 1 == 3)
        // Each client's row: accuracy, then ε spent against its budget and the share used.
        let accuracy = try #require(s["client_accuracy"] as? [String: Double])
        for (id, c) in clients {
            let eps = try #require(c["epsilon"] as? Double)
            let row =
                "<tr><td>\(id)</td><td>\(String(format: "%.4f", accuracy[id] ?? -1))</td>"
                + "<td>\(String(format: "%.4f", eps))</td><td>1</td><td>\(String(format: "%.1f%%", eps * 100))</td>"
            #expect(report.contains(row), "no row '\(row)' in the report")
        }
    }

    @Test func clientLevelDPChargesTheServerWhatKfcBudgetReports() throws {
        let out = scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let src = try String(contentsOfFile: Self.root + "/examples/digits-dp/topology.kf", encoding: .utf8)
            .replacingOccurrences(
                of: "unit: example, epsilon: epsilon, delta: 1e-5", with: "unit: client, epsilon: epsilon, delta: 1e-3"
            )
            // `train: auto` spends an example-level budget (KF2038 under `unit: client`).
            .replacingOccurrences(
                of: "    train: auto\n", with: "    train: { epochs: 2, batch: 144, lr: 2.0 }\n"
            )
            .replacingOccurrences(of: "rounds: 10", with: "rounds: 10\n  fraction_fit: 0.5\n  min_clients: 3")
            // The RDP accountant, as `kfc budget` below defaults to.
            .replacingOccurrences(of: ", accountant: pld }", with: " }")
            .replacingOccurrences(of: "\"../digits/data\"", with: "\"\(Self.root)/examples/digits/data\"")
        try src.write(toFile: out + "/t.kf", atomically: true, encoding: .utf8)
        // The policy block's `require budget(digits_dp) <= epsilon` follows the override.
        let r = Driver.run(
            ["run", "t.kf", "--set", "epsilon=8.0", "--out", "run", "--insecure-seed", "1"], workingDirectory: out)
        #expect(r.exitCode == 0, "\(r.stderr)")
        let s = try summary(out + "/run")
        let server = try #require((s["clients"] as? [String: [String: Any]])?["server"])
        let eps = try #require(server["epsilon"] as? Double)
        let sigma = try #require(s["noise_multiplier"] as? Double)
        #expect(server["sampling_rate"] as? Double == 0.5 && server["steps"] as? Int == 10)
        let b = Driver.run([
            "budget", "--sampling-rate", "0.5", "--noise-multiplier", "\(sigma)", "--steps", "10", "--delta", "1e-3",
            "--format", "json",
        ])
        let budget = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
        let expected = try #require(budget["epsilon"] as? Double)
        #expect(abs(eps - expected) <= 1e-12 * expected && eps <= 8.0)
    }

    @Test func personalBudgetsGetTheirOwnNoise() throws {
        let out = scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        // Clients 0 and 1 hold data with tighter budgets (0.5 and 0.8) than the federation's ε = 1.
        let src = try String(contentsOfFile: Self.root + "/examples/digits-dp/topology.kf", encoding: .utf8)
            .replacingOccurrences(
                of: "    train: auto\n",
                with: "    train: auto\n"
                    + "    budget: { epsilon: [0.5, 0.8, 1, 1, 1, 1, 1, 1, 1, 1][i], delta: 1e-5 }\n"
            )
            .replacingOccurrences(of: "\"../digits/data\"", with: "\"\(Self.root)/examples/digits/data\"")
        try src.write(toFile: out + "/t.kf", atomically: true, encoding: .utf8)
        let r = Driver.run(["run", "t.kf", "--out", "run", "--insecure-seed", "1"], workingDirectory: out)
        #expect(r.exitCode == 0, "\(r.stderr)")
        let s = try summary(out + "/run")
        let clients = try #require(s["clients"] as? [String: [String: Any]])
        let shared = try #require(s["noise_multiplier"] as? Double)
        for (id, budget) in [("0", 0.5), ("1", 0.8), ("2", 1.0), ("9", 1.0)] {
            let c = try #require(clients[id])
            let eps = try #require(c["epsilon"] as? Double)
            let sigma = try #require(c["noise_multiplier"] as? Double)
            #expect(eps <= budget && eps > 0.95 * budget, "client \(id) spent \(eps) of \(budget)")
            // Only the clients with a tighter budget pay for it with more noise.
            #expect(budget < 1 ? sigma > shared : sigma == shared)
        }
    }

    @Test func aFixedNoiseThatDoesNotFitStopsBeforeRunning() throws {
        let out = scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let src = try String(contentsOfFile: Self.root + "/examples/digits-dp/topology.kf", encoding: .utf8)
            .replacingOccurrences(of: "noise: auto", with: "noise: 1.0")
            .replacingOccurrences(of: "\"../digits/data\"", with: "\"\(Self.root)/examples/digits/data\"")
        try src.write(toFile: out + "/t.kf", atomically: true, encoding: .utf8)
        let r = Driver.run(["run", "t.kf", "--out", "run", "--color", "never"], workingDirectory: out)
        #expect(r.exitCode == 1)
        #expect(r.stderr.contains("error[KF3030]: federation 'digits_dp' spends ε = "))
        #expect(!FileManager.default.fileExists(atPath: out + "/run"))
    }

    /// Without its privacy block the federation trains without DP: `require budget(f) <= ε` no
    /// longer holds (it used to, and the run trained with no noise), and nothing runs.
    @Test func droppingThePrivacyBlockStopsBeforeRunning() throws {
        let out = scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let src = try String(contentsOfFile: Self.root + "/examples/digits-dp/topology.kf", encoding: .utf8)
            .replacingOccurrences(
                of:
                    "  privacy { unit: example, epsilon: epsilon, delta: 1e-5, clip: 1.0, noise: auto, accountant: pld }\n",
                with: ""
            )
            // Written-out training: `train: auto` has no budget to choose from without DP (KF2037).
            .replacingOccurrences(of: "    train: auto\n", with: "    train: { epochs: 2, batch: 144, lr: 2.0 }\n")
            .replacingOccurrences(of: "\"../digits/data\"", with: "\"\(Self.root)/examples/digits/data\"")
        #expect(!src.contains("privacy {"))
        try src.write(toFile: out + "/t.kf", atomically: true, encoding: .utf8)
        let r = Driver.run(["run", "t.kf", "--out", "run", "--color", "never"], workingDirectory: out)
        #expect(r.exitCode == 1)
        #expect(r.stderr.contains("error[KF3032]: 'digits_dp' spends ε = ∞, but the policy requires at most 1"))
        #expect(r.stderr.contains("help: add a privacy block to 'digits_dp'"))
        #expect(!FileManager.default.fileExists(atPath: out + "/run"))
    }

    @Test func tradeoffPlotsAccuracyAgainstTheBudget() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, budget, accuracy) in [("a", "1", 0.7), ("b", "4", 0.85), ("c", nil, 0.96)]
            as [(String, String?, Double)]
        {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(name)", withIntermediateDirectories: true)
            let dp = budget.map { ", \"epsilon_budget\": \($0), \"epsilon\": \($0), \"noise_multiplier\": 2.5" } ?? ""
            let json = """
                {"federation": "f", "accuracy": \(accuracy), "loss": 0.5, "rounds": 10, "rounds_planned": 10,
                 "privacy_unit": "\(budget == nil ? "none" : "example")", "clients": {}, "seconds": 1\(dp)}
                """
            try json.write(toFile: "\(dir)/\(name)/summary.json", atomically: true, encoding: .utf8)
        }
        let r = Driver.run(["report", "--tradeoff", "c", "b", "a", "--svg", "t.svg"], workingDirectory: dir)
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                | ε budget | runs | ε spent | noise σ | accuracy (mean ± sd) | accuracy range | loss |
                |---:|---:|---:|---:|---:|---:|---:|
                | 1 | 1 | 1.000 | 2.5000 | 0.700 ± 0.000 | 0.700–0.700 | 0.500 |
                | 4 | 1 | 4.000 | 2.5000 | 0.850 ± 0.000 | 0.850–0.850 | 0.500 |
                | none | 1 | – | – | 0.960 ± 0.000 | 0.960–0.960 | 0.500 |

                """)
        let svg = try String(contentsOfFile: dir + "/t.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains(">none</text>"))
    }

    /// Seeds of one budget are one row (mean, sample sd, range), and `--floor` fails the
    /// command when a budget's mean is below it or no run has that budget.
    @Test func tradeoffAggregatesSeedsAndChecksFloors() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, budget, accuracy) in [("a", 2.0, 0.80), ("b", 2.0, 0.90), ("c", 2.0, 0.85), ("d", 4.0, 0.9)] {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(name)", withIntermediateDirectories: true)
            let json = """
                {"federation": "f", "accuracy": \(accuracy), "loss": 0.5, "rounds": 10, "rounds_planned": 10,
                 "privacy_unit": "example", "clients": {}, "seconds": 1, "epsilon_budget": \(budget),
                 "epsilon": \(budget), "noise_multiplier": 2.5}
                """
            try json.write(toFile: "\(dir)/\(name)/summary.json", atomically: true, encoding: .utf8)
        }
        let ok = Driver.run(
            ["report", "--tradeoff", "a", "b", "c", "d", "--floor", "2=0.85", "--floor", "4=0.9"], workingDirectory: dir
        )
        #expect(ok.exitCode == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("| 2 | 3 | 2.000 | 2.5000 | 0.850 ± 0.050 | 0.800–0.900 | 0.500 |"))
        let low = Driver.run(
            ["report", "--tradeoff", "a", "b", "c", "d", "--floor", "2=0.86", "--floor", "8=0.9"], workingDirectory: dir
        )
        #expect(low.exitCode == 1)
        #expect(low.stderr.contains("below target: ε = 2: mean accuracy 0.850 is below the floor 0.86"))
        #expect(low.stderr.contains("below target: ε = 8: no run at this budget"))
        let bad = Driver.run(["report", "--tradeoff", "a", "--floor", "2"], workingDirectory: dir)
        #expect(bad.exitCode == 64)
    }
}
