/// Verdicts of both layers on one pair of endpoint classes.
extension NetworkModel {
    /// What each layer lets through from `s` to `d`.
    package func flow(from s: Int, to d: Int, mode: FlowMode) -> FlowVerdict {
        let may = mode == .may
        return FlowVerdict(
            source: s, destination: d, kubeOVN: ovnVerdict(s, d, may: may),
            networkPolicy: npVerdict(s, d, may: may))
    }

    // MARK: - KubeOVN

    private func ovnVerdict(_ s: Int, _ d: Int, may: Bool) -> LayerVerdict {
        let src = endpoints[s], dst = endpoints[d]
        switch (src.kind, dst.kind) {
        case (.internet, .internet):
            return LayerVerdict(ports: .none, rules: [])
        case (.internet, .pod):
            var ports = PortSet.none
            var rules: [RuleRef] = []
            for x in exposures[d] ?? [] where !x.ports.isEmpty {
                ports = ports.union(x.ports)
                rules.append(x.ref)
            }
            return LayerVerdict(ports: ports, rules: rules)
        case (.pod, .internet):
            if src.hostNetwork {
                return LayerVerdict(ports: .all, rules: [hostNetworkRef(src)])
            }
            var ports = PortSet.none
            var rules: [RuleRef] = []
            for f in src.interfaces {
                let sub = subnets[f.subnet]
                guard let route = externalRoute(sub, source: f.address, may: may) else { continue }
                let (p, r) = sub.evaluate(.fromLport, src: f.address, dst: .publicInternet, may: may)
                if p.isEmpty { continue }
                ports = ports.union(p)
                rules.append(route)
                rules += r
            }
            return LayerVerdict(ports: ports, rules: Self.unique(rules))
        case (.pod, .pod):
            if dst.hostNetwork { return LayerVerdict(ports: .all, rules: [hostNetworkRef(dst)]) }
            var ports = PortSet.none
            var rules: [RuleRef] = []
            // Subnets by index: a copy of a SubnetModel is a retain of each of its fields.
            let sources: [(IPSet, Int?)] =
                src.hostNetwork ? [(join, nil)] : src.interfaces.map { ($0.address, $0.subnet) }
            for (saddr, s) in sources {
                for f in dst.interfaces {
                    let d = f.subnet
                    if let s, subnets[s].vpc != subnets[d].vpc { continue }
                    var p = PortSet.all
                    var r: [RuleRef] = src.hostNetwork ? [hostNetworkRef(src)] : []
                    if let s {
                        let (p1, r1) = subnets[s].evaluate(.fromLport, src: saddr, dst: f.address, may: may)
                        p = p1
                        r += r1
                    }
                    let (p2, r2) = subnets[d].evaluate(.toLport, src: saddr, dst: f.address, may: may)
                    p = p.intersection(p2)
                    if p.isEmpty { continue }
                    ports = ports.union(p)
                    rules += r + r2
                    if subnets[d].object == nil && subnets[d].cidrText == "unknown" {
                        rules.append(
                            RuleRef(
                                .kubeOVN, object: nil, "Subnet '\(subnets[d].name)' is not defined in these manifests"))
                    }
                }
            }
            return LayerVerdict(ports: ports, rules: Self.unique(rules))
        }
    }

    private func hostNetworkRef(_ e: Endpoint) -> RuleRef {
        RuleRef(
            .kubeOVN, object: e.workloads.first, path: e.templatePath + ["spec", "hostNetwork"],
            "'\(e.name)' uses the node's network (hostNetwork)")
    }

    /// The rule that gives a subnet a path out of its Vpc, if any.
    package func externalRoute(_ sub: SubnetModel, source: IPSet, may: Bool) -> RuleRef? {
        if sub.object == nil && sub.cidrText == "unknown" {
            return may
                ? RuleRef(.kubeOVN, object: nil, "Subnet '\(sub.name)' is not defined here and may have natOutgoing")
                : nil
        }
        if sub.vpc == SubnetModel.defaultVPC {
            if sub.natOutgoing {
                return RuleRef(
                    .kubeOVN, object: sub.natObject ?? sub.object, path: ["spec", "natOutgoing"],
                    sub.object == nil
                        ? "Subnet '\(sub.name)' has natOutgoing (install default)"
                        : "Subnet '\(sub.name)' has natOutgoing: true")
            }
            if sub.externalEgressGateway {
                return RuleRef(
                    .kubeOVN, object: sub.object, path: ["spec", "externalEgressGateway"],
                    "Subnet '\(sub.name)' has an externalEgressGateway")
            }
            return nil
        }
        guard let vpc = vpcs[sub.vpc] else {
            return may
                ? RuleRef(
                    .kubeOVN, object: sub.object, path: ["spec", "vpc"],
                    "Vpc '\(sub.vpc)' is not defined here and may route out") : nil
        }
        if vpc.enableExternal {
            return RuleRef(
                .kubeOVN, object: vpc.object, path: ["spec", "enableExternal"],
                "Vpc '\(vpc.name)' has enableExternal: true")
        }
        for r in vpc.staticRoutes where may ? r.set.overlaps(.publicInternet) : IPSet.publicInternet.isSubset(of: r.set)
        {
            return RuleRef(
                .kubeOVN, object: vpc.object, path: ["spec", "staticRoutes", .index(r.index)],
                "Vpc '\(vpc.name)' staticRoutes[\(r.index)] routes \(r.text) out")
        }
        for r in vpc.reroutes {
            let acl = OVNACL(
                direction: .fromLport, priority: 0, action: .allow, dnf: r.match,
                ref: RuleRef(.kubeOVN, object: nil, ""))
            if acl.matchedPorts(src: source, dst: .publicInternet, assume: may).isEmpty { continue }
            return RuleRef(
                .kubeOVN, object: vpc.object, path: ["spec", "policyRoutes", .index(r.index)],
                "Vpc '\(vpc.name)' policyRoutes[\(r.index)] reroutes traffic from \(source) to a gateway")
        }
        return nil
    }

