import KFLang

/// Pods must run under a seccomp profile.
///
/// Fails when: neither the container's nor the pod's `securityContext.seccompProfile.type` is
/// `RuntimeDefault` or `Localhost`.
package enum SeccompProfileRule: WorkloadRule {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "seccomp-profile", code: "KF3105", severity: .warning,
        help: "set securityContext.seccompProfile.type: RuntimeDefault on the pod")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        w.containers.compactMap { c in
            let t = w.effective(c.node, "seccompProfile")?["type"]?.string
            return t == "RuntimeDefault" || t == "Localhost"
                ? nil
                : ("container '\(c.name)' runs without a seccomp profile", c.path + ["image"])
        }
    }
}
