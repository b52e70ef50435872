import Compiler
import YAML

/// Emits the Kube-OVN objects: one custom `Vpc` per network and one `Subnet` per zone.
///
/// A custom Vpc has no route out of the cluster and no cluster DNS, so nothing in it reaches the
/// internet unless a zone declares egress (see `EgressGateway`). Private zones admit only their
/// own block and the blocks in `allowSubnets`, which come from the federations' flows: a client
/// zone admits the server's zone, the server's zone admits its clients' zones.
package struct KubeOVNEmitter: Sendable {
    /// The deployment's indexes.
    package let topology: Topology

    /// Creates the emitter.
    package init(topology: Topology) { self.topology = topology }

    /// Every Kube-OVN object.
    package func emit() -> [Manifest] {
        var out: [Manifest] = []
        let peers = peerBlocks()
        // Zones with the same peers and namespaces (a federation's client zones) share those nodes.
        var memo = PodSpecBuilder.Memo()
        for network in topology.ir.networks {
            let zones = network.zones.compactMap { topology.zones[$0] }
            let egress = EgressGateway(network: network, zones: zones, topology: topology)
            var spec: YAMLMapping = [:]
            let namespaces = topology.namespaces(ofNetwork: network.name)
            if !namespaces.isEmpty { spec.append("namespaces", .sequence(namespaces.map { .string($0) })) }
            if let routes = egress?.policyRoutes() { spec.append("policyRoutes", routes) }
            out.append(
                Manifest(
                    .vpc, name: network.k8sName, labels: KFCLabels.network(name: network.k8sName),
                    annotations: KFCLabels.sourceAnnotation(network.origin), fields: [("spec", .mapping(spec))]))
            for z in zones {
                let acls = z.isPrivate && egress?.gatewayZone.name == z.name ? egress?.gatewayACLs() : nil
                out.append(subnet(z, vpc: network.k8sName, peers: peers[z.name] ?? [], acls: acls, memo: &memo))
            }
            if let egress { out += egress.objects() }
        }
        return out
    }

    /// A zone's Subnet.
    private func subnet(
        _ z: IR.Zone, vpc: String, peers: [CIDRBlock], acls: YAMLNode?, memo: inout PodSpecBuilder.Memo
    ) -> Manifest {
        // Every field below at its final size: one allocation, not a growth per append.
        var spec: [YAMLMapping.Pair] = []
        spec.reserveCapacity(10)
        spec.append(("protocol", "IPv4"))
        spec.append(("cidrBlock", .string(z.cidr)))
        spec.append(("gateway", .string(z.gateway)))
        if !z.excludeIPs.isEmpty { spec.append(("excludeIps", .sequence(z.excludeIPs.map { .string($0) }))) }
        spec.append(("vpc", .string(vpc)))
        spec.append(("private", .bool(z.isPrivate)))
        if z.isPrivate && !peers.isEmpty {
            spec.append(("allowSubnets", memo.node(.allowSubnets, peers.map(\.description), Self.strings)))
        }
        if let acls { spec.append(("acls", acls)) }
        // Egress from a custom Vpc goes through its NAT gateway, never the node's SNAT.
        spec.append(("natOutgoing", false))
        let namespaces = topology.namespacesByZone[z.name] ?? []
        if !namespaces.isEmpty { spec.append(("namespaces", memo.node(.namespaces, namespaces, Self.strings))) }
        return Manifest(
            .subnet, name: z.k8sName, labels: KFCLabels.network(name: z.k8sName),
            annotations: memo.sourceAnnotation(z.origin), fields: [("spec", .mapping(YAMLMapping(spec)))])
    }

    /// A sequence of strings.
    private static func strings(_ s: [String]) -> YAMLNode { .sequence(s.map { .string($0) }) }

    /// For each zone, the blocks at the other end of its flows, summarised.
    private func peerBlocks() -> [String: [CIDRBlock]] {
        // Sized for every zone up front: growing rehashes every key.
        var raw: [String: [CIDRBlock]] = [:]
        raw.reserveCapacity(topology.zones.count)
        // Each zone's block, parsed once (a server's zone is at the end of every client's flow).
        var blocks: [String: CIDRBlock?] = [:]
        blocks.reserveCapacity(topology.zones.count)
        func block(_ zone: String) -> CIDRBlock? {
            if let b = blocks[zone] { return b }
            let b = topology.zones[zone].flatMap { CIDRBlock($0.cidr) }
            blocks[zone] = b
            return b
        }
        for flow in topology.flows {
            guard let from = block(flow.from), let to = block(flow.to) else { continue }
            raw[flow.from, default: []].append(to)
            raw[flow.to, default: []].append(from)
        }
        return raw.mapValues { CIDRSummary.summarize($0) }
    }
}
