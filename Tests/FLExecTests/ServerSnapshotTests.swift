import Foundation
import RunPlan
import Testing

@testable import FLExec

/// A `ServerRole` restored from the snapshot of another (through JSON, as the server state
/// file holds it) goes on exactly as the original: same clients sampled, same weights.
struct ServerSnapshotTests {
    /// Three rounds of `server` over `clients` with updates drawn from `seed`: the sampled
    /// clients and weights of each round.
    func rounds(
        _ server: inout ServerRole, _ clients: [String], from first: Int, to last: Int
    ) throws -> [([String], [Float])] {
        var out = [([String], [Float])]()
        for round in first...last {
            let selected = server.selectClients(from: clients)
            let results = selected.enumerated().map { k, id in
                FitResult(
                    client: id,
                    weights: randomParameters(server.network, seed: UInt64(round * 100 + k)), examples: 10 + k)
            }
            out.append((selected, try server.aggregate(results, population: clients.count)))
        }
        return out
    }

    @Test(arguments: [
        (StrategySpec.fedadam(FedOptParameters()), PrivacySpec.Unit.none),
        (StrategySpec.fedyogi(FedOptParameters()), PrivacySpec.Unit.none),
        (StrategySpec.fedavg, PrivacySpec.Unit.client),
    ])
    func aRestoredServerContinuesBitForBit(strategy: StrategySpec, unit: PrivacySpec.Unit) throws {
        let dir = temporaryDirectory()
        var plan = digitsPlan(directory: dir, clients: 6, rounds: 4)
        plan.strategy = strategy
        plan.fractionFit = 0.5
        plan.minFit = 1
        if unit == .client {
            plan.privacy = PrivacySpec(unit: .client, epsilon: 1000, delta: 1e-5, clip: 1, noiseMultiplier: 0.5)
        }
        let network = Network(spec: plan.model, features: 4, classes: 3)
        let clients = plan.clients.map(\.id)
        var original = try ServerRole(plan: plan, network: network, ledgerDirectory: nil)
        _ = try rounds(&original, clients, from: 1, to: 1)
        let saved = try JSONEncoder().encode(original.snapshot)
        let expected = try rounds(&original, clients, from: 2, to: 4)

        var resumed = try ServerRole(plan: plan, network: network, ledgerDirectory: nil)
        try resumed.restore(JSONDecoder().decode(ServerRole.Snapshot.self, from: saved))
        #expect(resumed.round == 1)
        let got = try rounds(&resumed, clients, from: 2, to: 4)
        #expect(got.map(\.0) == expected.map(\.0))
        #expect(got.map { $0.1.map(\.bitPattern) } == expected.map { $0.1.map(\.bitPattern) })
        #expect(resumed.snapshot == original.snapshot)
    }

    @Test func aSnapshotOfAnotherModelOrStrategyIsRefused() throws {
        let plan = digitsPlan(directory: "/nowhere", clients: 2, rounds: 2)
        let network = Network(spec: plan.model, features: 4, classes: 3)
        var adam = plan
        adam.strategy = .fedadam(FedOptParameters())
        let snapshot = try ServerRole(plan: adam, network: network, ledgerDirectory: nil).snapshot
        var fedavg = try ServerRole(plan: plan, network: network, ledgerDirectory: nil)
        #expect(throws: ServerError.self) { try fedavg.restore(snapshot) }
        var wider = try ServerRole(
            plan: adam, network: Network(spec: plan.model, features: 5, classes: 3), ledgerDirectory: nil)
        #expect(throws: ServerError.self) { try wider.restore(snapshot) }
    }
}
