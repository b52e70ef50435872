import Compiler
import YAML

/// The Kube-OVN annotations that bind a pod to its zone's subnet and pin the server's address.
package enum PodNetworkAnnotations {
    /// `ovn.kubernetes.io/logical_switch`: the subnet a pod's interface lives in.
    package static let logicalSwitch = "ovn.kubernetes.io/logical_switch"
    /// `ovn.kubernetes.io/ip_address`: a fixed address in that subnet.
    package static let ipAddress = "ovn.kubernetes.io/ip_address"

    /// The server's: its subnet and the compiler-allocated address clients dial.
    package static func server(_ s: IR.Server, topology: Topology) -> YAMLMapping {
        [logicalSwitch: .string(topology.subnetName(of: s.zone)), ipAddress: .string(s.address)]
    }

    /// A client's: its subnet only (any free address of its zone).
    package static func client(_ c: IR.Client, topology: Topology) -> YAMLMapping {
        [logicalSwitch: .string(topology.subnetName(of: c.zone))]
    }
}
