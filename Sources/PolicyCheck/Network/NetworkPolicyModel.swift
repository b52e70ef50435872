import YAML

/// A `networking.k8s.io/v1` NetworkPolicy as the model reads it.
///
/// Semantics (Kubernetes): a pod selected by any policy whose `policyTypes` include a
/// direction is isolated for that direction, and then only traffic some rule of some selecting
/// policy admits may pass; absent `policyTypes` means `Ingress`, plus `Egress` when the policy has
/// an `egress` section. A rule without peers admits every peer; without ports, every port.
package struct NetworkPolicyModel: Sendable {
    /// Index of the object in `NetworkModel.objects`.
    package var object: Int
    /// The name.
    package var name: String
    /// The namespace.
    package var namespace: String
    /// The pods the policy selects.
    package var podSelector: LabelSelector
    /// Whether selected pods are isolated for ingress.
    package var isolatesIngress: Bool
    /// Whether selected pods are isolated for egress.
    package var isolatesEgress: Bool
    /// The ingress rules.
    package var ingress: [PolicyRule]
    /// The egress rules.
    package var egress: [PolicyRule]

    /// One ingress or egress rule.
    package struct PolicyRule: Sendable {
        /// Position in `spec.ingress` / `spec.egress`.
        package var index: Int
        /// nil: every peer.
        package var peers: [Peer]?
        /// nil: every port.
        package var ports: [PortSpec]?
        /// `NetworkPolicy 'ns/name' ingress[0]`, computed once.
        package var title: String = ""
        /// Ports when no port is named (precomputed); nil when named ports need the destination.
        package var fixedPorts: PortSet?
    }

    /// A `from`/`to` entry.
    package enum Peer: Sendable {
        /// `podSelector` and/or `namespaceSelector` (nil namespace selector: the policy's namespace).
        case pods(pods: LabelSelector, namespaces: LabelSelector?)
        /// `ipBlock` (cidr minus except) with its CIDR text.
        case ipBlock(IPSet, text: String)
        /// A peer the model cannot read (matches nothing).
        case invalid
    }

    /// A `ports` entry.
    package struct PortSpec: Sendable {
        /// The protocol.
        package var proto: TransportProtocol
        /// nil: every port of the protocol.
        package var number: ClosedRange<Int>?
        /// A named port, resolved against the destination pod.
        package var name: String?
    }

    /// Reads a NetworkPolicy object; `namespace` is the object's effective namespace.
    package init(object: Int, manifest m: ManifestObject, namespace: String) {
        self.object = object
        name = m.name
        self.namespace = namespace
        let spec = m.value["spec"] ?? .null
        podSelector = spec["podSelector"].map(LabelSelector.init) ?? .everything
        let types = spec["policyTypes"]?.sequence?.compactMap(\.string)
        isolatesIngress = types.map { $0.contains("Ingress") } ?? true
        isolatesEgress = types.map { $0.contains("Egress") } ?? (spec["egress"] != nil)
        ingress = Self.rules(spec["ingress"], peerKey: "from")
        egress = Self.rules(spec["egress"], peerKey: "to")
        for i in ingress.indices { ingress[i].title = "NetworkPolicy '\(namespace)/\(name)' ingress[\(i)]" }
        for i in egress.indices { egress[i].title = "NetworkPolicy '\(namespace)/\(name)' egress[\(i)]" }
    }

    private static func rules(_ node: YAMLNode?, peerKey: String) -> [PolicyRule] {
        guard let items = node?.sequence else { return [] }
        return items.enumerated().map { i, r in
            let peers: [Peer]? = r[peerKey]?.sequence.flatMap { $0.isEmpty ? nil : $0.map(peer) }
            let ports: [PortSpec]? = r["ports"]?.sequence.flatMap { $0.isEmpty ? nil : $0.map(portSpec) }
            var rule = PolicyRule(index: i, peers: peers, ports: ports)
            if !(ports ?? []).contains(where: { $0.name != nil }) {
                rule.fixedPorts = Self.ports(of: rule, namedPorts: [:])
            }
            return rule
        }
    }

    private static func peer(_ p: YAMLNode) -> Peer {
        if let b = p["ipBlock"] {
            guard let cidr = b["cidr"]?.string, let set = IPSet(cidrOrAddress: cidr), cidr.contains("/") else {
                return .invalid
            }
            var excepted = IPSet.empty
            for e in b["except"]?.sequence ?? [] {
                guard let t = e.string, let x = IPSet(cidrOrAddress: t) else { return .invalid }
                excepted = excepted.union(x)
            }
            let text = excepted.isEmpty ? cidr : "\(cidr) except \(excepted)"
            return .ipBlock(set.subtracting(excepted), text: text)
        }
        let pods = p["podSelector"].map(LabelSelector.init)
        let nss = p["namespaceSelector"].map(LabelSelector.init)
        if pods == nil && nss == nil { return .invalid }
        return .pods(pods: pods ?? .everything, namespaces: nss)
    }

    private static func portSpec(_ p: YAMLNode) -> PortSpec {
        let proto = TransportProtocol(rawValue: p["protocol"]?.string ?? "TCP") ?? .tcp
        if let n = p["port"]?.int {
            let end = p["endPort"]?.int ?? n
            return PortSpec(proto: proto, number: n...max(n, end), name: nil)
        }
        if let s = p["port"]?.string { return PortSpec(proto: proto, number: nil, name: s) }
        return PortSpec(proto: proto, number: nil, name: nil)
    }

    /// The ports a rule admits towards a pod with these named ports.
    package static func ports(of rule: PolicyRule, namedPorts: [String: NamedPort]) -> PortSet {
        if let f = rule.fixedPorts { return f }
        guard let specs = rule.ports else { return .all }
        var out = PortSet.none
        for s in specs {
            if let name = s.name {
                if let np = namedPorts[name], np.proto == s.proto {
                    out = out.union(PortSet(np.proto, np.port...np.port))
                }
            } else if let r = s.number {
                out = out.union(PortSet(s.proto, r))
            } else {
                out = out.union(.all(s.proto))
            }
        }
        return out
    }
}

/// A container port with a name, as NetworkPolicies can refer to it.
package struct NamedPort: Hashable, Sendable {
    /// The protocol.
    package var proto: TransportProtocol
    /// The port number.
    package var port: Int
}
