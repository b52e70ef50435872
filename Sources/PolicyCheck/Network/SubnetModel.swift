import Compiler
import KFLang
import YAML

/// A KubeOVN Subnet (a logical switch) as the model reads it.
///
/// Defaults follow KubeOVN v1.16: `vpc` empty means the default Vpc `ovn-cluster`; the
/// install's `ovn-default` (10.16.0.0/16, `natOutgoing: true`) and `join` (100.64.0.0/16)
/// exist even when the manifests do not define them.
package struct SubnetModel: Sendable {
    /// The name.
    package var name: String
    /// Index in `NetworkModel.objects`; nil for the install defaults.
    package var object: Int?
    /// The subnet's addresses.
    package var cidr: IPSet
    /// `spec.cidrBlock` as written.
    package var cidrText: String
    /// The Vpc the subnet belongs to.
    package var vpc: String
    /// `spec.private`.
    package var isPrivate: Bool
    /// `allowSubnets` entries with their index.
    package var allowSubnets: [(set: IPSet, text: String, index: Int)]
    /// Whether an `allowSubnets` entry cannot be read (the API server would reject it, or it is
    /// IPv6): the private switch then may admit any source, and surely admits none through it.
    package var unreadableAllowSubnets = false
    /// `spec.natOutgoing`.
    package var natOutgoing: Bool
    /// The object whose `natOutgoing: true` applies (a Subnet may be defined twice).
    package var natObject: Int?
    /// Whether `spec.externalEgressGateway` is set.
    package var externalEgressGateway: Bool
    /// Namespaces listed in `spec.namespaces`.
    package var namespaces: [String]
    /// Every ACL of the switch, user and synthetic, sorted by priority (highest first).
    package var acls: [OVNACL]
    /// Whether the subnet has user ACLs (then candidate pruning falls back to evaluation).
    package var hasUserACLs: Bool
    /// CIDRs the zone declares egress to (`kfc.dev/egress`).
    package var declaredEgress: IPSet
    /// `allowSubnets` ranges sorted by start, and the running maximum of their ends, for lookups.
    var allowIndex: [(lo: UInt32, hi: UInt32, index: Int, text: String)] = []
    var allowMaxEnd: [UInt32] = []

    /// The first `allowSubnets` entry that overlaps `src` (binary search), for counterexamples.
    func allowEntry(overlapping src: IPSet) -> (index: Int, text: String)? {
        var best: (index: Int, text: String)?
        for r in src.ranges {
            var lo = 0, hi = allowIndex.count
            while lo < hi {
                let mid = (lo + hi) / 2; if allowIndex[mid].lo <= r.upperBound { lo = mid + 1 } else { hi = mid }
            }
            var i = lo - 1
            while i >= 0 && allowMaxEnd[i] >= r.lowerBound {
                if allowIndex[i].hi >= r.lowerBound, best == nil || allowIndex[i].index < best!.index {
                    best = (allowIndex[i].index, allowIndex[i].text)
                }
                i -= 1
            }
        }
        return best
    }

    /// The default Vpc's name.
    package static let defaultVPC = "ovn-cluster"
    /// The default join subnet's block (node traffic arrives from it).
    package static let defaultJoin = IPSet(CIDRBlock("100.64.0.0/16")!)

    /// The install default `ovn-default`.
    package static func ovnDefault() -> SubnetModel {
        var s = SubnetModel(
            name: "ovn-default", object: nil, cidr: IPSet(CIDRBlock("10.16.0.0/16")!), cidrText: "10.16.0.0/16",
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
        cidr = Self.commaParts(cidrText).compactMap { IPSet(cidrOrAddress: String($0)) }
            .reduce(IPSet.empty) { $0.union($1) }
        vpc = spec["vpc"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultVPC
        isPrivate = spec["private"]?.bool ?? false
        allowSubnets = (spec["allowSubnets"]?.sequence ?? []).enumerated().compactMap { i, n in
            guard let t = n.string, let s = IPSet(cidrOrAddress: t) else { return nil }
            return (s, t, i)
        }
        unreadableAllowSubnets = allowSubnets.count != (spec["allowSubnets"]?.sequence?.count ?? 0)
        natOutgoing = spec["natOutgoing"]?.bool ?? false
        natObject = natOutgoing ? object : nil
        externalEgressGateway = !(spec["externalEgressGateway"]?.string ?? "").isEmpty
        namespaces = (spec["namespaces"]?.sequence ?? []).compactMap(\.string)
        declaredEgress = Self.commaParts(
            ManifestObject.string(m.value["metadata"]?["annotations"], key: KFCLabels.egress) ?? ""
        )
        .compactMap { IPSet(cidrOrAddress: String($0)) }.reduce(IPSet.empty) { $0.union($1) }
        acls = []
        hasUserACLs = false
        for (i, a) in (spec["acls"]?.sequence ?? []).enumerated() {
            let ref = RuleRef(
                .kubeOVN, object: object, path: ["spec", "acls", .index(i)],
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

    private init(
        name: String, object: Int?, cidr: IPSet, cidrText: String, vpc: String, isPrivate: Bool,
        allowSubnets: [(set: IPSet, text: String, index: Int)], natOutgoing: Bool, externalEgressGateway: Bool,
        namespaces: [String], acls: [OVNACL], hasUserACLs: Bool, declaredEgress: IPSet
    ) {
        self.name = name; self.object = object; self.cidr = cidr; self.cidrText = cidrText; self.vpc = vpc
        self.isPrivate = isPrivate; self.allowSubnets = allowSubnets; self.natOutgoing = natOutgoing
        self.externalEgressGateway = externalEgressGateway; self.namespaces = namespaces; self.acls = acls
        self.hasUserACLs = hasUserACLs; self.declaredEgress = declaredEgress
    }

    /// Adds the synthetic private-subnet entries and sorts the ACLs by priority.
    package mutating func finish(join: IPSet) {
        if isPrivate {
            let priv: [YAMLPathComponent] = ["spec", "private"]
            acls.append(
                OVNACL(
                    direction: .toLport, priority: 1000, action: .drop, dnf: [[.dst(cidr, negated: false)]],
                    ref: RuleRef(.kubeOVN, object: object, path: priv, .subnet(name, .isPrivate))))
            acls.append(
                OVNACL(
                    direction: .toLport, priority: 1001, action: .allow,
                    dnf: [[.src(cidr, negated: false), .dst(cidr, negated: false)]],
                    ref: RuleRef(
                        .kubeOVN, object: object, path: priv, .subnet(name, .admitsOwnBlock(cidrText)))))
            if !allowSubnets.isEmpty {
                // One entry for all of allowSubnets (a server subnet may list 100,000 blocks);
                // `evaluate` names the entry that admits a given source.
                let union = allowSubnets.reduce(IPSet.empty) { $0.union($1.set) }
                acls.append(
                    OVNACL(
                        direction: .toLport, priority: 1001, action: .allow,
                        dnf: [[.src(union, negated: false), .dst(cidr, negated: false)]],
                        ref: RuleRef(
                            .kubeOVN, object: object, path: ["spec", "allowSubnets"],
                            .subnet(name, .allowSubnetsAdmit))))
                allowIndex = allowSubnets.flatMap { a in
                    a.set.ranges.map { (lo: $0.lowerBound, hi: $0.upperBound, index: a.index, text: a.text) }
                }
                .sorted { $0.lo < $1.lo }
                allowMaxEnd = []
                var mx: UInt32 = 0
                for e in allowIndex { mx = max(mx, e.hi); allowMaxEnd.append(mx) }
            }
            if unreadableAllowSubnets {
                // An entry that cannot be read may admit any source (never surely admits one).
                acls.append(
                    OVNACL(
                        direction: .toLport, priority: 1001, action: .allow,
                        dnf: [[.unknown, .dst(cidr, negated: false)]],
                        ref: RuleRef(
                            .kubeOVN, object: object, path: ["spec", "allowSubnets"],
                            .subnet(name, .allowSubnetsUnreadable))))
            }
            acls.append(
                OVNACL(
                    direction: .toLport, priority: 3000, action: .allow, dnf: [[.src(join, negated: false)]],
                    ref: RuleRef(
                        .kubeOVN, object: object, path: priv,
                        .subnet(name, .admitsJoin))))
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
            if a.action == .allow {
                allowed = allowed.union(m)
                if a.ref.path.count == 2, a.ref.path == ["spec", "allowSubnets"], let e = allowEntry(overlapping: src) {
                    var r = a.ref
                    r.path.append(.index(e.index))
                    r.what = .subnet(name, .allowEntry(e.index, e.text))
                    rules.append(r)
                } else {
                    rules.append(a.ref)
                }
            }
            remaining = remaining.subtracting(m)
            if remaining.isEmpty { break }
        }
        if !remaining.isEmpty {
            allowed = allowed.union(remaining)
            if dir == .toLport && !isPrivate {
                rules.append(
                    RuleRef(.kubeOVN, object: object, path: ["spec", "private"], .subnet(name, .notPrivate)))
            }
        }
        return (allowed, rules)
    }
}

/// A KubeOVN Vpc: which traffic may leave it.
package struct VpcModel: Sendable {
    /// The name.
    package var name: String
    /// Index of the object in `NetworkModel.objects`, nil for built-in defaults.
    package var object: Int?
    /// `enableExternal`: the Vpc is connected to the external network.
    package var enableExternal: Bool
    /// Static routes (destination block, index).
    package var staticRoutes: [(set: IPSet, text: String, index: Int)]
    /// Policy routes that reroute traffic to a gateway that may lead out: index and match.
    package var reroutes: [(index: Int, match: [[OVNACL.Atom]])]
    /// Namespaces listed in `spec.namespaces`.
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
            guard r["action"]?.string == "reroute" else { return nil }
            return (i, OVNACL.parse(r["match"]?.string ?? "") ?? [[.unknown]])
        }
        namespaces = (spec["namespaces"]?.sequence ?? []).compactMap(\.string)
    }
}

extension SubnetModel {
    /// `text.split(separator: ",")` (empty parts dropped): a text without a ',' byte has no ','
    /// character, so it is its own only part, or has none when empty (one block per Subnet).
    static func commaParts(_ text: String) -> [Substring] {
        guard text.containsByte(UInt8(ascii: ",")) else { return text.isEmpty ? [] : [text[...]] }
        return text.split(separator: ",")
    }

    /// `text` split at every ',' (empty parts kept); a text without a ',' byte has no ','
    /// character, so it is its own only part (the common case: one block per Subnet).
    private static func commaSeparated(_ text: String) -> [String] {
        guard text.containsByte(UInt8(ascii: ",")) else { return [text] }
        return text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// The fields of a KubeOVN Subnet the API server would reject: a `cidrBlock` part that is
    /// not a CIDR block, a `gateway` part that is not an address, an `allowSubnets` entry that is
    /// not a CIDR block (IPv6 parts are accepted and read as unknown).
    package static func rejectedFields(_ m: ManifestObject) -> [RejectedField] {
        let spec = m.value["spec"] ?? .null
        var out: [RejectedField] = []
        if let c = spec["cidrBlock"] {
            let parts = c.string.map(Self.commaSeparated)
            if let parts, !parts.isEmpty {
                for p in parts where NetworkPolicyModel.cidrProblem(.string(p), requirePrefix: true) != nil {
                    out.append(
                        RejectedField(
                            path: ["spec", "cidrBlock"], value: p, expected: "CIDR blocks such as 10.16.0.0/16"))
                }
            } else {
                out.append(
                    RejectedField(
                        path: ["spec", "cidrBlock"], value: NetworkPolicyModel.text(c),
                        expected: "CIDR blocks such as 10.16.0.0/16"))
            }
        }
        if let g = spec["gateway"] {
            let parts =
                g.string.map(Self.commaSeparated) ?? []
            let bad =
                g.string == nil
                ? [NetworkPolicyModel.text(g)]
                : parts.filter { p in
                    (p.containsByte(UInt8(ascii: "/")) && p.contains("/"))
                        || NetworkPolicyModel.cidrProblem(.string(p), requirePrefix: false) != nil
                }
            for p in bad {
                out.append(
                    RejectedField(path: ["spec", "gateway"], value: p, expected: "an address such as 10.16.0.1"))
            }
        }
        for (i, e) in (spec["allowSubnets"]?.sequence ?? []).enumerated() {
            if let bad = NetworkPolicyModel.cidrProblem(e, requirePrefix: false) {
                out.append(
                    RejectedField(
                        path: ["spec", "allowSubnets", .index(i)], value: bad,
                        expected: "a CIDR block such as 10.16.0.0/16"))
            }
        }
        return out
    }
}
