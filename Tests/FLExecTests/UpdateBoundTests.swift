import Foundation
import Privacy
import RunPlan
import Testing

@testable import FLExec

/// The server refuses an update only when no honest client's DP-SGD round could have made it.
@Suite struct UpdateBoundTests {
    /// Digits, four clients, example-level DP with the plan's rate and steps, momentum, weight
    /// decay, L2, FedProx and the server's learning rate: every knob the bound reads.
    func plan(sigma: Double, lr: Double, seed: UInt64) -> RunPlan {
        var p = digitsPlan(directory: digitsDataDirectory, clients: 4, rounds: 4, epochs: 1)
        p.model = .mlp(hidden: [16])
        p.model.l2 = 0.01
        p.strategy = .fedprox(mu: 0.1)
        p.privacy = PrivacySpec(unit: .example, epsilon: 1000, delta: 1e-5, clip: 0.5, noiseMultiplier: sigma)
        for i in p.clients.indices {
            p.clients[i].samplingRate = 0.05
            p.clients[i].stepsPerRound = 12
            p.clients[i].train.lr = lr
            p.clients[i].train.momentum = 0.9
            p.clients[i].train.weightDecay = 0.001
        }
        p.seeds = SeedSpec(initialization: seed, shuffle: seed + 1, insecureSeed: seed + 2)
        return p
    }

    @Test(arguments: [(0.6, 0.5), (1.1, 2.0), (3.0, 0.05)])
    func honestUpdatesAreNeverRefused(sigma: Double, lr: Double) throws {
        for seed: UInt64 in 1...4 {
            var sim = try FederatedSimulation(plan: plan(sigma: sigma, lr: lr, seed: seed))
            let result = try sim.run()
            #expect(result.rounds.count == 4)
            #expect(result.rounds.allSatisfy { $0.rejected == nil }, "\(result.rounds.compactMap(\.rejected))")
        }
    }

    @Test func anUpdateNoHonestRoundCouldMakeIsRefusedWithItsReason() throws {
        let p = plan(sigma: 1.1, lr: 0.5, seed: 9)
        let sim = try FederatedSimulation(plan: p)
        var client = sim.clients[0]
        let global = sim.server.weights
        let config = FitConfig(round: 1, proximalMu: 0.1)
        let honest = try client.fit(global: global, config: config)
        let bound = try #require(UpdateBound(plan: p, global: global, config: config).maxChange(client: "client-0"))
        let change = UpdateBound.change(honest, from: global)
        #expect(change > 0 && change <= bound)
        // Loose by design, but not meaningless: within a few thousand times the honest change.
        #expect(bound < change * 10_000)
        var forged = honest
        forged.weights = zip(global, honest.weights).map { g, w in g + (w - g) * Float(2 * bound / change) }
        let screened = ServerRole.screen([honest, forged], length: global.count, global: global) {
            UpdateBound(plan: p, global: global, config: config).maxChange(client: $0)
        }
        #expect(screened.accepted == [honest])
        guard case .tooFar(let who, let moved, let allowed)? = screened.rejected.first else {
            Issue.record("not refused: \(screened.rejected)")
            return
        }
        #expect(who == "client-0" && moved > allowed && allowed == bound)
        #expect(screened.rejected[0].description.contains("its clip bound allows at most"))
    }

    @Test func withoutExampleLevelDPOrTheClientsScheduleThereIsNoBound() {
        var p = plan(sigma: 1.1, lr: 0.5, seed: 1)
        let global = [Float](repeating: 0.5, count: 10)
        #expect(UpdateBound(plan: p, global: global, config: FitConfig(round: 1)).maxChange(client: "client-0") != nil)
        #expect(UpdateBound(plan: p, global: global, config: FitConfig(round: 1)).maxChange(client: "nobody") == nil)
        p.clients[0].stepsPerRound = nil
        #expect(UpdateBound(plan: p, global: global, config: FitConfig(round: 1)).maxChange(client: "client-0") == nil)
        p.privacy.unit = .client
        #expect(UpdateBound(plan: p, global: global, config: FitConfig(round: 1)).maxChange(client: "client-1") == nil)
        // A schedule whose bound passes Double is no bound (nothing is refused), not a trap.
        var huge = plan(sigma: 1.1, lr: 1e6, seed: 1)
        huge.clients[0].stepsPerRound = 100_000_000
        #expect(
            UpdateBound(plan: huge, global: global, config: FitConfig(round: 1)).maxChange(client: "client-0") == nil)
    }
}
