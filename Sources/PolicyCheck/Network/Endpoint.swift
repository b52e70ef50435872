/// An equivalence class of endpoints: pods that share namespace, labels, subnet bindings,
/// addresses and ports (every replica of a workload, and identical workloads), or the
/// internet.
///
/// Every question the proofs ask has the same answer for every member of a class, so the model
/// is built and queried per class; 10,000 replicas of one Deployment cost one class.
package struct Endpoint: Sendable {
    /// Pod or the internet.
    package enum Kind: Sendable, Hashable { case pod, internet }

    /// One network interface: the primary one, then any Multus ones.
    package struct Interface: Sendable, Hashable {
        /// Index in `NetworkModel.subnets`.
        package var subnet: Int
        /// The addresses the interface may have (the fixed IP, or the subnet's block).
        package var address: IPSet
        /// Whether `address` is one fixed IP.
        package var fixed: Bool
    }

    /// Index in `NetworkModel.endpoints`.
    package var id: Int
    /// What kind of endpoint this is.
    package var kind: Kind
    /// `namespace/name` of the first workload (with `+N` when classes merge), or `internet`.
    package var name: String
    /// The namespace.
    package var namespace: String
    /// The labels.
    package var labels: [String: String]
    /// Network interfaces, primary first.
    package var interfaces: [Interface]
    /// Container ports by name.
    package var namedPorts: [String: NamedPort]
    /// Container ports in declaration order.
    package var containerPorts: [NamedPort]
    /// Whether the pod uses the node's network.
    package var hostNetwork: Bool
    /// Objects (indexes in `NetworkModel.objects`) whose pods are in this class.
    package var workloads: [Int]
    /// Path of the pod template inside the first workload (`[]` for a Pod, `spec.template`, ...).
    package var templatePath: [YAMLPathComponent]
    /// Number of pods (sum of replicas).
    package var replicas: Int

    /// `kfc.dev/role`.
    package var role: String? { labels[KFCLabels.role] }
    /// `kfc.dev/federation`.
    package var federation: String? { labels[KFCLabels.federation] }
    /// `kfc.dev/client`.
    package var clientID: String? { labels[KFCLabels.client] }

    /// The primary interface's addresses (`IPSet.publicInternet` for the internet).
    package var address: IPSet { interfaces.first?.address ?? (kind == .internet ? .publicInternet : .all) }
}
