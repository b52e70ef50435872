import FLExec
import Foundation
import RunPlan

// Tuning harness (temporary).
let args = CommandLine.arguments
let lr = Double(args[1])!
let batch = Int(args[2])!
let dir = args.count > 3 ? args[3] : "examples/digits/data"
let clients = (0..<10).map { k in
    ClientSpec(
        id: "client-\(k)",
        dataset: DatasetSpec(path: "\(dir)/part-\(k).csv", label: "label", scaling: .divide(by: 16)),
        train: TrainSpec(epochs: 2, batch: batch, lr: lr, momentum: args.count > 4 ? Double(args[4])! : 0))
}
let plan = RunPlan(
    federation: "digits", model: .logisticRegression(), strategy: .fedavg, rounds: 10, minFit: 10, minClients: 10,
    server: ServerSpec(address: "127.0.0.1", port: 8080, checkpointDir: "checkpoints"), clients: clients,
    seeds: SeedSpec(initialization: 1, shuffle: 2, insecureSeed: 3))
var sim = try FederatedSimulation(plan: plan)
let r = try sim.run()
print(lr, batch, r.rounds.map { String(format: "%.3f", $0.accuracy) }.joined(separator: " "), r.seconds)
