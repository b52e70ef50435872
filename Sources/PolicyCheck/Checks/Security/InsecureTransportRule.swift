import KFLang
import YAML

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
            // The string words of `command` then `args`: after the first `exec`, the first word is
            // the role, and `--insecure` anywhere among them is the finding. Read in place (no
            // array of the words per container).
            var exec = false
            var role: String?
            var insecure = false
            func read(_ list: YAMLNode?) {
                for word in list?.sequence ?? [] {
                    guard let s = word.string else { continue }
                    if !exec {
                        exec = s == "exec"
                        continue
                    }
                    if role == nil { role = s }
                    if s == "--insecure" { insecure = true }
                }
            }
            read(c.node["command"])
            read(c.node["args"])
            guard insecure else { return nil }
            return (
                "container '\(c.name)' runs 'kfc exec \(role ?? "?")' over plaintext gRPC ('--insecure')",
                c.path + [c.node["args"] != nil ? "args" : "command"]
            )
        }
    }
}
