import Foundation
import Privacy
import RunPlan
import Testing

@testable import FLExec

@Suite struct LedgerStoreTests {
    /// ε of `steps` steps of (q, σ) at δ = 1e-5, as `kfc budget` gives it.
    private func rdp(_ q: Double, _ sigma: Double, _ steps: Int) throws -> Double {
        RDPAccountant.epsilon(try SubsampledGaussian(q: q, sigma: sigma), steps: steps, delta: 1e-5).epsilon
    }

    @Test func chargesPersistAtomicallyAndSurviveARestart() throws {
        let dir = temporaryDirectory()
        let path = dir + "/ledgers/client-0.json"
        var store = try LedgerStore(owner: "client-0", budget: 10, delta: 1e-5, accountant: .rdp, path: path)
        let m = try SubsampledGaussian(q: 0.5, sigma: 1)
        try store.charge(m, steps: 4)
        #expect(store.spent == (try rdp(0.5, 1, 4)))
        let stored = try #require(try LedgerStore.read(path))
        #expect(stored.entries == [PrivacyLedger.Entry(mechanism: m, steps: 4)])
        let reopened = try LedgerStore(owner: "client-0", budget: 10, delta: 1e-5, accountant: .rdp, path: path)
        #expect(reopened.spent == store.spent && reopened.ledger == store.ledger)
    }

    /// A ledger file written before the ledger moved into the `Privacy` module (the executor's
    /// own accountant wrapper: `{"kind", "ledger"}`) is read as it was written.
    @Test func ledgerFilesOfEarlierVersionsAreRead() throws {
        let dir = temporaryDirectory()
        let old = """
            {
              "kind" : "rdp",
              "ledger" : {
                "entries" : [ { "mechanism" : { "q" : 0.25, "sigma" : 1.5 }, "steps" : 12 } ],
                "orders" : [ 2, 4, 8, 16, 32 ]
              }
            }
            """
        let path = write(old, to: "c.json", in: dir)
        let store = try LedgerStore(owner: "c", budget: nil, delta: 1e-5, accountant: .rdp, path: path)
        let m = try SubsampledGaussian(q: 0.25, sigma: 1.5)
        #expect(store.ledger.steps(of: m) == 12 && store.ledger.orders == [2, 4, 8, 16, 32])
        #expect(store.spent == RDPAccountant.epsilon(m, steps: 12, delta: 1e-5, orders: [2, 4, 8, 16, 32]).epsilon)
    }

