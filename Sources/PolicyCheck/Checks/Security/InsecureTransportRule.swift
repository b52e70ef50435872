import KFLang

/// kfc's runtime should authenticate its clients with mutual TLS.
///
/// Fails when: a container runs `kfc exec server` or `kfc exec client` with `--insecure`
/// (what a federation with `transport: insecure` compiles to).
package enum InsecureTransportRule: WorkloadRule {
    /// The rule.
    package static let rule = SecurityRule(
        id: "insecure-transport", code: "KF3110", severity: .warning,
        help: "remove 'transport: insecure' (mutual TLS is the default) and provision the Secrets with 'kfc certs'")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        w.containers.compactMap { c in
            let args = (c.node["command"]?.sequence ?? []) + (c.node["args"]?.sequence ?? [])
            let words = args.compactMap(\.string)
            guard let exec = words.firstIndex(of: "exec"), words.dropFirst(exec).contains("--insecure") else {
                return nil
            }
            let role = words.dropFirst(exec + 1).first ?? "?"
            return (
                "container '\(c.name)' runs 'kfc exec \(role)' over plaintext gRPC ('--insecure')",
                c.path + [c.node["args"] != nil ? "args" : "command"]
            )
        }
    }
}
