/// An equivalence class of endpoints: pods that share namespace, labels, subnet bindings,
/// addresses and ports (every replica of a workload, and identical workloads), or the
/// internet.
///
/// Every question the proofs ask has the same answer for every member of a class, so the model
/// is built and queried per class; 10,000 replicas of one Deployment cost one class.
///
/// A class, immutable once built: the proofs read endpoints by the ten thousand (each pair's
/// verdict reads both), and a copy of a struct of these fields retained and released every one
/// of them.
package final class Endpoint: Sendable {
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
    package let id: Int
    /// What kind of endpoint this is.
    package let kind: Kind
    /// `namespace/name` of the first workload (with `+N` when classes merge), or `internet`.
    package let name: String
    /// The namespace.
    package let namespace: String
    /// The labels.
    package let labels: [String: String]
    /// Network interfaces, primary first.
    package let interfaces: [Interface]
    /// Container ports by name.
    package let namedPorts: [String: NamedPort]
    /// Container ports in declaration order.
    package let containerPorts: [NamedPort]
    /// Whether the pod uses the node's network.
    package let hostNetwork: Bool
    /// Objects (indexes in `NetworkModel.objects`) whose pods are in this class.
    package let workloads: [Int]
    /// Path of the pod template inside the first workload (`[]` for a Pod, `spec.template`, ...).
    package let templatePath: [YAMLPathComponent]
    /// Number of pods (sum of replicas).
    package let replicas: Int

    /// An endpoint's fields while `NetworkModelBuilder` merges workloads into classes.
    package struct Draft: Sendable {
        var id: Int
        var kind: Kind
        var name: String
        var namespace: String
        var labels: [String: String]
        var interfaces: [Interface]
        var namedPorts: [String: NamedPort]
        var containerPorts: [NamedPort]
        var hostNetwork: Bool
        var workloads: [Int]
        var templatePath: [YAMLPathComponent]
        var replicas: Int
    }

    /// The endpoint of a finished draft.
    init(_ d: Draft) {
        id = d.id
        kind = d.kind
        name = d.name
        namespace = d.namespace
        labels = d.labels
        interfaces = d.interfaces
        namedPorts = d.namedPorts
        containerPorts = d.containerPorts
        hostNetwork = d.hostNetwork
        workloads = d.workloads
        templatePath = d.templatePath
        replicas = d.replicas
    }

    /// `kfc.dev/role`.
    package var role: String? { labels[KFCLabels.role] }
    /// `kfc.dev/federation`.
    package var federation: String? { labels[KFCLabels.federation] }
    /// `kfc.dev/client`.
    package var clientID: String? { labels[KFCLabels.client] }

    /// The primary interface's addresses (`IPSet.publicInternet` for the internet).
    package var address: IPSet { interfaces.first?.address ?? (kind == .internet ? .publicInternet : .all) }
}
