import YAML

/// Builds a `NetworkModel` from objects: subnets and Vpcs first, then endpoint classes (pod
/// templates bound to subnets), NetworkPolicies with the pods they select, exposing Services,
/// and the indexes the candidate queries use.
enum NetworkModelBuilder {
    static let workloadKinds: Set<String> = [
        "Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob",
    ]

    static func build(into m: inout NetworkModel) {
        readKubeOVN(into: &m)
        readNamespaces(into: &m)
        readWorkloads(into: &m)
        readPolicies(into: &m)
        readServices(into: &m)
        m.computeCaches()
    }

    // MARK: - KubeOVN

    private static func readKubeOVN(into m: inout NetworkModel) {
        var subnets: [SubnetModel] = []
        for (i, o) in m.objects.enumerated() where o.isKubeOVN {
            switch o.kind {
            case "Subnet": subnets.append(SubnetModel(object: i, manifest: o))
            case "Vpc": m.vpcs[o.name] = VpcModel(object: i, manifest: o)
            default: break
            }
        }
        // A Subnet defined twice (KF3003) could end up as either definition, depending on the order
        // of `kubectl apply`: keep the later one but with the more open reading of each field.
        var byName: [String: Int] = [:]
        var unique: [SubnetModel] = []
        for s in subnets {
            guard let j = byName[s.name] else { byName[s.name] = unique.count; unique.append(s); continue }
            var merged = s
            merged.natOutgoing = s.natOutgoing || unique[j].natOutgoing
            merged.natObject = s.natObject ?? unique[j].natObject
            merged.externalEgressGateway = s.externalEgressGateway || unique[j].externalEgressGateway
            merged.isPrivate = s.isPrivate && unique[j].isPrivate
            merged.allowSubnets += unique[j].allowSubnets
            merged.namespaces = Array(Set(s.namespaces + unique[j].namespaces)).sorted()
            unique[j] = merged
        }
        if let j = byName["join"], !unique[j].cidr.isEmpty { m.join = unique[j].cidr }
        // kfc's back ends give an egress zone a VPC NAT gateway SNAT rule for its block: that is
        // how a zone declares egress in emitted manifests (besides the kfc.dev/egress annotation).
        var snat = IPSet.empty
        for o in m.objects where o.isKubeOVN && o.kind == "IptablesSnatRule" {
            if let c = o.value["spec"]?["internalCIDR"]?.string, let set = IPSet(cidrOrAddress: c) {
                snat = snat.union(set)
            }
        }
        for k in unique.indices
        where unique[k].declaredEgress.isEmpty && !unique[k].cidr.isEmpty && unique[k].cidr.isSubset(of: snat) {
            unique[k].declaredEgress = .publicInternet
        }
        if byName["ovn-default"] == nil { byName["ovn-default"] = unique.count; unique.append(.ovnDefault()) }
        for k in unique.indices where unique[k].object != nil { unique[k].finish(join: m.join) }
        m.subnets = unique
        m.subnetIndex = byName
        for (k, s) in unique.enumerated() {
            for ns in s.namespaces { m.ambiguousNamespaces[ns, default: []].append(k) }
        }
        for (ns, ks) in m.ambiguousNamespaces {
            m.namespaceSubnet[ns] = ks.min { unique[$0].name < unique[$1].name }
        }
        m.ambiguousNamespaces = m.ambiguousNamespaces.filter { $0.value.count > 1 }
    }

    private static func readNamespaces(into m: inout NetworkModel) {
        for o in m.objects where o.kind == "Namespace" && o.group == "" {
            var labels = o.labels
            labels["kubernetes.io/metadata.name"] = o.name
            m.namespaceLabels[o.name] = labels
        }
    }

    // MARK: - Workloads

