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
        // One set insert an object: it finds the first object with the key or records this
        // one (a lookup, then an insert, hashed each key twice: most of this check's cost).
        struct First: Hashable {
            var group: String, kind: String, namespace: String, name: String
            /// The object's index (not part of the key).
            var index: Int
            static func == (a: First, b: First) -> Bool {
                a.name == b.name && a.kind == b.kind && a.namespace == b.namespace && a.group == b.group
            }
            func hash(into hasher: inout Hasher) {
                hasher.combine(group)
                hasher.combine(kind)
                hasher.combine(namespace)
                hasher.combine(name)
            }
        }
        var first = Set<First>(minimumCapacity: objects.count)
        var out: [Finding] = []
        for (i, o) in objects.enumerated() {
            let (isFirst, f) = first.insert(
                First(group: o.group, kind: o.kind, namespace: o.namespace ?? "", name: o.name, index: i))
            if !isFirst {
                let j = f.index
                let d = Diagnostic.definedTwice(
                    o.displayName, at: o.span(at: ["metadata", "name"]),
                    first: objects[j].span(at: ["metadata", "name"]))
                out.append(
                    Finding(
                        d.with(note: "first defined at \(objects[j].location(at: ["metadata", "name"]))"),
                        rule: id, subject: o.displayName))
            }
        }
        return out
    }
}
