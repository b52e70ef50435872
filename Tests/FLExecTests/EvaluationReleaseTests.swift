import Foundation
import Privacy
import RunPlan
import Testing

@testable import FLExec

/// What a client's evaluation releases: nothing (`withheld`), or one Gaussian release a round
/// charged to its ledger before it leaves (`charged`), never charged twice for one round.
@Suite struct EvaluationReleaseTests {
    /// One client of 50 rows (41 training, 9 evaluation, as the row hash splits them), example-level
    /// DP at σ = 2.
    private func plan(dir: String, evaluation: EvaluationRelease?, unit: PrivacyUnit = .example) -> RunPlan {
        var rows = "a,b,label\n"
        for i in 0..<50 { rows += "\(i % 7),\(i % 3),\(i % 2)\n" }
        write(rows, to: "part-0.csv", in: dir)
        var plan = digitsPlan(directory: dir, clients: 1, rounds: 3, epochs: 1)
        plan.clients[0].dataset.scaling = .none
        plan.clients[0].dataset.records = 50
        plan.clients[0].train.batch = 10
        plan.minFit = 1
        plan.privacy = PrivacySpec(
            unit: unit, epsilon: 100, delta: 1e-5, clip: 1, noiseMultiplier: 2, evaluation: evaluation)
        return plan
    }

    @Test func withheldReleasesNothingAndTheServerReportsNoEvaluation() throws {
        let dir = temporaryDirectory()
        for evaluation in [nil, EvaluationRelease.withheld] {
            var sim = try FederatedSimulation(
                plan: plan(dir: dir, evaluation: evaluation), ledgerDirectory: dir + "/ledgers-\(evaluation == nil)")
            var client = sim.clients[0]
            #expect(try client.releaseEvaluation(global: sim.server.weights, round: 1) == nil)
            let result = try sim.run()
            #expect(result.rounds.count == 3)
            for line in result.rounds {
                #expect(line.accuracy == nil && line.loss == nil && line.evaluation == .withheld)
                #expect(!line.jsonLine().contains("accuracy") && !line.jsonLine().contains("\"loss\""))
            }
            // Only training was charged: 3 rounds of ⌈1 / 0.2⌉ = 5 steps.
            #expect(result.charged["client-0"]?.entries.map(\.steps) == [15])
            #expect(result.evaluationReleases.isEmpty)
            // The client's own view exists (kfc run plays every party) but is not the server's.
            #expect(result.localEvaluation != nil)
        }
    }

    @Test func chargedReleasesAreChargedPersistedAndNoisy() throws {
        let dir = temporaryDirectory()
        let plan = plan(dir: dir, evaluation: .charged)
        var sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        let result = try sim.run()
        let training = try SubsampledGaussian(q: 0.2, sigma: 2)
        let release = try SubsampledGaussian(q: 1, sigma: 2)
        // Each round: 5 training steps and one evaluation release, in that order of first use.
        let expected = try PrivacySchedule(q: 0.2, stepsPerRound: 5, rounds: 3).releasing(.charged).ledger(sigma: 2)
        #expect(expected.entries.map(\.mechanism) == [training, release])
        #expect(result.charged["client-0"] == expected)
        #expect(result.evaluationReleases["client-0"] == 3)
        let eps = try expected.epsilon(delta: 1e-5).epsilon
        #expect(result.epsilon["client-0"] == eps)
        #expect(eps > RDPAccountant.epsilon(training, steps: 15, delta: 1e-5).epsilon)
        // The server reports what the client released: noisy, in range, not the exact figures.
        for line in result.rounds {
            #expect(line.evaluation == .charged)
            let a = try #require(line.accuracy)
            #expect(a >= 0 && a <= 1)
        }
        let stored = try #require(try LedgerStore.read(dir + "/ledgers/client-0.json"))
        #expect(stored == expected)
    }