    /// The pod template of a workload: its path, metadata and spec.
    static func podTemplate(_ o: ManifestObject) -> (path: [YAMLPathComponent], node: YAMLNode, replicas: Int)? {
        guard o.isWorkload else { return nil }
        switch o.kind {
        case "Pod": return ([], o.value, 1)
        case "CronJob":
            guard let t = o.value["spec"]?["jobTemplate"]?["spec"]?["template"] else { return nil }
            return (["spec", "jobTemplate", "spec", "template"], t, 1)
        default:
            guard let t = o.value["spec"]?["template"] else { return nil }
            let reps =
                o.kind == "Job" ? (o.value["spec"]?["parallelism"]?.int ?? 1) : (o.value["spec"]?["replicas"]?.int ?? 1)
            return (["spec", "template"], t, max(reps, o.kind == "DaemonSet" ? 1 : 0))
        }
    }

    /// What makes two pod templates one endpoint class. The dictionaries are kept as entries
    /// sorted by key: equal exactly when the dictionaries are, and hashed with one hasher
    /// where a dictionary hashes each entry with a hasher of its own.
    private struct ClassKey: Hashable {
        struct Label: Hashable { var key: String, value: String }
        struct Named: Hashable { var name: String, port: NamedPort }
        var namespace: String
        var labels: [Label]
        var interfaces: [Endpoint.Interface]
        var hostNetwork: Bool
        var ports: [NamedPort]
        var named: [Named]
    }

    /// The value in `slot`, or `new` stored there when it is empty.
    private static func slot(_ slot: inout Int?, new: Int) -> (value: Int, isNew: Bool) {
        if let v = slot { return (v, false) }
        slot = new
        return (new, true)
    }

