import KFLang
import YAML

/// A built-in security rule: id (for waivers), diagnostic code, severity and fix.
///
/// Each rule's page is `docs/diagnostics/<code>.md` (listed in `docs/policy/rules.md`).
package struct SecurityRule: Sendable, Hashable {
    /// The rule id.
    package var id: String
    /// The diagnostic code.
    package var code: String
    /// The severity of its findings.
    package var severity: Severity
    /// One-line fix shown as `= help:`.
    package var help: String

    /// Every built-in security rule, by code.
    package static let all: [SecurityRule] = [
        NetworkPolicyCoverageRule.rule, RunAsNonRootRule.rule, NoPrivilegeEscalationRule.rule,
        ReadOnlyRootFilesystemRule.rule, DropCapabilitiesRule.rule, SeccompProfileRule.rule,
        ResourceLimitsRule.rule, ImagePinnedRule.rule, NoHostNamespacesRule.rule, NoHostPathRule.rule,
        InsecureTransportRule.rule,
    ]
}

/// One workload's pod template, as the security rules read it.
package struct WorkloadContext {
    /// The workload object.
    package var object: ManifestObject
    /// Path of the pod template in the object (`[]` for a Pod).
    package var templatePath: [YAMLPathComponent]
    /// The pod spec.
    package var spec: YAMLNode
    /// The pod template's metadata.
    package var metadata: YAMLNode?
    /// The pod template's labels (read when a rule asks: few do).
    package var labels: [String: String] { ManifestObject.stringMap(metadata?["labels"]) }
    /// Containers and init containers with their paths.
    package var containers: [WorkloadContainer]

    /// Reads a workload; nil for objects that have no pod template.
    package init?(_ o: ManifestObject) {
        guard let (path, tpl, _) = NetworkModelBuilder.podTemplate(o) else { return nil }
        object = o
        templatePath = path
        spec = tpl["spec"] ?? .null
        metadata = tpl["metadata"]
        containers = []
        for key in ["initContainers", "containers"] {
            for (i, c) in (spec[key]?.sequence ?? []).enumerated() {
                containers.append(WorkloadContainer(templatePath: path, key: key, index: i, node: c))
            }
        }
    }

    /// A path inside the pod spec.
    package func specPath(_ p: YAMLPathComponent...) -> [YAMLPathComponent] { templatePath + ["spec"] + p }

    /// The effective security-context value of a container: its own, else the pod's.
    package func effective(_ c: YAMLNode, _ key: String) -> YAMLNode? {
        c["securityContext"]?[key] ?? spec["securityContext"]?[key]
    }
}

/// A container or init container of a workload. Its path and name are built when a rule reports
/// it: most containers break no rule.
package struct WorkloadContainer {
    /// Path of the pod template in the object.
    let templatePath: [YAMLPathComponent]
    /// `containers` or `initContainers`.
    let key: String
    /// Index in that list.
    let index: Int
    /// The container.
    package let node: YAMLNode
    /// Path of the container in the object.
    package var path: [YAMLPathComponent] { templatePath + ["spec", .key(key), .index(index)] }
    /// Its name, or `#index` when it has none.
    package var name: String { node["name"]?.string ?? "#\(index)" }
}

/// A rule over one workload's pod template.
package protocol WorkloadRule {
    /// The rule.
    static var rule: SecurityRule { get }
    /// Violations: message and the path to point at.
    static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])]
}
