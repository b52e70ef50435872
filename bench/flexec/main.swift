// kfc-bench-flexec: executor throughput on the digits data.
//
//   swift run -c release kfc-bench-flexec [examples/digits/data]
//
// Prints per-example DP-SGD throughput (examples/s) for logistic regression and MLPs, and the
// wall time of the 10-client, 10-round FedAvg digits run (data loading included).
import FLExec
import Foundation
import RunPlan

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "examples/digits/data"
let clock = ContinuousClock()
let repetitions = 7

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

// The machine is shared: throughputs are the best of several runs (the least disturbed one),
// wall times the median.
func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s[s.count / 2]
}

func best(_ xs: [Double]) -> Double { xs.max() ?? 0 }

let all = try CSVLoader.load(path: directory + "/digits.csv", label: "label")
let digits = FeatureScaler(.divide(by: 16), fittedOn: all).apply(to: all)

/// Examples per second of DP-SGD (Poisson q = 64/n, clip 1, σ = 1, secure noise).
func dpThroughput(hidden: [Int], secure: Bool) -> (examplesPerSecond: Double, parameters: Int) {
    let network = Network(features: 64, hidden: hidden, classes: 10)
    let trainer = LocalTrainer(network: network)
    let q = 64.0 / Double(digits.rows)
    let config = TrainingConfig(
        epochs: 3, batch: 64, lr: 0.1,
        dp: DPSGDConfig(samplingRate: q, clip: 1, noiseMultiplier: 1, stepsPerRound: Int((3 / q).rounded(.up))))
    var rates = [Double]()
    for _ in 0..<repetitions {
        var shuffle = SeededGenerator(seed: 1)
        var noise = NoiseGenerator(insecureSeed: secure ? nil : 1)
        let start = clock.now
        let outcome = trainer.train(
            from: network.initialParameters(seed: 1), on: digits, config: config, shuffle: &shuffle, noise: &noise)
        let elapsed = seconds(clock.now - start)
        // Examples processed in expectation: steps × q × n = epochs × n.
        rates.append(Double(outcome.steps) * q * Double(digits.rows) / elapsed)
    }
    return (best(rates), network.parameterCount)
}

func digitsRun() throws -> (seconds: Double, accuracy: Double) {
    let clients = (0..<10).map { k in
        ClientSpec(
            id: "client-\(k)",
            dataset: DatasetSpec(path: "\(directory)/part-\(k).csv", label: "label", scaling: .divide(by: 16)),
            train: TrainSpec(epochs: 2, batch: 8, lr: 0.1, momentum: 0.9))
    }
    let plan = RunPlan(
        federation: "digits", model: .logisticRegression(), strategy: .fedavg, rounds: 10, minFit: 10, minClients: 10,
        server: ServerSpec(address: "127.0.0.1", port: 8080, checkpointDir: "checkpoints"), clients: clients,
        seeds: SeedSpec(initialization: 1, shuffle: 2))
    let start = clock.now
    var simulation = try FederatedSimulation(plan: plan)
    let result = try simulation.run()
    return (seconds(clock.now - start), result.rounds.last?.accuracy ?? 0)
}

print("| workload | parameters | figure |")
print("|---|---:|---:|")
for (name, hidden) in [("logistic regression", [Int]()), ("MLP 64-32-10", [32]), ("MLP 64-64-32-10", [64, 32])] {
    let secure = dpThroughput(hidden: hidden, secure: true)
    let seeded = dpThroughput(hidden: hidden, secure: false)
    print("| DP-SGD, \(name), secure noise | \(secure.parameters) | \(Int(secure.examplesPerSecond)) examples/s |")
    print("| DP-SGD, \(name), seeded noise | \(seeded.parameters) | \(Int(seeded.examplesPerSecond)) examples/s |")
}
/// Examples per second of plain mini-batch SGD (batch 64, no DP), for comparison.
func sgdThroughput(hidden: [Int]) -> Double {
    let network = Network(features: 64, hidden: hidden, classes: 10)
    let trainer = LocalTrainer(network: network)
    let config = TrainingConfig(epochs: 3, batch: 64, lr: 0.1)
    var rates = [Double]()
    for _ in 0..<repetitions {
        var shuffle = SeededGenerator(seed: 1)
        var noise = NoiseGenerator(insecureSeed: 1)
        let start = clock.now
        _ = trainer.train(
            from: network.initialParameters(seed: 1), on: digits, config: config, shuffle: &shuffle, noise: &noise)
        rates.append(Double(3 * digits.rows) / seconds(clock.now - start))
    }
    return best(rates)
}
print("| SGD without DP, logistic regression | 650 | \(Int(sgdThroughput(hidden: []))) examples/s |")
print("| SGD without DP, MLP 64-32-10 | 2410 | \(Int(sgdThroughput(hidden: [32]))) examples/s |")

/// Standard normal draws per second from a generator.
func normalsPerSecond<G: RandomNumberGenerator>(_ g: inout G) -> Double {
    var values = [Float](repeating: 0, count: 1 << 16)
    var rates = [Double]()
    for _ in 0..<repetitions {
        let start = clock.now
        for _ in 0..<16 { RandomSampling.addGaussianNoise(to: &values, std: 1, using: &g) }
        rates.append(Double(16 << 16) / seconds(clock.now - start))
    }
    return best(rates)
}
var secureGenerator = NoiseGenerator(insecureSeed: nil)
var seededGenerator = NoiseGenerator(insecureSeed: 1)
let secureRate = Int(normalsPerSecond(&secureGenerator) / 1e6)
let seededRate = Int(normalsPerSecond(&seededGenerator) / 1e6)
print("| Gaussian noise, secure generator (ChaCha20) | — | \(secureRate) M draws/s |")
print("| Gaussian noise, seeded generator (xoshiro256**) | — | \(seededRate) M draws/s |")

var runs = [(seconds: Double, accuracy: Double)]()
for _ in 0..<repetitions { runs.append(try digitsRun()) }
let wall = String(format: "%.3f", median(runs.map(\.seconds)))
let accuracy = String(format: "%.3f", runs[0].accuracy)
let workload = "FedAvg digits, 10 clients × 10 rounds × 2 epochs (median of \(repetitions))"
print("| \(workload) | 650 | \(wall) s, accuracy \(accuracy) |")
