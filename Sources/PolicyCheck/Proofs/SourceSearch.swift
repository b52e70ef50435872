/// Finds, for one destination, a source of a given pool that reaches it, without testing every
/// pair: candidates come from `NetworkModel.candidateSources`, or else from the pool grouped by
/// egress signature, skipping groups whose egress policies cannot admit the destination.
package struct SourceSearch: Sendable {
    let model: NetworkModel
    let inPool: [Bool]
    let groups: [(sig: [Int], members: [Int])]

    /// A search over the sources in `pool`.
    package init(model: NetworkModel, pool: [Int]) {
        self.model = model
        var inPool = Array(repeating: false, count: model.endpoints.count)
        var g: [[Int]: [Int]] = [:]
        for s in pool {
            inPool[s] = true
            g[model.egressPolicies[s], default: []].append(s)
        }
        self.inPool = inPool
        groups = g.map { ($0.key, $0.value.sorted()) }.sorted { $0.sig.lexicographicallyPrecedes($1.sig) }
    }

    /// The first flow into `d` from a pool member accepted by `accept` that `layers` let through.
    package func first(to d: Int, layers: Layers, accept: (Int) -> Bool) -> FlowVerdict? {
        let np = layers.contains(.networkPolicy)
        if let cands = model.candidateSources(to: d, layers: layers) {
            for s in cands where inPool[s] && accept(s) {
                if np && !model.egressMayAdmit(source: s, destination: d) { continue }
                let v = model.flow(from: s, to: d, mode: .may)
                if !v.ports(layers).isEmpty { return v }
            }
            return nil
        }
        for g in groups {
            if np, let first = g.members.first, !model.egressMayAdmit(source: first, destination: d) { continue }
            for s in g.members where accept(s) {
                let v = model.flow(from: s, to: d, mode: .may)
                if !v.ports(layers).isEmpty { return v }
            }
        }
        return nil
    }
}
