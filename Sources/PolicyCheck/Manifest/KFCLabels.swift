/// The labels and annotations kfc's back ends put on emitted objects, which `kfc verify` reads
/// back to find federations and roles.
package enum KFCLabels {
    /// `app.kubernetes.io/managed-by: kfc`.
    package static let managedBy = "app.kubernetes.io/managed-by"
    /// `server` or `client`.
    package static let role = "kfc.dev/role"
    /// The federation's name.
    package static let federation = "kfc.dev/federation"
    /// The client's id (same value on every pod of one client).
    package static let client = "kfc.dev/client"
    /// `FILE:LINE:COL` of the `.kf` declaration an object was emitted for.
    package static let source = "kfc.dev/source"
    /// On a Subnet (zone): comma-separated CIDRs the zone declares egress to (`0.0.0.0/0`).
    package static let egress = "kfc.dev/egress"
    /// On the server's pod template: the port clients dial (default: its first container port).
    package static let port = "kfc.dev/port"
    /// KubeOVN: the logical switch (Subnet) a pod is bound to.
    package static let logicalSwitch = "ovn.kubernetes.io/logical_switch"
    /// KubeOVN: a pod's fixed address.
    package static let ipAddress = "ovn.kubernetes.io/ip_address"
    /// Multus: extra networks of a pod.
    package static let multusNetworks = "k8s.v1.cni.cncf.io/networks"
}
