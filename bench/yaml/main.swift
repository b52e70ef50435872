// kfc-bench-yaml: YAML writer and reader throughput on a 10,000-client manifest stream.
//
//   swift run -c release kfc-bench-yaml [clients] [iterations]
//
// Each client is one Deployment-shaped object (nested maps and lists, ~60 scalar values, ~120
// scalars counting keys), the bulk of what `kfc build` writes for a large federation. Reports
// the best of `iterations` runs; figures go in docs/benchmarks.md ("YAML").
import YAML

#if canImport(Glibc)
    import Glibc
#endif

// `--write FILE` also saves the emitted stream (to compare with C libyaml or other tools).
let writePath = CommandLine.arguments.firstIndex(of: "--write").flatMap {
    CommandLine.arguments.indices.contains($0 + 1) ? CommandLine.arguments[$0 + 1] : nil
}
// `--emit-only` and `--read-only` run just the emitter or the positioned reader (for perf).
let emitOnly = CommandLine.arguments.contains("--emit-only")
let readOnly = CommandLine.arguments.contains("--read-only")
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let clients = arguments.first ?? 10_000
let iterations = arguments.dropFirst().first ?? 5
let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

func client(_ i: Int) -> YAMLNode {
    let id = String(i).leftPadded(to: 5)
    let name: YAMLNode = .string("client-\(id)")
    let labels: YAMLNode = [
        "app.kubernetes.io/name": "kfc-client", "app.kubernetes.io/part-of": "fed-mnist",
        "kfc.dev/client": .string(id), "kfc.dev/zone": .string("zone-\(i % 16)"),
    ]
    return [
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": [
            "name": name, "namespace": "fed-mnist", "labels": labels,
            "annotations": [
                "ovn.kubernetes.io/logical_switch": .string("fed-mnist-zone-\(i % 16)"),
                "kfc.dev/source": "topology.kf:42:3",
            ],
        ],
        "spec": [
            "replicas": 1,
            "strategy": ["type": "Recreate"],
            "selector": ["matchLabels": ["kfc.dev/client": .string(id)]],
            "template": [
                "metadata": ["labels": labels],
                "spec": [
                    "serviceAccountName": "kfc-client", "automountServiceAccountToken": false,
                    "securityContext": [
                        "runAsNonRoot": true, "runAsUser": 65532, "fsGroup": 65532,
                        "seccompProfile": ["type": "RuntimeDefault"],
                    ],
                    "affinity": [
                        "nodeAffinity": [
                            "requiredDuringSchedulingIgnoredDuringExecution": [
                                "nodeSelectorTerms": [
                                    [
                                        "matchExpressions": [
                                            [
                                                "key": "kubernetes.io/hostname", "operator": "In",
                                                "values": [.string("node-\(i % 500)")],
                                            ]
                                        ]
                                    ]
                                ]
                            ]
                        ]
                    ],
                    "containers": [
                        [
                            "name": "client", "image": "ghcr.io/kfc/executor:0.1.0",
                            "args": ["exec", "client", "--plan", "/etc/kfc/plan.json", "--client", .string(id)],
                            "ports": [["name": "metrics", "containerPort": 9090, "protocol": "TCP"]],
                            "env": [["name": "KFC_CLIENT", "value": .string(id)], ["name": "KFC_DP", "value": "on"]],
                            "resources": [
                                "requests": ["cpu": "500m", "memory": "1Gi"],
                                "limits": ["cpu": "2", "memory": "4Gi"],
                            ],
                            "securityContext": [
                                "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "privileged": false,
                                "capabilities": ["drop": ["ALL"]],
                            ],
                            "volumeMounts": [
                                ["name": "data", "mountPath": "/data", "readOnly": true],
                                ["name": "plan", "mountPath": "/etc/kfc", "readOnly": true],
                            ],
                            "livenessProbe": ["grpc": ["port": 9090], "periodSeconds": 10, "failureThreshold": 3],
                        ]
                    ],
                    "volumes": [
                        [
                            "name": "data",
                            "persistentVolumeClaim": ["claimName": .string("data-\(id)"), "readOnly": true],
                        ],
                        ["name": "plan", "configMap": ["name": "fed-mnist-plan"]],
                    ],
                    "terminationGracePeriodSeconds": 30,
                    "learningRate": 0.01,
                ],
            ],
        ],
    ]
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

