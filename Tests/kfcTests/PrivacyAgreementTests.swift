import Backends
import Compiler
import FLExec
import Foundation
import KFLang
import PolicyCheck
import Privacy
import RunPlan
import Testing

@testable import kfc

/// The budget proof, the run plan and the executor's ledgers agree exactly, for every privacy
/// unit and with personal budgets: the same q, the same steps, the same noise and the same ε,
/// because all three take the client's `PrivacySchedule` and compose one `PrivacyLedger`. Under
/// `evaluation: charged` the ledgers hold the evaluation releases (q = 1, one a round) too.
@Suite struct PrivacyAgreementTests {
    static let root = ExamplesTests.root.path

    /// The digits-dp example with `edits` applied, its data read from the repository.
    private func source(_ edits: [(String, String)]) throws -> String {
        var src = try String(contentsOfFile: Self.root + "/examples/digits-dp/topology.kf", encoding: .utf8)
            .replacingOccurrences(of: "\"../digits/data\"", with: "\"\(Self.root)/examples/digits/data\"")
        for (a, b) in edits {
            #expect(src.contains(a), "the example has no '\(a)'")
            src = src.replacingOccurrences(of: a, with: b)
        }
        return src
    }

    /// Proves, plans and runs `src`; checks that the three agree and returns the run's ledgers.
    @discardableResult
    private func agree(_ src: String) throws -> (plan: RunPlan, charged: [String: PrivacyLedger]) {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("kfc-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try src.write(toFile: dir + "/t.kf", atomically: true, encoding: .utf8)
        let ctx = Context(environment: [:], workingDirectory: dir, stderrIsTerminal: false, live: false)
        let sink = DiagnosticSink()
        let (_, compiled) = try CompileSession(ctx: ctx, options: CompileOptions.parse([])).compile(
            ["t.kf"], sink: sink)
        #expect(!sink.hasErrors, "\(sink.diagnostics.map(\.message))")
        let proof = PrivacyBudgetCheck.prove(try #require(compiled.first)) { _ in nil }
        #expect(proof.diagnostics.isEmpty, "\(proof.diagnostics.map(\.message))")
        let f = try #require(proof.deployment.federations.first)
        let p = try #require(f.privacy)
        let proved = try #require(proof.ledgers[f.name])
        var plan = RunPlanEmitter(topology: Topology(proof.deployment)).plan(of: f, paths: .host)
        plan.seeds.insecureSeed = 5
        var simulation = try FederatedSimulation(plan: plan, baseDirectory: dir, ledgerDirectory: dir + "/ledgers")
        let result = try simulation.run()
        #expect(result.stop == nil && result.rounds.count == f.rounds)
        let accountant = p.accountant
        #expect(plan.privacy.accountant == accountant)
        #expect(proved.count == plan.clients.count)
        for c in plan.clients {
            let ledger = try #require(proved[c.id])
            let entry = try #require(ledger.entries.first)
            // The training steps, then (charged) one evaluation release a round at the same σ —
            // one entry with the training's when the training is full-batch (q = 1 as well).
            let releases = plan.privacy.evaluationRelease == .charged ? plan.rounds : 0
            let total = ledger.entries.map(\.steps).reduce(0, +)
            if releases > 0 {
                let release = try SubsampledGaussian(q: 1, sigma: entry.mechanism.sigma)
                #expect(ledger.entries.contains { $0.mechanism == release })
                #expect(ledger.entries.count == (entry.mechanism == release ? 1 : 2))
            } else {
                #expect(ledger.entries.count == 1)
            }
            let budget = plan.privacy.budget(for: c.id)
            let delta = try #require(budget.delta)
            let proofEpsilon = try ledger.epsilon(delta: delta, accountant: accountant).epsilon
            switch plan.privacy.unit {
            case .example:
                // The plan carries the proof's q and steps, and the client's noise.
                #expect(c.samplingRate == entry.mechanism.q)
                #expect(try #require(c.stepsPerRound) * plan.rounds + releases == total)
                #expect(budget.noiseMultiplier == entry.mechanism.sigma)
                // The executor charged exactly that, persisted it, and reports that ε.
                #expect(result.charged[c.id] == ledger)
                #expect(try LedgerStore.read(dir + "/ledgers/\(c.id).json") == ledger)
                #expect(result.epsilon[c.id] == proofEpsilon)
                #expect(proofEpsilon <= budget.epsilon!)
            case .client:
                // One mechanism for everyone: the server's ledger.
                #expect(entry.mechanism.q == plan.fractionFit && total == plan.rounds + releases)
                #expect(result.charged["server"] == ledger)
                #expect(try LedgerStore.read(dir + "/ledgers/server.json") == ledger)
                #expect(result.epsilon["server"] == proofEpsilon)
            case .none:
                Issue.record("a DP federation planned without DP")
            }
        }
        // The summary reports the ledgers' q and steps.
        let summary = LocalRun(ctx: ctx, plan: plan, baseDirectory: dir, output: dir).summarize(
            result, lines: result.rounds)
        for (id, spend) in summary.clients {
            let charged = try #require(result.charged[id])
            // Its steps are the training's (the releases, merged into the entry when q = 1 too,
            // are counted apart).
            let releases = plan.privacy.evaluationRelease == .charged ? plan.rounds : 0
            #expect(spend.steps == (charged.entries.first?.steps ?? 0) - (charged.entries.count == 1 ? releases : 0))
            #expect(spend.samplingRate == charged.entries.first?.mechanism.q)
            #expect(spend.evaluationReleases == (plan.privacy.evaluationRelease == .charged ? plan.rounds : nil))
        }
        return (plan, result.charged)
    }

    @Test func exampleLevel() throws {
        // The example trains with `train: auto`: full batch (q = 1) and the rule's steps.
        let rule = try AutoTraining.choose(
            epsilon: 1, delta: 1e-5, records: 180, rounds: 10, clip: 1, accountant: .pld)
        let (plan, _) = try agree(try source([]))
        #expect(plan.privacy.accountant == .pld)
        #expect(plan.clients.allSatisfy { $0.samplingRate == 1 && $0.stepsPerRound == rule.epochs })
        #expect(plan.clients.allSatisfy { $0.train.batch == 180 && $0.train.lr == rule.lr })
    }

    @Test func exampleLevelWithPersonalBudgets() throws {
        // Clients 0 and 1 hold data with tighter budgets, client 1 also at a smaller δ.
        let (plan, charged) = try agree(
            try source([
                (
                    "    train: auto\n",
                    "    train: auto\n"
                        + "    budget: { epsilon: [0.5, 0.8, 1, 2, 1, 1, 1, 1, 1, 1][i], "
                        + "delta: [1e-5, 1e-6, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5][i] }\n"
                )
            ]))
        #expect(plan.privacy.budget(for: "1").delta == 1e-6)
        // A looser personal budget (client 3's ε = 2) is held to the federation's.
        #expect(plan.privacy.budget(for: "3").epsilon == 1)
        let sigma = { (id: String) in charged[id]?.entries.first?.mechanism.sigma ?? 0 }
        #expect(sigma("0") > sigma("2") && sigma("1") > sigma("2") && sigma("3") == sigma("2"))
    }

    @Test func exampleLevelWithChargedEvaluation() throws {
        let (plan, charged) = try agree(try source([("accountant: pld }", "accountant: pld, evaluation: charged }")]))
        #expect(plan.privacy.evaluation == .charged)
        // The noise was solved with the releases in: more than the withheld run's.
        let (withheld, plain) = try agree(try source([]))
        #expect(withheld.privacy.evaluation == .withheld)
        #expect(plan.privacy.noiseMultiplier > withheld.privacy.noiseMultiplier)
        // The same training steps (full batch under `train: auto`: the releases share its entry).
        let steps = { (l: PrivacyLedger?) in l?.entries.map(\.steps).reduce(0, +) ?? 0 }
        #expect(steps(charged["0"]) - plan.rounds == steps(plain["0"]))
    }

    @Test func exampleLevelWithPersonalBudgetsAndChargedEvaluation() throws {
        try agree(
            try source([
                (
                    "    train: auto\n",
                    "    train: auto\n"
                        + "    budget: { epsilon: [0.5, 0.8, 1, 2, 1, 1, 1, 1, 1, 1][i], delta: 1e-5 }\n"
                ),
                ("accountant: pld }", "accountant: pld, evaluation: charged }"),
            ]))
    }

    @Test func clientLevelWithChargedEvaluation() throws {
        try agree(
            try source([
                ("unit: example, epsilon: epsilon, delta: 1e-5", "unit: client, epsilon: epsilon, delta: 1e-3"),
                ("rounds: 10", "rounds: 10\n  fraction_fit: 0.5\n  min_clients: 3"),
                ("let epsilon = 1.0", "let epsilon = 8.0"),
                ("accountant: pld }", "accountant: pld, evaluation: charged }"),
                ("    train: auto\n", "    train: { epochs: 2, batch: 144, lr: 2.0 }\n"),
            ]))
    }

    @Test func clientLevel() throws {
        try agree(
            try source([
                ("unit: example, epsilon: epsilon, delta: 1e-5", "unit: client, epsilon: epsilon, delta: 1e-3"),
                ("rounds: 10", "rounds: 10\n  fraction_fit: 0.5\n  min_clients: 3"),
                ("let epsilon = 1.0", "let epsilon = 8.0"),
                // `train: auto` spends an example-level budget (KF2038 under `unit: client`).
                ("    train: auto\n", "    train: { epochs: 2, batch: 144, lr: 2.0 }\n"),
            ]))
    }
}
