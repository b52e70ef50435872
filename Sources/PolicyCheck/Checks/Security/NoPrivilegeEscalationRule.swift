import KFLang

/// Containers must not be privileged or gain privileges.
///
/// Fails when: a container sets `privileged: true`, or does not set
/// `allowPrivilegeEscalation: false`.
package enum NoPrivilegeEscalationRule: WorkloadRule {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "no-privilege-escalation", code: "KF3102", severity: .error,
        help: "set securityContext.allowPrivilegeEscalation: false and drop privileged")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        w.containers.compactMap { c in
            if c.node["securityContext"]?["privileged"]?.bool == true {
                return ("container '\(c.name)' is privileged", c.path + ["securityContext", "privileged"])
            }
            if c.node["securityContext"]?["allowPrivilegeEscalation"]?.bool != false {
                return (
                    "container '\(c.name)' may escalate privileges: allowPrivilegeEscalation is not false",
                    c.path + ["image"]
                )
            }
            return nil
        }
    }
}