func countScalars(_ n: YAMLNode) -> Int {
    switch n {
    case .sequence(let items): return items.reduce(0) { $0 + countScalars($1) }
    case .mapping(let m): return m.entries.reduce(0) { $0 + countScalars($1.value) }
    default: return 1
    }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// CPU time of this process, which a busy shared machine inflates far less than wall time.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Best wall time and best CPU time over `iterations` runs.
func best(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    var wall = Double.infinity
    var cpu = Double.infinity
    for _ in 0..<iterations {
        let c0 = cpuSeconds()
        let t = try ContinuousClock().measure(body)
        cpu = min(cpu, cpuSeconds() - c0)
        wall = min(wall, seconds(t))
    }
    return (wall, cpu)
}

func row(_ name: String, _ time: (wall: Double, cpu: Double), bytes: Int) {
    // Integer arithmetic only: rounding through Foundation/libm is not worth a dependency here.
    func ms(_ t: Double) -> String {
        let tenths = Int(t * 10_000 + 0.5)
        return "\(tenths / 10).\(tenths % 10) ms"
    }
    let mbs = Int(Double(bytes) / 1_000_000 / time.wall + 0.5)
    let docs = Int(Double(clients) / time.wall + 0.5)
    print("| \(name) | \(ms(time.wall)) | \(ms(time.cpu)) | \(mbs) MB/s | \(docs) docs/s |")
}

var docs: [YAMLNode] = []
let buildTime = best { docs = (0..<clients).map(client) }
var output: [UInt8] = []
let emitTime = try best { output = try YAMLWriter.encode(docs) }
var parallelOutput: [UInt8] = []
let parallelEmitTime = try best { parallelOutput = try YAMLWriter.encode(docs, concurrency: cores) }
precondition(parallelOutput == output, "concurrent emission changed the bytes")
var libyamlOutput: [UInt8] = []
let libyamlEmitTime = try best { libyamlOutput = try YAMLWriter.encodeWithLibYAML(docs) }
precondition(libyamlOutput == output, "the direct emitter and libyaml differ")
if emitOnly {
    row("emit YAML (direct)", emitTime, bytes: output.count)
    row("emit YAML (direct), \(cores) threads", parallelEmitTime, bytes: output.count)
    row("emit YAML (libyaml alone)", libyamlEmitTime, bytes: output.count)
    exit(0)
}
var parsed: [YAMLDocument] = []
let readTime = try best { parsed = try YAMLReader().documents(from: output) }
var libyamlParsed: [YAMLDocument] = []
let libyamlReadTime = try best { libyamlParsed = try YAMLReader().documentsWithLibYAML(from: output) }
precondition(libyamlParsed == parsed, "the direct reader and libyaml differ")
if readOnly {
    row("read YAML with positions", readTime, bytes: output.count)
    row("read YAML with positions (libyaml alone)", libyamlReadTime, bytes: output.count)
    exit(0)
}
var values: [YAMLNode] = []
let valuesTime = try best { values = try YAMLReader().values(from: output) }
var json: [UInt8] = []
let jsonTime = best { json = YAMLNode.sequence(docs).jsonBytes() }
if let writePath, let file = fopen(writePath, "wb") {
    _ = output.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}
precondition(values == docs && parsed.count == clients, "round trip changed the documents")

print(
    "kfc-bench-yaml: \(clients) documents, \(countScalars(docs[0])) scalar values each, "
        + "\(output.count) bytes of YAML, best of \(iterations)")
print("| step | wall | CPU | throughput (wall) | documents (wall) |")
print("|---|---|---|---|---|")
row("build YAMLNode trees", buildTime, bytes: output.count)
row("emit YAML (direct)", emitTime, bytes: output.count)
row("emit YAML (direct), \(cores) threads", parallelEmitTime, bytes: output.count)
row("emit YAML (libyaml alone)", libyamlEmitTime, bytes: output.count)
row("read YAML with positions", readTime, bytes: output.count)
row("read YAML with positions (libyaml alone)", libyamlReadTime, bytes: output.count)
row("read YAML to values", valuesTime, bytes: output.count)
row("render JSON", jsonTime, bytes: json.count)
