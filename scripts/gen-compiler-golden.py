#!/usr/bin/env python3
"""Writes the compiler's golden cases under Tests/Golden/ (inputs only; bless the outputs with
KFC_UPDATE_GOLDEN=1 swift test --filter GoldenTests). Re-running overwrites these inputs."""
import os, sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "Tests", "Golden")

BASE = '''import std/models { mlp }
import std/strategies { fedavg }

let n = 2

cluster lab {
  node cloud { cpu: 8, memory: 32Gi }
  node edge[i in 0..<n] { cpu: 4, memory: 8Gi }
}

network net {
  pool: 10.0.0.0/24
  zone core {}
  zone site[i in 0..<n] {}
}

dataset data[i in 0..<n] {
  path: "/data/part-\\(i).csv"
  node: lab.edge[i]
  records: 1000
}

federation fl {
  model: mlp(hidden: [16])
  strategy: fedavg(min_fit: 2)
  rounds: 3
  server { zone: net.core, node: lab.cloud }
  client[i in 0..<n] { zone: net.site[i], node: lab.edge[i], dataset: data[i] }
  privacy { unit: example, epsilon: 1.0, delta: 1e-5 }
}
'''

def sub(old, new, base=BASE):
    assert old in base, old
    return base.replace(old, new, 1)

cases = {}
def case(name, text, command=None, args=None, files=None):
    cases[name] = (text, command, args, files or {})

# --- clean programs and IR output
case("compile-ok-minimal", BASE)
case("compile-ir-minimal", BASE, command="build --emit ir")
case("compile-query-zones", BASE, command="query .zones[]|.name+\"=\"+.cidr -r")
case("compile-query-jq-syntax", BASE, command="query .[")
case("compile-set-override", BASE, command="check", args=["--set", "n=3"])
case("compile-set-override-ir", BASE, command="query .federations[0].clients|length", args=["--set", "n=5"])
case("compile-set-type-mismatch", BASE, args=["--set", "n=\"three\""])
case("compile-set-unknown", BASE, args=["--set", "m=3"])
case("compile-stdlib-all-strategies", '''import std/strategies { fedavg, fedprox, fedadam, fedyogi, fedadagrad, fedmedian, trimmed_mean, krum, multikrum }
import std/models { logistic_regression, mlp }
let strategies = [fedavg, fedprox(mu: 0.1), fedadam(eta: 0.01), fedyogi, fedadagrad, fedmedian, trimmed_mean(beta: 0.1), krum(f: 1), multikrum(f: 1, m: 2)]
let models = [logistic_regression, mlp(hidden: [64, 32])]
''')
case("compile-stdlib-presets", sub("  privacy { unit: example, epsilon: 1.0, delta: 1e-5 }\n", "  privacy: strict_example\n",
     sub("import std/models { mlp }\n", "import std/models { mlp }\nimport std/privacy { strict_example }\nimport std/resources { small, medium }\n",
     sub("server { zone: net.core, node: lab.cloud }", "server { zone: net.core, node: lab.cloud, resources: medium }"))), command="query .federations[0]|{privacy,r:.server.resources}")
case("compile-quantities-exact", '''let a = 1.5Gi + 512Mi
let b = 500m + 1
let c = 2Gi / 512Mi
let d = 90s + 1m
let ok = a == 2Gi && b == 1500m && c == 4.0 && d == 150s && 0.5 < 1
cluster lab { node x { cpu: b, memory: a, hostname: "x-\\(a)-\\(b)-\\(d)-\\(ok)" } }
''', command="query .nodes[0]")
case("compile-comprehension-builtins", '''let xs = [i * i for i in 0..<5]
let total = len(xs) + min(xs) + max(3, 7) + len(range(4))
let block = carve(10.1.0.0/16, 24, 3)
let gw = host(block, 1)
cluster lab { node x { cpu: total, memory: 1Gi, hostname: "n-\\(block)-\\(gw)" } }
''')
case("compile-interpolation", '''let site = "paris"
cluster lab { node edge[i in 0..<2] { cpu: 1, memory: 1Gi, hostname: "\\(site)-edge-\\(i + 1)" } }
''', command="query .nodes[].hostname -r")
case("compile-relative-import", '''import "shared/lab.kf" { lab, cores }
network net { pool: 10.0.0.0/24, zone z {} }
''', files={"shared/lab.kf": '''/// Shared lab.
let cores = 4
cluster lab { node a { cpu: cores, memory: 4Gi } }
'''}, command="query .nodes[0].name -r")
case("compile-import-alias-module", '''import std/strategies as s
let x = s.fedprox(mu: 0.5)
let y = s.krum
''')
case("compile-carve-declared-and-auto", '''network net {
  pool: 10.0.0.0/24
  zone_prefix: 26
  zone a { cidr: 10.0.0.64/26 }
  zone b {}
  zone c {}
  zone d {}
}
''', command="query .zones[]|.name+\" \"+.cidr+\" \"+(.carved|tostring) -r")
case("compile-policy-rules", BASE + '''
policy {
  require isolated(fl.client)
  require no_internet(net)
  require budget(fl) <= 1.0
  rule "images are pinned" jq `.[] | select(.kind == "Deployment") | .metadata.name`
  waive read_only_root because "the executor writes checkpoints"
}
''', command="query .policy")

