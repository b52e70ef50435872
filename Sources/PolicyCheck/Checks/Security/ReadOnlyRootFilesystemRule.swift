import KFLang

/// Containers must have a read-only root filesystem.
///
/// Fails when: a container does not set `securityContext.readOnlyRootFilesystem: true`.
package enum ReadOnlyRootFilesystemRule: WorkloadRule {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "read-only-root-filesystem", code: "KF3103", severity: .warning,
        help: "set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        w.containers.compactMap { c in
            c.node["securityContext"]?["readOnlyRootFilesystem"]?.bool == true
                ? nil
                : ("container '\(c.name)' has a writable root filesystem", c.path + ["image"])
        }
    }
}
