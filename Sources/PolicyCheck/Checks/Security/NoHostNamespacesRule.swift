import KFLang

/// Pods must not share the node's network, PID or IPC namespace.
///
/// Fails when: the pod spec sets `hostNetwork`, `hostPID` or `hostIPC` to true.
package enum NoHostNamespacesRule: WorkloadRule {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "no-host-namespaces", code: "KF3108", severity: .error,
        help: "remove hostNetwork, hostPID and hostIPC from the pod spec")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        ["hostNetwork", "hostPID", "hostIPC"].compactMap { k in
            w.spec[k]?.bool == true ? ("pod uses the node's namespace (\(k): true)", w.specPath(.key(k))) : nil
        }
    }
}
