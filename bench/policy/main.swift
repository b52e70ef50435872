// kfc-bench-policy: proves an N-client federation from manifests shaped like kfc's back ends
// emit them (custom Vpc, one private /28 subnet per client, default-deny NetworkPolicies plus
// the client->server flow) and prints the time of each phase.
//
//   swift run -c release kfc-bench-policy [CLIENTS...]     (default: 10000 100000)
import Foundation
import KFLang
import PolicyCheck

func manifests(clients n: Int) -> String {
    func block(_ i: Int) -> String {
        // Client i gets the (i+1)-th /28 of 10.0.0.0/8; the server's subnet is the first.
        let base = UInt32(10) << 24 + UInt32(i + 1) * 16
        return "\(base >> 24).\(base >> 16 & 255).\(base >> 8 & 255).\(base & 255)/28"
    }
    var s = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: fl}
        ---
        apiVersion: kubeovn.io/v1
        kind: Vpc
        metadata: {name: fl-net}
        spec: {namespaces: [fl]}
        ---
        apiVersion: kubeovn.io/v1
        kind: Subnet
        metadata: {name: fl-net-core}
        spec:
          vpc: fl-net
          cidrBlock: 10.0.0.0/28
          private: true
          allowSubnets:

        """
    s.reserveCapacity(n * 1200)
    for i in 0..<n { s += "    - \(block(i))\n" }
    s += """
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: server, namespace: fl}
        spec:
          template:
            metadata:
              labels: {kfc.dev/role: server, kfc.dev/federation: fl}
              annotations: {ovn.kubernetes.io/logical_switch: fl-net-core, ovn.kubernetes.io/ip_address: 10.0.0.2}
            spec:
              containers:
                - name: server
                  image: kfc:0.1.0
                  ports: [{name: grpc, containerPort: 8080}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: fl}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: server-ingress, namespace: fl}
        spec:
          podSelector: {matchLabels: {kfc.dev/role: server}}
          policyTypes: [Ingress]
          ingress: [{from: [{podSelector: {matchLabels: {kfc.dev/role: client}}}], ports: [{port: grpc}]}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: client-egress, namespace: fl}
        spec:
          podSelector: {matchLabels: {kfc.dev/role: client}}
          policyTypes: [Egress]
          egress: [{to: [{ipBlock: {cidr: 10.0.0.2/32}}], ports: [{port: 8080}]}]

        """
    for i in 0..<n {
        s += """
            ---
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata: {name: fl-net-site-\(i)}
            spec: {vpc: fl-net, cidrBlock: \(block(i)), private: true, allowSubnets: [10.0.0.0/28]}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: client-\(i), namespace: fl}
            spec:
              template:
                metadata:
                  labels: {kfc.dev/role: client, kfc.dev/federation: fl, kfc.dev/client: "\(i)"}
                  annotations: {ovn.kubernetes.io/logical_switch: fl-net-site-\(i)}
                spec:
                  containers: [{name: client, image: "kfc:0.1.0"}]

            """
    }
    return s
}

/// CPU seconds (user + system) of this process, less sensitive than wall time to other
/// builds on a shared machine.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

func seconds(_ f: () -> Void) -> Double {
    let t0 = cpuSeconds()
    f()
    return cpuSeconds() - t0
}

let args = CommandLine.arguments.dropFirst()
let iterations = args.first { $0.hasPrefix("--iterations=") }.flatMap { Int($0.dropFirst(13)) } ?? 3
let sizes = args.compactMap { Int($0) }
var results: [(Int, Double)] = []
for n in sizes.isEmpty ? [10_000, 100_000] : sizes {
    let text = manifests(clients: n)
    var sources = SourceManager()
    let id = sources.add(path: "bench.yaml", text: text)
    var best = (read: Double.infinity, model: Double.infinity, proofs: Double.infinity, total: Double.infinity)
    var count = 0
    // Best of `iterations`: the machine is shared, and CPU time still suffers from other builds.
    for _ in 0..<iterations {
        let sink = DiagnosticSink()
        var objects: [ManifestObject] = []
        let tRead = seconds { objects = ManifestLoader().load(sources[id], sink: sink) }
        var model: NetworkModel?
        let tModel = seconds { model = NetworkModel(objects: objects) }
        var findings: [Finding] = []
        let tProve = seconds {
            let ctx = CheckContext(model: model!, strict: true)
            for c: any ModelCheck.Type in [
                ClientLivenessCheck.self, ClientIsolationCheck.self, InternetEgressCheck.self,
                NamespaceIsolationCheck.self,
            ] {
                findings += c.run(ctx)
            }
        }
        precondition(
            findings.isEmpty, "the generated deployment must prove clean: \(findings.first!.diagnostic.message)")
        count = model!.endpoints.count
        best = (
            min(best.read, tRead), min(best.model, tModel), min(best.proofs, tProve), min(best.total, tModel + tProve)
        )
    }
    print(
        String(
            format:
                "%7d clients: %5.1f MB YAML, %d endpoints, CPU best of %d: read %.3f s, model %.3f s, proofs %.3f s, model+proofs %.3f s",
            n, Double(text.utf8.count) / 1e6, count, iterations, best.read, best.model, best.proofs, best.total))
    results.append((n, best.total))
}
if results.count == 2 {
    print(
        String(
            format: "ratio %dx clients: %.1fx time (model+proofs)", results[1].0 / results[0].0,
            results[1].1 / results[0].1))
}
