import Foundation
import RunPlan
import Testing

@testable import FLExec

@Suite struct StrategyTests {
    let global: [Float] = [0, 1, -1]
    let results = [
        FitResult(client: "a", weights: [1, 2, 3], examples: 10),
        FitResult(client: "b", weights: [2, 0, -1], examples: 30),
        FitResult(client: "c", weights: [-4, 5, 0], examples: 20),
        FitResult(client: "d", weights: [0.5, 1, 2], examples: 40),
        FitResult(client: "e", weights: [100, -100, 50], examples: 1),
    ]

    private func close(_ a: [Float], _ b: [Double], _ tolerance: Double = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs(Double($0) - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test func fedAvgWeightsByExamples() throws {
        var s = Aggregation.strategy(.fedavg)
        let out = try s.aggregate(global: global, results: Array(results.prefix(3)))
        // (10·[1,2,3] + 30·[2,0,−1] + 20·[−4,5,0]) / 60
        let expected: [Double] = [-10.0 / 60, 120.0 / 60, 0]
        #expect(close(out, expected))
    }

    @Test func fedProxAggregatesLikeFedAvgAndTellsClientsMu() throws {
        var a = Aggregation.strategy(.fedavg)
        var b = Aggregation.strategy(.fedprox(mu: 0.1))
        #expect(try a.aggregate(global: global, results: results) == b.aggregate(global: global, results: results))
        #expect(StrategySpec.fedprox(mu: 0.1).proximalMu == 0.1)
    }

    @Test func fedMedianIsCoordinateWise() throws {
        var s = Aggregation.strategy(.fedmedian)
        #expect(try s.aggregate(global: global, results: results) == [1, 1, 2])
        #expect(try s.aggregate(global: global, results: Array(results.prefix(4))) == [0.75, 1.5, 1])
    }

    @Test func trimmedMeanDropsBetaAtEachEnd() throws {
        var s = Aggregation.strategy(.trimmedMean(beta: 0.2))
        // n = 5, cut 1 each end. Coordinate 0: sorted −4, 0.5, 1, 2, 100 → mean(0.5, 1, 2).
        let out = try s.aggregate(global: global, results: results)
        let expected: [Double] = [3.5 / 3, 1, 5.0 / 3]
        #expect(close(out, expected))
        var none = Aggregation.strategy(.trimmedMean(beta: 0.1))
        let mean = try none.aggregate(global: global, results: results)
        let plain: [Double] = [99.5 / 5, -92.0 / 5, 54.0 / 5]
        #expect(close(mean, plain))
    }

    /// Krum scores by brute force.
    private func directScores(_ rs: [FitResult], f: Int) -> [Double] {
        rs.indices.map { i in
            rs.indices.filter { $0 != i }.map { j in
                zip(rs[i].weights, rs[j].weights).reduce(0.0) { $0 + pow(Double($1.0) - Double($1.1), 2) }
            }.sorted().prefix(rs.count - f - 2).reduce(0, +)
        }
    }

    @Test func krumPicksTheModelClosestToItsNeighbours() throws {
        let scores = Krum.scores(results, f: 1)
        let direct = directScores(results, f: 1)
        #expect(zip(scores, direct).allSatisfy { abs($0 - $1) < 1e-9 })
        let best = direct.indices.min { direct[$0] < direct[$1] }!
        var s = Aggregation.strategy(.krum(f: 1))
        #expect(try s.aggregate(global: global, results: results) == results[best].weights)
        #expect(best != 4)
    }

    @Test func multiKrumAveragesTheMBestByExamples() throws {
        let direct = directScores(results, f: 1)
        let best = direct.indices.sorted { direct[$0] < direct[$1] }.prefix(3)
        let kept = best.map { results[$0] }
        let total = Double(kept.reduce(0) { $0 + $1.examples })
        let expected = (0..<3).map { i in kept.reduce(0.0) { $0 + Double($1.weights[i]) * Double($1.examples) } / total
        }
        var s = Aggregation.strategy(.multikrum(f: 1, m: 3))
        #expect(close(try s.aggregate(global: global, results: results), expected))
        #expect(!best.contains(4))
    }

    @Test func krumNeedsEnoughClients() {
        var s = Aggregation.strategy(.krum(f: 2))
        #expect(throws: AggregationError.tooFewResults(strategy: "krum", needed: 5, found: 3)) {
            try s.aggregate(global: global, results: Array(results.prefix(3)))
        }
    }

    /// Two rounds of a server optimiser, computed directly from Reddi et al.'s formulas.
    private func directFedOpt(_ rule: FedOpt.Rule, _ p: FedOptParameters, rounds: [[FitResult]]) -> [Double] {
        var w = global.map(Double.init)
        var m = [Double](repeating: 0, count: 3)
        var v = [Double](repeating: 0, count: 3)
        for (t, rs) in rounds.enumerated() {
            let total = Double(rs.reduce(0) { $0 + $1.examples })
            let avg = (0..<3).map { i in rs.reduce(0.0) { $0 + Double($1.weights[i]) * Double($1.examples) } / total }
            var eta = p.eta
            if rule != .adagrad {
                eta *= (1 - pow(p.beta2, Double(t + 1))).squareRoot() / (1 - pow(p.beta1, Double(t + 1)))
            }
            for i in 0..<3 {
                let d = avg[i] - w[i]
                m[i] = p.beta1 * m[i] + (1 - p.beta1) * d
                switch rule {
                case .adam: v[i] = p.beta2 * v[i] + (1 - p.beta2) * d * d
                case .yogi: v[i] = v[i] - (1 - p.beta2) * d * d * (v[i] - d * d > 0 ? 1 : (v[i] - d * d < 0 ? -1 : 0))
                case .adagrad: v[i] = v[i] + d * d
                }
                w[i] += eta * m[i] / (v[i].squareRoot() + p.tau)
            }
        }
        return w
    }

    @Test(arguments: ["fedadam", "fedyogi", "fedadagrad"])
    func serverOptimisersFollowReddiEtAl(name: String) throws {
        let p = FedOptParameters(eta: 0.3, etaL: 0.05, beta1: 0.9, beta2: 0.99, tau: 1e-3)
        let (spec, rule): (StrategySpec, FedOpt.Rule) =
            name == "fedadam"
            ? (.fedadam(p), .adam) : name == "fedyogi" ? (.fedyogi(p), .yogi) : (.fedadagrad(p), .adagrad)
        var s = Aggregation.strategy(spec)
        let round1 = Array(results.prefix(2))
        let round2 = Array(results.dropFirst(1).prefix(3))
        let w1 = try s.aggregate(global: global, results: round1)
        // The second round starts from the first round's output, as on the server.
        let w2 = try s.aggregate(global: w1, results: round2)
        #expect(close(w1, directFedOpt(rule, p, rounds: [round1]), 1e-4))
        // The direct computation keeps w in double precision between rounds, hence the tolerance.
        let wDirect = directFedOpt(rule, p, rounds: [round1, round2])
        #expect(close(w2, wDirect, 1e-4))
    }

    @Test func malformedUpdatesAreRejected() {
        var s = Aggregation.strategy(.fedavg)
        #expect(throws: AggregationError.wrongLength(client: "x", expected: 3, found: 2)) {
            try s.aggregate(global: global, results: [FitResult(client: "x", weights: [1, 2], examples: 1)])
        }
        #expect(throws: AggregationError.nonFinite(client: "y")) {
            try s.aggregate(global: global, results: [FitResult(client: "y", weights: [1, .nan, 2], examples: 1)])
        }
        #expect(throws: AggregationError.noResults) { try s.aggregate(global: global, results: []) }
    }

    @Test func clientLevelDPClipsUpdatesAndAveragesOverTheExpectedCount() throws {
        let dp = ClientLevelDP(clip: 1, noiseMultiplier: 0)
        var g = NoiseGenerator(insecureSeed: 1)
        let rs = [
            FitResult(client: "a", weights: [3, 5, -1], examples: 100),  // Δ = (3, 4, 0), norm 5 → (0.6, 0.8, 0)
            FitResult(client: "b", weights: [0, 1, -0.5], examples: 1),  // Δ = (0, 0, 0.5), kept
        ]
        let out = try dp.aggregate(global: global, results: rs, denominator: 2, using: &g)
        let expected: [Double] = [0.3, 1.4, -0.75]
        #expect(close(out, expected))
        let noisy = ClientLevelDP(clip: 1, noiseMultiplier: 2)
        var g1 = NoiseGenerator(insecureSeed: 9)
        var g2 = NoiseGenerator(insecureSeed: 9)
        var noise = [Float](repeating: 0, count: 3)
        RandomSampling.addGaussianNoise(to: &noise, std: 2, using: &g2)
        let withNoise = try noisy.aggregate(global: global, results: rs, denominator: 4, using: &g1)
        let clipped: [Double] = [0.6, 0.8, 0.5]
        let expectedNoisy = (0..<3).map { i in Double(global[i]) + (clipped[i] + Double(noise[i])) / 4 }
        #expect(close(withNoise, expectedNoisy))
    }
}

@Suite struct ScreeningTests {
    @Test func malformedUpdatesAreSetAsideAndTheRestKept() {
        let results = [
            FitResult(client: "ok", weights: [1, 2], examples: 1),
            FitResult(client: "short", weights: [1], examples: 1),
            FitResult(client: "nan", weights: [.nan, 0], examples: 1),
            FitResult(client: "inf", weights: [0, .infinity], examples: 1),
        ]
        let (accepted, rejected) = ServerRole.screen(results, length: 2)
        #expect(accepted.map(\.client) == ["ok"])
        #expect(
            rejected == [
                .wrongLength(client: "short", expected: 2, found: 1), .nonFinite(client: "nan"),
                .nonFinite(client: "inf"),
            ])
    }
}
