import KFLang

/// Checks that no object is defined twice across the inputs.
///
/// Fails when: two documents have the same API group, kind, namespace and name (KF3003), like
/// the seed's two definitions of Subnet `nw1` (`subnets-deploy.yaml`, `gateway_test.yaml`).
package enum DuplicateObjectCheck: ModelCheck {
    /// The rule id.
    package static let id = "duplicate-object"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] { run(objects: ctx.model.objects) }

    /// The findings over `objects` (the check reads nothing else).
    static func run(objects: [ManifestObject]) -> [Finding] {
        struct Key: Hashable {
            var group: String, kind: String, namespace: String, name: String
        }
        var first: [Key: Int] = [:]
        first.reserveCapacity(objects.count)
        var out: [Finding] = []
        for (i, o) in objects.enumerated() {
            let key = Key(group: o.group, kind: o.kind, namespace: o.namespace ?? "", name: o.name)
            if let j = first[key] {
                let d = Diagnostic.definedTwice(
                    o.displayName, at: o.span(at: ["metadata", "name"]),
                    first: objects[j].span(at: ["metadata", "name"]))
                out.append(
                    Finding(
                        d.with(note: "first defined at \(objects[j].location(at: ["metadata", "name"]))"),
                        rule: id, subject: o.displayName))
            } else {
                first[key] = i
            }
        }
        return out
    }
}
