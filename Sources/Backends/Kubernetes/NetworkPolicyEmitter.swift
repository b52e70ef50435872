import Compiler
import YAML

/// The NetworkPolicies of a federation's namespace: deny everything, then allow exactly the
/// flows the federation needs.
///
/// - `default-deny`: every pod, ingress and egress, no rule.
/// - `server-ingress`: the server admits TCP on its port from this federation's clients.
/// - `client-egress`: clients may open TCP connections to the server's port (to its pods, which
///   carry the fixed address they dial). No DNS: clients dial an address, not a name.
/// - `egress-<zone>`: pods in a zone that declares egress may reach those destinations, except
///   the blocks of every zone (egress means out of the cluster's networks, not to other pods).
/// Replies ride on the connection's state, so the server needs no egress rule.
package struct NetworkPolicyEmitter: Sendable {
    /// The deployment's indexes.
    package let topology: Topology

    /// Creates the emitter.
    package init(topology: Topology) { self.topology = topology }

    /// The policies of `f`'s namespace.
    package func emit(_ f: IR.Federation) -> [Manifest] {
        let ns = f.namespace
        let labels = KFCLabels.shared(federation: ns)
        // The federation declares the flows these policies allow; egress comes from its zone.
        let from = KFCLabels.sourceAnnotation(f.origin)
        let server: YAMLNode = ["matchLabels": .mapping(KFCLabels.selector(federation: ns, role: .server))]
        let clients: YAMLNode = ["matchLabels": .mapping(KFCLabels.selector(federation: ns, role: .client))]
        let port: YAMLNode = [["protocol": "TCP", "port": .int(f.server.port)]]
        var out = [
            Manifest(
                .networkPolicy, name: "default-deny", namespace: ns, labels: labels, annotations: from,
                fields: [
                    ("spec", ["podSelector": [:], "policyTypes": ["Ingress", "Egress"]])
                ])
        ]
        if !f.clients.isEmpty {
            out.append(
                Manifest(
                    .networkPolicy, name: "server-ingress", namespace: ns, labels: labels, annotations: from,
                    fields: [
                        (
                            "spec",
                            [
                                "podSelector": server, "policyTypes": ["Ingress"],
                                "ingress": [["from": [["podSelector": clients]], "ports": port]],
                            ]
                        )
                    ]))
            out.append(
                Manifest(
                    .networkPolicy, name: "client-egress", namespace: ns, labels: labels, annotations: from,
                    fields: [
                        (
                            "spec",
                            [
                                "podSelector": clients, "policyTypes": ["Egress"],
                                "egress": [["to": [["podSelector": server]], "ports": port]],
                            ]
                        )
                    ]))
        }
        let zones = Set([f.server.zone] + f.clients.map(\.zone)).sorted()
        for name in zones {
            guard let z = topology.zones[name] else { continue }
            let egress = topology.egress(of: z)
            if egress.isEmpty { continue }
            out.append(
                Manifest(
                    .networkPolicy, name: "egress-\(z.k8sName)", namespace: ns, labels: labels,
                    annotations: KFCLabels.sourceAnnotation(z.origin),
                    fields: [
                        (
                            "spec",
                            [
                                "podSelector": ["matchLabels": [KFCLabels.zone: .string(z.k8sName)]],
                                "policyTypes": ["Egress"],
                                "egress": [["to": .sequence(egress.map(ipBlock))]],
                            ]
                        )
                    ]))
        }
        return out
    }

    /// An `ipBlock` for `destination` that excepts every zone block inside it.
    private func ipBlock(_ destination: String) -> YAMLNode {
        guard let dest = CIDRBlock(destination) else { return ["ipBlock": ["cidr": .string(destination)]] }
        let inside = CIDRSummary.summarize(topology.ir.zones.compactMap { CIDRBlock($0.cidr) })
            .filter { dest.contains($0) && $0 != dest }
        var block: YAMLMapping = ["cidr": .string(destination)]
        if !inside.isEmpty { block.append("except", .sequence(inside.map { .string($0.description) })) }
        return ["ipBlock": .mapping(block)]
    }
}
