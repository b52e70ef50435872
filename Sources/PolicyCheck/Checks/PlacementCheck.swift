import Compiler
import KFLang

/// Checks that a deployment can actually be placed: the capacity of the nodes it names
/// covers what is requested of them, clients run where their data is, and data to be downloaded
/// has a way out.
///
/// Fails when: the CPU or memory requested on a node exceeds what it has (KF3040), or an
/// extended resource (GPUs) does (KF3044); a client, in any zone, runs on
/// another node than its node-local dataset (any but `download` with `host_path`) (KF3041); a dataset marked `download` is read by a client
/// whose zone has no egress (KF3042, the seed's documented pitfall).
package enum PlacementCheck {
    /// The diagnostics for `d`; `locate` turns IR origins into spans.
    package static func check(_ d: IR.Deployment, locate: (IR.Origin) -> Span?) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let nodes = Dictionary(d.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let zones = Dictionary(d.zones.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let networks = Dictionary(d.networks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let datasets = Dictionary(d.datasets.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func label(_ o: IR.Origin, _ t: String) -> DiagnosticLabel? { locate(o).map { DiagnosticLabel($0, t) } }

        var cpu: [String: Int] = [:], memory: [String: Int] = [:], extended: [String: [String: Int]] = [:]
        var users: [String: [(String, IR.Origin)]] = [:]
        func place(_ what: String, node: String, resources: IR.Resources?, origin: IR.Origin) {
            // References are typed, so a missing node is a compile error (or a hand-edited IR).
            guard nodes[node] != nil else { return }
            if let r = resources {
                cpu[node, default: 0] += r.cpuRequestMillis
                memory[node, default: 0] += r.memoryRequestBytes
                for (name, n) in r.extended ?? [:] {
                    let (sum, overflow) = extended[node, default: [:]][name, default: 0].addingReportingOverflow(n)
                    extended[node, default: [:]][name] = overflow ? Int.max : sum
                }
                users[node, default: []].append((what, origin))
            }
        }
        for ds in d.datasets { place(ds.name, node: ds.node, resources: nil, origin: ds.origin) }
        for f in d.federations {
            place(f.server.k8sName, node: f.server.node, resources: f.server.resources, origin: f.server.origin)
            for c in f.clients {
                place(c.name, node: c.node, resources: c.resources, origin: c.origin)
                guard let ds = datasets[c.dataset], let z = zones[c.zone] else { continue }
                // The data's volume ties the client to the data's node, in every zone: a local
                // PersistentVolume is pinned there (downloaded or not, the Kubernetes back end pins
                // it), and a hostPath reads the node the pod runs on. Only data fetched at start
                // into a hostPath folder is free of the node.
                if !(ds.download && ds.hostPath) && ds.node != c.node {
                    var diag = Diagnostic.clientAwayFromData(
                        client: c.name, node: c.node, dataset: ds.name, dataNode: ds.node, hostPath: ds.hostPath,
                        at: label(c.origin, "runs on '\(c.node)'"))
                    if let l = label(ds.origin, "lives on '\(ds.node)'") { diag.secondary.append(l) }
                    out.append(diag)
                }
                let egress = !z.egress.isEmpty || networks[z.network]?.egress == true
                if ds.download && !egress {
                    var diag = Diagnostic.downloadWithoutEgress(
                        dataset: ds.name, zone: z.name, at: label(ds.origin, "download: true"))
                    if let l = label(z.origin, "no egress") { diag.secondary.append(l) }
                    out.append(diag)
                }
            }
        }
        for n in d.nodes {
            for (name, requested) in (extended[n.name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let offered = n.extended?[name] ?? 0
                guard requested > offered else { continue }
                var diag = Diagnostic.nodeLacksExtendedResource(
                    node: n.name, resource: name, requested: requested, offered: offered,
                    at: label(n.origin, "node '\(n.name)'"))
                diag.notes.append(placedThere((users[n.name] ?? []).map(\.0)))
                out.append(diag)
            }
            let c = cpu[n.name] ?? 0, m = memory[n.name] ?? 0
            guard c > n.cpuMillis || m > n.memoryBytes else { continue }
            var diag = Diagnostic.nodeOverCommitted(
                node: n.name, cpu: c, cpuCapacity: n.cpuMillis, memory: m,
                memoryCapacity: n.memoryBytes, at: label(n.origin, "node '\(n.name)'"))
            diag.notes.append(placedThere((users[n.name] ?? []).map(\.0)))
            out.append(diag)
        }
        return out
    }

    /// The note naming the workloads on a node: the first ten, then how many more (a node can
    /// hold thousands, and the note is one line).
    static func placedThere(_ names: [String]) -> String {
        let shown = names.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
        return "placed there: " + shown + (names.count > 10 ? ", and \(names.count - 10) more" : "")
    }
}