    // MARK: - NetworkPolicy

    private func npVerdict(_ s: Int, _ d: Int, may: Bool) -> LayerVerdict {
        let src = endpoints[s], dst = endpoints[d]
        var egress = PortSet.all
        var rules: [RuleRef] = []
        if src.kind == .pod && !src.hostNetwork {
            if egressPolicies[s].isEmpty {
                rules.append(RuleRef(.networkPolicy, object: nil, "no NetworkPolicy isolates egress of '\(src.name)'"))
            } else {
                egress = .none
                for k in egressPolicies[s] {
                    for r in policies[k].egress {
                        let (ports, ref) = admitted(by: r, of: k, ingress: false, peer: dst, portsOf: dst, may: may)
                        guard let ref else { continue }
                        egress = egress.union(ports)
                        rules.append(ref)
                    }
                }
            }
        }
        var ingress = PortSet.all
        if dst.kind == .pod && !dst.hostNetwork {
            if src.kind == .pod && src.hostNetwork {
                rules.append(RuleRef(.networkPolicy, object: nil, "traffic from the node is always allowed"))
            } else if ingressPolicies[d].isEmpty {
                rules.append(RuleRef(.networkPolicy, object: nil, "no NetworkPolicy isolates ingress of '\(dst.name)'"))
            } else {
                ingress = .none
                for k in ingressPolicies[d] {
                    for r in policies[k].ingress {
                        let (ports, ref) = admitted(by: r, of: k, ingress: true, peer: src, portsOf: dst, may: may)
                        guard let ref else { continue }
                        ingress = ingress.union(ports)
                        rules.append(ref)
                    }
                }
            }
        }
        return LayerVerdict(ports: egress.intersection(ingress), rules: rules)
    }

    private func admitted(
        by r: NetworkPolicyModel.PolicyRule, of p: Int, ingress: Bool,
        peer: Endpoint, portsOf target: Endpoint, may: Bool
    ) -> (PortSet, RuleRef?) {
        let pol = policies[p]
        var hit: Int?
        if let peers = r.peers {
            guard
                let h = peers.firstIndex(where: {
                    matches($0, policyNamespace: pol.namespace, endpoint: peer, may: may)
                })
            else {
                return (.none, nil)
            }
            hit = h
        }
        let ports = NetworkPolicyModel.ports(of: r, namedPorts: target.namedPorts, may: may)
        if ports.isEmpty { return (ports, nil) }
        var ref = RuleRef(
            .networkPolicy, object: pol.object, path: ["spec", .key(ingress ? "ingress" : "egress"), .index(r.index)],
            r.title)
        ref.policyRule = RuleRef.PolicyRuleRef(policy: p, ingress: ingress, rule: r.index, peer: hit, ports: ports)
        return (ports, ref)
    }

    /// The full text of a rule: for NetworkPolicy rules, with the peer that matched and the ports.
    package func describe(_ r: RuleRef) -> String {
        guard let pr = r.policyRule else { return r.text }
        let pol = policies[pr.policy]
        let rule = pr.ingress ? pol.ingress[pr.rule] : pol.egress[pr.rule]
        var what = "every peer"
        if let i = pr.peer, let peers = rule.peers {
            switch peers[i] {
            case .pods(let ps, let ns): what = ns.map { "pods \(ps) in namespaces \($0)" } ?? "pods \(ps)"
            case .ipBlock(_, let text): what = "ipBlock \(text)"
            case .invalid: what = "?"
            }
        }
        return "\(r.text) admits \(what) on \(pr.ports)"
    }

    static func unique(_ rs: [RuleRef]) -> [RuleRef] {
        // A flow's few rules compared pairwise (they differ in their object or path first):
        // a set hashed every path and text, for each of the 10,000 flows liveness proves.
        if rs.count <= 16 {
            var out: [RuleRef] = []
            out.reserveCapacity(rs.count)
            for r in rs where !out.contains(r) { out.append(r) }
            return out
        }
        var seen = Set<RuleRef>()
        return rs.filter { seen.insert($0).inserted }
    }
}
