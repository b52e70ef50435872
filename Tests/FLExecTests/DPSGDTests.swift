import Foundation
import Privacy
import Testing

@testable import FLExec

@Suite struct DPSGDTests {
    @Test(arguments: [[], [8]] as [[Int]])
    func clippedPerExampleGradientsHaveNormAtMostC(hidden: [Int]) {
        let data = randomDataset(rows: 20, features: 6, classes: 3, seed: 1)
        let net = Network(features: 6, hidden: hidden, classes: 3)
        let trainer = LocalTrainer(network: net)
        let p = randomParameters(net, seed: 4, scale: 2)
        for clip in [0.05, 0.5, 100.0] {
            for r in 0..<data.rows {
                let clipped = trainer.clippedExampleGradient(p, on: data, row: r, clip: clip)
                let raw = net.exampleGradient(p, on: data, row: r)
                #expect(l2(clipped) <= clip * (1 + 1e-5))
                let factor = Float(min(1, clip / l2(raw)))
                #expect(maxAbsDifference(clipped, raw.map { $0 * factor }) < 1e-5)
            }
        }
    }

    @Test func withoutNoiseAndFullSamplingDPSGDIsClippedGradientDescent() {
        let data = randomDataset(rows: 12, features: 5, classes: 4, seed: 2)
        let net = Network(features: 5, hidden: [6], classes: 4)
        let trainer = LocalTrainer(network: net)
        let start = randomParameters(net, seed: 9)
        let clip = 0.3
        let lr: Float = 0.5
        let config = TrainingConfig(
            epochs: 3, batch: 4, lr: Double(lr),
            dp: DPSGDConfig(samplingRate: 1, clip: clip, noiseMultiplier: 0, stepsPerRound: 3))
        var shuffle = SeededGenerator(seed: 1)
        var noise = NoiseGenerator(insecureSeed: nil)
        let outcome = trainer.train(from: start, on: data, config: config, shuffle: &shuffle, noise: &noise)
        #expect(outcome.steps == 3)

        var w = start
        for _ in 0..<3 {
            var sum = [Float](repeating: 0, count: net.parameterCount)
            for r in 0..<data.rows {
                let g = trainer.clippedExampleGradient(w, on: data, row: r, clip: clip)
                for i in sum.indices { sum[i] += g[i] }
            }
            for i in w.indices { w[i] -= lr * sum[i] / Float(data.rows) }
        }
        #expect(maxAbsDifference(outcome.weights, w) < 1e-5)
    }

    @Test func noiseIsSigmaTimesClipOnTheSumDividedByTheExpectedBatch() {
        // Same seed with and without noise: the weights differ by exactly −lr·N(0, σ²C²)/(q·n),
        // where the noise vector is re-drawn here from the same stream.
        let data = randomDataset(rows: 10, features: 5, classes: 3, seed: 3)
        let net = Network(features: 5, classes: 3)
        let trainer = LocalTrainer(network: net)
        let (sigma, clip, lr) = (1.5, 0.7, 0.2)
        func run(_ s: Double) -> [Float] {
            let config = TrainingConfig(
                epochs: 1, batch: 1, lr: lr,
                dp: DPSGDConfig(samplingRate: 1, clip: clip, noiseMultiplier: s, stepsPerRound: 1))
            var shuffle = SeededGenerator(seed: 0)
            var noise = NoiseGenerator(insecureSeed: 77)
            return trainer.train(
                from: net.initialParameters(seed: 0), on: data, config: config, shuffle: &shuffle, noise: &noise
            ).weights
        }
        // With q = 1 every row is taken without a draw, so the noise is the stream's first draws.
        var replay = NoiseGenerator(insecureSeed: 77)
        var expected = [Float](repeating: 0, count: net.parameterCount)
        RandomSampling.addGaussianNoise(to: &expected, std: sigma * clip, using: &replay)
        let difference = zip(run(sigma), run(0)).map { $0 - $1 }
        let predicted = expected.map { Float(-lr) * $0 / Float(data.rows) }
        #expect(maxAbsDifference(difference, predicted) < 1e-5)
    }

