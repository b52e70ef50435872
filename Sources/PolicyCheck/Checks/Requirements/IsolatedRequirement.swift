/// `isolated(clients)`: no client reaches another on any port, through the combined layers (and
/// through each layer alone under `--strict`).
///
/// Fails when: a subject client reaches another client, or another client reaches a subject
/// client, of any federation (KF3060 with the path and the rules that allow it).
enum IsolatedRequirement {
    static func counterexamples(_ subjects: [Int], ctx: CheckContext) -> [Counterexample.Case] {
        let m = ctx.model
        let clients = m.endpoints.filter { $0.kind == .pod && $0.role == "client" }.map(\.id)
        let subject = Set(subjects.filter { m.endpoints[$0].role == "client" })
        let search = SourceSearch(model: m, pool: clients)
        // Each endpoint's client identity, built once: the search asks for it of every candidate.
        let identities = m.endpoints.map { "\($0.namespace)/\($0.federation ?? "")/\($0.clientID ?? "#\($0.id)")" }
        var out: [Counterexample.Case] = []
        var layerSets: [Layers] = [[.kubeOVN, .networkPolicy]]
        if ctx.strict { layerSets += [[.kubeOVN], [.networkPolicy]] }
        for d in clients.sorted() {
            let me = identities[d]
            let accept: (Int) -> Bool = { s in identities[s] != me && (subject.contains(d) || subject.contains(s)) }
            for layers in layerSets {
                guard let v = search.first(to: d, layers: layers, accept: accept) else { continue }
                let through =
                    layers == .both ? "" : " through \(layers.members.map(\.rawValue).joined(separator: " and ")) alone"
                out.append(
                    Counterexample.Case(
                        "client '\(m.endpoints[v.source].name)' reaches client '\(m.endpoints[d].name)' on \(v.ports(layers))\(through)",
                        v, layers: layers, ctx: ctx,
                        help: "keep each client in a private zone of its own, and declare no flow between clients"))
                break
            }
        }
        return out
    }
}
