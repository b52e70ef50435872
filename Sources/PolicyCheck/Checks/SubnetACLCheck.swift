import KFLang

/// Checks that every KubeOVN Subnet ACL `match` can be read.
///
/// Fails when: a match is nested deeper than `OVNACL.maxNesting` or its normal form has more
/// than `OVNACL.maxConjunctions` alternatives (KF3016, warning). Such a match is read as one
/// unknown condition, which every proof treats conservatively; the warning says the proof did
/// not see what the ACL says.
package enum SubnetACLCheck: ModelCheck {
    /// The rule id.
    package static let id = "subnet-acl"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        let m = ctx.model
        var out: [Finding] = []
        // By index: iterating the subnets would copy each (a retain of each of its fields).
        for k in m.subnets.indices {
            guard let o = m.subnets[k].object else { continue }
            let name = m.subnets[k].name
            let obj = m.objects[o]
            let acls = obj.value["spec"]?["acls"]?.sequence ?? []
            for (i, a) in acls.enumerated() {
                guard let text = a["match"]?.string, OVNACL.isTooComplex(text) else { continue }
                let span = obj.span(at: ["spec", "acls", .index(i), "match"])
                out.append(
                    Finding(
                        .aclMatchTooComplex(subnet: name, index: i, at: span), rule: id,
                        subject: "Subnet/\(name)"))
            }
        }
        return out
    }
}
