import KFLang

/// Containers must declare CPU and memory limits.
///
/// Fails when: a container lacks `resources.limits.cpu` or `resources.limits.memory`.
package enum ResourceLimitsRule: WorkloadRule {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "resource-limits", code: "KF3106", severity: .warning,
        help: "set resources.requests and resources.limits for cpu and memory")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        w.containers.compactMap { c in
            let limits = c.node["resources"]?["limits"]
            let missing = ["cpu", "memory"].filter { limits?[$0] == nil }
            return missing.isEmpty
                ? nil
                : ("container '\(c.name)' has no \(missing.joined(separator: " or ")) limit", c.path + ["image"])
        }
    }
}