    /// Two owners of one ledger file (two processes, or two runs sharing a ledger folder): each
    /// charge re-reads the file under its lock, so the spending adds up instead of the later
    /// writer overwriting the earlier one, and the budget holds across both.
    @Test func twoStoresOnOneFileAddUpTheirSpending() throws {
        let dir = temporaryDirectory()
        let path = dir + "/ledgers/c.json"
        let m = try SubsampledGaussian(q: 1, sigma: 4)
        let budget = (try rdp(1, 4, 4) + rdp(1, 4, 6)) / 2
        var a = try LedgerStore(owner: "c", budget: budget, delta: 1e-5, accountant: .rdp, path: path)
        var b = try LedgerStore(owner: "c", budget: budget, delta: 1e-5, accountant: .rdp, path: path)
        try a.charge(m, steps: 2)
        try b.charge(m, steps: 2)
        #expect(b.spent == (try rdp(1, 4, 4)))
        #expect(
            throws: LedgerError.budgetExceeded(
                owner: "c", spent: try rdp(1, 4, 4), next: try rdp(1, 4, 6), budget: budget)
        ) {
            try a.charge(m, steps: 2)
        }
        #expect(try LedgerStore.read(path)?.totalSteps == 4)
        #expect(FileManager.default.fileExists(atPath: path + ".lock"))
    }

    @Test func refusesAChargeThatWouldExceedTheBudgetAndSpendsNothing() throws {
        let dir = temporaryDirectory()
        let m = try SubsampledGaussian(q: 1, sigma: 4)
        let budget = try rdp(1, 4, 3)
        var store = try LedgerStore(owner: "c", budget: budget, delta: 1e-5, accountant: .rdp, path: dir + "/c.json")
        try store.charge(m, steps: 2)
        #expect(
            throws: LedgerError.budgetExceeded(
                owner: "c", spent: try rdp(1, 4, 2), next: try rdp(1, 4, 4), budget: budget)
        ) {
            try store.charge(m, steps: 2)
        }
        #expect(store.ledger.totalSteps == 2)
        try store.charge(m, steps: 1)
        #expect(store.spent == budget)
    }

    @Test func aRefusedMechanismSpendsNothingAndIsNotARefusal() throws {
        // The PLD accountant cannot hold the loss grid of σ = 0.01 at q = 0.5; the charge fails as
        // accounting, not as a budget refusal, and nothing is recorded.
        var store = try LedgerStore(owner: "c", budget: nil, delta: 1e-5, accountant: .pld, path: nil)
        try store.charge(try SubsampledGaussian(q: 1, sigma: 2), steps: 1)
        let before = store.ledger
        #expect(throws: LedgerError.self) { try store.charge(try SubsampledGaussian(q: 0.5, sigma: 0.01), steps: 1) }
        #expect(store.ledger == before)
        #expect(!ClientError.ledger(.accounting(owner: "c", reason: "")).isBudgetRefusal)
    }

    @Test func unreadableLedgerIsAnError() {
        let dir = temporaryDirectory()
        let path = write("not json", to: "c.json", in: dir)
        #expect(throws: LedgerError.self) {
            try LedgerStore(owner: "c", budget: 1, delta: 1e-5, accountant: .rdp, path: path)
        }
    }

    private func dpPlan(dir: String, epsilon: Double, sigma: Double) -> RunPlan {
        var rows = "a,b,label\n"
        for i in 0..<50 { rows += "\(i % 7),\(i % 3),\(i % 2)\n" }
        write(rows, to: "part-0.csv", in: dir)
        var plan = digitsPlan(directory: dir, clients: 1, rounds: 5, epochs: 1)
        plan.clients[0].dataset.scaling = .none
        plan.clients[0].train.batch = 10
        plan.privacy = PrivacySpec(unit: .example, epsilon: epsilon, delta: 1e-5, clip: 1, noiseMultiplier: sigma)
        return plan
    }

    @Test func clientChargesItsLedgerBeforeReleasingAnUpdate() throws {
        let dir = temporaryDirectory()
        let plan = dpPlan(dir: dir, epsilon: 100, sigma: 2)
        var sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        var client = sim.clients[0]
        let result = try client.fit(global: sim.server.weights, config: FitConfig(round: 1))
        // Without records or a rate in the plan, q = batch / rows = 10/50 and ⌈1/q⌉ = 5 steps.
        #expect(result.steps == 5)
        #expect(result.epsilon == (try rdp(0.2, 2, 5)))
        #expect(result.loss == nil)
        let stored = try #require(try LedgerStore.read(dir + "/ledgers/client-0.json"))
        #expect(stored.entries == [PrivacyLedger.Entry(mechanism: try SubsampledGaussian(q: 0.2, sigma: 2), steps: 5)])
        _ = try sim.run()
    }

    @Test func clientOverBudgetRefusesBeforeTrainingAndTheRunStops() throws {
        let dir = temporaryDirectory()
        // A budget between what two rounds and three rounds cost.
        let budget = (try rdp(0.2, 2, 10) + rdp(0.2, 2, 15)) / 2
        let plan = dpPlan(dir: dir, epsilon: budget, sigma: 2)
        var sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        let result = try sim.run()
        #expect(result.rounds.count == 2)
        #expect(result.stop == .budgetExhausted(round: 3, refused: ["client-0"]))
        #expect(result.epsilon["client-0"] == (try rdp(0.2, 2, 10)))
        #expect(result.rounds.map(\.epsilon) == [try rdp(0.2, 2, 5), try rdp(0.2, 2, 10)])
        #expect(result.charged["client-0"]?.totalSteps == 10)

        // A restarted client resumes its ledger and still refuses.
        var again = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        var client = again.clients[0]
        #expect(
            throws: ClientError.ledger(
                .budgetExceeded(
                    owner: "client-0", spent: try rdp(0.2, 2, 10), next: try rdp(0.2, 2, 15), budget: budget))
        ) {
            try client.fit(global: again.server.weights, config: FitConfig(round: 1))
        }
        _ = try again.run()
    }

    @Test func aRoundAskedAgainIsAnsweredWithoutTrainingOrCharging() throws {
        let dir = temporaryDirectory()
        let plan = dpPlan(dir: dir, epsilon: 100, sigma: 2)
        let sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        var client = sim.clients[0]
        let global = sim.server.weights
        let first = try client.fit(global: global, config: FitConfig(round: 1))
        let charged = try #require(try LedgerStore.read(dir + "/ledgers/client-0.json"))
        // A server that restarted asks for round 1 again with the same model: the same update,
        // no training, no second charge.
        let again = try client.fit(global: global, config: FitConfig(round: 1))
        #expect(again == first)
        #expect(client.roundsTrained == 1)
        #expect(try LedgerStore.read(dir + "/ledgers/client-0.json") == charged)
        // Another model (or round) is new work, trained and charged.
        var other = global
        other[0] += 1
        let second = try client.fit(global: other, config: FitConfig(round: 1))
        #expect(second != first)
        #expect(client.roundsTrained == 2)
        let twice = try #require(try LedgerStore.read(dir + "/ledgers/client-0.json"))
        #expect(twice.entries.map(\.steps) == [10])
    }

    @Test func aClientRestartedAfterItsChargeAnswersItsRoundWithTheUpdateItPaidFor() throws {
        let dir = temporaryDirectory()
        let plan = dpPlan(dir: dir, epsilon: 100, sigma: 2)
        let sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers")
        var client = sim.clients[0]
        let global = sim.server.weights
        let first = try client.fit(global: global, config: FitConfig(round: 1, learningRate: 0.5))
        let charged = try #require(try LedgerStore.read(dir + "/ledgers/client-0.json"))
        // Killed after the charge, before the update reached the server: a new process on the
        // same ledger folder, asked for the same round with the same model, answers with the
        // update it paid for — bit for bit, with the same ε — and charges nothing.
        var restarted = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers").clients[0]
        let again = try restarted.fit(global: global, config: FitConfig(round: 1, learningRate: 0.5))
        #expect(again.weights.map(\.bitPattern) == first.weights.map(\.bitPattern))
        #expect(again == first)
        #expect(restarted.roundsTrained == 0)
        #expect(try LedgerStore.read(dir + "/ledgers/client-0.json") == charged)
        // Another configuration or model is new work: trained and charged.
        var fresh = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers").clients[0]
        _ = try fresh.fit(global: global, config: FitConfig(round: 1))
        #expect(fresh.roundsTrained == 1)
        var other = global
        other[3] = other[3].nextUp
        _ = try fresh.fit(global: other, config: FitConfig(round: 1))
        #expect(fresh.roundsTrained == 2)
        #expect(try LedgerStore.read(dir + "/ledgers/client-0.json")?.entries.map(\.steps) == [15])
    }

    @Test func aReleasedUpdateKeepsEveryBitPattern() throws {
        let weights: [Float] = [0, -0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, 1e-38, 3.25, -7]
        let r = ReleasedUpdate(
            global: [1, 2], config: FitConfig(round: 4, proximalMu: 0.01, learningRate: nil),
            result: FitResult(client: "c", weights: weights, examples: 3, loss: nil, steps: 9, epsilon: 0.5))
        let decoded = try JSONDecoder().decode(ReleasedUpdate.self, from: try JSONEncoder().encode(r))
        #expect(decoded == r)
        let result = try #require(decoded.result(client: "c"))
        #expect(result.weights.map(\.bitPattern) == weights.map(\.bitPattern))
        #expect(result.steps == 9 && result.examples == 3 && result.epsilon == 0.5)
        #expect(r.answers([1, 2], FitConfig(round: 4, proximalMu: 0.01)))
        #expect(!r.answers([1, 2], FitConfig(round: 5, proximalMu: 0.01)))
        #expect(!r.answers([1, 2.0000002], FitConfig(round: 4, proximalMu: 0.01)))
        #expect(!r.answers([1, 2, 0], FitConfig(round: 4, proximalMu: 0.01)))
    }

    @Test func planStepsPerRoundAreWhatTheLedgerCharges() throws {
        let dir = temporaryDirectory()
        var plan = dpPlan(dir: dir, epsilon: 100, sigma: 2)
        plan.clients[0].samplingRate = 0.1
        plan.clients[0].stepsPerRound = 7
        var sim = try FederatedSimulation(plan: plan)
        var client = sim.clients[0]
        let result = try client.fit(global: sim.server.weights, config: FitConfig(round: 1))
        #expect(result.steps == 7)
        #expect(result.epsilon == (try rdp(0.1, 2, 7)))
        #expect(client.charged?.entries == [.init(mechanism: try SubsampledGaussian(q: 0.1, sigma: 2), steps: 7)])
        _ = try sim.run()
    }

    @Test func perClientBudgetsOverrideTheFederation() {
        let p = PrivacySpec(
            unit: .example, epsilon: 1, delta: 1e-5, clip: 1, noiseMultiplier: 1.1,
            perClient: ["a": ClientBudget(epsilon: 4, noiseMultiplier: 0.6)])
        #expect(p.budget(for: "a") == ClientBudget(epsilon: 4, delta: 1e-5, noiseMultiplier: 0.6))
        #expect(p.budget(for: "b") == ClientBudget(epsilon: 1, delta: 1e-5, noiseMultiplier: 1.1))
    }
}
