import KFLang
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
        /// A peer the model cannot read (an `ipBlock` the API server would reject, an IPv6 block,
        /// an entry with no selector): it may match every endpoint and surely matches none, so
        /// `may` questions see it admit everything and `must` questions see it admit nothing.
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
        /// A port the API server would reject (0, 65536, an `endPort` below `port`, an unknown
        /// protocol): it may admit every port and surely admits none.
        package var unreadable = false
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
            // No list (or an empty one): every peer, every port. A value that is not a list is
            // refused by the API server (KF3017), and read as unreadable entries (any protocol).
            var peers: [Peer]?
            if let n = present(r[peerKey]) {
                peers = n.sequence.map { $0.isEmpty ? nil : $0.map(peer) } ?? [.invalid]
            }
            var ports: [PortSpec]?
            if let n = present(r["ports"]) {
                ports =
                    n.sequence.map { $0.isEmpty ? nil : $0.map(portSpec) }
                    ?? TransportProtocol.allCases.map { PortSpec(proto: $0, number: nil, name: nil, unreadable: true) }
            }
            var rule = PolicyRule(index: i, peers: peers, ports: ports)
            if !(ports ?? []).contains(where: { $0.name != nil || $0.unreadable }) {
                rule.fixedPorts = Self.ports(of: rule, namedPorts: [:])
            }
            return rule
        }
    }

    private static func peer(_ p: YAMLNode) -> Peer {
        let pods = present(p["podSelector"]).map(LabelSelector.init)
        let nss = present(p["namespaceSelector"]).map(LabelSelector.init)
        if let b = present(p["ipBlock"]) {
            // An ipBlock beside a selector: the API server refuses the policy.
            guard pods == nil, nss == nil, let cidr = b["cidr"]?.string, let set = IPSet(cidrOrAddress: cidr),
                cidr.contains("/")
            else {
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
        // No selector, or one the API server refuses (a label that is not Kubernetes syntax, an
        // unknown operator): the peer may be anyone.
        if pods == nil && nss == nil || pods?.invalid == true || nss?.invalid == true { return .invalid }
        return .pods(pods: pods ?? .everything, namespaces: nss)
    }

    private static func portSpec(_ p: YAMLNode) -> PortSpec {
        let proto = TransportProtocol(rawValue: p["protocol"]?.string ?? "TCP") ?? .tcp
        if !portProblems(p, path: []).isEmpty {
            return PortSpec(proto: proto, number: nil, name: nil, unreadable: true)
        }
        if let n = p["port"]?.int {
            let end = p["endPort"]?.int ?? n
            return PortSpec(proto: proto, number: n...max(n, end), name: nil)
        }
        if let s = p["port"]?.string { return PortSpec(proto: proto, number: nil, name: s) }
        return PortSpec(proto: proto, number: nil, name: nil)
    }

    /// The ports a rule admits towards a pod with these named ports; an unreadable port admits
    /// every port of its protocol when `may`, none otherwise.
    package static func ports(of rule: PolicyRule, namedPorts: [String: NamedPort], may: Bool = true) -> PortSet {
        if let f = rule.fixedPorts { return f }
        guard let specs = rule.ports else { return .all }
        var out = PortSet.none
        for s in specs {
            if s.unreadable {
                if may { out = out.union(.all) }
            } else if let name = s.name {
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

// MARK: - What the API server would reject

/// A field of an object the Kubernetes or KubeOVN API server would reject.
package struct RejectedField: Sendable, Equatable {
    /// Where, from the object's root.
    package var path: [YAMLPathComponent]
    /// The value as written.
    package var value: String
    /// What the API server accepts there.
    package var expected: String
}

extension NetworkPolicyModel {
    /// The fields of a NetworkPolicy the API server would reject: an `ipBlock` whose `cidr` or
    /// `except` entry is not a CIDR block, a port outside 1–65535, an `endPort` below `port` or
    /// outside 1–65535, a protocol other than TCP, UDP and SCTP, a selector the API server
    /// refuses (``LabelSelector/problems(_:at:)``), a peer with no selector and no `ipBlock` or
    /// with an `ipBlock` beside a selector, and rules, peers or ports that are not lists.
    package static func rejectedFields(_ m: ManifestObject) -> [RejectedField] {
        let spec = m.value["spec"] ?? .null
        var out: [RejectedField] = LabelSelector.problems(spec["podSelector"] ?? .null, at: ["spec", "podSelector"])
        // A list that is not one does not decode; the model reads it as no list (every peer,
        // every port), which only an error may excuse.
        func notList(_ node: YAMLNode?, _ path: @autoclosure () -> [YAMLPathComponent], _ what: String) -> Bool {
            guard let node, !node.isNull, node.sequence == nil else { return false }
            out.append(RejectedField(path: path(), value: text(node), expected: what))
            return true
        }
        for (dir, peerKey) in [("ingress", "from"), ("egress", "to")] {
            if notList(spec[dir], ["spec", .key(dir)], "a list of rules") { continue }
            for (i, r) in (spec[dir]?.sequence ?? []).enumerated() {
                let rule: [YAMLPathComponent] = ["spec", .key(dir), .index(i)]
                _ = notList(r[peerKey], rule + [.key(peerKey)], "a list of peers")
                _ = notList(r["ports"], rule + ["ports"], "a list of ports")
                for (j, p) in (r[peerKey]?.sequence ?? []).enumerated() {
                    let peer = rule + [.key(peerKey), .index(j)]
                    let (pods, namespaces, block) = (
                        present(p["podSelector"]), present(p["namespaceSelector"]), present(p["ipBlock"])
                    )
                    if let pods { out += LabelSelector.problems(pods, at: peer + ["podSelector"]) }
                    if let namespaces { out += LabelSelector.problems(namespaces, at: peer + ["namespaceSelector"]) }
                    if pods == nil && namespaces == nil && block == nil {
                        out.append(
                            RejectedField(
                                path: peer, value: p.mapping == nil ? text(p) : "(no selector and no ipBlock)",
                                expected: "a peer: a podSelector, a namespaceSelector or an ipBlock"))
                    } else if block != nil && (pods != nil || namespaces != nil) {
                        out.append(
                            RejectedField(
                                path: peer + ["ipBlock"], value: "(an ipBlock beside a selector)",
                                expected: "an ipBlock alone, or selectors without an ipBlock"))
                    }
                    guard let b = block else { continue }
                    let at = peer + ["ipBlock"]
                    if let bad = cidrProblem(b["cidr"], requirePrefix: true) {
                        out.append(
                            RejectedField(path: at + ["cidr"], value: bad, expected: "a CIDR block such as 10.0.0.0/16")
                        )
                    }
                    for (k, e) in (b["except"]?.sequence ?? []).enumerated() {
                        if let bad = cidrProblem(e, requirePrefix: true) {
                            out.append(
                                RejectedField(
                                    path: at + ["except", .index(k)], value: bad,
                                    expected: "a CIDR block such as 10.0.1.0/24"))
                        }
                    }
                }
                for (j, p) in (r["ports"]?.sequence ?? []).enumerated() {
                    out += portProblems(p, path: rule + ["ports", .index(j)])
                }
            }
        }
        return out
    }

    /// A label or port name as a finding shows it: every character outside printable ASCII
    /// escaped, since `\u{212A}` (the Kelvin sign) would otherwise read as the `K` it is not.
    static func shown(_ s: String) -> String {
        s.unicodeScalars.map {
            $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "\\u{\(String($0.value, radix: 16, uppercase: true))}"
        }.joined()
    }

    /// The problems of one `ports` entry.
    static func portProblems(_ p: YAMLNode, path: [YAMLPathComponent]) -> [RejectedField] {
        var out: [RejectedField] = []
        if let proto = p["protocol"], proto.string.flatMap(TransportProtocol.init(rawValue:)) == nil {
            out.append(RejectedField(path: path + ["protocol"], value: text(proto), expected: "TCP, UDP or SCTP"))
        }
        var start: Int?
        if let port = p["port"] {
            if let n = port.int {
                if (1...65535).contains(n) {
                    start = n
                } else {
                    out.append(RejectedField(path: path + ["port"], value: String(n), expected: "a port in 1...65535"))
                }
            } else if !(port.string.map(LabelSyntax.isPortName) ?? false) {
                // A named port the API server refuses (`http_alt`, `Web`, `80` quoted): the whole
                // policy would not exist, so it must not be read as a port that matches nothing.
                out.append(
                    RejectedField(
                        path: path + ["port"], value: port.string.map(shown) ?? text(port),
                        expected:
                            "a port number, or a port name of 1–15 lowercase letters, digits and '-' with a letter"))
            }
        }
        if let end = p["endPort"] {
            if let e = end.int, (1...65535).contains(e) {
                if let start, e < start {
                    out.append(
                        RejectedField(
                            path: path + ["endPort"], value: String(e), expected: "a port at least 'port' (\(start))"))
                } else if p["port"]?.int == nil {
                    out.append(
                        RejectedField(
                            path: path + ["endPort"], value: String(e), expected: "no endPort without a numeric 'port'")
                    )
                }
            } else {
                out.append(RejectedField(path: path + ["endPort"], value: text(end), expected: "a port in 1...65535"))
            }
        }
        return out
    }

    /// The text of an unreadable CIDR field, or nil when it reads (or is IPv6, which the API
    /// server accepts and the model reads as unknown).
    static func cidrProblem(_ node: YAMLNode?, requirePrefix: Bool) -> String? {
        guard let node else { return requirePrefix ? "(missing)" : nil }
        guard let t = node.string else { return text(node) }
        // Byte tests first: Foundation's `contains` costs a bridged search per block, and the
        // server's subnet lists every client's. No other text is equivalent to ':' or '/', so a
        // string without the byte cannot contain the character.
        if t.containsByte(UInt8(ascii: ":")) && t.contains(":") { return nil }
        // A block IPSet reads is ASCII: the byte test is the character test.
        if IPSet(cidrOrAddress: t) == nil || (requirePrefix && !t.containsByte(UInt8(ascii: "/"))) { return t }
        return nil
    }

    /// A peer's field as the API server decodes it: `null` is no field at all.
    static func present(_ node: YAMLNode?) -> YAMLNode? {
        node?.isNull == false ? node : nil
    }

    /// A scalar's text, or a short description of a collection.
    static func text(_ node: YAMLNode) -> String {
        switch node {
        case .string(let s, _): s
        case .int(let n): String(n)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .null: "null"
        case .sequence: "(a list)"
        case .mapping: "(a mapping)"
        }
    }
}

/// A container port with a name, as NetworkPolicies can refer to it.
package struct NamedPort: Hashable, Sendable {
    /// The protocol.
    package var proto: TransportProtocol
    /// The port number.
    package var port: Int
}