case("compile-syntax-errors-stop", 'cluster lab {\n  node a { cpu: 1, memory: 1Gi }\n}\nlet x = (1 +\nlet y = lab.a.cpuu\ndataset d { path: "/x", node: lab.a }\n')

# --- names (KF1001, KF1002, KF1003, KF1004, KF1008, KF1009, KF1014, KF1021, KF1022, KF1025)
case("names-unknown-name", sub("node: lab.edge[i]\n  records", "node: lab.egde[i]\n  records"))
case("names-unknown-top-level", sub("rounds: 3", "rounds: nn"))
case("names-duplicate-let", "let n = 1\nlet n = 2\n")
case("names-duplicate-decl", sub("network net {", "cluster net {}\nnetwork net {"))
case("names-duplicate-node", sub("  node cloud { cpu: 8, memory: 32Gi }\n", "  node cloud { cpu: 8, memory: 32Gi }\n  node cloud { cpu: 2, memory: 4Gi }\n"))
case("names-unknown-field", sub("records: 1000", "records: 1000\n  recrods: 10"))
case("names-missing-field", sub("  records: 1000\n", ""))
case("names-unknown-kind", sub("network net {", "netwrok net {"))
case("names-misplaced-node", "node lonely { cpu: 1, memory: 1Gi }\n")
case("names-misplaced-require", sub("rounds: 3", "rounds: 3\n  require isolated(fl)"))
case("names-unknown-member", sub("zone: net.core", "zone: net.kore"))
case("names-member-of-replicated", sub("zone: net.core", "zone: net.site.cidr"))
case("names-missing-name", "cluster { node a { cpu: 1, memory: 1Gi } }\n")
case("names-two-servers", sub("  server { zone: net.core, node: lab.cloud }\n", "  server { zone: net.core, node: lab.cloud }\n  server { zone: net.core, node: lab.cloud }\n"))
case("names-shadowing", "let size = 4\ncluster lab { node a { let size = 2\n cpu: size, memory: 1Gi } }\n")
case("names-duplicate-field", sub("records: 1000", "records: 1000\n  records: 2000"))
case("names-unknown-predicate", BASE + "\npolicy {\n  require isolatd(fl.client)\n}\n")
case("names-duplicate-field-in-record", "let r = { a: 1, a: 2 }\n")

# --- modules (KF1010, KF1011, KF1012)
case("modules-missing-std", sub("import std/models { mlp }", "import std/modelz { mlp }"))
case("modules-missing-file", 'import "nope.kf" { x }\n')
case("modules-missing-name", sub("import std/models { mlp }", "import std/models { mpl }"))
case("modules-cycle", 'import "a.kf" { a }\nlet top = a\n', files={
    "a.kf": 'import "b.kf" { b }\nlet a = b\n', "b.kf": 'import "a.kf" { a }\nlet b = 1\n'})
case("modules-chain-missing", 'import "a.kf" { a }\n', files={"a.kf": 'import "missing.kf" { m }\nlet a = 1\n'})

