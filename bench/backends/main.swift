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
for _ in 0..<max(1, repeats) {
    let start = DispatchTime.now().uptimeNanoseconds
    let products = Emitter().emit(ir, targets: targets, sink: DiagnosticSink())
    files = try products.files()
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
times.sort()
let bytes = files.reduce(0) { $0 + $1.bytes.count }
print(String(format: "clients=%d files=%d bytes=%d best=%.3fs median=%.3fs", clients, files.count, bytes,
             times[0], times[times.count / 2]))
if let outDir {
    try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    for f in files {
        FileManager.default.createFile(atPath: outDir + "/" + f.path, contents: Data(f.bytes))
    }
}
