import Foundation
import Privacy
import RunPlan
import Testing

@testable import FLExec

@Suite(.serialized) struct FederatedSimulationTests {
    @Test func fedAvgOnIIDDigitsShardsReachesNinetyFourPercent() throws {
        var sim = try FederatedSimulation(plan: digitsPlan(directory: digitsDataDirectory))
        var seen = [Int]()
        var checkpoints = [ModelCheckpoint]()
        let result = try sim.run(onRound: { seen.append($0.round) }, onModel: { checkpoints.append($0) })
        #expect(seen == Array(1...10))
        #expect(checkpoints.map(\.round) == Array(1...10))
        #expect(checkpoints.last?.weights == result.weights)
        #expect(result.rounds.allSatisfy { $0.clients == 10 && $0.epsilon == nil })
        let last = try #require(result.rounds.last)
        #expect(last.accuracy ?? 0 >= 0.94, "accuracy \(last.accuracy ?? -1)")
        #expect(result.stop == nil)
    }

    @Test func fedAvgOnDirichletDigitsShardsReachesNinetyPercent() throws {
        let dir = temporaryDirectory()
        try DataSplit.split(
            path: digitsDataDirectory + "/digits.csv", label: "label", clients: 10, scheme: .dirichlet(alpha: 0.5),
            seed: 7, outputDirectory: dir)
        var sim = try FederatedSimulation(plan: digitsPlan(directory: dir))
        let last = try #require(try sim.run().rounds.last)
        #expect(last.accuracy ?? 0 >= 0.90, "accuracy \(last.accuracy ?? -1)")
    }

    @Test func deepMLPWithDropoutAndL2Learns() throws {
        var plan = digitsPlan(directory: digitsDataDirectory, clients: 4, rounds: 5, epochs: 2)
        plan.model = .mlp(hidden: [32, 32, 16], dropout: 0.1, l2: 1e-4)
        for k in plan.clients.indices { plan.clients[k].train.lr = 0.05 }
        #expect(plan.validationProblems().isEmpty)
        var a = try FederatedSimulation(plan: plan)
        let ra = try a.run()
        let last = try #require(ra.rounds.last)
        // Ten classes: chance is 0.1. Four layers with dropout learn well past it in five rounds.
        #expect(last.accuracy ?? 0 >= 0.6, "accuracy \(last.accuracy ?? -1)")
        var b = try FederatedSimulation(plan: plan)
        #expect(try b.run().weights == ra.weights)
    }

    @Test func runsAreDeterministicWithSeeds() throws {
        var plan = digitsPlan(directory: digitsDataDirectory, clients: 4, rounds: 2, epochs: 1)
        plan.minFit = 2
        plan.fractionFit = 0.5
        var a = try FederatedSimulation(plan: plan)
        var b = try FederatedSimulation(plan: plan)
        let ra = try a.run()
        let rb = try b.run()
        #expect(ra.weights == rb.weights)
        #expect(ra.rounds.map(\.accuracy) == rb.rounds.map(\.accuracy))
        #expect(ra.rounds.allSatisfy { $0.clients == 2 })
    }

    @Test(arguments: [
        StrategySpec.fedprox(mu: 0.01), .fedadam(FedOptParameters(eta: 0.1, etaL: 0.1, tau: 1e-3)),
        .fedyogi(FedOptParameters(eta: 0.1, etaL: 0.1, tau: 1e-3)),
        .fedadagrad(FedOptParameters(eta: 0.1, etaL: 0.1, beta1: 0, tau: 1e-3)),
        .fedmedian, .trimmedMean(beta: 0.2), .krum(f: 1), .multikrum(f: 1, m: 3),
    ])
    func everyStrategyTrainsAnMLP(strategy: StrategySpec) throws {
        var plan = digitsPlan(directory: digitsDataDirectory, clients: 5, rounds: 3, epochs: 1)
        plan.model = .mlp(hidden: [16])
        plan.strategy = strategy
        var sim = try FederatedSimulation(plan: plan)
        let last = try #require(try sim.run().rounds.last)
        #expect(last.accuracy ?? 0 > 0.5, "\(strategy.name): accuracy \(last.accuracy ?? -1)")
    }

    @Test func exampleLevelDPReportsTheLargestClientEpsilon() throws {
        var plan = digitsPlan(directory: digitsDataDirectory, clients: 3, rounds: 3, epochs: 1)
        plan.privacy = PrivacySpec(
            unit: .example, epsilon: 50, delta: 1e-5, clip: 1, noiseMultiplier: 1,
            perClient: ["client-1": ClientBudget(noiseMultiplier: 2)])
        var sim = try FederatedSimulation(plan: plan)
        let result = try sim.run()
        #expect(result.rounds.count == 3)
        let spent = result.epsilon
        #expect(spent["client-1"]! < spent["client-0"]!)
        #expect(result.rounds.last?.epsilon == spent.values.max())
        #expect(result.noiseMultiplier["client-1"] == 2)
        // Withheld (the default): the server has no accuracy; each client's own view does.
        #expect(result.rounds.last?.accuracy == nil)
        #expect(try #require(result.localEvaluation).accuracy > 0.25)
    }

