// kfc-bench-build: times emitting every manifest of a large deployment.
//
//   swift build -c release --product kfc-bench-build
//   .build/release/kfc-bench-build [CLIENTS] [--repeat N] [--fixture kubeflower|multi-site] [--out DIR]
//       [--write-ir FILE]
//
// Builds the KubeFlower fixture with CLIENTS clients (default 10,000), emits the k8s, kube-ovn
// and plan targets and serialises them as the folder layout of `kfc build -o`, N times (default
// 5), and prints the best and median wall time. With --out it also writes the files there;
// with --write-ir it writes the fixture's IR as JSON (input for `kfc build FILE.json`).
import Backends
import Compiler
import Foundation
import IRFixtures
import KFLang

var clients = 10_000
var repeats = 5
var outDir: String?
var fixture = "kubeflower"
var irOut: String?
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--repeat": repeats = Int(args.popFirst() ?? "") ?? repeats
    case "--out": outDir = args.popFirst()
    case "--fixture": fixture = args.popFirst() ?? fixture
    case "--write-ir": irOut = args.popFirst()
    default: clients = Int(a) ?? clients
    }
}

let ir = fixture == "multi-site" ? IRFixtures.multiSite() : IRFixtures.kubeflower(n: clients)
if let irOut {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    try encoder.encode(ir).write(to: URL(fileURLWithPath: irOut))
}
let targets: Set<BuildTarget> = [.k8s, .kubeOVN, .plan]
var times: [Double] = []
var files: [BuildProducts.OutputFile] = []
/// CPU time of the process so far (user + system, every thread), in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

var emitTimes: [Double] = []
var cpuTimes: [Double] = []
for _ in 0..<max(1, repeats) {
    let cpuStart = cpuSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    let products = Emitter().emit(ir, targets: targets, sink: DiagnosticSink())
    let emitted = DispatchTime.now().uptimeNanoseconds
    files = try products.files()
    let end = DispatchTime.now().uptimeNanoseconds
    times.append(Double(end - start) / 1e9)
    cpuTimes.append(cpuSeconds() - cpuStart)
    emitTimes.append(Double(emitted - start) / 1e9)
}
emitTimes.sort()
cpuTimes.sort()
times.sort()
let bytes = files.reduce(0) { $0 + $1.bytes.count }
print(
    String(
        format:
            "clients=%d files=%d bytes=%d wall best=%.3fs median=%.3fs (building objects and plans: best %.3fs) cpu best=%.3fs",
        clients, files.count, bytes, times[0], times[times.count / 2], emitTimes[0], cpuTimes[0]))
if let outDir {
    try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    for f in files {
        FileManager.default.createFile(atPath: outDir + "/" + f.path, contents: Data(f.bytes))
    }
}
