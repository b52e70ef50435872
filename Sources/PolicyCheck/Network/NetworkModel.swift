import YAML

/// The two-layer network model of a set of manifests: endpoints (classes of pods and the
/// internet), KubeOVN subnets and Vpcs, NetworkPolicies, and exposing Services.
///
/// Build it with `NetworkModel(objects:)`; ask `flow(from:to:mode:)` for the verdict of both
/// layers on one pair, `candidateSources(to:layers:)` for the sources that could reach one
/// destination without scanning every pair, and `connectivity()` for the whole map.
package struct NetworkModel: Sendable {
    /// Every object read, in input order; `RuleRef.object` indexes this.
    package var objects: [ManifestObject]
    /// Endpoint classes; the internet is the last.
    package var endpoints: [Endpoint] = []
    /// Subnets, install defaults and placeholders included.
    package var subnets: [SubnetModel] = []
    /// Vpcs by name.
    package var vpcs: [String: VpcModel] = [:]
    /// NetworkPolicies in input order.
    package var policies: [NetworkPolicyModel] = []
    /// Namespace labels (with `kubernetes.io/metadata.name`).
    package var namespaceLabels: [String: [String: String]] = [:]
    /// Index of the internet endpoint.
    package var internet: Int = 0
    /// The join subnet's block (node traffic).
    package var join: IPSet = SubnetModel.defaultJoin
    /// Subnets named by pods that no Subnet object defines: name → objects naming it.
    package var unknownSubnets: [String: [Int]] = [:]
    /// The Subnet a namespace's unannotated pods land in (the first by name that lists it).
    package var namespaceSubnet: [String: Int] = [:]
    /// Namespaces with a pod that no `logical_switch` annotation binds (it lands by namespace).
    package var namespacesBoundByList: Set<String> = []
    /// Namespaces that more than one Subnet lists: namespace → subnet indexes.
    package var ambiguousNamespaces: [String: [Int]] = [:]

    // MARK: - Indexes
    /// Policies selecting each endpoint for ingress / egress (sorted indexes).
    package var ingressPolicies: [[Int]] = []
    /// Egress policies.
    package var egressPolicies: [[Int]] = []
    /// Endpoints by namespace.
    package var byNamespace: [String: [Int]] = [:]
    /// Endpoints by namespace and label (key and value).
    package var labelIndex: [String: [LabelPair: [Int]]] = [:]
    /// Endpoints by subnet (any interface).
    package var bySubnet: [[Int]] = []
    /// Ports each endpoint is exposed on outside the cluster (NodePort/LoadBalancer Services, externalIPs).
    package var exposures: [Int: [(ports: PortSet, ref: RuleRef)]] = [:]
    /// Subnet index by name.
    package var subnetIndex: [String: Int] = [:]
    /// Caches of candidate sets (filled lazily by the candidate queries).
    var caches = Caches()

    /// Builds the model from objects (any mix of kinds; unknown kinds are ignored).
    package init(objects: [ManifestObject]) {
        self.objects = objects
        NetworkModelBuilder.build(into: &self)
    }

    /// The effective namespace of a namespaced object.
    package static func namespace(of m: ManifestObject) -> String { m.namespace ?? "default" }

    /// Whether `e` matches a NetworkPolicy peer of a policy in `policyNamespace`.
    package func matches(_ peer: NetworkPolicyModel.Peer, policyNamespace: String, endpoint e: Endpoint, may: Bool)
        -> Bool
    {
        switch peer {
        case .invalid: return may
        case .ipBlock(let set, _):
            if e.kind == .pod && e.hostNetwork { return false }
            return may ? e.address.overlaps(set) : (!e.address.isEmpty && e.address.isSubset(of: set))
        case .pods(let pods, let nss):
            guard e.kind == .pod, !e.hostNetwork else { return false }
            if let nss {
                guard nss.matches(namespaceLabels[e.namespace] ?? ["kubernetes.io/metadata.name": e.namespace]) else {
                    return false
                }
            } else if e.namespace != policyNamespace {
                return false
            }
            return pods.matches(e.labels)
        }
    }

    /// The endpoints `selector` matches in `namespace`, using the label index.
    package func select(_ selector: LabelSelector, in namespace: String) -> [Int] {
        guard let all = byNamespace[namespace] else { return [] }
        if selector.invalid { return [] }
        var pool = all
        if let idx = labelIndex[namespace] {
            for (k, v) in selector.matchLabels {
                let list = idx[LabelPair(key: k, value: v)] ?? []
                if list.count < pool.count { pool = list }
            }
        }
        return pool.filter { selector.matches(endpoints[$0].labels) }
    }

    /// The location (`path:line`, or the object's name when built in memory) of a rule, or
    /// `built-in` for defaults.
    package func location(of r: RuleRef) -> String {
        guard let o = r.object else { return "built-in default" }
        // Objects built in memory have no text: name the object instead of a meaningless line.
        if objects[o].isBuiltInMemory { return objects[o].displayName }
        return objects[o].location(at: r.path)
    }
}

/// A label's key and value: a key of `NetworkModel.labelIndex` (one per label of every
/// endpoint class, so no `key=value` text is built for it).
package struct LabelPair: Hashable, Sendable {
    /// The label's key.
    package var key: String
    /// Its value.
    package var value: String
}

/// Lazily computed candidate sets, keyed by policy signature or subnet.
struct Caches: Sendable {
    var npIngressSources: [[Int]: [Int]] = [:]
    var npEgressDestinations: [[Int]: Set<Int>] = [:]
    var ovnAdmitted: [Int: [Int]] = [:]
}