    private static func readWorkloads(into m: inout NetworkModel) {
        // Sized for every workload up front: growing rehashes each class key, the costliest
        // hash of the model (labels, interfaces, ports).
        let workloads = m.objects.reduce(0) { $0 + ($1.isWorkload ? 1 : 0) }
        var classes: [ClassKey: Int] = [:]
        classes.reserveCapacity(workloads)
        var eps: [Endpoint.Draft] = []
        eps.reserveCapacity(workloads + 1)
        for (i, o) in m.objects.enumerated() {
            guard let (path, tpl, replicas) = podTemplate(o) else { continue }
            let ns = NetworkModel.namespace(of: o)
            let meta = tpl["metadata"] ?? .null
            // The labels as the class key holds them (sorted by key, the last scalar of a key
            // wins, as in `ManifestObject.stringMap`), read from the entries: the dictionary is
            // built only for a new class.
            let labelKey = sortedStringEntries(meta["labels"])
            let ann = meta["annotations"]
            let spec = tpl["spec"] ?? .null
            let hostNetwork = spec["hostNetwork"]?.bool ?? false
            var ports: [NamedPort] = []
            var named: [String: NamedPort] = [:]
            for c in (spec["containers"]?.sequence ?? []) + (spec["initContainers"]?.sequence ?? []) {
                for p in c["ports"]?.sequence ?? [] {
                    guard let n = p["containerPort"]?.int else { continue }
                    let np = NamedPort(
                        proto: TransportProtocol(rawValue: p["protocol"]?.string ?? "TCP") ?? .tcp, port: n)
                    ports.append(np)
                    if let name = p["name"]?.string { named[name] = np }
                }
            }
            var ifaces: [Endpoint.Interface] = []
            if hostNetwork {
                ifaces = []
            } else {
                ifaces.append(
                    interface(
                        m: &m, object: i, switchName: ManifestObject.string(ann, key: KFCLabels.logicalSwitch),
                        ip: ManifestObject.string(ann, key: KFCLabels.ipAddress), namespace: ns))
                let suffix = ".ovn.kubernetes.io/logical_switch"
                for (k, v) in sortedStringEntries(ann, where: { $0.hasSuffix(suffix) && $0 != KFCLabels.logicalSwitch })
                {
                    let prefix = String(k.dropLast(suffix.count))
                    ifaces.append(
                        interface(
                            m: &m, object: i, switchName: v,
                            ip: ManifestObject.string(ann, key: "\(prefix).ovn.kubernetes.io/ip_address"),
                            namespace: ns))
                }
            }
            let key = ClassKey(
                namespace: ns, labels: labelKey.map { .init(key: $0.key, value: $0.value) },
                interfaces: ifaces, hostNetwork: hostNetwork, ports: ports,
                named: named.map { .init(name: $0.key, port: $0.value) }.sorted { $0.name < $1.name })
            // One lookup of the key (hashing it is most of the cost): its class, or a new one.
            let (k, isNew) = Self.slot(&classes[key], new: eps.count)
            if !isNew {
                eps[k].workloads.append(i)
                eps[k].replicas += replicas
                continue
            }
            var labels: [String: String] = [:]
            labels.reserveCapacity(labelKey.count)
            for (k, v) in labelKey { labels[k] = v }
            eps.append(
                Endpoint.Draft(
                    id: eps.count, kind: .pod, name: "\(ns)/\(o.name)", namespace: ns, labels: labels,
                    interfaces: ifaces, namedPorts: named, containerPorts: ports, hostNetwork: hostNetwork,
                    workloads: [i], templatePath: path, replicas: replicas))
        }
        for k in eps.indices where eps[k].workloads.count > 1 { eps[k].name += " (+\(eps[k].workloads.count - 1))" }
        // Two workloads of one name (a Pod defined twice, a Job and a Deployment) stay apart by kind and line.
        var byName: [String: [Int]] = [:]
        for e in eps { byName[e.name, default: []].append(e.id) }
        for (_, ks) in byName where ks.count > 1 {
            for k in ks {
                let o = m.objects[eps[k].workloads[0]]
                eps[k].name += " (\(o.kind) at \(o.location(at: ["metadata", "name"])))"
            }
        }
        m.internet = eps.count
        eps.append(
            Endpoint.Draft(
                id: eps.count, kind: .internet, name: "internet", namespace: "", labels: [:], interfaces: [],
                namedPorts: [:], containerPorts: [], hostNetwork: false, workloads: [], templatePath: [], replicas: 0))
        m.endpoints = eps.map(Endpoint.init)
        m.bySubnet = Array(repeating: [], count: m.subnets.count)
        for e in eps where e.kind == .pod {
            m.byNamespace[e.namespace, default: []].append(e.id)
            var seen = Set<Int>()
            for f in e.interfaces where seen.insert(f.subnet).inserted { m.bySubnet[f.subnet].append(e.id) }
        }
        // The label index, one namespace at a time (its endpoints in order): each label is one
        // lookup in its namespace's table, not two nested ones.
        for (ns, ids) in m.byNamespace {
            var index: [LabelPair: [Int]] = [:]
            index.reserveCapacity(ids.reduce(0) { $0 + eps[$1].labels.count })
            for id in ids {
                for (k, v) in eps[id].labels { index[LabelPair(key: k, value: v), default: []].append(id) }
            }
            if !index.isEmpty { m.labelIndex[ns] = index }
        }
    }

    /// The scalar entries of a mapping node as `ManifestObject.stringMap` reads them (the last
    /// scalar of a key wins), those whose key passes `include`, sorted by key.
    static func sortedStringEntries(
        _ n: YAMLNode?, where include: (String) -> Bool = { _ in true }
    ) -> [(key: String, value: String)] {
        guard let pairs = n?.mapping?.pairs else { return [] }
        var scalars: [(key: String, value: String, index: Int)] = []
        scalars.reserveCapacity(pairs.count)
        for (i, (key, value)) in pairs.enumerated() where include(key) {
            if let s = ManifestObject.string(value) { scalars.append((key, s, i)) }
        }
        // Sorted by key, then by position: of a key written twice (rare), the last scalar is kept.
        // O(n log n) whatever the mapping holds, hostile manifests included.
        scalars.sort { ($0.key, $0.index) < ($1.key, $1.index) }
        var out: [(key: String, value: String)] = []
        out.reserveCapacity(scalars.count)
        for (j, e) in scalars.enumerated() where j + 1 == scalars.count || scalars[j + 1].key != e.key {
            out.append((e.key, e.value))
        }
        return out
    }

