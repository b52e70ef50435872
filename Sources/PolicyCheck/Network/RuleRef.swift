/// Which layer of the network model a rule belongs to.
package enum Layer: String, Hashable, Sendable, CaseIterable, Codable {
    case kubeOVN = "KubeOVN"
    case networkPolicy = "NetworkPolicy"
}

/// A set of layers: a bit each, where a `Layers` hashed its members on every question the
/// provers ask (hundreds of thousands for 10,000 clients).
package struct Layers: OptionSet, Hashable, Sendable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The set of one layer.
    package init(_ layer: Layer) { self = layer == .kubeOVN ? .kubeOVN : .networkPolicy }

    /// KubeOVN's subnets and ACLs.
    package static let kubeOVN = Layers(rawValue: 1)
    /// Kubernetes NetworkPolicies.
    package static let networkPolicy = Layers(rawValue: 2)
    /// Both layers together: what a cluster enforces.
    package static let both: Layers = [.kubeOVN, .networkPolicy]

    /// The layers in the set, in `Layer.allCases` order.
    package var members: [Layer] { Layer.allCases.filter { contains(Layers($0)) } }
}

/// A rule (or a default) that lets a flow through, for counterexamples.
///
/// `object` indexes `NetworkModel.objects` and `path` points into it; both are nil for
/// built-in defaults (an unbound pod lands in `ovn-default`, a pod no policy selects is open).
package struct RuleRef: Hashable, Sendable {
    /// The layer the rule belongs to.
    package var layer: Layer
    /// Index of the object in `NetworkModel.objects`, nil for built-in defaults.
    package var object: Int?
    /// Path of the rule inside its object.
    package var path: [YAMLPathComponent]
    /// What the rule does, e.g. `Subnet 'site-1' is not private` (for NetworkPolicy rules, the
    /// rule's title; `NetworkModel.describe(_:)` adds the peer and ports).
    package var text: String
    /// For a NetworkPolicy rule: the policy (index in `NetworkModel.policies`), the direction,
    /// the rule, the matching peer (nil: every peer) and the ports it admits.
    package var policyRule: PolicyRuleRef?

    /// Which NetworkPolicy rule and peer admitted a flow, described only when shown.
    package struct PolicyRuleRef: Hashable, Sendable {
        /// Index of the policy in `NetworkModel.policies`.
        package var policy: Int
        /// The ingress rules.
        package var ingress: Bool
        /// Index of the rule in its direction.
        package var rule: Int
        /// Index of the matching peer; nil when the rule admits every peer.
        package var peer: Int?
        /// The ports.
        package var ports: PortSet
    }

    /// Creates a value from its parts.
    package init(_ layer: Layer, object: Int?, path: [YAMLPathComponent] = [], _ text: String) {
        self.layer = layer
        self.object = object
        self.path = path
        self.text = text
    }
}
