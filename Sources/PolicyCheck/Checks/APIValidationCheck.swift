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
        var validKeys = LabelSyntax.ValidKeys()
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
            var problems = LabelSyntax.problems(labels: obj.value["metadata"]?["labels"], &validKeys) {
                ["metadata", "labels"]
            }
            if let (path, template, _) = NetworkModelBuilder.podTemplate(obj), !path.isEmpty {
                problems += LabelSyntax.problems(labels: template["metadata"]?["labels"], &validKeys) {
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
}
