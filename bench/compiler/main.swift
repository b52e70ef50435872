// Benchmark of `kfc check`'s compile stage: generates topologies of N clients (N zones carved
// from a pool, N/10 nodes), parses and compiles them, and reports wall time and peak memory.
//
//   swift build -c release --product kfc-bench-compile
//   .build/release/kfc-bench-compile            # 10,000 and 100,000 clients, both forms
//   .build/release/kfc-bench-compile 10000 flat
//   .build/release/kfc-bench-compile 10000 kubeflower [repeat]   # from the repository root
//
// `kubeflower` compiles the shipped KubeFlower example widened to N clients as
// `bench/e2e/check.sh` does (`pool: 10.16.0.0/12`, `--set n=N`; 10.0.0.0/8 above 65,000
// clients), reading the standard library from `stdlib/`: the compiler's share of `kfc check`.
// `repeat` compiles it that many times in the one process and reports each (the first pays
// the allocator's warm-up).
//
// Each measurement runs in a fresh process (the benchmark re-executes itself) so the peak
// resident set size (getrusage ru_maxrss) belongs to that topology alone.
import Compiler
import Foundation
import KFLang

/// Writes a topology with `n` clients. `replicated` uses `client[i in 0..<n]`; `flat` writes
/// every node, zone, dataset and client as its own declaration (what a generator would emit).
func topology(clients n: Int, flat: Bool) -> String {
    let nodes = max(1, n / 10)
    var s = "let n = \(n)\n\n"
    s += "model mlp { let hidden: [Int] = [32] }\nstrategy fedavg { let min_fit: Int(1...) = 2 }\n\n"
    s += "cluster lab {\n  node cloud { cpu: 64, memory: 256Gi }\n"
    if flat {
        for i in 0..<nodes { s += "  node e\(i) { hostname: \"edge-\(i)\", cpu: 16, memory: 64Gi }\n" }
    } else {
        s += "  node edge[i in 0..<\(nodes)] { hostname: \"edge-\\(i)\", cpu: 16, memory: 64Gi }\n"
    }
    s += "}\n\nnetwork net {\n  pool: 10.0.0.0/8\n  zone_prefix: 28\n  zone core {}\n"
    if flat {
        for i in 0..<n { s += "  zone z\(i) { private: true }\n" }
    } else {
        s += "  zone site[i in 0..<n] { private: true }\n"
    }
    s += "}\n\n"
    if flat {
        for i in 0..<n {
            s += "dataset d\(i) { path: \"/data/\(i).csv\", node: lab.e\(i % nodes), records: 1000 }\n"
        }
    } else {
        s += "dataset data[i in 0..<n] { path: \"/data/\\(i).csv\", node: lab.edge[i % \(nodes)], records: 1000 }\n"
    }
    s += "\nfederation fl {\n  model: mlp(hidden: [64])\n  strategy: fedavg(min_fit: 2)\n  rounds: 10\n"
    s += "  server { zone: net.core, node: lab.cloud, port: 8080 }\n"
    if flat {
        for i in 0..<n {
            s +=
                "  client c\(i) { zone: net.z\(i), node: lab.e\(i % nodes), dataset: d\(i), train: { epochs: 1, batch: 32 } }\n"
        }
    } else {
        s +=
            "  client[i in 0..<n] { zone: net.site[i], node: lab.edge[i % \(nodes)], dataset: data[i], train: { epochs: 1, batch: 32 } }\n"
    }
    s += "  privacy { unit: example, epsilon: 1.0, delta: 1e-5, noise: auto }\n}\n"
    return s
}

func peakRSSMegabytes() -> Double {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_maxrss) / 1024  // Linux reports KiB
}

func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

func measure(clients: Int, flat: Bool) {
    let text = topology(clients: clients, flat: flat)
    let start = Date()
    let cpuStart = cpuSeconds()
    var sources = SourceManager()
    let id = sources.add(path: "bench.kf", text: text)
    let sink = DiagnosticSink()
    let result = Compiler.compile(
        CompileRequest(sources: sources, roots: [id], stdlibPath: nil) { _ in nil }, sink: sink)
    let seconds = Date().timeIntervalSince(start)
    let cpu = cpuSeconds() - cpuStart
    let clientsOut = result.deployment?.federations.first?.clients.count ?? -1
    let zones = result.deployment?.zones.count ?? -1
    let form = flat ? "flat" : "replicated"
    print(
        String(
            format:
                "%-10@ %7d clients %7d zones  %6.1f KiB source  check %.3f s wall, %.3f s CPU  peak RSS %.0f MB  errors %d",
            form as NSString, clientsOut, zones, Double(text.utf8.count) / 1024, seconds, cpu, peakRSSMegabytes(),
            sink.errorCount))
    for d in sink.sorted().prefix(3) { print("  \(d.code) \(d.message)") }
}

/// Compiles the KubeFlower example widened to `n` clients, `times` times.
func measureKubeFlower(clients n: Int, times: Int) {
    let path = "examples/kubeflower/topology.kf"
    guard let original = try? String(contentsOfFile: path, encoding: .utf8) else {
        print("kfc-bench-compile: cannot read \(path) (run it from the repository root)")
        exit(1)
    }
    let pool = n > 65_000 ? "10.0.0.0/8" : "10.16.0.0/12"
    let text = original.replacingOccurrences(of: "pool: 10.18.0.0/16", with: "pool: \(pool)")
    let read: (String) -> [UInt8]? = { p in FileManager.default.contents(atPath: p).map { [UInt8]($0) } }
    for _ in 0..<max(1, times) {
        let start = Date()
        let cpuStart = cpuSeconds()
        var sources = SourceManager()
        let id = sources.add(path: path, text: text)
        let sink = DiagnosticSink()
        let result = Compiler.compile(
            CompileRequest(
                sources: sources, roots: [id], stdlibPath: "stdlib", overrides: ["n": String(n)], read: read),
            sink: sink)
        let seconds = Date().timeIntervalSince(start)
        let cpu = cpuSeconds() - cpuStart
        print(
            String(
                format:
                    "kubeflower %7d clients %7d zones  compile %.3f s wall, %.3f s CPU  peak RSS %.0f MB  errors %d",
                result.deployment?.federations.first?.clients.count ?? -1, result.deployment?.zones.count ?? -1,
                seconds, cpu, peakRSSMegabytes(), sink.errorCount))
        for d in sink.sorted().prefix(3) { print("  \(d.code) \(d.message)") }
    }
}

let args = CommandLine.arguments
if args.count >= 3, let n = Int(args[1]), args[2] == "kubeflower" {
    measureKubeFlower(clients: n, times: args.count >= 4 ? Int(args[3]) ?? 1 : 1)
} else if args.count >= 3, let n = Int(args[1]) {
    measure(clients: n, flat: args[2] == "flat")
} else {
    // One child process per measurement, so each peak RSS is its own.
    for flat in [false, true] {
        for n in [10_000, 100_000] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: args[0]).standardizedFileURL
            if !args[0].hasPrefix("/") {
                p.executableURL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
                    args[0])
            }
            p.arguments = [String(n), flat ? "flat" : "replicated"]
            try? p.run()
            p.waitUntilExit()
        }
    }
}
