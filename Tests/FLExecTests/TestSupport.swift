import Foundation
import RunPlan

@testable import FLExec

/// A fresh temporary folder, unique per call.
func temporaryDirectory(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("flexec-\(safe)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes `text` to `dir/name` and returns the path.
@discardableResult
func write(_ text: String, to name: String, in dir: String) -> String {
    let path = (dir as NSString).appendingPathComponent(name)
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The shipped digits example's data folder.
let digitsDataDirectory = repositoryRoot + "/examples/digits/data"

/// A small random classification data set.
func randomDataset(rows: Int, features: Int, classes: Int, seed: UInt64) -> Dataset {
    var g = SeededGenerator(seed: seed)
    let x = (0..<(rows * features)).map { _ in Float(RandomSampling.normal(&g)) }
    let y = (0..<rows).map { _ in Int32(g.next() % UInt64(classes)) }
    return Dataset(featureNames: (0..<features).map { "f\($0)" }, features: x, labels: y)
}

/// Random parameters for `network`.
func randomParameters(_ network: Network, seed: UInt64, scale: Double = 0.5) -> [Float] {
    var g = SeededGenerator(seed: seed)
    return (0..<network.parameterCount).map { _ in Float(RandomSampling.normal(&g) * scale) }
}

/// A plan for the digits shards in `directory` (part-0 … part-(n−1)), logistic regression, FedAvg.
func digitsPlan(directory: String, clients n: Int = 10, rounds: Int = 10, epochs: Int = 2) -> RunPlan {
    let clients = (0..<n).map { k in
        ClientSpec(
            id: "client-\(k)",
            dataset: DatasetSpec(path: "\(directory)/part-\(k).csv", label: "label", scaling: .divide(by: 16)),
            train: TrainSpec(epochs: epochs, batch: 8, lr: 0.1, momentum: 0.9))
    }
    return RunPlan(
        federation: "digits", model: .logisticRegression(), strategy: .fedavg, rounds: rounds, minFit: n, minClients: n,
        server: ServerSpec(address: "127.0.0.1", port: 8080, checkpointDir: "checkpoints"), clients: clients,
        seeds: SeedSpec(initialization: 1, shuffle: 2, insecureSeed: 3))
}

func l2(_ v: [Float]) -> Double {
    v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
}

func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
