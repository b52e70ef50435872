// Parse benchmark: generates a flat topology (every client, zone, node and dataset written out,
// no replication) of N clients and measures lexing + parsing time and throughput.
//
//   swift run -c release kfc-bench-parse [N ...]     (default: 10000 100000)
import Foundation
import KFLang

func generate(clients n: Int) -> String {
    var s = "// Generated flat topology: \(n) clients.\nimport std/models { logistic_regression }\n"
    s += "import std/strategies { fedavg }\n\nlet rounds = 10\n\ncluster lab {\n"
    s += "  node cloud { hostname: \"cloud-1\", cpu: 16, memory: 64Gi }\n"
    for i in 0..<n { s += "  node edge_\(i) { hostname: \"edge-\(i)\", cpu: 4, memory: 8Gi }\n" }
    s += "}\n\nnetwork fl_net {\n  pool: 10.0.0.0/8\n  zone core {}\n"
    for i in 0..<n { s += "  zone site_\(i) { private: true }\n" }
    s += "}\n\n"
    for i in 0..<n {
        s += "dataset data_\(i) {\n  format: csv(label: \"label\")\n  path: \"/data/part-\(i).csv\"\n"
        s += "  node: lab.edge_\(i)\n  records: 180\n  budget: { epsilon: 1.0, delta: 1e-5 }\n}\n"
    }
    s += "\nfederation fl {\n  model: logistic_regression()\n  strategy: fedavg()\n  rounds: rounds\n"
    s += "  server { zone: fl_net.core, node: lab.cloud, port: 8080 }\n"
    for i in 0..<n {
        s += "  client c_\(i) {\n    zone: fl_net.site_\(i), node: lab.edge_\(i), dataset: data_\(i)\n"
        s += "    train: { epochs: 1, batch: 32, lr: 0.05 }\n  }\n"
    }
    s += "  privacy { unit: example, epsilon: 0.7, delta: 1e-5, clip: 1.0, noise: auto }\n}\n"
    return s
}

/// CPU time of this thread in seconds (less sensitive than wall time to other load on the machine).
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func measure(clients n: Int, repeats: Int) -> (seconds: Double, cpu: Double, bytes: Int) {
    let text = generate(clients: n)
    var sm = SourceManager()
    let id = sm.add(path: "flat-\(n).kf", text: text)
    let file = sm[id]
    var best = Double.infinity
    var bestCPU = Double.infinity
    for _ in 0..<repeats {
        let sink = DiagnosticSink()
        let c0 = cpuSeconds()
        let t0 = DispatchTime.now().uptimeNanoseconds
        let tree = Parser.parse(file, sink: sink)
        let t1 = DispatchTime.now().uptimeNanoseconds
        bestCPU = min(bestCPU, cpuSeconds() - c0)
        precondition(!sink.hasErrors, "generated topology has syntax errors: \(sink.diagnostics.first!.message)")
        precondition(tree.items.count > 0)
        best = min(best, Double(t1 - t0) / 1e9)
    }
    return (best, bestCPU, file.bytes.count)
}

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let ns = sizes.isEmpty ? [10_000, 100_000] : sizes
var results: [(Int, Double)] = []
print("clients      bytes   wall (best of 5)   cpu (best of 5)   throughput (wall)")
for n in ns {
    let (t, cpu, bytes) = measure(clients: n, repeats: 5)
    results.append((n, t))
    print(
        String(
            format: "%7d %10d %12.1f ms %14.1f ms %14.1f MB/s", n, bytes, t * 1000, cpu * 1000,
            Double(bytes) / t / 1e6))
}
if results.count >= 2 {
    let ratio = results.last!.1 / results.first!.1
    print(String(format: "time ratio %d / %d clients: %.2f×", results.last!.0, results.first!.0, ratio))
}
