/// Whether a question is about a flow that *may* happen (proving a flow impossible: partly
/// matching address blocks and unknown ACL atoms count as matching) or one that *must* be
/// possible (proving liveness: they count as not matching).
package enum FlowMode: Sendable { case may, must }

/// One layer's answer for one flow: the ports it lets through and the rules that do.
package struct LayerVerdict: Sendable {
    /// The ports.
    package var ports: PortSet
    /// The rules that let the flow through.
    package var rules: [RuleRef]
    /// Creates a value from its parts.
    package init(ports: PortSet, rules: [RuleRef]) {
        self.ports = ports
        self.rules = rules
    }
}

/// Both layers' answers for traffic from one endpoint class to another.
package struct FlowVerdict: Sendable {
    /// The source endpoint.
    package var source: Int
    /// The destination endpoint.
    package var destination: Int
    /// The KubeOVN layer's verdict.
    package var kubeOVN: LayerVerdict
    /// The NetworkPolicy layer's verdict.
    package var networkPolicy: LayerVerdict

    /// The ports that the given layers together let through.
    package func ports(_ layers: Layers) -> PortSet {
        var p = PortSet.all
        if layers.contains(.kubeOVN) { p = p.intersection(kubeOVN.ports) }
        if layers.contains(.networkPolicy) { p = p.intersection(networkPolicy.ports) }
        return p
    }

    /// The ports both layers let through.
    package var ports: PortSet { kubeOVN.ports.intersection(networkPolicy.ports) }
}
