import Compiler
import YAML

/// The labels kfc puts on what it emits; the policy checker reads roles back from them.
///
/// Every object of a federation carries the recommended `app.kubernetes.io/*` labels and the
/// federation label; workloads and their pods add their role, and clients their id, so a
/// NetworkPolicy or a check can select "the server of federation f" or "client 3".
package enum KFCLabels {
    /// `app.kubernetes.io/name`: the workload (or, for shared objects, the federation) name.
    package static let name = "app.kubernetes.io/name"
    /// `app.kubernetes.io/part-of`: the federation's namespace name.
    package static let partOf = "app.kubernetes.io/part-of"
    /// `app.kubernetes.io/managed-by`: always `kfc`.
    package static let managedBy = "app.kubernetes.io/managed-by"
    /// `app.kubernetes.io/component`: `server` or `client` on workloads.
    package static let component = "app.kubernetes.io/component"
    /// `kfc.dev/federation`: the federation's namespace name.
    package static let federation = "kfc.dev/federation"
    /// `kfc.dev/role`: `server` or `client`.
    package static let role = "kfc.dev/role"
    /// `kfc.dev/client`: the client's id (`0`, `1`, …) in its federation.
    package static let client = "kfc.dev/client"
    /// `kfc.dev/zone`: the Kube-OVN subnet (zone) a pod is bound to.
    package static let zone = "kfc.dev/zone"
    /// `kfc.dev/source` (an annotation): `FILE:LINE:COL` of the `.kf` declaration that produced
    /// the object, so `kfc verify` can point a counterexample's rules back at the source.
    package static let source = "kfc.dev/source"

    /// The `kfc.dev/source` annotation for an object made from `origin` (none for IR built in
    /// memory, whose origin is synthetic).
    package static func sourceAnnotation(_ origin: IR.Origin) -> YAMLMapping {
        origin == .synthetic ? [:] : [source: .string("\(origin.file):\(origin.line):\(origin.column)")]
    }

    /// A workload's role.
    package enum Role: String, Sendable {
        /// The federation's server.
        case server
        /// One of its clients.
        case client
    }

    /// Labels of an object shared by a federation (namespace, service account, policies).
    package static func shared(federation ns: String) -> YAMLMapping {
        [name: .string(ns), partOf: .string(ns), managedBy: "kfc", federation: .string(ns)]
    }

    /// Labels of a cluster-scoped networking object (Vpc, Subnet) used by several federations.
    package static func network(name objectName: String) -> YAMLMapping {
        [name: .string(objectName), managedBy: "kfc"]
    }

    /// Labels of a workload, its pods and its storage.
    package static func workload(
        federation ns: String, name workload: String, role: Role, clientID: Int? = nil, zone: String? = nil
    ) -> YAMLMapping {
        // Built at its final size: one per client workload.
        var m: [YAMLMapping.Pair] = []
        m.reserveCapacity(8)
        m.append((name, .string(workload)))
        m.append((partOf, .string(ns)))
        m.append((managedBy, "kfc"))
        m.append((component, .string(role.rawValue)))
        m.append((federation, .string(ns)))
        m.append((Self.role, .string(role.rawValue)))
        if let clientID { m.append((client, .string(String(clientID)))) }
        if let zone { m.append((self.zone, .string(zone))) }
        return YAMLMapping(m)
    }

    /// The selector of a workload's pods: federation, role and (for clients) id.
    package static func selector(federation ns: String, role: Role, clientID: Int? = nil) -> YAMLMapping {
        var m: YAMLMapping = [federation: .string(ns), self.role: .string(role.rawValue)]
        if let clientID { m.append(client, .string(String(clientID))) }
        return m
    }
}
