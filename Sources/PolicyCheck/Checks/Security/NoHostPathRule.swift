import KFLang

/// Pods must not mount node paths, except a client's dataset, read-only.
///
/// Fails when: a `hostPath` volume is used by a pod that is not labelled
/// `kfc.dev/role: client`, or some container mounts it writable.
package enum NoHostPathRule: WorkloadRule {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "no-host-path", code: "KF3109", severity: .error,
        help: "use a PersistentVolumeClaim; a client's dataset may be a hostPath mounted readOnly")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        var out: [(String, [YAMLPathComponent])] = []
        for (i, v) in (w.spec["volumes"]?.sequence ?? []).enumerated() {
            guard let hp = v["hostPath"], let name = v["name"]?.string else { continue }
            let path = hp["path"]?.string ?? "?"
            let mounts = w.containers.flatMap { c in
                (c.node["volumeMounts"]?.sequence ?? []).filter { $0["name"]?.string == name }
            }
            let dataset =
                w.labels[KFCLabels.role] == "client" && !mounts.isEmpty
                && mounts.allSatisfy { $0["readOnly"]?.bool == true }
            if !dataset {
                out.append(
                    ("volume '\(name)' mounts the node's path '\(path)'", w.specPath("volumes", .index(i), "hostPath")))
            }
        }
        return out
    }
}