    private static func interface(
        m: inout NetworkModel, object: Int, switchName: String?, ip: String?, namespace: String
    ) -> Endpoint.Interface {
        var idx: Int
        if let s = switchName {
            if let k = m.subnetIndex[s] {
                idx = k
            } else {
                // Named but not defined here: a placeholder whose addresses are unknown.
                var ph = SubnetModel.ovnDefault()
                ph.name = s
                ph.cidr = .all
                ph.cidrText = "unknown"
                ph.natOutgoing = false
                idx = m.subnets.count
                m.subnets.append(ph)
                m.subnetIndex[s] = idx
            }
            if m.subnets[idx].object == nil && s != "ovn-default" && s != "join" {
                m.unknownSubnets[s, default: []].append(object)
            }
        } else if let k = m.namespaceSubnet[namespace] {
            m.namespacesBoundByList.insert(namespace)
            idx = k
        } else {
            idx = m.subnetIndex["ovn-default"]!
        }
        if let ip, let first = ip.split(separator: ",").first, let set = IPSet(cidrOrAddress: String(first)) {
            return Endpoint.Interface(subnet: idx, address: set, fixed: true)
        }
        return Endpoint.Interface(subnet: idx, address: m.subnets[idx].cidr, fixed: false)
    }

    // MARK: - Policies and Services

    private static func readPolicies(into m: inout NetworkModel) {
        m.ingressPolicies = Array(repeating: [], count: m.endpoints.count)
        m.egressPolicies = Array(repeating: [], count: m.endpoints.count)
        for (i, o) in m.objects.enumerated() where o.kind == "NetworkPolicy" && o.group == "networking.k8s.io" {
            let p = NetworkPolicyModel(object: i, manifest: o, namespace: NetworkModel.namespace(of: o))
            let k = m.policies.count
            m.policies.append(p)
            for e in m.select(p.podSelector, in: p.namespace) where !m.endpoints[e].hostNetwork {
                if p.isolatesIngress { m.ingressPolicies[e].append(k) }
                if p.isolatesEgress { m.egressPolicies[e].append(k) }
            }
        }
    }

    private static func readServices(into m: inout NetworkModel) {
        for (i, o) in m.objects.enumerated() where o.kind == "Service" && o.group == "" {
            let spec = o.value["spec"] ?? .null
            let type = spec["type"]?.string ?? "ClusterIP"
            let external = !(spec["externalIPs"]?.sequence ?? []).isEmpty
            guard type == "NodePort" || type == "LoadBalancer" || external else { continue }
            let selector = ManifestObject.stringMap(spec["selector"])
            guard !selector.isEmpty else { continue }
            let sel = LabelSelector(
                matchLabels: selector.map { (key: $0.key, value: $0.value) }, expressions: [], invalid: false)
            for e in m.select(sel, in: NetworkModel.namespace(of: o)) {
                var ports = PortSet.none
                for p in spec["ports"]?.sequence ?? [] {
                    let proto = TransportProtocol(rawValue: p["protocol"]?.string ?? "TCP") ?? .tcp
                    if let t = p["targetPort"]?.int ?? (p["targetPort"] == nil ? p["port"]?.int : nil) {
                        ports = ports.union(PortSet(proto, t...t))
                    } else if let name = p["targetPort"]?.string, let np = m.endpoints[e].namedPorts[name] {
                        ports = ports.union(PortSet(np.proto, np.port...np.port))
                    }
                }
                let ref = RuleRef(
                    .kubeOVN, object: i, path: ["spec", external && type == "ClusterIP" ? "externalIPs" : "type"],
                    "Service '\(o.name)' (\(external && type == "ClusterIP" ? "externalIPs" : type)) exposes it outside the cluster"
                )
                m.exposures[e, default: []].append((ports, ref))
            }
        }
    }
}