    @Test func aChargedReleaseAskedAgainIsAnsweredWithoutChargingEvenAfterARestart() throws {
        let dir = temporaryDirectory()
        let plan = plan(dir: dir, evaluation: .charged)
        let sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        var client = sim.clients[0]
        let global = sim.server.weights
        let first = try #require(try client.releaseEvaluation(global: global, round: 1))
        let charged = try #require(try LedgerStore.read(dir + "/ledgers/client-0.json"))
        #expect(charged.totalSteps == 1)
        #expect(try client.releaseEvaluation(global: global, round: 1) == first)
        // Killed after the charge: a new process answers with the release it paid for.
        var restarted = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers").clients[0]
        #expect(try restarted.releaseEvaluation(global: global, round: 1) == first)
        #expect(try LedgerStore.read(dir + "/ledgers/client-0.json") == charged)
        // A training charge in between keeps the evaluation it paid for.
        _ = try restarted.fit(global: global, config: FitConfig(round: 1))
        #expect(try restarted.releaseEvaluation(global: global, round: 1) == first)
        // Another round is a new release, charged.
        let second = try #require(try restarted.releaseEvaluation(global: global, round: 2))
        #expect(second != first)
        #expect(restarted.evaluationReleases == 2)
        #expect(
            try LedgerStore.read(dir + "/ledgers/client-0.json")?.steps(of: SubsampledGaussian(q: 1, sigma: 2)) == 2)
    }

    @Test func aReleaseTheBudgetCannotPayForIsWithheld() throws {
        let dir = temporaryDirectory()
        var plan = plan(dir: dir, evaluation: .charged)
        // One release at σ = 2 costs more than this.
        plan.privacy.epsilon = 0.5
        let sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        var client = sim.clients[0]
        #expect(try client.releaseEvaluation(global: sim.server.weights, round: 1) == nil)
        #expect(try LedgerStore.read(dir + "/ledgers/client-0.json") == nil)
    }

    @Test func clientLevelChargesTheServerOneReleaseARound() throws {
        let dir = temporaryDirectory()
        var plan = plan(dir: dir, evaluation: .charged, unit: .client)
        plan.privacy.noiseMultiplier = 1
        var sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        let result = try sim.run()
        let expected = try PrivacySchedule.client(fractionFit: 1, rounds: 3).releasing(.charged).ledger(sigma: 1)
        #expect(result.charged["server"] == expected)
        #expect(result.charged["server"]?.totalSteps == 6)
        #expect(result.evaluationReleases["server"] == 3)
        #expect(result.rounds.allSatisfy { $0.accuracy.map { $0 >= 0 && $0 <= 1 } ?? true })
    }

    @Test func underDPAnUpdateCarriesThePlansPublicWeight() throws {
        let dir = temporaryDirectory()
        let plan = plan(dir: dir, evaluation: nil)
        let sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        var client = sim.clients[0]
        let result = try client.fit(global: sim.server.weights, config: FitConfig(round: 1))
        // 41 training rows, but the update says the plan's 50 records.
        #expect(client.train.rows == 41 && result.examples == 50)
        var forged = result
        forged.examples = 41
        let screened = ServerRole.screen([forged], length: result.weights.count, weight: plan.publicWeight(of:))
        #expect(screened.accepted.isEmpty)
        #expect(screened.rejected == [.wrongWeight(client: "client-0", expected: 50, found: 41)])
        // Without DP the weight is the training rows.
        var open = plan
        open.privacy = PrivacySpec()
        #expect(open.publicWeight(of: "client-0") == nil)
    }

    @Test func evaluationIsRefusedInAPlanWithoutDP() {
        let dir = temporaryDirectory()
        var p = plan(dir: dir, evaluation: .charged)
        p.privacy = PrivacySpec(evaluation: .withheld)
        #expect(p.validationProblems().contains { $0.contains("'privacy.evaluation' needs differential privacy") })
    }
}