# --- types (KF1005, KF1006, KF1013, KF1015, KF1016, KF1017, KF1018, KF1019, KF1020)
case("types-string-for-int", sub("records: 1000", 'records: "many"'))
case("types-int-for-string", sub('path: "/data/part-\\(i).csv"', "path: 42"))
case("types-bool-for-int", sub("rounds: 3", "rounds: true"))
case("types-refined-rounds", sub("rounds: 3", "rounds: 0"))
case("types-fraction-fit", sub("rounds: 3", "rounds: 3\n  fraction_fit: 1.5"))
case("types-let-annotation", "let n: Int(1...10) = 11\n")
case("types-let-annotation-mismatch", "let name: String = 3\n")
case("types-unknown-type", "let n: Integer = 3\n")
case("types-not-indexable", sub("node: lab.edge[i]\n  records", "node: lab.cloud[i]\n  records"))
case("types-not-callable", "let n = 3\nlet m = n(2)\n")
case("types-unknown-argument", sub("mlp(hidden: [16])", "mlp(hiden: [16])"))
case("types-argument-type", sub("mlp(hidden: [16])", 'mlp(hidden: "16")'))
case("types-component-param-range", sub("fedavg(min_fit: 2)", "fedavg(min_fit: 0)"))
case("types-memory-unit-for-cpu", sub("node cloud { cpu: 8, memory: 32Gi }", "node cloud { cpu: 8Gi, memory: 32Gi }"))
case("types-cpu-unit-for-memory", sub("node cloud { cpu: 8, memory: 32Gi }", "node cloud { cpu: 8, memory: 500m }"))
case("types-wrong-reference", sub("zone: net.core", "zone: lab.cloud"))
case("types-replicated-reference", sub("node: lab.cloud }", "node: lab.edge }"))
case("types-unknown-enum-case", sub("unit: example", "unit: exampel"))
case("types-model-for-strategy", sub("strategy: fedavg(min_fit: 2)", "strategy: mlp"))
case("types-cidr-for-ip", "let ip: IP = 10.0.0.0/8\n")
case("types-port-string", sub("node: lab.cloud }", 'node: lab.cloud, port: "80" }'))
case("types-unknown-record-field", sub("client[i in 0..<n] { zone: net.site[i], node: lab.edge[i], dataset: data[i] }",
     "client[i in 0..<n] { zone: net.site[i], node: lab.edge[i], dataset: data[i], train: { epochs: 1, bach: 16 } }"))
case("types-resources-missing-memory", sub("node: lab.cloud }", "node: lab.cloud, resources: { cpu: 1 } }"))
case("types-binary-mismatch", 'let x = 1 + "a"\n')
case("types-compare-mismatch", 'let x = 1Gi < "big"\n')
case("types-unit-mismatch-in-sum", 'let x = 1Gi + 2s\n')
case("compile-query-jq-runtime-error", BASE, command='query error("boom")')
case("types-builtin-arity", "let x = len(1, 2)\n")

# --- evaluation (KF2001 .. KF2022)
case("eval-step-limit", "let xs = [i * 2 for i in 0..<100000000000]\n")
case("eval-too-deep", "".join(f"let a{i} = a{i + 1} + 1\n" for i in range(2000)) + "let a2000 = 0\n")
case("eval-division-by-zero", "let x = 10 / (2 - 2)\n")
case("eval-index-out-of-range", sub("client[i in 0..<n] { zone: net.site[i]", "client[i in 0..<n] { zone: net.site[i + 1]"))
case("eval-list-index-out-of-range", "let xs = [1, 2, 3]\nlet y = xs[3]\n")
case("eval-cyclic-let", "let a = b + 1\nlet b = a * 2\n")
case("eval-cidr-host-bits", sub("pool: 10.0.0.0/24", "pool: 10.0.0.1/24"))
case("eval-zones-overlap", sub("  zone core {}\n", "  zone core { cidr: 10.0.0.0/28 }\n  zone backup { cidr: 10.0.0.8/29 }\n"))
case("eval-pool-too-small", sub("pool: 10.0.0.0/24", "pool: 10.0.0.0/27"))
case("eval-zone-outside-pool", sub("  zone core {}", "  zone core { cidr: 192.168.0.0/28 }"))
case("eval-no-pool", sub("  pool: 10.0.0.0/24\n", ""))
case("eval-port-out-of-range", sub("node: lab.cloud }", "node: lab.cloud, port: 70000 }"))
case("eval-port-zero", sub("node: lab.cloud }", "node: lab.cloud, port: 0 }"))
case("eval-epsilon-zero", sub("epsilon: 1.0, delta", "epsilon: 0.0, delta"))
case("eval-epsilon-negative-budget", sub("  records: 1000\n", "  records: 1000\n  budget: { epsilon: -1.0, delta: 1e-5 }\n"))
case("eval-delta-one", sub("delta: 1e-5 }", "delta: 1.0 }"))
case("eval-delta-zero", sub("delta: 1e-5 }", "delta: 0.0 }"))
case("eval-delta-too-large", sub("delta: 1e-5 }", "delta: 0.01 }"))
case("eval-delta-client-level", sub("unit: example, epsilon: 1.0, delta: 1e-5", "unit: client, epsilon: 1.0, delta: 0.5"))
case("eval-k8s-name-clash", sub("  zone core {}\n", "  zone core {}\n  zone site_0 {}\n"))
case("eval-k8s-name-clash-federation", BASE + '''
federation Fl {
  model: mlp
  strategy: fedavg(min_fit: 1)
  rounds: 1
  server { zone: net.site[1], node: lab.cloud }
  client { zone: net.site[0], node: lab.edge[0], dataset: data[0] }
}
''')
case("eval-k8s-name-too-long", sub("dataset data[", "dataset a_dataset_with_a_name_far_too_long_for_any_kubernetes_object_at_all["
     ).replace("dataset: data[i]", "dataset: a_dataset_with_a_name_far_too_long_for_any_kubernetes_object_at_all[i]"))
