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
    /// What the rule does, kept in parts: most rules are never shown, and the model makes
    /// several for every Subnet (five for each of 10,000 private zones).
    package var what: RuleText
    /// What the rule does, e.g. `Subnet 'site-1' is not private` (for NetworkPolicy rules, the
    /// rule's title; `NetworkModel.describe(_:)` adds the peer and ports).
    package var text: String {
        get { what.rendered }
        set { what = .plain(newValue) }
    }
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
        self.init(layer, object: object, path: path, .plain(text))
    }

    /// Creates a value whose text is rendered when shown.
    package init(_ layer: Layer, object: Int?, path: [YAMLPathComponent] = [], _ what: RuleText) {
        self.layer = layer
        self.object = object
        self.path = path
        self.what = what
    }
}

/// What a rule does, as `RuleRef.text` shows it. Two values are the same rule exactly when
/// their parts are equal.
package enum RuleText: Hashable, Sendable {
    /// Text as written.
    case plain(String)
    /// A fact of the KubeOVN Subnet of that name.
    case subnet(String, SubnetFact)

    /// What a Subnet does to a flow.
    package enum SubnetFact: Hashable, Sendable {
        /// `spec.private: true`.
        case isPrivate
        /// Not private: OVN admits what no ACL drops.
        case notPrivate
        /// A private subnet admits its own block (the text as written).
        case admitsOwnBlock(String)
        /// Some `allowSubnets` entry admits the source.
        case allowSubnetsAdmit
        /// `allowSubnets[index]` (its text) admits the source.
        case allowEntry(Int, String)
        /// An `allowSubnets` entry kfc cannot read.
        case allowSubnetsUnreadable
        /// Node traffic from the join subnet.
        case admitsJoin
    }

    /// The text.
    package var rendered: String {
        switch self {
        case .plain(let s): return s
        case .subnet(let name, let fact):
            let subject = "Subnet '\(name)'"
            switch fact {
            case .isPrivate: return "\(subject) is private"
            case .notPrivate: return "\(subject) is not private"
            case .admitsOwnBlock(let block): return "\(subject) admits its own block \(block)"
            case .allowSubnetsAdmit: return "\(subject) allowSubnets admits it"
            case .allowEntry(let i, let text): return "\(subject) allowSubnets[\(i)] admits \(text)"
            case .allowSubnetsUnreadable: return "\(subject) allowSubnets has an entry kfc cannot read"
            case .admitsJoin: return "\(subject) admits node traffic from the join subnet"
            }
        }
    }
}
