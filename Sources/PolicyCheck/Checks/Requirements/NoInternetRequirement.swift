/// `no_internet(subjects)`: none of the subjects' pods has any route out of the declared pools,
/// whatever egress the file declares.
///
/// Fails when: a subject pod's zone declares egress (its Subnet's `kfc.dev/egress`, or a NAT
/// rule that translates its block), or a subject pod reaches the internet through both layers
/// (KF3060 with the path and the rules that allow it).
enum NoInternetRequirement {
    static func counterexamples(_ subjects: [Int], ctx: CheckContext) -> [Counterexample.Case] {
        let m = ctx.model
        var out: [Counterexample.Case] = []
        for p in subjects {
            let e = m.endpoints[p]
            if let i = e.interfaces.first(where: { !m.subnets[$0.subnet].declaredEgress.isEmpty }) {
                let sub = m.subnets[i.subnet]
                let declared = sub.object.flatMap { m.objects[$0].annotations[KFCLabels.egress] }
                let to =
                    declared.map { "egress to \($0.split(separator: ",").joined(separator: ", "))" }
                    ?? "egress (a NAT rule translates its block)"
                var place = sub.object.map { m.objects[$0].displayName } ?? "Subnet/\(sub.name)"
                if let o = sub.object, let kf = m.objects[o].kfOrigin { place += ", from \(kf)" }
                out.append(
                    Counterexample.Case(
                        summary: "'\(e.name)' is in zone '\(sub.name)', which declares \(to) (\(place))",
                        help: "remove the zone's (or its network's) 'egress', or drop the requirement"))
                continue
            }
            let v = m.flow(from: p, to: m.internet, mode: .may)
            if !v.ports.isEmpty {
                out.append(
                    Counterexample.Case(
                        "'\(e.name)' reaches the internet on \(v.ports)", v, layers: [.kubeOVN, .networkPolicy],
                        ctx: ctx, help: "remove the route out of the network"))
            }
        }
        return out
    }
}
