import KFLang

/// Containers must drop every Linux capability.
///
/// Fails when: a container's `securityContext.capabilities.drop` does not include `ALL`, or
/// `capabilities.add` names anything but `NET_BIND_SERVICE`.
package enum DropCapabilitiesRule: WorkloadRule {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "drop-capabilities", code: "KF3104", severity: .warning,
        help: "set securityContext.capabilities.drop: [ALL]")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        w.containers.compactMap { c in
            let caps = c.node["securityContext"]?["capabilities"]
            let added = (caps?["add"]?.sequence ?? []).compactMap(\.string).filter { $0 != "NET_BIND_SERVICE" }
            if !added.isEmpty {
                return (
                    "container '\(c.name)' adds capabilities \(added.joined(separator: ", "))",
                    c.path + ["securityContext", "capabilities", "add"]
                )
            }
            let dropped = (caps?["drop"]?.sequence ?? []).compactMap(\.string)
            return dropped.contains("ALL")
                ? nil : ("container '\(c.name)' does not drop all capabilities", c.path + ["image"])
        }
    }
}
