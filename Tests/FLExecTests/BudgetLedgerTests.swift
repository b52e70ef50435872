import Foundation
import RunPlan
import Testing

@testable import FLExec

@Suite struct BudgetLedgerTests {
    @Test func chargesPersistAtomicallyAndSurviveARestart() throws {
        let dir = temporaryDirectory()
        let path = dir + "/ledgers/client-0.json"
        var ledger = try BudgetLedger(
            owner: "client-0", budget: 10, delta: 1e-5, path: path, kind: .rdp, factory: .linearTest)
        try ledger.charge(q: 0.5, sigma: 1, steps: 4)
        #expect(ledger.spent == 2)
        let stored = try JSONDecoder().decode(
            LinearTestAccountant.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(stored == LinearTestAccountant(spent: 2, records: 1))
        let reopened = try BudgetLedger(
            owner: "client-0", budget: 10, delta: 1e-5, path: path, kind: .rdp, factory: .linearTest)
        #expect(reopened.spent == 2)
    }

    /// Two owners of one ledger file (two processes, or two runs sharing a ledger folder): each
    /// charge re-reads the file under its lock, so the spending adds up instead of the later
    /// writer overwriting the earlier one, and the budget holds across both.
    @Test func twoLedgersOnOneFileAddUpTheirSpending() throws {
        let dir = temporaryDirectory()
        let path = dir + "/ledgers/c.json"
        var a = try BudgetLedger(owner: "c", budget: 5, delta: 1e-5, path: path, kind: .rdp, factory: .linearTest)
        var b = try BudgetLedger(owner: "c", budget: 5, delta: 1e-5, path: path, kind: .rdp, factory: .linearTest)
        try a.charge(q: 1, sigma: 1, steps: 2)
        try b.charge(q: 1, sigma: 1, steps: 2)
        #expect(b.spent == 4)
        #expect(throws: LedgerError.budgetExceeded(owner: "c", spent: 4, next: 6, budget: 5)) {
            try a.charge(q: 1, sigma: 1, steps: 2)
        }
        let stored = try JSONDecoder().decode(
            LinearTestAccountant.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(stored.spent == 4)
        #expect(FileManager.default.fileExists(atPath: path + ".lock"))
    }

    @Test func refusesAChargeThatWouldExceedTheBudgetAndSpendsNothing() throws {
        let dir = temporaryDirectory()
        var ledger = try BudgetLedger(
            owner: "c", budget: 3, delta: 1e-5, path: dir + "/c.json", kind: .rdp, factory: .linearTest)
        try ledger.charge(q: 1, sigma: 1, steps: 2)
        #expect(throws: LedgerError.budgetExceeded(owner: "c", spent: 2, next: 4, budget: 3)) {
            try ledger.charge(q: 1, sigma: 1, steps: 2)
        }
        #expect(ledger.spent == 2)
        try ledger.charge(q: 1, sigma: 1, steps: 1)
        #expect(ledger.spent == 3)
    }

    /// Throws on σ = 0, as the `Privacy` module's mechanisms do.
    struct StrictTestAccountant: PrivacyAccounting {
        struct NoNoise: Error {}
        var inner = LinearTestAccountant()
        mutating func record(q: Double, sigma: Double, steps: Int) throws {
            guard sigma > 0 else { throw NoNoise() }
            inner.record(q: q, sigma: sigma, steps: steps)
        }
        func epsilon(delta: Double) throws -> Double { inner.epsilon(delta: delta) }
    }

