// kfc-bench-privacy: times the Privacy module's ε queries and solvers.
//
//   swift run -c release kfc-bench-privacy            # the table recorded in docs/benchmarks.md
//   swift run -c release kfc-bench-privacy probe Q S A   # one-step RDP at order A
//
// A query is timed from scratch (a new (q, σ) every time), so nothing is cached between runs.
// Times are CPU time of the benchmarking thread (the machine is shared by several builds).
import Foundation
import Privacy

/// CPU time of this thread in ms: the machine is shared, so wall time measures the neighbours.
func cpuMilliseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
}

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = cpuMilliseconds()
    try body()
    return cpuMilliseconds() - t0
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

let args = CommandLine.arguments
if args.count > 4, args[1] == "probe" {
    let m = try SubsampledGaussian(q: Double(args[2])!, sigma: Double(args[3])!)
    print(RDPAccountant.stepRDP(m, orders: [Double(args[4])!])[0])
    exit(0)
}

if args.count > 1, args[1] == "scan" {
    for s in [0.01, 0.1, 0.3, 1, 4, 100, 10_000] {
        let m = try SubsampledGaussian(q: 0.01, sigma: s)
        let t = milliseconds { for _ in 0..<20 { _ = RDPAccountant.epsilon(m, steps: 100, delta: 1e-5) } }
        print(s, t / 20)
    }
    exit(0)
}

struct Config { var q: Double, sigma: Double, steps: Int, epsilon: Double, delta: Double }
let configs = [
    Config(q: 0.01, sigma: 1.1, steps: 10_000, epsilon: 1, delta: 1e-5),  // DP-SGD, MNIST-like
    Config(q: 0.001, sigma: 0.8, steps: 1_000_000, epsilon: 3, delta: 1e-6),  // long run, small q
    Config(q: 0.1, sigma: 1.0, steps: 100, epsilon: 0.7, delta: 1e-5),  // DP-FedAvg, 10 of 100 clients
    Config(q: 0.99, sigma: 0.5, steps: 50, epsilon: 30, delta: 1e-5),  // q near 1, small σ
]

print("| q | σ | steps | δ | ε (RDP) | RDP ε query, median ms | σ solve for ε, median ms | PLD ε query, ms |")
print("|---|---|---|---|---|---|---|---|")
for c in configs {
    var epsilon = 0.0
    var queryTimes: [Double] = []
    for i in 0..<50 {
        // A new σ every repetition defeats any caching.
        let m = try SubsampledGaussian(q: c.q, sigma: c.sigma * (1 + Double(i) * 1e-9))
        queryTimes.append(milliseconds { epsilon = RDPAccountant.epsilon(m, steps: c.steps, delta: c.delta).epsilon })
    }
    var solveTimes: [Double] = []
    for i in 0..<7 {
        solveTimes.append(
            try milliseconds {
                _ = try NoiseSolver.smallestSigma(
                    q: c.q, steps: c.steps, epsilon: c.epsilon * (1 + Double(i) * 1e-6),
                    delta: c.delta)
            })
    }
    let m = try SubsampledGaussian(q: c.q, sigma: c.sigma)
    var pldEpsilon = 0.0
    let pldMs = try milliseconds { pldEpsilon = try PLDAccountant().epsilon(m, steps: c.steps, delta: c.delta) }
    let pld = String(format: "%.0f (ε = %.4f)", pldMs, pldEpsilon)
    print(
        "| \(c.q) | \(c.sigma) | \(c.steps) | \(c.delta) | \(String(format: "%.4f", epsilon)) | "
            + "\(String(format: "%.3f", median(queryTimes))) | "
            + "\(String(format: "%.1f", median(solveTimes))) (ε = \(c.epsilon)) | \(pld) |")
}