case("eval-empty-federation", sub("  client[i in 0..<n] { zone: net.site[i], node: lab.edge[i], dataset: data[i] }\n", ""))
case("eval-min-clients", sub("rounds: 3", "rounds: 3\n  min_clients: 5"))
case("eval-fraction-fit-too-small", sub("rounds: 3", "rounds: 3\n  fraction_fit: 0.5"))
case("eval-batch-too-large", sub("client[i in 0..<n] { zone: net.site[i], node: lab.edge[i], dataset: data[i] }",
     "client[i in 0..<n] { zone: net.site[i], node: lab.edge[i], dataset: data[i], train: { batch: 2000 } }"))
case("eval-min-fit", sub("fedavg(min_fit: 2)", "fedavg(min_fit: 3)"))
case("eval-missing-server", sub("  server { zone: net.core, node: lab.cloud }\n", ""))
case("eval-overflow", "let x = 9223372036854775807 + 1\n")
case("eval-not-iterable", "cluster lab { node a[i in 5] { cpu: 1, memory: 1Gi } }\n")
case("eval-shared-zone", sub("zone: net.site[i], node", "zone: net.core, node"))
case("eval-shared-zone-named-groups", sub("  client[i in 0..<n] { zone: net.site[i], node: lab.edge[i], dataset: data[i] }\n",
     "  client a { zone: net.site[0], node: lab.edge[0], dataset: data[0] }\n  client b { zone: net.site[0], node: lab.edge[1], dataset: data[1] }\n"))
case("compile-named-client-groups", sub("  client[i in 0..<n] { zone: net.site[i], node: lab.edge[i], dataset: data[i] }\n",
     "  client a[i in 0..<1] { zone: net.site[0], node: lab.edge[0], dataset: data[0] }\n  client b { zone: net.site[1], node: lab.edge[1], dataset: data[1] }\n") + "\npolicy {\n  require isolated(fl.client)\n  require budget(fl) <= 1.0 && no_internet(net)\n}\n",
     command="query [.federations[0].clients[].name,.policy.requirements[].subjects[0]]")
case("compile-ambiguous-minutes", sub("rounds: 3", "rounds: 3\n  timeout: t").replace("let n = 2\n", "let n = 2\nlet t = 5m\nlet c = 5m + 1\n"),
     command="query [.federations[0].roundTimeoutMillis]")
case("compile-model-alias", sub("import std/models { mlp }", "import std/models { mlp, logistic }", sub("model: mlp(hidden: [16])", "model: logistic(features: 12)")),
     command="query .federations[0].model")
case("eval-zone-too-small", sub("  zone core {}", "  zone core { cidr: 10.0.0.252/31 }"))
case("eval-replica-errors-once", sub("records: 1000", "records: -1"))

# --- the examples: they check clean and their IR is pinned
for ex in ["kubeflower", "multi-site", "policy"]:
    case(f"examples-{ex}-ir", None, command="build --emit ir", args=[f"../../../examples/{ex}/topology.kf"])
case("compile-build-json-format", BASE.replace("let n = 2", "let n = 1").replace("min_fit: 2", "min_fit: 1"), command="build --emit ir --format json")
case("compile-query-json-format", BASE, command="query --format json [.nodes[].cpuMillis]")

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f: f.write(text)

for name, (text, command, args, files) in cases.items():
    d = os.path.join(ROOT, name)
    if text is not None: write(os.path.join(d, "input.kf"), text)
    for rel, t in files.items(): write(os.path.join(d, rel), t)
    if command:
        parts = command.split(" ")
        if parts[0] == "query":
            # the jq program is one argument (it may hold spaces) before the input; flags follow
            prog, raw = command[len("query "):], command.endswith(" -r")
            if raw: prog = prog[:-3]
            flags = ""
            if prog.startswith("--format json "): flags, prog = "--format\njson\n", prog[len("--format json "):]
            write(os.path.join(d, "command"), "query\n" + flags + prog + "\n")
            if raw: args = ["-r"] + (args or [])
        else:
            write(os.path.join(d, "command"), "\n".join(parts) + "\n")
    if args: write(os.path.join(d, "args"), "\n".join(args) + "\n")
print(len(cases), "cases")
