import Compiler

/// Indexes over an `IR.Deployment` and the network flows its federations need.
///
/// The IR is flat; every back end needs the same look-ups (a client's zone, node and dataset,
/// the namespaces that use a zone) and the same flows, so they are computed once here.
package struct Topology: Sendable {
    /// One allowed connection: pods of a federation's clients in `from` dial its server in `to`.
    package struct Flow: Sendable, Hashable {
        /// The federation that needs the flow.
        package var federation: String
        /// Qualified name of the client zone.
        package var from: String
        /// Qualified name of the server zone.
        package var to: String
        /// The server's TCP port.
        package var port: Int
    }

    /// The deployment indexed.
    package let ir: IR.Deployment
    /// Zones by qualified name.
    package let zones: [String: IR.Zone]
    /// Nodes by qualified name.
    package let nodes: [String: IR.Node]
    /// Datasets by qualified name.
    package let datasets: [String: IR.Dataset]
    /// Networks by name.
    package let networks: [String: IR.Network]
    /// The namespaces whose pods run in each zone, sorted.
    package let namespacesByZone: [String: [String]]
    /// Every flow of every federation, deduplicated, sorted by federation, source and target.
    package let flows: [Flow]

    /// Indexes `ir`.
    package init(_ ir: IR.Deployment) {
        self.ir = ir
        zones = Dictionary(ir.zones.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        nodes = Dictionary(ir.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        datasets = Dictionary(ir.datasets.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        networks = Dictionary(ir.networks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var byZone: [String: Set<String>] = [:]
        var flows = Set<Flow>()
        for f in ir.federations {
            byZone[f.server.zone, default: []].insert(f.namespace)
            for c in f.clients {
                byZone[c.zone, default: []].insert(f.namespace)
                if c.zone != f.server.zone {
                    flows.insert(Flow(federation: f.name, from: c.zone, to: f.server.zone, port: f.server.port))
                }
            }
        }
        namespacesByZone = byZone.mapValues { $0.sorted() }
        // Field by field, as the tuple order would, without building two tuples of strings per
        // comparison (a flow per client: this sort was most of indexing the deployment).
        self.flows = flows.sorted { a, b in
            if a.federation != b.federation { return a.federation < b.federation }
            if a.from != b.from { return a.from < b.from }
            if a.to != b.to { return a.to < b.to }
            return a.port < b.port
        }
    }

    /// The namespaces whose pods run in any zone of `network`, sorted.
    package func namespaces(ofNetwork network: String) -> [String] {
        let names = networks[network]?.zones ?? []
        return Set(names.flatMap { namespacesByZone[$0] ?? [] }).sorted()
    }

    /// The node a workload runs on: its hostname, or the IR name when the node is unknown.
    package func hostname(of node: String) -> String {
        nodes[node]?.hostname ?? node
    }

    /// Where a zone may reach outside its network: its own `egress` list, plus the whole
    /// internet (`0.0.0.0/0`) when its network declares `egress: true`. Sorted, no duplicates.
    package func egress(of zone: IR.Zone) -> [String] {
        var out = Set(zone.egress)
        if networks[zone.network]?.egress == true { out.insert("0.0.0.0/0") }
        return out.sorted()
    }

    /// The Kube-OVN subnet name of a zone (its DNS-1123 name).
    package func subnetName(of zone: String) -> String {
        zones[zone]?.k8sName ?? zone
    }
}
