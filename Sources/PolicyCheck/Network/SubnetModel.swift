import Compiler
import YAML

/// A KubeOVN Subnet (a logical switch) as the model reads it.
///
/// Defaults follow KubeOVN v1.16: `vpc` empty means the default Vpc `ovn-cluster`; the
/// install's `ovn-default` (10.16.0.0/16, `natOutgoing: true`) and `join` (100.64.0.0/16)
/// exist even when the manifests do not define them.
package struct SubnetModel: Sendable {
    package var name: String
    /// Index in `NetworkModel.objects`; nil for the install defaults.
    package var object: Int?
    package var cidr: IPSet
    package var cidrText: String
    package var vpc: String
    package var isPrivate: Bool
    /// `allowSubnets` entries with their index.
    package var allowSubnets: [(set: IPSet, text: String, index: Int)]
    package var natOutgoing: Bool
    package var externalEgressGateway: Bool
    package var namespaces: [String]
    /// Every ACL of the switch, user and synthetic, sorted by priority (highest first).
    package var acls: [OVNACL]
    /// Whether the subnet has user ACLs (then candidate pruning falls back to evaluation).
    package var hasUserACLs: Bool
    /// CIDRs the zone declares egress to (`kfc.dev/egress`).
    package var declaredEgress: IPSet

    /// The default Vpc's name.
    package static let defaultVPC = "ovn-cluster"
    /// The default join subnet's block (node traffic arrives from it).
    package static let defaultJoin = IPSet(CIDRBlock("100.64.0.0/16")!)

    /// The install default `ovn-default`.
    package static func ovnDefault() -> SubnetModel {
        var s = SubnetModel(name: "ovn-default", object: nil, cidr: IPSet(CIDRBlock("10.16.0.0/16")!), cidrText: "10.16.0.0/16",
                            vpc: defaultVPC, isPrivate: false, allowSubnets: [], natOutgoing: true,
                            externalEgressGateway: false, namespaces: [], acls: [], hasUserACLs: false, declaredEgress: .empty)
        s.finish(join: defaultJoin)
        return s
    }

    /// Reads a Subnet object.
    package init(object: Int, manifest m: ManifestObject) {
        let spec = m.value["spec"] ?? .null
        name = m.name
        self.object = object
        cidrText = spec["cidrBlock"]?.string ?? ""
        cidr = cidrText.split(separator: ",").compactMap { IPSet(cidrOrAddress: String($0)) }
            .reduce(IPSet.empty) { $0.union($1) }
        vpc = spec["vpc"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultVPC
        isPrivate = spec["private"]?.bool ?? false
        allowSubnets = (spec["allowSubnets"]?.sequence ?? []).enumerated().compactMap { i, n in
            guard let t = n.string, let s = IPSet(cidrOrAddress: t) else { return nil }
            return (s, t, i)
        }
        natOutgoing = spec["natOutgoing"]?.bool ?? false
        externalEgressGateway = !(spec["externalEgressGateway"]?.string ?? "").isEmpty
        namespaces = (spec["namespaces"]?.sequence ?? []).compactMap(\.string)
        declaredEgress = (m.annotations[KFCLabels.egress] ?? "").split(separator: ",")
            .compactMap { IPSet(cidrOrAddress: String($0)) }.reduce(IPSet.empty) { $0.union($1) }
        acls = []
        hasUserACLs = false
        for (i, a) in (spec["acls"]?.sequence ?? []).enumerated() {
            let ref = RuleRef(.kubeOVN, object: object, path: ["spec", "acls", .index(i)],
                              "Subnet '\(name)' acls[\(i)] '\(a["match"]?.string ?? "")' (\(a["action"]?.string ?? "?"))")
            guard let dir = OVNACL.Direction(rawValue: a["direction"]?.string ?? "") else { continue }
            let action: OVNACL.Action
            switch a["action"]?.string ?? "" {
            case "allow", "allow-related", "allow-stateless": action = .allow
            case "drop", "reject": action = .drop
            default: action = .pass
            }
            let dnf = OVNACL.parse(a["match"]?.string ?? "") ?? [[.unknown]]
            acls.append(OVNACL(direction: dir, priority: a["priority"]?.int ?? 0, action: action, dnf: dnf, ref: ref))
            hasUserACLs = true
        }
    }

    private init(name: String, object: Int?, cidr: IPSet, cidrText: String, vpc: String, isPrivate: Bool,
                 allowSubnets: [(set: IPSet, text: String, index: Int)], natOutgoing: Bool, externalEgressGateway: Bool,
                 namespaces: [String], acls: [OVNACL], hasUserACLs: Bool, declaredEgress: IPSet) {
        self.name = name; self.object = object; self.cidr = cidr; self.cidrText = cidrText; self.vpc = vpc
        self.isPrivate = isPrivate; self.allowSubnets = allowSubnets; self.natOutgoing = natOutgoing
        self.externalEgressGateway = externalEgressGateway; self.namespaces = namespaces; self.acls = acls
        self.hasUserACLs = hasUserACLs; self.declaredEgress = declaredEgress
    }

    /// Adds the synthetic private-subnet entries and sorts the ACLs by priority.
    package mutating func finish(join: IPSet) {
        if isPrivate {
            let priv: [YAMLPathComponent] = ["spec", "private"]
            acls.append(OVNACL(direction: .toLport, priority: 1000, action: .drop, dnf: [[.dst(cidr, negated: false)]],
                               ref: RuleRef(.kubeOVN, object: object, path: priv, "Subnet '\(name)' is private")))
            acls.append(OVNACL(direction: .toLport, priority: 1001, action: .allow,
                               dnf: [[.src(cidr, negated: false), .dst(cidr, negated: false)]],
                               ref: RuleRef(.kubeOVN, object: object, path: priv, "Subnet '\(name)' admits its own block \(cidrText)")))
            for a in allowSubnets {
                acls.append(OVNACL(direction: .toLport, priority: 1001, action: .allow,
                                   dnf: [[.src(a.set, negated: false), .dst(cidr, negated: false)]],
                                   ref: RuleRef(.kubeOVN, object: object, path: ["spec", "allowSubnets", .index(a.index)],
                                                "Subnet '\(name)' allowSubnets[\(a.index)] admits \(a.text)")))
            }
            acls.append(OVNACL(direction: .toLport, priority: 3000, action: .allow, dnf: [[.src(join, negated: false)]],
                               ref: RuleRef(.kubeOVN, object: object, path: priv, "Subnet '\(name)' admits node traffic from the join subnet")))
        }
        acls.sort { $0.priority > $1.priority }
    }

    /// The allowed ports for traffic from `src` to `dst` through this switch's ACLs of one
    /// direction, with the rules that admit them. Unmatched traffic is allowed (OVN's default).
    package func evaluate(_ dir: OVNACL.Direction, src: IPSet, dst: IPSet, may: Bool) -> (PortSet, [RuleRef]) {
        var remaining = PortSet.all
        var allowed = PortSet.none
        var rules: [RuleRef] = []
        for a in acls where a.direction == dir {
            if a.action == .pass { continue }
            // Conservative reading: for "may" questions an allow matches whenever it might and a
            // drop only when it surely does; for "must" questions the reverse.
            let assume = may == (a.action == .allow)
            let m = a.matchedPorts(src: src, dst: dst, assume: assume).intersection(remaining)
            if m.isEmpty { continue }
            if a.action == .allow { allowed = allowed.union(m); rules.append(a.ref) }
            remaining = remaining.subtracting(m)
            if remaining.isEmpty { break }
        }
        if !remaining.isEmpty {
            allowed = allowed.union(remaining)
            if dir == .toLport && !isPrivate {
                rules.append(RuleRef(.kubeOVN, object: object, path: ["spec"], "Subnet '\(name)' is not private"))
            }
        }
        return (allowed, rules)
    }
}

/// A KubeOVN Vpc: which traffic may leave it.
package struct VpcModel: Sendable {
    package var name: String
    package var object: Int?
    /// `enableExternal`: the Vpc is connected to the external network.
    package var enableExternal: Bool
    /// Static routes (destination block, index).
    package var staticRoutes: [(set: IPSet, text: String, index: Int)]
    /// Indexes of policy routes that reroute traffic (to a gateway that may lead out).
    package var reroutes: [Int]
    package var namespaces: [String]

    /// Reads a Vpc object.
    package init(object: Int, manifest m: ManifestObject) {
        let spec = m.value["spec"] ?? .null
        name = m.name
        self.object = object
        enableExternal = spec["enableExternal"]?.bool ?? false
        staticRoutes = (spec["staticRoutes"]?.sequence ?? []).enumerated().compactMap { i, r in
            guard let t = r["cidr"]?.string, let s = IPSet(cidrOrAddress: t) else { return nil }
            return (s, t, i)
        }
        reroutes = (spec["policyRoutes"]?.sequence ?? []).enumerated().compactMap { i, r in
            r["action"]?.string == "reroute" ? i : nil
        }
        namespaces = (spec["namespaces"]?.sequence ?? []).compactMap(\.string)
    }
}