    @Test func gaussianNoiseHasTheRequestedDeviation() {
        var noise = NoiseGenerator(insecureSeed: 7)
        var sum = [Float](repeating: 0, count: 20001)
        RandomSampling.addGaussianNoise(to: &sum, std: 3, using: &noise)
        let mean = sum.reduce(0.0) { $0 + Double($1) } / Double(sum.count)
        let sd = (sum.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(sum.count)).squareRoot()
        #expect(abs(mean) < 0.1)
        #expect(abs(sd - 3) < 0.1)
    }

    @Test func seededRunsRepeatAndSecureRunsDiffer() {
        let data = randomDataset(rows: 30, features: 4, classes: 3, seed: 4)
        let net = Network(features: 4, classes: 3)
        let trainer = LocalTrainer(network: net)
        let config = TrainingConfig(
            epochs: 1, batch: 5, lr: 0.1,
            dp: DPSGDConfig(samplingRate: 0.2, clip: 1, noiseMultiplier: 1, stepsPerRound: 5))
        func run(_ seed: UInt64?) -> [Float] {
            var shuffle = SeededGenerator(seed: 0)
            var noise = NoiseGenerator(insecureSeed: seed)
            return trainer.train(
                from: net.initialParameters(seed: 0), on: data, config: config, shuffle: &shuffle, noise: &noise
            ).weights
        }
        #expect(run(5) == run(5))
        #expect(run(5) != run(6))
        #expect(run(nil) != run(nil))
        #expect(NoiseGenerator(insecureSeed: nil).isSecure)
        #expect(!NoiseGenerator(insecureSeed: 1).isSecure)
    }

    @Test func poissonSamplingIncludesEachRowWithProbabilityQ() {
        var g = SeededGenerator(seed: 12)
        var counts = [Int](repeating: 0, count: 50)
        var batch = [Int]()
        let trials = 20000
        for _ in 0..<trials {
            RandomSampling.poissonSample(n: 50, q: 0.1, into: &batch, &g)
            #expect(batch == batch.sorted() && Set(batch).count == batch.count)
            for i in batch { counts[i] += 1 }
        }
        // Each count is Binomial(20000, 0.1): mean 2000, sd ≈ 42; allow 5 sd.
        #expect(counts.allSatisfy { abs($0 - 2000) < 212 }, "\(counts)")
        RandomSampling.poissonSample(n: 7, q: 1, into: &batch, &g)
        #expect(batch == Array(0..<7))
        RandomSampling.poissonSample(n: 7, q: 0, into: &batch, &g)
        #expect(batch.isEmpty)
    }

    @Test func poissonSamplingTakesCeilEpochsOverQSteps() throws {
        #expect(try PrivacySchedule.example(q: 0.25, epochs: 2, rounds: 3).stepsPerRound == 8)
        #expect(try PrivacySchedule.example(q: 0.3, epochs: 1, rounds: 3).steps == 12)
        let s = try PrivacySchedule.example(batch: 32, records: 180, epochs: 1, rounds: 10)
        #expect(s.q == 32.0 / 180 && s.stepsPerRound == 6 && s.steps == 60)
        #expect(DPSGDConfig(s, clip: 1, noiseMultiplier: 2).stepsPerRound == 6)
    }

    @Test func momentumWeightDecayAndProximalTermFollowTheirFormulas() {
        let data = randomDataset(rows: 8, features: 3, classes: 2, seed: 6)
        let net = Network(features: 3, classes: 2)
        let trainer = LocalTrainer(network: net)
        let start = randomParameters(net, seed: 1)
        let (lr, m, wd, mu): (Float, Float, Float, Float) = (0.1, 0.9, 0.01, 0.5)
        let config = TrainingConfig(
            epochs: 2, batch: 8, lr: Double(lr), momentum: Double(m), weightDecay: Double(wd), proximalMu: Double(mu))
        var shuffle = SeededGenerator(seed: 0)
        var noise = NoiseGenerator(insecureSeed: 0)
        let outcome = trainer.train(from: start, on: data, config: config, shuffle: &shuffle, noise: &noise)
        var w = start
        var v = [Float](repeating: 0, count: w.count)
        for _ in 0..<2 {
            let g = net.meanGradient(w, on: data, rows: Array(0..<8)).gradient
            for i in w.indices {
                let full = g[i] + wd * w[i] + mu * (w[i] - start[i])
                v[i] = m * v[i] + full
                w[i] -= lr * v[i]
            }
        }
        #expect(maxAbsDifference(outcome.weights, w) < 1e-5)
    }
}
