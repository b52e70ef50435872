import Compiler
import YAML

/// What a network needs so that the zones declaring egress — and only they — reach out.
///
/// A custom Vpc cannot use a subnet's `natOutgoing` (that is the default Vpc's node SNAT), so
/// egress goes through one `VpcNatGateway` per network, whose LAN side sits in the first egress
/// zone and whose WAN side is the cluster's `ovn-vpc-external-network` (set up once by the
/// cluster admin, as Kube-OVN documents). One `IptablesEIP` gives it an external address, one
/// `IptablesSnatRule` per egress zone translates that zone's block, and the Vpc's policy routes
/// send only that zone's packets for its declared destinations to the gateway; traffic between
/// the network's own blocks is allowed first so it is never diverted.
package struct EgressGateway: Sendable {
    /// The external subnet (Multus attachment) Kube-OVN's VPC NAT gateways use.
    package static let externalSubnet = "ovn-vpc-external-network"
    /// Priority of the policy routes that keep traffic inside the Vpc.
    package static let internalPriority = 31000
    /// Priority of the policy routes that send egress to the gateway.
    package static let egressPriority = 30000
    /// Priority of the gateway subnet's ACLs: above Kube-OVN's private-subnet drop (1000) and
    /// allow-subnet (1001) rules.
    package static let aclPriority = 1100

    /// The network.
    package let network: IR.Network
    /// Its zones, in order.
    package let zones: [IR.Zone]
    /// The zones that declare egress, in order.
    package let egressZones: [IR.Zone]
    /// The gateway's LAN address (in the first egress zone).
    package let lanIP: String
    /// The destinations of each egress zone, by qualified name.
    package let destinations: [String: [String]]

    /// The gateway of `network`, or nil when none of its zones declares egress.
    package init?(network: IR.Network, zones: [IR.Zone], topology: Topology) {
        let egressZones = zones.filter { !topology.egress(of: $0).isEmpty }
        guard let first = egressZones.first, let block = CIDRBlock(first.cidr), block.prefix <= 30 else { return nil }
        // The highest usable address that nothing else holds: the compiler hands out addresses
        // from the bottom of a block and Kube-OVN's allocator starts there too.
        let taken = Set(
            first.excludeIPs + [first.gateway]
                + topology.ir.federations.map(\.server).filter { $0.zone == first.name }.map(\.address))
        var candidate = block.last.value - 1
        while taken.contains(IPv4Address(candidate).description), candidate > block.first.value + 1 {
            candidate -= 1
        }
        self.network = network
        self.zones = zones
        self.egressZones = egressZones
        self.lanIP = IPv4Address(candidate).description
        self.destinations = Dictionary(uniqueKeysWithValues: egressZones.map { ($0.name, topology.egress(of: $0)) })
    }

    /// The gateway's name (also its EIP's).
    package var name: String { "\(network.k8sName)-egress" }

    /// The Vpc's policy routes.
    package func policyRoutes() -> YAMLNode {
        var routes: [YAMLNode] = []
        let inside = CIDRSummary.summarize(zones.compactMap { CIDRBlock($0.cidr) })
        for b in inside {
            routes.append([
                "action": "allow", "match": .string("ip4.dst == \(b)"),
                "priority": .int(Self.internalPriority),
            ])
        }
        for z in egressZones {
            for dest in destinations[z.name] ?? [] {
                let match = dest == "0.0.0.0/0" ? "ip4.src == \(z.cidr)" : "ip4.src == \(z.cidr) && ip4.dst == \(dest)"
                routes.append([
                    "action": "reroute", "match": .string(match), "nextHopIP": .string(lanIP),
                    "priority": .int(Self.egressPriority),
                ])
            }
        }
        return .sequence(routes)
    }

    /// The ACLs the gateway's zone needs when it is private.
    ///
    /// A private subnet drops every packet delivered to its ports unless it comes from the subnet
    /// itself or an allowed subnet and goes to the subnet; egress packets rerouted to the gateway
    /// are addressed to the outside, so each egress zone's outbound traffic to its destinations
    /// (never to the network's own blocks) is allowed explicitly. Replies return on the tracked
    /// connection (`allow-related`).
    package func gatewayACLs() -> YAMLNode {
        let inside = CIDRSummary.summarize(zones.compactMap { CIDRBlock($0.cidr) }).map(\.description)
        let notInside = inside.count == 1 ? inside[0] : "{" + inside.joined(separator: ", ") + "}"
        var acls: [YAMLNode] = []
        for z in egressZones {
            for dest in destinations[z.name] ?? [] {
                let match =
                    dest == "0.0.0.0/0"
                    ? "ip4.src == \(z.cidr) && ip4.dst != \(notInside)"
                    : "ip4.src == \(z.cidr) && ip4.dst == \(dest)"
                acls.append([
                    "direction": "to-lport", "priority": .int(Self.aclPriority), "match": .string(match),
                    "action": "allow-related",
                ])
            }
        }
        return .sequence(acls)
    }

    /// The gateway's zone (the first egress zone).
    package var gatewayZone: IR.Zone { egressZones[0] }

    /// The gateway, its external address and one SNAT rule per egress zone.
    package func objects() -> [Manifest] {
        let labels = KFCLabels.network(name: name)
        var out = [
            Manifest(
                .vpcNatGateway, name: name, labels: labels,
                fields: [
                    (
                        "spec",
                        [
                            "vpc": .string(network.k8sName),
                            "subnet": .string(egressZones[0].k8sName),
                            "lanIp": .string(lanIP),
                            "externalSubnets": [.string(Self.externalSubnet)],
                            "selector": ["kubernetes.io/os: linux"],
                        ]
                    )
                ]),
            Manifest(
                .iptablesEIP, name: name, labels: labels,
                fields: [
                    (
                        "spec",
                        [
                            "natGwDp": .string(name), "externalSubnet": .string(Self.externalSubnet),
                        ]
                    )
                ]),
        ]
        for z in egressZones {
            out.append(
                Manifest(
                    .iptablesSnatRule, name: "\(z.k8sName)-egress", labels: labels,
                    fields: [
                        (
                            "spec",
                            [
                                "eip": .string(name), "internalCIDR": .string(z.cidr),
                            ]
                        )
                    ]))
        }
        return out
    }
}
