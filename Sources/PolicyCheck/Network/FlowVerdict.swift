/// Whether a question is about a flow that *may* happen (proving a flow impossible: partly
/// matching address blocks and unknown ACL atoms count as matching) or one that *must* be
/// possible (proving liveness: they count as not matching).
package enum FlowMode: Sendable { case may, must }

/// One layer's answer for one flow: the ports it lets through and the rules that do.
package struct LayerVerdict: Sendable {
    package var ports: PortSet
    package var rules: [RuleRef]
    package init(ports: PortSet, rules: [RuleRef]) {
        self.ports = ports
        self.rules = rules
    }
}

/// Both layers' answers for traffic from one endpoint class to another.
package struct FlowVerdict: Sendable {
    package var source: Int
    package var destination: Int
    package var kubeOVN: LayerVerdict
    package var networkPolicy: LayerVerdict

    /// The ports that the given layers together let through.
    package func ports(_ layers: Set<Layer>) -> PortSet {
        var p = PortSet.all
        if layers.contains(.kubeOVN) { p = p.intersection(kubeOVN.ports) }
        if layers.contains(.networkPolicy) { p = p.intersection(networkPolicy.ports) }
        return p
    }

    /// The ports both layers let through.
    package var ports: PortSet { kubeOVN.ports.intersection(networkPolicy.ports) }
}
