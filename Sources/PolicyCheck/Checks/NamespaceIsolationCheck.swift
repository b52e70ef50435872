import KFLang

/// Proves that nothing outside a federation's namespace reaches its pods.
///
/// Fails when: a pod of another namespace, a host-network pod or the internet (through a
/// NodePort/LoadBalancer Service or externalIPs) can open a connection to a pod of a proved
/// namespace through both layers (KF3013), or only one layer stops it (KF3014).
package enum NamespaceIsolationCheck: ModelCheck {
    /// The rule id.
    package static let id = "namespace-isolation"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        let m = ctx.model
        var limiter = FindingLimiter(max: ctx.maxExamples)
        // One search over every endpoint, each query accepting only sources outside the
        // namespace: a search per namespace over the others cost namespaces × endpoints.
        let search = SourceSearch(model: m, pool: m.endpoints.map(\.id))
        let namespaces = m.endpoints.map(\.namespace)
        for ns in ctx.provedNamespaces {
            let outside = { (s: Int) in namespaces[s] != ns }
            for d in m.byNamespace[ns] ?? [] {
                let dst = m.endpoints[d]
                if dst.hostNetwork { continue }
                if let v = search.first(to: d, layers: [.kubeOVN, .networkPolicy], accept: outside) {
                    guard limiter.admit("both") else { continue }
                    let base = Diagnostic.reachableFromOutside(
                        source: m.endpoints[v.source].name, destination: dst.name, namespace: ns,
                        ports: v.ports.description, at: ctx.span(of: dst))
                    limiter.keep(
                        Finding(
                            Counterexample.annotate(base, v, layers: [.kubeOVN, .networkPolicy], ctx: ctx),
                            rule: id, subject: ctx.subject(dst)), kind: "both")
                    continue
                }
                for (open, blocking) in [(Layer.kubeOVN, Layer.networkPolicy), (.networkPolicy, .kubeOVN)] {
                    guard let v = search.first(to: d, layers: Layers(open), accept: outside) else { continue }
                    let kind = "ns-only-\(blocking.rawValue)"
                    guard limiter.admit(kind) else { continue }
                    let flow = "'\(m.endpoints[v.source].name)' -> '\(dst.name)' (from outside namespace '\(ns)')"
                    let base = Diagnostic.singleLayer(
                        flow: flow, open: open.rawValue, blocking: blocking.rawValue,
                        strict: ctx.strict, at: ctx.span(of: dst))
                    limiter.keep(
                        Finding(
                            Counterexample.annotate(base, v, layers: Layers(open), ctx: ctx), rule: "defence-in-depth",
                            subject: ctx.subject(dst)), kind: kind)
                }
            }
        }
        return limiter.findings()
    }
}
