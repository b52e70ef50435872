import KFLang
import YAML

/// Checks the fields the Kubernetes and KubeOVN API servers validate and the network model reads.
///
/// Fails when: a NetworkPolicy has an `ipBlock` that is not a CIDR block (`/33`, `not a cidr`),
/// a port outside 1–65535 or a port name that is not one, an `endPort` below its `port`, an
/// unknown protocol, or a selector that is not Kubernetes label syntax (`\u{212A}`, which Swift
/// compares equal to `K`) (KF3017); a Subnet has a `cidrBlock`, `gateway` or `allowSubnets`
/// entry that is not a CIDR block or an address (KF3023); any object's labels, or a workload's
/// pod template's, are not label syntax or not strings (KF3024). Such an object would be rejected by the API server, so a proof about it
/// is a proof about nothing; each is an error at the field. The model never drops them
/// silently: an unreadable peer, port or `allowSubnets` entry may admit everything and surely
/// admits nothing, so `may` questions (isolation) see the widest reading.
package enum APIValidationCheck: ModelCheck {
    /// The rule id.
    package static let id = "api-validation"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        var out: [Finding] = []
        var validKeys = ValidKeys()
        for obj in ctx.model.objects {
            switch obj.kind {
            case "NetworkPolicy":
                for f in NetworkPolicyModel.rejectedFields(obj) {
                    out.append(
                        Finding(
                            .networkPolicyFieldRejected(obj.name, field: f, at: obj.span(at: f.path)), rule: id,
                            subject: "NetworkPolicy/\(obj.name)"))
                }
            case "Subnet":
                for f in SubnetModel.rejectedFields(obj) {
                    out.append(
                        Finding(
                            .subnetFieldRejected(obj.name, field: f, at: obj.span(at: f.path)), rule: id,
                            subject: "Subnet/\(obj.name)"))
                }
            default: break
            }
            // Every object's labels, and a workload's pod template's (a Pod is its own template).
            var problems = labelProblems(obj.value["metadata"]?["labels"], &validKeys) { ["metadata", "labels"] }
            if let (path, template, _) = NetworkModelBuilder.podTemplate(obj), !path.isEmpty {
                problems += labelProblems(template["metadata"]?["labels"], &validKeys) {
                    path + ["metadata", "labels"]
                }
            }
            for f in problems {
                out.append(
                    Finding(
                        .labelRejected(obj.displayName, field: f, at: obj.span(at: f.path)), rule: id,
                        subject: obj.displayName))
            }
        }
        return out
    }

    /// The labels at `path` the API server refuses: a key or value that is not label syntax, a
    /// value that is not a string (`null` included: created it reads as "", applied as a
    /// removal), labels that are not a mapping.
    static func labelProblems(
        _ labels: YAMLNode?, _ validKeys: inout ValidKeys, at at: () -> [YAMLPathComponent]
    ) -> [RejectedField] {
        guard let labels, !labels.isNull else { return [] }
        guard let m = labels.mapping else {
            return [
                RejectedField(
                    path: at(), value: NetworkPolicyModel.text(labels), expected: "a mapping of label keys to values")
            ]
        }
        var out: [RejectedField] = []
        for e in m.entries {
            // The path is built only for a finding: every label of every object passes here.
            var path: [YAMLPathComponent] { at() + [.key(e.key)] }
            if !validKeys.isValid(e.key) {
                out.append(
                    RejectedField(
                        path: path, value: NetworkPolicyModel.shown(e.key),
                        expected: LabelSyntax.expectedKey))
            }
            if let v = e.value.string {
                if !LabelSyntax.isValidValue(v) {
                    out.append(
                        RejectedField(
                            path: path, value: NetworkPolicyModel.shown(v),
                            expected: LabelSyntax.expectedValue))
                }
            } else {
                out.append(
                    RejectedField(
                        path: path, value: NetworkPolicyModel.text(e.value),
                        expected: LabelSyntax.expectedString))
            }
        }
        return out
    }

    /// Label keys found valid in one run, by the address of their bytes. kfc's keys are a few
    /// literals, and a parsed file's are shared (the block parser hands out one string per
    /// text), so most keys are known by address after their first check. Only keys of more
    /// than 15 bytes are remembered: shorter ones are held inside the string value and have no
    /// address of their own. The objects, and so their strings, outlive the run: an address
    /// stands for one text while it is remembered.
    struct ValidKeys {
        private var addresses: [UInt] = []

        /// Whether `key` is a valid label key.
        mutating func isValid(_ key: String) -> Bool {
            guard key.utf8.count > 15,
                let address = key.utf8.withContiguousStorageIfAvailable({ UInt(bitPattern: $0.baseAddress) })
            else { return LabelSyntax.isValidKey(key) }
            if addresses.contains(address) { return true }
            guard LabelSyntax.isValidKey(key) else { return false }
            if addresses.count < 64 { addresses.append(address) }
            return true
        }
    }
}
