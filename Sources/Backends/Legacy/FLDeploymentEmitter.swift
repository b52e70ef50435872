import Compiler
import YAML

/// Emits the `flwr.dev/v1 FLDeployment` of the KubeFlower operator (the REASON-6G variant) for
/// clusters that still run it.
///
/// The custom resource can say much less than kfc: one image, one dataset path, a boolean
/// isolation and a bare ε. The emitter fills it from the IR as faithfully as the schema allows:
/// `isolation` is true only when every client sits in its own private zone, the dataset path is
/// the one path all clients share (or their common folder), and the budget is the federation's ε.
/// The object has no namespace: it is applied where the operator watches.
package struct FLDeploymentEmitter: Sendable {
    /// The deployment's indexes.
    package let topology: Topology

    /// Creates the emitter.
    package init(topology: Topology) { self.topology = topology }

    /// One `FLDeployment` per federation the operator could run (not those that run a Flower app).
    package func emit() -> [Manifest] {
        topology.ir.federations.filter { $0.flower == nil }.map(resource)
    }

    private func resource(_ f: IR.Federation) -> Manifest {
        let s = f.server
        let server: YAMLNode = [
            "image": .string(s.image), "imagePullPolicy": "IfNotPresent", "port": .int(s.port),
            "nodeName": .string(topology.hostname(of: s.node)), "minClients": .int(f.minClients),
            "rounds": .int(f.rounds),
        ]
        var client: YAMLMapping = [
            "image": .string(f.clients.first?.image ?? s.image), "imagePullPolicy": "IfNotPresent",
            "num_clients": .int(f.clients.count), "isolation": .bool(isolated(f)),
        ]
        let paths = f.clients.compactMap { topology.datasets[$0.dataset]?.path }
        let download = f.clients.contains { topology.datasets[$0.dataset]?.download == true }
        var dataset: YAMLMapping = ["download": .bool(download)]
        if let path = Self.sharedPath(paths) { dataset.append("path", .string(path)) }
        client.append("dataset", .mapping(dataset))
        if let p = f.privacy { client.append("privacy", ["budget": .double(p.epsilon)]) }
        return Manifest(
            .flDeployment, name: f.namespace, labels: KFCLabels.shared(federation: f.namespace),
            fields: [("spec", ["server": server, "client": .mapping(client)])])
    }

    /// Whether every client has a private zone of its own.
    private func isolated(_ f: IR.Federation) -> Bool {
        let zones = f.clients.map(\.zone)
        return Set(zones).count == zones.count && zones.allSatisfy { topology.zones[$0]?.isPrivate == true }
    }

    /// The path every client shares, or their longest common folder, or nil.
    static func sharedPath(_ paths: [String]) -> String? {
        guard let first = paths.first else { return nil }
        if paths.allSatisfy({ $0 == first }) { return first }
        var common = first.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for p in paths.dropFirst() {
            let parts = p.split(separator: "/", omittingEmptySubsequences: false)
            var n = 0
            while n < common.count, n < parts.count, common[common.startIndex + n] == parts[n] { n += 1 }
            common = common.prefix(n)
        }
        let folder = common.joined(separator: "/")
        return folder.isEmpty ? nil : folder
    }
}