    @Test func clientLevelDPChargesTheServerOncePerRound() throws {
        var plan = digitsPlan(directory: digitsDataDirectory, clients: 10, rounds: 4, epochs: 1)
        plan.fractionFit = 0.5
        plan.privacy = PrivacySpec(unit: .client, epsilon: 1.1, delta: 1e-5, clip: 5, noiseMultiplier: 2)
        // The server charges one step of (q = fraction_fit, σ) a round: the budget is what four cost.
        let m = try SubsampledGaussian(q: 0.5, sigma: 2)
        let spent = (1...5).map { RDPAccountant.epsilon(m, steps: $0, delta: 1e-5).epsilon }
        plan.privacy.epsilon = (spent[3] + spent[4]) / 2
        var sim = try FederatedSimulation(plan: plan)
        let result = try sim.run()
        #expect(result.rounds.map(\.epsilon) == Array(spent.prefix(4)))
        #expect(result.charged["server"]?.entries == [PrivacyLedger.Entry(mechanism: m, steps: 4)])
        #expect(result.stop == nil)
        plan.rounds = 5
        var over = try FederatedSimulation(plan: plan)
        #expect(try over.run().stop == .serverBudgetExhausted(round: 5))
    }

    @Test func clientLevelDPRejectsRobustStrategies() {
        var plan = digitsPlan(directory: digitsDataDirectory, clients: 4, rounds: 1, epochs: 1)
        plan.strategy = .krum(f: 1)
        plan.privacy = PrivacySpec(unit: .client, epsilon: 1, clip: 1, noiseMultiplier: 1)
        #expect(throws: SimulationError.self) { try FederatedSimulation(plan: plan) }
    }

    @Test func serverEvaluationDataIsScoredEveryRound() throws {
        var plan = digitsPlan(directory: digitsDataDirectory, clients: 3, rounds: 2, epochs: 1)
        plan.server.evaluation = DatasetSpec(path: digitsDataDirectory + "/part-9.csv", scaling: .divide(by: 16))
        var sim = try FederatedSimulation(plan: plan)
        let result = try sim.run()
        #expect(result.rounds.allSatisfy { ($0.serverAccuracy ?? 0) > 0.5 && $0.serverLoss != nil })
    }

    @Test func aDivergedClientIsRejectedAndTheRoundGoesOn() throws {
        var plan = digitsPlan(directory: digitsDataDirectory, clients: 3, rounds: 2, epochs: 1)
        plan.minFit = 2
        plan.clients[2].train.lr = 1e38
        var sim = try FederatedSimulation(plan: plan)
        let result = try sim.run()
        #expect(result.rounds.map(\.clients) == [2, 2])
        #expect(result.rounds[0].rejected == ["update from 'client-2' holds a non-finite weight"])
        #expect(result.weights.allSatisfy { $0.isFinite })
        plan.minFit = 3
        var strict = try FederatedSimulation(plan: plan)
        #expect(throws: SimulationError.notEnoughClients(round: 1, needed: 3, got: 2)) { try strict.run() }
    }

    @Test func dataErrorsSurfaceWithTheirPosition() {
        let dir = temporaryDirectory()
        write("a,label\n1,0\n2,x\n", to: "part-0.csv", in: dir)
        let plan = digitsPlan(directory: dir, clients: 1)
        #expect(
            throws: SimulationError.client(
                .data(.invalidLabel(path: dir + "/part-0.csv", row: 3, column: 2, value: "x")))
        ) {
            try FederatedSimulation(plan: plan)
        }
    }
}

@Suite struct OutputFormatTests {
    @Test func metricsLinesAreCompactSortedJSON() {
        let line = RoundMetrics(round: 2, accuracy: 0.5, loss: 1.25, epsilon: nil, clients: 3, seconds: 0.5).jsonLine()
        #expect(line == #"{"accuracy":0.5,"clients":3,"loss":1.25,"round":2,"seconds":0.5}"# + "\n")
        let dp = RoundMetrics(
            round: 1, accuracy: 1, loss: 0, epsilon: 0.75, clients: 1, seconds: 1, serverAccuracy: 0.5, serverLoss: 2)
        #expect(dp.jsonLine().contains(#""epsilon":0.75"#) && dp.jsonLine().contains(#""server_accuracy":0.5"#))
    }

    @Test func checkpointsRoundTrip() throws {
        let network = Network(features: 3, hidden: [4], classes: 2)
        let c = ModelCheckpoint(
            federation: "f", round: 7, network: network, weights: network.initialParameters(seed: 3))
        let back = try ModelCheckpoint.decode(from: c.encoded())
        #expect(back == c)
        #expect(back.network == network)
        var broken = c
        broken.weights.removeLast()
        #expect(throws: DecodingError.self) { try ModelCheckpoint.decode(from: broken.encoded()) }
    }
}
