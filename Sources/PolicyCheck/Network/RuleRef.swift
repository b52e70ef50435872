/// Which layer of the network model a rule belongs to.
package enum Layer: String, Hashable, Sendable, CaseIterable, Codable {
    case kubeOVN = "KubeOVN"
    case networkPolicy = "NetworkPolicy"
}

/// A rule (or a default) that lets a flow through, for counterexamples.
///
/// `object` indexes `NetworkModel.objects` and `path` points into it; both are nil for
/// built-in defaults (an unbound pod lands in `ovn-default`, a pod no policy selects is open).
package struct RuleRef: Hashable, Sendable {
    package var layer: Layer
    package var object: Int?
    package var path: [YAMLPathComponent]
    /// What the rule does, e.g. `Subnet 'site-1' is not private`.
    package var text: String

    package init(_ layer: Layer, object: Int?, path: [YAMLPathComponent] = [], _ text: String) {
        self.layer = layer
        self.object = object
        self.path = path
        self.text = text
    }
}