    @Test func accountantErrorsSpendNothingAndAreNotRefusals() throws {
        let factory = PrivacyAccountantFactory.codable(StrictTestAccountant.self) { _ in StrictTestAccountant() }
        var ledger = try BudgetLedger(owner: "c", budget: nil, delta: 1e-5, path: nil, kind: .rdp, factory: factory)
        try ledger.charge(q: 1, sigma: 2, steps: 1)
        #expect(throws: LedgerError.accounting(owner: "c", reason: "NoNoise()")) {
            try ledger.charge(q: 1, sigma: 0, steps: 1)
        }
        #expect(ledger.spent == 0.5)
        #expect(!ClientError.ledger(.accounting(owner: "c", reason: "")).isBudgetRefusal)
    }

    @Test func unreadableLedgerIsAnError() {
        let dir = temporaryDirectory()
        let path = write("not json", to: "c.json", in: dir)
        #expect(throws: LedgerError.self) {
            try BudgetLedger(owner: "c", budget: 1, delta: 1e-5, path: path, kind: .rdp, factory: .linearTest)
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
        var sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers", accountants: .linearTest)
        var client = sim.clients[0]
        let result = try client.fit(global: sim.server.weights, config: FitConfig(round: 1))
        // q = 10/40 (40 training rows), steps = ⌈1/q⌉ = 4: ε = q·steps/σ = 0.5.
        #expect(result.steps == 4)
        #expect(result.epsilon == 0.5)
        #expect(result.loss == nil)
        let stored = try JSONDecoder().decode(
            LinearTestAccountant.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/ledgers/client-0.json")))
        #expect(stored.spent == 0.5)
        _ = try sim.run()
    }

    @Test func clientOverBudgetRefusesBeforeTrainingAndTheRunStops() throws {
        let dir = temporaryDirectory()
        // Each round costs 0.5; a budget of 1.2 allows two rounds of five.
        let plan = dpPlan(dir: dir, epsilon: 1.2, sigma: 2)
        var sim = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers", accountants: .linearTest)
        let result = try sim.run()
        #expect(result.rounds.count == 2)
        #expect(result.stop == .budgetExhausted(round: 3, refused: ["client-0"]))
        #expect(result.epsilon["client-0"] == 1.0)
        #expect(result.rounds.map(\.epsilon) == [0.5, 1.0])

        // A restarted client resumes its ledger and still refuses.
        var again = try FederatedSimulation(plan: plan, ledgerDirectory: dir + "/ledgers", accountants: .linearTest)
        var client = again.clients[0]
        #expect(throws: ClientError.ledger(.budgetExceeded(owner: "client-0", spent: 1.0, next: 1.5, budget: 1.2))) {
            try client.fit(global: again.server.weights, config: FitConfig(round: 1))
        }
        _ = try again.run()
    }

    @Test func planStepsPerRoundAreWhatTheLedgerCharges() throws {
        let dir = temporaryDirectory()
        var plan = dpPlan(dir: dir, epsilon: 100, sigma: 2)
        plan.clients[0].samplingRate = 0.1
        plan.clients[0].stepsPerRound = 7
        var sim = try FederatedSimulation(plan: plan, accountants: .linearTest)
        var client = sim.clients[0]
        let result = try client.fit(global: sim.server.weights, config: FitConfig(round: 1))
        #expect(result.steps == 7)
        #expect(abs(result.epsilon! - 0.1 * 7 / 2) < 1e-12)
        _ = try sim.run()
    }

    @Test func perClientBudgetsOverrideTheFederation() {
        let p = PrivacySpec(
            unit: .example, epsilon: 1, delta: 1e-5, clip: 1, noiseMultiplier: 1.1,
            perClient: ["a": ClientBudget(epsilon: 4, noiseMultiplier: 0.6)])
        #expect(p.budget(for: "a") == ClientBudget(epsilon: 4, delta: 1e-5, noiseMultiplier: 0.6))
        #expect(p.budget(for: "b") == ClientBudget(epsilon: 1, delta: 1e-5, noiseMultiplier: 1.1))
    }

    @Test func dpPlanWithoutAnAccountantIsRejected() {
        let dir = temporaryDirectory()
        #expect(throws: SimulationError.self) {
            try FederatedSimulation(plan: dpPlan(dir: dir, epsilon: 1, sigma: 1))
        }
    }
}
