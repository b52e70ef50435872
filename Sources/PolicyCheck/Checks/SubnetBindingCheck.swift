import KFLang

/// Checks how pods are bound to KubeOVN subnets.
///
/// Fails when: a pod names a subnet no input defines (KF3020, warning), or a namespace is listed
/// by several subnets' `spec.namespaces` (KF3021, warning) while some of its pods (or pods not
/// in these manifests) land by namespace — the seed lists `ns1`..`ns10` in all ten subnets.
package enum SubnetBindingCheck: ModelCheck {
    /// The rule id.
    package static let id = "subnet-binding"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        let m = ctx.model
        var out: [Finding] = []
        for (name, objs) in m.unknownSubnets.sorted(by: { $0.key < $1.key }) {
            for o in Array(Set(objs)).sorted() {
                let obj = m.objects[o]
                let path: [YAMLPathComponent] =
                    NetworkModelBuilder.podTemplate(obj).map { $0.path + ["metadata", "annotations"] } ?? []
                out.append(Finding(.unknownSubnet(name, at: obj.span(at: path)), rule: id, subject: obj.displayName))
            }
        }
        // Ambiguity matters for pods that land by namespace, and for namespaces whose pods are
        // not in these manifests; pods that all name their subnet are not affected.
        var groups: [[Int]: [String]] = [:]
        for (ns, ks) in m.ambiguousNamespaces where m.byNamespace[ns] == nil || m.namespacesBoundByList.contains(ns) {
            groups[ks.sorted(), default: []].append(ns)
        }
        // One finding per set of subnets, naming every namespace they all claim.
        for (ks, nss) in groups.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let names = ks.map { m.subnets[$0].name }
            guard let last = ks.compactMap({ m.subnets[$0].object }).max() else { continue }
            let obj = m.objects[last]
            let list = nss.sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
            out.append(
                Finding(
                    .namespaceInSeveralSubnets(list, subnets: names, at: obj.span(at: ["spec", "namespaces"])),
                    rule: id, subject: list.map { "Namespace/\($0)" }.joined(separator: ",")))
        }
        return out
    }
}
