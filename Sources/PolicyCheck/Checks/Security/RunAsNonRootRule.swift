import KFLang

/// Containers must run as a non-root user.
///
/// Fails when: neither the container's nor the pod's `securityContext` sets `runAsNonRoot: true`,
/// or either sets `runAsUser: 0`.
package enum RunAsNonRootRule: WorkloadRule {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "run-as-non-root", code: "KF3101", severity: .error,
        help: "set securityContext.runAsNonRoot: true and a non-zero runAsUser")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        w.containers.compactMap { c in
            if w.effective(c.node, "runAsUser")?.int == 0 {
                return ("container '\(c.name)' runs as root (runAsUser: 0)", c.path + ["securityContext"])
            }
            guard w.effective(c.node, "runAsNonRoot")?.bool == true else {
                return ("container '\(c.name)' may run as root: runAsNonRoot is not true", c.path + ["image"])
            }
            return nil
        }
    }
}
